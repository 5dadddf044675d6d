// The tickets table's rows (server/store_tickets.hpp): the columns, the earlier visits' binary
// list, writing a ticket and reading them back.
#include "server/store_tickets.hpp"

#include <algorithm>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>

#include "server/store.hpp"

namespace hallq::server {
namespace {

using domain::from_unix_ms;
using domain::to_unix_ms;

// history: the visits before the current one, each as
//   service, clerk, reason (u16 length + bytes),
//   state (u8), last_call_recall (u8), target_window, window, recalls (i32),
//   enqueued_at, order_at, called_at, last_call_at, ended_at, call_seq (i64),
// little-endian, after a version byte (1). Rare: transfers and no-shows.
void put_le(std::string& b, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_text(std::string& b, const std::string& s) {
  put_le(b, std::min<std::size_t>(s.size(), 65535), 2);
  b.append(s, 0, std::min<std::size_t>(s.size(), 65535));
}

std::string encode_history(const std::vector<domain::Visit>& visits) {
  std::string b(1, '\x01');
  for (std::size_t i = 0; i + 1 < visits.size(); ++i) {
    const auto& v = visits[i];
    put_text(b, v.service);
    put_text(b, v.clerk);
    put_text(b, v.reason);
    put_le(b, static_cast<std::uint64_t>(v.state), 1);
    put_le(b, v.last_call_recall ? 1 : 0, 1);
    put_le(b, static_cast<std::uint32_t>(v.target_window), 4);
    put_le(b, static_cast<std::uint32_t>(v.window), 4);
    put_le(b, static_cast<std::uint32_t>(v.recalls), 4);
    for (auto t : {v.enqueued_at, v.order_at, v.called_at, v.last_call_at, v.ended_at})
      put_le(b, static_cast<std::uint64_t>(to_unix_ms(t)), 8);
    put_le(b, v.call_seq, 8);
  }
  return b;
}

class HistoryReader {
 public:
  HistoryReader(const void* data, std::size_t size) : p_(static_cast<const unsigned char*>(data)), end_(p_ + size) {}
  bool done() const { return p_ == end_; }
  std::uint64_t num(int bytes) {
    need(static_cast<std::size_t>(bytes));
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{*p_++} << (8 * i);
    return v;
  }
  std::string str() {
    auto n = static_cast<std::size_t>(num(2));
    need(n);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }

 private:
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(end_ - p_) < n) throw StoreError("a ticket's visit history is truncated");
  }
  const unsigned char* p_;
  const unsigned char* end_;
};

std::vector<domain::Visit> decode_history(const void* data, std::size_t size) {
  std::vector<domain::Visit> out;
  HistoryReader r(data, size);
  if (r.num(1) != 1) throw StoreError("a ticket's visit history has an unknown format");
  while (!r.done()) {
    domain::Visit v;
    v.service = r.str();
    v.clerk = r.str();
    v.reason = r.str();
    auto state = r.num(1);
    if (state > static_cast<std::uint64_t>(domain::TicketState::cancelled))
      throw StoreError("bad visit state in history");
    v.state = static_cast<domain::TicketState>(state);
    v.last_call_recall = r.num(1) != 0;
    v.target_window = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    v.window = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    v.recalls = static_cast<int>(static_cast<std::int32_t>(r.num(4)));
    for (auto* t : {&v.enqueued_at, &v.order_at, &v.called_at, &v.last_call_at, &v.ended_at})
      *t = from_unix_ms(static_cast<std::int64_t>(r.num(8)));
    v.call_seq = r.num(8);
    out.push_back(std::move(v));
  }
  return out;
}

// The tickets table's columns. Statements bind and read them by name; those
// after the first group change as a ticket moves on (the upsert rewrites only
// them, so the number index is not touched).
constexpr const char* kTicketFixed[] = {"day",         "ordinal",     "number",    "origin",    "seq",
                                        "channel",     "issued_at",   "id_hash",   "id_masked", "name_masked",
                                        "appointment", "request_key", "issued_by", "language",  "told_s",
                                        "told_lo_s",   "told_hi_s",   "naive_s"};
constexpr const char* kTicketMoving[] = {
    "priority", "service", "target_window", "state",   "enqueued_at", "order_at",         "called_at", "last_call_at",
    "ended_at", "window",  "clerk",         "recalls", "call_seq",    "last_call_recall", "reason",    "history"};

}  // namespace

std::string ticket_upsert() {
  std::string cols, params, updates;
  auto add = [&](const char* c) {
    cols += (cols.empty() ? "" : ", ") + std::string(c);
    params += (params.empty() ? ":" : ", :") + std::string(c);
  };
  for (const char* c : kTicketFixed) add(c);
  for (const char* c : kTicketMoving) {
    add(c);
    updates += (updates.empty() ? "" : ", ") + std::string(c) + "=excluded." + c;
  }
  return "INSERT INTO tickets(" + cols + ") VALUES(" + params + ") ON CONFLICT(day, ordinal) DO UPDATE SET " + updates;
}

