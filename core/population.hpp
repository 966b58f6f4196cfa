// The population store: a struct of arrays, one slot per agent, 4 bytes per agent.
//
//   birth     uint16  month of birth, months since 1900-01 (age derives from it)
//   flags     uint8   alive | female | disability state (2 bits) | urban | extreme poverty
//                     | wants care | in care (person_flags below)
//   township  uint8   township index within the place
//
// The agent id is the slot index and never changes: births and arrivals append, deaths and
// departures clear the alive bit. There is no compaction: over a five-year horizon dead slots
// are about 3.5% of the store, less than the 4 bytes per agent that stable ids would cost if
// stored. The synthesized population is laid out oldest first and newborns append with
// later birth months, so the store is sorted by birth month (arrivals excepted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace laoxiao {

/// Birth months the store can hold (uint16 months since 1900-01): 1900-01 to 7361-04. Every
/// agent's birth month, from the oldest at the baseline to the last newborn, must be one.
inline constexpr bool birth_month_fits(int months_since_1900) {
  return months_since_1900 >= 0 && months_since_1900 <= 0xFFFF;
}

namespace person_flags {
inline constexpr std::uint8_t kAlive = 1u << 0;
inline constexpr std::uint8_t kFemale = 1u << 1;
inline constexpr int kStateShift = 2;
inline constexpr std::uint8_t kStateMask = 3u << kStateShift;
inline constexpr std::uint8_t kUrban = 1u << 4;
inline constexpr std::uint8_t kPoverty = 1u << 5;    // 特困
inline constexpr std::uint8_t kWantsCare = 1u << 6;  // wants a bed or a 托位 (demand)
inline constexpr std::uint8_t kInCare = 1u << 7;     // holds one (allocation)

inline constexpr int state(std::uint8_t f) {
  return (f & kStateMask) >> kStateShift;
}
inline constexpr int sex(std::uint8_t f) {
  return (f & kFemale) ? 1 : 0;
}
inline constexpr std::uint8_t with_state(std::uint8_t f, int s) {
  return static_cast<std::uint8_t>((f & ~kStateMask) | (s << kStateShift));
}
}  // namespace person_flags

class PopulationStore {
 public:
  std::size_t size() const { return birth_.size(); }
  void reserve(std::size_t n);
  void push_back(std::uint16_t birth_month, std::uint8_t flags, std::uint8_t township);
  /// Sets the size (new slots are zero: not alive) for bulk filling.
  void resize(std::size_t n);
  void clear();

  std::uint16_t* birth() { return birth_.data(); }
  const std::uint16_t* birth() const { return birth_.data(); }
  std::uint8_t* flags() { return flags_.data(); }
  const std::uint8_t* flags() const { return flags_.data(); }
  std::uint8_t* township() { return township_.data(); }
  const std::uint8_t* township() const { return township_.data(); }

  std::size_t count_alive() const;
  /// Bytes held per agent slot, including reserved capacity.
  double bytes_per_slot() const;
  std::size_t bytes_reserved() const;

  static constexpr std::size_t kBytesPerAgent = sizeof(std::uint16_t) + 2 * sizeof(std::uint8_t);

 private:
  std::vector<std::uint16_t> birth_;
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint8_t> township_;
};

}  // namespace laoxiao
