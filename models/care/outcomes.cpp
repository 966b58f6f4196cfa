#include "models/care/outcomes.hpp"

#include <cmath>
#include <limits>

namespace laoxiao {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ParamFields<PolicyParams> make_fields() {
  using P = PolicyParams;
  ParamFields<P> f("policy");
  f.field(LAOXIAO_KEY(P, subsidy_per_new_slot), "yuan", 0, 1e7,
          "Central subsidy per new safety-net or affordable 托位.", "新增托位补助")
      .required();
  f.field(LAOXIAO_KEY(P, subsidy_per_new_bed), "yuan", 0, 1e7,
          "Central subsidy per new safety-net or affordable elder-care bed.", "新增床位补助")
      .required();
  static const EnumNames<SubsidyPlaces> places{{"safety_net_and_affordable", "eligible_projects"}};
  f.choice(LAOXIAO_KEY(P, new_place_subsidy_for), places,
           "Which new places the per-place subsidies are paid on: every new safety-net or "
           "affordable place, or only the listed projects marked subsidy_eligible (a plan that "
           "names the facilities, e.g. demonstration and community childcare facilities).")
      .defaults_to(SubsidyPlaces::kSafetyNetAndAffordable);
  f.field(LAOXIAO_KEY(P, monthly_care_subsidy_full), "yuan per month", 0, 1e6,
          "Monthly care subsidy per fully dependent person under extreme-poverty support.",
          "护理补贴")
      .required();
  f.field(LAOXIAO_KEY(P, monthly_care_subsidy_partial), "yuan per month", 0, 1e6,
          "Monthly care subsidy per partially dependent person under extreme-poverty support.")
      .required();
  static const EnumNames<CareSubsidyRecipients> recipients{
      {"extreme_poverty", "low_income_families"}};
  f.choice(LAOXIAO_KEY(P, care_subsidy_for), recipients,
           "Who receives the monthly care subsidies: people under extreme-poverty support (特困, "
           "whom the model identifies) or dependent people of economically difficult families "
           "(经济困难家庭, whom the model does not identify: the cost is then not computed).")
      .defaults_to(CareSubsidyRecipients::kExtremePoverty);
  return f;
}

}  // namespace

const ParamFields<PolicyParams>& policy_params() {
  return declared<PolicyParams, make_fields>();
}

CareDiagnostics diagnostics(const CareYear& c, const CareYear* prev, int months,
                            const StaffingParams& s, const PolicyParams& p) {
  CareDiagnostics d;
  const double per[kStates] = {s.residents_per_caregiver_independent,
                               s.residents_per_caregiver_partial, s.residents_per_caregiver_full};
  for (int st = 0; st < kStates; ++st)
    if (per[st] > 0) d.caregivers_needed += c.residents_by_state[st] / per[st];
  for (int b = 0; b < kChildBands; ++b)
    if (s.children_per_carer[b] > 0)
      d.childcare_staff_needed += c.children_by_band[b] / s.children_per_carer[b];
  d.unmet_elderly = c.waiting[0] + c.waiting[1] + c.waiting[2];
  d.unmet_children = c.waiting[3];
  d.mean_wait_admitted_elderly =
      c.admissions[0] > 0 ? c.admission_wait_months[0] / c.admissions[0] : kNaN;
  d.mean_wait_admitted_children =
      c.admissions[1] > 0 ? c.admission_wait_months[1] / c.admissions[1] : kNaN;
  // Person-months of dependent 特困 people: mean of the year's start and end counts (trapezoid).
  const double full = prev ? 0.5 * (prev->tekun_full + c.tekun_full) : c.tekun_full;
  const double partial = prev ? 0.5 * (prev->tekun_partial + c.tekun_partial) : c.tekun_partial;
  d.care_subsidy_yuan =
      p.care_subsidy_for == CareSubsidyRecipients::kExtremePoverty
          ? months * (full * p.monthly_care_subsidy_full + partial * p.monthly_care_subsidy_partial)
          : kNaN;
  return d;
}

std::vector<std::array<double, 2>> capital_costs(const CapacityModel& cap, const CapacityPlan& plan,
                                                 const PolicyParams& p, int first_year,
                                                 int n_years) {
  auto eligible = [&](const Pool& pool) {
    if (p.new_place_subsidy_for == SubsidyPlaces::kSafetyNetAndAffordable)
      return pool.tier != Tier::kMarket;
    for (const CapacityEntry& e : plan.projects)
      if (pool.origin == "project" && e.key == pool.source_key) return e.subsidy_eligible;
    return false;
  };
  std::vector<std::array<double, 2>> out(static_cast<std::size_t>(n_years), {0.0, 0.0});
  for (const Pool& pool : cap.pools()) {
    if (pool.initial) continue;
    const int y = pool.opens.year() - first_year;
    if (y < 0 || y >= n_years) continue;
    out[y][0] += pool.investment_10k_yuan;
    if (eligible(pool)) {
      const double per = pool.kind == PlaceKind::kChildcareSlot ? p.subsidy_per_new_slot
                         : pool.kind == PlaceKind::kElderBed    ? p.subsidy_per_new_bed
                                                                : 0.0;
      out[y][1] += pool.places * per;
    }
  }
  return out;
}

}  // namespace laoxiao
