#pragma once
// Where JSON views and mails send a client: the paths of files (a payment proof, an event's
// image, a profile document, a competition submission) and of one-click actions (unsubscribe).
// core names the resource; the paths belong to the web layer, which installs its builder
// (web::InstallApiLinks, web/api_links.h) at start, before any thread uses Links().
//
// Thread safety: InstallLinks is called before threads start (the server's constructor, the
// CLI's main); afterwards Links() only reads, from any thread.
#include <cstdint>
#include <string>

namespace lanyard {

class LinkBuilder {
 public:
  virtual ~LinkBuilder() = default;
  // Path (no scheme or host) of a payment proof's file: order views, proofs[].url.
  virtual std::string PaymentProofFile(int64_t proof_id) const = 0;
  // Path of an event's image: event views, image_url.
  virtual std::string EventImage(int64_t event_id) const = 0;
  // Path of an identity document's file: profile views, documents[].url.
  virtual std::string ProfileDocument(int64_t document_id) const = 0;
  // Path of a competition submission's file: submission views, file_url.
  virtual std::string SubmissionFile(int64_t team_id, int64_t submission_id) const = 0;
  // Path that unsubscribes with one POST (RFC 8058 List-Unsubscribe): campaign mails.
  virtual std::string OneClickUnsubscribe(const std::string& token) const = 0;
  // Path (with its query) of a person's agenda as an RFC 5545 feed: the agenda feed's url.
  virtual std::string AgendaFeed(const std::string& token) const = 0;
};

// Installs the builder that Links() returns. `links` is not owned and must outlive every use
// (a static object); installing again replaces it (same paths: tests install it more than once).
void InstallLinks(const LinkBuilder* links);

// The installed builder. Throws std::logic_error when none was installed (a wiring bug: the
// server's exception handler turns it into a 500 and logs it).
const LinkBuilder& Links();

}  // namespace lanyard
