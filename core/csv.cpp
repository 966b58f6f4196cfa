#include "core/csv.hpp"

#include <stdexcept>

#include "core/paths.hpp"

namespace laoxiao {

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

CsvTable parse_csv(std::string_view text, const std::string& file_name) {
  CsvTable t;
  t.file = file_name;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, field_started = false;
  int line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
    if (t.header.empty()) {
      t.header = std::move(row);
    } else if (!(row.size() == 1 && row[0].empty())) {
      if (row.size() != t.header.size())
        throw std::runtime_error(file_name + ":" + std::to_string(row_line) + ": expected " +
                                 std::to_string(t.header.size()) + " fields, found " +
                                 std::to_string(row.size()));
      t.rows.push_back(std::move(row));
    }
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A text table never holds a NUL byte; one would cut names short in the output.
    if (c == '\0')
      throw std::runtime_error(file_name + ":" + std::to_string(line) +
                               ": a NUL byte (this is not a text table)");
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n') {
      end_row();
      row_line = ++line;
    } else if (c != '\r') {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes)
    throw std::runtime_error(file_name + ":" + std::to_string(row_line) +
                             ": unterminated quoted field");
  if (!field.empty() || !row.empty()) end_row();
  if (t.header.empty()) throw std::runtime_error(file_name + ":1: empty table");
  return t;
}

CsvTable read_csv(const std::filesystem::path& file) {
  std::string problem;
  const auto text = read_input_file(file, kMaxTableBytes, "tables", problem);
  if (!text) throw std::runtime_error(file.string() + ": " + problem);
  return parse_csv(*text, file.string());
}

}  // namespace laoxiao
