#include "core/toml_read.hpp"

namespace laoxiao {

namespace {
/// Where a value was set: the value itself (a sourced value { value = … } is a table around
/// it); its table when the value carries no position.
SourcePos value_position(const toml::node& n) {
  SourcePos p = position_of(unwrap(n));
  return p.file.empty() ? position_of(n) : p;
}

/// Every value under `n`, at `key`.
void collect_positions(const toml::node& n, const std::string& key,
                       std::map<std::string, SourcePos>& out) {
  if (const toml::table* t = n.as_table(); t && !t->contains("value")) {
    for (auto&& [k, v] : *t)
      collect_positions(v, key.empty() ? std::string(k.str()) : key + "." + std::string(k.str()),
                        out);
    return;
  }
  if (const toml::array* a = n.as_array(); a && a->is_array_of_tables() && !a->empty()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      collect_positions(*a->get(i), key + "[" + std::to_string(i) + "]", out);
    return;
  }
  out[key] = value_position(n);
}
}  // namespace

std::map<std::string, SourcePos> value_positions(const toml::table& t) {
  std::map<std::string, SourcePos> out;
  collect_positions(t, "", out);
  return out;
}

SourcePos TomlSource::where(std::string_view key, const toml::node& n) const {
  SourcePos p = value_position(n);
  if (p.file.empty() && known_) {
    const auto it = known_->find(shown(key));
    if (it != known_->end()) p = it->second;
  }
  return p;
}

const toml::node* TomlSource::node(std::string_view key) const {
  const toml::node* n = t_.at_path(key).node();
  if (n && positions_) {
    SourcePos p = where(key, *n);
    (*positions_)[shown(key)] = p.file.empty() ? fallback_ : p;
  }
  return n ? &unwrap(*n) : nullptr;
}

SourcePos TomlSource::pos(std::string_view key) const {
  const toml::node* n = key.empty() ? nullptr : t_.at_path(key).node();
  if (!n) return fallback_;
  SourcePos p = where(key, *n);
  return p.file.empty() ? fallback_ : p;
}

std::string TomlSource::shown(std::string_view key) const {
  if (key.empty()) return shown_prefix_;
  return shown_prefix_.empty() ? std::string(key) : shown_prefix_ + "." + std::string(key);
}

void TomlSource::error(std::string_view key, const std::string& message) const {
  d_.error(pos(key), shown(key), message);
}

std::optional<double> TomlSource::real(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n || !n->is_number()) return std::nullopt;
  return n->value<double>();
}

std::optional<std::int64_t> TomlSource::integer(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n || !n->is_integer()) return std::nullopt;
  return n->value<std::int64_t>();
}

std::optional<std::string> TomlSource::text(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n || !n->is_string()) return std::nullopt;
  return n->value<std::string>();
}

std::optional<bool> TomlSource::flag(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n || !n->is_boolean()) return std::nullopt;
  return n->value<bool>();
}

std::optional<std::vector<double>> TomlSource::reals(std::string_view key) const {
  const toml::node* n = node(key);
  const toml::array* a = n ? n->as_array() : nullptr;
  if (!a) return std::nullopt;
  std::vector<double> out;
  for (const auto& e : *a) out.push_back(e.value<double>().value_or(0.0));
  return out;
}

std::optional<std::vector<std::string>> TomlSource::texts(std::string_view key) const {
  const toml::node* n = node(key);
  const toml::array* a = n ? n->as_array() : nullptr;
  if (!a) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& e : *a) out.push_back(e.value<std::string>().value_or(""));
  return out;
}

std::size_t TomlSource::count(std::string_view key) const {
  const toml::node* n = t_.at_path(key).node();
  const toml::array* a = n ? n->as_array() : nullptr;
  return a && a->is_array_of_tables() ? a->size() : 0;
}

std::unique_ptr<ParamSource> TomlSource::element(std::string_view key, std::size_t i) const {
  const toml::table& e = *t_.at_path(key).as_array()->get(i)->as_table();
  return std::make_unique<TomlSource>(
      e, d_, position_of(e), shown(key) + "[" + std::to_string(i) + "]", positions_, known_);
}

}  // namespace laoxiao
