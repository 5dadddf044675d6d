#pragma once
// Small, dependency-free hashing for personal data and PINs:
// SHA-256 (FIPS 180-4), HMAC-SHA-256 (RFC 2104) and PBKDF2-HMAC-SHA-256 (RFC 8018).
// Used for the keyed hash of ID numbers and for clerk PINs; nothing here encrypts.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::domain {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::span<const std::uint8_t> data);
Digest sha256(std::string_view data);
Digest hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);
std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                        std::uint32_t iterations, std::size_t length);

std::string to_hex(std::span<const std::uint8_t> bytes);
// Empty result when `hex` is not an even number of hex digits.
std::vector<std::uint8_t> from_hex(std::string_view hex);
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
// Cryptographically random bytes from the operating system.
std::vector<std::uint8_t> random_bytes(std::size_t n);

// PINs are stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>".
std::string hash_pin(std::string_view pin, std::uint32_t iterations = 20000);
// False also when `encoded` is malformed.
bool verify_pin(std::string_view pin, std::string_view encoded);
bool is_pin_hash(std::string_view encoded);

// Keyed hash of personal identifiers (ID numbers): the same person gets the same
// hash in one hall, and the hash is useless without the key.
class IdHasher {
 public:
  explicit IdHasher(std::vector<std::uint8_t> key) : key_(std::move(key)) {}
  std::string operator()(std::string_view id) const;  // 64 hex digits

 private:
  std::vector<std::uint8_t> key_;
};

}  // namespace hallq::domain
