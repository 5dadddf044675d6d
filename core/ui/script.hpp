#pragma once
// Splitting text into script runs. SDL_ttf has no font fallback: the Noto
// Mongolian font has no Latin letters or digits and the CJK fonts have no
// Mongolian, so every string is drawn run by run, each with its own font.
// Pure.

#include <string>
#include <string_view>
#include <vector>

namespace hallq::ui {

enum class Script { latin, cjk, mongolian };

struct Run {
  Script script;
  std::string_view text;  // a view into the input
};

// Consecutive code points of one script form a run. Spaces and punctuation
// join the run before them (so "ᠴᠣᠩᠬᠣ ᠳ᠋ᠤ" stays one Mongolian run and is
// shaped as such; U+202F, the suffix joiner, always stays Mongolian) — except
// punctuation the Mongolian font lacks (":", ",", "…"), which starts a Latin run.
std::vector<Run> split_runs(std::string_view utf8);

// The script of one code point; `neutral` is set for spaces and punctuation.
Script script_of(char32_t c, bool& neutral);

// Decodes one UTF-8 code point at `i` (advancing it); U+FFFD for bad bytes.
char32_t next_code_point(std::string_view s, std::size_t& i);

}  // namespace hallq::ui
