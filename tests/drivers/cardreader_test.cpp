#include "drivers/cardreader/reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "drivers/usb/errors.hpp"
#include "tests/drivers/fake_reader.hpp"
#include "tests/drivers/pty_reader.hpp"

using namespace hallq::cardreader;
using hallq::test::Bytes;
using hallq::test::PtyReader;

namespace {
Bytes hexbytes(const char* s) {
  Bytes out;
  unsigned v;
  int n;
  while (std::sscanf(s, "%2x%n", &v, &n) == 1) {
    out.push_back(static_cast<std::uint8_t>(v));
    s += n;
    while (*s == ' ') ++s;
  }
  return out;
}
}  // namespace

TEST_CASE("command frames match the reference vectors, each checked against the XOR rule") {
  CHECK(build_command(kSamStatus) == hexbytes("AA AA AA 96 69 00 03 11 FF ED"));
  CHECK(build_command(kSamId) == hexbytes("AA AA AA 96 69 00 03 12 FF EE"));
  CHECK(build_command(kFindCard) == hexbytes("AA AA AA 96 69 00 03 20 01 22"));  // not 21, as some code has it
  CHECK(build_command(kSelectCard) == hexbytes("AA AA AA 96 69 00 03 20 02 21"));
  CHECK(build_command(kReadText) == hexbytes("AA AA AA 96 69 00 03 30 01 32"));
  CHECK(build_command(kReadWithFinger) == hexbytes("AA AA AA 96 69 00 03 30 10 23"));
  // The rule itself: XOR from L1 to the byte before CHK.
  for (Command c : {kSamStatus, kFindCard, kReadText}) {
    Bytes f = build_command(c);
    std::uint8_t x = 0;
    for (std::size_t i = 5; i + 1 < f.size(); ++i) x ^= f[i];
    CHECK(f.back() == x);
  }
}

