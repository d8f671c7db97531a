#pragma once
// Staff invitations (migration 0013). Plain reads and writes; the rules live in
// core/accounts/invitations.*.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct InvitationRow {
  int64_t id = 0;
  std::string email;
  std::string name;
  std::string role;  // staff | organizer | admin
  int64_t invited_by = 0;
  std::optional<int64_t> user_id;
  std::string expires_at;  // RFC 3339 UTC
  std::optional<std::string> used_at;
  std::string created_at;
  std::string inviter_name;  // joined for display
};

// Returns the new id.
int64_t InsertInvitation(Conn& c, const InvitationRow& row, const std::string& email_norm,
                         const std::string& token_hash);
std::optional<InvitationRow> FindInvitationByTokenHash(Conn& c, const std::string& token_hash);
// Sets used_at and user_id; false when it was used already (a concurrent acceptance).
bool MarkInvitationUsed(Conn& c, int64_t id, int64_t user_id, const std::string& now);
// Invitations not used and not expired at `now`, newest first.
std::vector<InvitationRow> ListOpenInvitations(Conn& c, const std::string& now);

}  // namespace lanyard::storage
