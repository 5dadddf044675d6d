#include "core/config/paths.hpp"

#include <cstdlib>
#include <system_error>
#include <vector>

// Recorded by core/config/CMakeLists.txt from cmake/layout.cmake.
#if !defined(HALLQ_BUILD_BIN_DIR) || !defined(HALLQ_BUILD_ASSETS_DIR) || !defined(HALLQ_BUILD_VOICE_DIR) || \
    !defined(HALLQ_DATADIR_FROM_BINDIR) || !defined(HALLQ_INSTALL_VOICE_SUBDIR) ||                          \
    !defined(HALLQ_SYSCONFDIR_FROM_BINDIR)
#error "core/config/CMakeLists.txt defines where the build and install trees keep their files"
#endif

namespace hallq::config {
namespace fs = std::filesystem;

namespace {

constexpr const char* kWhatAssetsHold = "an assets directory holds i18n/, halls/ and voice/";

bool holds_assets(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "i18n", ec);
}

// Whether the program runs from this build's bin directory (the build tree).
// Compared as files, not names: the same directory may be reached by a symlink.
bool in_build_tree(const fs::path& exe_dir) {
  std::error_code ec;
  return !exe_dir.empty() && fs::equivalent(exe_dir, fs::path(HALLQ_BUILD_BIN_DIR), ec);
}

fs::path install_data_dir(const fs::path& exe_dir) {
  return (exe_dir / HALLQ_DATADIR_FROM_BINDIR).lexically_normal();
}

std::string given(const std::string& dir, const std::string& what) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  if (ec) p = dir;
  if (!holds_assets(p)) throw PathError(what + dir + ": no i18n/ there (" + kWhatAssetsHold + ")");
  return p.lexically_normal().string();
}

}  // namespace

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

std::string find_assets(const std::string& explicit_dir, const char* env_assets, const fs::path& exe_dir) {
  if (!explicit_dir.empty()) return given(explicit_dir, "--assets ");
  if (env_assets && *env_assets) return given(env_assets, "HALLQ_ASSETS=");
  if (exe_dir.empty())
    throw PathError(
        "no assets found: cannot tell where this program is (/proc/self/exe is unreadable); pass --assets DIR or set "
        "HALLQ_ASSETS");
  std::vector<fs::path> looked = {install_data_dir(exe_dir)};
  if (in_build_tree(exe_dir)) looked.push_back(fs::path(HALLQ_BUILD_ASSETS_DIR).lexically_normal());
  std::string places;
  for (const auto& dir : looked) {
    if (holds_assets(dir)) return dir.string();
    places += (places.empty() ? "" : ", ") + dir.string();
  }
  throw PathError("no assets found: looked in " + places + "; pass --assets DIR or set HALLQ_ASSETS");
}

std::string find_assets(const std::string& explicit_dir) {
  return find_assets(explicit_dir, std::getenv("HALLQ_ASSETS"), executable_dir());
}

std::string find_generated_voice(const fs::path& exe_dir) {
  if (exe_dir.empty()) return {};
  std::error_code ec;
  fs::path installed = install_data_dir(exe_dir) / HALLQ_INSTALL_VOICE_SUBDIR;
  if (fs::is_directory(installed, ec)) return installed.string();
  if (in_build_tree(exe_dir) && fs::is_directory(HALLQ_BUILD_VOICE_DIR, ec))
    return fs::path(HALLQ_BUILD_VOICE_DIR).lexically_normal().string();
  return {};
}

std::string find_generated_voice() {
  return find_generated_voice(executable_dir());
}

std::string default_key_file(const fs::path& exe_dir) {
  if (exe_dir.empty()) return {};
  if (in_build_tree(exe_dir))
    return (fs::path(HALLQ_BUILD_BIN_DIR).parent_path() / "etc/hallq/id.key").lexically_normal();
  // GNUInstallDirs' rule for the prefix /usr: its configuration is /etc, not /usr/etc. Decided here,
  // from where the program is, so a build configured for any prefix and packaged for /usr (cpack)
  // finds /etc/hallq.
  fs::path etc(HALLQ_SYSCONFDIR_FROM_BINDIR);
  if (etc.is_relative() && exe_dir.lexically_normal().parent_path() == "/usr") return "/etc/hallq/id.key";
  return (exe_dir / etc / "id.key").lexically_normal();
}

std::string default_key_file() {
  return default_key_file(executable_dir());
}

std::string sqlite_immutable_uri(const std::string& path) {
  // An absolute path after an empty authority ("file:///x"), so that "//srv/x" is no host.
  std::string uri = !path.empty() && path.front() == '/' ? "file://" : "file:";
  static const char* hex = "0123456789ABCDEF";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      uri += '%';
      uri += hex[(static_cast<unsigned char>(c) >> 4) & 15];
      uri += hex[static_cast<unsigned char>(c) & 15];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace hallq::config
