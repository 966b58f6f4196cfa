// A scenario: one place, its baseline population, its demographic and care parameters, its
// plan and capacity, and run settings; loaded from TOML (extends chains rooted in the built-in
// defaults, then any overrides) and validated against the parameter registry before anything
// runs. Each part is the parameter struct of the process that owns it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/diagnostics.hpp"
#include "core/params.hpp"
#include "input/overrides.hpp"
#include "input/uncertainty.hpp"
#include "models/care/capacity.hpp"
#include "models/care/outcomes.hpp"
#include "models/care/plan.hpp"
#include "models/demography/baseline.hpp"
#include "models/demography/demography.hpp"

namespace laoxiao {

/// Keys: [place].
struct Place {
  std::string id;  // pinyin identifier (census code "c140827" for the places of a batch)
  std::string name_zh;
  std::string name_en;
  std::string level;
  std::optional<std::int64_t> rng_stream;  // resolved by the loader (24 bits)
  std::string province, prefecture;        // census names, for the places of a batch
};

/// Which uncertainty the replicates carry: Monte Carlo noise only, or also one draw of every
/// uncertain parameter per replicate (input/uncertainty.hpp).
enum class UncertaintyMode { kParameters, kNone };
inline constexpr const char* kUncertaintyModeNames[] = {"parameters", "none"};

/// Keys: [run].
struct RunSettings {
  std::uint64_t seed{};
  int replicates{};
  double sample{};
  UncertaintyMode uncertainty = UncertaintyMode::kParameters;
};

/// Keys: [horizon].
struct HorizonSettings {
  int end_year{};
};

/// The input layer's own tables ([place], [run], [horizon]).
struct ScenarioHead {
  Place place;
  RunSettings run;
  HorizonSettings horizon;
};
const ParamFields<ScenarioHead>& scenario_params();

struct Scenario {
  std::string file;           // path as given
  std::string batch;          // the batch (place.id of a [batch] file) this place belongs to
  int batch_index = -1;       // its row in the batch
  std::string resolved_toml;  // the merged scenario, every value explicit (overrides included)
  /// Every file this scenario was read from: its extends chain (root first, the built-in
  /// defaults excluded) and the census table. No output may overwrite one of them.
  std::vector<std::string> inputs;
  Place place;
  RunSettings run;
  Horizon horizon;
  BaselinePopulation baseline;
  DemographyParams demography;
  Plan plan;
  CapacityPlan capacity;
  CareParams care;
  /// The parameters that carry a distribution, and the merged table they are drawn into
  /// (kept only when replicates draw them: run.uncertainty = "parameters").
  std::vector<UncertainParameter> uncertain;
  std::shared_ptr<const toml::table> tree;
  bool draws_parameters() const {
    return run.uncertainty == UncertaintyMode::kParameters && !uncertain.empty() && tree;
  }

  /// Where each parameter was set (file, line, column), for errors found after loading.
  std::map<std::string, SourcePos> positions;
  SourcePos position(const std::string& key) const {
    auto it = positions.find(key);
    return it != positions.end() ? it->second : SourcePos{file, 1, 1};
  }
  std::uint32_t rng_stream() const {
    return static_cast<std::uint32_t>(place.rng_stream.value_or(0));
  }
};

/// A figure the document does not state, derived by a rule (models/care/derivation.hpp).
struct DerivedFigure {
  std::string
      where;  // its place in the scenario: "capacity.stock[1]", "plan.indicators[3].targets[0]"
  std::string key;  // the entry or row key (rows: key/year)
  std::optional<double> value;
  const Derivation* derived;  // points into the scenario
};

/// Every derived figure of the plan and its capacity.
std::vector<DerivedFigure> derived_figures(const Scenario& s);

/// Loads a scenario file: one scenario, or one per census row for a [batch] file (every
/// county of a province, or of China), each with the file's template applied. Overrides are
/// applied after the extends chain, before validation. Throws InputError with every problem.
std::vector<Scenario> load_scenarios(const std::filesystem::path& file,
                                     const std::vector<Override>& overrides = {});

/// Whether `key` belongs to a part of the scenario that a process owns (demography, capacity,
/// demand, staffing, policy, allocation): only those parts may carry uncertain parameters.
bool process_owned_key(std::string_view key);

/// The scenario `base` with `overrides` applied to its merged table, built and checked as a
/// loaded one (used for a replicate's parameter draws). Throws InputError naming the override.
Scenario with_overrides(const Scenario& base, const std::vector<Override>& overrides);

/// Loads and validates a single-place scenario (a batch file is an error).
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<Override>& overrides = {});

/// For a file marked role = "parent" (meant only to be extended, e.g. scenarios/defaults.toml):
/// checks its keys, types and bounds with its extends chain and returns the chain's files, root
/// first. For any other file: std::nullopt (load it with load_scenarios). Throws InputError.
std::optional<std::vector<std::string>> check_parent_file(const std::filesystem::path& file);

/// As load_scenarios, with the top file's text given (files it extends are read from disk,
/// relative to `as_file`). Used by the fuzzer.
std::vector<Scenario> load_scenarios_text(const std::string& text,
                                          const std::filesystem::path& as_file);

}  // namespace laoxiao
