#pragma once
// Where a hallq program finds its read-only files, judged from where its own
// executable is, so it runs from any working directory in both trees the
// project makes (cmake/layout.cmake):
//
//   build tree    <build>/bin/<program>   assets  <source>/assets (the source and build
//                                                 directories recorded when CMake configured)
//                                         clips   <build>/voice
//   install tree  <prefix>/bin/<program>  assets  <prefix>/share/hallq
//                                         clips   <prefix>/share/hallq/generated-voice
//
// The assets directory holds i18n/, halls/ and voice/ (clip manifests and
// recordings); "clips" are the voice clips generated at build time
// (<lang>/<clip>.wav). `--assets DIR` or $HALLQ_ASSETS replace the assets
// directory, not the clips.
//
// Pure lookups: no state, safe from any thread. For start-up code: a failure
// throws PathError, whose message names what was looked for and where.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace hallq::config {

class PathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The directory of the running executable (/proc/self/exe); empty if unknown.
std::filesystem::path executable_dir();

// The assets directory, the first of:
//   1. `explicit_dir` (--assets DIR) if not empty,
//   2. $HALLQ_ASSETS if set and not empty,
//   3. <exe_dir>/../share/hallq (an install tree; the path from bin/ to
//      share/hallq is GNUInstallDirs', recorded by cmake/layout.cmake),
//   4. <source>/assets if <exe_dir> is this build's bin directory (the build tree).
// 1 and 2 are taken as they are (made absolute) but must hold i18n/, else
// PathError ("--assets /x: no i18n/ there (an assets directory holds ...)");
// 3 and 4 count only if they hold i18n/. When nothing is found, PathError
// lists every place looked at:
// "no assets found: looked in /opt/hallq/share/hallq; pass --assets DIR or set HALLQ_ASSETS".
std::string find_assets(const std::string& explicit_dir = {});

// The directory of generated voice clips: <exe_dir>/../share/hallq/generated-voice,
// or <build>/voice in the build tree; empty when neither exists (calls are
// then announced from recordings only). Never throws.
std::string find_generated_voice();

// Where the ID-hashing key lives unless the configuration says otherwise:
// <etc>/id.key, apart from the database so a copy of the database's directory
// (a backup) does not carry it: /etc/hallq/id.key for a /usr install,
// <prefix>/etc/hallq/id.key for another prefix, <build>/etc/hallq/id.key in
// the build tree. Never throws; empty when the program's place is unknown.
std::string default_key_file();
std::string default_key_file(const std::filesystem::path& exe_dir);

// A database file's path as an SQLite URI that reads it as it lies (`immutable=1`, opened with
// SQLITE_OPEN_URI): no lock, and no -wal or -shm left beside it. Only for a file nobody writes: a
// finished backup, or a hall's database with no -wal or -journal beside it (its server stopped;
// one that starts meanwhile writes to its -wal, not to the file, until a checkpoint).
std::string sqlite_immutable_uri(const std::string& path);

// The same lookups for a program in `exe_dir`, with `env_assets` standing for
// $HALLQ_ASSETS (nullptr: unset). Tests use these; the ones above call them.
std::string find_assets(const std::string& explicit_dir, const char* env_assets, const std::filesystem::path& exe_dir);
std::string find_generated_voice(const std::filesystem::path& exe_dir);

}  // namespace hallq::config
