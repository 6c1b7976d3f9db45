// LanguageDetector: guesses the language of a document's text (libexttextcat n-gram models).
//
// Only the language decides the stemmer, so the detector answers among a few languages an
// administration actually receives (fr, en, de, es, it, nl, pt) and says "don't know" rather than
// guess on short text. The caller decides the default for "don't know" (see index/schema.h).
//
// Not thread-safe: use one detector per thread. Construction reads the model files once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synaps::indexer::text {

class LanguageDetector {
 public:
  static constexpr std::string_view kDefaultModelDir = "/usr/share/libexttextcat";

  // Loads the models from `model_dir`. Never throws; if no model can be read, ok() is false and
  // Detect() always returns "".
  explicit LanguageDetector(std::string_view model_dir = kDefaultModelDir);
  ~LanguageDetector();
  LanguageDetector(const LanguageDetector&) = delete;
  LanguageDetector& operator=(const LanguageDetector&) = delete;

  bool ok() const { return !models_.empty(); }

  // Returns the ISO 639-1 code of the most likely language of `text` ("fr", "en", ...), or ""
  // when the text is too short (under ~40 bytes of letters) or no model loaded. Looks at the first
  // few kilobytes only.
  std::string Detect(std::string_view text) const;

 private:
  struct Model {
    std::string code;
    void* fingerprint;  // owned, libexttextcat handle
  };
  std::vector<Model> models_;
};

}  // namespace synaps::indexer::text
