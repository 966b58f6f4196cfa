#include "input/validate.hpp"

#include <cmath>
#include <sstream>

#include "core/toml_read.hpp"
#include "input/registry.hpp"
#include "input/uncertainty.hpp"

namespace laoxiao {

namespace {

/// A string of digits: an integer too large for TOML, given on the command line (where a
/// value that does not parse is taken as text).
bool is_big_integer_text(const toml::node& v) {
  const std::string t = v.value<std::string>().value_or("");
  const std::size_t first = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
  return t.size() > first + 18 && t.find_first_not_of("0123456789", first) == std::string::npos;
}

class Validator {
 public:
  explicit Validator(Diagnostics& d) : d_(d), reg_(ParamRegistry::instance()) {}

  /// Checks every key of `t` (declared as `spec_prefix`.key, shown as `shown`.key).
  void walk(const toml::table& t, const std::string& spec_prefix, const std::string& shown) {
    for (auto&& [k, v] : t) {
      const std::string name(k.str());
      const std::string spec_key = spec_prefix.empty() ? name : spec_prefix + "." + name;
      const std::string key = shown.empty() ? name : shown + "." + name;
      if (name == "source" || name == "note") {
        if (!v.is_string())
          d_.error(position_of(v), key, "expected a string");
        else
          check_text(v, key);
        continue;
      }
      const ParamSpec* s = reg_.find(spec_key);
      if (!s) {
        if (reg_.is_table(spec_key)) {
          if (v.is_table())
            walk(*v.as_table(), spec_key, key);
          else
            d_.error(position_of(v), key, "expected a table of parameters, found " + describe(v));
          continue;
        }
        std::string msg = "unknown key";
        const auto near = reg_.closest(spec_key);
        if (!near.empty()) {
          msg += " (did you mean ";
          for (std::size_t i = 0; i < near.size(); ++i) msg += (i ? ", '" : "'") + near[i] + "'";
          msg += "?)";
        }
        d_.error(position_of(k, v), key, msg);
        continue;
      }
      check(*s, v, key);
    }
  }

  /// Reports every required key missing from `t`, at `where`.
  void check_required(const toml::table& t, const std::string& spec_prefix,
                      const std::string& shown, const SourcePos& where) {
    for (const auto& s : reg_.all()) {
      if (!s.required) continue;
      std::string rest;
      if (spec_prefix.empty()) {
        if (s.key.find("[]") != std::string::npos) continue;
        rest = s.key;
      } else {
        if (s.key.compare(0, spec_prefix.size() + 1, spec_prefix + ".") != 0) continue;
        rest = s.key.substr(spec_prefix.size() + 1);
        if (rest.find('.') != std::string::npos) continue;
      }
      if (!t.at_path(rest)) {
        d_.error(where, shown.empty() ? s.key : shown + "." + rest,
                 "missing required parameter (" + std::string(to_string(s.kind)) +
                     (s.unit.empty() ? "" : ", " + s.unit) + ")");
      }
    }
  }

 private:
  void check(const ParamSpec& s, const toml::node& v, const std::string& key) {
    if (s.kind == ParamKind::kTableArray) {
      const toml::array* arr = v.as_array();
      if (!arr || (!arr->empty() && !arr->is_array_of_tables())) {
        d_.error(position_of(v), key, "expected an array of tables ([[" + key + "]])");
        return;
      }
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::table& elem = *arr->get(i)->as_table();
        const std::string shown = key + "[" + std::to_string(i) + "]";
        walk(elem, s.key + "[]", shown);
        check_required(elem, s.key + "[]", shown, position_of(elem));
      }
      return;
    }
    const toml::node* value = &v;
    if (const toml::table* t = v.as_table()) {
      for (auto&& [k, sub] : *t) {
        const std::string_view n = k.str();
        if (n == "uncertainty") {
          continue;  // checked below, once the value is known good
        } else if (n != "value" && n != "source" && n != "note" && n != "unit") {
          d_.error(position_of(k, sub), key + "." + std::string(n),
                   "unknown key in a sourced value (allowed: value, source, note, unit, "
                   "uncertainty)");
        } else if (n != "value" && !sub.is_string()) {
          d_.error(position_of(sub), key + "." + std::string(n), "expected a string");
        } else if (n != "value") {
          check_text(sub, key + "." + std::string(n));
        }
      }
      if (const toml::node* u = t->get("unit"); u && u->is_string()) {
        const std::string unit = u->value<std::string>().value_or("");
        if (unit != s.unit)
          d_.error(position_of(*u), key,
                   "unit '" + unit + "' does not match the declared unit '" + s.unit + "'");
      }
      value = t->get("value");
      if (!value) {
        d_.error(position_of(v), key, "a sourced value needs a 'value' key");
        return;
      }
    }
    const std::size_t before = d_.size();
    check_value(s, *value, key);
    if (const toml::table* t = v.as_table(); t && t->contains("uncertainty") && d_.size() == before)
      check_uncertainty(s, *t, key, d_);
  }

