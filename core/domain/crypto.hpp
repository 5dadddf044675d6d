#pragma once
// Hashing for personal data and PINs, on OpenSSL's libcrypto: SHA-256,
// HMAC-SHA-256, PBKDF2-HMAC-SHA-256 and random bytes from OpenSSL's CSPRNG.
// Used for the keyed hash of ID numbers and for clerk PINs; and AES-256-GCM
// (Sealer) for the few personal items kept to be used again (a call-back number).
//
// Thread safety: every function may be called from any thread.
// Errors: std::runtime_error when OpenSSL fails (out of memory, no entropy for
// the random generator); std::invalid_argument for sizes or iteration counts
// out of range. Never a silently weaker result.
//
// Formats are stable: ID hashes and PIN hashes written by earlier versions (which
// had their own SHA-256) verify unchanged; tests/core/domain/crypto_test.cpp
// holds their outputs.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::domain {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::span<const std::uint8_t> data);
Digest sha256(std::string_view data);
Digest hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);
// `iterations` must be 1..kMaxPinIterations.
std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                        std::uint32_t iterations, std::size_t length);

std::string to_hex(std::span<const std::uint8_t> bytes);
// Empty result when `hex` is not an even number of hex digits.
std::vector<std::uint8_t> from_hex(std::string_view hex);
// In time that depends only on the sizes, not on where the bytes differ.
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
// Overwrites a secret's bytes in place (OPENSSL_cleanse: not optimised away),
// then empties it. For PINs and raw ID numbers once they are no longer needed.
void wipe_string(std::string& secret);
// Cryptographically random bytes (OpenSSL's RAND_bytes); throws std::runtime_error
// when the generator cannot deliver.
std::vector<std::uint8_t> random_bytes(std::size_t n);

// PINs are stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" (16-byte
// salt, 32-byte hash). New hashes use kPinIterations, OWASP's 2023 recommendation
// for PBKDF2-HMAC-SHA-256: one verification (or hash_pin) then costs about 0.2 s
// of one core (0.19-0.24 s CPU measured on a 2-core AMD EPYC VM; more wall time
// when the machine is busy), so a server must not verify on its event loop.
inline constexpr std::uint32_t kPinIterations = 600'000;
// Hashes claiming more iterations are rejected as malformed (they would stall a login).
inline constexpr std::uint32_t kMaxPinIterations = 10'000'000;

std::string hash_pin(std::string_view pin, std::uint32_t iterations = kPinIterations);
// False also when `encoded` is malformed.
bool verify_pin(std::string_view pin, std::string_view encoded);
bool is_pin_hash(std::string_view encoded);
// True when `encoded` is a PIN hash with fewer iterations than kPinIterations: after
// a good login, store hash_pin(pin) in its place. False when malformed (there is
// nothing to upgrade; verify_pin rejects it anyway).
bool pin_needs_rehash(std::string_view encoded);

// Keyed hash of personal identifiers (ID numbers): the same person gets the same
// hash in one hall, and the hash is useless without the key.
// HMAC-SHA-256(key, id) as 64 lowercase hex digits.
class IdHasher {
 public:
  explicit IdHasher(std::vector<std::uint8_t> key) : key_(std::move(key)) {}
  std::string operator()(std::string_view id) const;  // 64 hex digits

 private:
  std::vector<std::uint8_t> key_;
};

// Encrypts small personal items kept at rest (a citizen's call-back number) with
// AES-256-GCM under a key derived from the hall's ID key (HMAC-SHA-256 of a
// fixed label), so one key file guards both. Sealed form: "gcm1$" + hex of
// nonce (12) ‖ ciphertext ‖ tag (16); a fresh random nonce each time.
class Sealer {
 public:
  explicit Sealer(std::span<const std::uint8_t> id_key);
  std::string seal(std::string_view plain) const;
  // Empty when `sealed` is malformed or was sealed under another key.
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  Digest key_;
};

// The citizen's token for one ticket: printed as a QR code on the ticket, it
// lets a phone rate the visit (and, with the web pages, follow the ticket)
// without an account and without naming anyone else's ticket. Stateless: the
// hall day and number, and an HMAC-SHA-256 over them (80 bits, under a key
// derived from the hall's ID key), so it survives restarts and cannot be made
// up for another ticket. Form: "20261130-A012-" + 20 hex digits.
class VisitTokens {
 public:
  explicit VisitTokens(std::span<const std::uint8_t> id_key);
  struct Visit {
    std::string day;  // "2026-11-30"
    std::string number;
  };
  std::string make(std::string_view day, std::string_view number) const;
  // The ticket a token names; nothing when it is malformed or not ours.
  std::optional<Visit> check(std::string_view token) const;

 private:
  std::string mac(std::string_view compact_day, std::string_view number) const;
  Digest key_;
};

}  // namespace hallq::domain
