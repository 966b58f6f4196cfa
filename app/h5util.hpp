// A thin layer over the HDF5 C API for self-describing, reproducible files that the usual
// tools read (h5py, pandas, xarray with h5netcdf, netCDF's ncdump, R's hdf5r): every object
// is created with modification-time tracking off (identical runs give identical bytes); every
// dataset carries units, long_name (English), description, Chinese name and dimension names;
// its axes are HDF5 dimension scales kept in the same group as the dataset (the netCDF data
// model sees scales only in a dataset's own group and its parents); float datasets carry a
// NaN _FillValue; tables are groups of 1-D columns sharing a `row` dimension.
#pragma once

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
  std::string long_name;  // short English name
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
  void attr(hid_t obj, const std::string& name, std::uint64_t value);
  void attr(hid_t obj, const std::string& name, const std::vector<std::string>& values);

  /// A dimension scale (coordinate) named `name` in `group`; datasets of that group attach to
  /// it by name. Created once per group and name.
  void scale(hid_t group, const std::string& name, const std::vector<std::int32_t>& values,
             const std::string& long_name);
  void scale(hid_t group, const std::string& name, const std::vector<std::string>& labels,
             const std::string& long_name);

  void dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
               const std::vector<double>& data, const Meta& meta);
  /// A dataset shaped by its dimensions (the scales of `parent` that meta.dims names).
  void dataset(hid_t parent, const std::string& name, const std::vector<double>& data,
               const Meta& meta);
  void dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
               const std::vector<std::int64_t>& data, const Meta& meta);
  void dataset(hid_t parent, const std::string& name, const std::vector<std::string>& data,
               const Meta& meta);

  /// A column of a table: strings, reals or integers.
  struct Column {
    std::string name;
    std::vector<std::string> strings;
    std::vector<double> reals;
    std::vector<std::int64_t> ints;
    enum Kind { kStrings, kReals, kInts } kind = kStrings;
    std::string long_name;
  };
  /// A group `name` holding one 1-D dataset per column over a `row` dimension.
  void table(hid_t parent, const std::string& name, const std::vector<Column>& columns,
             const std::string& description);

  /// Writes the file out (throws std::runtime_error naming the system's reason on failure).
  void close();

 private:
  Handle make_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                      hid_t type, hid_t dcpl);
  void describe(hid_t parent, hid_t ds, const Meta& meta, std::size_t rank);
  std::vector<hsize_t> shape_of(hid_t parent, const std::vector<std::string>& dims) const;
  void number_attr(hid_t obj, const std::string& name, hid_t file_type, hid_t memory_type,
                   const void* value);
  void make_scale(hid_t group, const std::string& name, std::size_t n, hid_t file_type,
                  hid_t memory_type, const void* data, const std::string& long_name);
  std::string path_of(hid_t obj) const;

  std::string path_;
  Handle file_;
  Handle dcpl_, dcpl_float_, gcpl_;
  std::map<std::string, hid_t> scales_;  // "<group path>/<name>" -> open scale dataset
  std::vector<Handle> scale_handles_;
  bool open_ = true;
};

}  // namespace laoxiao::h5
