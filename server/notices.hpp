#pragma once
// Notices to applicants: their wording (from the translation files, in the
// applicant's language) and the gateway that sends them. The outbox itself is
// the case book's (core/domain/case_book.hpp) and the store's notifications table.
//
// Thread affinity: the event loop.

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/domain/case.hpp"
#include "core/domain/hall.hpp"

namespace hallq::server {

class NoticeTexts {
 public:
  // Reads <assets>/i18n/{zh,mn,en}.json; `error()` says what failed.
  explicit NoticeTexts(const std::string& assets_dir);
  NoticeTexts() = default;
  const std::string& error() const { return error_; }
  // "your case … is ready at the pickup window", in the case's language; empty
  // when the translations could not be read.
  std::string ready(const domain::HallConfig& hall, const domain::Case& c) const;

 private:
  nlohmann::json zh_, mn_, en_;
  std::string error_ = "no translations loaded";
};

// Sends one notice; nothing on success, else why it failed.
class NoticeGateway {
 public:
  virtual ~NoticeGateway() = default;
  virtual std::optional<std::string> send(const domain::Notification& n, const std::string& phone) = 0;
};

// Appends each notice as a JSON line to a file (tests, and a hall that hands
// the file to its SMS platform): {"id", "case", "to" (masked), "language", "text"}.
// The raw number is not written.
class FileGateway final : public NoticeGateway {
 public:
  explicit FileGateway(std::string path) : path_(std::move(path)) {}
  std::optional<std::string> send(const domain::Notification& n, const std::string& phone) override;

 private:
  std::string path_;
};

// The gateway `spec` names ("file:PATH"); none for an empty spec (notices stay
// pending in the outbox). Throws std::invalid_argument for anything else.
std::unique_ptr<NoticeGateway> make_gateway(const std::string& spec);

}  // namespace hallq::server
