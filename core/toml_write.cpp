#include "core/toml_write.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace laoxiao {

std::string toml_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string toml_real(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string toml_key(const std::string& k) {
  const bool bare = !k.empty() && k.find_first_not_of(
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "abcdefghijklmnopqrstuvwxyz"
                                      "0123456789_-") == std::string::npos;
  return bare ? k : toml_quoted(k);
}

std::string toml_value_text(const toml::node& n) {
  if (const auto* v = n.as_string()) return toml_quoted(v->get());
  if (const auto* v = n.as_floating_point()) return toml_real(v->get());
  if (const auto* v = n.as_integer()) return std::to_string(v->get());
  if (const auto* v = n.as_boolean()) return v->get() ? "true" : "false";
  if (const auto* a = n.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i)
      out += (i ? ", " : "") + toml_value_text(*a->get(i));
    return out + "]";
  }
  if (const auto* t = n.as_table()) {
    std::string out = "{";
    bool first = true;
    for (auto&& [k, v] : *t) {
      out += (first ? " " : ", ") + toml_key(std::string(k.str())) + " = " + toml_value_text(v);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  std::ostringstream o;  // dates, times and date-times: toml++ prints them exactly
  n.visit([&](auto&& x) { o << x; });
  return o.str();
}

namespace {

/// A table written as a header of its own: not one the file wrote inline ({ value = ..., source
/// = ... }), which stays a value on its key's line.
bool is_header_table(const toml::node& v) {
  const toml::table* t = v.as_table();
  return t && !t->is_inline();
}

bool is_table_array(const toml::node& v) {
  const toml::array* a = v.as_array();
  return a && !a->empty() && a->is_array_of_tables();
}

void write_table(std::string& out, const toml::table& t, const std::string& path) {
  for (auto&& [k, v] : t)
    if (!is_header_table(v) && !is_table_array(v))
      out += toml_key(std::string(k.str())) + " = " + toml_value_text(v) + "\n";
  for (auto&& [k, v] : t) {
    const std::string key = toml_key(std::string(k.str()));
    const std::string p = path.empty() ? key : path + "." + key;
    if (is_header_table(v)) {
      out += "\n[" + p + "]\n";
      write_table(out, *v.as_table(), p);
    } else if (is_table_array(v)) {
      for (const toml::node& e : *v.as_array()) {
        out += "\n[[" + p + "]]\n";
        write_table(out, *e.as_table(), p);
      }
    }
  }
}

}  // namespace

std::string toml_document(const toml::table& t) {
  std::string out;
  write_table(out, t, "");
  return out;
}

}  // namespace laoxiao
