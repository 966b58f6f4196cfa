#include "models/care/indicators.hpp"

#include <cmath>
#include <limits>

#include "core/age_group.hpp"
#include "models/care/care_year.hpp"
#include "models/demography/tallies.hpp"

namespace laoxiao {

std::string_view to_string(IndicatorClass c) {
  static constexpr std::string_view kNames[] = {"computed", "capacity-derived", "exogenous"};
  return kNames[static_cast<int>(c)];
}

double population_at_year_end(const DemographicTallies& t, int y, int lo, int hi) {
  double n = 0;
  for (int a = lo; a <= hi; ++a)
    for (int s = 0; s < kSexes; ++s)
      for (int st = 0; st < kStates; ++st) n += t.population_end[t.yass(y, a, s, st)];
  return n;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr auto E = PlaceKind::kElderBed;
constexpr auto C = PlaceKind::kChildcareSlot;

double ratio(double num, double den, double scale) {
  return den > 0 ? scale * num / den : kNaN;
}
double pop(const IndicatorInputs& in, int lo, int hi) {
  return population_at_year_end(in.tallies, in.year, lo, hi);
}
double places(const IndicatorInputs& in, PlaceKind k, int tier = -1, int nursing = -1) {
  return CareYear::sum(in.care->places, k, tier, nursing);
}
double occupied(const IndicatorInputs& in, PlaceKind k) {
  return CareYear::sum(in.care->occupied, k, -1, -1);
}

}  // namespace

const std::vector<IndicatorDef>& indicator_catalog() {
  using Cl = IndicatorClass;
  using N = IndicatorNeeds;
  using In = const IndicatorInputs&;
  static const std::vector<IndicatorDef> catalog = {
      // --- elder care: beds ---------------------------------------------------------------
      {"elder_beds_per_1000_elderly", Cl::kComputed, "per_1000_elderly", +1,
       "Elder-care beds per 1,000 people aged 60+", "每千名老年人养老床位数",
       "1000 x elder-care beds open on 31 Dec / simulated people aged 60+ on 31 Dec", N::kElderBeds,
       [](In in) { return ratio(places(in, E), pop(in, 60, kMaxAge), 1000); }},
      {"nursing_bed_share", Cl::kComputed, "percent", +1, "Share of nursing-type beds",
       "护理型床位占比", "100 x nursing-type elder-care beds / all elder-care beds, 31 Dec",
       N::kElderBeds, [](In in) { return ratio(places(in, E, -1, 1), places(in, E), 100); }},
      {"safety_net_affordable_bed_share", Cl::kComputed, "percent", +1,
       "Share of safety-net and affordable beds", "兜底性和普惠性养老床位合计占比",
       "100 x (safety-net + affordable) elder-care beds / all elder-care beds", N::kElderBeds,
       [](In in) { return ratio(places(in, E, 0) + places(in, E, 1), places(in, E), 100); }},
      {"affordable_bed_share", Cl::kComputed, "percent", +1, "Share of affordable beds",
       "普惠性养老床位占比", "100 x affordable elder-care beds / all elder-care beds",
       N::kElderBeds, [](In in) { return ratio(places(in, E, 1), places(in, E), 100); }},
      {"elder_beds_total", Cl::kCapacityDerived, "beds", +1, "Elder-care beds", "养老床位数",
       "elder-care beds open on 31 Dec", N::kElderBeds, [](In in) { return places(in, E); }},
      {"nursing_beds_total", Cl::kCapacityDerived, "beds", +1, "Nursing-type elder-care beds",
       "护理型床位数", "nursing-type elder-care beds open on 31 Dec", N::kElderBeds,
       [](In in) { return places(in, E, -1, 1); }},
      {"home_care_beds_total", Cl::kCapacityDerived, "beds", +1, "Home-based care beds",
       "家庭养老床位数", "home-based care beds open on 31 Dec", N::kCare,
       [](In in) { return places(in, PlaceKind::kHomeCareBed); }},
      {"elder_institutions", Cl::kCapacityDerived, "count", +1, "Elder-care institutions",
       "养老机构数", "institutions of the elder-bed entries open on 31 Dec", N::kElderBeds,
       [](In in) { return in.care->institutions[static_cast<int>(E)]; }},
      // --- elder care: people -------------------------------------------------------------
      {"tekun_disabled_institutional_rate", Cl::kComputed, "percent", +1,
       "Institutional support rate of dependent people under extreme-poverty support",
       "生活不能自理（失能）特困人员集中供养率",
       "100 x 特困 people aged 60+ partially or fully dependent who are in a bed / all of them, "
       "31 Dec",
       N::kElderBeds,
       [](In in) { return ratio(in.care->tekun_dependent_placed, in.care->tekun_dependent, 100); }},
      {"tekun_willing_institutional_rate", Cl::kComputed, "percent", +1,
       "Institutional support rate of people under extreme-poverty support who want it",
       "有集中供养意愿的特困人员集中供养率",
       "100 x 特困 people aged 60+ wanting institutional care who are in a bed / all 特困 "
       "wanting it, 31 Dec",
       N::kElderBeds,
       [](In in) { return ratio(in.care->tekun_wishing_placed, in.care->tekun_wishing, 100); }},
      {"elder_bed_occupancy", Cl::kComputed, "percent", 0, "Occupancy of elder-care beds",
       "养老床位入住率", "100 x occupied elder-care beds / open elder-care beds, 31 Dec",
       N::kElderBeds, [](In in) { return ratio(occupied(in, E), places(in, E), 100); }},
      {"eldercare_workers", Cl::kExogenous, "persons", +1, "Elder-care workers",
       "养老护理专业人才数 / 养老护理员数",
       "workforce target: not modelled; compared with caregivers needed for the simulated "
       "residents under the scenario's staffing ratios (diagnostic)",
       N::kNothing, nullptr},
      // --- childcare ----------------------------------------------------------------------
      {"childcare_slots_per_1000", Cl::kComputed, "per_1000_residents", +1,
       "Childcare slots for under-3s per 1,000 residents", "每千人口拥有3岁以下婴幼儿托位数",
       "1000 x 托位 open on 31 Dec / simulated residents on 31 Dec", N::kChildcare,
       [](In in) { return ratio(places(in, C), pop(in, 0, kMaxAge), 1000); }},
      {"affordable_childcare_slot_share", Cl::kComputed, "percent", +1,
       "Share of affordable childcare slots", "普惠性托位占比",
       "100 x affordable 托位 / all 托位, 31 Dec", N::kChildcare,
       [](In in) { return ratio(places(in, C, 1), places(in, C), 100); }},
      {"safety_net_childcare_share", Cl::kComputed, "percent", +1,
       "Share of public safety-net childcare slots", "政府主导的保基本、兜底线托育服务占比",
       "100 x safety-net 托位 / all 托位, 31 Dec", N::kChildcare,
       [](In in) { return ratio(places(in, C, 0), places(in, C), 100); }},
      {"safety_net_affordable_childcare_share", Cl::kComputed, "percent", +1,
       "Share of safety-net and affordable childcare slots", "兜底性和普惠性托育服务占比",
       "100 x (safety-net + affordable) 托位 / all 托位, 31 Dec", N::kChildcare,
       [](In in) { return ratio(places(in, C, 0) + places(in, C, 1), places(in, C), 100); }},
      {"market_childcare_share", Cl::kComputed, "percent", 0, "Share of market childcare slots",
       "市场化托育服务占比", "100 x market 托位 / all 托位, 31 Dec", N::kChildcare,
       [](In in) { return ratio(places(in, C, 2), places(in, C), 100); }},
      {"childcare_slots_total", Cl::kCapacityDerived, "slots", +1, "Childcare slots", "托位数",
       "托位 open on 31 Dec", N::kChildcare, [](In in) { return places(in, C); }},
      {"childcare_institutions", Cl::kCapacityDerived, "count", +1, "Childcare institutions",
       "托育机构数", "institutions of the 托位 entries open on 31 Dec", N::kChildcare,
       [](In in) { return in.care->institutions[static_cast<int>(C)]; }},
      {"childcare_enrolment_rate", Cl::kComputed, "percent", +1,
       "Share of under-3s enrolled in childcare", "入托率",
       "100 x children under 3 in a 托位 / children under 3, 31 Dec", N::kChildcare,
       [](In in) {
         double enrolled = 0;
         for (double v : in.care->children_by_band) enrolled += v;
         return ratio(enrolled, pop(in, 0, 2), 100);
       }},
      {"childcare_slot_occupancy", Cl::kComputed, "percent", 0, "Occupancy of childcare slots",
       "托位使用率", "100 x occupied 托位 / open 托位, 31 Dec", N::kChildcare,
       [](In in) { return ratio(occupied(in, C), places(in, C), 100); }},
      {"childcare_workers", Cl::kExogenous, "persons", +1, "Childcare workers",
       "托育服务专业人才数",
       "workforce target: not modelled; compared with carers needed by the national class "
       "ratios for the simulated children in 托位 (diagnostic)",
       N::kNothing, nullptr},
      // --- population ---------------------------------------------------------------------
      {"life_expectancy", Cl::kComputed, "years", +1, "Life expectancy at birth", "人均预期寿命",
       "period life expectancy at birth, both sexes, from the year's simulated deaths and "
       "exposures",
       N::kDemography,
       [](In in) { return in.life_expectancy[static_cast<std::size_t>(in.year) * 3 + 2]; }},
      {"total_population", Cl::kComputed, "persons", 0, "Resident population", "常住人口",
       "simulated residents on 31 Dec", N::kDemography, [](In in) { return pop(in, 0, kMaxAge); }},
      {"elderly_population", Cl::kComputed, "persons", 0, "People aged 60+", "60岁及以上老年人口",
       "simulated people aged 60+ on 31 Dec", N::kDemography,
       [](In in) { return pop(in, 60, kMaxAge); }},
      {"elderly_share", Cl::kComputed, "percent", 0, "Share of people aged 60+",
       "60岁及以上人口占比", "100 x people aged 60+ / residents, 31 Dec", N::kDemography,
       [](In in) { return ratio(pop(in, 60, kMaxAge), pop(in, 0, kMaxAge), 100); }},
      {"elderly_65_population", Cl::kComputed, "persons", 0, "People aged 65+",
       "65岁及以上老年人口", "simulated people aged 65+ on 31 Dec", N::kDemography,
       [](In in) { return pop(in, 65, kMaxAge); }},
      {"under3_population", Cl::kComputed, "persons", 0, "Children under 3", "3岁以下婴幼儿数",
       "simulated children aged 0-2 on 31 Dec", N::kDemography,
       [](In in) { return pop(in, 0, 2); }},
      {"births", Cl::kComputed, "persons", 0, "Births in the year", "出生人口",
       "simulated births in the calendar year", N::kDemography,
       [](In in) {
         return in.tallies.births[in.tallies.ys(in.year, 0)] +
                in.tallies.births[in.tallies.ys(in.year, 1)];
       }},
      // --- anything else ------------------------------------------------------------------
      {"other", Cl::kExogenous, "", 0, "Indicator outside the model", "",
       "carried through as stated; not modelled", N::kNothing, nullptr},
  };
  return catalog;
}

const std::vector<IndicatorEcho>& indicator_echoes() {
  static const auto elderly_served = [](const CareYear& c) {
    return c.waiting[kGroupPoverty] <= 0 && c.waiting[kGroupFull] <= 0 &&
           c.waiting[kGroupOther] <= 0;
  };
  static const auto poverty_served = [](const CareYear& c) {
    return c.waiting[kGroupPoverty] <= 0;
  };
  static const auto children_served = [](const CareYear& c) { return c.waiting[kGroupChild] <= 0; };
  static const std::vector<IndicatorEcho> echoes = {
      {"elder_bed_occupancy",
       +elderly_served,
       {"demand.elder.wish_independent", "demand.elder.wish_partial", "demand.elder.wish_full",
        "demand.elder.rural_factor", "demand.elder.tekun_placement_independent",
        "demand.elder.tekun_placement_dependent"},
       "nobody waited for a bed, so occupancy is the demand the wish shares and the 特困 "
       "placement path give over the beds"},
      {"tekun_disabled_institutional_rate",
       +poverty_served,
       {"demand.elder.tekun_placement_dependent", "demand.elder.tekun_placement_independent"},
       "no 特困 person waited for a bed, so the rate is the placement path of dependent 特困 "
       "people (with those placed while independent, who keep their bed)"},
      {"tekun_willing_institutional_rate",
       +poverty_served,
       {},
       "no 特困 person waited for a bed, so everyone who wants one has one: 100% by "
       "construction"},
      {"childcare_enrolment_rate",
       +children_served,
       {"demand.childcare.wish_urban", "demand.childcare.wish_rural", "demand.childcare.scale"},
       "no child waited for a 托位, so enrolment is the wish share on its path by year"},
      {"childcare_slot_occupancy",
       +children_served,
       {"demand.childcare.wish_urban", "demand.childcare.wish_rural", "demand.childcare.scale"},
       "no child waited for a 托位, so occupancy is the demand the wish shares on their path give "
       "over the 托位"},
  };
  return echoes;
}

const IndicatorEcho* find_echo(std::string_view id) {
  for (const auto& e : indicator_echoes())
    if (e.id == id) return &e;
  return nullptr;
}

const IndicatorDef* find_indicator(std::string_view id) {
  for (const auto& d : indicator_catalog())
    if (d.id == id) return &d;
  return nullptr;
}

double indicator_value(const IndicatorDef& def, const IndicatorInputs& in) {
  switch (def.needs) {
    case IndicatorNeeds::kNothing:
      return kNaN;
    case IndicatorNeeds::kDemography:
      break;
    case IndicatorNeeds::kCare:
      if (!in.care) return kNaN;
      break;
    case IndicatorNeeds::kElderBeds:
      if (!in.care || !in.care->models_elder_beds) return kNaN;
      break;
    case IndicatorNeeds::kChildcare:
      if (!in.care || !in.care->models_childcare) return kNaN;
      break;
  }
  return def.compute ? def.compute(in) : kNaN;
}

double indicator_value(const std::string& id, const IndicatorInputs& in) {
  const IndicatorDef* def = find_indicator(id);
  return def ? indicator_value(*def, in) : kNaN;
}

}  // namespace laoxiao
