// Helpers shared by the scenario loaders: positions of TOML nodes, sourced values
// ({ value = …, source = … }) and typed reads that report errors instead of throwing.
#pragma once

#include "sim/toml.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/diagnostics.hpp"

namespace laoxiao {

/// Scenario files larger than this are refused before parsing.
inline constexpr std::size_t kMaxScenarioBytes = 8u << 20;

struct TextProblem {
  SourcePos pos;
  std::string message;
};

/// Checks raw scenario text before it reaches the TOML parser (size, UTF-8).
std::optional<TextProblem> scenario_text_problem(const std::string& text, const std::string& file);

/// The built-in defaults, parsed.
const toml::table& builtin_defaults();

inline SourcePos position_of(const toml::node& n) {
  const auto& src = n.source();
  return SourcePos{src.path ? *src.path : std::string(), static_cast<int>(src.begin.line),
                   static_cast<int>(src.begin.column)};
}

/// Position of a key (falls back to its value when the key has none).
inline SourcePos position_of(const toml::key& k, const toml::node& v) {
  const auto& src = k.source();
  if (src.begin.line == 0) return position_of(v);
  return SourcePos{src.path ? *src.path : std::string(), static_cast<int>(src.begin.line),
                   static_cast<int>(src.begin.column)};
}

inline std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

/// A sourced value { value = x, source = "…" } stands for x.
inline const toml::node& unwrap(const toml::node& n) {
  if (const toml::table* t = n.as_table())
    if (const toml::node* v = t->get("value")) return *v;
  return n;
}

/// Typed access to a validated table. Missing or ill-typed values are reported to the
/// diagnostics (at the node, or at `fallback` when absent) and read as empty/zero.
class Reader {
 public:
  Reader(const toml::table& t, Diagnostics& d, SourcePos fallback,
         std::map<std::string, SourcePos>* positions = nullptr)
      : t_(t), d_(d), fallback_(std::move(fallback)), positions_(positions) {}

  const toml::node* node(const std::string& path) const {
    const toml::node* n = t_.at_path(path).node();
    if (n && positions_) (*positions_)[path] = position_of(*n);
    return n ? &unwrap(*n) : nullptr;
  }
  bool has(const std::string& path) const { return node(path) != nullptr; }

  SourcePos pos(const std::string& path) const {
    const toml::node* n = t_.at_path(path).node();
    return n ? position_of(*n) : fallback_;
  }
  void error(const std::string& path, const std::string& message) const {
    d_.error(pos(path), path, message);
  }

  std::string string(const std::string& path) const {
    const toml::node* n = node(path);
    if (!n || !n->is_string()) {
      if (!n) error(path, "missing");
      return {};
    }
    return n->value<std::string>().value_or("");
  }
  std::string string_or(const std::string& path, const std::string& def) const {
    const toml::node* n = node(path);
    return n && n->is_string() ? n->value<std::string>().value_or(def) : def;
  }
  double real(const std::string& path) const {
    const toml::node* n = node(path);
    if (!n || !n->is_number()) {
      if (!n) error(path, "missing");
      return 0.0;
    }
    return n->value<double>().value_or(0.0);
  }
  double real_or(const std::string& path, double def) const {
    const toml::node* n = node(path);
    return n && n->is_number() ? n->value<double>().value_or(def) : def;
  }
  std::int64_t integer(const std::string& path) const {
    const toml::node* n = node(path);
    if (!n || !n->is_integer()) {
      if (!n) error(path, "missing");
      return 0;
    }
    return n->value<std::int64_t>().value_or(0);
  }
  bool bool_or(const std::string& path, bool def) const {
    const toml::node* n = node(path);
    return n && n->is_boolean() ? n->value<bool>().value_or(def) : def;
  }
  std::vector<double> reals(const std::string& path) const {
    std::vector<double> out;
    if (const toml::node* n = node(path))
      if (const toml::array* a = n->as_array())
        for (const auto& e : *a) out.push_back(e.value<double>().value_or(0.0));
    return out;
  }
  std::vector<std::string> strings(const std::string& path) const {
    std::vector<std::string> out;
    if (const toml::node* n = node(path))
      if (const toml::array* a = n->as_array())
        for (const auto& e : *a) out.push_back(e.value<std::string>().value_or(""));
    return out;
  }

 private:
  const toml::table& t_;
  Diagnostics& d_;
  SourcePos fallback_;
  std::map<std::string, SourcePos>* positions_;
};

}  // namespace laoxiao
