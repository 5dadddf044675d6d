#include "core/protocol/session.hpp"

namespace hallq::protocol {

std::string_view software_version() {
  return HALLQ_VERSION;
}

}  // namespace hallq::protocol
