#include "core/domain/crypto.hpp"

#include <charconv>
#include <cstring>
#include <random>

namespace hallq::domain {
namespace {

constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

class Sha256 {
 public:
  void update(std::span<const std::uint8_t> data) {
    for (std::uint8_t b : data) {
      block_[used_++] = b;
      if (used_ == 64) {
        compress();
        used_ = 0;
      }
    }
    length_ += data.size();
  }
  Digest finish() {
    std::uint64_t bits = length_ * 8;
    std::uint8_t pad = 0x80;
    update({&pad, 1});
    std::uint8_t zero = 0;
    while (used_ != 56) update({&zero, 1});
    std::uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    update(len);
    Digest out;
    for (int i = 0; i < 8; ++i)
      for (int j = 0; j < 4; ++j)
        out[static_cast<std::size_t>(i * 4 + j)] = static_cast<std::uint8_t>(h_[i] >> (24 - 8 * j));
    return out;
  }

 private:
  void compress() {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t{block_[i * 4]} << 24) | (std::uint32_t{block_[i * 4 + 1]} << 16) |
             (std::uint32_t{block_[i * 4 + 2]} << 8) | std::uint32_t{block_[i * 4 + 3]};
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (std::size_t i = 0; i < 64; ++i) {
      std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      std::uint32_t ch = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + s1 + ch + kK[i] + w[i];
      std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      std::uint32_t t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
    h_[5] += f;
    h_[6] += g;
    h_[7] += h;
  }

  std::uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::uint8_t block_[64] = {};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;
};

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

Digest sha256(std::span<const std::uint8_t> data) {
  Sha256 h;
  h.update(data);
  return h.finish();
}

Digest sha256(std::string_view data) {
  return sha256(bytes_of(data));
}

Digest hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  std::uint8_t k[64] = {};
  if (key.size() > 64) {
    Digest d = sha256(key);
    std::memcpy(k, d.data(), d.size());
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t ipad[64], opad[64];
  for (int i = 0; i < 64; ++i) {
    ipad[i] = k[i] ^ 0x36;
    opad[i] = k[i] ^ 0x5c;
  }
  Sha256 inner;
  inner.update(ipad);
  inner.update(message);
  Digest ih = inner.finish();
  Sha256 outer;
  outer.update(opad);
  outer.update(ih);
  return outer.finish();
}

std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::span<const std::uint8_t> salt,
                                        std::uint32_t iterations, std::size_t length) {
  std::vector<std::uint8_t> out;
  auto key = bytes_of(password);
  for (std::uint32_t block = 1; out.size() < length; ++block) {
    std::vector<std::uint8_t> msg(salt.begin(), salt.end());
    for (int s = 24; s >= 0; s -= 8) msg.push_back(static_cast<std::uint8_t>(block >> s));
    Digest u = hmac_sha256(key, msg);
    Digest t = u;
    for (std::uint32_t i = 1; i < iterations; ++i) {
      u = hmac_sha256(key, u);
      for (std::size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
    }
    out.insert(out.end(), t.begin(), t.end());
  }
  out.resize(length);
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

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::random_device rd;  // /dev/urandom on Linux
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rd());
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
  if (r.ec != std::errc{} || r.ptr != s.data() + d1 || out.iterations == 0 || out.iterations > 10'000'000) return false;
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

std::string IdHasher::operator()(std::string_view id) const {
  Digest d = hmac_sha256(key_, bytes_of(id));
  return to_hex(d);
}

}  // namespace hallq::domain
