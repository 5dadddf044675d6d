#include "server/notices.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace hallq::server {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string mark = "{" + key + "}";
  for (auto pos = text.find(mark); pos != std::string::npos; pos = text.find(mark, pos + value.size()))
    text.replace(pos, mark.size(), value);
  return text;
}

}  // namespace

NoticeTexts::NoticeTexts(const std::string& assets_dir) {
  try {
    zh_ = read_json(assets_dir + "/i18n/zh.json");
    mn_ = read_json(assets_dir + "/i18n/mn.json");
    en_ = read_json(assets_dir + "/i18n/en.json");
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

std::string NoticeTexts::ready(const domain::HallConfig& hall, const domain::Case& c) const {
  if (!error_.empty()) return {};
  const nlohmann::json& t = c.language == "mn" ? mn_ : c.language == "en" ? en_ : zh_;
  const std::string& lang = c.language;
  std::string text = t.value("/case/notice_ready"_json_pointer, std::string());
  if (text.empty()) return {};
  std::string window;
  for (const auto& w : hall.windows)
    if (w.kind == domain::WindowKind::pickup) {
      window = w.names.in(lang);
      break;
    }
  if (window.empty()) window = t.value("/case/pickup_window_any"_json_pointer, std::string());
  const domain::Service* svc = hall.service(c.service);
  text = fill(text, "hall", hall.names.in(lang));
  text = fill(text, "number", c.number);
  text = fill(text, "service", svc ? svc->names.in(lang) : c.service);
  text = fill(text, "window", window);
  return text;
}

std::optional<std::string> FileGateway::send(const domain::Notification& n, const std::string&) {
  std::ofstream out(path_, std::ios::app);
  if (!out) return path_ + ": cannot append";
  nlohmann::json line = {
      {"id", n.id}, {"case", n.case_number}, {"to", n.recipient_masked}, {"language", n.language}, {"text", n.text}};
  out << line.dump() << '\n';
  out.flush();
  if (!out) return path_ + ": write failed";
  return std::nullopt;
}

std::unique_ptr<NoticeGateway> make_gateway(const std::string& spec) {
  if (spec.empty()) return nullptr;
  if (spec.rfind("file:", 0) == 0 && spec.size() > 5) {
    // Found out now, not at the first notice (which would then wait in the outbox, unsent).
    const std::string path = spec.substr(5);
    if (!std::ofstream(path, std::ios::app))
      throw std::invalid_argument("[cases] notify: cannot append to " + path + ": " + std::strerror(errno));
    return std::make_unique<FileGateway>(path);
  }
  throw std::invalid_argument("notice gateway \"" + spec + "\" is not file:PATH");
}

}  // namespace hallq::server
