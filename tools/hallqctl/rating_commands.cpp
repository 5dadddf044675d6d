// hallqctl and 好差评 (docs/ratings.md): ratings [export], followups, followup.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "core/config/paths.hpp"
#include "tools/hallqctl/command.hpp"
#include "tools/hallqctl/ratings.hpp"

namespace hallq::ctl {
namespace {

// ratings export: every visit of the period, asked for in pieces of at most 31
// days (rating_list's limit), written as they come — to FILE.part, renamed to
// FILE once complete, so a FILE is never half an export.
int export_ratings(Context& c, net::SyncClient& client, std::optional<std::string> from, std::optional<std::string> to,
                   ExportFormat format, const std::string& out_path, const std::string& assets) {
  if (!from) {  // today: the hall day as the server counts it
    auto today = client.call(protocol::RatingFiguresRequest{}, c.timeout);
    if (!today) return c.refused(today.failure());
    from = today->from;
  }
  auto hall = client.call(protocol::HallRequest{}, c.timeout);
  if (!hall) return c.refused(hall.failure());
  ExportWords words = ExportWords::load(assets, hall->hall);
  std::ofstream file;
  const std::string part = out_path + ".part";
  if (!out_path.empty()) {
    file.open(part, std::ios::binary | std::ios::trunc);
    if (!file) throw UsageError("cannot write " + out_path + ": " + std::strerror(errno));
  }
  std::ostream& to_stream = out_path.empty() ? c.out : file;
  auto fail = [&](int code) {
    if (!out_path.empty()) {
      file.close();
      std::remove(part.c_str());
    }
    return code;
  };
  if (format == ExportFormat::csv) to_stream << export_csv_header();
  int visits = 0, rated = 0;
  try {
    for (const auto& [first, last] : export_periods(*from, to.value_or(*from))) {
      auto list = client.call(protocol::RatingListRequest{first, last}, c.timeout);
      if (!list) return fail(c.refused(list.failure()));
      for (const auto& r : list->ratings) {
        to_stream << export_row(r, words, format);
        ++visits;
        rated += r.level ? 1 : 0;
      }
    }
  } catch (...) {  // the connection broke: no half file left behind
    fail(2);
    throw;
  }
  to_stream.flush();
  if (out_path.empty()) return 0;
  file.close();
  if (!file || std::rename(part.c_str(), out_path.c_str()) != 0) {
    c.err << "hallqctl: cannot write " << out_path << ": " << std::strerror(errno) << "\n";
    return fail(2);
  }
  c.out << "exported " << visits << " visits (" << rated << " rated) of " << *from << ".." << to.value_or(*from)
        << " to " << out_path << "\n";
  return 0;
}

Action ratings(Context& c) {
  const Args& a = c.a;
  // The period: --day D, or --from D [--to D] (one day when only --from); default today.
  if (a.has("--day") && (a.has("--from") || a.has("--to"))) throw UsageError("give --day or --from/--to, not both");
  if (a.has("--to") && !a.has("--from")) throw UsageError("--to needs --from");
  std::optional<std::string> from, to;
  if (a.has("--day")) from = to = a.flag("--day");
  if (a.has("--from")) from = a.flag("--from");
  if (a.has("--to")) to = a.flag("--to");
  if (from && export_periods(*from, to.value_or(*from)).empty())
    throw UsageError("dates are like 2026-11-30, and --to is not before --from");
  if (a.pos.size() > 1 && a.pos[1] == "export") {
    if (c.as_json) throw UsageError("ratings export writes its own format: --format csv|jsonl");
    if (a.has("--by")) throw UsageError("ratings export writes every visit: --by is for the figures");
    std::string format = a.flag("--format", "csv");
    if (format != "csv" && format != "jsonl") throw UsageError("--format must be csv or jsonl");
    std::string assets = config::find_assets(a.flag("--assets", ""));
    return [&c, from, to, format, assets](net::SyncClient& client) {
      return export_ratings(c, client, from, to, format == "csv" ? ExportFormat::csv : ExportFormat::jsonl,
                            c.a.flag("--out"), assets);
    };
  }
  if (a.pos.size() > 1) throw UsageError("ratings [export] [--day D | --from D --to D] [--by B]");
  protocol::RatingFiguresRequest r{from, to, std::nullopt};
  if (a.has("--by")) {
    r.by = a.flag("--by");
    if (*r.by != "clerk" && *r.by != "service" && *r.by != "window" && *r.by != "day" && *r.by != "total")
      throw UsageError("--by must be clerk, service, window or day");
  }
  if (c.as_json) return c.send(r, [](const protocol::RatingFiguresReply&) {});
  return [&c, r](net::SyncClient& client) -> int {
    auto figures = client.call(r, c.timeout);
    if (!figures) return c.refused(figures.failure());
    auto hall = client.call(protocol::HallRequest{}, c.timeout);  // names for the keys, if it answers
    c.out << format_rating_figures(figures.value(), hall ? &hall->hall : nullptr);
    return 0;
  };
}

}  // namespace

void add_rating_commands(Commands& into) {
  into["ratings"] = ratings;
  into["followups"] = [](Context& c) {
    return c.send(protocol::FollowupsRequest{c.a.has("--all")}, [&c](const protocol::FollowupsReply& rep) {
      if (rep.followups.empty()) c.out << (c.a.has("--all") ? "no follow-ups\n" : "no follow-ups open\n");
      for (const auto& f : rep.followups) c.out << format_followup(f);
    });
  };
  into["followup"] = [](Context& c) {
    c.need(3, "a follow-up id, a state and a note");
    protocol::FollowupUpdateRequest r;
    r.followup = to_int(c.a.pos[1], "the follow-up id");
    auto state = protocol::enum_from_string<protocol::FollowupState>(c.a.pos[2]);
    if (!state || *state == protocol::FollowupState::open)
      throw UsageError("the state is contacted, rectified, closed or unreachable");
    r.state = *state;
    for (std::size_t i = 3; i < c.a.pos.size(); ++i) r.note += (i > 3 ? " " : "") + c.a.pos[i];
    return c.send(r, [&c](const protocol::FollowupReply& rep) { c.out << format_followup(rep.followup); });
  };
}

}  // namespace hallq::ctl
