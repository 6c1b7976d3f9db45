// TypeDetector: names the MIME type of a file from its first bytes (libmagic), using the
// file name's extension only where the content alone is vague (text/plain, application/zip,
// OLE2 compound files, application/octet-stream). Content wins over a lying extension.
// Content that reads as text (UTF-8 or an 8-bit charset, almost no control characters) is
// named as text (text/plain, or the extension's text type) unless libmagic found a format
// written in text that has a reader of its own (PDF, PostScript, mail, RTF, XML, HTML, SVG):
// libmagic's guesses from a few words (a manual page as an "HP-GL plot") would leave the text
// unindexed. With a plain-text extension (.txt, .log, .csv, .md) the content needs only to
// read as text, unless it is a PDF, PostScript, RTF, XML or a mail; libmagic is asked only
// when the first bytes could start one of those (text costs it 0.2 ms, a fifth of a small
// WebDAV save). Text whose name has no extension, or one not known here, is text/plain without
// asking libmagic unless it could hold a format's signature (markup, a PDF marker, a mail's
// opening): a script or a CSV without a known extension is plain text.
#ifndef SYNAPS_INDEXER_EXTRACT_TYPE_DETECTOR_H_
#define SYNAPS_INDEXER_EXTRACT_TYPE_DETECTOR_H_

#include <string>
#include <string_view>

struct magic_set;  // libmagic's handle (magic_t), kept out of this header.

namespace synaps::indexer {

// How many leading bytes Detect() needs to see to decide as well as it can. Callers may pass
// more (they are ignored beyond this) or fewer (small files).
inline constexpr std::size_t kTypeDetectorHeadBytes = 64 * 1024;

// A TypeDetector owns one libmagic handle (magic_t) with the system's compiled database loaded.
//
// Thread-safety: NOT thread-safe (libmagic handles keep per-call state). Use one instance per
// thread; constructing one costs a few milliseconds (the database is mmapped), so keep it for
// many calls rather than building one per file.
class TypeDetector {
 public:
  // Opens libmagic. Never throws: if libmagic or its database cannot be loaded, ok() is false
  // and Detect() falls back to the file name's extension.
  TypeDetector();
  ~TypeDetector();
  TypeDetector(const TypeDetector&) = delete;
  TypeDetector& operator=(const TypeDetector&) = delete;

  // True if libmagic is usable.
  bool ok() const { return cookie_ != nullptr; }

  // Returns the MIME type (lower case, no parameters, e.g. "application/pdf",
  // "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/csv",
  // "message/rfc822") of content starting with `head_bytes` and named `file_name` (a base name
  // or a path; only its extension is used). Never fails: returns "application/octet-stream"
  // when nothing is known, and "application/x-empty" for empty content.
  std::string Detect(std::string_view head_bytes, std::string_view file_name) const;

  // The MIME type that the extension of `file_name` suggests ("" if the extension is unknown).
  // Exposed for callers that have no bytes at hand; prefer Detect().
  static std::string TypeFromExtension(std::string_view file_name);

 private:
  ::magic_set* cookie_;  // Owned; nullptr if libmagic could not be opened.
};

}  // namespace synaps::indexer

#endif  // SYNAPS_INDEXER_EXTRACT_TYPE_DETECTOR_H_
