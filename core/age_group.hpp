// Age groups written as in census tables: "0", "1-4", "5-9", …, "85+".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace laoxiao {

inline constexpr int kMaxAge = 110;  // single-year ages 0..kMaxAge; the last one is open

struct AgeGroup {
  int lo = 0;  // first age in completed years
  int hi = 0;  // last age (inclusive); kMaxAge for an open group
  bool open = false;
  std::string label;

  bool contains(int age) const { return age >= lo && age <= hi; }
  int width() const { return hi - lo + 1; }
  static std::optional<AgeGroup> parse(std::string_view text);
};

/// Why a list of groups is not a partition of ages [first, kMaxAge]; empty if it is one.
std::string check_partition(const std::vector<AgeGroup>& groups, int first_age, bool open_end);

/// Index of the group holding each single age 0..kMaxAge (-1 where none does).
std::vector<int> group_of_age(const std::vector<AgeGroup>& groups);

/// Standard output groups: 0-4, 5-9, …, 95-99, 100+.
const std::vector<AgeGroup>& five_year_groups();
/// Abridged life-table groups: 0, 1-4, 5-9, …, 95-99, 100+.
const std::vector<AgeGroup>& abridged_groups();

}  // namespace laoxiao