  void check_scalar(const ParamSpec& s, const toml::node& v, const std::string& key) {
    switch (s.kind) {
      case ParamKind::kReal:
      case ParamKind::kRealArray:
      case ParamKind::kInteger:
      case ParamKind::kIntegerArray: {
        const bool integer = s.kind == ParamKind::kInteger || s.kind == ParamKind::kIntegerArray;
        if (integer && !v.is_integer() && is_big_integer_text(v)) {
          d_.error(position_of(v), key,
                   "value " + v.value<std::string>().value_or("") +
                       " is beyond the 64-bit integers of TOML (at most 9223372036854775807)");
          return;
        }
        if (integer ? !v.is_integer() : !v.is_number()) {
          d_.error(position_of(v), key,
                   std::string("expected ") + (integer ? "an integer" : "a number") + ", found " +
                       describe(v));
          return;
        }
        check_bounds(s, v.value<double>().value_or(0.0), v, key);
        return;
      }
      case ParamKind::kString:
      case ParamKind::kStringArray: {
        if (!v.is_string()) {
          d_.error(position_of(v), key, "expected a string, found " + describe(v));
          return;
        }
        check_text(v, key);
        if (!s.choices.empty()) {
          const std::string val = v.value<std::string>().value_or("");
          bool ok = false;
          std::string allowed;
          for (const auto& c : s.choices) {
            ok |= (c == val);
            allowed += (allowed.empty() ? "" : ", ") + c;
          }
          if (!ok) d_.error(position_of(v), key, "'" + val + "' is not one of: " + allowed);
        }
        return;
      }
      case ParamKind::kBool:
        if (!v.is_boolean())
          d_.error(position_of(v), key, "expected true or false, found " + describe(v));
        return;
      case ParamKind::kMonth: {
        if (!v.is_string() || !Month::parse(v.value<std::string>().value_or("")))
          d_.error(position_of(v), key, "expected a month \"YYYY-MM\", found " + describe(v));
        return;
      }
      case ParamKind::kTableArray:
        return;
    }
  }

  void check_value(const ParamSpec& s, const toml::node& v, const std::string& key) {
    const bool is_array_kind = s.kind == ParamKind::kRealArray ||
                               s.kind == ParamKind::kIntegerArray ||
                               s.kind == ParamKind::kStringArray;
    if (!is_array_kind) {
      if (v.is_array() || v.is_table()) {
        d_.error(position_of(v), key,
                 "expected a single " + std::string(to_string(s.kind)) + ", found " + describe(v));
        return;
      }
      check_scalar(s, v, key);
      return;
    }
    const toml::array* arr = v.as_array();
    if (!arr) {
      d_.error(position_of(v), key,
               "expected an " + std::string(to_string(s.kind)) + ", found " + describe(v));
      return;
    }
    for (std::size_t i = 0; i < arr->size(); ++i)
      check_scalar(s, *arr->get(i), key + "[" + std::to_string(i) + "]");
  }

  /// Text is stored as C strings (HDF5 attributes, messages): a NUL ("\u0000") would cut it.
  void check_text(const toml::node& v, const std::string& key) {
    if (v.value<std::string>().value_or("").find('\0') != std::string::npos)
      d_.error(position_of(v), key, "text holds a NUL character (\\u0000), which cannot be stored");
  }

  void check_bounds(const ParamSpec& s, double x, const toml::node& v, const std::string& key) {
    std::ostringstream o;
    const std::string unit = s.unit.empty() ? "" : " (" + s.unit + ")";
    if (!std::isfinite(x)) {
      d_.error(position_of(v), key, "value must be finite");
    } else if (x < s.min) {
      o << "value " << x << " is below the minimum " << s.min << unit;
      d_.error(position_of(v), key, o.str());
    } else if (x > s.max) {
      o << "value " << x << " is above the maximum " << s.max << unit;
      d_.error(position_of(v), key, o.str());
    }
  }

  Diagnostics& d_;
  const ParamRegistry& reg_;
};

}  // namespace

void validate_keys(const toml::table& merged, Diagnostics& d) {
  Validator(d).walk(merged, "", "");
}

void check_required_keys(const toml::table& merged, const SourcePos& where, Diagnostics& d) {
  Validator(d).check_required(merged, "", "", where);
}

}  // namespace laoxiao
