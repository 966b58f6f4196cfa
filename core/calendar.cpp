#include "core/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace laoxiao {

std::string Month::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month_of_year());
  return buf;
}

std::optional<Month> Month::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 4, y);
  auto r2 = std::from_chars(text.data() + 5, text.data() + 7, m);
  if (r1.ec != std::errc{} || r1.ptr != text.data() + 4) return std::nullopt;
  if (r2.ec != std::errc{} || r2.ptr != text.data() + 7) return std::nullopt;
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return std::nullopt;
  return from_year_month(y, m);
}

}  // namespace laoxiao
