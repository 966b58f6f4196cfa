// The fused monthly table of the demographic kernel, and how processes contribute to it.
//
// Mortality, disability, fertility and migration share one uniform 32-bit word per
// person-month (stream kDemography): for the person's cell (age row, sex, state) the word falls
// in [0, t0) = death, [t0, t1) = outcome alt1, [t1, t2) = outcome alt2, in the top `tm` words
// [2^32 - tm, 2^32) = migration (leaving, or bringing an arrival), otherwise nothing, where
// t0 = q, t1 = q + (1-q) p1, t2 = t1 + (1-q) p2 and tm = (1-q) pm (times 2^32): exactly "die,
// then if alive move with p1 or p2", and a survivor migrates with probability pm. Migration is
// taken from the survivors who do nothing else that month (its interval lies above t2, which
// the table checks): its rate stays exact, and migration is drawn by the same word wherever
// fertility and disability put their intervals, so changing them moves no one's migration. A
// process other than mortality claims the cells it acts on and gives at most two alternatives for
// each; a cell belongs to the first process that claims it (disability from the entry age, then
// fertility), so two alternatives always suffice. Rates that change by year give one table per
// simulated year; the engine reads the table of the month's year.
#pragma once

#include <array>
#include <cstdint>

#include "models/demography/types.hpp"

namespace laoxiao {

enum class Outcome : std::uint8_t {
  kNone = 0,
  kToIndependent = 1,
  kToPartial = 2,
  kToFull = 3,
  kBirth = 4,
  kLeave = 5,   // migration: the person leaves at the end of the month
  kArrive = 6,  // migration: the person brings one arrival like them
};

/// The fused monthly table, one entry per cell (row, sex, state).
struct KernelTable {
  std::array<std::uint32_t, kCells> t0{}, t1{}, t2{};
  std::array<std::uint32_t, kCells> tm{};  // migration: the top tm words (0: none)
  std::uint32_t tm_max = 0;                // the largest tm of the table
  std::array<Outcome, kCells> alt1{}, alt2{}, migrate{};
};

/// What may happen to a survivor of a cell this month, besides nothing.
struct CellAlternatives {
  std::array<Outcome, 2> outcome{Outcome::kNone, Outcome::kNone};
  std::array<double, 2> probability{0.0, 0.0};  // monthly, among survivors
};

/// A process that acts on survivors inside the fused draw.
class KernelProcess {
 public:
  virtual ~KernelProcess() = default;
  /// Whether the process acts on cell (row, sex, state) of single age `age` (the entry row
  /// stands for the entry age) in the table of year index y; if so, fills its alternatives.
  virtual bool claims(int y, int row, int age, int sex, int state, CellAlternatives& out) const = 0;
};

}  // namespace laoxiao
