#include "core/domain/crypto.hpp"

#include <doctest/doctest.h>

#include <string>

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

TEST_CASE("HMAC-SHA-256 matches RFC 4231 test case 2") {
  CHECK(to_hex(hmac_sha256(bytes("Jefe"), bytes("what do ya want for nothing?"))) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("PBKDF2-HMAC-SHA-256 matches RFC 7914") {
  CHECK(to_hex(pbkdf2_sha256("passwd", bytes("salt"), 1, 64)) ==
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
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

TEST_CASE("hex round-trips and rejects junk") {
  CHECK(from_hex("00ff10") == std::vector<std::uint8_t>{0, 255, 16});
  CHECK(from_hex("0g").empty());
  CHECK(from_hex("abc").empty());
}
