#pragma once
// A server's refusal in plain words: never a raw code on a screen. The words
// are core/config/error_text's, which the server's web pages use as well.

#include "core/config/error_text.hpp"

namespace hallq::ui {

using config::error_text;

}  // namespace hallq::ui
