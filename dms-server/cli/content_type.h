// The content-type sniffer the CLI gives to importers: libmagic through the indexer's
// TypeDetector, one detector per calling thread (so it is thread-safe).
#pragma once

#include "connectors/ingest/file_importer.h"

namespace synaps::cli {

connectors::ContentTypeSniffer MakeContentTypeSniffer();

}  // namespace synaps::cli
