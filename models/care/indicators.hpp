// The indicator catalog: every indicator the plans use that laoxiao can compute, with its
// class, unit, direction and formula. Plan rows that match no catalog entry use id "other" and
// are carried as exogenous (stated, not modelled) — never dropped.
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

enum class IndicatorClass { kComputed, kCapacityDerived, kExogenous };
std::string_view to_string(IndicatorClass c);

struct IndicatorDef {
  std::string id;
  IndicatorClass cls;
  std::string unit;  // the unit the model computes (plan rows must use it)
  int direction;  // +1: higher is better (a plain target means "at least"), -1: lower, 0: neither
  std::string name_en;
  std::string name_zh;  // the usual plan term
  std::string formula;
};

const std::vector<IndicatorDef>& indicator_catalog();
/// nullptr for unknown ids; "other" maps to a generic exogenous entry.
const IndicatorDef* find_indicator(std::string_view id);

}  // namespace laoxiao
