#pragma once
// The shared pace of a kind of mail (table mail_pace, migration 0034): instances sending
// campaign mails over one PostgreSQL database reserve their send slots here, one at a time, so
// that together they keep the configured rate (core/mail/mail_sender.h). Runs on both engines.
#include <cstdint>
#include <string_view>

#include "storage/conn.h"

namespace lanyard::storage {

// Reserves the next send slot of pace `name` and returns it (UTC unix milliseconds): `now_ms`,
// or the slot after the last one reserved when that is later; the next slot is then `gap_ms`
// after it. Call inside a unit of work: on PostgreSQL (SERIALIZABLE) two instances reserving at
// once get different slots, `gap_ms` apart.
int64_t ReserveMailSlot(Conn& c, std::string_view name, int64_t now_ms, int64_t gap_ms);

}  // namespace lanyard::storage
