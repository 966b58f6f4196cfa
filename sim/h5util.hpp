// A thin layer over the HDF5 C and C++ APIs for self-describing, reproducible files: every
// object is created with modification-time tracking off (identical runs give identical
// bytes), every dataset carries units, description, Chinese name and dimension names, and
// dimensions are HDF5 dimension scales.
#pragma once

#include <hdf5.h>

#include <hdf5.h>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace laoxiao::h5 {

/// Owns an HDF5 identifier.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.id_;
      close_ = o.close_;
      o.id_ = -1;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t id() const { return id_; }
  /// Gives up ownership: the caller closes the identifier.
  hid_t release() {
    const hid_t id = id_;
    id_ = -1;
    return id;
  }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
  }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

struct Meta {
  std::string units;
  std::string description;
  std::string name_zh;
  std::vector<std::string> dims;  // names of the dimension scales, one per axis
};

class Writer {
 public:
  /// Builds the file in memory; close() writes it to `path` (created or truncated).
  explicit Writer(std::string path);
  ~Writer();

  hid_t root() const { return file_.id(); }
  Handle group(hid_t parent, const std::string& name);

  void attr(hid_t obj, const std::string& name, const std::string& value);
  void attr(hid_t obj, const std::string& name, double value);
  void attr(hid_t obj, const std::string& name, std::int64_t value);
  void attr(hid_t obj, const std::string& name, const std::vector<std::string>& values);

  /// Starts a scope for dimension scales: they are created in `<group>/dims` and datasets
  /// written afterwards attach to them by name.
  void begin_scope(hid_t group);

  /// A dimension scale in the current scope's dims group (created once per name).
  void dim_scale(const std::string& name, const std::vector<std::int32_t>& values,
                 const std::string& description);
  void dim_scale(const std::string& name, const std::vector<std::string>& labels,
                 const std::string& description);

  void dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
               const std::vector<double>& data, const Meta& meta);
  void dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
               const std::vector<std::int64_t>& data, const Meta& meta);
  void dataset(hid_t parent, const std::string& name, const std::vector<std::string>& data,
               const Meta& meta);

  /// A column of a table (compound dataset): strings, reals or integers.
  struct Column {
    std::string name;
    std::vector<std::string> strings;
    std::vector<double> reals;
    std::vector<std::int64_t> ints;
  };
  /// A compound dataset with one field per column (all columns the same length).
  void table(hid_t parent, const std::string& name, const std::vector<Column>& columns,
             const std::string& description);

  /// Flushes everything to the file (before closing and syncing).
  /// Writes the file out (throws std::runtime_error naming the system's reason on failure).
  void close();

 private:
  Handle make_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                      hid_t type);
  void describe(hid_t ds, const Meta& meta, std::size_t rank);

  std::string path_;
  Handle file_;
  Handle dcpl_, gcpl_, dims_;
  std::map<std::string, hid_t> scales_;
  std::vector<Handle> scale_handles_;
  bool open_ = true;
};

}  // namespace laoxiao::h5
