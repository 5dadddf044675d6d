// The fuzz targets without libFuzzer, in the ordinary build (no clang, no
// second build): runs LLVMFuzzerTestOneInput once on every file given
// (directories are walked), so every seed and every input that once crashed
// (tests/fuzz/corpus) is checked on each test run; then, with --mutate S, for
// S seconds on inputs made by mutating those files at random (bit flips, byte
// changes, insertions, deletions, repeated and spliced pieces). That is blind
// fuzzing, a few seconds on every run; tools/fuzz does the coverage-guided
// kind with libFuzzer. A failed property aborts, as under the fuzzer; a crash
// or abort on a mutated input writes that input to fuzz-finding-<pid> in the
// working directory first, and says so.
//
//   replay_NAME [--mutate SECONDS] [--seed N] FILE|DIR...
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::uint8_t>;

// The input being tried, for the signal handler.
const std::uint8_t* g_data = nullptr;
std::size_t g_size = 0;
bool g_mutated = false;
std::string g_finding_path, g_finding_note;  // made before any input runs

extern "C" void on_fatal_signal(int sig) {
  if (g_mutated && g_data != nullptr) {
    int fd = ::open(g_finding_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      [[maybe_unused]] auto n = ::write(fd, g_data, g_size);
      ::close(fd);
      [[maybe_unused]] auto m = ::write(2, g_finding_note.data(), g_finding_note.size());
    }
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void run(const Bytes& input, bool mutated) {
  g_data = input.data();
  g_size = input.size();
  g_mutated = mutated;
  LLVMFuzzerTestOneInput(input.data(), input.size());
  g_data = nullptr;
}

Bytes read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Bytes mutate(const std::vector<Bytes>& corpus, std::mt19937_64& rng) {
  auto below = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  Bytes b = corpus[below(corpus.size())];
  int steps = 1 + static_cast<int>(below(8));
  for (int s = 0; s < steps; ++s) {
    switch (below(6)) {
      case 0:  // flip a bit
        if (!b.empty()) b[below(b.size())] ^= static_cast<std::uint8_t>(1u << below(8));
        break;
      case 1:  // an interesting byte
        if (!b.empty()) {
          static constexpr std::uint8_t kBytes[] = {0, 0x0a, 0x7f, 0x80, 0xff, '"', '\\', '{', '}', '[', ']', ','};
          b[below(b.size())] = kBytes[below(sizeof kBytes)];
        }
        break;
      case 2:  // insert a byte
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(below(b.size() + 1)), static_cast<std::uint8_t>(rng()));
        break;
      case 3:  // delete a run
        if (!b.empty()) {
          std::size_t at = below(b.size()), n = 1 + below(std::min<std::size_t>(16, b.size() - at));
          b.erase(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
        }
        break;
      case 4:  // repeat a piece
        if (!b.empty() && b.size() < (1u << 16)) {
          std::size_t at = below(b.size()), n = 1 + below(std::min<std::size_t>(64, b.size() - at));
          Bytes piece(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(below(b.size() + 1)), piece.begin(), piece.end());
        }
        break;
      default: {  // splice in a piece of another input
        const Bytes& other = corpus[below(corpus.size())];
        if (!other.empty()) {
          std::size_t at = below(other.size()), n = 1 + below(other.size() - at);
          std::size_t to = below(b.size() + 1);
          b.resize(std::max(b.size(), to));
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(to), other.begin() + static_cast<std::ptrdiff_t>(at),
                   other.begin() + static_cast<std::ptrdiff_t>(at + n));
        }
      }
    }
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  double mutate_s = 0;
  std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutate" && i + 1 < argc) {
      mutate_s = std::atof(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (fs::is_directory(a)) {
      for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(a)) {
      files.emplace_back(a);
    } else {
      std::fprintf(stderr, "usage: %s [--mutate SECONDS] [--seed N] FILE|DIR...\n(%s: no such file or directory)\n",
                   argv[0], a.c_str());
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "%s: no inputs\n", argv[0]);
    return 2;
  }
  std::sort(files.begin(), files.end());
  g_finding_path = (fs::current_path() / ("fuzz-finding-" + std::to_string(::getpid()))).string();
  g_finding_note = "\nthe mutated input that failed is saved as " + g_finding_path + "; reproduce: " + argv[0] + " " +
                   g_finding_path + "\n";
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_fatal_signal);

  std::vector<Bytes> corpus;
  for (const auto& f : files) {
    std::fprintf(stderr, "%s\n", f.c_str());  // the last one named is the one that failed
    corpus.push_back(read_file(f));
    run(corpus.back(), false);
  }
  std::printf("%zu inputs replayed, every property held\n", corpus.size());
  if (mutate_s <= 0) return 0;

  std::printf("mutating for %.0f s, --seed %llu\n", mutate_s, static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  std::mt19937_64 rng(seed);
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(mutate_s);
  long runs = 0;
  while (std::chrono::steady_clock::now() < end) {
    for (int i = 0; i < 64; ++i, ++runs) run(mutate(corpus, rng), true);
  }
  std::printf("%ld mutated inputs, every property held\n", runs);
  return 0;
}
