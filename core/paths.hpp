// Which files laoxiao reads and writes. Every input (scenario files, their extends chains,
// census tables) is read through read_input_file, which refuses anything but a regular file of
// bounded size before reading a byte (a FIFO would block, /dev/zero never ends); outputs are
// compared with the inputs by identity (device and inode), not by spelling.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace laoxiao {

/// Scenario files and census tables larger than these are refused before they are read.
inline constexpr std::size_t kMaxScenarioBytes = 8u << 20;
inline constexpr std::size_t kMaxTableBytes = 64u << 20;

/// The text of a regular file of at most `max_bytes`, or nullopt with the reason in `problem`
/// ("no such file", "'x' is not a regular file (a FIFO)", "file is N bytes; … limited to …").
/// `what` names the kind of file in messages ("scenario files", "census tables"). The file is
/// opened without blocking and checked on the open descriptor, so nothing can swap it between
/// the check and the read.
std::optional<std::string> read_input_file(const std::filesystem::path& file, std::size_t max_bytes,
                                           const std::string& what, std::string& problem);

/// A file's identity (device and inode); two paths name the same file when equal.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

/// The identity of an existing file (symbolic links followed), or nullopt.
std::optional<FileIdentity> identity_of(const std::filesystem::path& file);

/// What an existing path is when it is not a regular file ("a directory", "a FIFO", "a
/// character device", …); "" for a regular file or a path that does not exist.
std::string non_regular_kind(const std::filesystem::path& file);

}  // namespace laoxiao
