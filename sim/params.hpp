// The parameter registry: every scenario key is declared here exactly once, with its kind,
// unit, bounds and meaning. Default values, each with its source, live in
// scenarios/defaults.toml (built into the binary); docs/PARAMETERS.md is generated from both
// (`laoxiao params --markdown`).
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace laoxiao {

enum class ParamKind {
  kReal,
  kInteger,
  kString,
  kBool,
  kMonth,  // "YYYY-MM"
  kRealArray,
  kIntegerArray,
  kStringArray,
  kTableArray,  // [[array.of.tables]]; children are declared as "key[].child"
};

std::string_view to_string(ParamKind k);

struct ParamSpec {
  std::string key;  // dotted path; children of table arrays use "parent[].child"
  ParamKind kind = ParamKind::kReal;
  std::string unit;  // "" when dimensionless
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool required = false;             // must be present once defaults and extends are merged
  std::vector<std::string> choices;  // allowed strings for enumerations
  std::string description;
  std::string name_zh;  // the plan's term, where one exists
};

class ParamRegistry {
 public:
  static const ParamRegistry& instance();

  const ParamSpec* find(std::string_view key) const;
  /// True if `key` names a table that holds declared parameters.
  bool is_table(std::string_view key) const;
  /// Up to three declared keys closest to an unknown one (for "did you mean").
  std::vector<std::string> closest(std::string_view key) const;
  const std::vector<ParamSpec>& all() const { return specs_; }

  /// Markdown reference of all parameters with their defaults and sources.
  std::string markdown(const toml::table& defaults) const;

 private:
  ParamRegistry();
  std::vector<ParamSpec> specs_;
};

}  // namespace laoxiao
