#include "storage/invitations_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define LANYARD_INVITATION_SELECT                                                            \
  "SELECT i.id, i.email, i.name, i.role, i.invited_by, i.user_id, i.expires_at, i.used_at, " \
  "i.created_at, COALESCE(u.name, '') FROM staff_invitations i "                             \
  "LEFT JOIN users u ON u.id = i.invited_by "

InvitationRow ReadInvitation(Query& q) {
  InvitationRow r;
  r.id = q.Int(0);
  r.email = q.Text(1);
  r.name = q.Text(2);
  r.role = q.Text(3);
  r.invited_by = q.Int(4);
  r.user_id = q.OptInt(5);
  r.expires_at = q.Text(6);
  r.used_at = q.OptText(7);
  r.created_at = q.Text(8);
  r.inviter_name = q.Text(9);
  return r;
}

}  // namespace

int64_t InsertInvitation(Conn& c, const InvitationRow& row, const std::string& email_norm,
                         const std::string& token_hash) {
  return InsertId(c,
       "INSERT INTO staff_invitations (email, email_norm, name, role, token_hash, invited_by, "
       "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
       row.email, email_norm, row.name, row.role, token_hash, row.invited_by, row.expires_at,
       row.created_at);
}

std::optional<InvitationRow> FindInvitationByTokenHash(Conn& c, const std::string& token_hash) {
  Query q(c, LANYARD_INVITATION_SELECT "WHERE i.token_hash = ?", token_hash);
  if (!q.Next()) return std::nullopt;
  return ReadInvitation(q);
}

bool MarkInvitationUsed(Conn& c, int64_t id, int64_t user_id, const std::string& now) {
  return Exec(c,
              "UPDATE staff_invitations SET used_at = ?, user_id = ? WHERE id = ? AND "
              "used_at IS NULL",
              now, user_id, id) == 1;
}

std::vector<InvitationRow> ListOpenInvitations(Conn& c, const std::string& now) {
  Query q(c, LANYARD_INVITATION_SELECT "WHERE i.used_at IS NULL AND i.expires_at > ? "
             "ORDER BY i.id DESC LIMIT 500",
          now);
  std::vector<InvitationRow> out;
  while (q.Next()) out.push_back(ReadInvitation(q));
  return out;
}

#undef LANYARD_INVITATION_SELECT

}  // namespace lanyard::storage
