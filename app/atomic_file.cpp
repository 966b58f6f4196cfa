#include "app/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace laoxiao {

namespace fs = std::filesystem;

namespace {
// Read by the signal handler: a fixed buffer, never reallocated.
char g_partial[4096] = {0};

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

const char* current_partial_path() {
  return g_partial;
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
  if (fs::is_directory(dest_, ec)) throw std::runtime_error(dest_.string() + ": is a directory");
  remove_stale(dest_);
  std::string temp_name(".");
  temp_name.append(dest_.filename().string()).append(kMarker).append(std::to_string(::getpid()));
  temp_ = dir / temp_name;
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    throw std::runtime_error(dest_.string() + ": cannot write in '" + dir.string() +
                             "': " + std::strerror(errno));
  ::close(fd);
  const std::string t = temp_.string();
  if (t.size() < sizeof g_partial) std::memcpy(g_partial, t.c_str(), t.size() + 1);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
  g_partial[0] = '\0';
}

void AtomicOutput::commit() {
  fsync_path(temp_, false);
  if (::rename(temp_.c_str(), dest_.c_str()) != 0)
    throw std::runtime_error(
        dest_.string() + ": cannot rename the finished file into place: " + std::strerror(errno));
  committed_ = true;
  g_partial[0] = '\0';
  fsync_path(dest_.parent_path().empty() ? fs::path(".") : dest_.parent_path(), true);
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temporary(), std::ios::binary);
    f << text;
    f.flush();
    if (!f) throw std::runtime_error(path.string() + ": cannot write: " + std::strerror(errno));
  }
  out.commit();
}

}  // namespace laoxiao