namespace {

// A column's index in ticket_select()'s result, by name, found at compile time.
consteval int ticket_column(std::string_view name) {
  int i = 0;
  for (const char* c : kTicketFixed) {
    if (name == c) return i;
    ++i;
  }
  for (const char* c : kTicketMoving) {
    if (name == c) return i;
    ++i;
  }
  throw "no such column in the tickets table";
}

std::string ticket_select() {
  std::string cols;
  for (const char* c : kTicketFixed) cols += (cols.empty() ? "" : ", ") + std::string(c);
  for (const char* c : kTicketMoving) cols += ", " + std::string(c);
  return "SELECT " + cols + " FROM tickets WHERE day = :day ORDER BY day, ordinal";
}

}  // namespace

void bind_ticket(SQLite::Statement& q, const domain::Ticket& t) {
  const domain::Visit& v = t.current();
  q.bind(":day", t.day.str());
  q.bind(":ordinal", static_cast<std::int64_t>(t.ordinal));
  q.bindNoCopy(":number", t.number);
  q.bindNoCopy(":origin", t.origin);
  q.bind(":seq", t.seq);
  q.bindNoCopy(":channel", t.channel);
  q.bind(":issued_at", to_unix_ms(t.issued_at));
  q.bindNoCopy(":id_hash", t.id_hash);
  q.bindNoCopy(":id_masked", t.id_masked);
  q.bindNoCopy(":name_masked", t.name_masked);
  q.bindNoCopy(":appointment", t.appointment);
  q.bindNoCopy(":request_key", t.request_key);
  q.bindNoCopy(":issued_by", t.issued_by);
  q.bindNoCopy(":language", t.language);
  q.bind(":told_s", t.told.s);
  q.bind(":told_lo_s", t.told.lo_s);
  q.bind(":told_hi_s", t.told.hi_s);
  q.bind(":naive_s", t.told.naive_s);
  q.bindNoCopy(":priority", t.priority);
  q.bindNoCopy(":service", v.service);
  q.bind(":target_window", v.target_window);
  q.bind(":state", std::string(domain::to_string(v.state)));
  q.bind(":enqueued_at", to_unix_ms(v.enqueued_at));
  q.bind(":order_at", to_unix_ms(v.order_at));
  q.bind(":called_at", to_unix_ms(v.called_at));
  q.bind(":last_call_at", to_unix_ms(v.last_call_at));
  q.bind(":ended_at", to_unix_ms(v.ended_at));
  q.bind(":window", v.window);
  q.bindNoCopy(":clerk", v.clerk);
  q.bind(":recalls", v.recalls);
  q.bind(":call_seq", static_cast<std::int64_t>(v.call_seq));
  q.bind(":last_call_recall", v.last_call_recall ? 1 : 0);
  q.bindNoCopy(":reason", v.reason);
  if (t.visits.size() > 1) {
    std::string history = encode_history(t.visits);
    q.bind(":history", history.data(), static_cast<int>(history.size()));  // copied: history goes
  } else {
    q.bind(":history");
  }
}

