#include "dms-server/cli/content_type.h"

#include <memory>

#include "indexer/extract/type_detector.h"

namespace synaps::cli {

connectors::ContentTypeSniffer MakeContentTypeSniffer() {
  auto detector = std::make_shared<indexer::TypeDetector>();
  return [detector](std::string_view head, std::string_view name) {
    return detector->Detect(head, name);
  };
}

}  // namespace synaps::cli
