#include "models/care/allocation.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"

namespace laoxiao {

namespace pf = person_flags;

namespace {

ParamFields<StaffingParams> make_staffing_fields() {
  using S = StaffingParams;
  ParamFields<S> f("staffing");
  f.field(LAOXIAO_KEY(S, residents_per_caregiver_full), "persons", 0, 1000,
          "Fully dependent residents per elder-care worker (0: not counted).", "护理员配比")
      .required();
  f.field(LAOXIAO_KEY(S, residents_per_caregiver_partial), "persons", 0, 1000,
          "Partially dependent residents per elder-care worker (0: not counted).")
      .required();
  f.field(LAOXIAO_KEY(S, residents_per_caregiver_independent), "persons", 0, 1000,
          "Independent residents per elder-care worker (0: not counted).")
      .required();
  f.field(LAOXIAO_KEY(S, children_per_carer), "persons", 0, 100,
          "Children per carer by class: 乳儿班 (6-11 months), 托小班 (12-23), 托大班 (24-35).",
          "保育人员配比")
      .required()
      .length_rule(kChildBandRule);
  f.field(LAOXIAO_KEY(S, class_size), "persons", 1, 100, "Largest class by the same age bands.",
          "班级规模")
      .required()
      .length_rule(kChildBandRule);
  return f;
}

ParamFields<AllocationParams> make_allocation_fields() {
  ParamFields<AllocationParams> f("allocation");
  f.field(LAOXIAO_KEY(AllocationParams, safety_net_for_all),
          "Whether people not under extreme-poverty support may take free safety-net beds.")
      .required();
  return f;
}

}  // namespace

const ParamFields<StaffingParams>& staffing_params() {
  return declared<StaffingParams, make_staffing_fields>();
}

const ParamFields<AllocationParams>& allocation_params() {
  return declared<AllocationParams, make_allocation_fields>();
}

const std::vector<ProcessInfo>& care_processes() {
  static const std::vector<ProcessInfo> order = {
      {"capacity", "pools of beds and 托位 open and close on their dates", Stream::kAllocation},
      {"allocation", "leavers out, then placements by priority; the rest wait",
       Stream::kAllocation},
  };
  return order;
}

CareSetup::CareSetup(const CapacityModel& cap, const Demand& d, const StaffingParams& staffing,
                     const AllocationParams& allocation)
    : capacity(cap),
      demand(d),
      class_size(staffing.class_size),
      safety_net_for_all(allocation.safety_net_for_all) {}

Allocation::Allocation(const CareSetup& setup, const RngKey& key, double sample)
    : setup_(setup), key_(key), sample_(sample) {
  const auto& pools = setup.capacity.pools();
  agent_places_.resize(pools.size());
  occupied_.assign(pools.size(), 0.0);
  band_occ_.assign(pools.size(), {0, 0, 0});
  for (std::size_t k = 0; k < pools.size(); ++k) {
    const double want = pools[k].places * sample;
    double n = std::floor(want);
    const auto w = key.draw(static_cast<std::uint32_t>(k), 0, Stream::kAllocation);
    if (uniform01(w[0]) < want - n) n += 1.0;
    agent_places_[k] = n;
  }
}

int Allocation::group_of(const PopulationStore& store, std::uint32_t p, Month t) const {
  const int age_m = t.index - store.birth()[p];
  if (age_m < setup_.demand.entry_months()) return kGroupChild;
  const std::uint8_t f = store.flags()[p];
  if (f & pf::kPoverty) return kGroupPoverty;
  if (pf::state(f) == static_cast<int>(CareState::kFull)) return kGroupFull;
  return kGroupOther;
}

bool Allocation::still_wants(const PopulationStore& store, std::uint32_t p, Month t) const {
  const std::uint8_t f = store.flags()[p];
  if (!(f & pf::kAlive) || !(f & pf::kWantsCare)) return false;
  const int age_next = t.index + 1 - store.birth()[p];
  return age_next >= setup_.demand.entry_months() || age_next < kChildcareEndMonth;
}

bool Allocation::fits_child(std::uint32_t pool, int band) const {
  // Classes by band in people: ceil(children / class size) classes of nominal size each; the
  // classes must fit the pool's places.
  const double w = 1.0 / sample_;
  const double places = setup_.capacity.pools()[pool].places;
  double nominal = 0;
  for (int b = 0; b < kChildBands; ++b) {
    const double children = (band_occ_[pool][b] + (b == band ? 1 : 0)) * w;
    nominal += std::ceil(children / setup_.class_size[b] - 1e-9) * setup_.class_size[b];
  }
  return nominal <= places + 1e-9;
}

void Allocation::admit(PopulationStore& store, std::uint32_t p, std::uint32_t pool, int band) {
  placements_.push_back({p, pool});
  occupied_[pool] += 1.0;
  if (band >= 0) band_occ_[pool][band] += 1;
  store.flags()[p] |= pf::kInCare;
}

bool Allocation::try_place(PopulationStore& store, std::uint32_t p, Month t) {
  const auto& pools = setup_.capacity.pools();
  const int group = group_of(store, p, t);
  const int town = store.township()[p];
  const int tiers_all[3] = {0, 1, 2};
  const int tiers_no_safety[2] = {1, 2};
  auto search = [&](PlaceKind kind, const int* tiers, int n_tiers, int nursing, int band) -> bool {
    for (int ti = 0; ti < n_tiers; ++ti) {
      for (int pass = 0; pass < 2; ++pass) {  // own township first, then the rest
        for (std::uint32_t k = 0; k < pools.size(); ++k) {
          const Pool& pool = pools[k];
          if (pool.kind != kind || static_cast<int>(pool.tier) != tiers[ti] || !pool.open_in(t))
            continue;
          if (nursing >= 0 && pool.nursing != (nursing == 1)) continue;
          const bool own = pool.township == town;
          if ((pass == 0) != own && !(pass == 1 && pool.township < 0 && !own)) {
            if (pass == 0) continue;
            if (own) continue;
          }
          if (kind == PlaceKind::kChildcareSlot) {
            if (!fits_child(k, band)) continue;
          } else if (occupied_[k] + 1.0 > agent_places_[k]) {
            continue;
          }
          admit(store, p, k, band);
          return true;
        }
      }
    }
    return false;
  };
  if (group == kGroupChild) {
    const int band = child_band(t.index + 1 - store.birth()[p]);
    if (band < 0) return false;
    return search(PlaceKind::kChildcareSlot, tiers_all, 3, -1, band);
  }
  const bool full = pf::state(store.flags()[p]) == static_cast<int>(CareState::kFull);
  const int* tiers = setup_.safety_net_for_all ? tiers_all : tiers_no_safety;
  const int n_tiers = setup_.safety_net_for_all ? 3 : 2;
  if (group == kGroupPoverty)
    return search(PlaceKind::kElderBed, tiers_all, 3, full ? 1 : 0, -1) ||
           search(PlaceKind::kElderBed, tiers_all, 3, full ? 0 : 1, -1);
  if (group == kGroupFull)
    return search(PlaceKind::kElderBed, tiers, n_tiers, 1, -1) ||
           search(PlaceKind::kElderBed, tiers, n_tiers, 0, -1);
  return search(PlaceKind::kElderBed, tiers, n_tiers, 0, -1) ||
         search(PlaceKind::kElderBed, tiers, n_tiers, 1, -1);
}

void Allocation::initialize(PopulationStore& store, Month t0) {
  std::vector<std::uint32_t> wishers;
  for (std::uint32_t i = 0; i < store.size(); ++i) {
    const int age_m = t0.index - store.birth()[i];
    if (setup_.demand.wishes(key_, i, store.flags()[i], age_m, t0)) {
      store.flags()[i] |= pf::kWantsCare;
      wishers.push_back(i);
    }
  }
  // The stock is occupied from the start by those who want it, in priority order.
  month(store, t0, wishers);
  reset_year();
}

void Allocation::month(PopulationStore& store, Month t,
                       const std::vector<std::uint32_t>& new_wishers) {
  const auto& pools = setup_.capacity.pools();
  // Leavers, and occupants of pools that closed; children's classes by their new age.
  for (auto& b : band_occ_) b = {0, 0, 0};
  std::vector<Placement> kept;
  kept.reserve(placements_.size());
  for (const Placement& pl : placements_) {
    const bool wants = still_wants(store, pl.person, t);
    if (wants && pools[pl.pool].open_in(t)) {
      kept.push_back(pl);
      const int band = child_band(t.index + 1 - store.birth()[pl.person]);
      if (pools[pl.pool].kind == PlaceKind::kChildcareSlot && band >= 0)
        band_occ_[pl.pool][band] += 1;
      continue;
    }
    occupied_[pl.pool] -= 1.0;
    store.flags()[pl.person] &= static_cast<std::uint8_t>(~pf::kInCare);
    if (wants) waiting_.push_back({pl.person, t.index});  // its pool closed
  }
  placements_.swap(kept);

  std::vector<Waiting> queue;
  queue.reserve(waiting_.size() + new_wishers.size());
  for (const Waiting& w : waiting_)
    if (still_wants(store, w.person, t) && !(store.flags()[w.person] & pf::kInCare))
      queue.push_back(w);
  for (std::uint32_t p : new_wishers)
    if (still_wants(store, p, t) && !(store.flags()[p] & pf::kInCare))
      queue.push_back({p, t.index});

  // Priority group, then waiting time, then id.
  std::vector<std::pair<int, std::size_t>> order;
  order.reserve(queue.size());
  for (std::size_t i = 0; i < queue.size(); ++i)
    order.push_back({group_of(store, queue[i].person, t), i});
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const Waiting &x = queue[a.second], &y = queue[b.second];
    if (x.since != y.since) return x.since < y.since;
    return x.person < y.person;
  });
  waiting_.clear();
  // Once a search fails, no later person with the same choice set can succeed this month
  // (places only fill up): 特困 people, other elderly, and children of each age band.
  bool full[5] = {false, false, false, false, false};
  auto category = [&](int group, std::uint32_t p) {
    if (group == kGroupPoverty) return 0;
    if (group != kGroupChild) return 1;
    return 2 + std::max(0, child_band(t.index + 1 - store.birth()[p]));
  };
  for (const auto& [group, i] : order) {
    const Waiting& w = queue[i];
    const int cat = category(group, w.person);
    if (full[cat]) {
      waiting_.push_back(w);
      continue;
    }
    if (try_place(store, w.person, t)) {
      const int kind = group == kGroupChild ? 1 : 0;
      admissions_[kind] += 1.0;
      admission_wait_[kind] += t.index - w.since;
    } else {
      full[cat] = true;
      waiting_.push_back(w);
    }
  }
  std::sort(waiting_.begin(), waiting_.end(),
            [](const Waiting& a, const Waiting& b) { return a.person < b.person; });
}

