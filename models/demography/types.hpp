// Person attributes shared by all processes.
#pragma once

#include <cstdint>

#include "core/age_group.hpp"
#include "core/rng.hpp"

namespace laoxiao {

inline constexpr int kSexes = 2;   // 0 male, 1 female
inline constexpr int kStates = 3;  // disability states below

/// Disability (ADL dependence) state.
enum class CareState : std::uint8_t {
  kIndependent = 0,  // 自理
  kPartial = 1,      // 半失能: partially dependent
  kFull = 2,         // 失能: fully dependent
};

inline constexpr const char* kSexNames[kSexes] = {"male", "female"};
inline constexpr const char* kStateNames[kStates] = {"independent", "partial", "full"};
inline constexpr const char* kStateNamesZh[kStates] = {"自理", "半失能", "失能"};

/// Rows of the monthly probability tables: single ages 0..kMaxAge, plus one row for the month
/// in which a person reaches the disability entry age and draws a state.
inline constexpr int kEntryRow = kMaxAge + 1;
inline constexpr int kAgeRows = kMaxAge + 2;
inline constexpr int kCells = kAgeRows * kSexes * kStates;

inline constexpr int cell_index(int row, int sex, int state) {
  return (row * kSexes + sex) * kStates + state;
}

/// A named process of the monthly step, as printed at start-up and stored in every output.
struct ProcessInfo {
  const char* name;
  const char* description;
  Stream stream;
};

}  // namespace laoxiao
