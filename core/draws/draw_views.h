#pragma once
// The JSON of a draw and of its proof (SPEC §11); shapes in draws.h. Read-only: they read the
// winners and entrants through the given connection, outside any writer unit.
#include <nlohmann/json.hpp>

#include "core/accounts/auth_user.h"
#include "storage/draws_repo.h"
#include "storage/events_repo.h"

namespace lanyard::draws {

// The draw object as `user` (null: anonymous) sees it; staff of `e` also see winners' contacts.
nlohmann::json DrawJson(storage::Conn& c, const AuthUser* user, const storage::DrawRow& d,
                        const storage::EventRow& e);

// The proof of a drawn draw: DrawProofJson plus the stored winners and the draw's identity.
nlohmann::json DrawProofView(storage::Conn& c, const storage::DrawRow& d);

}  // namespace lanyard::draws
