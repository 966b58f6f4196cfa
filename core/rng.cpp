#include "core/rng.hpp"

namespace laoxiao {

void philox_fill(const RngKey& rk, Stream s, std::uint32_t month, std::uint32_t first,
                 std::uint32_t n, std::uint32_t* __restrict out0, std::uint32_t* __restrict out1,
                 std::uint32_t* __restrict out2, std::uint32_t* __restrict out3) {
  const Philox4x32Key key = rk.key();
  const std::uint32_t sw = rk.stream_word(s);
  const std::uint32_t rep = rk.replicate;
#pragma omp simd
  for (std::uint32_t i = 0; i < n; ++i) {
    const Philox4x32Counter r = philox4x32<10>({first + i, month, sw, rep}, key);
    out0[i] = r[0];
    out1[i] = r[1];
    out2[i] = r[2];
    out3[i] = r[3];
  }
}

}  // namespace laoxiao
