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
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace laoxiao {

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
  explicit CapacityModel(const Scenario& s);

  const std::vector<Pool>& pools() const { return pools_; }
  bool empty() const { return pools_.empty(); }
  /// Places of a kind open in month t (all tiers).
  double places(PlaceKind k, Month t) const;

 private:
  std::vector<Pool> pools_;
};

}  // namespace laoxiao