TEST_CASE("answers parse with their status — bad frames are told apart") {
  Answer a;
  std::size_t used = 0;
  Bytes ok = hexbytes("AA AA AA 96 69 00 04 00 00 90 94");
  REQUIRE(parse_answer(ok, a, used) == ParseResult::ok);
  CHECK(used == ok.size());
  CHECK(a.sw3 == 0x90);
  CHECK(a.data.empty());

  Bytes found = hexbytes("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
  REQUIRE(parse_answer(found, a, used) == ParseResult::ok);
  CHECK(a.sw3 == static_cast<std::uint8_t>(Sw3::card_found));
  CHECK(a.data.size() == 4);

  Bytes select = hexbytes("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C");
  CHECK(parse_answer(select, a, used) == ParseResult::ok);

  Bytes samid = hexbytes("AA AA AA 96 69 00 14 00 00 90 05 00 01 00 09 B8 32 01 05 BE 12 00 AD C5 B1 11 63");
  REQUIRE(parse_answer(samid, a, used) == ParseResult::ok);
  std::string id;
  CHECK(sam_id_text(a.data, id) == "05.01-20101129-0001228293-0296863149");

  Bytes corrupt = ok;
  corrupt.back() ^= 1;
  CHECK(parse_answer(corrupt, a, used) == ParseResult::bad_checksum);
  CHECK(used == corrupt.size());
  CHECK(parse_answer(Bytes(ok.begin(), ok.begin() + 8), a, used) == ParseResult::need_more);
  CHECK(parse_answer(Bytes(ok.begin(), ok.begin() + 3), a, used) == ParseResult::need_more);
  CHECK(parse_answer(hexbytes("AA AA 55"), a, used) == ParseResult::bad_preamble);
  CHECK(parse_answer(hexbytes("AA AA AA 96 69 00 02 00 00"), a, used) == ParseResult::bad_length);

  CHECK(describe(0x80) == "no card");
  CHECK(describe(0x10) == "checksum error");
  CHECK(describe(0x66) == "SAM not authorised");
  CHECK(describe(0x5A) == "unknown status");
}

TEST_CASE("the text blocks of all four card types decode to UTF-8 fields") {
  using hallq::test::text_block;
  SUBCASE("resident") {
    auto c = decode_text(hallq::test::resident_block());
    REQUIRE(c);
    CHECK(c->type == CardType::resident);
    CHECK(c->name == "包巴特尔");
    CHECK(c->gender == "1");
    CHECK(gender_name(c->gender) == "男");
    CHECK(c->nation == "02");
    CHECK(nation_name(c->nation) == "蒙古");
    CHECK(c->birth == "1988-02-15");
    CHECK(c->address == "内蒙古通辽市科尔沁区建国路12号");
    CHECK(c->number == "150502198802151230");
    CHECK(c->number_checked);
    CHECK(c->authority == "通辽市公安局科尔沁区分局");
    CHECK(c->valid_from == "2018-03-01");
    CHECK(c->valid_to == "2038-03-01");
  }
  SUBCASE("resident, valid without end") {
    auto b = hallq::test::resident_block();
    auto v = hallq::test::ucs2("长期", 16);
    std::copy(v.begin(), v.end(), b.begin() + 204);
    CHECK(decode_text(b)->valid_to == "长期");
  }
  SUBCASE("J: Hong Kong, Macao and Taiwan residence permit") {
    auto c = decode_text(text_block({{0, 30, "陈大文"},
                                     {30, 2, "1"},
                                     {36, 16, "19900101"},
                                     {52, 70, "内蒙古通辽市开发区"},
                                     {122, 36, "810000199001010019"},
                                     {158, 30, "通辽市公安局"},
                                     {188, 16, "20220101"},
                                     {204, 16, "20270101"},
                                     {220, 18, "H01234567"},
                                     {238, 4, "01"}},
                                    'J'));
    REQUIRE(c);
    CHECK(c->type == CardType::hk_mo_tw);
    CHECK(c->name == "陈大文");
    CHECK(c->number == "810000199001010019");
    CHECK(c->pass_number == "H01234567");
    CHECK(c->issue_count == "01");
    CHECK(c->number_checked);  // residence permit numbers carry a GB 11643 check digit too
    CHECK(c->nation.empty());
  }
  SUBCASE("I: foreigner's permanent residence card, 2017") {
    auto c = decode_text(text_block({{0, 120, "SMITH, JOHN"},
                                     {120, 2, "1"},
                                     {122, 30, "USA150012345678"},
                                     {152, 6, "USA"},
                                     {158, 30, "史密斯"},
                                     {188, 16, "20200101"},
                                     {204, 16, "20300101"},
                                     {220, 16, "19800505"},
                                     {236, 4, "20"},
                                     {240, 8, "1500"}},
                                    'I'));
    REQUIRE(c);
    CHECK(c->type == CardType::foreign_2017);
    CHECK(c->name_en == "SMITH, JOHN");
    CHECK(c->name == "史密斯");
    CHECK(c->number == "USA150012345678");
    CHECK(c->nationality == "USA");
    CHECK(c->birth == "1980-05-05");
    CHECK(c->version == "20");
    CHECK(c->authority == "1500");
    CHECK_FALSE(c->number_checked);
  }
  SUBCASE("Y: foreigner's permanent residence card, 2023") {
    auto c = decode_text(text_block({{0, 30, "巴特"},
                                     {30, 2, "1"},
                                     {32, 4, "00"},
                                     {36, 16, "19850707"},
                                     {52, 70, "BAATAR GANBOLD BATBAYAR DORJ NAMSRA"},  // 35 characters
                                     {122, 36, "911500198507071238"},
                                     {188, 16, "20230801"},
                                     {204, 16, "20330801"},
                                     {220, 22, "I ENKHTUVSH"},  // the rest of the English name
                                     {242, 6, "MNG"},
                                     {250, 6, "OLD"}},
                                    'Y'));
    REQUIRE(c);
    CHECK(c->type == CardType::foreign_2023);
    CHECK(c->name == "巴特");
    CHECK(c->name_en == "BAATAR GANBOLD BATBAYAR DORJ NAMSRAI ENKHTUVSH");
    CHECK(c->renewals == "00");
    CHECK(c->number == "911500198507071238");
    CHECK(c->nationality == "MNG");
    CHECK(c->old_number == "OLD");
    CHECK(c->number_checked);
  }
  SUBCASE("rejects what is not a text block") {
    std::string err;
    CHECK_FALSE(decode_text(Bytes(100, 0x20), &err));
    CHECK(err.find("100 bytes") != std::string::npos);
    auto b = hallq::test::resident_block();
    b[248] = 'Q';
    CHECK_FALSE(decode_text(b, &err));
  }
}

namespace {
ReadOptions quick() {
  ReadOptions o;
  o.wait_for_card = std::chrono::milliseconds(600);
  o.answer = std::chrono::milliseconds(400);
  o.poll = std::chrono::milliseconds(50);
  return o;
}
}  // namespace

TEST_CASE("a serial reader is found by its SAM answer and reads a card") {
  PtyReader pty;
  auto reader = find_serial_reader({"/dev/null-no-such-port", pty.slave});
  REQUIRE(reader);
  std::string sam;
  CHECK_FALSE(reader->sam_id(sam));
  CHECK(sam == "05.01-20101129-0001228293-0296863149");
  IdCard card;
  REQUIRE_FALSE(reader->read(card, quick()));
  CHECK(card.name == "包巴特尔");
  CHECK(card.number == "150502198802151230");
  CHECK(card.photo.size() == 1024);
}

TEST_CASE("a serial reader without a card, with a bad checksum, and a slow one") {
  PtyReader pty;
  IdReader reader(std::make_unique<StreamFrames>(hallq::usb::open_serial(pty.slave)));
  IdCard card;
  SUBCASE("no card: a clear error once the wait is over") {
    pty.fw.card = false;
    auto start = std::chrono::steady_clock::now();
    CHECK(reader.read(card, quick()) == Errc::no_card);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(500));
  }
  SUBCASE("one corrupt answer is retried") {
    pty.fw.corrupt_answers = 1;
    CHECK_FALSE(reader.read(card, quick()));
    CHECK(card.name == "包巴特尔");
  }
  SUBCASE("answers that keep failing their checksum") {
    pty.fw.corrupt_answers = 100;
    CHECK(reader.read(card, quick()) == Errc::checksum);
  }
  SUBCASE("a reader slower than the answer timeout") {
    pty.fw.delay = std::chrono::milliseconds(700);
    CHECK(reader.read(card, quick()) == hallq::usb::Errc::timeout);
  }
}

