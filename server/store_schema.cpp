// The store's schema, as the steps that built it (docs/architecture.md,
// "Store"). Step i brings a database from user_version i to i + 1.
#include "server/store_schema.hpp"

#include "server/store.hpp"

namespace hallq::server {
namespace {

// Migration i brings user_version from i to i + 1. Never edit a shipped step; add one.
constexpr const char* kMigrations[] = {
    // 0 → 1. Tickets are keyed by (day, ordinal) so new tickets append to one
    // page; the current visit lives in the row, earlier ones in `history`
    // (see encode_history). The unique index makes the database itself refuse
    // a number issued twice on a day.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  number TEXT, window INTEGER, service TEXT, clerk TEXT, detail TEXT);
CREATE TABLE tickets(
  day TEXT NOT NULL, ordinal INTEGER NOT NULL, number TEXT NOT NULL,
  origin TEXT NOT NULL, seq INTEGER NOT NULL, priority TEXT NOT NULL, channel TEXT NOT NULL,
  issued_at INTEGER NOT NULL, id_hash TEXT NOT NULL, id_masked TEXT NOT NULL,
  name_masked TEXT NOT NULL, appointment TEXT NOT NULL,
  service TEXT NOT NULL, target_window INTEGER NOT NULL, state TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL, order_at INTEGER NOT NULL, called_at INTEGER NOT NULL,
  last_call_at INTEGER NOT NULL, ended_at INTEGER NOT NULL, window INTEGER NOT NULL,
  clerk TEXT NOT NULL, recalls INTEGER NOT NULL, call_seq INTEGER NOT NULL,
  last_call_recall INTEGER NOT NULL, reason TEXT NOT NULL, history BLOB,
  PRIMARY KEY(day, ordinal)) WITHOUT ROWID;
CREATE UNIQUE INDEX tickets_number ON tickets(day, number);
CREATE TABLE windows(
  number INTEGER PRIMARY KEY, clerk TEXT NOT NULL, since INTEGER NOT NULL,
  paused INTEGER NOT NULL, pause_reason TEXT NOT NULL, current TEXT NOT NULL);
CREATE TABLE appointments(
  day TEXT NOT NULL, code TEXT NOT NULL, service TEXT NOT NULL, slot_minute INTEGER NOT NULL,
  id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name_masked TEXT NOT NULL, ticket TEXT NOT NULL,
  PRIMARY KEY(day, code)) WITHOUT ROWID;
CREATE TABLE days(day TEXT PRIMARY KEY, closed_at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    // 1 → 2. The key of the request that issued a ticket, so a terminal that
    // lost a reply and asks again gets the same ticket, also after a restart.
    R"sql(
ALTER TABLE tickets ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
)sql",
    // 2 → 3. The device that issued a ticket (empty for tickets from before).
    R"sql(
ALTER TABLE tickets ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';
)sql",
    // 3 → 4. Credentials made stronger than the configuration's (a PIN hash
    // upgraded at a good login), with the configuration hash they replace.
    // Also the database's own identity, so a high-water mark or a backup can
    // tell this database from another.
    R"sql(
CREATE TABLE credentials(
  kind TEXT NOT NULL, id TEXT NOT NULL, source_hash TEXT NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY(kind, id)) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES('instance', lower(hex(randomblob(16))));
)sql",
    // 4 → 5. Cases (docs/cases.md): the application behind a visit, its
    // hand-over sheets and the notices to applicants (server/store_cases.cpp).
    // Materials, a sheet's cases and a pickup record are small JSON texts.
    R"sql(
CREATE TABLE cases(
  number TEXT PRIMARY KEY, service TEXT NOT NULL, department TEXT NOT NULL, state TEXT NOT NULL,
  id_hash TEXT NOT NULL, id_masked TEXT NOT NULL, name_masked TEXT NOT NULL,
  company TEXT NOT NULL, company_code TEXT NOT NULL, phone TEXT NOT NULL, language TEXT NOT NULL,
  ticket_day TEXT NOT NULL, ticket TEXT NOT NULL, window INTEGER NOT NULL, clerk TEXT NOT NULL,
  materials TEXT NOT NULL, supplement_code TEXT NOT NULL, supplements INTEGER NOT NULL,
  received_at INTEGER NOT NULL, accepted_at INTEGER NOT NULL, returned_at INTEGER NOT NULL,
  ready_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, due TEXT NOT NULL, handover TEXT NOT NULL,
  result_note TEXT NOT NULL, pickup_ticket TEXT NOT NULL, pickup TEXT) WITHOUT ROWID;
CREATE INDEX cases_by_state ON cases(state, updated_at);
CREATE TABLE handovers(
  number TEXT PRIMARY KEY, department TEXT NOT NULL, state TEXT NOT NULL, cases TEXT NOT NULL,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, received_at INTEGER NOT NULL,
  received_by TEXT NOT NULL, returned_at INTEGER NOT NULL, returned_by TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE notifications(
  id INTEGER PRIMARY KEY, case_number TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL,
  language TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,
  sent_at INTEGER NOT NULL, error TEXT NOT NULL);
)sql",
    // 5 → 6. 好差评 (docs/ratings.md): one row per finished visit (level NULL:
    // not rated), and the follow-up of a bad rating (server/store_ratings.cpp).
    // The call-back number only sealed (AES-256-GCM), and cleared at the end.
    R"sql(
CREATE TABLE ratings(
  id INTEGER PRIMARY KEY, day TEXT NOT NULL, ticket TEXT NOT NULL, case_number TEXT NOT NULL,
  window INTEGER NOT NULL, clerk TEXT NOT NULL, service TEXT NOT NULL, finished_at INTEGER NOT NULL,
  level INTEGER, reasons TEXT NOT NULL, channel TEXT NOT NULL, rated_at INTEGER NOT NULL,
  followup INTEGER NOT NULL, UNIQUE(day, ticket));
CREATE TABLE followups(
  id INTEGER PRIMARY KEY, rating INTEGER NOT NULL, state TEXT NOT NULL, opened_at INTEGER NOT NULL,
  callback_due TEXT NOT NULL, rectify_due TEXT NOT NULL, contacted_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL, phone_sealed TEXT NOT NULL, phone_masked TEXT NOT NULL, notes TEXT NOT NULL);
)sql",
    // 6 → 7. The language the citizen chose at the kiosk, so the window's
    // rating pad asks in it (docs/ratings.md). Empty for tickets from before.
    R"sql(
