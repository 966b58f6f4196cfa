#include "core/params.hpp"

namespace laoxiao {

std::string_view to_string(ParamKind k) {
  switch (k) {
    case ParamKind::kReal:
      return "real";
    case ParamKind::kInteger:
      return "integer";
    case ParamKind::kString:
      return "string";
    case ParamKind::kBool:
      return "boolean";
    case ParamKind::kMonth:
      return "month \"YYYY-MM\"";
    case ParamKind::kRealArray:
      return "array of reals";
    case ParamKind::kIntegerArray:
      return "array of integers";
    case ParamKind::kStringArray:
      return "array of strings";
    case ParamKind::kTableArray:
      return "array of tables";
  }
  return "?";
}

void check_per_group(const ParamSource& src, const std::string& key, std::size_t values,
                     const std::string& groups_key, std::size_t groups) {
  if (values != groups)
    src.error(key, "has " + std::to_string(values) + " values but " + groups_key + " has " +
                       std::to_string(groups) + " groups");
}

void check_covers_ages(const ParamSource& src, const std::string& key,
                       const std::vector<AgeGroup>& groups, int first) {
  if (groups.empty()) return;
  if (const auto why = check_partition(groups, first, true); !why.empty()) src.error(key, why);
}

}  // namespace laoxiao
