// Care demand and allocation (steps 6-8 of the monthly loop, after demography):
//
//  6. demand      Each person has a fixed latent uniform u (stream kCareDemand, keyed by the
//                 person only). An elderly person (entry age and over) wants a bed iff
//                 u < wish(extreme poverty, disability state, urban/rural); a child aged 6-35
//                 months wants a 托位 iff u < wish(age band, urban/rural). Wishes are
//                 re-evaluated when the state changes (onset, recovery, entry age, a new age
//                 band), so a person who recovers stops wishing and leaves, and the share
//                 wishing in each group equals its parameter.
//  7. capacity    Pools open and close on their dates (models/care/capacity.hpp); a pool that
//                 closes sends its occupants back to the waiting list.
//  8. allocation  Leavers go first (death, recovery, children reaching 36 months). Then, in
//                 order of waiting time (then id), deterministically:
//                   a. 特困 people who want a bed: safety-net beds, then affordable, then market;
//                   b. fully dependent people: nursing-type beds (affordable, market), then any;
//                   c. everyone else: other beds first, then nursing-type (affordable, market);
//                   d. children: safety-net, affordable, then market 托位, within the class
//                      caps of the national setting standard (a 托位 pool forms classes of at
//                      most 10 / 15 / 20 children by band; a child is admitted if a class of
//                      its band has room or the pool's free places allow a new class).
//                 Within a tier, pools in the person's own township come first. Who cannot be
//                 placed waits; waiting times are recorded.
// With --sample f every pool holds f x its places (stochastically rounded per pool).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/care/capacity.hpp"
#include "models/demography/demography.hpp"
#include "models/demography/types.hpp"
#include "sim/population.hpp"
#include "sim/rng.hpp"

namespace laoxiao {

/// Steps 6-9 of the monthly loop (after demographic_step_order()).
const std::vector<ProcessInfo>& care_step_order();

/// The care model of one scenario (immutable, shared by replicates).
struct CareSetup {
  CareSetup(const Scenario& s, const CapacityModel& capacity);

  const CapacityModel& capacity;
  int entry_months = 720;
  // wish thresholds: elder [poverty][state][urban], child [band][urban]
  std::array<std::array<std::array<std::uint32_t, 2>, 3>, 2> elder_wish{};
  std::array<std::array<std::uint32_t, 2>, 3> child_wish{};
  std::array<int, 3> class_size{10, 15, 20};
  bool safety_net_for_all = false;

  /// Whether the person wants care now (pure function of id and attributes).
  bool wishes(const RngKey& key, std::uint32_t id, std::uint8_t flags, int age_months) const;
  static int child_band(int age_months) {
    return age_months < 6    ? -1
           : age_months < 12 ? 0
           : age_months < 24 ? 1
           : age_months < 36 ? 2
                             : -1;
  }
};

/// What the care model counts for one year-end (agent units; the engine scales by weight).
struct CareYear {
  bool models_elder_beds = false;  // the scenario has elder-bed pools (at any time)
  bool models_childcare = false;   // the scenario has 托位 pools (at any time)
  // capacity and occupancy at the year end, [kind][tier][nursing]
  std::array<double, kPlaceKinds * kTiers * 2> places{}, occupied{};
  std::array<double, kPlaceKinds> institutions{};
  std::array<double, kStates> residents_by_state{};  // people in elder beds
  std::array<double, 3> children_by_band{};          // children in 托位
  std::array<double, 4> waiting{};         // 特困, fully dependent, other elderly, children
  std::array<double, 4> waiting_months{};  // summed current waits of those waiting
  std::array<double, 2> admissions{};      // elderly, children admitted in the year
  std::array<double, 2> admission_wait_months{};
  double wishing_elderly = 0, wishing_children = 0;
  double tekun_dependent = 0, tekun_dependent_placed = 0, tekun_wishing = 0,
         tekun_wishing_placed = 0;
  double tekun_partial = 0, tekun_full = 0;  // 特困 60+ by state (for care subsidies)
  double elderly60 = 0, elderly65 = 0, under3 = 0, residents = 0;
};

/// Per-replicate allocation state.
class Allocation {
 public:
  Allocation(const CareSetup& setup, const RngKey& key, double sample);

  /// Draws every agent's wish at the start and fills the initial stock.
  void initialize(PopulationStore& store, Month t0);
  /// Steps 7-8 for month t; `new_wishers` lists agents whose wish started this month.
  void month(PopulationStore& store, Month t, const std::vector<std::uint32_t>& new_wishers);
  /// Counts at the end of month t (after month(t)).
  CareYear year_end(const PopulationStore& store, Month t) const;
  /// Clears the admissions counters (called at the start of each year).
  void reset_year() {
    admissions_ = {};
    admission_wait_ = {};
  }

  std::size_t placed() const { return placements_.size(); }
  /// The pool a person occupies, or -1.
  int pool_of(std::uint32_t person) const {
    for (const auto& p : placements_)
      if (p.person == person) return static_cast<int>(p.pool);
    return -1;
  }
  std::size_t waiting() const { return waiting_.size(); }

 private:
  struct Placement {
    std::uint32_t person;
    std::uint32_t pool;
  };
  struct Waiting {
    std::uint32_t person;
    std::int32_t since;  // month index
  };
  int group_of(const PopulationStore& store, std::uint32_t p, Month t) const;
  bool still_wants(const PopulationStore& store, std::uint32_t p, Month t) const;
  bool try_place(PopulationStore& store, std::uint32_t p, Month t);
  bool fits_child(std::uint32_t pool, int band) const;
  void admit(PopulationStore& store, std::uint32_t p, std::uint32_t pool, int band);

  const CareSetup& setup_;
  RngKey key_;
  double sample_;
  std::vector<double> agent_places_;          // per pool, sampled
  std::vector<double> occupied_;              // per pool
  std::vector<std::array<int, 3>> band_occ_;  // childcare pools: children by band
  std::vector<Placement> placements_;
  std::vector<Waiting> waiting_;
  std::array<double, 2> admissions_{}, admission_wait_{};
};

}  // namespace laoxiao
