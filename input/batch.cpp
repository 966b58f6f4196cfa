#include "input/batch.hpp"

#include <algorithm>

#include "core/toml_read.hpp"
#include "input/census.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

std::uint32_t hash24(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h & 0xFFFFFFu;
}

namespace {

ParamFields<BatchSelection> make_fields() {
  using B = BatchSelection;
  ParamFields<B> f("batch");
  f.field(LAOXIAO_KEY(B, census_table),
          "Census table whose rows become one place each (relative to the file naming it).");
  f.field(LAOXIAO_KEY(B, province),
          "Only rows of this province (省 name as in the table); all rows when absent.");
  f.field(LAOXIAO_KEY(B, unit_types),
          "Only rows of these unit types (county, zone, prefecture_no_county, sansha_area).");
  return f;
}

std::string place_level(const std::string& unit_type) {
  if (unit_type == "county") return "county";
  if (unit_type == "prefecture_no_county") return "prefecture";
  return "district";
}

}  // namespace

const ParamFields<BatchSelection>& batch_params() {
  return declared<BatchSelection, make_fields>();
}

std::vector<BatchPlace> expand_batch(const fs::path& file, const toml::table& merged,
                                     Diagnostics& d) {
  // Errors about the batch as a whole are placed at its [batch] header.
  const toml::node* batch_node = merged.get("batch");
  const SourcePos batch_pos =
      batch_node ? position_of(*batch_node) : SourcePos{file.string(), 1, 1};
  const toml::node* table_node = merged.at_path("batch.census_table").node();
  if (!table_node) {
    d.error(batch_pos, "batch.census_table", "a [batch] needs census_table");
    throw InputError(d);
  }
  const SourcePos table_pos = position_of(*table_node);
  const fs::path csv_path = table_path(*table_node);
  const CsvTable* csv = nullptr;
  try {
    csv = &cached_csv(csv_path);
  } catch (const std::runtime_error& e) {  // not bad_alloc: out of memory is exit code 3
    d.error(table_pos, "batch.census_table", e.what());
    throw InputError(d);
  }
  const TomlSource src(merged, d, batch_pos);
  const BatchSelection sel = batch_params().read(src);
  const std::string& province = sel.province;
  const std::vector<std::string>& types = sel.unit_types;
  const int c_code = csv->column("code"), c_prov = csv->column("province"),
            c_pref = csv->column("prefecture"), c_county = csv->column("county"),
            c_type = csv->column("unit_type");
  if (c_code < 0 || c_prov < 0 || c_pref < 0 || c_county < 0 || c_type < 0) {
    d.error(table_pos, "batch.census_table",
            "'" + csv_path.filename().string() +
                "' lacks the columns code, province, prefecture, county and unit_type");
    throw InputError(d);
  }
  const std::string batch = src.text("place.id").value_or("batch");
  toml::table base = merged;  // the template (a copy: positions are not needed from here on)
  base.erase("batch");
  if (toml::table* b = base.get_as<toml::table>("baseline"))
    for (const char* k :
         {"census_codes", "census_table", "total", "age_groups", "male", "female", "urban_share"})
      b->erase(k);
  std::vector<BatchPlace> out;
  for (std::size_t i = 0; i < csv->rows.size(); ++i) {
    const auto& row = csv->rows[i];
    if (!province.empty() && row[c_prov] != province) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), row[c_type]) == types.end())
      continue;
    toml::table t = base;
    toml::table* baseline = t.get_as<toml::table>("baseline");
    if (!baseline)
      baseline = t.insert_or_assign("baseline", toml::table{}).first->second.as_table();
    CensusSum sum;
    if (const std::string err = sum_census_rows(*csv, {&row}, sum); !err.empty()) {
      d.error(table_pos, "batch.census_table",
              csv_path.filename().string() + " row " + std::to_string(i + 2) + ": " + err);
      continue;
    }
    const std::string& code = row[c_code];
    apply_census(*baseline, sum,
                 "2020 census, " + csv_path.filename().string() + " row " +
                     (code.empty() ? std::to_string(i + 2) : code) + " " + row[c_county]);
    fill_migration(t, csv_path, *csv, {&row}, table_pos, d);
    toml::table& place = *t.get_as<toml::table>("place");
    const std::string id = code.empty() ? "row" + std::to_string(i + 2) : "c" + code;
    place.insert_or_assign("id", id);
    place.insert_or_assign("name_zh", row[c_county]);
    place.insert_or_assign("name_en", std::string());
    place.insert_or_assign("level", place_level(row[c_type]));
    // The code's digits modulo 2^24, in unsigned arithmetic (a long or odd code in a table
    // must not overflow): the same 24 bits as the full number.
    std::uint32_t stream = 0;
    for (unsigned char ch : code) stream = stream * 10u + std::uint32_t{ch} - std::uint32_t{'0'};
    place.insert_or_assign("rng_stream", code.empty()
                                             ? static_cast<std::int64_t>(hash24(batch + id))
                                             : static_cast<std::int64_t>(stream & 0xFFFFFFu));
    out.push_back({std::move(t), row[c_prov], row[c_pref]});
  }
  if (!d.empty()) throw InputError(d);
  if (out.empty()) {
    d.error(src.pos(province.empty() ? "batch.unit_types" : "batch.province"),
            province.empty() ? "batch.unit_types" : "batch.province",
            "no census row matches '" + province + "'" +
                (types.empty() ? "" : " and the unit types given"));
    throw InputError(d);
  }
  return out;
}

}  // namespace laoxiao
