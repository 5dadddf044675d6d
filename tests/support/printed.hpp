#pragma once
// Checking a printed ticket the way a person and a phone would, with tools
// that are not ours: iconv for its GB18030 text, zbarimg for its QR code.

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace hallq::test {

using PrintedBytes = std::vector<std::uint8_t>;

PrintedBytes read_bytes(const std::string& path);
// The job's text lines, converted from GB18030 by iconv.
std::string text_by_iconv(const PrintedBytes& job, TempDir& dir);
// What zbarimg reads in an image (PNG, PBM); empty when nothing.
std::string zbar(const std::string& image);
// The QR payloads zbarimg reads in the job's raster images (58 mm printers
// get the QR code as an image).
std::vector<std::string> qr_in_job(const PrintedBytes& job, TempDir& dir);

}  // namespace hallq::test
