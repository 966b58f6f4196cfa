#include "models/care/demand.hpp"

#include <algorithm>

#include "core/population.hpp"
#include "core/units.hpp"

namespace laoxiao {

namespace pf = person_flags;

namespace {

ParamFields<ElderDemandParams> make_elder_fields() {
  using E = ElderDemandParams;
  ParamFields<E> f("demand.elder");
  f.field(LAOXIAO_KEY(E, wish_independent), "share", 0, 1,
          "Share of independent people (entry age and over) who want a bed in an institution.",
          "入住意愿")
      .required();
  f.field(LAOXIAO_KEY(E, wish_partial), "share", 0, 1,
          "Share of partially dependent people who want a bed.")
      .required();
  f.field(LAOXIAO_KEY(E, wish_full), "share", 0, 1,
          "Share of fully dependent people who want a bed.")
      .required();
  f.field(LAOXIAO_KEY(E, poverty_wish_independent), "share", 0, 1,
          "Share of independent people under extreme-poverty support (特困) who want a bed.")
      .required();
  f.field(LAOXIAO_KEY(E, poverty_wish_dependent), "share", 0, 1,
          "Share of partially or fully dependent 特困 people who want a bed (集中供养意愿).")
      .required();
  f.field(LAOXIAO_KEY(E, rural_factor), "factor", 0, 10,
          "Multiplier on the wish shares of rural residents (not of 特困 people).")
      .required();
  f.check([](const E& e, const ParamSource& src) {
    for (double w : {e.wish_independent, e.wish_partial, e.wish_full})
      if (w * e.rural_factor > 1.0) {
        src.error("demand.elder.rural_factor", "a rural wish share would exceed 100%");
        return;
      }
  });
  return f;
}

ParamFields<ChildcareDemandParams> make_child_fields() {
  using C = ChildcareDemandParams;
  ParamFields<C> f("demand.childcare");
  f.field(LAOXIAO_KEY(C, wish_urban), "share", 0, 1,
          "Share of urban children wanting a 托位, by age band 6-11, 12-23, 24-35 months.",
          "入托意愿")
      .required()
      .length_rule(kChildBandRule);
  f.field(LAOXIAO_KEY(C, wish_rural), "share", 0, 1,
          "Share of rural children wanting a 托位, by the same age bands.")
      .required()
      .length_rule(kChildBandRule);
  return f;
}

}  // namespace

const ParamFields<ElderDemandParams>& elder_demand_params() {
  return declared<ElderDemandParams, make_elder_fields>();
}

const ParamFields<ChildcareDemandParams>& childcare_demand_params() {
  return declared<ChildcareDemandParams, make_child_fields>();
}

Demand::Demand(const ElderDemandParams& e, const ChildcareDemandParams& c, int entry_age)
    : entry_months_(12 * entry_age) {
  for (int urban = 0; urban < 2; ++urban) {
    const double f = urban ? 1.0 : e.rural_factor;
    const double general[kStates] = {e.wish_independent * f, e.wish_partial * f, e.wish_full * f};
    const double poverty[kStates] = {e.poverty_wish_independent, e.poverty_wish_dependent,
                                     e.poverty_wish_dependent};
    for (int st = 0; st < kStates; ++st) {
      elder_[0][st][urban] = probability_threshold(general[st]);
      elder_[1][st][urban] = probability_threshold(poverty[st]);
    }
    for (int b = 0; b < kChildBands; ++b)
      child_[b][urban] = probability_threshold(urban ? c.wish_urban[b] : c.wish_rural[b]);
  }
}

bool Demand::wishes(const RngKey& key, std::uint32_t id, std::uint8_t f, int age_m) const {
  if (!(f & pf::kAlive)) return false;
  const bool elder = age_m >= entry_months_;
  const int band = child_band(age_m);
  if (!elder && band < 0) return false;
  const std::uint32_t u = key.draw(id, 0, Stream::kCareDemand)[0];  // the person's latent draw
  const int urban = (f & pf::kUrban) ? 1 : 0;
  // An admitted resident stays when his state improves: a bed is not given up on recovery.
  if (elder && (f & pf::kInCare)) return true;
  if (elder) return u < elder_[(f & pf::kPoverty) ? 1 : 0][pf::state(f)][urban];
  return u < child_[band][urban];
}

double Demand::largest_elder_share() const {
  std::uint32_t m = 0;
  for (const auto& a : elder_)
    for (const auto& b : a)
      for (std::uint32_t t : b) m = std::max(m, t);
  return threshold_probability(m);
}

double Demand::largest_child_share() const {
  std::uint32_t m = 0;
  for (const auto& a : child_)
    for (std::uint32_t t : a) m = std::max(m, t);
  return threshold_probability(m);
}

}  // namespace laoxiao
