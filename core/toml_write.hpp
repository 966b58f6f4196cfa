// TOML text written by laoxiao itself: values in their shortest exact form and whole documents
// (the resolved scenario stored in every run). toml++ 3.3's own formatter is not used: its
// estimate of an inline array's width converts log10 of a real below 1 (negative) to size_t,
// undefined behaviour for every such value (found by fuzzing sweep files).
#pragma once

#include <string>

#include "core/toml.hpp"

namespace laoxiao {

/// A TOML basic string: quotes and backslashes escaped, control characters as \uXXXX.
std::string toml_quoted(const std::string& s);
/// A real in its shortest form that reads back to the same double (with ".0" when integral).
std::string toml_real(double x);
/// A key as written: bare when it may be, else quoted.
std::string toml_key(const std::string& k);
/// The text of a value, an array or an inline table, on one line.
std::string toml_value_text(const toml::node& n);
/// A whole document: each table's values (tables written inline stay inline), then its tables
/// ([a.b]) and arrays of tables ([[a.c]]), in the table's order. Reads back to an equal table.
std::string toml_document(const toml::table& t);

}  // namespace laoxiao
