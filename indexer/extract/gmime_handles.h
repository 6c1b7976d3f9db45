// What the two readers of Internet mail share over GMime 3: its one-time initialisation, owning
// handles for its objects and strings, and a part's MIME type. Used by the extraction of mail
// (indexer/extract/mail.cpp) and by the mail sources (connectors/mail/mail_message.cpp), which
// both link GMime; header-only, so that neither links the other.
//
// Thread safety: InitGMime() may be called from any thread, any number of times (once takes
// effect). The handles are plain owners, like std::unique_ptr.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <mutex>
#include <string>

namespace synaps::indexer::gmime {

// Initialises GMime once per process; call it before any parse.
inline void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
// An owned GObject (a stream, a parser, a message...).
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
// A string GLib or GMime allocated for the caller.
using GChars = std::unique_ptr<char, GFree>;

// The MIME type of a part, in lower case ("text/plain" when it has no Content-Type).
inline std::string MimeType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "text/plain";
  GChars name(g_mime_content_type_get_mime_type(type));
  std::string out = name ? name.get() : "application/octet-stream";
  for (char& c : out) c = g_ascii_tolower(c);
  return out;
}

}  // namespace synaps::indexer::gmime
