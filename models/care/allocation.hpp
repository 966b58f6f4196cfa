// Care allocation (steps "capacity" and "allocation" of the monthly loop, after demand):
//
//  capacity    Pools open and close on their dates (models/care/capacity.hpp); a pool that
//              closes sends its occupants back to the waiting list.
//  allocation  Leavers go first (death, recovery, children leaving the last band). Then, in
//              order of waiting time (then id), deterministically:
//                a. 特困 people who want a bed: safety-net beds, then affordable, then market;
//                b. fully dependent people: nursing-type beds (affordable, market), then any;
//                c. everyone else: other beds first, then nursing-type (affordable, market);
//                d. children: safety-net, affordable, then market 托位, within the class caps
//                   of the national setting standard (a 托位 pool forms classes of at most
//                   class_size children by band; a child is admitted if a class of its band
//                   has room or the pool's free places allow a new class).
//              Within a tier, pools in the person's own township come first. Who cannot be
//              placed waits; waiting times are recorded.
// With --sample f every pool holds f x its places (stochastically rounded per pool).
// Keys: [staffing], [allocation] (declared in allocation.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/population.hpp"
#include "core/rng.hpp"
#include "models/care/capacity.hpp"
#include "models/care/care_year.hpp"
#include "models/care/demand.hpp"

namespace laoxiao {

/// Staffing ratios and class sizes (the class sizes bind the allocation of 托位).
struct StaffingParams {
  double residents_per_caregiver_full{}, residents_per_caregiver_partial{},
      residents_per_caregiver_independent{};
  std::array<double, kChildBands> children_per_carer{};
  std::array<int, kChildBands> class_size{};
};

struct AllocationParams {
  bool safety_net_for_all{};
};

const ParamFields<StaffingParams>& staffing_params();
const ParamFields<AllocationParams>& allocation_params();

/// The processes of the care steps, in order.
const std::vector<ProcessInfo>& care_processes();

/// The care model of one place (immutable, shared by replicates).
struct CareSetup {
  CareSetup(const CapacityModel& capacity, const Demand& demand, const StaffingParams& staffing,
            const AllocationParams& allocation);

  const CapacityModel& capacity;
  Demand demand;
  std::array<int, kChildBands> class_size{};
  bool safety_net_for_all = false;
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
  /// People one occupant of `pool` stands for in the year-end counts.
  double occupant_weight(std::size_t pool) const;
  void admit(PopulationStore& store, std::uint32_t p, std::uint32_t pool, int band);

  const CareSetup& setup_;
  RngKey key_;
  double sample_;
  std::vector<double> agent_places_;                    // per pool, sampled
  std::vector<double> occupied_;                        // per pool
  std::vector<std::array<int, kChildBands>> band_occ_;  // childcare pools: children by band
  std::vector<Placement> placements_;
  std::vector<Waiting> waiting_;
  std::array<double, 2> admissions_{}, admission_wait_{};
};

}  // namespace laoxiao
