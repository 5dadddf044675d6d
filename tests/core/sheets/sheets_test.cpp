#include "core/sheets/sheets.hpp"

#include "tests/support/process.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace hallq::sheets;
using hallq::test::has;
using hallq::test::run;
using hallq::test::TempDir;

namespace {

// Names and services as in assets/halls/demo.toml.
// clang-format would split the long Mongolian literal again on every run.
// clang-format off
const Text3 kHall{"通辽经济技术开发区政务服务中心",
                  "ᠲᠦᠩᠯᠢᠶᠣᠣ ᠡᠳ᠋ ᠦᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠲᠧᠺᠨᠢᠺ ᠦᠨ ᠨᠡᠭᠡᠭᠡᠯᠲᠡ ᠶᠢᠨ ᠣᠷᠣᠨ ᠤ ᠵᠠᠰᠠᠭ ᠤᠨ ᠠᠯᠪᠠᠨ ᠤ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ "
                  "ᠲᠥᠪ",
                  "Tongliao ETDZ Government Service Centre"};
// clang-format on
const Text3 kBusiness{"企业开办", "ᠠᠵᠤ ᠠᠬᠤᠢ ᠨᠡᠭᠡᠭᠡᠬᠦ", "Business start-up"};
const Text3 kRealEstate{
    "不动产登记", "ᠦᠯᠦ ᠬᠥᠳᠡᠯᠬᠦ ᠡᠳ᠋ ᠬᠥᠷᠥᠩᠭᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ",
    "Real estate registration"};
const Text3 kConstruction{"工程建设项目审批", "ᠪᠠᠷᠢᠯᠭ᠎ᠠ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠲᠠ ᠶᠢᠨ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠯ", "Construction permits"};
// The Mongolian titles (for native review, like assets/i18n/mn.json).
const std::string kHandoverTitleMn =
    "ᠪᠢᠴᠢᠭ ᠮᠠᠲ᠋ᠸᠷᠢᠶᠠᠯ ᠤᠨ ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠬᠦᠰᠦᠨᠦᠭᠲᠦ";
const std::string kRegisterTitleMn =
    "ᠦᠷ᠎ᠡ ᠳ᠋ᠦᠩ ᠬᠦᠯᠢᠶᠡᠯᠭᠡᠬᠦ ᠪᠦᠷᠢᠳᠬᠡᠯ";

HandoverLabels handover_labels() {
  HandoverLabels l;
  l.title = {"材料流转单", kHandoverTitleMn, "Case file hand-over sheet"};
  l.sheet_number = {"编号", "", "No."};
  l.department = {"接收部门", "", "Department"};
  l.created = {"制单", "", "Prepared"};
  l.count = {"共 {count} 件", "", "{count} cases"};
  l.case_number = {"受理编号", "", "Case no."};
  l.service = {"事项", "", "Service"};
  l.applicant = {"申请人", "", "Applicant"};
  l.accepted = {"受理日期", "", "Accepted"};
  l.due = {"承诺办结", "", "Due"};
  l.materials = {"材料", "", "Materials"};
  l.handed_over_by = {"移交人", "", "Handed over by"};
  l.received_by = {"接收人", "", "Received by"};
  l.returned = {"退回人", "", "Returned by"};
  l.date = {"日期", "", "Date"};
  l.page = {"第 {n} 页 共 {total} 页", "", "Page {n} of {total}"};
  return l;
}

RegisterLabels register_labels() {
  RegisterLabels l;
  l.title = {"出件登记簿", kRegisterTitleMn, "Pickup register"};
  l.day = {"日期", "", "Date"};
  l.count = {"共 {count} 件", "", "{count} collected"};
  l.time = {"时间", "", "Time"};
  l.case_number = {"受理编号", "", "Case no."};
  l.service = {"事项", "", "Service"};
  l.applicant = {"申请人", "", "Applicant"};
  l.collected_by = {"领取人", "", "Collected by"};
  l.window = {"窗口", "", "Window"};
  l.clerk = {"经办", "", "Clerk"};
  l.signature = {"领取人签字", "", "Signature"};
  l.handled_by = {"经办人", "", "Handled by"};
  l.checked_by = {"复核人", "", "Checked by"};
  l.date = {"日期", "", "Date"};
  l.page = {"第 {n} 页 共 {total} 页", "", "Page {n} of {total}"};
  return l;
}

std::string case_number(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SL20261126%04d", i);
  return buf;
}

HandoverSheet handover(int rows) {
  HandoverSheet s;
  s.hall = kHall;
  s.number = "LZ-20261126-03";
  s.department = {"不动产登记中心", "", "Real Estate Registration Centre"};
  s.created_at = "2026-11-26 14:05";
  s.created_by = "王丽";
  const Text3 services[] = {kBusiness, kRealEstate, kConstruction};
  const std::string names[] = {"王*丽", "包**", "白*", "乌*云"};
  for (int i = 1; i <= rows; ++i) {
    HandoverRow r;
    r.case_number = case_number(i);
    r.service = services[i % 3];
    r.applicant = names[i % 4];
    r.accepted = "2026-11-26";
    r.due = "2026-12-03";
    r.materials = {"居民身份证原件 1份", "不动产权证书 1份"};
    if (i % 5 == 0) r.materials.push_back("购房合同 1份（复印件，加盖公章，与原件核对一致）");
    s.rows.push_back(std::move(r));
  }
  return s;
}

PickupRegister pickup_register(int rows) {
  PickupRegister reg;
  reg.hall = kHall;
  reg.day = "2026-11-26";
  for (int i = 1; i <= rows; ++i) {
    reg.rows.push_back({"09:" + std::to_string(10 + i % 50), case_number(i), i % 2 ? kRealEstate : kBusiness, "包**",
                        i % 2 ? "本人" : "李*（代领：申请人住院）", "统一出件窗口", "乌云"});
  }
  return reg;
}

// The PDF as a file, and what poppler reads from it.
struct Pdf {
  TempDir dir;
  std::string file;
  explicit Pdf(const std::string& bytes) : file(dir.path("sheet.pdf")) { dir.write("sheet.pdf", bytes); }

