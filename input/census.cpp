#include "input/census.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>

#include "core/toml_read.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

namespace {

ParamFields<CensusSelection> make_fields() {
  ParamFields<CensusSelection> f("baseline");
  f.field(LAOXIAO_KEY(CensusSelection, census_table),
          "CSV table of county census rows (relative to the file that names it); with "
          "baseline.census_codes it fills age_groups, male, female and urban_share.");
  f.field(LAOXIAO_KEY(CensusSelection, census_codes),
          "Census codes of the county-level units whose rows are summed to form the place.");
  return f;
}

const char* const kCensusGroups[] = {"0",     "1-4",   "5-9",   "10-14", "15-19", "20-24", "25-29",
                                     "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
                                     "65-69", "70-74", "75-79", "80-84", "85+"};

}  // namespace

const ParamFields<CensusSelection>& census_selection_params() {
  return declared<CensusSelection, make_fields>();
}

fs::path table_path(const toml::node& census_table) {
  return fs::path(position_of(census_table).file).parent_path() /
         unwrap(census_table).value<std::string>().value_or("");
}

const CsvTable& cached_csv(const fs::path& path) {
  static std::mutex mu;
  static std::map<std::string, CsvTable> cache;
  std::lock_guard<std::mutex> lock(mu);
  std::error_code ec;
  const std::string key = fs::weakly_canonical(path, ec).string();
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, read_csv(path)).first;
  return it->second;
}

