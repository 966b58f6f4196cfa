// Capacity (床位 and 托位): the plan's stock, projects and promised totals expanded into pools of
// identical places (kind x tier x nursing-type x township) that open and close on dates.
//
// Rules (docs/MODEL.md, "Capacity"):
// - Stock: for each kind, the entries of the earliest stated year exist from the start of the
//   simulation; an entry of a later year is a total reached by December of that year.
// - A stock entry is split into tiers (safety_net_share, affordable_share, the rest market) and,
//   for beds, into nursing-type and other beds (nursing_share), by largest remainders.
// - Projects open in their `opens` month (and close in `closes`), split by nursing_share.
// - Promised totals (capacity.planned, and later stock figures): the gap between the total and
//   what stock, projects and earlier promises provide by December of its year opens in equal
//   steps each December from the year after the previous known total. The entry's shares are
//   shares of the TOTAL in its year (as plans state them: "普惠 45% by 2025"): each tier and
//   nursing-type cell grows to its share of the total (cells are never closed); without shares,
//   the total follows the mix of the kind's stock.
//
// Keys: [[capacity.stock]], [[capacity.projects]], [[capacity.planned]] (declared in
// capacity.cpp, one spec for the three lists).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/params.hpp"
#include "models/care/derivation.hpp"
#include "models/demography/baseline.hpp"

namespace laoxiao {

/// What the places are.
enum class PlaceKind { kElderBed = 0, kHomeCareBed = 1, kChildcareSlot = 2 };
/// Who the places are for: safety-net (兜底), affordable (普惠), market (市场化).
enum class Tier { kSafetyNet = 0, kAffordable = 1, kMarket = 2 };
inline constexpr int kPlaceKinds = 3;
inline constexpr int kTiers = 3;
inline constexpr const char* kPlaceKindNames[kPlaceKinds] = {"elder_bed", "home_care_bed",
                                                             "childcare_slot"};
inline constexpr const char* kTierNames[kTiers] = {"safety_net", "affordable", "market"};
const EnumNames<PlaceKind>& place_kind_names();
const EnumNames<Tier>& tier_names();

/// One entry of a plan's capacity: a stock figure, a listed project or a promised total.
struct CapacityEntry {
  std::string key, name_zh, township, location, note;
  PlaceKind kind{};
  std::optional<double> capacity;  // places; or one of the two below (resolved into capacity)
  std::optional<double> per_1000_residents, per_1000_elderly;
  int year{};  // stock and promised totals: the year the figure describes or is reached by
  std::optional<int> institutions;
  std::optional<double> nursing_share, safety_net_share, affordable_share;  // unknown if unset
  // projects only
  Tier tier{};
  bool nursing{};
  std::string build;
  Month opens;
  std::optional<Month> closes;
  double investment_10k_yuan{};
  bool subsidy_eligible{};  // the plan names it among the facilities its subsidies go to
  Derivation derived;       // when the document does not state the entry as such

  double places() const { return capacity.value_or(0.0); }
};

/// Which capacity a run simulates: what the plan funds (its stock and listed projects on their
/// dates) or what it promises (also the totals it promises without projects).
enum class CapacityReading { kFunded = 0, kPromised = 1 };
inline constexpr const char* kCapacityReadingNames[] = {"funded", "promised"};

struct CapacityPlan {
  std::vector<CapacityEntry> stock;     // existing at a stated year
  std::vector<CapacityEntry> projects;  // opening on their dates
  std::vector<CapacityEntry> planned;   // totals promised without projects
  CapacityReading reading{};
  bool empty() const { return stock.empty() && projects.empty() && planned.empty(); }
  /// The entries a run of this reading builds.
  bool builds_planned() const { return reading == CapacityReading::kPromised; }
};

/// A figure of the plan that an entry of the capacity was derived from, in the entry's year:
/// a check of that figure in that year would only find the capacity the figure put there.
struct CapacityAssumption {
  std::string figure;  // key of the plan row or fact
  int year = 0;
  std::string entry;  // key of the capacity entry derived from it
};

/// The assumptions of the entries this plan's reading builds.
std::vector<CapacityAssumption> capacity_assumptions(const CapacityPlan& plan);

const ParamFields<CapacityPlan>& capacity_params();

/// Places given per 1,000 baseline residents or elderly (60+) become places (rounded).
void resolve_capacity(CapacityPlan& plan, double residents, double elderly);

struct Pool {
  PlaceKind kind = PlaceKind::kElderBed;
  Tier tier = Tier::kMarket;
  bool nursing = false;
  int township = -1;  // -1: serves the whole place
  double places = 0;  // real places
  double institutions = 0;
  Month opens;
  std::optional<Month> closes;
  double investment_10k_yuan = 0;  // attributed to the pool's opening month
  bool initial = false;            // part of the stock at the start
  std::string source_key;          // the stock/project/planned entry it comes from
  std::string origin;              // "stock", "project", "planned"

  bool open_in(Month t) const { return opens <= t && (!closes || t < *closes); }
};

class CapacityModel {
 public:
  /// `start`: the first simulated month; `townships`: the place's declared townships.
  CapacityModel(const CapacityPlan& plan, Month start, const std::vector<Township>& townships);

  const std::vector<Pool>& pools() const { return pools_; }
  bool empty() const { return pools_.empty(); }
  /// Places of a kind open in month t (all tiers).
  double places(PlaceKind k, Month t) const;

 private:
  std::vector<Pool> pools_;
};

}  // namespace laoxiao
