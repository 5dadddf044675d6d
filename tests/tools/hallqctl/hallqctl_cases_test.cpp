// hallqctl and cases: lists, a case's whole record, hand-over sheets driven from
// the command line, and the A4 papers read back with pdftotext.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/support/line_client.hpp"
#include "tests/support/process.hpp"

using namespace hallq::test;

namespace {

const std::string kCaseApplicant = "150502199001011232";

// Text of a PDF given as bytes (pdftotext, -layout off so cells read in order).
std::string pdf_text(const TempDir& dir, const std::string& name, const std::string& pdf) {
  std::string path = dir.write(name, pdf);
  RunResult r = run({"pdftotext", "-enc", "UTF-8", path, "-"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

}  // namespace

TEST_CASE("hallqctl lists and shows cases, moves a hand-over sheet and prints it and the pickup register as PDF") {
  TempDir dir;
  ServerProcess server(source_path("assets/halls/demo.toml"), dir.path("hall.db"), {"--time", "2026-11-30T09:00"});
  auto ctl = [&](std::vector<std::string> args, const std::string& device = "admin",
                 const std::string& token = "demo-admin-token", const std::string& role = "admin") {
    args.insert(args.begin(), bin("hallqctl"));
    return run(args, {"HALLQ_SERVER=" + server.address(), "HALLQ_TOKEN=" + token, "HALLQ_DEVICE=" + device,
                      "HALLQ_ROLE=" + role});
  };

  // Two accepted cases of the market regulation bureau, opened at window 1.
  LineClient kiosk(server.port()), clerk(server.port());
  REQUIRE(kiosk.hello("kiosk", "kiosk-1", "demo-kiosk-1-token").value("ok", false));
  REQUIRE(clerk.hello("caller", "caller-1", "demo-caller-1-token").value("ok", false));
  ok(clerk.request({{"op", "login"}, {"window", 1}, {"clerk", "c01"}, {"pin", "1001"}}, std::chrono::seconds(20)));
  std::vector<std::string> numbers;
  for (int i = 0; i < 2; ++i) {
    ok(kiosk.request({{"op", "take"}, {"service", "A"}, {"id_number", kCaseApplicant}}));
    ok(clerk.request({{"op", "call"}, {"window", 1}}));
    std::string n = ok(clerk.request({{"op", "case_open"}, {"window", 1}}))["case"]["number"];
    ok(clerk.request(
        {{"op", "case_materials"}, {"window", 1}, {"number", n}, {"materials", {"original", "copy", "original"}}}));
    ok(clerk.request({{"op", "case_accept"}, {"window", 1}, {"number", n}}));
    ok(clerk.request({{"op", "finish"}, {"window", 1}}));
    numbers.push_back(n);
  }

  auto list = ctl({"cases", "--state", "accepted"});
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find(numbers[0]) != std::string::npos);
  CHECK(list.out.find("due 2026-12-03") != std::string::npos);
  CHECK(ctl({"cases", "--state", "nonsense"}).exit_code == 2);
  auto shown = ctl({"case", "show", numbers[1]});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("150502********1232") != std::string::npos);
  CHECK(shown.out.find("[copy] 公司章程") != std::string::npos);

  auto made = ctl({"handover", "create", "market", numbers[0], numbers[1]});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(made.out.find("L-20261130-01") != std::string::npos);
  // The sheet before it is signed for: blank lines to sign by hand.
  auto before = ctl({"handover", "print", "L-20261130-01"});
  REQUIRE_MESSAGE(before.exit_code == 0, before.err);
  CHECK(before.out.rfind("%PDF", 0) == 0);
  std::string text = pdf_text(dir, "before.pdf", before.out);
  CHECK(text.find("材料流转单") != std::string::npos);
  CHECK(text.find("市场监督管理局") != std::string::npos);
  CHECK(text.find(numbers[0]) != std::string::npos);
  CHECK(text.find(numbers[1]) != std::string::npos);
  CHECK(text.find("企业开办") != std::string::npos);
  CHECK(text.find("150502*****") != std::string::npos);  // the masked ID (its narrow column wraps it)
  CHECK(text.find("***1232") != std::string::npos);
  CHECK(text.find("接收人") != std::string::npos);
  CHECK(text.find(kCaseApplicant) == std::string::npos);

  // The department's desk signs for it and sends one back refused.
  auto desk = [&](std::vector<std::string> args) {
    return ctl(std::move(args), "market", "demo-dept-market-token", "department");
  };
  CHECK(desk({"handover", "receive", "L-20261130-01", "李四"}).exit_code == 0);
  auto back = desk({"handover", "return", "L-20261130-01", numbers[0], numbers[1] + "=rejected:经营范围不符"});
  REQUIRE_MESSAGE(back.exit_code == 0, back.err);
  CHECK(back.out.find("returned") != std::string::npos);
  CHECK(desk({"handover", "return", "L-20261130-01", numbers[0] + "=rejected"}).exit_code == 2);  // reasons needed
  std::string signed_text = pdf_text(dir, "after.pdf", ctl({"handover", "print", "L-20261130-01"}).out);
  CHECK(signed_text.find("李四") != std::string::npos);
  CHECK(ctl({"handovers"}).out.find("received by 李四") != std::string::npos);

  // Ready, collected at the pickup window, and on the day's register.
  LineClient admin(server.port()), pickup(server.port());
  REQUIRE(admin.hello("admin", "admin", "demo-admin-token").value("ok", false));
  REQUIRE(pickup.hello("caller", "caller-8", "demo-caller-8-token").value("ok", false));
  ok(pickup.request({{"op", "login"}, {"window", 8}, {"clerk", "c02"}, {"pin", "1002"}}, std::chrono::seconds(20)));
  for (const auto& n : numbers) {
    auto ready = ctl({"case", "ready", n});
    REQUIRE_MESSAGE(ready.exit_code == 0, ready.err);
    CHECK(ready.out.find("ready_for_pickup") != std::string::npos);
    ok(pickup.request({{"op", "case_pickup"}, {"window", 8}, {"number", n}, {"id_number", kCaseApplicant}}));
  }
  auto reg = ctl({"register", "print"});
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  std::string reg_text = pdf_text(dir, "register.pdf", reg.out);
  CHECK(reg_text.find("出件登记簿") != std::string::npos);
  CHECK(reg_text.find("2026-11-30") != std::string::npos);
  CHECK(reg_text.find(numbers[0]) != std::string::npos);
  CHECK(reg_text.find(numbers[1]) != std::string::npos);
  CHECK(reg_text.find("本人") != std::string::npos);
  CHECK(reg_text.find("复核人") != std::string::npos);
  CHECK(ctl({"notifications"}).out.find("no notifications") != std::string::npos);  // no phone was given
}
