// The draw proof verifier (core/draws/draw_algorithm.h VerifyDrawProof), which anyone may run
// on a proof they were given: any JSON document. It must answer "not ok" with a difference,
// never throw or crash, and a proof it accepts must verify again the same way.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/draws/draw_algorithm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto proof = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                           nullptr, false);
  const auto first = lanyard::VerifyDrawProof(proof);
  if (first.ok && !lanyard::VerifyDrawProof(proof).ok) std::abort();
  return 0;
}
