// Care demand (step "demand" of the monthly loop). Each person has a fixed latent uniform u
// (stream kCareDemand, keyed by the person only). An elderly person (entry age and over)
// wants a bed iff u < wish(extreme poverty, disability state, urban/rural); a child of a
// childcare band wants a 托位 iff u < wish(band, urban/rural). Wishes are re-evaluated when the
// state changes (onset, recovery, entry age, a new band), except that an elderly person in an
// institution keeps his bed when his state improves (residents leave by death, or when their
// pool closes); among those not in care the share wishing in each group equals its parameter.
// The 特困 placement shares (集中供养: the share of 特困 people, dependent or not, who take a bed
// when one is free) and the childcare wishes follow paths by year: values at given years,
// linear between them, constant before the first and after the last. Wishes are re-evaluated
// at the start of each year for 特困 people and children, so a rising path adds wishers.
// Keys: [demand.elder], [demand.childcare] (declared in demand.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/calendar.hpp"
#include "core/params.hpp"
#include "core/rng.hpp"
#include "models/care/child_bands.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

/// Value of a path (years ascending, one value each) in `year`: linear between the given
/// years, constant outside them.
double path_value(const std::vector<double>& years, const std::vector<double>& values, int year);

struct ElderDemandParams {
  double wish_independent{}, wish_partial{}, wish_full{};
  std::vector<double> tekun_placement_years;
  std::vector<double> tekun_placement_independent, tekun_placement_dependent;  // by year
  double rural_factor{};
};

struct ChildcareDemandParams {
  std::array<double, kChildBands> wish_urban{}, wish_rural{};
  std::vector<double> scale_years, scale;  // multiplies the band wishes, by year
};

const ParamFields<ElderDemandParams>& elder_demand_params();
const ParamFields<ChildcareDemandParams>& childcare_demand_params();

class Demand {
 public:
  /// Thresholds for the calendar years first_year .. first_year + n_years - 1.
  Demand(const ElderDemandParams& elder, const ChildcareDemandParams& child, int entry_age,
         int first_year, int n_years);

  /// Whether the person wants care in month `t` (a pure function of id, attributes and year).
  bool wishes(const RngKey& key, std::uint32_t id, std::uint8_t flags, int age_months,
              Month t) const;
  int entry_months() const { return entry_months_; }
  /// The largest share of a group wishing (for memory estimates).
  double largest_elder_share() const;
  double largest_child_share() const;

 private:
  int entry_months_ = 0, first_year_ = 0;
  // thresholds by year index: elder [poverty][state][urban], child [band][urban]
  std::vector<std::array<std::array<std::array<std::uint32_t, 2>, kStates>, 2>> elder_;
  std::vector<std::array<std::array<std::uint32_t, 2>, kChildBands>> child_;
  std::size_t year_index(Month t) const;
};

}  // namespace laoxiao
