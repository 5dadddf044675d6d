#include "server/db_lock.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace hallq::server {

namespace {

std::string real_path(const std::string& db_path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(db_path, ec);
  return ec ? db_path : p.string();
}

struct flock whole_file(short type) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;  // to the end, however long
  fl.l_pid = 0;  // as open file description locks need
  return fl;
}

}  // namespace

std::string database_lock_path(const std::string& db_path) {
  return real_path(db_path) + ".lock";
}

int lock_database(const std::string& db_path) {
  if (std::error_code ec; std::filesystem::is_directory(db_path, ec))
    throw std::runtime_error(db_path + ": is a folder; --db names the database file, e.g. " + db_path + "/hall.db");
  const std::filesystem::path folder = std::filesystem::path(db_path).parent_path();
  if (std::error_code ec; !folder.empty() && !std::filesystem::is_directory(folder, ec))
    throw std::runtime_error(db_path + ": the folder " + folder.string() +
                             " does not exist; the server makes the database file, not its folder");
  const std::string path = database_lock_path(db_path);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(path + ": cannot create the lock file: " + std::strerror(errno));
  struct flock fl = whole_file(F_WRLCK);
  if (::fcntl(fd, F_OFD_SETLK, &fl) != 0) {
    ::close(fd);
    throw std::runtime_error(db_path + ": another hallq-server is using this database");
  }
  return fd;
}

bool database_in_use(const std::string& db_path) {
  const std::string real = real_path(db_path);
  if (int fd = ::open((real + ".lock").c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    struct flock fl = whole_file(F_RDLCK);  // would a reader's lock be refused? only while a server holds it
    const bool held = ::fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    ::close(fd);
    if (held) return true;
  }
  std::error_code ec;
  const auto wal = std::filesystem::file_size(real + "-wal", ec);
  return !ec && wal > 0;
}

}  // namespace hallq::server
