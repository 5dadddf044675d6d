#pragma once
// What a printer model can do. The ticket layout and the driver adapt to it.

#include <string>

namespace hallq::printer {

enum class Cutter { none, partial, full };

struct Profile {
  std::string name = "58";
  int width_dots = 384;    // 58 mm paper: 384 dots; 80 mm: 576
  bool native_qr = false;  // GS ( k; without it the QR goes as a raster image
  Cutter cutter = Cutter::partial;
  int qr_module = 6;         // dots per QR module
  bool status_back = false;  // the model answers with automatic status back (GS a)

  static Profile paper_58();  // a cheap 58 mm printer: no native QR, partial cut
  static Profile paper_80();  // an 80 mm printer: native QR, full cut
};

inline Profile Profile::paper_58() {
  return {};
}
inline Profile Profile::paper_80() {
  return {"80", 576, true, Cutter::full, 8, false};
}

}  // namespace hallq::printer
