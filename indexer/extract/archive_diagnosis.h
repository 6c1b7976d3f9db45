// Internal: why libarchive could not read an archive, in words an administrator can act on
// ("ZIP archive truncated: central directory missing"), from libarchive's own message when it
// gives one and from the archive's framing (signatures, declared sizes) when it does not.
// Thread-safe: pure functions.
#ifndef SYNAPS_INDEXER_EXTRACT_ARCHIVE_DIAGNOSIS_H_
#define SYNAPS_INDEXER_EXTRACT_ARCHIVE_DIAGNOSIS_H_

#include <string>
#include <string_view>

struct archive;

namespace synaps::indexer::extract_internal {

// The format's usual name for a MIME type ("ZIP", "7z", "gzip", "tar", "RAR"...); "archive"
// for types it does not know.
std::string ArchiveKind(std::string_view mime_type);

// libarchive's last message for `a` (may be null), sanitised to one line; `fallback` if none.
std::string LibarchiveMessage(struct archive* a, std::string_view fallback);

// Why the archive `bytes` of type `mime_type` could not be opened or its first header read,
// e.g. "ZIP archive truncated: central directory missing", "7z archive truncated: its header
// lies past the end of the file", "gzip data corrupt: ...". `a` is the libarchive handle that
// failed (its message is used when the framing looks sound); it may be null.
std::string DescribeUnreadableArchive(struct archive* a, std::string_view bytes,
                                      std::string_view mime_type);

// Why the archive stopped being readable after `members_read` members, e.g. "ZIP archive
// truncated after 2 members: central directory missing", "tar archive truncated after 3
// members: Truncated tar archive".
std::string DescribeDamagedArchive(struct archive* a, std::string_view bytes,
                                   std::string_view mime_type, int members_read);

// Why one member's data could not be read ("data truncated", "corrupt compressed data", or
// libarchive's message), after "corrupt member: " or the member's name.
std::string DescribeBadMemberData(struct archive* a);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_ARCHIVE_DIAGNOSIS_H_
