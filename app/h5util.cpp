#include "app/h5util.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace laoxiao::h5 {

namespace {

/// The operating system's reason for the failure just reported by HDF5 (its file driver
/// records "error message = '...'" on the error stack), or a guess.
std::string failure_cause() {
  std::string cause;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
        const std::string desc = e->desc ? e->desc : "";
        const std::string tag = "error message = '";
        const auto p = desc.find(tag);
        if (p == std::string::npos) return 0;
        const auto q = desc.find('\'', p + tag.size());
        *static_cast<std::string*>(data) = desc.substr(p + tag.size(), q - p - tag.size());
        return 1;
      },
      &cause);
  H5Eclear2(H5E_DEFAULT);
  return cause.empty() ? "disk full or unwritable?" : cause;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("HDF5: " + what + " failed: " + failure_cause());
}
void check(herr_t rc, const std::string& what) {
  if (rc < 0) fail(what);
}
hid_t checked(hid_t id, const std::string& what) {
  if (id < 0) fail(what);
  return id;
}

Handle utf8_string_type() {
  Handle t(checked(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
  check(H5Tset_size(t.id(), H5T_VARIABLE), "string size");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "string charset");
  return t;
}

Handle scalar_space() {
  return Handle(checked(H5Screate(H5S_SCALAR), "dataspace"), H5Sclose);
}

Handle simple_space(const std::vector<hsize_t>& shape) {
  return Handle(
      checked(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), "dataspace"),
      H5Sclose);
}

}  // namespace

Writer::Writer(std::string path) : path_(std::move(path)) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  // The file is built in memory (core driver, no backing store) and written out by close():
  // HDF5 never meets a full disk itself, which its library does not survive (a failed close
  // leaves an object that crashes it at exit).
  Handle fapl(checked(H5Pcreate(H5P_FILE_ACCESS), "fapl"), H5Pclose);
  check(H5Pset_fapl_core(fapl.id(), 1u << 20, false), "core driver");
  file_ = Handle(
      checked(H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), "create " + path_),
      H5Fclose);
  dcpl_ = Handle(checked(H5Pcreate(H5P_DATASET_CREATE), "dcpl"), H5Pclose);
  check(H5Pset_obj_track_times(dcpl_.id(), false), "track times");
  // Floats: NaN where a value cannot be computed, also the fill value (netCDF's _FillValue).
  dcpl_float_ = Handle(checked(H5Pcopy(dcpl_.id()), "dcpl"), H5Pclose);
  const double nan = std::nan("");
  check(H5Pset_fill_value(dcpl_float_.id(), H5T_NATIVE_DOUBLE, &nan), "fill value");
  gcpl_ = Handle(checked(H5Pcreate(H5P_GROUP_CREATE), "gcpl"), H5Pclose);
  check(H5Pset_obj_track_times(gcpl_.id(), false), "track times");
}

std::string Writer::path_of(hid_t obj) const {
  const ssize_t n = H5Iget_name(obj, nullptr, 0);
  if (n < 0) fail("object name");
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(obj, out.data(), out.size());
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Writer::~Writer() = default;  // unclosed: the image is dropped, nothing is written

Handle Writer::group(hid_t parent, const std::string& name) {
  return Handle(checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl_.id(), H5P_DEFAULT),
                        "create group " + name),
                H5Gclose);
}

void Writer::attr(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = utf8_string_type();
  Handle space = scalar_space();
  Handle a(checked(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                   "attribute " + name),
           H5Aclose);
  // Strings are stored as C strings: a NUL would end one early. Validation refuses NUL in
  // text values; this is the last line, so that no attribute is ever silently cut.
  if (value.find('\0') != std::string::npos)
    throw std::runtime_error("attribute " + name + ": text holds a NUL byte and cannot be stored");
  const char* p = value.c_str();
  check(H5Awrite(a.id(), type.id(), &p), "write attribute " + name);
}

