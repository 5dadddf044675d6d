// Where programs find their files (core/config/paths.hpp): the build tree
// wherever the build directory is, an install tree wherever it was put,
// --assets and $HALLQ_ASSETS, and what a program says when it finds nothing.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "core/config/paths.hpp"
#include "tests/support/process.hpp"

using namespace hallq;
using namespace hallq::test;
namespace fs = std::filesystem;

namespace {

bool same(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

// A tree laid out as `cmake --install` does, under `dir`.
std::string fake_install(const TempDir& dir) {
  fs::create_directories(dir.path("prefix/bin"));
  fs::create_directories(dir.path("prefix/share/hallq/i18n"));
  fs::create_directories(dir.path("prefix/share/hallq/generated-voice/zh"));
  return dir.path("prefix");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const config::PathError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a program in the build tree finds the source tree's assets and the build's voice clips") {
  std::string bin_dir = fs::path(bin("x")).parent_path().string();
  std::string assets = config::find_assets("", nullptr, bin_dir);
  CHECK(same(assets, source_path("assets")));
  CHECK(fs::exists(fs::path(assets) / "i18n" / "zh.json"));
  std::string voice = config::find_generated_voice(bin_dir);
  CHECK(same(voice, bin_dir + "/../voice"));
}

TEST_CASE("a program in an install tree finds share/hallq beside its bin/, wherever the tree is") {
  TempDir dir;
  std::string prefix = fake_install(dir);
  CHECK(config::find_assets("", nullptr, prefix + "/bin") == prefix + "/share/hallq");
  CHECK(config::find_generated_voice(prefix + "/bin") == prefix + "/share/hallq/generated-voice");
  // Moved elsewhere, it still finds its own files.
  fs::rename(prefix, dir.path("moved"));
  CHECK(config::find_assets("", nullptr, dir.path("moved/bin")) == dir.path("moved/share/hallq"));
}

TEST_CASE("--assets comes first, then HALLQ_ASSETS, then the program's own tree") {
  TempDir dir;
  std::string prefix = fake_install(dir);
  fs::create_directories(dir.path("mine/i18n"));
  fs::create_directories(dir.path("env/i18n"));
  CHECK(config::find_assets(dir.path("mine"), dir.path("env").c_str(), prefix + "/bin") == dir.path("mine"));
  CHECK(config::find_assets("", dir.path("env").c_str(), prefix + "/bin") == dir.path("env"));
  CHECK(config::find_assets("", "", prefix + "/bin") == prefix + "/share/hallq");  // HALLQ_ASSETS= is unset
  // The voice clips stay the program's own: --assets names the assets only.
  CHECK(config::find_generated_voice(prefix + "/bin") == prefix + "/share/hallq/generated-voice");
}

TEST_CASE("a program without its files says where it looked and what to do") {
  TempDir dir;
  fs::create_directories(dir.path("lonely/bin"));
  CHECK(error_of([&] { config::find_assets("", nullptr, dir.path("lonely/bin")); }) ==
        "no assets found: looked in " + dir.path("lonely/share/hallq") + "; pass --assets DIR or set HALLQ_ASSETS");
  CHECK(config::find_generated_voice(dir.path("lonely/bin")).empty());
}

TEST_CASE("a directory given by --assets or HALLQ_ASSETS must be an assets directory") {
  TempDir dir;
  std::string prefix = fake_install(dir);
  fs::create_directories(dir.path("empty"));
  CHECK(error_of([&] { config::find_assets(dir.path("empty"), nullptr, prefix + "/bin"); }) ==
        "--assets " + dir.path("empty") + ": no i18n/ there (an assets directory holds i18n/, halls/ and voice/)");
  CHECK(error_of([&] { config::find_assets("", dir.path("nowhere").c_str(), prefix + "/bin"); }) ==
        "HALLQ_ASSETS=" + dir.path("nowhere") +
            ": no i18n/ there (an assets directory holds i18n/, halls/ and voice/)");
}

TEST_CASE("the ID key's default place is etc/hallq under the prefix, and /etc/hallq for the prefix /usr") {
  // A Debian package puts the programs in /usr/bin: their configuration is /etc/hallq, never /usr/etc.
  CHECK(config::default_key_file("/usr/bin") == "/etc/hallq/id.key");
  CHECK(config::default_key_file("/usr/local/bin") == "/usr/local/etc/hallq/id.key");
  CHECK(config::default_key_file("/opt/hallq/bin") == "/opt/hallq/etc/hallq/id.key");
  std::string bin_dir = fs::path(bin("x")).parent_path().string();
  CHECK(config::default_key_file(bin_dir) == (fs::path(bin_dir).parent_path() / "etc/hallq/id.key").lexically_normal());
}