ALTER TABLE tickets ADD COLUMN language TEXT NOT NULL DEFAULT '';
)sql",
    // 7 → 8. Reports (server/web/reports.cpp) over a year: the windows' log-in,
    // log-out and pause events by day without reading the whole event log (a
    // partial index: only those kinds, a few hundred rows a day), and the
    // 好差评 figures from an index that holds every column they group and count.
    R"sql(
CREATE INDEX IF NOT EXISTS events_window_sessions ON events(day, id)
  WHERE kind IN ('login', 'logout', 'paused', 'resumed', 'day_closed');
CREATE INDEX IF NOT EXISTS ratings_figures ON ratings(day, clerk, window, service, level, followup);
)sql",
    // 8 → 9. Each closed day's figures kept for reports (server/day_figures.hpp):
    // one row a day, made by the store thread and deleted by Store::commit in
    // the transaction that writes any row they were made from. A rowid table:
    // its rows are ~36 KB, and the look-ups by day go through the small index.
    // (Triggers on tickets, events and ratings did the deleting at first, but
    // a trigger makes every statement keep a statement journal: writing a
    // year's history took 4× as long.)
    R"sql(
CREATE TABLE IF NOT EXISTS day_figures(
  day TEXT PRIMARY KEY, basis TEXT NOT NULL, made_at INTEGER NOT NULL, figures BLOB NOT NULL);
)sql",
    // 9 → 10. The guides' own work (docs/web.md "Help desk"): kiosks' calls for
    // a guide (taken_at 0: open) and the help desk's register
    // (server/store_help.cpp). A call-back number only sealed, cleared once done.
    R"sql(
CREATE TABLE help_requests(
  id INTEGER PRIMARY KEY, day TEXT NOT NULL, device TEXT NOT NULL, requested_at INTEGER NOT NULL,
  taken_at INTEGER NOT NULL, taken_by TEXT NOT NULL);
CREATE INDEX help_requests_by_day ON help_requests(day);
CREATE TABLE helpdesk(
  id INTEGER PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL, entered_by TEXT NOT NULL,
  topic TEXT NOT NULL, service TEXT NOT NULL, answer TEXT NOT NULL, followup INTEGER NOT NULL,
  phone_sealed TEXT NOT NULL, phone_masked TEXT NOT NULL, done_at INTEGER NOT NULL, done_by TEXT NOT NULL,
  request_key TEXT NOT NULL);
CREATE INDEX helpdesk_by_day ON helpdesk(day);
)sql",
    // 10 → 11. What the citizen was told at issue (domain::ToldWait): the wait estimate with its
    // range, and the naive baseline, so that the hall's own days measure its estimates
    // (hallq-sim --from-db, docs/simulation.md). -1: issued before this step.
    R"sql(
ALTER TABLE tickets ADD COLUMN told_s INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tickets ADD COLUMN told_lo_s INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tickets ADD COLUMN told_hi_s INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tickets ADD COLUMN naive_s INTEGER NOT NULL DEFAULT -1;
)sql",
    // 11 → 12. The key of the case_open that made a case ("device/key"), so a window that lost the
    // reply and asks again gets the same case, also after a restart. Empty for cases from before.
    R"sql(
ALTER TABLE cases ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
)sql",
};

constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Store::kSchemaVersion);

}  // namespace

const char* migration(int from_version) {
  return kMigrations[from_version];
}

}  // namespace hallq::server
