#include "indexer/query/date_range_processor.h"

#include <chrono>
#include <cstdio>

namespace synaps::indexer::query {
namespace {

using namespace std::chrono;

std::int64_t ToUnix(const year_month_day& ymd) {
  return sys_seconds{sys_days{ymd}}.time_since_epoch().count();
}

bool AllDigits(const std::string& s, std::size_t from, std::size_t count) {
  if (from + count > s.size()) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(const std::string& s, std::size_t from, std::size_t count) {
  return std::stoi(s.substr(from, count));
}

}  // namespace

std::optional<DatePeriod> ParseDatePeriod(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const std::size_t n = text.size();
  if (n == 4 && AllDigits(text, 0, 4)) {
    y = Number(text, 0, 4);
  } else if (n == 7 && AllDigits(text, 0, 4) && text[4] == '-' && AllDigits(text, 5, 2)) {
    y = Number(text, 0, 4);
    m = static_cast<unsigned>(Number(text, 5, 2));
  } else if (n == 10 && AllDigits(text, 0, 4) && text[4] == '-' && AllDigits(text, 5, 2) &&
             text[7] == '-' && AllDigits(text, 8, 2)) {
    y = Number(text, 0, 4);
    m = static_cast<unsigned>(Number(text, 5, 2));
    d = static_cast<unsigned>(Number(text, 8, 2));
  } else if (n == 10 && AllDigits(text, 0, 2) && text[2] == '/' && AllDigits(text, 3, 2) &&
             text[5] == '/' && AllDigits(text, 6, 4)) {
    d = static_cast<unsigned>(Number(text, 0, 2));
    m = static_cast<unsigned>(Number(text, 3, 2));
    y = Number(text, 6, 4);
  } else {
    return std::nullopt;
  }
  if (m == 0) {
    const year_month_day first{year{y}, January, day{1}};
    return DatePeriod{ToUnix(first), ToUnix(first + years{1}) - 1};
  }
  if (d == 0) {
    const year_month_day first{year{y}, month{m}, day{1}};
    if (!first.ok()) return std::nullopt;
    return DatePeriod{ToUnix(first), ToUnix(first + months{1}) - 1};
  }
  const year_month_day date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  const std::int64_t first = ToUnix(date);
  return DatePeriod{first, first + 86399};
}

DateRangeProcessor::DateRangeProcessor(Xapian::valueno value_slot, const std::string& prefix)
    : Xapian::RangeProcessor(value_slot, prefix) {}

Xapian::Query DateRangeProcessor::operator()(const std::string& begin, const std::string& end) {
  std::optional<DatePeriod> from;
  std::optional<DatePeriod> to;
  if (!begin.empty() && !(from = ParseDatePeriod(begin)))
    return Xapian::Query(Xapian::Query::OP_INVALID);
  if (!end.empty() && !(to = ParseDatePeriod(end))) return Xapian::Query(Xapian::Query::OP_INVALID);
  auto serialise = [](std::int64_t t) {
    return Xapian::sortable_serialise(static_cast<double>(t));
  };
  if (from && to) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, serialise(from->first),
                         serialise(to->last));
  }
  if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, serialise(from->first));
  if (to) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, serialise(to->last));
  return Xapian::Query(Xapian::Query::OP_INVALID);
}

}  // namespace synaps::indexer::query
