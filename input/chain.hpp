// Reading a scenario's files: the built-in defaults, then its `extends` chain (root first),
// merged key by key into one TOML table whose nodes keep the file positions they came from.
#pragma once

#include "core/toml.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"

namespace laoxiao {

/// Files an extends chain may hold, the scenario file included.
inline constexpr std::size_t kMaxExtendsDepth = 64;

struct Chain {
  toml::table merged;
  std::vector<std::string> files;  // root first, the scenario file last
  bool parent = false;             // the top file says role = "parent"
  SourcePos role_pos;
};

/// The built-in defaults and the chain of `file` (whose text is `text` when given), merged.
/// Problems go to `d`.
Chain load_chain(const std::filesystem::path& file, const std::string* text, Diagnostics& d);

/// Merges `src` into `dst`: tables that hold declared parameters merge key by key; anything
/// else (values, arrays, sourced values) is replaced whole.
void merge_into(toml::table& dst, toml::table&& src, const std::string& prefix);

/// The built-in defaults (scenarios/defaults.toml at build time), parsed and as text.
const toml::table& builtin_defaults();
const std::string& builtin_defaults_text();

/// Parses TOML text, reporting syntax errors (and internal checks of the parser) to `d`.
toml::table parse_toml_text(const std::string& text, const std::string& display, Diagnostics& d);

}  // namespace laoxiao
