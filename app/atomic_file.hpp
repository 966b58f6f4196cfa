// Crash-safe output: results are written to a temporary file beside the destination, flushed
// and fsync'ed, then renamed over it (rename is atomic on POSIX file systems), and the
// directory is fsync'ed. A run that dies at any moment leaves either the previous complete file
// or nothing at the destination; its temporary file is named
//   .<file name>.laoxiao-partial.<pid>
// and the next run to the same destination removes it if that process is gone.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace laoxiao {

class AtomicOutput {
 public:
  /// Picks the temporary path and checks that the directory is writable and that the
  /// destination, if it exists, is a regular file (throws std::runtime_error with a clear
  /// message otherwise). Removes stale temporaries.
  explicit AtomicOutput(std::filesystem::path destination);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temporary() const { return temp_; }
  const std::filesystem::path& destination() const { return dest_; }
  /// fsync the temporary file, rename it over the destination, fsync the directory.
  void commit();

  /// Temporary files of dead processes for this destination, removed; returns their paths.
  static std::vector<std::filesystem::path> remove_stale(const std::filesystem::path& dest);
  static bool is_partial_name(const std::string& file_name, const std::string& dest_name);

 private:
  std::filesystem::path dest_, temp_;
  bool committed_ = false;
  int slot_ = -1;  // where the signal handler finds the temporary path
};

/// Writes `text` to the temporary file of `out` (throws std::runtime_error on failure).
void write_to_temporary(const AtomicOutput& out, const std::string& text);

/// Writes `text` to `path` through an AtomicOutput (throws std::runtime_error on failure, the
/// previous file untouched).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

/// Removes every temporary file in progress (async-signal-safe: for the signal handler).
void remove_partial_files();

}  // namespace laoxiao
