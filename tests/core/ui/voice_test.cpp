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

namespace {

// Resident memory of this process, in bytes (Linux).
std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

// Plays everything queued through SDL's disk driver, as fast as it writes.
void drain(Announcer& voice) {
  auto deadline = SDL_GetTicks() + 30000;
  while (voice.busy() && SDL_GetTicks() < deadline) {
    voice.pump();
    SDL_Delay(1);
  }
  CHECK_FALSE(voice.busy());
}

struct DiskAudio {
  hallq::test::TempDir dir;
  DiskAudio() {
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", dir.path("audio.raw").c_str(), 1);
    setenv("SDL_DISKAUDIODELAY", "0", 1);
  }
  ~DiskAudio() { SDL_QuitSubSystem(SDL_INIT_AUDIO); }
};

std::string said(const std::string& number, int window) {
  std::string text = "zh: please";
  for (char c : number) text += std::string(" ") + c;
  return text + " number_to " + std::to_string(window) + " window_go";
}

}  // namespace

TEST_CASE(
    "a waiting call gives way to its window's newer call, a recall waiting adds nothing, a backlog is said once") {
  DiskAudio disk;
  ClipLibrary clips(hallq::test::source_path("assets"), search_dirs());
  std::vector<std::string> logged;
  {
    Announcer voice(clips, {{"zh", "mn"}, 2});
    REQUIRE(voice.audio());
    voice.log = [&](const std::string& line) { logged.push_back(line); };
    voice.announce("A001", 1);
    voice.pump();  // A001 starts: nothing waits behind it, so it is said twice
    voice.announce("B001", 2);
    voice.announce("C001", 3);
    voice.announce("A002", 1);  // window 1's next citizen: A001 is playing and is not cut
    voice.announce("B002", 2);  // window 2's next: B001, not yet said, need not be
    voice.announce("A002", 1);  // recalled while waiting: still once in the queue
    CHECK(voice.waiting() == 3);
    drain(voice);
    // B002 started with two calls behind it: said once; C001 and A002 with fewer: twice.
    using V = std::vector<std::string>;
    CHECK(voice.played() == V{said("A001", 1), said("A001", 1), said("B002", 2), said("C001", 3), said("C001", 3),
                              said("A002", 1), said("A002", 1)});
    // A recall once its call has been said is said again.
    voice.announce("A002", 1);
    drain(voice);
    CHECK(voice.played().size() == 9);
  }
  CHECK(logged.empty());  // every call was heard
}

TEST_CASE("a burst of calls: the queue, the lag and the memory stay bounded") {
  // 720 calls at 8 windows, as a busy hall's four minutes, faster than any voice says them.
  DiskAudio disk;
  ClipLibrary clips(hallq::test::source_path("assets"), search_dirs());
  Announcer voice(clips, {{"zh", "mn"}, 2});
  REQUIRE(voice.audio());
  REQUIRE(clips.render_call("zh", "A001", 1));  // the clips are loaded before measuring
  const std::size_t before = resident_bytes();
  for (int i = 1; i <= 720; ++i) {
    char number[8];
    std::snprintf(number, sizeof number, "A%03d", i);
    voice.announce(number, (i - 1) % 8 + 1);
  }
  const std::size_t grown = resident_bytes() - std::min(before, resident_bytes());
  INFO("resident memory grew by " << grown / 1024 << " KiB");
  CHECK(grown < 8u * 1024 * 1024);  // a call's two sentences are half a megabyte of samples
  CHECK(voice.waiting() == 8);      // the newest call of each window
  drain(voice);
  // Each window's newest call, in order; said once while others waited, the last two twice.
  std::vector<std::string> expected;
  for (int i = 713; i <= 720; ++i) {
    char number[8];
    std::snprintf(number, sizeof number, "A%03d", i);
    expected.push_back(said(number, (i - 1) % 8 + 1));
    if (i >= 719) expected.push_back(expected.back());
  }
  CHECK(voice.played() == expected);
}