std::vector<domain::Ticket> read_tickets(SQLite::Database& db, const std::string& day) {
  std::vector<domain::Ticket> out;
  auto parsed_day = domain::LocalDate::parse(day).value_or(domain::LocalDate{});
  {
    SQLite::Statement count(db, "SELECT count(*) FROM tickets WHERE day = ?");
    count.bind(1, day);
    if (count.executeStep()) out.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
  }
  // In primary-key order, which is issue order: no sorting.
  SQLite::Statement q(db, ticket_select());
  q.bind(":day", day);
  while (q.executeStep()) {
    domain::Ticket t;
    t.day = parsed_day;
    t.ordinal = static_cast<std::uint64_t>(q.getColumn(ticket_column("ordinal")).getInt64());
    t.number = q.getColumn(ticket_column("number")).getString();
    t.origin = q.getColumn(ticket_column("origin")).getString();
    t.seq = q.getColumn(ticket_column("seq")).getInt();
    t.priority = q.getColumn(ticket_column("priority")).getString();
    t.channel = q.getColumn(ticket_column("channel")).getString();
    t.issued_at = from_unix_ms(q.getColumn(ticket_column("issued_at")).getInt64());
    t.id_hash = q.getColumn(ticket_column("id_hash")).getString();
    t.id_masked = q.getColumn(ticket_column("id_masked")).getString();
    t.name_masked = q.getColumn(ticket_column("name_masked")).getString();
    t.appointment = q.getColumn(ticket_column("appointment")).getString();
    t.request_key = q.getColumn(ticket_column("request_key")).getString();
    t.issued_by = q.getColumn(ticket_column("issued_by")).getString();
    t.language = q.getColumn(ticket_column("language")).getString();
    t.told.s = q.getColumn(ticket_column("told_s")).getInt64();
    t.told.lo_s = q.getColumn(ticket_column("told_lo_s")).getInt64();
    t.told.hi_s = q.getColumn(ticket_column("told_hi_s")).getInt64();
    t.told.naive_s = q.getColumn(ticket_column("naive_s")).getInt64();
    SQLite::Column history = q.getColumn(ticket_column("history"));
    if (!history.isNull()) t.visits = decode_history(history.getBlob(), static_cast<std::size_t>(history.getBytes()));
    domain::Visit v;
    v.service = q.getColumn(ticket_column("service")).getString();
    v.target_window = q.getColumn(ticket_column("target_window")).getInt();
    auto state = domain::ticket_state_from_string(q.getColumn(ticket_column("state")).getText());
    if (!state)
      throw StoreError("ticket " + t.number + " of " + day + " has unknown state " +
                       q.getColumn(ticket_column("state")).getString());
    v.state = *state;
    v.enqueued_at = from_unix_ms(q.getColumn(ticket_column("enqueued_at")).getInt64());
    v.order_at = from_unix_ms(q.getColumn(ticket_column("order_at")).getInt64());
    v.called_at = from_unix_ms(q.getColumn(ticket_column("called_at")).getInt64());
    v.last_call_at = from_unix_ms(q.getColumn(ticket_column("last_call_at")).getInt64());
    v.ended_at = from_unix_ms(q.getColumn(ticket_column("ended_at")).getInt64());
    v.window = q.getColumn(ticket_column("window")).getInt();
    v.clerk = q.getColumn(ticket_column("clerk")).getString();
    v.recalls = q.getColumn(ticket_column("recalls")).getInt();
    v.call_seq = static_cast<std::uint64_t>(q.getColumn(ticket_column("call_seq")).getInt64());
    v.last_call_recall = q.getColumn(ticket_column("last_call_recall")).getInt() != 0;
    v.reason = q.getColumn(ticket_column("reason")).getString();
    t.visits.push_back(std::move(v));
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<domain::LocalDate> read_current_day(SQLite::Database& db) {
  if (!db.tableExists("meta")) return std::nullopt;
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = 'day' AND value IN (SELECT day FROM tickets)");
  if (!q.executeStep()) return std::nullopt;
  return domain::LocalDate::parse(q.getColumn(0).getString());
}

MeasuredDays read_recent_days(SQLite::Database& db, domain::LocalDate before, int n) {
  std::vector<domain::LocalDate> days;
  {
    SQLite::Statement q(db, "SELECT DISTINCT day FROM tickets WHERE day < :before ORDER BY day DESC LIMIT :n");
    q.bind(":before", before.str());
    q.bind(":n", n);
    while (q.executeStep())
      if (auto d = domain::LocalDate::parse(q.getColumn(0).getString())) days.push_back(*d);
  }
  MeasuredDays out;
  for (auto it = days.rbegin(); it != days.rend(); ++it) {
    domain::RecentDays::Measures measures;
    for (const domain::Ticket& t : read_tickets(db, it->str())) domain::ServiceMeasure::add_ticket(t, measures);
    out.emplace_back(*it, std::move(measures));
  }
  return out;
}

std::vector<domain::Ticket> read_tickets_for_figures(SQLite::Database& db, const std::string& from,
                                                     const std::string& to) {
  std::vector<domain::Ticket> out;
  {
    SQLite::Statement count(db, "SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ?");
    count.bind(1, from);
    count.bind(2, to);
    if (count.executeStep()) out.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
  }
  SQLite::Statement q(db,
                      "SELECT day, origin, issued_at, service, state, enqueued_at, called_at, ended_at, window, clerk, "
                      "call_seq, history, told_s, told_lo_s, told_hi_s, naive_s FROM tickets WHERE day BETWEEN ? AND "
                      "? ORDER BY day, ordinal");
  q.bind(1, from);
  q.bind(2, to);
  std::string day_text;
  domain::LocalDate day;
  while (q.executeStep()) {
    domain::Ticket t;
    if (const char* d = q.getColumn(0).getText(); day_text != d) {
      day_text = d;
      day = domain::LocalDate::parse(day_text).value_or(domain::LocalDate{});
    }
    t.day = day;
    t.origin = q.getColumn(1).getString();
    t.issued_at = from_unix_ms(q.getColumn(2).getInt64());
    t.told = {q.getColumn(12).getInt64(), q.getColumn(13).getInt64(), q.getColumn(14).getInt64(),
              q.getColumn(15).getInt64()};
    SQLite::Column history = q.getColumn(11);
    if (!history.isNull()) t.visits = decode_history(history.getBlob(), static_cast<std::size_t>(history.getBytes()));
    domain::Visit v;
    v.service = q.getColumn(3).getString();
    auto state = domain::ticket_state_from_string(q.getColumn(4).getText());
    if (!state) throw StoreError("a ticket of " + day_text + " has unknown state " + q.getColumn(4).getString());
    v.state = *state;
    v.enqueued_at = from_unix_ms(q.getColumn(5).getInt64());
    v.called_at = from_unix_ms(q.getColumn(6).getInt64());
    v.ended_at = from_unix_ms(q.getColumn(7).getInt64());
    v.window = q.getColumn(8).getInt();
    v.clerk = q.getColumn(9).getString();
    v.call_seq = static_cast<std::uint64_t>(q.getColumn(10).getInt64());
    t.visits.push_back(std::move(v));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hallq::server
