// ExtractBytes() on input named "photo.jpg" (see extract_harness.h for the properties checked):
// the image header walk (PNG, GIF, JPEG segments up to the start of frame) reads only what the
// input holds.
#include "tests/fuzz/extract_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return synaps::fuzz::FuzzExtract(data, size, "photo.jpg");
}
