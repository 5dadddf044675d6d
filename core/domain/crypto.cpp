#include "core/domain/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <memory>
#include <stdexcept>

namespace hallq::domain {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// OpenSSL takes int lengths; anything larger is a caller's mistake, not data.
int int_size(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument(std::string(what) + " is too large");
  return static_cast<int>(n);
}

// Empty spans may carry a null pointer; OpenSSL reads nothing from this one.
const std::uint8_t* data_of(std::span<const std::uint8_t> s) {
  static const std::uint8_t kNothing = 0;
  return s.empty() ? &kNothing : s.data();
}

[[noreturn]] void fail(const char* what) {
  unsigned long e = ERR_get_error();
  char reason[256] = "no OpenSSL error queued";
  if (e != 0) ERR_error_string_n(e, reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error(std::string(what) + " failed: " + reason);
}

}  // namespace

Digest sha256(std::span<const std::uint8_t> data) {
  Digest out;
  unsigned int len = 0;
  if (EVP_Digest(data_of(data), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size())
    fail("SHA-256");
  return out;
}

Digest sha256(std::string_view data) {
  return sha256(bytes_of(data));
}

Digest hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  Digest out;
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), data_of(key), int_size(key.size(), "HMAC key"), data_of(message), message.size(), out.data(),
           &len) == nullptr ||
      len != out.size())
    fail("HMAC-SHA-256");
  return out;
}

std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                        std::uint32_t iterations, std::size_t length) {
  if (iterations == 0 || iterations > kMaxPinIterations)
    throw std::invalid_argument("PBKDF2 iterations must be 1.." + std::to_string(kMaxPinIterations));
  std::vector<std::uint8_t> out(length);
  if (length == 0) return out;
  // PKCS5_PBKDF2_HMAC runs in PKCS #5 mode: no SP 800-132 minimums, so short test
  // salts and low counts behave as RFC 8018 says.
  if (PKCS5_PBKDF2_HMAC(password.empty() ? "" : password.data(), int_size(password.size(), "password"), data_of(salt),
                        int_size(salt.size(), "salt"), static_cast<int>(iterations), EVP_sha256(),
                        int_size(length, "PBKDF2 length"), out.data()) != 1)
    fail("PBKDF2-HMAC-SHA-256");
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

std::vector<std::uint8_t> from_hex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  if (hex.size() % 2 != 0) return out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned v = 0;
    auto r = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
    if (r.ec != std::errc{} || r.ptr != hex.data() + i + 2) return {};
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

void wipe_string(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(data_of(a), data_of(b), a.size()) == 0;
}

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (n > 0 && RAND_bytes(out.data(), int_size(n, "random byte count")) != 1) fail("RAND_bytes");
  return out;
}

std::string hash_pin(std::string_view pin, std::uint32_t iterations) {
  auto salt = random_bytes(16);
  auto hash = pbkdf2_sha256(pin, salt, iterations, 32);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt) + "$" + to_hex(hash);
}

namespace {
struct PinHash {
  std::uint32_t iterations = 0;
  std::vector<std::uint8_t> salt, hash;
};

bool parse_pin_hash(std::string_view s, PinHash& out) {
  constexpr std::string_view kPrefix = "pbkdf2-sha256$";
  if (!s.starts_with(kPrefix)) return false;
  s.remove_prefix(kPrefix.size());
  auto d1 = s.find('$');
  if (d1 == std::string_view::npos) return false;
  auto d2 = s.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  auto r = std::from_chars(s.data(), s.data() + d1, out.iterations);
  if (r.ec != std::errc{} || r.ptr != s.data() + d1 || out.iterations == 0 || out.iterations > kMaxPinIterations)
    return false;
  out.salt = from_hex(s.substr(d1 + 1, d2 - d1 - 1));
  out.hash = from_hex(s.substr(d2 + 1));
  return !out.salt.empty() && out.hash.size() >= 16;
}
}  // namespace

