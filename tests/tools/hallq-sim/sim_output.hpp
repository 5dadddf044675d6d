#pragma once
// Reading hallq-sim's tables in tests: the columns are padded to their widest cell.
#include <string>
#include <vector>

namespace hallq::test {

// `s` with each run of spaces as one: a table's columns are as wide as their widest cell, so the
// spaces between headings depend on the figures.
inline std::string squeezed(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' || out.empty() || out.back() != ' ') out += c;
  return out;
}

// The lines of the table whose heading line (after its indent) starts with `heading`, up to the
// next blank line; empty when there is none.
inline std::vector<std::string> table_lines(const std::string& out, const std::string& heading) {
  std::vector<std::string> lines;
  std::size_t at = out.find(heading);
  if (at == std::string::npos) return lines;
  at = out.rfind('\n', at) + 1;
  for (std::size_t end = out.find('\n', at); end != std::string::npos && end > at; end = out.find('\n', at)) {
    lines.push_back(out.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

}  // namespace hallq::test
