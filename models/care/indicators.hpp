// The indicator catalog: every indicator the plans use that laoxiao can compute, one row each
// with its class, unit, direction, formula (as text and as the function that computes it) and
// what it needs. Plan rows that match no catalog entry use id "other" and are carried as
// exogenous (stated, not modelled) — never dropped.
//
// Classes:
//   computed          needs the simulated population or the allocation of people to places
//   capacity-derived  follows from the modelled beds and 托位 alone (stock, projects, plans)
//   exogenous         outside the model (insurance coverage, vaccination, staff training, …):
//                     carried through as stated and marked "not modelled"
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace laoxiao {

struct DemographicTallies;
struct CareYear;

enum class IndicatorClass { kComputed, kCapacityDerived, kExogenous };
std::string_view to_string(IndicatorClass c);

/// What an indicator is computed from: one replicate's tallies and care counts at the end of
/// year index `year`.
struct IndicatorInputs {
  const DemographicTallies& tallies;
  int year;
  const std::vector<double>& life_expectancy;  // [year][male, female, both]
  const CareYear* care;                        // null without a care model
};

/// Which inputs an indicator needs; without them it cannot be computed (NaN, not zero).
enum class IndicatorNeeds { kDemography, kCare, kElderBeds, kChildcare, kNothing };

struct IndicatorDef {
  std::string id;
  IndicatorClass cls;
  std::string unit;  // the unit the model computes (plan rows must use it)
  int direction;  // +1: higher is better (a plain target means "at least"), -1: lower, 0: neither
  std::string name_en;
  std::string name_zh;  // the usual plan term
  std::string formula;
  IndicatorNeeds needs;
  double (*compute)(const IndicatorInputs&);  // null for exogenous indicators
};

const std::vector<IndicatorDef>& indicator_catalog();
/// nullptr for unknown ids; "other" maps to a generic exogenous entry.
const IndicatorDef* find_indicator(std::string_view id);

/// The value of an indicator; NaN when it cannot be computed (its inputs are missing, e.g. a
/// share of beds when the scenario models no beds, or a ratio with nothing below the line).
double indicator_value(const IndicatorDef& def, const IndicatorInputs& in);
double indicator_value(const std::string& id, const IndicatorInputs& in);

/// An indicator whose value, while nobody waits for a place, is set by demand parameters alone
/// (an occupancy is then demand over capacity, a use rate the wish share): a check of it in such
/// a year echoes those parameters. `unconstrained` says whether the year was such a year.
struct IndicatorEcho {
  std::string id;
  bool (*unconstrained)(const CareYear&);
  std::vector<std::string> parameters;  // the keys the value then follows (may be empty)
  std::string why;                      // what the value then is
};

const std::vector<IndicatorEcho>& indicator_echoes();
const IndicatorEcho* find_echo(std::string_view id);

/// Residents aged lo..hi on 31 December of year index y.
double population_at_year_end(const DemographicTallies& t, int y, int lo, int hi);

}  // namespace laoxiao
