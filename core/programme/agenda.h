#pragma once
// "My agenda" (SPEC §10): the caller's sessions across events, and its calendar feed.
//
// The feed is RFC 5545 text written with libical: one VEVENT per session the person holds a
// seat in (STATUS:CONFIRMED) or waits for (STATUS:TENTATIVE, the summary says so), in UTC,
// UID session-{id}@{host}. A calendar app subscribes to the private URL
// {base_url} + Links().AgendaFeed(T) (the web layer's agenda.ics path): T is random (256 bits),
// stored hashed, shown once when made; making a new one ends the old.
//
// Thread safety: every function may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::programme {

// GET /me/agenda → {items: [session + event_title + my{status, position, checked_in_at}], total}
// by start time.
nlohmann::json Agenda(App& app, const AuthUser& user);

// POST /me/agenda/feed → {token, url}: a new private feed URL (the old one stops working).
nlohmann::json NewAgendaFeed(App& app, const AuthUser& user);

// The calendar of a person (text/calendar; charset=utf-8).
std::string AgendaIcs(App& app, int64_t user_id);
// GET /me/agenda.ics?token=: the calendar of the token's owner; not_found for an unknown token.
Result<std::string> AgendaIcsByToken(App& app, const std::string& token);

}  // namespace lanyard::programme