bool is_pin_hash(std::string_view encoded) {
  PinHash h;
  return parse_pin_hash(encoded, h);
}

bool verify_pin(std::string_view pin, std::string_view encoded) {
  PinHash h;
  if (!parse_pin_hash(encoded, h)) return false;
  auto got = pbkdf2_sha256(pin, h.salt, h.iterations, h.hash.size());
  return constant_time_equal(got, h.hash);
}

bool pin_needs_rehash(std::string_view encoded) {
  PinHash h;
  return parse_pin_hash(encoded, h) && h.iterations < kPinIterations;
}

std::string IdHasher::operator()(std::string_view id) const {
  return to_hex(hmac_sha256(key_, bytes_of(id)));
}

namespace {
constexpr std::string_view kSealPrefix = "gcm1$";
constexpr std::size_t kNonce = 12, kTag = 16;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
}  // namespace

Sealer::Sealer(std::span<const std::uint8_t> id_key) : key_(hmac_sha256(id_key, bytes_of("hallq seal v1"))) {}

std::string Sealer::seal(std::string_view plain) const {
  std::vector<std::uint8_t> out = random_bytes(kNonce);
  out.resize(kNonce + plain.size() + kTag);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, fin = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), out.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data() + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonce + len, &fin) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, out.data() + kNonce + plain.size()) != 1)
    fail("AES-256-GCM encryption");
  return std::string(kSealPrefix) + to_hex(out);
}

std::optional<std::string> Sealer::open(std::string_view sealed) const {
  if (sealed.substr(0, kSealPrefix.size()) != kSealPrefix) return std::nullopt;
  std::vector<std::uint8_t> in = from_hex(sealed.substr(kSealPrefix.size()));
  if (in.size() < kNonce + kTag) return std::nullopt;
  const std::size_t n = in.size() - kNonce - kTag;
  std::string plain(n, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0, fin = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), in.data()) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, in.data() + kNonce,
                        static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, in.data() + kNonce + n) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &fin) != 1)
    return std::nullopt;  // tampered with, or another key
  return plain;
}

namespace {
constexpr std::size_t kTokenMacHex = 20;  // 80 bits
bool all_of_class(std::string_view s, int (*is)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [is](char c) { return is(static_cast<unsigned char>(c)) != 0; });
}
}  // namespace

VisitTokens::VisitTokens(std::span<const std::uint8_t> id_key)
    : key_(hmac_sha256(id_key, bytes_of("hallq visit token v1"))) {}

std::string VisitTokens::mac(std::string_view compact_day, std::string_view number) const {
  std::string message = std::string(compact_day) + "|" + std::string(number);
  return to_hex(hmac_sha256(key_, bytes_of(message))).substr(0, kTokenMacHex);
}

std::string VisitTokens::make(std::string_view day, std::string_view number) const {
  std::string compact;
  for (char c : day)
    if (c != '-') compact.push_back(c);
  return compact + "-" + std::string(number) + "-" + mac(compact, number);
}

std::optional<VisitTokens::Visit> VisitTokens::check(std::string_view token) const {
  auto a = token.find('-'), b = token.rfind('-');
  if (a == std::string_view::npos || a == b) return std::nullopt;
  std::string_view compact = token.substr(0, a), number = token.substr(a + 1, b - a - 1), given = token.substr(b + 1);
  if (compact.size() != 8 || !all_of_class(compact, isdigit) || number.size() > 8 || !all_of_class(number, isalnum) ||
      given.size() != kTokenMacHex)
    return std::nullopt;
  std::string expected = mac(compact, number);
  if (!constant_time_equal(bytes_of(expected), bytes_of(given))) return std::nullopt;
  std::string day = std::string(compact.substr(0, 4)) + "-" + std::string(compact.substr(4, 2)) + "-" +
                    std::string(compact.substr(6, 2));
  return Visit{day, std::string(number)};
}

}  // namespace hallq::domain
