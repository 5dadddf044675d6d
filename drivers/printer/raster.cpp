#include "drivers/printer/raster.hpp"

#include <qrencode.h>

#include <memory>

namespace hallq::printer {

Raster Raster::blank(int width, int height) {
  Raster r;
  r.width = width;
  r.height = height;
  r.bits.assign(static_cast<std::size_t>(r.bytes_per_row() * height), 0);
  return r;
}

Raster raster_from_gray(std::span<const std::uint8_t> gray, int width, int height, int stride, int threshold) {
  Raster r = Raster::blank(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (gray[static_cast<std::size_t>(y * stride + x)] < threshold) r.set(x, y);
  return r;
}

Raster qr_raster(const std::string& data, int module) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr || module < 1) return {};
  const int quiet = 4;
  int side = (qr->width + 2 * quiet) * module;
  Raster r = Raster::blank(side, side);
  for (int my = 0; my < qr->width; ++my)
    for (int mx = 0; mx < qr->width; ++mx) {
      if (!(qr->data[my * qr->width + mx] & 1)) continue;
      for (int dy = 0; dy < module; ++dy)
        for (int dx = 0; dx < module; ++dx) r.set((mx + quiet) * module + dx, (my + quiet) * module + dy);
    }
  return r;
}

std::string to_pbm(const Raster& r) {
  std::string out = "P4\n" + std::to_string(r.width) + " " + std::to_string(r.height) + "\n";
  out.append(r.bits.begin(), r.bits.end());
  return out;
}

}  // namespace hallq::printer
