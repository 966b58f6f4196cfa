#include "input/overrides.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "core/toml_write.hpp"
#include "input/text_guard.hpp"

namespace laoxiao {

namespace {

bool valid_key_part(std::string_view p) {
  if (p.empty()) return false;
  for (char c : p)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

/// One part of a dotted path: a name and, for arrays of tables, an index.
struct Part {
  std::string name;
  long index = -1;
};

bool split_path(const std::string& key, std::vector<Part>& out) {
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = key.find('.', start);
    std::string piece =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    Part p;
    if (const auto br = piece.find('['); br != std::string::npos) {
      if (piece.back() != ']') return false;
      const std::string digits = piece.substr(br + 1, piece.size() - br - 2);
      const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), p.index);
      if (digits.empty() || r.ec != std::errc{} || r.ptr != digits.data() + digits.size())
        return false;
      piece = piece.substr(0, br);
    }
    if (!valid_key_part(piece)) return false;
    p.name = piece;
    out.push_back(p);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return !out.empty() && out.size() <= 32;
}

/// The value of an override in a table {value = ...}, its node placed at the override.
toml::table parse_value(const Override& o) {
  const std::string text = "value = " + o.value + "\n";
  // Text the parser must not see, or that is not one TOML value, is a string.
  if (!scenario_text_problem(text, o.origin)) {
    try {
      toml::table t = toml::parse(text, o.origin);
      if (t.size() == 1 && t.contains("value")) return t;
    } catch (const std::runtime_error&) {
    }
  }
  const std::string quoted = "value = " + toml_quoted(o.value) + "\n";
  try {
    return toml::parse(quoted, o.origin);
  } catch (const std::runtime_error&) {
    toml::table t;
    t.insert("value", o.value);
    return t;
  }
}

}  // namespace

Override parse_set_argument(const std::string& argument) {
  const std::string origin = "--set " + argument;
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0) {
    Diagnostics d;
    d.error(SourcePos{origin, 0, 0}, "",
            "expected KEY=VALUE, e.g. --set demography.fertility.target_tfr=1.1");
    throw InputError(d);
  }
  std::string key = argument.substr(0, eq);
  while (!key.empty() && key.back() == ' ') key.pop_back();
  std::string value = argument.substr(eq + 1);
  return Override{key, value, origin};
}

void apply_overrides(toml::table& merged, const std::vector<Override>& overrides, Diagnostics& d) {
  for (const Override& o : overrides) {
    const SourcePos at{o.origin, 0, 0};
    std::vector<Part> parts;
    if (!split_path(o.key, parts)) {
      d.error(at, "",
              "'" + o.key +
                  "' is not a key (dotted names, e.g. run.seed or "
                  "capacity.projects[0].opens)");
      continue;
    }
    toml::table parsed = parse_value(o);
    toml::node* value = parsed.get("value");
    // Walk to the table that holds the last part, creating tables on the way.
    toml::table* t = &merged;
    bool ok = true;
    for (std::size_t i = 0; i + 1 < parts.size() && ok; ++i) {
      const Part& p = parts[i];
      toml::node* n = t->get(p.name);
      if (!n) {
        if (p.index >= 0) {
          d.error(at, "", "there is no " + p.name + "[" + std::to_string(p.index) + "] to set");
          ok = false;
          break;
        }
        n = t->insert_or_assign(p.name, toml::table{}).first->second.as_table();
      }
      if (p.index >= 0) {
        toml::array* a = n->as_array();
        if (!a || !a->is_array_of_tables() || p.index >= static_cast<long>(a->size())) {
          d.error(at, "",
                  p.name + " has " + std::to_string(a ? a->size() : 0) + " entries; [" +
                      std::to_string(p.index) + "] is not one of them");
          ok = false;
          break;
        }
        t = a->get(static_cast<std::size_t>(p.index))->as_table();
      } else if (toml::table* next = n->as_table(); next && !next->contains("value")) {
        t = next;  // a table of parameters (a sourced value { value = … } is a value)
      } else {
        d.error(at, "", p.name + " is a value, not a table of parameters");
        ok = false;
      }
    }
    if (!ok) continue;
    const Part& last = parts.back();
    if (last.index >= 0) {
      d.error(at, "", "a whole entry of " + last.name + " cannot be set; set one of its keys");
      continue;
    }
    toml::node* existing = t->get(last.name);
    if (existing && existing->is_table() && existing->as_table()->contains("value") &&
        !value->is_table()) {
      // A sourced value: a sourced value still (its unit kept), recording where the new value
      // comes from; the table stands at the override, so that an error about the whole value
      // (e.g. a wrong number of values) names the override, not the file it replaces.
      toml::table fresh = toml::parse("value = {}", o.origin);
      toml::table& sourced = *fresh.get("value")->as_table();
      sourced.insert("value", std::move(*value));
      sourced.insert("source", "command line: " + o.origin);
      if (const toml::node* unit = existing->as_table()->get("unit")) sourced.insert("unit", *unit);
      t->insert_or_assign(last.name, std::move(sourced));
    } else {
      t->insert_or_assign(last.name, std::move(*value));
    }
  }
}

}  // namespace laoxiao
