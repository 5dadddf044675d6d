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
// (never half a sentence). What waits is only the call (its number and
// window); a sentence is rendered to samples when its turn comes, so a long
// queue costs a few bytes a call. The queue stays short (docs/screens.md,
// "Voice"): a waiting call is replaced by its window's newer call, a recall of
// a number already waiting adds nothing, a call that starts with others
// waiting behind it is said once, and what is playing is never cut.
//
// Thread affinity: the UI thread (pump() every frame).

#include <cstdint>
#include <deque>
#include <functional>
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
  // Where clips are looked for, in order (<dir>/<lang>/<clip>.wav).
  const std::vector<std::string>& search() const { return search_; }

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
  // A call that starts with at least this many others waiting is said once, whatever `repeat` says.
  static constexpr std::size_t kBacklogSayOnce = 2;
  // At most this many calls wait (a hall of more windows than this, all calling at once): the
  // oldest waiting is dropped. Each window has at most one waiting call, so it is rarely reached.
  static constexpr std::size_t kMaxWaiting = 32;
  // played() keeps the newest this many.
  static constexpr std::size_t kPlayedKept = 256;

  // Opens the default audio device; without one, announcements are logged only. With no sound
  // card (no /dev/snd) it opens none, unless $SDL_AUDIODRIVER or $PULSE_SERVER names one.
  Announcer(ClipLibrary& clips, VoiceOptions options);
  ~Announcer();
  Announcer(const Announcer&) = delete;
  Announcer& operator=(const Announcer&) = delete;

  bool audio() const { return device_ != 0; }
  // Why there is no audio device ("no sound card: …", SDL's error); empty with one.
  const std::string& no_audio_reason() const { return no_audio_; }
  void configure(VoiceOptions options) { options_ = std::move(options); }
  // Queues a call, unless it supersedes a waiting one: a waiting call of the same window (a newer
  // citizen at that window) or of the same number (a recall, or the number sent to another window)
  // is replaced in its place in the queue. A call already playing is not affected.
  void announce(const std::string& number, int window);
  // One spoken prompt (a kiosk's "please place your ID card"), in one
  // language, once, dropping prompts still waiting (only the newest matters).
  // False when that language has no such clip.
  bool prompt(const std::string& lang, const std::string& clip);
  // Queues the next sentence once the previous one has finished playing.
  void pump();
  bool busy() const;
  // Calls waiting, not yet started (the one playing is not counted).
  std::size_t waiting() const { return waiting_.size(); }
  // What was played (or would have been): "zh: please A 0 0 1 number_to 3 window_go"; the newest
  // kPlayedKept.
  const std::vector<std::string>& played() const { return played_; }
  // Told each call that is not heard when it starts (no audio device, no language with all its
  // clips): "call A001 to window 3 (not spoken: no audio device)". Default: a line on stderr.
  std::function<void(const std::string&)> log;

 private:
  struct Call {
    std::string number;
    int window = 0;
    std::string lang, clip;  // a prompt: one clip in one language
  };
  struct Sentence {
    std::string lang;
    std::string clip;  // a prompt's clip; empty: the call's sentence in `lang`
  };
  void start(Call call);

  ClipLibrary& clips_;
  VoiceOptions options_;
  std::uint32_t device_ = 0;
  std::string no_audio_;
  std::deque<Call> waiting_;
  Call current_;                    // the call being said
  std::deque<Sentence> sentences_;  // its sentences still to be said
  std::vector<std::string> played_;
};

}  // namespace hallq::ui