double Allocation::occupant_weight(std::size_t pool) const {
  const auto& p = setup_.capacity.pools()[pool];
  // Childcare classes are fitted to the pool's real places (fits_child), so agents weigh 1/sample.
  if (p.kind == PlaceKind::kChildcareSlot) return 1.0 / sample_;
  // A bed pool is simulated with its places sampled and stochastically rounded (a pool of 30
  // beds at sample 0.01 has 0 or 1 agent places): its occupancy is that of the sampled places,
  // applied to the real ones, so occupied never exceeds open.
  return agent_places_[pool] > 0 ? p.places / agent_places_[pool] : 0.0;
}

CareYear Allocation::year_end(const PopulationStore& store, Month t) const {
  const double w = 1.0 / sample_;
  const auto& pools = setup_.capacity.pools();
  CareYear y;
  for (std::size_t k = 0; k < pools.size(); ++k) {
    const Pool& pool = pools[k];
    y.models_elder_beds |= pool.kind == PlaceKind::kElderBed;
    y.models_childcare |= pool.kind == PlaceKind::kChildcareSlot;
    if (!pool.open_in(t)) continue;
    const std::size_t i =
        (static_cast<std::size_t>(pool.kind) * kTiers + static_cast<std::size_t>(pool.tier)) * 2 +
        (pool.nursing ? 1 : 0);
    y.places[i] += pool.places;
    y.occupied[i] += occupied_[k] * occupant_weight(k);
    y.institutions[static_cast<int>(pool.kind)] += pool.institutions;
  }
  for (const Placement& pl : placements_) {
    const Pool& pool = pools[pl.pool];
    const int age_next = t.index + 1 - store.birth()[pl.person];
    if (pool.kind == PlaceKind::kChildcareSlot) {
      const int band = child_band(age_next);
      if (band >= 0) y.children_by_band[band] += w;
    } else {
      y.residents_by_state[pf::state(store.flags()[pl.person])] += occupant_weight(pl.pool);
    }
  }
  for (const Waiting& wt : waiting_) {
    const int g = group_of(store, wt.person, t);
    y.waiting[g] += w;
    y.waiting_months[g] += (t.index - wt.since) * w;
  }
  y.admissions = {admissions_[0] * w, admissions_[1] * w};
  y.admission_wait_months = {admission_wait_[0] * w, admission_wait_[1] * w};

  const int tn = t.index + 1;  // ages on the first day of the next month
  for (std::uint32_t i = 0; i < store.size(); ++i) {
    const std::uint8_t f = store.flags()[i];
    if (!(f & pf::kAlive)) continue;
    const int age_m = tn - store.birth()[i];
    if (age_m >= setup_.demand.entry_months()) {
      const bool wish = f & pf::kWantsCare, placed = f & pf::kInCare;
      if (wish) y.wishing_elderly += w;
      if (f & pf::kPoverty) {
        const int st = pf::state(f);
        if (st > 0) {
          y.tekun_dependent += w;
          if (placed) y.tekun_dependent_placed += w;
        }
        if (st == 1) y.tekun_partial += w;
        if (st == 2) y.tekun_full += w;
        if (wish) {
          y.tekun_wishing += w;
          if (placed) y.tekun_wishing_placed += w;
        }
      }
    } else if ((f & pf::kWantsCare) && age_m < kChildcareEndMonth) {
      y.wishing_children += w;
    }
  }
  return y;
}

}  // namespace laoxiao