void Writer::number_attr(hid_t obj, const std::string& name, hid_t file_type, hid_t memory_type,
                         const void* value) {
  Handle space = scalar_space();
  Handle a(checked(H5Acreate2(obj, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                   "attribute " + name),
           H5Aclose);
  check(H5Awrite(a.id(), memory_type, value), "write attribute " + name);
}

void Writer::attr(hid_t obj, const std::string& name, double value) {
  number_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void Writer::attr(hid_t obj, const std::string& name, std::int64_t value) {
  number_attr(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void Writer::attr(hid_t obj, const std::string& name, std::uint64_t value) {
  number_attr(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void Writer::attr(hid_t obj, const std::string& name, const std::vector<std::string>& values) {
  Handle type = utf8_string_type();
  Handle space = simple_space({static_cast<hsize_t>(values.size())});
  Handle a(checked(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                   "attribute " + name),
           H5Aclose);
  std::vector<const char*> p;
  for (const auto& v : values) {
    if (v.find('\0') != std::string::npos)
      throw std::runtime_error("attribute " + name +
                               ": text holds a NUL byte and cannot be stored");
    p.push_back(v.c_str());
  }
  check(H5Awrite(a.id(), type.id(), p.data()), "write attribute " + name);
}

Handle Writer::make_dataset(hid_t parent, const std::string& name,
                            const std::vector<hsize_t>& shape, hid_t type, hid_t dcpl) {
  Handle space = simple_space(shape);
  return Handle(
      checked(H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl, H5P_DEFAULT),
              "create dataset " + name),
      H5Dclose);
}

void Writer::describe(hid_t parent, hid_t ds, const Meta& meta, std::size_t rank) {
  if (!meta.units.empty()) attr(ds, "units", meta.units);
  if (!meta.long_name.empty()) attr(ds, "long_name", meta.long_name);
  if (!meta.description.empty()) attr(ds, "description", meta.description);
  if (!meta.name_zh.empty()) attr(ds, "name_zh", meta.name_zh);
  if (!meta.dims.empty()) {
    if (meta.dims.size() != rank)
      throw std::logic_error("dataset dimension names do not match its rank");
    attr(ds, "dimensions", meta.dims);
    const std::string where = path_of(parent);
    for (std::size_t i = 0; i < meta.dims.size(); ++i) {
      auto it = scales_.find(where + "/" + meta.dims[i]);
      if (it == scales_.end())
        throw std::logic_error("no dimension " + meta.dims[i] + " in " + where);
      check(H5DSattach_scale(ds, it->second, static_cast<unsigned>(i)), "attach scale");
      check(H5DSset_label(ds, static_cast<unsigned>(i), meta.dims[i].c_str()), "dimension label");
    }
  }
}

std::vector<hsize_t> Writer::shape_of(hid_t parent, const std::vector<std::string>& dims) const {
  const std::string where = path_of(parent);
  std::vector<hsize_t> shape;
  for (const auto& d : dims) {
    auto it = scales_.find(where + "/" + d);
    if (it == scales_.end()) throw std::logic_error("no dimension " + d + " in " + where);
    Handle space(checked(H5Dget_space(it->second), "dataspace"), H5Sclose);
    hsize_t n = 0;
    check(H5Sget_simple_extent_dims(space.id(), &n, nullptr), "extent");
    shape.push_back(n);
  }
  return shape;
}

void Writer::dataset(hid_t parent, const std::string& name, const std::vector<double>& data,
                     const Meta& meta) {
  dataset(parent, name, shape_of(parent, meta.dims), data, meta);
}

void Writer::dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                     const std::vector<double>& data, const Meta& meta) {
  Handle ds = make_dataset(parent, name, shape, H5T_IEEE_F64LE, dcpl_float_.id());
  if (!data.empty())
    check(H5Dwrite(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "write " + name);
  attr(ds.id(), "_FillValue", std::nan(""));
  describe(parent, ds.id(), meta, shape.size());
}

void Writer::dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                     const std::vector<std::int64_t>& data, const Meta& meta) {
  Handle ds = make_dataset(parent, name, shape, H5T_STD_I64LE, dcpl_.id());
  if (!data.empty())
    check(H5Dwrite(ds.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "write " + name);
  describe(parent, ds.id(), meta, shape.size());
}

void Writer::dataset(hid_t parent, const std::string& name, const std::vector<std::string>& data,
                     const Meta& meta) {
  Handle type = utf8_string_type();
  Handle ds =
      make_dataset(parent, name, {static_cast<hsize_t>(data.size())}, type.id(), dcpl_.id());
  std::vector<const char*> p;
  for (const auto& v : data) p.push_back(v.c_str());
  if (!p.empty())
    check(H5Dwrite(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()), "write " + name);
  describe(parent, ds.id(), meta, 1);
}

void Writer::scale(hid_t group, const std::string& name, const std::vector<std::int32_t>& values,
                   const std::string& long_name) {
  make_scale(group, name, values.size(), H5T_STD_I32LE, H5T_NATIVE_INT32, values.data(), long_name);
}

void Writer::scale(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                   const std::string& long_name) {
  Handle type = utf8_string_type();
  std::vector<const char*> p;
  for (const auto& v : labels) p.push_back(v.c_str());
  make_scale(group, name, labels.size(), type.id(), type.id(), p.data(), long_name);
}

void Writer::make_scale(hid_t group, const std::string& name, std::size_t n, hid_t file_type,
                        hid_t memory_type, const void* data, const std::string& long_name) {
  const std::string key = path_of(group) + "/" + name;
  if (scales_.count(key)) return;
  Handle ds = make_dataset(group, name, {static_cast<hsize_t>(n)}, file_type, dcpl_.id());
  if (n)
    check(H5Dwrite(ds.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name);
  check(H5DSset_scale(ds.id(), name.c_str()), "set scale " + name);
  attr(ds.id(), "long_name", long_name);
  scales_[key] = ds.id();
  scale_handles_.push_back(std::move(ds));
}

void Writer::table(hid_t parent, const std::string& name, const std::vector<Column>& columns,
                   const std::string& description) {
  std::size_t rows = 0;
  for (const auto& c : columns)
    rows = std::max(rows, c.kind == Column::kStrings ? c.strings.size()
                          : c.kind == Column::kReals ? c.reals.size()
                                                     : c.ints.size());
  Handle g = group(parent, name);
  attr(g.id(), "description", description);
  std::vector<std::int32_t> index(rows);
  for (std::size_t r = 0; r < rows; ++r) index[r] = static_cast<std::int32_t>(r);
  scale(g.id(), "row", index, "row of the table");
  const auto n = static_cast<hsize_t>(rows);
  for (const auto& c : columns) {
    const Meta meta{"", c.long_name, "", "", {"row"}};
    if (c.kind == Column::kStrings) {
      std::vector<std::string> v = c.strings;
      v.resize(rows);
      dataset(g.id(), c.name, v, meta);
    } else if (c.kind == Column::kReals) {
      std::vector<double> v = c.reals;
      v.resize(rows, std::nan(""));
      dataset(g.id(), c.name, {n}, v, meta);
    } else {
      std::vector<std::int64_t> v = c.ints;
      v.resize(rows, 0);
      dataset(g.id(), c.name, {n}, v, meta);
    }
  }
}

void Writer::close() {
  if (!open_) return;
  open_ = false;
  scale_handles_.clear();
  scales_.clear();
  gcpl_.reset();
  dcpl_float_.reset();
  dcpl_.reset();
  check(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "flush");
  const ssize_t size = H5Fget_file_image(file_.id(), nullptr, 0);
  if (size < 0) fail("file image size");
  std::vector<char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file_.id(), image.data(), image.size()) != size) fail("file image");
  file_.reset();

  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot create the file: " + std::string(std::strerror(errno)));
  std::size_t done = 0;
  while (done < image.size()) {
    const ssize_t n = ::write(fd, image.data() + done, image.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      throw std::runtime_error("cannot write the file (" + std::to_string(image.size()) +
                               " bytes, " + std::to_string(done) +
                               " written): " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0)
    throw std::runtime_error("cannot write the file: " + std::string(std::strerror(errno)));
}

}  // namespace laoxiao::h5
