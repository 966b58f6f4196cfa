// Reading TOML: positions of nodes, sourced values ({ value = …, source = … }) and the
// parameter source over a validated table.
#pragma once

#include "core/toml.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/params.hpp"

namespace laoxiao {

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

/// What a node is, for messages ("expected a number, found a string").
inline std::string describe(const toml::node& n) {
  // In the order of toml::node_type: none, table, array, string, integer, floating_point,
  // boolean, date, time, date_time.
  static constexpr const char* kNames[] = {"nothing",    "a table",    "an array",  "a string",
                                           "an integer", "a number",   "a boolean", "a date",
                                           "a time",     "a date-time"};
  static_assert(static_cast<int>(toml::node_type::date_time) == 9, "toml++ node types moved");
  const auto i = static_cast<std::size_t>(n.type());
  return i < std::size(kNames) ? kNames[i] : "nothing";
}

/// A sourced value { value = x, source = "…" } stands for x.
inline const toml::node& unwrap(const toml::node& n) {
  if (const toml::table* t = n.as_table())
    if (const toml::node* v = t->get("value")) return *v;
  return n;
}

/// Parameters read from a validated TOML table (the merged scenario or one element of an
/// array of tables). Errors go to the diagnostics at the key's position, named as the user
/// sees the key (`capacity.stock[2].year`).
class TomlSource : public ParamSource {
 public:
  /// `known`: where each key was set when the nodes of `t` carry no position (a copy of a
  /// table, such as a batch's template, loses them); see value_positions.
  TomlSource(const toml::table& t, Diagnostics& d, SourcePos fallback,
             std::string shown_prefix = {}, std::map<std::string, SourcePos>* positions = nullptr,
             const std::map<std::string, SourcePos>* known = nullptr)
      : t_(t),
        d_(d),
        fallback_(std::move(fallback)),
        shown_prefix_(std::move(shown_prefix)),
        positions_(positions),
        known_(known) {}

  bool has(std::string_view key) const override { return node(key) != nullptr; }
  std::optional<double> real(std::string_view key) const override;
  std::optional<std::int64_t> integer(std::string_view key) const override;
  std::optional<std::string> text(std::string_view key) const override;
  std::optional<bool> flag(std::string_view key) const override;
  std::optional<std::vector<double>> reals(std::string_view key) const override;
  std::optional<std::vector<std::string>> texts(std::string_view key) const override;
  std::size_t count(std::string_view key) const override;
  std::unique_ptr<ParamSource> element(std::string_view key, std::size_t i) const override;
  void error(std::string_view key, const std::string& message) const override;

  /// The value at `key` (a sourced value stands for its `value`), or nullptr.
  const toml::node* node(std::string_view key) const;
  /// Where `key` is written, or the table's position when it is absent.
  SourcePos pos(std::string_view key) const;
  /// The key as the user sees it.
  std::string shown(std::string_view key) const;

 private:
  const toml::table& t_;
  Diagnostics& d_;
  SourcePos fallback_;
  std::string shown_prefix_;
  std::map<std::string, SourcePos>* positions_;
  const std::map<std::string, SourcePos>* known_;

  /// Where the value at `key` was set, from its node or else from `known_`.
  SourcePos where(std::string_view key, const toml::node& n) const;
};

/// Where every value of `t` was set, by the key the user sees (`capacity.stock[2].year`; a
/// sourced value { value = … } by its own key): kept before a table is copied.
std::map<std::string, SourcePos> value_positions(const toml::table& t);

}  // namespace laoxiao
