// Calendar months as integers: Month{0} is January 1900. Ages derive from birth months, so
// ageing costs nothing.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace laoxiao {

struct Month {
  std::int32_t index = 0;  // months since 1900-01

  static constexpr Month from_year_month(int year, int month) {
    return Month{(year - 1900) * 12 + (month - 1)};
  }
  constexpr int year() const { return 1900 + floor_div(index, 12); }
  constexpr int month_of_year() const { return index - floor_div(index, 12) * 12 + 1; }
  constexpr Month operator+(int m) const { return Month{index + m}; }
  constexpr Month operator-(int m) const { return Month{index - m}; }
  constexpr int operator-(Month o) const { return index - o.index; }
  constexpr auto operator<=>(const Month&) const = default;

  std::string to_string() const;  // "YYYY-MM"
  /// Parses "YYYY-MM"; nullopt on any other form.
  static std::optional<Month> parse(std::string_view text);

 private:
  static constexpr int floor_div(int a, int b) { return (a >= 0) ? a / b : -((-a + b - 1) / b); }
};

/// The simulated period: from the baseline month to December of the last year.
struct Horizon {
  Month start;
  int end_year = 0;

  Month end_month() const { return Month::from_year_month(end_year, 12); }  // the last step
  int first_year() const { return start.year(); }
  int n_years() const { return end_year - first_year() + 1; }
  int months() const { return end_month() - start + 1; }
};

}  // namespace laoxiao
