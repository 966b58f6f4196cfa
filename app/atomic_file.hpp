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
  /// Picks the temporary path and checks that the directory is writable and that the
  /// destination, if it exists, is a regular file (throws std::runtime_error with a clear
  /// message otherwise). Removes stale temporaries.
  /// A host-tagged temporary (many outputs at once, from several threads and hosts) carries
  /// the host name so that only a process on that host removes it.
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
