#include "dms-server/cli/content_type.h"

#include "indexer/extract/type_detector.h"

namespace synaps::cli {

connectors::ContentTypeSniffer MakeContentTypeSniffer() {
  return [](std::string_view head, std::string_view name) {
    // A libmagic handle is not thread-safe: one per thread, kept for the thread's life.
    thread_local indexer::TypeDetector detector;
    return detector.Detect(head, name);
  };
}

}  // namespace synaps::cli
