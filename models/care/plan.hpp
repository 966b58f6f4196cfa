// The plan of a place, typed: its indicators (with targets by year, baseline and further
// columns) and every other figure it states, each with its place in the document.
// Keys: [plan], [[plan.indicators]], [[plan.facts]] (declared in plan.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "models/care/derivation.hpp"
#include "models/care/indicators.hpp"

namespace laoxiao {

struct PlanTarget {
  int year{};  // 0 when the document gives none (resolve_plan applies the rule)
  std::optional<double> value;
  std::string comparator;  // as written: >=, >, <=, <, or = (a plain figure)
  std::string text;
  Derivation derived;  // a year or value the document does not write
};

/// A further column of an indicator row (e.g. the region's figure).
struct PlanValue {
  std::string label;
  std::optional<int> year;
  std::optional<double> value;
  std::string text;
};

struct IndicatorBaseline {
  std::optional<int> year;
  std::optional<double> value;
  std::string text;
  Derivation derived;
};

struct PlanIndicator {
  std::string key, id, name_zh, name_en, domain, nature, unit, unit_zh, location, scope, note;
  std::string population_basis;  // resident (常住) or registered (户籍) when the plan says so
  std::string definition;        // what exactly is counted, when two rows count differently
  std::string same_as;  // key of the row this one repeats (e.g. a prose target of a table row)
  IndicatorBaseline baseline;
  std::vector<PlanTarget> targets;
  std::vector<PlanValue> other_values;

  /// The catalog entry (nullptr for an unknown id).
  const IndicatorDef* def() const { return find_indicator(id); }
  bool binding() const { return nature == "binding"; }
};

struct PlanFact {
  std::string key, text_zh, unit, measure, topic, location, note;
  std::string population_basis, definition;  // as for indicators
  std::optional<double> value;
  std::optional<int> year;
  Derivation derived;
};

struct Plan {
  bool present = false;  // the scenario has a [plan] table (set by the input layer)
  std::string title_zh, title_en, document, issuer_zh, issued;
  std::optional<int> first_year, last_year;  // resolved by resolve_plan_period
  std::vector<PlanIndicator> indicators;
  std::vector<PlanFact> facts;

  int period_first() const { return first_year.value_or(2021); }
  int period_last() const { return last_year.value_or(2025); }
};

const ParamFields<Plan>& plan_params();

/// The registered (户籍) population a plan states, for its rows on that basis: the registered
/// elderly (a fact of measure "elderly_population" on the registered basis, with its year)
/// and, from a fact of their share of the registered population ("elderly_share", same year
/// and basis), the registered total = elderly / share (e.g. Lianshui: 21.86万 = 19.91% of
/// 户籍 -> 1,097,941).
struct RegisteredPopulation {
  int year = 0;
  double elderly = 0;
  double total = 0;               // 0 when the plan states no share
  std::vector<std::string> from;  // the facts
  std::string rule;               // how it was read, for the check table
};

std::optional<RegisteredPopulation> registered_population(const Plan& plan);

/// The reading rules, the same for every plan, each recorded as the target's derivation:
/// - a target the document dates nowhere falls due in the plan's last year;
/// - "全覆盖" (full coverage) with no figure, for a percentage, is 100%.
/// Then checks that need the horizon: the plan period (its last year defaults to `end_year`)
/// and the years of the targets. Errors at the keys of `src` (the merged scenario).
void resolve_plan(Plan& plan, int end_year, const ParamSource& src);

}  // namespace laoxiao
