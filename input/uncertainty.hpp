// Parameter uncertainty: a sourced value may carry the distribution of what it stands for,
//   key = { value = 0.1, source = "...",
//           uncertainty = { shape = "triangular", low = 0.05, high = 0.2, reasoning = "..." } }
// (an array, or a scalar given relative bounds, takes `scale_low`/`scale_high`: one multiplier
// for every element, since an age schedule is uncertain in its level, not cell by cell), and
// `draw_with = "other.key"` makes it share that parameter's random number, so that figures
// resting on one source (a level given by sex, shares derived from one count) move together
// (their quantiles are equal: perfectly rank-correlated) rather than cancel out. A run
// draws one value of every such parameter per replicate and applies the draws as overrides, so
// a replicate under uncertainty is exactly the run with `--set key=draw` and no uncertainty.
// Setting a value (a plan's own figure, an override) replaces the sourced table and with it the
// distribution: a figure carries the uncertainty its own source gives it.
#pragma once

#include "core/toml.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/distribution.hpp"
#include "core/params.hpp"
#include "input/overrides.hpp"

namespace laoxiao {

struct UncertainParameter {
  std::string key;            // as written in a scenario (arrays of tables by index)
  Distribution distribution;  // of the value, or of the multiplier when `multiplier`
  bool multiplier = false;
  bool array = false;
  std::vector<double> values;  // the sourced value(s) the draws replace
  std::string unit;
  std::string reasoning, source;
  std::string draw_with;  // the key whose random number this one shares (empty: its own)
  SourcePos position;     // of the uncertainty table

  /// The key that names the random number of its draws.
  const std::string& stream_key() const { return draw_with.empty() ? key : draw_with; }
  /// The value(s) at `level` (the value itself, or the multiplier).
  std::vector<double> values_at(double level) const;
  /// One line for listings: "triangular on [0.05, 0.2] around 0.1" or "x triangular [0.8, 1.25]".
  std::string describe() const;
};

/// Checks the `uncertainty` table of a sourced value of parameter `s` (called by the validator).
void check_uncertainty(const ParamSpec& s, const toml::table& sourced, const std::string& key,
                       Diagnostics& d);

/// Every uncertain parameter of a merged, validated scenario, sorted by key.
std::vector<UncertainParameter> uncertain_parameters(const toml::table& merged);

/// The level (value or multiplier) of each parameter for `replicate`: the quantile at a uniform
/// number that depends only on (seed, replicate, key), from its own stream. Places and
/// scenarios run with one seed share the draws of a key, so differences between scenarios are
/// not blurred by different assumptions (common random numbers).
std::vector<double> draw_levels(const std::vector<UncertainParameter>& params, std::uint64_t seed,
                                std::uint32_t replicate);

/// The overrides that set each parameter to its level.
std::vector<Override> draw_overrides(const std::vector<UncertainParameter>& params,
                                     const std::vector<double>& levels, std::uint32_t replicate);

}  // namespace laoxiao
