// Crash-safe output: results are written to a temporary file beside the destination, flushed
// and fsync'ed, then renamed over it (rename is atomic on POSIX file systems), and the
// directory is fsync'ed. A run that dies at any moment leaves either the previous complete file
// or nothing at the destination; its temporary file is named
//   .<file name>.laoxiao-partial.<pid>
// and the next run to the same destination removes it if that process is gone. Outputs that
// processes on several nodes write into one shared directory (a sweep's task files) carry the
// host name as well,
//   .<file name>.laoxiao-partial.<host>.<pid>
// since a process id says nothing about another node: such a temporary is removed only by a
// process of the same host, once its process is gone.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace laoxiao {

class AtomicOutput {
 public:
  /// Picks the temporary path and checks that the directory is writable (throws
  /// std::runtime_error with a clear message otherwise). Removes stale temporaries.
  explicit AtomicOutput(std::filesystem::path destination, bool host_tagged = false);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temporary() const { return temp_; }
  const std::filesystem::path& destination() const { return dest_; }
  /// fsync the temporary file, rename it over the destination, fsync the directory. Without
  /// `sync_directory` the rename may be lost in a power failure (not in a crash of the process):
  /// the file is then absent, never incomplete, which is enough where an absent file is redone
  /// (a sweep's task files).
  void commit(bool sync_directory = true);

  /// Temporary files of dead processes for this destination, removed; returns their paths.
  /// A host-tagged temporary of another host is left alone.
  static std::vector<std::filesystem::path> remove_stale(const std::filesystem::path& dest);
  /// This machine's host name, as temporary names carry it (dots and slashes kept out).
  static const std::string& host_name();
  static bool is_partial_name(const std::string& file_name, const std::string& dest_name);

 private:
  std::filesystem::path dest_, temp_;
  bool committed_ = false;
  bool tracked_ = false;  // named in current_partial_path()
};

/// Writes `text` to `path` through an AtomicOutput (throws std::runtime_error on failure, the
/// previous file untouched).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

/// The temporary file in progress, for the signal handler (empty when none).
const char* current_partial_path();

}  // namespace laoxiao
