#pragma once
// One server to a database: two would issue the same numbers. A server holds an exclusive open
// file description lock (fcntl F_OFD_SETLK) on "<database>.lock" for as long as it runs; the lock
// file lies beside the database file itself, so that two servers given two links to one file are
// refused too. Tools that read a running hall's database (hallq-sim --from-db) ask about it
// without taking it, so that asking never turns a starting server away.
#include <string>

namespace hallq::server {

// "<the database file, links followed>.lock" (the path as given when it does not exist yet).
std::string database_lock_path(const std::string& db_path);

// Takes the lock; returns its descriptor (closing it lets go). Throws std::runtime_error naming the
// database when another server holds it, or the lock file cannot be made.
int lock_database(const std::string& db_path);

// Whether a server is on the database now, or was when it last stopped without closing it: the
// lock is held, or a -wal with something in it lies beside the file (a server killed mid-day
// leaves one; a clean stop removes it, and a reader leaves at most an empty one). The lock is
// asked about (F_OFD_GETLK), never taken. A lock file this user cannot open leaves the -wal to say.
bool database_in_use(const std::string& db_path);

}  // namespace hallq::server
