#include "core/params.hpp"

namespace laoxiao {

std::string_view to_string(ParamKind k) {
  // In the order of the enumeration.
  static constexpr std::string_view kNames[] = {"real",
                                                "integer",
                                                "string",
                                                "boolean",
                                                "month \"YYYY-MM\"",
                                                "array of reals",
                                                "array of integers",
                                                "array of strings",
                                                "array of tables",
                                                "any value"};
  return kNames[static_cast<int>(k)];
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
