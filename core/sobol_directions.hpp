// Direction numbers of the Sobol sequence: Joe & Kuo's table "new-joe-kuo-6.21201", its first
// 64 dimensions (core/sobol_directions.cpp).
#pragma once

#include <array>
#include <cstdint>

namespace laoxiao {

/// One row of the table: dimension d, degree s of its primitive polynomial, the polynomial's
/// inner coefficients a (bits, highest first), and the initial direction numbers m_1..m_s.
struct SobolDirectionRow {
  int d = 0;
  int s = 0;
  std::uint32_t a = 0;
  std::array<std::uint32_t, 9> m{};
};

/// Dimensions the table covers (dimension 1, the van der Corput sequence, has no row).
inline constexpr int kSobolMaxDims = 64;

/// The rows for dimensions 2..kSobolMaxDims, in order.
const std::array<SobolDirectionRow, kSobolMaxDims - 1>& sobol_direction_rows();

}  // namespace laoxiao
