#include "core/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace laoxiao {

namespace {

std::string kind_of_mode(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return S_ISREG(mode) ? "" : "not a file";
}

/// Closes the descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<std::string> read_input_file(const std::filesystem::path& file, std::size_t max_bytes,
                                           const std::string& what, std::string& problem) {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer; the descriptor is
  // then refused for not being a regular file. O_NOCTTY: a terminal never becomes ours.
  const Fd in{::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (in.fd < 0) {
    problem = errno == ENOENT ? "no such file" : std::string(std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(in.fd, &st) != 0) {
    problem = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    problem =
        "'" + file.string() + "' is not a regular file (it is " + kind_of_mode(st.st_mode) + ")";
    return std::nullopt;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes) {
    problem = "file is " + std::to_string(size) + " bytes; " + what + " are limited to " +
              std::to_string(max_bytes) + " bytes";
    return std::nullopt;
  }
  // One byte more than measured shows a file that grew while being read.
  std::string text(size + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(in.fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      problem = std::string("cannot read: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > size) {
    problem = "the file changed while it was being read";
    return std::nullopt;
  }
  text.resize(got);
  return text;
}

std::optional<FileIdentity> identity_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

std::string non_regular_kind(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return "";
  return kind_of_mode(st.st_mode);
}

}  // namespace laoxiao