TEST_CASE("a card that is down but cannot be read is told apart from no card") {
  PtyReader pty;
  IdReader reader(std::make_unique<StreamFrames>(hallq::usb::open_serial(pty.slave)));
  IdCard card;
  auto reads = [&] { return std::count(pty.fw.commands.begin(), pty.fw.commands.end(), std::uint8_t{0x30}); };
  SUBCASE("every read fails (status 41): a damaged card, tried read_attempts times") {
    pty.fw.read_status = 0x41;
    auto ec = reader.read(card, quick());
    CHECK(ec == Errc::read_failed);
    CHECK(ec != Errc::no_card);
    CHECK(ec.message().find("may be damaged") != std::string::npos);
    CHECK(ec.message().find("no card") == std::string::npos);
    CHECK(reads() == quick().read_attempts);
  }
  SUBCASE("the attempts go on past the wait for a card: the card is down") {
    pty.fw.read_status = 0x41;
    ReadOptions o = quick();
    o.wait_for_card = std::chrono::milliseconds(10);
    o.read_attempts = 4;
    CHECK(reader.read(card, o) == Errc::read_failed);
    CHECK(reads() == 4);
  }
  SUBCASE("one failed read while the card is put down, then it reads") {
    pty.fw.read_status = 0x41;
    pty.fw.read_status_times = 1;
    CHECK_FALSE(reader.read(card, quick()));
    CHECK(card.name == "包巴特尔");
  }
}

TEST_CASE("a reader that refuses names the status it answered") {
  PtyReader pty;
  pty.fw.select_status = 0x24;  // unknown error
  IdReader reader(std::make_unique<StreamFrames>(hallq::usb::open_serial(pty.slave)));
  IdCard card;
  auto ec = reader.read(card, quick());
  CHECK(ec == status_error(0x24));
  CHECK(ec.category() == status_category());
  CHECK(ec.message() == "the reader refused: unknown error (0x24)");
  CHECK(status_of(ec) == 0x24);
  CHECK(status_error(0x5A).message() == "the reader refused: unknown status (0x5A)");
  CHECK(status_error(0x00));  // a status of 00 is an error too, not "no error"
  CHECK(status_of(status_error(0x00)) == 0x00);
}

TEST_CASE("a reader whose security module reports a fault is found, and says so") {
  PtyReader faulty;
  faulty.fw.sam_status = 0x60;  // SAM self-test failed
  {
    auto reader = find_serial_reader({faulty.slave});
    REQUIRE(reader);  // it answers: a reader, not an empty port
    auto ec = reader->sam_status();
    CHECK(ec == status_error(0x60));
    CHECK(ec.message().find("SAM self-test failed (0x60)") != std::string::npos);
  }
  {
    std::unique_ptr<hallq::usb::UsbBus> bus;
    std::string error;
    auto reader = open_reader_spec("serial:" + faulty.slave, bus, error);
    REQUIRE_MESSAGE(reader, error);
    CHECK(reader->sam_status() == status_error(0x60));
  }
  // A healthy reader on another port is preferred.
  PtyReader healthy;
  auto reader = find_serial_reader({faulty.slave, healthy.slave});
  REQUIRE(reader);
  CHECK(reader->describe() == healthy.slave);
  CHECK_FALSE(reader->sam_status());
}
