#include "core/age_group.hpp"

#include <charconv>

namespace laoxiao {

namespace {
bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
}  // namespace

std::optional<AgeGroup> AgeGroup::parse(std::string_view text) {
  AgeGroup g;
  g.label = std::string(text);
  if (!text.empty() && text.back() == '+') {
    if (!parse_int(text.substr(0, text.size() - 1), g.lo)) return std::nullopt;
    g.hi = kMaxAge;
    g.open = true;
  } else if (auto dash = text.find('-'); dash != std::string_view::npos) {
    if (!parse_int(text.substr(0, dash), g.lo) || !parse_int(text.substr(dash + 1), g.hi))
      return std::nullopt;
  } else {
    if (!parse_int(text, g.lo)) return std::nullopt;
    g.hi = g.lo;
  }
  if (g.lo < 0 || g.lo > kMaxAge || g.hi < g.lo || g.hi > kMaxAge) return std::nullopt;
  return g;
}

std::string check_partition(const std::vector<AgeGroup>& groups, int first_age, bool open_end) {
  if (groups.empty()) return "no age groups";
  int next = first_age;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& g = groups[i];
    if (g.lo != next)
      return "group \"" + g.label + "\" starts at " + std::to_string(g.lo) + ", expected " +
             std::to_string(next);
    if (g.open && i + 1 != groups.size()) return "open group \"" + g.label + "\" is not the last";
    next = g.hi + 1;
  }
  if (open_end && !groups.back().open)
    return "the last group \"" + groups.back().label + "\" must be open (e.g. \"85+\")";
  return {};
}

std::vector<int> group_of_age(const std::vector<AgeGroup>& groups) {
  std::vector<int> out(kMaxAge + 1, -1);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int a = groups[g].lo; a <= groups[g].hi; ++a) out[a] = static_cast<int>(g);
  return out;
}

namespace {
std::vector<AgeGroup> make_groups(bool abridged) {
  std::vector<AgeGroup> out;
  if (abridged) {
    out.push_back(*AgeGroup::parse("0"));
    out.push_back(*AgeGroup::parse("1-4"));
  } else {
    out.push_back(*AgeGroup::parse("0-4"));
  }
  for (int lo = 5; lo < 100; lo += 5)
    out.push_back(*AgeGroup::parse(std::to_string(lo) + "-" + std::to_string(lo + 4)));
  out.push_back(*AgeGroup::parse("100+"));
  return out;
}
}  // namespace

const std::vector<AgeGroup>& five_year_groups() {
  static const std::vector<AgeGroup> g = make_groups(false);
  return g;
}
const std::vector<AgeGroup>& abridged_groups() {
  static const std::vector<AgeGroup> g = make_groups(true);
  return g;
}

}  // namespace laoxiao