namespace {

/// A census count: a whole field that is a finite number, at least 0 ("12abc", "nan", "-3" and
/// "1e400" are not counts).
std::optional<double> count_of(const std::string& field) {
  double v = 0;
  const char* end = field.data() + field.size();
  const auto r = std::from_chars(field.data(), end, v);
  if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

}  // namespace

std::string sum_census_rows(const CsvTable& csv,
                            const std::vector<const std::vector<std::string>*>& rows,
                            CensusSum& out) {
  auto column_name = [](const std::string& sex, const std::string& g) {
    std::string c = sex + "_";
    for (char ch : g) c += (ch == '-') ? '_' : ch;
    if (c.back() == '+') c = c.substr(0, c.size() - 1) + "_plus";
    return c;
  };
  const int urban_col = csv.column("urban"), pop_col = csv.column("population");
  if (urban_col < 0 || pop_col < 0) return "the table lacks the columns population and urban";
  const std::size_t n = std::size(kCensusGroups);
  out.male.assign(n, 0.0);
  out.female.assign(n, 0.0);
  out.urban = out.total = 0;
  for (const auto* row : rows) {
    for (std::size_t g = 0; g < n; ++g) {
      const int cm = csv.column(column_name("male", kCensusGroups[g]));
      const int cf = csv.column(column_name("female", kCensusGroups[g]));
      if (cm < 0 || cf < 0) return "missing column " + column_name("male", kCensusGroups[g]);
      for (const auto& [col, sum] : {std::pair{cm, &out.male[g]}, std::pair{cf, &out.female[g]}}) {
        const auto v = count_of((*row)[static_cast<std::size_t>(col)]);
        if (!v)
          return "'" + (*row)[static_cast<std::size_t>(col)] + "' in column " +
                 csv.header[static_cast<std::size_t>(col)] + " is not a count";
        *sum += *v;
      }
    }
    for (const auto& [col, sum] :
         {std::pair{urban_col, &out.urban}, std::pair{pop_col, &out.total}}) {
      const auto v = count_of((*row)[static_cast<std::size_t>(col)]);
      if (!v)
        return "'" + (*row)[static_cast<std::size_t>(col)] + "' in column " +
               csv.header[static_cast<std::size_t>(col)] + " is not a count";
      *sum += *v;
    }
  }
  return "";
}

void apply_census(toml::table& baseline, const CensusSum& c, const std::string& note) {
  toml::array groups, m, f;
  for (std::size_t g = 0; g < std::size(kCensusGroups); ++g) {
    groups.push_back(kCensusGroups[g]);
    m.push_back(c.male[g]);
    f.push_back(c.female[g]);
  }
  baseline.insert_or_assign("age_groups", std::move(groups));
  baseline.insert_or_assign("male", std::move(m));
  baseline.insert_or_assign("female", std::move(f));
  baseline.insert_or_assign("urban_share", c.total > 0 ? c.urban / c.total : 0.0);
  std::string text = note;
  if (const toml::node* src = baseline.get("source"); src && src->is_string())
    text = src->value<std::string>().value_or("") + "; " + note;
  baseline.insert_or_assign("source", text);
}

void fill_from_census(toml::table& merged, Diagnostics& d) {
  toml::table* baseline = merged.get_as<toml::table>("baseline");
  if (!baseline) return;
  const toml::node* codes_node = baseline->get("census_codes");
  if (!codes_node) return;
  const SourcePos codes_pos = position_of(*codes_node);
  const toml::node* table_node = baseline->get("census_table");
  if (!table_node || !table_node->is_string()) {
    d.error(codes_pos, "baseline.census_table",
            "baseline.census_codes needs baseline.census_table (the CSV to read)");
    return;
  }
  for (const char* k : {"age_groups", "male", "female", "urban_share"}) {
    if (const toml::node* n = baseline->get(k))
      d.error(position_of(*n), std::string("baseline.") + k,
              "give either baseline.census_codes or explicit counts, not both");
  }
  const toml::array* codes = unwrap(*codes_node).as_array();
  if (!codes) return;  // reported by the validator
  const SourcePos table_pos = position_of(*table_node);
  const fs::path csv_path = table_path(*table_node);
  const CsvTable* csv = nullptr;
  try {
    csv = &cached_csv(csv_path);
  } catch (const std::runtime_error& e) {  // not bad_alloc: out of memory is exit code 3
    d.error(table_pos, "baseline.census_table", e.what());
    return;
  }
  const int code_col = csv->column("code");
  if (code_col < 0) {
    d.error(table_pos, "baseline.census_table", "'" + csv_path.string() + "' has no column code");
    return;
  }
  std::vector<const std::vector<std::string>*> rows;
  std::string used;
  std::map<std::string, std::size_t> seen;  // code -> its first index
  for (std::size_t i = 0; i < codes->size(); ++i) {
    const std::string code = codes->get(i)->value<std::string>().value_or("");
    // Rows are summed: a code listed twice would count its people twice.
    if (const auto [it, first] = seen.emplace(code, i); !first) {
      d.error(position_of(*codes->get(i)), "baseline.census_codes[" + std::to_string(i) + "]",
              "census code '" + code + "' is listed twice (also baseline.census_codes[" +
                  std::to_string(it->second) + "]); its people would be counted twice");
      continue;
    }
    const std::vector<std::string>* row = nullptr;
    for (const auto& r : csv->rows)
      if (r[code_col] == code) row = &r;
    if (!row) {
      d.error(position_of(*codes->get(i)), "baseline.census_codes[" + std::to_string(i) + "]",
              "census code '" + code + "' is not in " + csv_path.filename().string());
      continue;
    }
    rows.push_back(row);
    used += " " + code;
  }
  if (rows.empty()) return;
  CensusSum sum;
  if (const std::string err = sum_census_rows(*csv, rows, sum); !err.empty()) {
    d.error(table_pos, "baseline.census_table", csv_path.filename().string() + ": " + err);
    return;
  }
  apply_census(*baseline, sum, "2020 census, " + csv_path.filename().string() + " rows" + used);
  fill_migration(merged, csv_path, *csv, rows, table_pos, d);
}

namespace {
// Age groups of the migration estimates, and the census groups each sums.
const char* const kMigrationGroups[] = {"0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29",
                                        "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
                                        "60-64", "65-69", "70-74", "75-79", "80+"};

std::string column_of(const std::string& sex, const std::string& group) {
  std::string c = sex + "_";
  for (char ch : group) c += (ch == '-') ? '_' : ch;
  if (c.back() == '+') c = c.substr(0, c.size() - 1) + "_plus";
  return c;
}

/// The census columns of a migration group: 0-4 = 0 + 1-4; 80+ = 80-84 + 85+.
std::vector<std::string> census_columns(const std::string& sex, std::size_t g) {
  const std::string group = kMigrationGroups[g];
  if (group == "0-4") return {column_of(sex, "0"), column_of(sex, "1-4")};
  if (group == "80+") return {column_of(sex, "80-84"), column_of(sex, "85+")};
  return {column_of(sex, group)};
}

const toml::node* value_at(const toml::table& t, std::string_view path) {
  const toml::node* n = t.at_path(path).node();
  return n ? &unwrap(*n) : nullptr;
}
}  // namespace

void fill_migration(toml::table& merged, const fs::path& census_csv, const CsvTable& census,
                    const std::vector<const std::vector<std::string>*>& rows,
                    const SourcePos& where, Diagnostics& d) {
  for (const char* k : {"age_groups", "net_rate", "net_rate_male", "net_rate_female"})
    if (value_at(merged, std::string("demography.migration.") + k)) return;  // given
  const toml::node* on = value_at(merged, "demography.migration.from_census");
  if (!on || !on->value<bool>().value_or(false)) return;
  const toml::node* name = value_at(merged, "demography.migration.census_estimates_table");
  if (!name || !name->is_string()) return;
  const fs::path path = census_csv.parent_path() / name->value<std::string>().value_or("");
  const CsvTable* est = nullptr;
  try {
    est = &cached_csv(path);
  } catch (const std::runtime_error& e) {  // not bad_alloc: out of memory is exit code 3
    d.error(where, "demography.migration.census_estimates_table", e.what());
    return;
  }
  const int est_code = est->column("code"), est_level = est->column("level");
  const int census_code = census.column("code");
  if (est_code < 0 || est_level < 0 || census_code < 0) {
    d.error(where, "demography.migration.census_estimates_table",
            "'" + path.filename().string() + "' lacks the columns code and level");
    return;
  }
  const std::size_t n = std::size(kMigrationGroups);
  std::vector<double> rate[kSexes], weight[kSexes];
  for (int s = 0; s < kSexes; ++s) rate[s].assign(n, 0.0), weight[s].assign(n, 0.0);
  std::map<std::string, int> levels;
  int missing = 0;
  for (const auto* row : rows) {
    const std::string& code = (*row)[static_cast<std::size_t>(census_code)];
    const std::vector<std::string>* e = nullptr;
    for (const auto& r : est->rows)
      if (!code.empty() && r[static_cast<std::size_t>(est_code)] == code) e = &r;
    for (int s = 0; s < kSexes; ++s) {
      const std::string sex = kSexNames[s];
      for (std::size_t g = 0; g < n; ++g) {
        double pop = 0;
        for (const std::string& c : census_columns(sex, g)) {
          const int col = census.column(c);
          if (col >= 0) pop += std::stod((*row)[static_cast<std::size_t>(col)]);
        }
        weight[s][g] += pop;
        if (!e) continue;
        const int col = est->column(column_of(sex, kMigrationGroups[g]));
        const std::string v = col >= 0 ? (*e)[static_cast<std::size_t>(col)] : "";
        if (v.empty()) continue;
        try {
          rate[s][g] += pop * std::stod(v);
        } catch (const std::logic_error&) {  // invalid_argument, out_of_range
          d.error(where, "demography.migration.census_estimates_table",
                  path.filename().string() + ": a rate of " + code + " is not a number");
          return;
        }
      }
    }
    if (e)
      ++levels[(*e)[static_cast<std::size_t>(est_level)]];
    else
      ++missing;
  }
  toml::array groups, male, female;
  for (std::size_t g = 0; g < n; ++g) {
    groups.push_back(kMigrationGroups[g]);
    male.push_back(weight[0][g] > 0 ? rate[0][g] / weight[0][g] : 0.0);
    female.push_back(weight[1][g] > 0 ? rate[1][g] / weight[1][g] : 0.0);
  }
  toml::table* mig =
      merged.get_as<toml::table>("demography")
          ? merged.get_as<toml::table>("demography")->get_as<toml::table>("migration")
          : nullptr;
  if (!mig) return;
  mig->insert_or_assign("age_groups", std::move(groups));
  mig->insert_or_assign("net_rate_male", std::move(male));
  mig->insert_or_assign("net_rate_female", std::move(female));
  std::string text = "2010-2020 census estimates, " + path.filename().string() + ":";
  for (const auto& [level, count] : levels) text += " " + std::to_string(count) + " " + level;
  if (missing) text += " " + std::to_string(missing) + " without estimate (closed)";
  mig->insert_or_assign("source", text);
}

}  // namespace laoxiao
