#include "models/care/indicators.hpp"

namespace laoxiao {

std::string_view to_string(IndicatorClass c) {
  switch (c) {
    case IndicatorClass::kComputed:
      return "computed";
    case IndicatorClass::kCapacityDerived:
      return "capacity-derived";
    case IndicatorClass::kExogenous:
      return "exogenous";
  }
  return "?";
}

const std::vector<IndicatorDef>& indicator_catalog() {
  using C = IndicatorClass;
  static const std::vector<IndicatorDef> catalog = {
      // --- elder care: beds ---------------------------------------------------------------
      {"elder_beds_per_1000_elderly", C::kComputed, "per_1000_elderly", +1,
       "Elder-care beds per 1,000 people aged 60+", "每千名老年人养老床位数",
       "1000 x elder-care beds open on 31 Dec / simulated people aged 60+ on 31 Dec"},
      {"nursing_bed_share", C::kComputed, "percent", +1, "Share of nursing-type beds",
       "护理型床位占比", "100 x nursing-type elder-care beds / all elder-care beds, 31 Dec"},
      {"safety_net_affordable_bed_share", C::kComputed, "percent", +1,
       "Share of safety-net and affordable beds", "兜底性和普惠性养老床位合计占比",
       "100 x (safety-net + affordable) elder-care beds / all elder-care beds"},
      {"affordable_bed_share", C::kComputed, "percent", +1, "Share of affordable beds",
       "普惠性养老床位占比", "100 x affordable elder-care beds / all elder-care beds"},
      {"elder_beds_total", C::kCapacityDerived, "beds", +1, "Elder-care beds", "养老床位数",
       "elder-care beds open on 31 Dec"},
      {"nursing_beds_total", C::kCapacityDerived, "beds", +1, "Nursing-type elder-care beds",
       "护理型床位数", "nursing-type elder-care beds open on 31 Dec"},
      {"home_care_beds_total", C::kCapacityDerived, "beds", +1, "Home-based care beds",
       "家庭养老床位数", "home-based care beds open on 31 Dec"},
      {"elder_institutions", C::kCapacityDerived, "count", +1, "Elder-care institutions",
       "养老机构数", "institutions of the elder-bed entries open on 31 Dec"},
      // --- elder care: people -------------------------------------------------------------
      {"tekun_disabled_institutional_rate", C::kComputed, "percent", +1,
       "Institutional support rate of dependent people under extreme-poverty support",
       "生活不能自理（失能）特困人员集中供养率",
       "100 x 特困 people aged 60+ partially or fully dependent who are in a bed / all of them, "
       "31 Dec"},
      {"tekun_willing_institutional_rate", C::kComputed, "percent", +1,
       "Institutional support rate of people under extreme-poverty support who want it",
       "有集中供养意愿的特困人员集中供养率",
       "100 x 特困 people aged 60+ wanting institutional care who are in a bed / all 特困 "
       "wanting it, 31 Dec"},
      {"elder_bed_occupancy", C::kComputed, "percent", 0, "Occupancy of elder-care beds",
       "养老床位入住率", "100 x occupied elder-care beds / open elder-care beds, 31 Dec"},
      {"eldercare_workers", C::kExogenous, "persons", +1, "Elder-care workers",
       "养老护理专业人才数 / 养老护理员数",
       "workforce target: not modelled; compared with caregivers needed for the simulated "
       "residents under the scenario's staffing ratios (diagnostic)"},
      // --- childcare ----------------------------------------------------------------------
      {"childcare_slots_per_1000", C::kComputed, "per_1000_residents", +1,
       "Childcare slots for under-3s per 1,000 residents", "每千人口拥有3岁以下婴幼儿托位数",
       "1000 x 托位 open on 31 Dec / simulated residents on 31 Dec"},
      {"affordable_childcare_slot_share", C::kComputed, "percent", +1,
       "Share of affordable childcare slots", "普惠性托位占比",
       "100 x affordable 托位 / all 托位, 31 Dec"},
      {"safety_net_childcare_share", C::kComputed, "percent", +1,
       "Share of public safety-net childcare slots", "政府主导的保基本、兜底线托育服务占比",
       "100 x safety-net 托位 / all 托位, 31 Dec"},
      {"safety_net_affordable_childcare_share", C::kComputed, "percent", +1,
       "Share of safety-net and affordable childcare slots", "兜底性和普惠性托育服务占比",
       "100 x (safety-net + affordable) 托位 / all 托位, 31 Dec"},
      {"market_childcare_share", C::kComputed, "percent", 0, "Share of market childcare slots",
       "市场化托育服务占比", "100 x market 托位 / all 托位, 31 Dec"},
      {"childcare_slots_total", C::kCapacityDerived, "slots", +1, "Childcare slots", "托位数",
       "托位 open on 31 Dec"},
      {"childcare_institutions", C::kCapacityDerived, "count", +1, "Childcare institutions",
       "托育机构数", "institutions of the 托位 entries open on 31 Dec"},
      {"childcare_enrolment_rate", C::kComputed, "percent", +1,
       "Share of under-3s enrolled in childcare", "入托率",
       "100 x children under 3 in a 托位 / children under 3, 31 Dec"},
      {"childcare_slot_occupancy", C::kComputed, "percent", 0, "Occupancy of childcare slots",
       "托位使用率", "100 x occupied 托位 / open 托位, 31 Dec"},
      {"childcare_workers", C::kExogenous, "persons", +1, "Childcare workers", "托育服务专业人才数",
       "workforce target: not modelled; compared with carers needed by the national class "
       "ratios for the simulated children in 托位 (diagnostic)"},
      // --- population ---------------------------------------------------------------------
      {"life_expectancy", C::kComputed, "years", +1, "Life expectancy at birth", "人均预期寿命",
       "period life expectancy at birth, both sexes, from the year's simulated deaths and "
       "exposures"},
      {"total_population", C::kComputed, "persons", 0, "Resident population", "常住人口",
       "simulated residents on 31 Dec"},
      {"elderly_population", C::kComputed, "persons", 0, "People aged 60+", "60岁及以上老年人口",
       "simulated people aged 60+ on 31 Dec"},
      {"elderly_share", C::kComputed, "percent", 0, "Share of people aged 60+",
       "60岁及以上人口占比", "100 x people aged 60+ / residents, 31 Dec"},
      {"elderly_65_population", C::kComputed, "persons", 0, "People aged 65+", "65岁及以上老年人口",
       "simulated people aged 65+ on 31 Dec"},
      {"under3_population", C::kComputed, "persons", 0, "Children under 3", "3岁以下婴幼儿数",
       "simulated children aged 0-2 on 31 Dec"},
      {"births", C::kComputed, "persons", 0, "Births in the year", "出生人口",
       "simulated births in the calendar year"},
      // --- anything else ------------------------------------------------------------------
      {"other", C::kExogenous, "", 0, "Indicator outside the model", "",
       "carried through as stated; not modelled"},
  };
  return catalog;
}

const IndicatorDef* find_indicator(std::string_view id) {
  for (const auto& d : indicator_catalog())
    if (d.id == id) return &d;
  return nullptr;
}

}  // namespace laoxiao
