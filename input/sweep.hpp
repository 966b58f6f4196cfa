// A sweep file: base scenarios (plain places or batches), the parameters to vary by their
// scenario key, a design (full grid, Latin hypercube, Sobol/Saltelli, Morris trajectories, or a
// table of points read from CSV), replicates per point and the seed. Its keys are declared and
// checked like a scenario's (file:line:column: key: message). A point is a list of overrides
// (input/overrides.hpp) applied to every base scenario after its extends chain and before
// validation, so each point's values get the same type, unit and bound checks as values in a
// scenario file; errors are reported at the sweep file's key (or table cell) naming the point.
//
//   [sweep]
//   scenarios = ["../lianshui.toml"]
//   replicates = 8
//   seed = 20201101
//   [sweep.design]
//   kind = "morris"          # grid, lhs, sobol, morris, table
//   trajectories = 10
//   levels = 4
//   [[sweep.parameters]]
//   key = "demography.fertility.target_tfr"
//   min = 0.7
//   max = 1.3
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/params.hpp"
#include "input/overrides.hpp"
#include "input/registry.hpp"
#include "input/scenario.hpp"
#include "input/uncertainty.hpp"

namespace laoxiao {

enum class SweepDesignKind { kGrid, kLatinHypercube, kSobol, kMorris, kTable };
const EnumNames<SweepDesignKind>& sweep_design_names();

/// Keys: [sweep.design].
struct SweepDesignSettings {
  SweepDesignKind kind{};
  std::optional<int> points;
  std::optional<int> trajectories;
  std::optional<int> levels;
  std::optional<std::string> table;
  std::optional<std::uint64_t> seed;
};

/// Keys: [[sweep.parameters]] (min, max and values are read from the table: any TOML value).
struct SweepParameterSettings {
  std::string key;
  std::string distribution;
};

/// Keys: [sweep].
struct SweepSettings {
  std::vector<std::string> scenarios;
  int replicates{};
  std::uint64_t seed{};
  std::optional<double> sample;
  std::vector<std::string> set;
  SweepDesignSettings design;
  std::vector<SweepParameterSettings> parameters;
};

/// The declarations of a sweep file's keys, and the registry that checks them.
const ParamFields<SweepSettings>& sweep_params();
const ParamRegistry& sweep_registry();

/// One varied parameter.
struct SweepParameter {
  std::string key;                  // the scenario key as written: capacity.projects[0].opens
  ParamSpec spec;                   // its declaration (capacity.projects[].opens)
  bool range = false;               // min/max; otherwise a list of values
  double min = 0, max = 0;          // a range (months as month indices)
  std::vector<std::string> values;  // a list: each value as TOML text
  std::string shown;                // how the sweep file names it: sweep.parameters[0]
  SourcePos pos;                    // its `key`
  std::vector<SourcePos> value_pos;
  /// distribution = "registry": the distribution the scenarios give the key (its uncertainty
  /// table), the design's coordinate mapped through its quantiles; min and max are then its
  /// low and high (of the multiplier for arrays).
  std::optional<UncertainParameter> registry;
};

struct SweepPoint {
  std::vector<std::string> values;  // per parameter, as TOML text
  std::vector<double> numeric;      // per parameter: the number (months: decimal year), or NaN
  std::vector<double> unit;         // the design's coordinate in [0, 1], NaN for table designs
  std::vector<int> level;           // per parameter: the index into its values, -1 for ranges
  std::vector<SourcePos> cells;     // table designs: where each value is written
};

struct Sweep {
  std::string file;                    // as given
  std::vector<std::string> scenarios;  // relative to the working directory
  int replicates = 0;
  std::uint64_t seed = 0;
  std::optional<double> sample;
  std::vector<Override> fixed;  // [sweep] set = ["KEY=VALUE", ...], every point
  SweepDesignKind design = SweepDesignKind::kGrid;
  int base_points = 0;   // lhs: points; sobol: base samples N (N(k+2) points)
  int trajectories = 0;  // morris
  int levels = 0;        // morris levels p; grid levels of ranges
  std::uint64_t design_seed = 0;
  std::string table;  // table designs: the CSV file
  std::vector<SweepParameter> parameters;
  std::vector<SweepPoint> points;
  std::string resolved;  // the sweep as read, every setting explicit (a TOML text)

  /// The overrides of point `p`: the [run] keys, the fixed ones, then the parameters.
  std::vector<Override> overrides(std::size_t p) const;
  /// "key = value" per parameter, one per line.
  std::string describe_point(std::size_t p) const;
};

/// True if the file's top level holds a [sweep] table (a syntax error: false, and the scenario
/// loader reports it).
bool is_sweep_file(const std::filesystem::path& file);

/// Reads and checks a sweep file and builds its points. Throws InputError with every problem.
Sweep load_sweep(const std::filesystem::path& file);
/// As load_sweep with the file's text given (the fuzzer).
Sweep load_sweep_text(const std::string& text, const std::filesystem::path& as_file);

/// The scenarios of point `p`: every base file loaded with the point's overrides, in order.
/// Errors caused by a point's value are reported at the sweep file's key (or table cell).
std::vector<Scenario> load_sweep_point(const Sweep& s, std::size_t p);

/// One simulated place of a sweep (the same for every point).
struct SweepPlace {
  std::string id, name_zh, province, prefecture, file;
  double people = 0;  // baseline
};

/// What every point simulates, found by loading every point.
struct SweepLayout {
  std::vector<SweepPlace> places;
  int first_year = 0, n_years = 0;
  std::vector<std::vector<double>> cost;  // [point][place]: agent-months of one replicate
};

/// Loads every point (in parallel), checking that each loads and simulates the same
/// places and years; `check` runs on each point's scenarios (e.g. compiling them) and may throw
/// InputError. A problem caused by a value is reported once per parameter, at the sweep file,
/// naming the first point and how many more have it. Throws InputError.
SweepLayout check_sweep_points(
    const Sweep& s, const std::function<void(std::size_t, const std::vector<Scenario>&)>& check);

/// An InputError of point `p` with its override positions moved to the sweep file.
InputError sweep_point_error(const Sweep& s, std::size_t p, const InputError& e);

}  // namespace laoxiao
