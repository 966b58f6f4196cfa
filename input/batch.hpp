// A [batch] file: one place per row of a census table (every county of a province, or of
// China), each under the file's template. Keys: [batch].
#pragma once

#include "core/toml.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/params.hpp"

namespace laoxiao {

struct BatchSelection {
  std::string census_table;
  std::string province;
  std::vector<std::string> unit_types;
};

const ParamFields<BatchSelection>& batch_params();

/// One place of a batch: its merged scenario table (the template with the row's census counts
/// and identity) and the census names of its province and prefecture.
struct BatchPlace {
  toml::table table;
  std::string province, prefecture;
};

/// The places of the batch in `merged` (the file's merged table), in the census table's order.
/// Throws InputError when the batch cannot be expanded.
std::vector<BatchPlace> expand_batch(const std::filesystem::path& file, const toml::table& merged,
                                     Diagnostics& d);

/// A 24-bit random stream of a name (FNV-1a), for places without a census code.
std::uint32_t hash24(std::string_view s);

}  // namespace laoxiao
