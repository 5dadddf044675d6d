#include "core/ui/voice.hpp"

#include <SDL.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hallq::ui {
namespace {

// Loads a WAV as 22050 Hz mono 16-bit, whatever it was recorded as.
std::optional<std::vector<std::int16_t>> load_wav(const std::string& path) {
  SDL_AudioSpec spec{};
  Uint8* buf = nullptr;
  Uint32 len = 0;
  if (!SDL_LoadWAV(path.c_str(), &spec, &buf, &len)) return std::nullopt;
  SDL_AudioCVT cvt;
  int r = SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1, kVoiceRate);
  std::vector<Uint8> data(static_cast<std::size_t>(len) * static_cast<std::size_t>(std::max(1, cvt.len_mult)));
  std::copy(buf, buf + len, data.begin());
  SDL_FreeWAV(buf);
  Uint32 out_len = len;
  if (r > 0) {
    cvt.buf = data.data();
    cvt.len = static_cast<int>(len);
    if (SDL_ConvertAudio(&cvt) != 0) return std::nullopt;
    out_len = static_cast<Uint32>(cvt.len_cvt);
  } else if (r < 0) {
    return std::nullopt;
  }
  std::vector<std::int16_t> pcm(out_len / 2);
  std::memcpy(pcm.data(), data.data(), pcm.size() * 2);
  // Trim the synthesiser's (or the recorder's) silence, keeping 30 ms.
  auto loud = [](std::int16_t s) { return s > 500 || s < -500; };
  auto first = std::find_if(pcm.begin(), pcm.end(), loud);
  auto last = std::find_if(pcm.rbegin(), pcm.rend(), loud).base();
  if (first >= last) return pcm;
  const std::ptrdiff_t keep = kVoiceRate * 30 / 1000;
  first = first - std::min(keep, first - pcm.begin());
  last = last + std::min(keep, pcm.end() - last);
  return std::vector<std::int16_t>(first, last);
}

// 1..99 read as Chinese numbers (十二, 二十, 三十五); other numbers digit by digit.
std::vector<std::string> chinese_number(int n) {
  if (n < 1 || n > 99) {
    std::vector<std::string> out;
    for (char c : std::to_string(n)) out.emplace_back(1, c);
    return out;
  }
  if (n < 10) return {std::to_string(n)};
  std::vector<std::string> out;
  if (n / 10 > 1) out.push_back(std::to_string(n / 10));
  out.push_back("10");
  if (n % 10) out.push_back(std::to_string(n % 10));
  return out;
}

}  // namespace

ClipLibrary::ClipLibrary(const std::string& assets_dir, std::vector<std::string> search) : search_(std::move(search)) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(assets_dir + "/voice", ec)) {
    std::ifstream in(entry.path() / "clips.json");
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_object()) manifests_[entry.path().filename().string()] = std::move(j);
  }
}

std::vector<std::string> ClipLibrary::languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, m] : manifests_) out.push_back(lang);
  return out;
}

