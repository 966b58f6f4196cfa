// Care demand (step "demand" of the monthly loop). Each person has a fixed latent uniform u
// (stream kCareDemand, keyed by the person only). An elderly person (entry age and over)
// wants a bed iff u < wish(extreme poverty, disability state, urban/rural); a child of a
// childcare band wants a 托位 iff u < wish(band, urban/rural). Wishes are re-evaluated when the
// state changes (onset, recovery, entry age, a new band), except that an elderly person in an
// institution keeps his bed when his state improves (residents leave by death, or when their
// pool closes); among those not in care the share wishing in each group equals its parameter.
// Keys: [demand.elder], [demand.childcare] (declared in demand.cpp).
#pragma once

#include <array>
#include <cstdint>

#include "core/params.hpp"
#include "core/rng.hpp"
#include "models/care/child_bands.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

struct ElderDemandParams {
  double wish_independent{}, wish_partial{}, wish_full{};
  double poverty_wish_independent{}, poverty_wish_dependent{};
  double rural_factor{};
};

struct ChildcareDemandParams {
  std::array<double, kChildBands> wish_urban{}, wish_rural{};
};

const ParamFields<ElderDemandParams>& elder_demand_params();
const ParamFields<ChildcareDemandParams>& childcare_demand_params();

class Demand {
 public:
  Demand(const ElderDemandParams& elder, const ChildcareDemandParams& child, int entry_age);

  /// Whether the person wants care now (a pure function of id and attributes).
  bool wishes(const RngKey& key, std::uint32_t id, std::uint8_t flags, int age_months) const;
  int entry_months() const { return entry_months_; }
  /// The largest share of a group wishing (for memory estimates).
  double largest_elder_share() const;
  double largest_child_share() const;

 private:
  int entry_months_ = 0;
  // thresholds: elder [poverty][state][urban], child [band][urban]
  std::array<std::array<std::array<std::uint32_t, 2>, kStates>, 2> elder_{};
  std::array<std::array<std::uint32_t, 2>, kChildBands> child_{};
};

}  // namespace laoxiao
