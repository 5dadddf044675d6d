#include "drivers/printer/escpos_decode.hpp"

#include <iconv.h>

#include <cstdio>

namespace hallq::printer {

std::string from_gbk(std::string_view gbk) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(gbk);
  std::string out(gbk.size() * 4 + 4, '\0');
  char* ip = const_cast<char*>(gbk.data());
  char* op = out.data();
  std::size_t il = gbk.size(), ol = out.size();
  while (il > 0) {
    if (iconv(cd, &ip, &il, &op, &ol) == static_cast<std::size_t>(-1)) {
      if (ol < 3) break;
      *op++ = '?';  // an undecodable byte
      --ol;
      ++ip;
      --il;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  out.resize(out.size() - ol);
  iconv_close(cd);
  return out;
}

std::string Document::text() const {
  std::string out;
  for (const auto& b : blocks) {
    if (b.kind != Block::Kind::line) continue;
    for (const auto& r : b.runs) out += r.utf8;
    out += '\n';
  }
  return out;
}

namespace {

struct State {
  Align align = Align::left;
  int width = 1, height = 1;
  bool bold = false;
  bool chinese = true;  // Chinese firmware starts in Chinese mode
  int qr_module = 3;
  std::string qr_data;
};

std::string hex(std::uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02X", b);
  return buf;
}

}  // namespace

Document decode(std::span<const std::uint8_t> job) {
  Document doc;
  State st;
  Block line;           // the line being assembled
  std::string pending;  // text bytes of the current run
  auto flush_run = [&] {
    if (pending.empty()) return;
    line.runs.push_back({pending, from_gbk(pending), st.width, st.height, st.bold});
    pending.clear();
  };
  auto end_line = [&] {
    flush_run();
    line.kind = Block::Kind::line;
    line.align = st.align;
    doc.blocks.push_back(std::move(line));
    line = Block{};
  };
  auto need = [&](std::size_t i, std::size_t n) {
    if (i + n <= job.size()) return true;
    doc.problems.push_back("truncated command at byte " + std::to_string(i));
    return false;
  };
  std::size_t i = 0;
  while (i < job.size()) {
    std::uint8_t b = job[i];
    if (b == 0x0A) {
      end_line();
      ++i;
    } else if (b == 0x0D) {
      ++i;
    } else if (b == 0x1B) {  // ESC
      if (!need(i, 2)) break;
      std::uint8_t c = job[i + 1];
      if (c == 0x40) {
        flush_run();
        st = State{};
        i += 2;
      } else if ((c == 0x45 || c == 0x61 || c == 0x64 || c == 0x21 || c == 0x4D || c == 0x74 || c == 0x32 ||
                  c == 0x33 || c == 0x20 || c == 0x2D || c == 0x47 || c == 0x52) &&
                 need(i, c == 0x32 ? 2 : 3)) {
        if (c == 0x32) {  // default line spacing
          i += 2;
          continue;
        }
        std::uint8_t n = job[i + 2];
        if (c == 0x45) {
          flush_run();
          st.bold = n & 1;
        } else if (c == 0x61) {
          int v = n >= 48 ? n - 48 : n;  // 0..2 or '0'..'2'
          st.align = static_cast<Align>(v >= 0 && v <= 2 ? v : 0);
        } else if (c == 0x64) {
          if (!line.runs.empty() || !pending.empty()) end_line();
          doc.blocks.push_back({Block::Kind::feed, st.align, {}, {}, {}, 3, n, true});
        }
        i += 3;
      } else {
        doc.problems.push_back("unknown command 1B " + hex(c) + " at byte " + std::to_string(i));
        i += 2;
      }
    } else if (b == 0x1C) {  // FS
      if (!need(i, 2)) break;
      std::uint8_t c = job[i + 1];
      if (c == 0x26) {
        st.chinese = true;
        i += 2;
      } else if (c == 0x2E) {
        st.chinese = false;
        i += 2;
      } else if (c == 0x21 && need(i, 3)) {  // Chinese print mode: double width/height
        flush_run();
        std::uint8_t n = job[i + 2];
        st.width = (n & 0x04) ? 2 : 1;
        st.height = (n & 0x08) ? 2 : 1;
        i += 3;
      } else {
        doc.problems.push_back("unknown command 1C " + hex(c) + " at byte " + std::to_string(i));
        i += 2;
      }
    } else if (b == 0x1D) {  // GS
      if (!need(i, 2)) break;
      std::uint8_t c = job[i + 1];
      if (c == 0x21 && need(i, 3)) {
        flush_run();
        st.width = ((job[i + 2] >> 4) & 7) + 1;
        st.height = (job[i + 2] & 7) + 1;
        i += 3;
      } else if (c == 0x76 && need(i, 8) && job[i + 2] == 0x30) {
        int bpr = job[i + 4] | (job[i + 5] << 8);
        int rows = job[i + 6] | (job[i + 7] << 8);
        std::size_t len = static_cast<std::size_t>(bpr) * static_cast<std::size_t>(rows);
        if (!need(i + 8, len)) break;
        if (!line.runs.empty() || !pending.empty()) end_line();
        // Consecutive bands with the same width form one image.
        Block* last = doc.blocks.empty() ? nullptr : &doc.blocks.back();
        if (last && last->kind == Block::Kind::image && last->image.bytes_per_row() == bpr && last->align == st.align &&
            last->image.width == bpr * 8) {
          last->image.bits.insert(last->image.bits.end(), job.begin() + static_cast<std::ptrdiff_t>(i + 8),
                                  job.begin() + static_cast<std::ptrdiff_t>(i + 8 + len));
          last->image.height += rows;
        } else {
          Block img;
          img.kind = Block::Kind::image;
          img.align = st.align;
          img.image.width = bpr * 8;
          img.image.height = rows;
          img.image.bits.assign(job.begin() + static_cast<std::ptrdiff_t>(i + 8),
                                job.begin() + static_cast<std::ptrdiff_t>(i + 8 + len));
          doc.blocks.push_back(std::move(img));
        }
        i += 8 + len;
      } else if (c == 0x28 && need(i, 5) && job[i + 2] == 0x6B) {  // GS ( k: 2D codes
        std::size_t plen = job[i + 3] | (job[i + 4] << 8);
        if (!need(i + 5, plen)) break;
        if (plen < 2) {  // no function number: nothing to do, but the job goes on
          doc.problems.push_back("2D code command without a function at byte " + std::to_string(i));
          i += 5 + plen;
          continue;
        }
        std::uint8_t cn = job[i + 5], fn = job[i + 6];
        if (cn == 0x31 && fn == 0x43 && plen >= 3) {
          // Printers take 1..16 dots and ignore the rest (a module of 255 would
          // make a QR code metres wide).
          if (job[i + 7] >= 1 && job[i + 7] <= 16)
            st.qr_module = job[i + 7];
          else
            doc.problems.push_back("QR module size " + std::to_string(job[i + 7]) + " outside 1..16 at byte " +
                                   std::to_string(i));
        }
        if (cn == 0x31 && fn == 0x50 && plen >= 3)
          st.qr_data.assign(job.begin() + static_cast<std::ptrdiff_t>(i + 8),
                            job.begin() + static_cast<std::ptrdiff_t>(i + 5 + plen));
        if (cn == 0x31 && fn == 0x51) {
          if (!line.runs.empty() || !pending.empty()) end_line();
          Block q;
          q.kind = Block::Kind::qr;
          q.align = st.align;
          q.qr_data = st.qr_data;
          q.qr_module = st.qr_module;
          doc.blocks.push_back(std::move(q));
        }
        i += 5 + plen;
      } else if (c == 0x56 && need(i, 3)) {
        std::uint8_t m = job[i + 2];
        bool with_feed = m == 0x41 || m == 0x42;
        if (with_feed && !need(i, 4)) break;
        if (!line.runs.empty() || !pending.empty()) end_line();
        Block cut;
        cut.kind = Block::Kind::cut;
        cut.partial = m == 0x01 || m == 0x31 || m == 0x42;
        doc.blocks.push_back(std::move(cut));
        i += with_feed ? 4 : 3;
      } else if (c == 0x61 && need(i, 3)) {  // automatic status back setting
        i += 3;
      } else {
        doc.problems.push_back("unknown command 1D " + hex(c) + " at byte " + std::to_string(i));
        i += 2;
      }
    } else if (b == 0x10 && i + 2 < job.size() && job[i + 1] == 0x04) {  // DLE EOT
      ++doc.status_queries;
      doc.problems.push_back("status query inside a job at byte " + std::to_string(i));
      i += 3;
    } else if (b < 0x20) {
      doc.problems.push_back("unexpected control byte " + hex(b) + " at byte " + std::to_string(i));
      ++i;
    } else {
      // Text: in Chinese mode a byte from 0x81 starts a two-byte character.
      if (st.chinese && b >= 0x81 && i + 1 < job.size()) {
        pending.append(reinterpret_cast<const char*>(&job[i]), 2);
        i += 2;
      } else {
        pending.push_back(static_cast<char>(b));
        ++i;
      }
    }
  }
  if (!line.runs.empty() || !pending.empty()) end_line();
  return doc;
}

}  // namespace hallq::printer
