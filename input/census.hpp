// County rows of the 2020 census table (scenarios/data/census2020_counties.csv) turned into
// a place's baseline: `baseline.census_codes` sums the rows it names; a [batch] makes one
// place of each row. Keys: baseline.census_table, baseline.census_codes.
#pragma once

#include "core/toml.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"
#include "core/params.hpp"

namespace laoxiao {

/// The census rows a place is made of.
struct CensusSelection {
  std::string census_table;
  std::vector<std::string> census_codes;
};

const ParamFields<CensusSelection>& census_selection_params();

/// The file a census_table key names: relative to the file that holds the key.
std::filesystem::path table_path(const toml::node& census_table);

/// A census table, read once per run (a batch reads the same table for every county).
const CsvTable& cached_csv(const std::filesystem::path& path);

/// Counts of some census rows summed by age group and sex.
struct CensusSum {
  std::vector<double> male, female;
  double urban = 0, total = 0;
};

/// Sums census rows by age group and sex; returns an error message or "".
std::string sum_census_rows(const CsvTable& csv,
                            const std::vector<const std::vector<std::string>*>& rows,
                            CensusSum& out);

/// Writes the summed rows into a [baseline] table (age groups, counts, urban share, source).
void apply_census(toml::table& baseline, const CensusSum& c, const std::string& note);

/// Fills [baseline] from baseline.census_codes, when the scenario gives them, and
/// [demography.migration] from the 2010-2020 estimates of those rows (fill_migration).
void fill_from_census(toml::table& merged, Diagnostics& d);

/// Net migration of census rows from the estimates table beside the census table
/// (demography.migration.census_estimates_table), summed with the rows' 2020 population of each
/// age group and sex as weights, written into [demography.migration] (age_groups,
/// net_rate_male, net_rate_female, source) unless the scenario gives rates itself or sets
/// demography.migration.from_census = false. Rows without an estimate count as closed.
void fill_migration(toml::table& merged, const std::filesystem::path& census_csv,
                    const CsvTable& census,
                    const std::vector<const std::vector<std::string>*>& rows,
                    const SourcePos& where, Diagnostics& d);

}  // namespace laoxiao
