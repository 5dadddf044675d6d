#pragma once
// A server's refusal in plain words: never a raw code on a screen or a page.
// Pure (translations only), so the terminals (core/ui) and the server's web
// pages use the same words.

#include <string>
#include <string_view>

#include "core/config/i18n.hpp"

namespace hallq::config {

// The words for error `code` (a protocol::Errc's name, "queue_empty") from
// operation `op` ("call", "take"): errors.<op>.<code> when the translations
// have it, else errors.<code>, else errors.internal.
std::string error_text(const Translations& tr, std::string_view op, std::string_view code);

}  // namespace hallq::config
