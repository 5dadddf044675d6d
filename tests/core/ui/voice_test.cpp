// Voice announcements: the clips a call is made of, and what actually comes
// out of the sound card — through SDL's disk audio driver, which writes the
// mixed output to a file.
#include <doctest/doctest.h>

#include <SDL.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/ui/voice.hpp"
#include "tests/support/process.hpp"

using namespace hallq::ui;

namespace {

std::vector<std::string> search_dirs() {
  return {hallq::test::source_path("assets/voice"), HALLQ_BIN_DIR "/../voice"};
}

// Where `needle` starts in `hay` at or after `from`; npos if not there.
std::size_t find_pcm(const std::vector<std::int16_t>& hay, const std::vector<std::int16_t>& needle, std::size_t from) {
  auto it = std::search(hay.begin() + static_cast<std::ptrdiff_t>(std::min(from, hay.size())), hay.end(),
                        needle.begin(), needle.end());
  return it == hay.end() ? std::string::npos : static_cast<std::size_t>(it - hay.begin());
}

}  // namespace

TEST_CASE("a call is read as clips: phrase, the number character by character, the window") {
  ClipLibrary clips(hallq::test::source_path("assets"), search_dirs());
  using V = std::vector<std::string>;
  CHECK(clips.call_sequence("zh", "A012", 3) == V{"please", "A", "0", "1", "2", "number_to", "3", "window_go"});
  CHECK(clips.call_sequence("zh", "b7", 12) == V{"please", "B", "7", "number_to", "10", "2", "window_go"});  // 十二
  CHECK(clips.call_sequence("zh", "C1", 20) == V{"please", "C", "1", "number_to", "2", "10", "window_go"});  // 二十
  // A training hall's calls say so first; the clip exists, so they render too, longer by it.
  CHECK(clips.call_sequence("zh", "A012", 3, true) ==
        V{"training", "please", "A", "0", "1", "2", "number_to", "3", "window_go"});
  REQUIRE(clips.render_call("zh", "A012", 3, true));
  CHECK(clips.render_call("zh", "A012", 3, true)->size() > clips.render_call("zh", "A012", 3)->size());
  // Every Chinese clip exists (generated at build time), so a call renders.
  CHECK(clips.missing("zh").empty());
  auto pcm = clips.render_call("zh", "A012", 3);
  REQUIRE(pcm);
  CHECK(pcm->size() > static_cast<std::size_t>(kVoiceRate));  // over a second of speech
  // Mongolian needs recordings: until they exist, no half sentence.
  if (!clips.missing("mn").empty()) CHECK_FALSE(clips.render_call("mn", "A012", 3));
}

TEST_CASE("announcements play one after another, in order, each repeated, never overlapping") {
  hallq::test::TempDir dir;
  std::string out = dir.path("audio.raw");
  setenv("SDL_AUDIODRIVER", "disk", 1);
  setenv("SDL_DISKAUDIOFILE", out.c_str(), 1);
  setenv("SDL_DISKAUDIODELAY", "0", 1);
  ClipLibrary clips(hallq::test::source_path("assets"), search_dirs());
  auto a = *clips.render_call("zh", "A001", 3);
  auto b = *clips.render_call("zh", "B002", 1);
  {
    Announcer voice(clips, {{"zh", "mn"}, 2});
    REQUIRE(voice.audio());
    voice.announce("A001", 3);
    voice.announce("B002", 1);  // arrives while A001 is being spoken
    auto deadline = SDL_GetTicks() + 20000;
    while (voice.busy() && SDL_GetTicks() < deadline) {
      voice.pump();
      SDL_Delay(5);
    }
    CHECK_FALSE(voice.busy());
    using V = std::vector<std::string>;
    CHECK(voice.played() == V{"zh: please A 0 0 1 number_to 3 window_go", "zh: please A 0 0 1 number_to 3 window_go",
                              "zh: please B 0 0 2 number_to 1 window_go", "zh: please B 0 0 2 number_to 1 window_go"});
    SDL_Delay(300);
  }
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
  std::ifstream in(out, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::int16_t> sound(bytes.size() / 2);
  std::copy_n(reinterpret_cast<const std::int16_t*>(bytes.data()), sound.size(), sound.data());
  // The sound card got A001, A001, B002, B002 — each whole, one after another.
  std::size_t at = 0;
  for (const auto* call : {&a, &a, &b, &b}) {
    std::size_t found = find_pcm(sound, *call, at);
    REQUIRE(found != std::string::npos);
    CHECK(found >= at);  // starts after the previous one ended: no overlap
    at = found + call->size();
  }
  CHECK(find_pcm(sound, b, at) == std::string::npos);  // and nothing more
}
