// What the care model counts at one year end (people units once the engine applies the
// agent weight): the plain data that indicators, diagnostics and the output read.
#pragma once

#include <array>

#include "models/care/capacity.hpp"
#include "models/care/child_bands.hpp"
#include "models/demography/types.hpp"

namespace laoxiao {

/// Allocation priority groups (waiting lists are kept by group).
enum AllocationGroup { kGroupPoverty = 0, kGroupFull = 1, kGroupOther = 2, kGroupChild = 3 };
inline constexpr int kAllocationGroups = 4;
inline constexpr const char* kAllocationGroupNames[kAllocationGroups] = {
    "extreme-poverty elderly", "fully dependent elderly", "other elderly", "children"};

struct CareYear {
  bool models_elder_beds = false;  // the scenario has elder-bed pools (at any time)
  bool models_childcare = false;   // the scenario has 托位 pools (at any time)
  // capacity and occupancy at the year end, [kind][tier][nursing]
  std::array<double, kPlaceKinds * kTiers * 2> places{}, occupied{};
  std::array<double, kPlaceKinds> institutions{};
  std::array<double, kStates> residents_by_state{};        // people in elder beds
  std::array<double, kChildBands> children_by_band{};      // children in 托位
  std::array<double, kAllocationGroups> waiting{};         // waiting at the year end, by group
  std::array<double, kAllocationGroups> waiting_months{};  // summed current waits
  std::array<double, 2> admissions{};                      // elderly, children admitted in the year
  std::array<double, 2> admission_wait_months{};
  double wishing_elderly = 0, wishing_children = 0;
  double tekun_dependent = 0, tekun_dependent_placed = 0, tekun_wishing = 0,
         tekun_wishing_placed = 0;
  double tekun_partial = 0, tekun_full = 0;  // 特困 60+ by state (for care subsidies)

  /// Places (or occupied places) of a kind, summed over tiers (-1: all) and bed types (-1).
  static double sum(const std::array<double, kPlaceKinds * kTiers * 2>& v, PlaceKind k, int tier,
                    int nursing) {
    double n = 0;
    for (int t = 0; t < kTiers; ++t)
      for (int nu = 0; nu < 2; ++nu) {
        if ((tier >= 0 && t != tier) || (nursing >= 0 && nu != nursing)) continue;
        n += v[(static_cast<std::size_t>(k) * kTiers + t) * 2 + nu];
      }
    return n;
  }
};

}  // namespace laoxiao
