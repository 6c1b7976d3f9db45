#include "indexer/text/language_detector.h"

#include <libexttextcat/fingerprint.h>

#include <array>
#include <climits>

namespace synaps::indexer::text {
namespace {

constexpr std::array<std::string_view, 7> kLanguages = {"fr", "en", "de", "es", "it", "nl", "pt"};
constexpr int kMaxNgrams = 400;  // libexttextcat's own default
constexpr std::size_t kSampleBytes = 4096;
constexpr std::size_t kMinLetters = 40;

}  // namespace

LanguageDetector::LanguageDetector(std::string_view model_dir) {
  for (std::string_view code : kLanguages) {
    std::string name(code);
    void* fp = fp_Init(name.c_str());
    if (fp == nullptr) continue;
    const std::string file = std::string(model_dir) + "/" + name + ".lm";
    if (fp_Read(fp, file.c_str(), kMaxNgrams) == 0) {
      fp_Done(fp);
      continue;
    }
    models_.push_back({name, fp});
  }
}

LanguageDetector::~LanguageDetector() {
  for (Model& m : models_) fp_Done(m.fingerprint);
}

std::string LanguageDetector::Detect(std::string_view text) const {
  if (models_.empty()) return {};
  std::string_view sample = text.substr(0, kSampleBytes);
  // Do not cut a UTF-8 sequence in two.
  while (!sample.empty() && sample.size() < text.size() &&
         (static_cast<unsigned char>(text[sample.size()]) & 0xC0) == 0x80) {
    sample.remove_suffix(1);
  }
  std::size_t letters = 0;
  for (unsigned char c : sample) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) ++letters;
  }
  if (letters < kMinLetters) return {};

  void* unknown = fp_Init(nullptr);
  if (unknown == nullptr) return {};
  std::string best;
  if (fp_Create(unknown, sample.data(), static_cast<uint4>(sample.size()), kMaxNgrams) != 0) {
    sint4 best_score = INT_MAX;
    for (const Model& m : models_) {
      const sint4 score = fp_Compare(m.fingerprint, unknown, INT_MAX);
      if (score < best_score) {
        best_score = score;
        best = m.code;
      }
    }
  }
  fp_Done(unknown);
  return best;
}

}  // namespace synaps::indexer::text
