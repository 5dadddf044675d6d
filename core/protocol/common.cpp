#include "core/protocol/common.hpp"

namespace hallq::protocol {

const std::string& Names::in(std::string_view lang) const {
  if (lang == "mn" && !mn.empty()) return mn;
  if (lang == "en" && !en.empty()) return en;
  return zh;
}

}  // namespace hallq::protocol
