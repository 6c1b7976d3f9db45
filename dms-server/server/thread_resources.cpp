#include "dms-server/server/thread_resources.h"

#include <map>
#include <memory>
#include <string>

#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/server/status_response.h"
#include "dms-server/store/store.h"
#include "indexer/extract/type_detector.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

struct DirectoryResources {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<indexer::query::Searcher> searcher;
};

DirectoryResources& Resources(const std::filesystem::path& data_dir) {
  thread_local std::map<std::string, DirectoryResources> by_directory;
  return by_directory[data_dir.string()];
}

}  // namespace

store::Store& ThreadStore(const std::filesystem::path& data_dir) {
  DirectoryResources& resources = Resources(data_dir);
  if (!resources.store) {
    resources.store =
        ValueOrThrow(store::Store::Open(data_dir, store::Store::OpenMode::kMustExist));
  }
  return *resources.store;
}

indexer::query::Searcher* ThreadSearcher(const std::filesystem::path& data_dir) {
  DirectoryResources& resources = Resources(data_dir);
  if (!resources.searcher) {
    auto status = indexer::query::Searcher::Open(indexing::IndexDirectory(data_dir).string(),
                                                 &resources.searcher);
    if (!status.ok()) {
      if (status.code() == base::ErrorCode::kIoError) return nullptr;
      throw HttpError{500, "internal", status.message()};
    }
  }
  return resources.searcher.get();
}

const indexer::TypeDetector& ThreadDetector() {
  thread_local indexer::TypeDetector detector;
  return detector;
}

}  // namespace synaps::server
