// The parameter registry: every scenario key, gathered from the processes that declare them
// (each process's file pair owns its keys, core/params.hpp) and from the input layer's own
// tables ([place], [run], [horizon], the census selection and [batch]). Default values, each
// with its source, live in scenarios/defaults.toml (built into the binary); docs/PARAMETERS.md
// is generated from both (`laoxiao params --markdown`).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/params.hpp"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace laoxiao {

class ParamRegistry {
 public:
  /// The scenario keys.
  static const ParamRegistry& instance();
  /// The keys of other files checked the same way (a sweep file's), from their declarations.
  explicit ParamRegistry(std::initializer_list<const ParamFieldsBase*> declarations);

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
