#pragma once
// The nonce an installed door scanner sends with an online scan (POST /checkin {nonce,
// device_id}): the one it queues that scan under when the request times out and it answers the
// scan offline instead (issue 18). The request may still have reached the server, so the scan
// is recorded under that nonce and the later POST /checkin/batch settles the same row instead
// of admitting the ticket a second time; a request that arrives after its batch answers the
// recorded scan and records nothing.
//
// Thread safety: the functions are pure or run on the connection they are given.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/common/result.h"
#include "storage/conn.h"

namespace lanyard::checkin {

// True when `s` is min..max characters of A-Z a-z 0-9 - _ (nonces and device ids).
bool IsScanToken(const std::string& s, size_t min, size_t max);

// The shape of an online scan's nonce and device id: both empty (a scanner without either), or
// a nonce of 16-64 and a device id of 8-64 token characters. validation_failed naming "nonce"
// or "device_id" otherwise.
Status CheckScanNonce(const std::string& nonce, const std::string& device_id);

// Inside the scan's unit: the answer of the scan recorded under `nonce` (nullopt when none is,
// or `nonce` is empty). Recorded by this device: its result again — 200 {result:"ok", ticket,
// holder_name, ticket_type, checked_in_at, replayed:true}, or the refusal it was (a duplicate
// admission as already_checked_in). Recorded by another device: 409 nonce_taken.
std::optional<Result<nlohmann::json>> AnswerRecordedScan(storage::Conn& c, const std::string& nonce,
                                                         const std::string& device_id);

}  // namespace lanyard::checkin
