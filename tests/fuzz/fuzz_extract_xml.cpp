// ExtractBytes() on input named "dossier.xml" (see extract_harness.h for the properties checked).
#include "tests/fuzz/extract_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return synaps::fuzz::FuzzExtract(data, size, "dossier.xml");
}
