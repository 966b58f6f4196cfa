#include "input/text_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string_view>

namespace laoxiao {

namespace {
constexpr int kMaxKeyParts = 32;  // dotted parts of one key: a.b.c…
constexpr int kMaxBrackets = 64;  // nested [ and { in one value (toml++ stops at the same depth)

/// Checks one code point's UTF-8 encoding at text[i]; returns its length or 0 if invalid.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  std::uint32_t cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b >> 6) != 0x2) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong encodings, surrogates and code points above U+10FFFF.
  const std::uint32_t min_cp = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}
/// A backslash at text[i] followed by nothing but spaces or tabs up to the end of the line:
/// in a multi-line basic string it joins the lines (TOML "line ending backslash").
bool line_ending_backslash(const std::string& text, std::size_t i) {
  std::size_t j = i + 1;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  return j < text.size() &&
         (text[j] == '\n' || (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n'));
}

/// Characters an escape at text[i] (a backslash) covers after the backslash, or 0 when it is
/// not one of TOML's: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX.
std::size_t escape_length(const std::string& text, std::size_t i) {
  if (i + 1 >= text.size()) return 0;
  const char e = text[i + 1];
  if (std::string_view("btnfr\"\\").find(e) != std::string_view::npos) return 1;
  const std::size_t digits = e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (digits == 0 || i + 2 + digits > text.size()) return 0;
  for (std::size_t k = 0; k < digits; ++k)
    if (!std::isxdigit(static_cast<unsigned char>(text[i + 2 + k]))) return 0;
  return 1 + digits;
}

/// The backslash at text[i] and the character after it (whole, if it is not ASCII).
std::string word_after(const std::string& text, std::size_t i) {
  std::size_t end = std::min(text.size(), i + 2);
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  std::string w = text.substr(i, end - i);
  if (w.size() == 2 && (w[1] == '\n' || w[1] == '\r')) w = "\\ at the end of the line";
  return w;
}

/// The bare word (up to TOML punctuation or space) that holds text[i].
std::string word_around(const std::string& text, std::size_t i) {
  const auto stops = [](char ch) {
    return std::string_view(" \t\r\n=.,[]{}#\"'").find(ch) != std::string_view::npos;
  };
  std::size_t first = i, last = i;
  while (first > 0 && !stops(text[first - 1])) --first;
  while (last < text.size() && !stops(text[last])) ++last;
  last = std::min(last, first + 64);
  while (last < text.size() && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
  return text.substr(first, last - first);
}

/// The code point at text[i] (valid UTF-8 of length len).
std::uint32_t code_point(const std::string& text, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::uint32_t cp = len == 1 ? c : c & (0x7Fu >> len);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
  return cp;
}

/// True where toml++ 3.3's whitespace test (is_non_ascii_horizontal_whitespace) reaches
/// TOML_UNREACHABLE: it splits U+00A0..U+FEFF into blocks of 0x3FA code points and handles only
/// the blocks that hold whitespace; in blocks 0, 11 and 63 it handles only U+00A0, U+3000 and
/// U+FEFF, so U+00A1..U+0499, U+2C5E..U+3057 and U+FB26..U+FEFE are undefined behaviour.
bool whitespace_test_undefined(std::uint32_t cp) {
  if (cp < 0xA0 || cp > 0xFEFF) return false;
  const std::uint32_t block = (cp - 0xA0) / 0x3FA;
  if (block != 0 && block != 11 && block != 63) return false;
  return cp != 0xA0 && cp != 0x3000 && cp != 0xFEFF;
}

/// toml++ 3.3 reads an unquoted value (a number, date or boolean) ahead up to 127 characters or
/// a terminator (space, comma, bracket, '#'), quotes included, testing each character for
/// whitespace (undefined behaviour for some, whitespace_test_undefined). Such a character
/// before a terminator means invalid TOML (a bare value runs into a string): the first one, if
/// any, with its column offset.
std::optional<std::pair<std::size_t, int>> runs_into_non_ascii(const std::string& text,
                                                               std::size_t i) {
  int offset = 0;
  for (int n = 0; n < 127 && i < text.size(); ++n, ++offset) {
    const char c = text[i];
    if (std::string_view(" \t\r\n,]}#").find(c) != std::string_view::npos) return std::nullopt;
    const std::size_t len = utf8_length(text, i);
    if (len == 0) return std::nullopt;  // reported as invalid UTF-8 when the lexer gets there
    const std::uint32_t cp = code_point(text, i, len);
    if (whitespace_test_undefined(cp)) return std::make_pair(i, offset);
    i += len;
  }
  return std::nullopt;
}
}  // namespace

std::optional<TextProblem> scenario_text_problem(const std::string& text, const std::string& file) {
  if (text.size() > kMaxScenarioBytes)
    return TextProblem{SourcePos{file, 0, 0}, "file is " + std::to_string(text.size()) +
                                                  " bytes; scenario files are limited to " +
                                                  std::to_string(kMaxScenarioBytes) + " bytes"};
  // A small lexer: enough of TOML to find keys, headers and brackets outside strings and
  // comments, to refuse inputs that would exhaust the parser (its recursion) before it runs.
  enum { kCode, kComment, kBasic, kLiteral, kMlBasic, kMlLiteral } state = kCode;
  int line = 1, col = 1;
  // Dots since the last '=', ',', bracket or newline: the parts of one key (a value holds at
  // most one dot, in a float), in headers, key/value lines and inline tables alike.
  int key_dots = 0, depth = 0, key_line = 1, key_col = 1;
  bool line_start = true;   // only whitespace so far on this line
  bool value_next = false;  // after '=', or '[' or ',' in an array: a value may start here
  std::string open;         // the brackets and braces open, innermost last
  auto starts = [&](std::size_t i, const char* s) {
    return text.compare(i, std::char_traits<char>::length(s), s) == 0;
  };
  // A UTF-8 byte-order mark at the very start is accepted (editors on Windows write one;
  // toml++ skips it too) and takes no column.
  const std::size_t first = starts(0, "\xEF\xBB\xBF") ? 3 : 0;
  for (std::size_t i = first; i < text.size();) {
    const std::size_t len = utf8_length(text, i);
    if (len == 0)
      return TextProblem{SourcePos{file, line, col},
                         "invalid UTF-8 byte sequence (scenario files must be UTF-8)"};
    const char c = text[i];
    if (c == '\n') {
      if (state == kComment || state == kCode) {
        state = kCode;
        key_dots = 0;
      }
      line_start = true;
      ++line;
      col = 1;
      ++i;
      continue;
    }
    switch (state) {
      case kCode:
        // TOML allows other characters only in strings and comments, and toml++ 3.3's check
        // of them in keys is undefined behaviour: refuse them here, with a hint.
        if (len > 1) {
          const std::string word = word_around(text, i);
          return TextProblem{SourcePos{file, line, col},
                             "'" + word +
                                 "' outside a string or comment; a key with such characters "
                                 "must be quoted, e.g. \"" +
                                 word + "\" = ..., and so must a text value"};
        }
        if (value_next && c != ' ' && c != '\t' && c != '\r') {
          value_next = false;
          if (c != '"' && c != '\'' && c != '[' && c != '{' && c != '#')
            if (const auto at = runs_into_non_ascii(text, i))
              return TextProblem{SourcePos{file, line, col + at->second},
                                 "'" + word_around(text, at->first) +
                                     "' right after an unquoted value, without a space or "
                                     "comma: quote the value, or separate the two"};
        }
        if (c == '#') {
          state = kComment;
        } else if (starts(i, "\"\"\"")) {
          state = kMlBasic, i += 2, col += 2;
        } else if (starts(i, "'''")) {
          state = kMlLiteral, i += 2, col += 2;
        } else if (c == '"') {
          state = kBasic;
        } else if (c == '\'') {
          state = kLiteral;
        } else if (c == '[' || c == '{') {
          if (line_start && c == '[' && depth == 0) {
            // A table header: nothing but brackets before the end of the line is an error the
            // parser handles badly.
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == '[') ++j;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
            if (j == text.size() || text[j] == '\n' || text[j] == '\r' || text[j] == '#')
              return TextProblem{SourcePos{file, line, col}, "a table header with no name"};
          } else if (++depth > kMaxBrackets) {
            return TextProblem{
                SourcePos{file, line, col},
                "values nested more than " + std::to_string(kMaxBrackets) + " levels deep"};
          } else {
            open.push_back(c);
            value_next = c == '[';
          }
          key_dots = 0;
        } else if (c == ']' || c == '}') {
          if (depth > 0) --depth;
          if (!open.empty()) open.pop_back();
          key_dots = 0;
        } else if (c == '=' || c == ',') {
          key_dots = 0;
          value_next = c == '=' || (!open.empty() && open.back() == '[');
        } else if (c == '.') {
          if (key_dots == 0) key_line = line, key_col = col;
          if (++key_dots >= kMaxKeyParts)
            return TextProblem{
                SourcePos{file, key_line, key_col},
                "a key with more than " + std::to_string(kMaxKeyParts) + " dotted parts"};
        }
        break;
      case kComment:
        break;
      case kBasic:
      case kMlBasic:
        if (c == '\\') {
          // A line-ending backslash leaves its newline to be counted as a line.
          if (state == kMlBasic && line_ending_backslash(text, i)) break;
          const std::size_t n = escape_length(text, i);
          if (n == 0)
            return TextProblem{SourcePos{file, line, col},
                               "invalid escape '" + word_after(text, i) +
                                   "' in a string (TOML escapes are \\b \\t \\n \\f \\r \\\" "
                                   "\\\\ \\uXXXX \\UXXXXXXXX; write a backslash as \\\\, or use "
                                   "a 'literal string')"};
          i += n, col += static_cast<int>(n);
        } else if (state == kBasic && c == '"') {
          state = kCode;
        } else if (state == kMlBasic && starts(i, "\"\"\"")) {
          state = kCode, i += 2, col += 2;
        }
        break;
      case kLiteral:
        if (c == '\'') state = kCode;
        break;
      case kMlLiteral:
        if (starts(i, "'''")) state = kCode, i += 2, col += 2;
        break;
    }
    if (c != ' ' && c != '\t') line_start = false;
    i += len;
    ++col;
  }
  return std::nullopt;
}

}  // namespace laoxiao
