// A scenario: one place, its baseline population, its demographic parameters and run
// settings, loaded from TOML (with `extends` chains rooted in the built-in defaults) and
// validated against the parameter registry before anything runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/age_group.hpp"
#include "sim/calendar.hpp"
#include "sim/diagnostics.hpp"
#include "sim/plan.hpp"

namespace laoxiao {

struct Township {
  std::string name;
  double share = 0.0;
  bool urban = false;
};

struct Place {
  std::string id;  // pinyin identifier (census code "c140827" for the places of a batch)
  std::string province, prefecture;  // census names, for the places of a batch
  std::string name_zh;
  std::string name_en;
  std::string level;
  std::uint32_t rng_stream = 0;
};

struct Baseline {
  Month date;
  std::string population_basis = "resident";
  std::vector<AgeGroup> groups;
  std::vector<double> male;    // persons by group
  std::vector<double> female;  // persons by group
  double urban_share = 0.0;
  std::vector<Township> townships;  // at least one (a single "all" township by default)
  std::string source;

  double total() const;
};

struct MortalityParams {
  std::vector<AgeGroup> groups;
  std::vector<double> male_mx, female_mx;  // deaths per person-year
  double scale = 1.0;
  std::optional<double> target_life_expectancy;
  double hazard_ratio_partial = 1.0;
  double hazard_ratio_full = 1.0;
};

struct FertilityParams {
  std::vector<AgeGroup> groups;
  std::vector<double> asfr;  // births per woman-year
  double sex_ratio_at_birth = 105.0;
  double scale = 1.0;
  std::optional<double> target_tfr;
  std::optional<double> target_births;
  int target_births_year = 0;
};

struct DisabilityParams {
  int entry_age = 60;
  std::vector<AgeGroup> groups;
  std::vector<double> partial_prevalence, full_prevalence;
  double recovery_partial_to_independent = 0.0;  // annual probability
  double recovery_full_to_partial = 0.0;         // annual probability
  double onset_direct_full_share = 0.0;
};

struct MigrationParams {
  std::vector<AgeGroup> groups;  // empty when migration is off
  std::vector<double> net_rate;  // per 1,000 per year
  bool enabled() const { return !groups.empty(); }
};

struct Demography {
  MortalityParams mortality;
  FertilityParams fertility;
  DisabilityParams disability;
  double extreme_poverty_share = 0.0;
  MigrationParams migration;
};

struct RunSettings {
  std::uint64_t seed = 0;
  int replicates = 1;
  double sample = 1.0;
};

struct Scenario {
  std::string file;           // path as given
  std::string batch;          // the batch (place.id of a [batch] file) this place belongs to
  int batch_index = -1;       // its row in the batch
  std::string resolved_toml;  // the merged scenario, every value explicit
  Place place;
  Baseline baseline;
  int end_year = 2025;
  RunSettings run;
  Demography demography;
  Plan plan;
  Capacity capacity;
  CareParams care;

  /// Where each parameter was set (file, line, column), for errors found after loading.
  std::map<std::string, SourcePos> positions;
  SourcePos position(const std::string& key) const {
    auto it = positions.find(key);
    return it != positions.end() ? it->second : SourcePos{file, 1, 1};
  }

  Month start_month() const { return baseline.date; }
  Month end_month() const { return Month::from_year_month(end_year, 12); }  // last step
  int first_year() const { return baseline.date.year(); }
  int n_years() const { return end_year - first_year() + 1; }
};

/// Loads and validates a scenario. Throws InputError with every problem found, and for a
/// [batch] file (use load_scenarios).
Scenario load_scenario(const std::filesystem::path& file);

/// Loads a scenario file: one scenario, or one per census row for a [batch] file (every
/// county of a province, or of China), each with the file's template applied.
std::vector<Scenario> load_scenarios(const std::filesystem::path& file);

/// For a file marked role = "parent" (meant only to be extended, e.g. scenarios/defaults.toml):
/// checks its keys, types and bounds with its extends chain and returns the chain's files, root
/// first. For any other file: std::nullopt (load it with load_scenarios). Throws InputError.
std::optional<std::vector<std::string>> check_parent_file(const std::filesystem::path& file);

/// As load_scenarios, with the top file's text given (files it extends are read from disk,
/// relative to `as_file`). Used by the fuzzer.
std::vector<Scenario> load_scenarios_text(const std::string& text,
                                          const std::filesystem::path& as_file);

/// The text of the built-in defaults (scenarios/defaults.toml at build time).
const std::string& builtin_defaults_text();

}  // namespace laoxiao
