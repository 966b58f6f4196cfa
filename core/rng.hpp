// Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random
// numbers: as easy as 1, 2, 3", SC'11). A draw is a pure function of (key, counter), so a
// person's random numbers do not depend on threads, chunking, MPI ranks or on other processes.
//
// laoxiao's keying (docs/REPRODUCIBILITY.md):
//   key     = seed (64 bits)
//   counter = { person id, month index, stream << 24 | place stream, replicate }
// Each process owns a stream id (Stream below); one block yields four 32-bit words.
#pragma once

#include <array>
#include <cstdint>

namespace laoxiao {

using Philox4x32Counter = std::array<std::uint32_t, 4>;
using Philox4x32Key = std::array<std::uint32_t, 2>;

namespace philox_detail {
inline constexpr std::uint32_t kM0 = 0xD2511F53u;
inline constexpr std::uint32_t kM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kW0 = 0x9E3779B9u;  // golden ratio
inline constexpr std::uint32_t kW1 = 0xBB67AE85u;  // sqrt(3) - 1
}  // namespace philox_detail

/// One Philox4x32 block with R rounds. Written on plain integers so that loops over many
/// counters vectorise.
template <int Rounds = 10>
inline constexpr Philox4x32Counter philox4x32(Philox4x32Counter c, Philox4x32Key k) {
  using namespace philox_detail;
  for (int r = 0; r < Rounds; ++r) {
    if (r > 0) {
      k[0] += kW0;
      k[1] += kW1;
    }
    const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
  }
  return c;
}

/// Random streams, one per process. Duplicates are a compile error (enum values are unique
/// by construction) and the numbers are part of the reproducibility contract: never renumber.
enum class Stream : std::uint32_t {
  kNone = 0,         // a step that draws nothing
  kDemography = 1,   // one word per agent-month (agent i: word i mod 4 of block i / 4): death,
                     // disability and births in one draw (models/demography/kernel.hpp)
  kNewborn = 2,      // words: 0 sex
  kSynthesis = 3,    // words: 0 disability state, 1 urban, 2 township, 3 extreme poverty
  kSynthesis2 = 4,   // unused (kept: numbers are never reused)
  kSampling = 5,     // per census cell (person id = cell index): 0 rounding, 1 start of the spread
  kEntry = 6,        // attributes drawn on reaching the entry age (60): 0 poverty
  kCareDemand = 7,   // one latent word per person (month word 0): the wish for care
  kAllocation = 8,   // per pool (person id = pool index): stochastic rounding of sampled places
  kMigration = 9,    // one word per agent-month, laid out as kDemography
  kDesign = 10,      // sweep designs (core/design.hpp): Latin hypercube and Morris draws, keyed
                     // by the design's seed, not by place or replicate
  kParameters = 11,  // per uncertain parameter (person id = hash of its key), month 0, place
                     // stream 0: the replicate's draw of the parameter (input/uncertainty.hpp)
};

/// The identity of a stream of draws for one run replicate of one place.
struct RngKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t place_stream = 0;  // 24 bits; distinguishes places in multi-place runs

  Philox4x32Key key() const {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  }
  std::uint32_t stream_word(Stream s) const {
    return (static_cast<std::uint32_t>(s) << 24) | (place_stream & 0xFFFFFFu);
  }
  /// The four words for (person, month, stream).
  Philox4x32Counter draw(std::uint32_t person, std::uint32_t month, Stream s) const {
    return philox4x32<10>({person, month, stream_word(s), replicate}, key());
  }
};

/// Fills out[w][i] for persons first..first+n-1 in one stream and month: the bulk form used by
/// the monthly kernels. Vectorises (each lane is an independent block).
void philox_fill(const RngKey& rk, Stream s, std::uint32_t month, std::uint32_t first,
                 std::uint32_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                 std::uint32_t* out3);

}  // namespace laoxiao
