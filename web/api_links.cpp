#include "web/api_links.h"

#include <string>

#include "core/common/links.h"

namespace lanyard::web {

namespace {

const std::string kApi = "/api/v1";

class ApiLinks final : public LinkBuilder {
 public:
  std::string PaymentProofFile(int64_t proof_id) const override {
    return kApi + "/payment-proofs/" + std::to_string(proof_id);
  }
  std::string EventImage(int64_t event_id) const override {
    return kApi + "/events/" + std::to_string(event_id) + "/image";
  }
  std::string ProfileDocument(int64_t document_id) const override {
    return kApi + "/documents/" + std::to_string(document_id);
  }
  std::string SubmissionFile(int64_t team_id, int64_t submission_id) const override {
    return kApi + "/teams/" + std::to_string(team_id) + "/submissions/" + std::to_string(submission_id) + "/file";
  }
  std::string OneClickUnsubscribe(const std::string& token) const override { return kApi + "/unsubscribe/" + token; }
  std::string AgendaFeed(const std::string& token) const override { return kApi + "/me/agenda.ics?token=" + token; }
};

}  // namespace

void InstallApiLinks() {
  static const ApiLinks links;
  InstallLinks(&links);
}

}  // namespace lanyard::web
