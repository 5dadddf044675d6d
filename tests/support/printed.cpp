#include "tests/support/printed.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "drivers/printer/escpos_decode.hpp"

namespace hallq::test {

PrintedBytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return PrintedBytes(std::istreambuf_iterator<char>(in), {});
}

std::string text_by_iconv(const PrintedBytes& job, TempDir& dir) {
  std::string gbk;
  for (const auto& b : printer::decode(job).blocks)
    if (b.kind == printer::Block::Kind::line) {
      for (const auto& r : b.runs) gbk += r.gbk;
      gbk += "\n";
    }
  std::string in = dir.write("text.gbk", gbk);
  auto r = run({"/usr/bin/iconv", "-f", "GB18030", "-t", "UTF-8", in});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::string zbar(const std::string& image) {
  auto r = run({"/usr/bin/zbarimg", "--nodbus", "-q", "--raw", image});
  return r.exit_code == 0 ? r.out.substr(0, r.out.find('\n')) : "";
}

std::vector<std::string> qr_in_job(const PrintedBytes& job, TempDir& dir) {
  std::vector<std::string> out;
  for (const auto& b : printer::decode(job).blocks)
    if (b.kind == printer::Block::Kind::image) {
      std::string path = dir.write("image.pbm", printer::to_pbm(b.image));
      if (std::string s = zbar(path); !s.empty()) out.push_back(s);
    }
  return out;
}

}  // namespace hallq::test
