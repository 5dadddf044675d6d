#pragma once
// The tickets table's rows, in one place (docs/architecture.md, "The database"): the columns, the
// binary list of a ticket's earlier visits (`history`), writing a ticket (the store's commit) and
// reading tickets back from any connection to a hallq database.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/recent_days.hpp"
#include "core/domain/ticket.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace hallq::server {

// The statement that writes a ticket: an insert, or on its (day, ordinal) an update of the columns
// that change as it moves on (the number index is not touched).
std::string ticket_upsert();
// Binds every column of `t` to a statement made from ticket_upsert(); `t` must outlive its exec.
void bind_ticket(SQLite::Statement& q, const domain::Ticket& t);

// A day's tickets in issue order, from any connection to a hallq database (the
// store's own, or a report's read-only one: server/web/reports.hpp). Throws
// StoreError for a row it cannot read.
std::vector<domain::Ticket> read_tickets(SQLite::Database& db, const std::string& day);

// The last `n` days with tickets before `before`, oldest first, each measured for the wait estimate
// (domain::ServiceMeasure::add_ticket), one day's tickets read at a time: what a starting server
// gives Engine::remember_day, and hallq-sim --from-db its simulated hall.
using MeasuredDays = std::vector<std::pair<domain::LocalDate, domain::RecentDays::Measures>>;
MeasuredDays read_recent_days(SQLite::Database& db, domain::LocalDate before, int n);

// The hall day the store is on (its meta "day") when it has tickets; none otherwise. While a server
// is on the database (db_lock.hpp, database_in_use) that day is not over yet.
std::optional<domain::LocalDate> read_current_day(SQLite::Database& db);

// The tickets of the days from..to ("YYYY-MM-DD", inclusive) in day and issue
// order, with only what statistics need: the day, origin, issue time, what it
// was told at issue and the visits (service, state, times, window, clerk, call
// order); the other fields are left empty. One query (a report over a year reads 750,000 tickets).
std::vector<domain::Ticket> read_tickets_for_figures(SQLite::Database& db, const std::string& from,
                                                     const std::string& to);

}  // namespace hallq::server
