#include "models/care/outcomes.hpp"

#include <cmath>
#include <limits>

namespace laoxiao {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double population(const DemographicTallies& t, int y, int lo, int hi) {
  double n = 0;
  for (int a = lo; a <= hi; ++a)
    for (int s = 0; s < kSexes; ++s)
      for (int st = 0; st < kStates; ++st) n += t.population_end[t.yass(y, a, s, st)];
  return n;
}

double sum_places(const std::array<double, kPlaceKinds * kTiers * 2>& v, PlaceKind k, int tier,
                  int nursing) {
  double n = 0;
  for (int t = 0; t < kTiers; ++t)
    for (int nu = 0; nu < 2; ++nu) {
      if (tier >= 0 && t != tier) continue;
      if (nursing >= 0 && nu != nursing) continue;
      n += v[(static_cast<std::size_t>(k) * kTiers + t) * 2 + nu];
    }
  return n;
}

double ratio(double num, double den, double scale) {
  return den > 0 ? scale * num / den : kNaN;
}

}  // namespace

double indicator_value(const std::string& id, int y, const DemographicTallies& t,
                       const std::vector<double>& e0, const CareYear* c) {
  // Population indicators need only the demography.
  if (id == "total_population") return population(t, y, 0, kMaxAge);
  if (id == "elderly_population") return population(t, y, 60, kMaxAge);
  if (id == "elderly_65_population") return population(t, y, 65, kMaxAge);
  if (id == "elderly_share")
    return ratio(population(t, y, 60, kMaxAge), population(t, y, 0, kMaxAge), 100);
  if (id == "under3_population") return population(t, y, 0, 2);
  if (id == "births") return t.births[t.ys(y, 0)] + t.births[t.ys(y, 1)];
  if (id == "life_expectancy") return e0[static_cast<std::size_t>(y) * 3 + 2];
  if (!c) return kNaN;

  const auto E = PlaceKind::kElderBed, C = PlaceKind::kChildcareSlot;
  // Without any modelled beds (or 托位) their indicators cannot be computed: they are not zero.
  const bool elder_ids = id.rfind("elder_", 0) == 0 || id.rfind("nursing_", 0) == 0 ||
                         id.rfind("tekun_", 0) == 0 || id == "safety_net_affordable_bed_share" ||
                         id == "affordable_bed_share";
  if (elder_ids && !c->models_elder_beds) return kNaN;
  if (id.find("childcare") != std::string::npos && !c->models_childcare) return kNaN;
  const double beds = sum_places(c->places, E, -1, -1);
  const double slots = sum_places(c->places, C, -1, -1);
  const double elderly = population(t, y, 60, kMaxAge);
  const double residents = population(t, y, 0, kMaxAge);
  if (id == "elder_beds_per_1000_elderly") return ratio(beds, elderly, 1000);
  if (id == "nursing_bed_share") return ratio(sum_places(c->places, E, -1, 1), beds, 100);
  if (id == "safety_net_affordable_bed_share")
    return ratio(sum_places(c->places, E, 0, -1) + sum_places(c->places, E, 1, -1), beds, 100);
  if (id == "affordable_bed_share") return ratio(sum_places(c->places, E, 1, -1), beds, 100);
  if (id == "elder_beds_total") return beds;
  if (id == "nursing_beds_total") return sum_places(c->places, E, -1, 1);
  if (id == "home_care_beds_total") return sum_places(c->places, PlaceKind::kHomeCareBed, -1, -1);
  if (id == "elder_institutions") return c->institutions[static_cast<int>(E)];
  if (id == "tekun_disabled_institutional_rate")
    return ratio(c->tekun_dependent_placed, c->tekun_dependent, 100);
  if (id == "tekun_willing_institutional_rate")
    return ratio(c->tekun_wishing_placed, c->tekun_wishing, 100);
  if (id == "elder_bed_occupancy") return ratio(sum_places(c->occupied, E, -1, -1), beds, 100);
  if (id == "childcare_slots_per_1000") return ratio(slots, residents, 1000);
  if (id == "affordable_childcare_slot_share")
    return ratio(sum_places(c->places, C, 1, -1), slots, 100);
  if (id == "safety_net_childcare_share") return ratio(sum_places(c->places, C, 0, -1), slots, 100);
  if (id == "safety_net_affordable_childcare_share")
    return ratio(sum_places(c->places, C, 0, -1) + sum_places(c->places, C, 1, -1), slots, 100);
  if (id == "market_childcare_share") return ratio(sum_places(c->places, C, 2, -1), slots, 100);
  if (id == "childcare_slots_total") return slots;
  if (id == "childcare_institutions") return c->institutions[static_cast<int>(C)];
  if (id == "childcare_enrolment_rate") {
    double enrolled = 0;
    for (double v : c->children_by_band) enrolled += v;
    return ratio(enrolled, population(t, y, 0, 2), 100);
  }
  if (id == "childcare_slot_occupancy")
    return ratio(sum_places(c->occupied, C, -1, -1), slots, 100);
  return kNaN;  // exogenous indicators are not modelled
}

CareDiagnostics diagnostics(const CareYear& c, const CareYear* prev, int months,
                            const CareParams& p) {
  CareDiagnostics d;
  const double per[kStates] = {p.per_caregiver_independent, p.per_caregiver_partial,
                               p.per_caregiver_full};
  for (int st = 0; st < kStates; ++st)
    if (per[st] > 0) d.caregivers_needed += c.residents_by_state[st] / per[st];
  for (int b = 0; b < 3; ++b)
    if (p.children_per_carer[b] > 0)
      d.childcare_staff_needed += c.children_by_band[b] / p.children_per_carer[b];
  d.unmet_elderly = c.waiting[0] + c.waiting[1] + c.waiting[2];
  d.unmet_children = c.waiting[3];
  d.mean_wait_admitted_elderly =
      c.admissions[0] > 0 ? c.admission_wait_months[0] / c.admissions[0] : kNaN;
  d.mean_wait_admitted_children =
      c.admissions[1] > 0 ? c.admission_wait_months[1] / c.admissions[1] : kNaN;
  // Person-months of dependent 特困 people: mean of the year's start and end counts (trapezoid).
  const double full = prev ? 0.5 * (prev->tekun_full + c.tekun_full) : c.tekun_full;
  const double partial = prev ? 0.5 * (prev->tekun_partial + c.tekun_partial) : c.tekun_partial;
  d.care_subsidy_yuan = months * (full * p.care_subsidy_full + partial * p.care_subsidy_partial);
  return d;
}

std::vector<std::array<double, 2>> capital_costs(const CapacityModel& cap, const CareParams& p,
                                                 int first_year, int n_years) {
  std::vector<std::array<double, 2>> out(static_cast<std::size_t>(n_years), {0.0, 0.0});
  for (const Pool& pool : cap.pools()) {
    if (pool.initial) continue;
    const int y = pool.opens.year() - first_year;
    if (y < 0 || y >= n_years) continue;
    out[y][0] += pool.investment_10k_yuan;
    if (pool.tier != Tier::kMarket) {
      const double per = pool.kind == PlaceKind::kChildcareSlot ? p.subsidy_per_new_slot
                         : pool.kind == PlaceKind::kElderBed    ? p.subsidy_per_new_bed
                                                                : 0.0;
      out[y][1] += pool.places * per;
    }
  }
  return out;
}

}  // namespace laoxiao