  std::string text(int first = 0, int last = 0) const {
    std::vector<std::string> argv = {"pdftotext", "-enc", "UTF-8"};
    if (first > 0) argv.insert(argv.end(), {"-f", std::to_string(first), "-l", std::to_string(last)});
    argv.insert(argv.end(), {file, "-"});
    auto r = run(argv);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }
  int pages() const {
    auto r = run({"pdfinfo", file});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto at = r.out.find("Pages:");
    REQUIRE(at != std::string::npos);
    return std::stoi(r.out.substr(at + 6));
  }
  std::string fonts() const {
    auto r = run({"pdffonts", file});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Characters from the Mongolian block (U+1800–U+18AF: UTF-8 E1 A0 80 – E1 A2 AF).
size_t mongolian_letters(const std::string& text) {
  size_t n = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    auto b0 = static_cast<unsigned char>(text[i]), b1 = static_cast<unsigned char>(text[i + 1]);
    if (b0 == 0xE1 && b1 >= 0xA0 && b1 <= 0xA2) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("a hand-over sheet prints the title, every case, the masked applicants and the services as text") {
  HandoverSheet s = handover(4);
  s.received_by = "包金花";
  s.received_at = "2026-11-26 15:30";
  Pdf pdf(handover_pdf(s, handover_labels()));
  CHECK(pdf.pages() == 1);
  std::string text = pdf.text();
  CHECK(has(text, "通辽经济技术开发区政务服务中心"));
  CHECK(has(text, "材料流转单"));
  CHECK(has(text, "Case file hand-over sheet"));
  CHECK(has(text, "LZ-20261126-03"));
  CHECK(has(text, "不动产登记中心"));
  CHECK(has(text, "共 4 件"));
  for (int i = 1; i <= 4; ++i) CHECK_MESSAGE(count(text, case_number(i)) == 1, case_number(i));
  for (const char* name : {"王*丽", "包**", "白*", "乌*云"}) CHECK_MESSAGE(has(text, name), name);
  for (const char* service : {"企业开办", "不动产登记", "工程建设项目审批"}) CHECK_MESSAGE(has(text, service), service);
  CHECK(has(text, "居民身份证原件 1份"));
  CHECK(has(text, "2026-12-03"));
  // The column headings and the signature lines, the receiver's name and time printed on theirs.
  for (const char* label : {"受理编号", "申请人", "承诺办结", "移交人", "接收人", "退回人", "日期"})
    CHECK_MESSAGE(has(text, label), label);
  CHECK(has(text, "包金花"));
  CHECK(has(text, "2026-11-26 15:30"));
  CHECK(has(text, "第 1 页 共 1 页"));
}

TEST_CASE("a hand-over sheet not yet received leaves the receiver's lines blank to sign by hand") {
  Pdf pdf(handover_pdf(handover(2), handover_labels()));
  std::string text = pdf.text();
  CHECK(has(text, "接收人"));
  CHECK_FALSE(has(text, "包金花"));
  CHECK_FALSE(has(text, "15:30"));
}

TEST_CASE("a 60-case sheet breaks across pages with the column headings and page numbers on each") {
  Pdf pdf(handover_pdf(handover(60), handover_labels()));
  const int pages = pdf.pages();
  REQUIRE(pages > 1);
  for (int p = 1; p <= pages; ++p) {
    std::string page = pdf.text(p, p);
    CAPTURE(p);
    CHECK(has(page, "受理编号"));
    CHECK(has(page, "Case no."));
    CHECK(has(page, "承诺办结"));
    CHECK(has(page, "第 " + std::to_string(p) + " 页 共 " + std::to_string(pages) + " 页"));
    if (p > 1) CHECK(has(page, "材料流转单"));  // the running head names the sheet
  }
  // Every case once, none lost or doubled at a break; the signatures after the last one.
  std::string all = pdf.text();
  for (int i = 1; i <= 60; ++i) CHECK_MESSAGE(count(all, case_number(i)) == 1, case_number(i));
  std::string last = pdf.text(pages, pages);
  CHECK(has(last, case_number(60)));
  CHECK(has(last, "移交人"));
  CHECK_FALSE(has(pdf.text(1, 1), "移交人"));
}

TEST_CASE("a case with more materials than a page holds continues on the next page without losing a line") {
  HandoverSheet s = handover(3);
  s.rows[1].materials.clear();
  for (int i = 1; i <= 90; ++i) s.rows[1].materials.push_back("补充材料第" + std::to_string(i) + "项");
  Pdf pdf(handover_pdf(s, handover_labels()));
  CHECK(pdf.pages() >= 2);
  std::string all = pdf.text();
  for (int i = 1; i <= 90; ++i) {
    std::string line = "补充材料第" + std::to_string(i) + "项";
    CHECK_MESSAGE(count(all, line) == 1, line);
  }
  CHECK(has(all, case_number(3)));
  CHECK(has(pdf.text(2, 2), case_number(2)));  // the continued row names its case again
}

TEST_CASE("the Mongolian title and hall name are text in the Mongolian font") {
  Pdf pdf(handover_pdf(handover(1), handover_labels()));
  CHECK(has(pdf.fonts(), "NotoSansMongolian"));
  CHECK(has(pdf.fonts(), "NotoSansCJK"));
  // pdftotext reads the turned columns in an order of its own (last column first); the letters and
  // whole words are there.
  std::string text = pdf.text();
  CHECK(mongolian_letters(text) >= 20);
  CHECK(has(text, "ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ"));  // from the title
  CHECK(has(text, "ᠲᠦᠩᠯᠢᠶᠣᠣ"));    // from the hall's name
}

TEST_CASE("a training hall's sheet says so first on every page, and a real hall's has no mark") {
  const Text3 mark{"培训用纸 · 不是真实业务", "ᠰᠤᠷᠭᠠᠯᠲᠠ ᠶᠢᠨ ᠴᠠᠭᠠᠰᠤ", "TRAINING paper"};
  HandoverSheet s = handover(60);
  s.mark = mark;
  Pdf pdf(handover_pdf(s, handover_labels()));
  const int pages = pdf.pages();
  REQUIRE(pages > 1);
  for (int p = 1; p <= pages; ++p) {
    std::string page = pdf.text(p, p);
    CAPTURE(p);
    REQUIRE(has(page, mark.zh));
    CHECK(has(page, mark.en));
    // Above the hall and the title on page 1, above the running head after it: the first line.
    const std::string head = p == 1 ? kHall.zh : "材料流转单";
    REQUIRE(has(page, head));
    REQUIRE(has(page, "受理编号"));
    CHECK(page.find(mark.zh) < page.find(head));
    CHECK(page.find(mark.zh) < page.find("受理编号"));
  }
  CHECK(has(pdf.text(1, 1), "ᠰᠤᠷᠭᠠᠯᠲᠠ"));  // its Mongolian among page 1's columns
  // The register and the report of figures carry it too; without it, nothing is printed in its place.
  PickupRegister reg = pickup_register(3);
  reg.mark = mark;
  CHECK(has(Pdf(pickup_register_pdf(reg, register_labels())).text(), mark.zh));
  FigureReport report;
  report.hall = kHall;
  report.title = {"政务服务月度报告", "", "Monthly service report"};
  report.mark = mark;
  CHECK(has(Pdf(figure_report_pdf(report, {})).text(), mark.zh));
  std::string real = Pdf(handover_pdf(handover(2), handover_labels())).text();
  CHECK_FALSE(has(real, mark.zh));
  CHECK_FALSE(has(real, "ᠰᠤᠷᠭᠠᠯᠲᠠ"));
}

TEST_CASE("a sheet renders to an image") {
  Pdf pdf(pickup_register_pdf(pickup_register(5), register_labels()));
  auto r = run({"pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", pdf.file, pdf.dir.path("page")});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.empty());
  std::ifstream png(pdf.dir.path("page-1.png"), std::ios::binary);
  std::string head(8, '\0');
  REQUIRE(png.read(head.data(), 8));
  CHECK(head == "\x89PNG\r\n\x1a\n");
}

TEST_CASE("the pickup register lists each collection with who collected it, and lines for the staff to sign") {
  Pdf pdf(pickup_register_pdf(pickup_register(6), register_labels()));
  std::string text = pdf.text();
  CHECK(has(text, "出件登记簿"));
  CHECK(has(text, "2026-11-26"));
  CHECK(has(text, "共 6 件"));
  for (int i = 1; i <= 6; ++i) CHECK_MESSAGE(count(text, case_number(i)) == 1, case_number(i));
  CHECK(has(text, "本人"));
  CHECK(has(text, "代领"));
  CHECK(has(text, "统一出件窗口"));
  CHECK(has(text, "不动产登记"));
  for (const char* label : {"时间", "领取人", "领取人签字", "经办人", "复核人"}) CHECK_MESSAGE(has(text, label), label);
  CHECK(has(pdf.fonts(), "NotoSansMongolian"));
}

TEST_CASE("a long pickup register repeats its headings on every page") {
  Pdf pdf(pickup_register_pdf(pickup_register(80), register_labels()));
  const int pages = pdf.pages();
  REQUIRE(pages > 1);
  for (int p = 1; p <= pages; ++p) {
    CAPTURE(p);
    std::string page = pdf.text(p, p);
    CHECK(has(page, "受理编号"));
    CHECK(has(page, "领取人"));
  }
  CHECK(has(pdf.text(pages, pages), "复核人"));
}

TEST_CASE("the lines to sign never stand alone on a page: the last row goes over with them") {
  // Every length up to two pages: at some of them the rows end just above the page's bottom.
  int pushed = 0;
  for (int rows = 1; rows <= 48; ++rows) {
    CAPTURE(rows);
    Pdf pdf(pickup_register_pdf(pickup_register(rows), register_labels()));
    const int pages = pdf.pages();
    std::string last = pdf.text(pages, pages);
    REQUIRE(has(last, "复核人"));
    CHECK(has(last, case_number(rows)));
    const std::string all = pdf.text();
    for (int i = 1; i <= rows; ++i) REQUIRE_MESSAGE(count(all, case_number(i)) == 1, case_number(i));
    if (pages > 1 && !has(last, case_number(rows - 1))) ++pushed;
  }
  CHECK(pushed > 0);  // some length did end with one row and the signatures on the last page
}

namespace {

// A report of figures like the training report (docs/training.md): a table of `figures` labelled rows,
// then a Mistakes table of `mistakes` rows (X001, X002, …), its caption and heading row the last before
// the signatures.
FigureReport two_tables(int figures, int mistakes) {
  FigureReport report;
  report.hall = kHall;
  report.title = {"培训考核报告", "", "Training assessment report"};
  report.id = "2026-11-30 c01";
  FigureTable work;
  work.caption = {"工作量", "", "Work"};
  work.headings = {{"项目", "", "Figure"}, {"数值", "", "Value"}};
  work.total_last = false;
  work.en_beside = true;
  for (int i = 1; i <= figures; ++i) work.rows.push_back({{"叫号", "", "Called"}, {std::to_string(i), "", ""}});
  FigureTable wrong;
  wrong.caption = {"差错", "", "Mistakes"};
  wrong.headings = {{"号码", "", "Ticket"}, {"说明", "", "What"}};
  wrong.text_columns = 2;
  wrong.total_last = false;
  for (int i = 1; i <= mistakes; ++i) {
    char ticket[16];
    std::snprintf(ticket, sizeof ticket, "X%03d", i);
    wrong.rows.push_back({{ticket, "", ""}, {"群众已到却按过号处理", "", "Marked a no-show for a citizen who came"}});
  }
  report.tables = {std::move(work), std::move(wrong)};
  return report;
}

FigureLabels figure_labels() {
  FigureLabels l;
  l.prepared_by = {"培训老师", "", "Trainer"};
  l.checked_by = {"考核人", "", "Assessor"};
  l.date = {"日期", "", "Date"};
  l.page = {"第 {n} 页 共 {total} 页", "", "Page {n} of {total}"};
  return l;
}

// The page (1, 2, …) whose text has `what`; 0 when none has.
int page_of(const Pdf& pdf, const std::string& what) {
  for (int p = 1; p <= pdf.pages(); ++p)
    if (has(pdf.text(p, p), what)) return p;
  return 0;
}

}  // namespace

// An outside probe: every training report was two pages, the Mistakes caption and heading row alone at
// the foot of page 1 and its one row ("— 无差错") on page 2.
TEST_CASE("a table's caption and heading row never end a page without a row under them") {
  // Every length of the first table up to two pages: at some, the second table's caption and heading
  // fit at the foot of page 1 and its row (with the lines to sign) does not.
  int moved = 0;
  for (int figures = 10; figures <= 50; figures += 2) {
    CAPTURE(figures);
    Pdf pdf(figure_report_pdf(two_tables(figures, 1), figure_labels()));
    const int caption = page_of(pdf, "Mistakes");
    REQUIRE(caption > 0);
    CHECK(page_of(pdf, "X001") == caption);
    CHECK(page_of(pdf, "Ticket") == caption);
    CHECK(page_of(pdf, "Assessor") == caption);
    if (caption > 1 && has(pdf.text(caption - 1, caption - 1), "Called")) ++moved;
  }
  CHECK(moved > 0);
}

TEST_CASE("a figure table that breaks goes on under its heading row, and en beside zh keeps a row one line") {
  Pdf pdf(figure_report_pdf(two_tables(7, 80), figure_labels()));
  const int pages = pdf.pages();
  REQUIRE(pages > 1);
  for (int p = 1; p <= pages; ++p) {
    CAPTURE(p);
    std::string page = pdf.text(p, p);
    if (!has(page, "X0")) continue;
    CHECK(has(page, "号码"));
    CHECK(has(page, "Ticket"));
    CHECK(page.find("Ticket") < page.find("X0"));
  }
  std::string all = pdf.text();
  for (const char* row : {"X001", "X040", "X080"}) CHECK_MESSAGE(count(all, row) == 1, row);
  CHECK(has(all, "叫号 Called"));  // en_beside: one paragraph
  CHECK(has(all, "项目 Figure"));
  CHECK(has(pdf.text(1, 1), "群众已到却按过号处理\nMarked"));  // not en_beside: en under zh
  // Seven figures and a few mistakes: one page, as a trainee's report.
  CHECK(Pdf(figure_report_pdf(two_tables(7, 3), figure_labels())).pages() == 1);
}

TEST_CASE("an empty register still prints the headings and the lines to sign") {
  Pdf pdf(pickup_register_pdf(pickup_register(0), register_labels()));
  CHECK(pdf.pages() == 1);
  std::string text = pdf.text();
  CHECK(has(text, "受理编号"));
  CHECK(has(text, "共 0 件"));
  CHECK(has(text, "经办人"));
}

TEST_CASE("bytes that are not UTF-8 are printed as a replacement mark and the rest of the sheet stays") {
  HandoverSheet s = handover(2);
  s.rows[0].applicant = "王\xff\xfe丽";
  std::string bytes;
  REQUIRE_NOTHROW(bytes = handover_pdf(s, handover_labels()));
  Pdf pdf(bytes);
  std::string text = pdf.text();
  CHECK(has(text, case_number(2)));
  CHECK(has(text, "丽"));
}
