// Checks of a plan's targets against the simulation: for every indicator row with a target in
// a year, the simulated mean and 5-95% range over replicates, the probability of meeting the
// target, the gap, and the binding flag; exogenous rows are listed as "not modelled".
//
// How a target is read: "≥"/">"/"≤"/"<" as written; a plain figure by the indicator's direction
// (higher-is-better indicators: at least the figure); for indicators without a direction, by
// the change from the plan's baseline (a lower target means "at most"), else equality within
// half a unit of the figure's last written digit.
//
// The basis of a row says what the model knows of it:
//   computed   from the simulated population and the capacity the run builds;
//   assumed    the capacity behind it was derived from this same figure (a promised total built
//              from the target, a stock derived from the baseline), or a calibration meets it (a
//              stated life expectancy taken as the mortality level of its year): the value only
//              shows what the assumption implies, and the row is never counted or read as a check;
//   exogenous  outside the model: carried as stated.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "models/care/capacity.hpp"
#include "models/care/plan.hpp"

namespace laoxiao {

/// Indicator values: id -> [replicate][year index] (NaN where not computable).
using IndicatorSeries = std::map<std::string, std::vector<std::vector<double>>>;

struct CheckRow {
  std::string key, id, name_zh, name_en, cls, nature, unit, location;
  int year = 0;
  std::string kind;        // "target" or "baseline"
  std::string text;        // the figure as written
  std::string comparator;  // how it was read: >=, >, <=, <, =
  double target = std::numeric_limits<double>::quiet_NaN();
  double mean = std::numeric_limits<double>::quiet_NaN();
  double p05 = std::numeric_limits<double>::quiet_NaN();
  double p95 = std::numeric_limits<double>::quiet_NaN();
  double p_meet = std::numeric_limits<double>::quiet_NaN();
  // 95% Wilson score interval of P(meet) from the replicates (its Monte Carlo error).
  double p_meet_low = std::numeric_limits<double>::quiet_NaN();
  double p_meet_high = std::numeric_limits<double>::quiet_NaN();
  double gap = std::numeric_limits<double>::quiet_NaN();  // mean - target
  bool binding = false;
  std::string basis;  // computed | assumed | exogenous
  // resident or registered: the population the row counts (a registered row's values are the
  // simulated resident ones converted by `conversion`, the rule and factor of the plan's
  // stated registered population); empty when the plan does not say.
  std::string population_basis, conversion;
  std::string assumed_from;  // the capacity entry or calibrated key derived from this figure
  std::string status;        // on track | likely | at risk | off track | not modelled |
                             // not computable | baseline | assumption
  // Echo: in `echo_share` of the replicates nobody waited, so the value was set by the demand
  // parameters alone (`echo_of`); `echo_drawn` says whether any of them was drawn per replicate
  // (else the P(meet) is certain only because they are fixed).
  std::string echo_of, echo_why;
  double echo_share = 0;
  bool echo_drawn = false;
  // The drawn parameter whose ranks go most with the row's values over the replicates
  // (Spearman), when there are enough replicates to tell.
  std::string driver;
  double driver_rho = std::numeric_limits<double>::quiet_NaN();
  bool echoes() const { return echo_share >= 0.5; }
};

/// What the checks need beyond the indicator values.
struct CheckContext {
  std::vector<CapacityAssumption> assumptions;  // capacity_assumptions of the scenario
  /// id -> [replicate][year]: 1 where the indicator's value was set by demand parameters alone
  /// (indicator_echoes), 0 elsewhere.
  IndicatorSeries unconstrained;
  std::vector<std::string> drawn;           // keys of the parameters drawn per replicate
  std::vector<std::vector<double>> levels;  // [replicate][parameter]: the draws
  /// id -> [replicate][year]: the values on the registered (户籍) basis, for the indicators
  /// per 1,000 elderly or residents of a plan that states its registered population
  /// (registered_series); `registered_rule` says how they were converted.
  IndicatorSeries registered;
  std::string registered_rule;
};

/// Replicates from which a driver is named (fewer cannot rank a correlation reliably).
inline constexpr std::size_t kMinReplicatesForDrivers = 20;

/// Spearman's rank correlation of x and y (ties get their mean rank); NaN when either is
/// constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// Resolves how a target is read (see the file comment).
std::string resolve_comparator(const PlanIndicator& ind, const PlanTarget& t);
bool meets(double value, const std::string& comparator, double target, double tolerance);
/// Half a unit of the last decimal written in `text` (e.g. "44.85" -> 0.005); whole numbers
/// are exact (0).
double written_tolerance(const std::string& text);

/// Whether a unit counts per head of the elderly or of the residents (the rows a registered
/// basis converts).
bool is_per_head(const std::string& unit);

std::vector<CheckRow> build_checks(const Plan& plan, const IndicatorSeries& values, int first_year,
                                   int n_years, const CheckContext& context = {});

/// Whether a row is counted as a check: a target of a computed row with a P(meet).
bool is_check(const CheckRow& row);

/// The 95% Wilson score interval of a share `p` observed in `n` replicates.
std::pair<double, double> wilson_interval(double p, std::size_t n);

/// Replicates that bound the 95% interval of any P(meet) within +-`half_width`.
std::size_t replicates_for(double half_width);

/// Rows ordered for reading: binding misses first, then other misses, then the rest.
std::vector<const CheckRow*> reading_order(const std::vector<CheckRow>& rows);

}  // namespace laoxiao
