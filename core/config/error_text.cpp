#include "core/config/error_text.hpp"

namespace hallq::config {

std::string error_text(const Translations& tr, std::string_view op, std::string_view code) {
  std::string general = "errors." + std::string(code);
  std::string specific = "errors." + std::string(op) + "." + std::string(code);
  if (tr.has(specific)) return tr.get(specific);
  if (tr.has(general)) return tr.get(general);
  return tr.get("errors.internal");
}

}  // namespace hallq::config
