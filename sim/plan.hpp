// The plan of a place, typed: its indicators (with targets by year), every other figure it
// states, the capacity it describes (stock, projects, promised totals), and the care model's
// parameters (demand, staffing, policy).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/care/indicators.hpp"
#include "sim/calendar.hpp"
#include "sim/diagnostics.hpp"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace laoxiao {

struct PlanTarget {
  int year = 0;
  std::optional<double> value;
  std::string comparator = "=";
  std::string text;
};

struct PlanValue {
  std::string label;
  std::optional<int> year;
  std::optional<double> value;
  std::string text;
};

struct PlanIndicator {
  std::string key, id, name_zh, name_en, domain, nature, unit, unit_zh, location, scope, note;
  std::string same_as;  // key of the row this one repeats (e.g. a prose target of a table row)
  std::optional<int> baseline_year;
  std::optional<double> baseline_value;
  std::string baseline_text;
  std::vector<PlanTarget> targets;
  std::vector<PlanValue> other_values;
  const IndicatorDef* def = nullptr;
  SourcePos pos;

  bool binding() const { return nature == "binding"; }
};

struct PlanFact {
  std::string key, text_zh, unit, measure, topic, location, note;
  std::optional<double> value;
  std::optional<int> year;
  SourcePos pos;
};

struct Plan {
  bool present = false;
  std::string title_zh, title_en, document, issuer_zh, issued;
  int first_year = 2021, last_year = 2025;
  std::vector<PlanIndicator> indicators;
  std::vector<PlanFact> facts;
};

enum class PlaceKind { kElderBed = 0, kHomeCareBed = 1, kChildcareSlot = 2 };
enum class Tier { kSafetyNet = 0, kAffordable = 1, kMarket = 2 };
inline constexpr int kPlaceKinds = 3;
inline constexpr int kTiers = 3;
inline constexpr const char* kPlaceKindNames[kPlaceKinds] = {"elder_bed", "home_care_bed",
                                                             "childcare_slot"};
inline constexpr const char* kTierNames[kTiers] = {"safety_net", "affordable", "market"};

struct CapacityStock {
  std::string key, name_zh, township, location, note;
  PlaceKind kind = PlaceKind::kElderBed;
  double capacity = 0;  // resolved from per_1000_* when given so
  int year = 0;
  std::optional<int> institutions;
  std::optional<double> nursing_share, safety_net_share, affordable_share;  // unknown if unset
  SourcePos pos;
};

struct CapacityProject {
  std::string key, name_zh, township, build, location, note;
  PlaceKind kind = PlaceKind::kElderBed;
  Tier tier = Tier::kMarket;
  double capacity = 0;
  int institutions = 1;
  double nursing_share = 0;
  Month opens;
  std::optional<Month> closes;
  double investment_10k_yuan = 0;
  SourcePos pos;
};

struct CapacityPlanned {
  std::string key, location, note;
  PlaceKind kind = PlaceKind::kElderBed;
  double capacity = 0;  // resolved from per_1000_* when given so
  int year = 0;
  std::optional<int> institutions;
  std::optional<double> nursing_share, safety_net_share, affordable_share;  // unknown if unset
  SourcePos pos;
};

struct Capacity {
  std::vector<CapacityStock> stock;
  std::vector<CapacityProject> projects;
  std::vector<CapacityPlanned> planned;
  bool empty() const { return stock.empty() && projects.empty() && planned.empty(); }
};

/// Care-model parameters (defaults in scenarios/defaults.toml).
struct CareParams {
  double wish_independent = 0, wish_partial = 0, wish_full = 0;
  double poverty_wish_independent = 0, poverty_wish_dependent = 0, rural_factor = 1;
  std::array<double, 3> child_wish_urban{}, child_wish_rural{};
  double per_caregiver_full = 0, per_caregiver_partial = 0, per_caregiver_independent = 0;
  std::array<double, 3> children_per_carer{3, 5, 7};
  std::array<int, 3> class_size{10, 15, 20};
  double subsidy_per_new_slot = 0, subsidy_per_new_bed = 0;
  double care_subsidy_full = 0, care_subsidy_partial = 0;
  bool safety_net_for_all = false;
};

class Reader;

/// Reads [plan], [capacity] and the care parameters; semantic errors go to `d`.
/// `townships` are the place's township names (empty when the place declares none).
/// `residents` and `elderly` (60+) are the baseline counts, for capacity stated per 1,000.
void read_plan(const toml::table& merged, const std::vector<std::string>& townships, int end_year,
               double residents, double elderly, Plan& plan, Capacity& capacity, CareParams& care,
               Diagnostics& d);

}  // namespace laoxiao