std::vector<std::string> ClipLibrary::call_sequence(std::string_view lang, std::string_view number, int window,
                                                    bool training) const {
  auto m = manifests_.find(std::string(lang));
  if (m == manifests_.end()) return {};
  std::vector<std::string> out;
  if (training) out.emplace_back("training");
  for (const auto& part : m->second.value("sequence", nlohmann::json::array())) {
    std::string p = part.get<std::string>();
    if (p == "{number}") {
      for (char c : number) out.emplace_back(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    } else if (p == "{window}") {
      if (m->second.value("window_numbers", "digits") == "chinese") {
        for (auto& c : chinese_number(window)) out.push_back(c);
      } else {
        for (char c : std::to_string(window)) out.emplace_back(1, c);
      }
    } else {
      out.push_back(p);
    }
  }
  return out;
}

const std::vector<std::int16_t>* ClipLibrary::clip(std::string_view lang, std::string_view name) {
  std::string key = std::string(lang) + "/" + std::string(name);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    std::optional<std::vector<std::int16_t>> pcm;
    for (const auto& dir : search_) {
      std::string path = dir + "/" + key + ".wav";
      if (std::filesystem::exists(path) && (pcm = load_wav(path))) break;
    }
    it = cache_.emplace(key, std::move(pcm)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<std::vector<std::int16_t>> ClipLibrary::render_call(std::string_view lang, std::string_view number,
                                                                  int window, bool training) {
  auto seq = call_sequence(lang, number, window, training);
  if (seq.empty()) return std::nullopt;
  std::vector<std::int16_t> out;
  const std::size_t gap = kVoiceRate * 60 / 1000;  // between clips
  for (const auto& name : seq) {
    const auto* c = clip(lang, name);
    if (!c) return std::nullopt;
    out.insert(out.end(), c->begin(), c->end());
    out.insert(out.end(), gap, 0);
  }
  return out;
}

std::vector<std::string> ClipLibrary::missing(std::string_view lang) {
  std::vector<std::string> out;
  auto m = manifests_.find(std::string(lang));
  if (m == manifests_.end()) return out;
  for (auto it = m->second["clips"].begin(); it != m->second["clips"].end(); ++it)
    if (!clip(lang, it.key())) out.push_back(it.key());
  return out;
}

bool sound_possible() {
  if (const char* d = std::getenv("SDL_AUDIODRIVER"); d && *d) return true;  // chosen on purpose (tests: disk, dummy)
  if (const char* p = std::getenv("PULSE_SERVER"); p && *p) return true;     // a sound server elsewhere
  std::error_code ec;
  return std::filesystem::exists("/dev/snd", ec);
}

Announcer::Announcer(ClipLibrary& clips, VoiceOptions options)
    : log([](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }),
      clips_(clips),
      options_(std::move(options)) {
  // No sound card: SDL's ALSA probe would only print its failures on the terminal.
  if (!sound_possible()) {
    no_audio_ = "no sound card (no /dev/snd, and neither $SDL_AUDIODRIVER nor $PULSE_SERVER set)";
    return;
  }
  if (!(SDL_WasInit(SDL_INIT_AUDIO) & SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    no_audio_ = std::string("no audio: ") + SDL_GetError();
    return;
  }
  SDL_AudioSpec want{}, got{};
  want.freq = kVoiceRate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &got, 0);
  if (device_)
    SDL_PauseAudioDevice(device_, 0);
  else
    no_audio_ = std::string("cannot open the audio device: ") + SDL_GetError();
}

Announcer::~Announcer() {
  if (device_) SDL_CloseAudioDevice(device_);
}

void Announcer::announce(const std::string& number, int window) {
  if (options_.repeat <= 0) return;  // 0: calls are shown, not spoken
  // The window's newer call, or the number again (a recall, or sent to another window), takes the
  // waiting one's place: nobody need hear of a citizen the window has since replaced, nor twice of one.
  auto superseded = [&](const Call& c) { return c.clip.empty() && (c.window == window || c.number == number); };
  auto same = std::find_if(waiting_.begin(), waiting_.end(), superseded);
  if (same != waiting_.end()) {
    *same = {number, window, {}, {}};
    // Both rules at once (window 3's waiting A001, then A002 at window 3 and A001 recalled at 5):
    // one waiting call each.
    waiting_.erase(std::remove_if(std::next(same), waiting_.end(), superseded), waiting_.end());
    return;
  }
  waiting_.push_back({number, window, {}, {}});
  if (waiting_.size() > kMaxWaiting) waiting_.pop_front();
}

bool Announcer::prompt(const std::string& lang, const std::string& clip) {
  if (clips_.clip(lang, clip) == nullptr) return false;
  waiting_.clear();
  sentences_.clear();  // a sentence already queued on the device still ends
  waiting_.push_back({{}, 0, lang, clip});
  return true;
}

void Announcer::start(Call call) {
  current_ = std::move(call);
  sentences_.clear();
  if (!current_.clip.empty()) {
    sentences_.push_back({current_.lang, current_.clip});
    return;
  }
  // Others waiting: this one is said once, so that the queue shrinks instead of growing.
  const int repeat = waiting_.size() >= kBacklogSayOnce ? 1 : options_.repeat;
  std::vector<std::string> spoken;
  for (const auto& lang : options_.languages) {
    auto seq = clips_.call_sequence(lang, current_.number, current_.window, options_.training);
    bool whole = !seq.empty() && std::all_of(seq.begin(), seq.end(), [&](const std::string& clip) {
      return clips_.clip(lang, clip) != nullptr;
    });
    if (whole) spoken.push_back(lang);
  }
  for (int r = 0; r < repeat; ++r)
    for (const auto& lang : spoken) sentences_.push_back({lang, {}});
  std::string why = spoken.empty() ? "no language of announce_languages has all its clips"
                    : !device_     ? "no audio device"
                                   : "";
  if (!why.empty() && log)
    log("call " + current_.number + " to window " + std::to_string(current_.window) + " (not spoken: " + why + ")");
}

void Announcer::pump() {
  if (device_ && SDL_GetQueuedAudioSize(device_) > 0) return;  // still speaking: never overlap
  while (true) {
    if (sentences_.empty()) {
      if (waiting_.empty()) return;
      Call next = std::move(waiting_.front());
      waiting_.pop_front();
      start(std::move(next));
      if (sentences_.empty()) continue;  // nothing to say (logged): the next call
    }
    Sentence s = std::move(sentences_.front());
    sentences_.pop_front();
    // Rendered now, one sentence at a time: what waits holds no samples.
    std::optional<std::vector<std::int16_t>> pcm;
    std::string text = s.lang + ":";
    if (!s.clip.empty()) {
      if (const auto* c = clips_.clip(s.lang, s.clip)) pcm = *c;
      text += " " + s.clip;
    } else {
      pcm = clips_.render_call(s.lang, current_.number, current_.window, options_.training);
      if (pcm) pcm->insert(pcm->end(), kVoiceRate * 500 / 1000, 0);  // a pause after each sentence
      for (const auto& c : clips_.call_sequence(s.lang, current_.number, current_.window, options_.training))
        text += " " + c;
    }
    if (!pcm) continue;
    if (device_) SDL_QueueAudio(device_, pcm->data(), static_cast<Uint32>(pcm->size() * 2));
    if (played_.size() >= kPlayedKept) played_.erase(played_.begin(), played_.begin() + kPlayedKept / 2);
    played_.push_back(std::move(text));
    return;
  }
}

bool Announcer::busy() const {
  return !waiting_.empty() || !sentences_.empty() || (device_ && SDL_GetQueuedAudioSize(device_) > 0);
}

}  // namespace hallq::ui
