#include "core/domain/crypto.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace hallq::domain;

namespace {
std::vector<std::uint8_t> bytes(const std::string& s) {
  return {s.begin(), s.end()};
}
}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 examples") {
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(to_hex(sha256(million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("HMAC-SHA-256 matches RFC 4231 test cases 2 and 6") {
  CHECK(to_hex(hmac_sha256(bytes("Jefe"), bytes("what do ya want for nothing?"))) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than SHA-256's block is hashed first.
  CHECK(to_hex(hmac_sha256(std::vector<std::uint8_t>(131, 0xaa),
                           bytes("Test Using Larger Than Block-Size Key - Hash Key First"))) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("PBKDF2-HMAC-SHA-256 matches RFC 7914") {
  CHECK(to_hex(pbkdf2_sha256("passwd", bytes("salt"), 1, 64)) ==
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  CHECK(to_hex(pbkdf2_sha256("Password", bytes("NaCl"), 80000, 64)) ==
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
        "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  CHECK_THROWS_AS(pbkdf2_sha256("1234", bytes("salt"), 0, 32), std::invalid_argument);
}

TEST_CASE("PIN hashes are salted and verify only the right PIN") {
  std::string a = hash_pin("1234", 100);
  std::string b = hash_pin("1234", 100);
  CHECK(a != b);  // fresh salt every time
  CHECK(is_pin_hash(a));
  CHECK(verify_pin("1234", a));
  CHECK(verify_pin("1234", b));
  CHECK_FALSE(verify_pin("1235", a));
  CHECK_FALSE(verify_pin("1234", "1234"));
  CHECK_FALSE(is_pin_hash("pbkdf2-sha256$0$00$00"));
  CHECK_FALSE(is_pin_hash("md5$1$aa$bb"));
}

TEST_CASE("new PIN hashes use the current cost, and older ones are marked for an upgrade") {
  CHECK(kPinIterations >= 600'000);  // OWASP 2023 for PBKDF2-HMAC-SHA-256
  std::string fresh = hash_pin("1234");
  CHECK(fresh.starts_with("pbkdf2-sha256$" + std::to_string(kPinIterations) + "$"));
  CHECK_FALSE(pin_needs_rehash(fresh));
  auto with = [](std::uint32_t iterations) {
    return "pbkdf2-sha256$" + std::to_string(iterations) +
           "$c85f3c4ebecbd11f3c5cfd0f733456f1$247e760629a3891b6dbb7dcd940306cf742b0be200ec14e32a39953461ae7911";
  };
  CHECK(pin_needs_rehash(with(20'000)));  // the demo hall's: upgraded on the next good login
  CHECK(pin_needs_rehash(with(kPinIterations - 1)));
  CHECK_FALSE(pin_needs_rehash(with(kPinIterations)));
  CHECK_FALSE(pin_needs_rehash(with(1'000'000)));              // stronger already
  CHECK_FALSE(pin_needs_rehash(with(kMaxPinIterations + 1)));  // over the limit: malformed
  CHECK_FALSE(pin_needs_rehash("1234"));                       // not a hash at all
  CHECK_THROWS_AS(hash_pin("1234", kMaxPinIterations + 1), std::invalid_argument);
}

TEST_CASE("random bytes differ every time, comparisons look at every byte") {
  auto a = random_bytes(32);
  auto b = random_bytes(32);
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK(random_bytes(0).empty());
  CHECK(constant_time_equal(a, a));
  auto c = a;
  c.back() ^= 1;
  CHECK_FALSE(constant_time_equal(a, c));
  CHECK_FALSE(constant_time_equal(a, std::span(a).first(31)));
  CHECK(constant_time_equal({}, {}));
}

TEST_CASE("hex round-trips and rejects junk") {
  CHECK(from_hex("00ff10") == std::vector<std::uint8_t>{0, 255, 16});
  CHECK(from_hex("0g").empty());
  CHECK(from_hex("abc").empty());
}

// Outputs of the hand-written SHA-256/HMAC/PBKDF2 that hallq used before it moved
// to OpenSSL, computed once with that code: stored ID hashes and PIN hashes
// written by any earlier version must keep matching.
TEST_CASE("ID hashes and PIN hashes written by earlier versions still match") {
  SUBCASE("ID hashes: short, 32-byte, longer-than-a-block and empty keys") {
    CHECK(IdHasher({1, 2, 3, 4})("11010519491231002X") ==
          "f731f7092728833fe2b3c45beb1c2ad395409d0a27949c851e0e2c237a2207c0");
    CHECK(IdHasher({1, 2, 3, 4})("150502199001011232") ==
          "419a0d52b7fd5a60f7618986ed2080f9b41855c86d155069b2938be88f7e3ace");
    std::vector<std::uint8_t> key32;  // the size of a server's <db>.key
    for (int i = 0; i < 32; ++i) key32.push_back(static_cast<std::uint8_t>(i * 7 + 3));
    CHECK(IdHasher(key32)("150502199001011232") == "2fb777e4ca9aebc293abc858aca4158ef89109c7a164562d08ba0bb5f5920cba");
    CHECK(IdHasher(std::vector<std::uint8_t>(100, 0xaa))("150502199001011232") ==
          "4d0f607514ad65122bb612f70beabcb545acff9ae29990417aa068a3774905f7");
    CHECK(IdHasher({})("150502199001011232") == "216e6356e1efe95082a5dadfbd91f95b4eb8950394abb6dc4febf07a5a8560a6");
  }
  SUBCASE("PIN hashes at 1,000, 20,000 and 600,000 iterations") {
    const std::pair<const char*, const char*> kPins[] = {
        {"2468",
         "pbkdf2-sha256$1000$524dbe3ec76705581e43da3ebb7197f9$"
         "c0852e30980917572b9e52b780a600b7a0e47a80b3d7546e6e48473064335b00"},
        {"1001",
         "pbkdf2-sha256$20000$9ceec549b40d61035e024319507d83f9$"
         "b2318b790256b9db87635d65718d2fb489d871d5d7a2d3a2796dd99985b3e932"},
        {"123456",
         "pbkdf2-sha256$600000$c486ec6fa1a68cb399171a11cfa86617$"
         "dea57c1db141139d40b68c865b7d77bc728ffc5293b5d4d06fc3f049b702854b"},
    };
    for (const auto& [pin, encoded] : kPins) {
      CAPTURE(encoded);
      CHECK(is_pin_hash(encoded));
      CHECK(verify_pin(pin, encoded));
      CHECK_FALSE(verify_pin(std::string(pin) + "0", encoded));
    }
  }
}

namespace {
// (PIN, pin_hash) of every clerk in a hall file whose pin_hash line ends in a
// comment naming the PIN ("# 1111", "# demo PIN 1001").
std::vector<std::pair<std::string, std::string>> clerk_pins(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("pin_hash = \"")) continue;
    auto close = line.find('"', 12);
    auto hash = line.find('#', close);
    REQUIRE(close != std::string::npos);
    REQUIRE(hash != std::string::npos);
    out.emplace_back(line.substr(line.find_last_of(' ') + 1), line.substr(12, close - 12));
  }
  return out;
}
}  // namespace

TEST_CASE("the clerk PINs of the demo hall and the test hall verify") {
  auto demo = clerk_pins(HALLQ_SOURCE_DIR "/assets/halls/demo.toml");
  REQUIRE(demo.size() == 16);
  for (std::size_t i = 0; i < demo.size(); ++i) {
    CAPTURE(demo[i].second);
    CHECK(demo[i].first == std::to_string(1001 + i));  // c01..c16: 1001..1016
    CHECK(verify_pin(demo[i].first, demo[i].second));
    CHECK_FALSE(verify_pin("0000", demo[i].second));
  }
  auto test = clerk_pins(HALLQ_SOURCE_DIR "/tests/data/hall.toml");
  REQUIRE(test.size() == 3);
  const char* kTestPins[] = {"1111", "2222", "3333"};
  for (std::size_t i = 0; i < test.size(); ++i) {
    CAPTURE(test[i].second);
    CHECK(test[i].first == kTestPins[i]);
    CHECK(verify_pin(test[i].first, test[i].second));
    CHECK_FALSE(verify_pin("1234", test[i].second));
  }
}

TEST_CASE("a sealed call-back number opens with the same key only, and not once tampered with") {
  std::vector<std::uint8_t> key(32, 7), other(32, 8);
  Sealer sealer(key);
  std::string a = sealer.seal("13812345678"), b = sealer.seal("13812345678");
  CHECK(a.rfind("gcm1$", 0) == 0);
  CHECK(a != b);  // a fresh nonce each time
  CHECK(a.find("13812345678") == std::string::npos);
  CHECK(sealer.open(a) == std::optional<std::string>("13812345678"));
  CHECK_FALSE(Sealer(other).open(a));
  std::string flipped = a;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK_FALSE(sealer.open(flipped));
  CHECK_FALSE(sealer.open("13812345678"));
  CHECK(sealer.open(sealer.seal("")) == std::optional<std::string>(""));
}

TEST_CASE("a visit token names its own ticket only: another number, day or key, or a changed digit, is refused") {
  std::vector<std::uint8_t> key(32, 7), other(32, 8);
  VisitTokens tokens(key);
  std::string t = tokens.make("2026-11-30", "A012");
  CHECK(t.rfind("20261130-A012-", 0) == 0);
  CHECK(t.size() == std::string("20261130-A012-").size() + 20);
  CHECK(tokens.make("2026-11-30", "A012") == t);  // stateless: the same ticket, the same token
  auto v = tokens.check(t);
  REQUIRE(v);
  CHECK(v->day == "2026-11-30");
  CHECK(v->number == "A012");
  CHECK_FALSE(VisitTokens(other).check(t));
  std::string mac = t.substr(t.rfind('-'));
  CHECK_FALSE(tokens.check("20261130-A013" + mac));  // someone else's ticket with this MAC
  CHECK_FALSE(tokens.check("20261201-A012" + mac));
  std::string flipped = t;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK_FALSE(tokens.check(flipped));
  for (const char* bad : {"", "-", "20261130-A012", "20261130--0123456789abcdef0123",
                          "2026113X-A012-0123456789abcdef0123", "20261130-A012-0123456789abcdef012"})
    CHECK_FALSE(tokens.check(bad));
}
