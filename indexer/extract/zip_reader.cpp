#include "indexer/extract/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>

#include "indexer/extract/archive_diagnosis.h"
#include "indexer/extract/archive_guard.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

// Below this, ratios mean nothing (a 100-byte file of spaces compresses 50:1) and cost nothing.
constexpr std::uint64_t kRatioFloorBytes = 4ull * 1024 * 1024;

}  // namespace

bool ArchiveGuard::ReadMember(struct archive* a, std::string* data, std::string* error,
                              bool* fatal) {
  data->clear();
  *fatal = false;
  const ExtractionLimits& limits = context_.limits();
  char buffer[65536];
  for (;;) {
    la_ssize_t got = archive_read_data(a, buffer, sizeof(buffer));
    if (got == 0) return true;
    if (got < 0) {
      *error = DescribeBadMemberData(a);
      // Some formats can skip to the next header after bad data; libarchive says which.
      *fatal = got == ARCHIVE_FATAL;
      return false;
    }
    auto n = static_cast<std::uint64_t>(got);
    total_ += n;
    if (data->size() + n > limits.max_input_bytes) {
      *error = "member larger than " + std::to_string(limits.max_input_bytes) + " bytes";
      *fatal = true;
      return false;
    }
    if (!context_.TakeUncompressed(n)) {
      *error = "total uncompressed size limit (" +
               std::to_string(limits.max_total_uncompressed_bytes) + " bytes) reached";
      *fatal = true;
      return false;
    }
    if (total_ > kRatioFloorBytes &&
        static_cast<double>(total_) >
            limits.max_compression_ratio *
                static_cast<double>(std::max<std::uint64_t>(compressed_size_, 1))) {
      *error = "compression ratio above " +
               std::to_string(static_cast<int>(limits.max_compression_ratio)) + " (zip bomb?)";
      *fatal = true;
      return false;
    }
    data->append(buffer, static_cast<std::size_t>(n));
  }
}

Utf8LocaleScope::Utf8LocaleScope()
    : utf8_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0))),
      previous_(utf8_ != static_cast<locale_t>(0) ? uselocale(utf8_) : static_cast<locale_t>(0)) {}

Utf8LocaleScope::~Utf8LocaleScope() {
  if (utf8_ == static_cast<locale_t>(0)) return;
  uselocale(previous_);
  freelocale(utf8_);
}

bool ReadZipMembers(ExtractionContext& context, std::string_view bytes,
                    const std::function<bool(std::string_view)>& wanted,
                    std::map<std::string, std::string>* members, std::string* error) {
  Utf8LocaleScope utf8_names;
  std::unique_ptr<struct archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    *error = DescribeUnreadableArchive(a.get(), bytes, "application/zip");
    return false;
  }
  ArchiveGuard guard(context, bytes.size());
  struct archive_entry* entry = nullptr;
  int entries = 0;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) return true;
    if (rc < ARCHIVE_WARN) {
      *error = entries == 0 ? DescribeUnreadableArchive(a.get(), bytes, "application/zip")
                            : DescribeDamagedArchive(a.get(), bytes, "application/zip", entries);
      return false;
    }
    if (++entries > context.limits().max_members) {
      *error = "more than " + std::to_string(context.limits().max_members) + " members (limit)";
      return false;
    }
    const char* path = archive_entry_pathname(entry);
    if (path == nullptr || archive_entry_filetype(entry) != AE_IFREG || !wanted(path)) continue;
    std::string data;
    bool fatal = false;
    if (!guard.ReadMember(a.get(), &data, error, &fatal)) {
      if (fatal) return false;
      continue;
    }
    (*members)[path] = std::move(data);
  }
}

}  // namespace synaps::indexer::extract_internal
