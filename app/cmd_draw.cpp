// `lanyard draw verify PROOF.json`: recomputes a prize draw from its proof (GET
// /api/v1/draws/{id}/proof) and prints OK (exit 0) or MISMATCH with each difference (exit 1).
// Works offline and without a data directory: the proof alone is enough.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/commands.h"
#include "core/draws/draw_algorithm.h"

namespace lanyard::cli {

namespace {

bool ReadAll(const std::string& path, std::string* out) {
  if (path == "-") {
    out->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return !in.bad();
}

size_t ListSize(const nlohmann::json& proof, const char* key) {
  auto it = proof.find(key);
  return it != proof.end() && it->is_array() ? it->size() : 0;
}

void PrintSummary(const nlohmann::json& proof) {
  if (auto title = proof.find("title"); title != proof.end() && title->is_string()) {
    std::printf("draw:          %s\n", title->get<std::string>().c_str());
  }
  std::printf("algorithm:     %s\n", std::string(kDrawAlgorithm).c_str());
  std::printf("commitment:    %s\n", proof.value("commitment", std::string()).c_str());
  std::printf("seed:          %s\n", proof.value("seed", std::string()).c_str());
  std::printf("entrants:      %zu\n", ListSize(proof, "entrants"));
  std::printf("entrants_hash: %s\n", proof.value("entrants_hash", std::string()).c_str());
  std::printf("winners:       %zu\n", ListSize(proof, "winners"));
  std::printf("redraws:       %zu\n", ListSize(proof, "redraws"));
}

}  // namespace

void AddDrawCommands(CLI::App& root, GlobalOptions& /*g*/) {
  auto* draw = root.add_subcommand("draw", "Prize draws");
  draw->require_subcommand(1);
  draw->fallthrough();

  static std::string proof_file;
  auto* verify = draw->add_subcommand(
      "verify", "Recompute a draw from its proof (GET /api/v1/draws/{id}/proof); OK or MISMATCH");
  verify->fallthrough();
  verify->add_option("PROOF", proof_file, "The proof JSON file ('-' reads standard input)")->required();
  verify->callback([] {
    std::string text;
    if (!ReadAll(proof_file, &text)) {
      std::fprintf(stderr, "lanyard: cannot read %s\n", proof_file.c_str());
      throw CLI::RuntimeError(2);
    }
    const nlohmann::json proof = nlohmann::json::parse(text, nullptr, false);
    if (proof.is_discarded()) {
      std::printf("MISMATCH\n  - the file is not valid JSON\n");
      throw CLI::RuntimeError(1);
    }
    const DrawVerification result = VerifyDrawProof(proof);
    if (result.ok) {
      std::printf("OK: the winners follow from the committed seed and the entrants\n");
      PrintSummary(proof);
      return;
    }
    std::printf("MISMATCH: %zu difference%s\n", result.differences.size(),
                result.differences.size() == 1 ? "" : "s");
    for (const std::string& d : result.differences) std::printf("  - %s\n", d.c_str());
    std::fflush(stdout);
    throw CLI::RuntimeError(1);
  });
}

}  // namespace lanyard::cli
