#include "app/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/paths.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

namespace {
// Read by the signal handler: fixed buffers, never reallocated, one per output of a run (the
// HDF5 file and the --stats file are open at the same time).
constexpr int kPartialSlots = 4;
char g_partial[kPartialSlots][4096] = {};

/// Registers a temporary path in a free slot; returns the slot (or -1 when none is free).
int register_partial(const std::string& t) {
  for (int k = 0; k < kPartialSlots; ++k)
    if (g_partial[k][0] == '\0' && t.size() < sizeof g_partial[k]) {
      std::memcpy(g_partial[k], t.c_str(), t.size() + 1);
      return k;
    }
  return -1;
}
void unregister_partial(int slot) {
  if (slot >= 0) g_partial[slot][0] = '\0';
}

void fsync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0)
    throw std::runtime_error(p.string() + ": cannot open for sync: " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && !(directory && (err == EINVAL || err == EROFS)))
    throw std::runtime_error(p.string() + ": fsync failed: " + std::strerror(err));
}

const std::string kMarker = ".laoxiao-partial.";
}  // namespace

void remove_partial_files() {
  for (auto& p : g_partial)
    if (p[0] != '\0') ::unlink(p);
}

bool AtomicOutput::is_partial_name(const std::string& name, const std::string& dest_name) {
  std::string prefix(".");
  prefix.append(dest_name).append(kMarker);
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string pid = name.substr(prefix.size());
  return !pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos;
}

std::vector<fs::path> AtomicOutput::remove_stale(const fs::path& dest) {
  std::vector<fs::path> removed;
  const fs::path dir = dest.parent_path().empty() ? fs::path(".") : dest.parent_path();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_partial_name(name, dest.filename().string())) continue;
    const std::string pid_text = name.substr(name.rfind('.') + 1);
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    const bool alive = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
    if (alive && pid != ::getpid()) continue;
    std::error_code rm;
    if (fs::remove(entry.path(), rm)) removed.push_back(entry.path());
  }
  return removed;
}

AtomicOutput::AtomicOutput(fs::path destination) : dest_(std::move(destination)) {
  const fs::path dir = dest_.parent_path().empty() ? fs::path(".") : dest_.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error(dest_.string() + ": output directory '" + dir.string() + "' " +
                             (fs::exists(dir, ec) ? "is not a directory" : "does not exist"));
  // Only a regular file is ever replaced: renaming over a device node, a FIFO or a socket
  // would destroy it (a directory cannot be replaced at all).
  if (const std::string kind = non_regular_kind(dest_); !kind.empty())
    throw std::runtime_error(dest_.string() + ": is " + kind +
                             ", not a regular file; refusing to replace it");
  remove_stale(dest_);
  std::string temp_name(".");
  temp_name.append(dest_.filename().string()).append(kMarker).append(std::to_string(::getpid()));
  temp_ = dir / temp_name;
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    throw std::runtime_error(dest_.string() + ": cannot write in '" + dir.string() +
                             "': " + std::strerror(errno));
  ::close(fd);
  slot_ = register_partial(temp_.string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
  unregister_partial(slot_);
}

void AtomicOutput::commit() {
  fsync_path(temp_, false);
  if (::rename(temp_.c_str(), dest_.c_str()) != 0)
    throw std::runtime_error(
        dest_.string() + ": cannot rename the finished file into place: " + std::strerror(errno));
  committed_ = true;
  unregister_partial(slot_);
  slot_ = -1;
  fsync_path(dest_.parent_path().empty() ? fs::path(".") : dest_.parent_path(), true);
}

void write_to_temporary(const AtomicOutput& out, const std::string& text) {
  std::ofstream f(out.temporary(), std::ios::binary);
  f << text;
  f.flush();
  if (!f)
    throw std::runtime_error(out.destination().string() + ": cannot write: " +
                             std::strerror(errno) + "; nothing was written in its place");
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  AtomicOutput out(path);
  write_to_temporary(out, text);
  out.commit();
}

}  // namespace laoxiao
