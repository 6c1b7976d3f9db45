// DateRangeProcessor: "date:2024-01-01..2024-06-30" in a query → a range on the date slot.
// Internal to indexer/query. Not thread-safe (owned by one QueryParser).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>

namespace synaps::indexer::query {

// Accepts, on each side of "..", YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY (UTC); either side may
// be empty for an open range. Each bound covers its whole period: "date:2024..2024" is the whole
// year 2024. Values are compared on schema::kSlotDate (sortable_serialise of unix seconds).
// An unparsable bound yields Query::OP_INVALID, which makes QueryParser report an error.
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  explicit DateRangeProcessor(Xapian::valueno value_slot, const std::string& prefix);
  Xapian::Query operator()(const std::string& begin, const std::string& end) override;
};

// Parses one bound; returns the first and last second (inclusive) of the period, or nothing.
struct DatePeriod {
  std::int64_t first;
  std::int64_t last;
};
std::optional<DatePeriod> ParseDatePeriod(const std::string& text);

}  // namespace synaps::indexer::query
