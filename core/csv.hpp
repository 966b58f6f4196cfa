// A small RFC 4180 reader for the project's own data tables (quoted fields, commas, CRLF).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace laoxiao {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Column index by header name; -1 if absent.
  int column(std::string_view name) const;
};

/// Parses CSV text. Throws std::runtime_error("file:line: message") on malformed input.
CsvTable parse_csv(std::string_view text, const std::string& file_name);
/// Reads a table: a regular file of at most kMaxTableBytes (core/paths.hpp), else throws
/// std::runtime_error("file: reason").
CsvTable read_csv(const std::filesystem::path& file);

}  // namespace laoxiao
