// Errors about input files, collected so that all of them are reported at once, each as
// "file:line:column: key: message".
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace laoxiao {

struct SourcePos {
  std::string file;  // or, for a value given on the command line, the option as written
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown

  /// A value from the command line ("--set k=v", "--seed 7"): no line or column.
  bool command_line() const { return file.rfind("--", 0) == 0; }
};

struct Diagnostic {
  SourcePos pos;
  std::string key;  // dotted parameter path; may be empty for file-level errors
  std::string message;

  std::string format() const;
};

class Diagnostics {
 public:
  void error(SourcePos pos, std::string key, std::string message);
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// All diagnostics, one per line, sorted by file, line and column.
  std::string format() const;
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

/// Thrown when an input file is invalid; carries every diagnostic found.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics d);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

/// A parameter value a model cannot work with (e.g. a target out of reach), named by its key;
/// the input layer turns it into a diagnostic at the key's position.
class ParamError : public std::runtime_error {
 public:
  ParamError(std::string key, const std::string& message)
      : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace laoxiao
