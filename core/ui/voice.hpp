#pragma once
// Voice announcements of calls ("请 A001 号到 3 号窗口办理"), made by joining
// clips: assets/voice/<lang>/clips.json says which clips make a call and what
// each says; the clips are recordings in assets/voice/<lang>/<clip>.wav or,
// failing those, the ones generated with espeak-ng at build time (where they
// are: config::find_generated_voice, core/config/paths.hpp). Ticket numbers
// are read character by character.
//
// Announcements wait in a queue and are played one after another, each
// language in turn, each repeated; a language missing any clip is skipped
// (never half a sentence).
//
// Thread affinity: the UI thread (pump() every frame).

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hallq::ui {

inline constexpr int kVoiceRate = 22050;  // Hz, 16-bit mono: what espeak-ng writes

class ClipLibrary {
 public:
  // Manifests from <assets>/voice/*/clips.json; clips looked up in each of
  // `search` in order (<dir>/<lang>/<clip>.wav).
  ClipLibrary(const std::string& assets_dir, std::vector<std::string> search);

  std::vector<std::string> languages() const;
  // The clip names of a call, e.g. {"please","A","0","0","1","number_to","3","window_go"}; in a
  // training hall (docs/training.md) the clip "training" (培训演练) first.
  std::vector<std::string> call_sequence(std::string_view lang, std::string_view number, int window,
                                         bool training = false) const;
  // Samples of a clip, silence at both ends trimmed; nullptr when there is no such file.
  const std::vector<std::int16_t>* clip(std::string_view lang, std::string_view name);
  // The whole call in one language; nullopt if any clip is missing.
  std::optional<std::vector<std::int16_t>> render_call(std::string_view lang, std::string_view number, int window,
                                                       bool training = false);
  // Clips a language's manifest names that have no file (the recording list).
  std::vector<std::string> missing(std::string_view lang);

 private:
  std::map<std::string, nlohmann::json> manifests_;
  std::vector<std::string> search_;
  std::map<std::string, std::optional<std::vector<std::int16_t>>> cache_;  // "lang/name"
};

struct VoiceOptions {
  std::vector<std::string> languages{"zh", "mn"};  // in this order
  int repeat = 2;
  bool training = false;  // a training hall: every call begins with the clip "training"
};

// Whether this machine may have somewhere to play sound: a sound card (/dev/snd), a sound server
// ($PULSE_SERVER) or an SDL audio driver chosen with $SDL_AUDIODRIVER.
bool sound_possible();

class Announcer {
 public:
  // Opens the default audio device; without one, announcements are logged only. With no sound
  // card (no /dev/snd) it opens none, unless $SDL_AUDIODRIVER or $PULSE_SERVER names one.
  Announcer(ClipLibrary& clips, VoiceOptions options);
  ~Announcer();
  Announcer(const Announcer&) = delete;
  Announcer& operator=(const Announcer&) = delete;

  bool audio() const { return device_ != 0; }
  void configure(VoiceOptions options) { options_ = std::move(options); }
  void announce(const std::string& number, int window);
  // One spoken prompt (a kiosk's "please place your ID card"), in one
  // language, once, dropping prompts still waiting (only the newest matters).
  // False when that language has no such clip.
  bool prompt(const std::string& lang, const std::string& clip);
  // Queues the next announcement once the previous one has finished playing.
  void pump();
  bool busy() const;
  // What was played (or would have been): "zh: please A 0 0 1 number_to 3 window_go".
  const std::vector<std::string>& played() const { return played_; }

 private:
  ClipLibrary& clips_;
  VoiceOptions options_;
  std::uint32_t device_ = 0;
  struct Item {
    std::string text;
    std::vector<std::int16_t> pcm;
  };
  std::deque<Item> queue_;
  std::vector<std::string> played_;
};

}  // namespace hallq::ui
