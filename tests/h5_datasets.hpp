// Every dataset of an HDF5 file as bytes, for comparing files dataset by dataset (strings as
// text, since their raw bytes are pointers).
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace laoxiao::test {

/// path -> bytes of every dataset (strings as text, compound tables field by field); an empty
/// map if the file does not open.
inline std::map<std::string, std::string> h5_datasets(const std::filesystem::path& file) {
  std::map<std::string, std::string> out;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return out;
  struct Ctx {
    hid_t f;
    std::map<std::string, std::string>* out;
  } ctx{f, &out};
  H5Ovisit(
      f, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type != H5O_TYPE_DATASET) return 0;
        auto* c = static_cast<Ctx*>(data);
        const hid_t ds = H5Dopen2(c->f, name, H5P_DEFAULT);
        const hid_t type = H5Dget_type(ds);
        const hid_t space = H5Dget_space(ds);
        const hssize_t n = H5Sget_simple_extent_npoints(space);
        std::string bytes;
        // Variable-length strings are read as text (their raw bytes are pointers); compound
        // tables field by field.
        auto read_strings = [&](hid_t mem) {
          std::vector<char*> v(static_cast<std::size_t>(n));
          H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
          for (char* p : v) bytes += std::string(p ? p : "") + '\0';
          H5Dvlen_reclaim(mem, space, H5P_DEFAULT, v.data());
        };
        if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
          read_strings(type);
        } else if (H5Tget_class(type) == H5T_COMPOUND) {
          for (int m = 0; m < H5Tget_nmembers(type); ++m) {
            char* field = H5Tget_member_name(type, static_cast<unsigned>(m));
            const hid_t mt = H5Tget_member_type(type, static_cast<unsigned>(m));
            const bool vstr = H5Tget_class(mt) == H5T_STRING && H5Tis_variable_str(mt) > 0;
            const std::size_t size = vstr ? sizeof(char*) : H5Tget_size(mt);
            const hid_t one = H5Tcreate(H5T_COMPOUND, size);
            H5Tinsert(one, field, 0, mt);
            bytes += std::string(field) + ':';
            if (vstr) {
              read_strings(one);
            } else {
              std::string raw(static_cast<std::size_t>(n) * size, '\0');
              H5Dread(ds, one, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
              bytes += raw;
            }
            H5Tclose(one);
            H5Tclose(mt);
            H5free_memory(field);
          }
        } else {
          bytes.resize(static_cast<std::size_t>(n) * H5Tget_size(type));
          H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
        }
        (*c->out)[name] = bytes;
        H5Sclose(space);
        H5Tclose(type);
        H5Dclose(ds);
        return 0;
      },
      &ctx);
  H5Fclose(f);
  return out;
}

/// The datasets of a file but those whose path starts with `skip` (e.g. "timing/").
inline std::map<std::string, std::string> h5_datasets_except(const std::filesystem::path& file,
                                                             const std::string& skip) {
  auto all = h5_datasets(file);
  for (auto it = all.begin(); it != all.end();)
    it = it->first.rfind(skip, 0) == 0 ? all.erase(it) : std::next(it);
  return all;
}

}  // namespace laoxiao::test
