#include "core/design.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/rng.hpp"
#include "core/sobol_directions.hpp"

namespace laoxiao {

namespace {

/// What a draw of a design is for: the replicate word of the counter, so that the draws of
/// different purposes never share a counter.
enum class Purpose : std::uint32_t { kLhsPermutation = 1, kLhsPosition = 2, kMorrisFactor = 3 };
constexpr std::uint32_t kMorrisOrder = 4;

/// A uniform double in [0, 1) with 53 random bits, from (i, j) of a purpose's stream.
double uniform(std::uint64_t seed, std::uint32_t purpose, std::uint32_t i, std::uint32_t j,
               int word_pair = 0) {
  const RngKey rk{seed, purpose, 0};
  const Philox4x32Counter w = rk.draw(i, j, Stream::kDesign);
  const std::uint32_t hi = w[static_cast<std::size_t>(2 * word_pair)];
  const std::uint32_t lo = w[static_cast<std::size_t>(2 * word_pair + 1)];
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) | (lo >> 11);
  return static_cast<double>(bits) * 0x1.0p-53;
}

/// An integer in [0, n).
std::uint32_t below(double u, std::uint32_t n) {
  return std::min(n - 1, static_cast<std::uint32_t>(u * n));
}

/// A random permutation of 0..n-1 (Fisher-Yates), draw j of the stream (tag, i).
std::vector<std::uint32_t> permutation(std::uint32_t n, std::uint64_t seed, std::uint32_t tag,
                                       std::uint32_t i) {
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), 0u);
  for (std::uint32_t j = n; j-- > 1;) std::swap(p[j], p[below(uniform(seed, tag, i, j), j + 1)]);
  return p;
}

}  // namespace

std::vector<std::vector<int>> grid_levels(const std::vector<int>& levels) {
  std::size_t n = 1;
  for (int l : levels) {
    if (l < 1) throw std::invalid_argument("a grid needs at least one level per dimension");
    n *= static_cast<std::size_t>(l);
  }
  std::vector<std::vector<int>> out(n, std::vector<int>(levels.size()));
  for (std::size_t p = 0; p < n; ++p) {
    std::size_t rest = p;
    for (std::size_t d = levels.size(); d-- > 0;) {
      out[p][d] = static_cast<int>(rest % static_cast<std::size_t>(levels[d]));
      rest /= static_cast<std::size_t>(levels[d]);
    }
  }
  return out;
}

UnitDesign latin_hypercube(int n, int k, std::uint64_t seed) {
  if (n < 1 || k < 1) throw std::invalid_argument("a Latin hypercube needs points and dimensions");
  const auto un = static_cast<std::uint32_t>(n);
  UnitDesign out(un, std::vector<double>(static_cast<std::size_t>(k)));
  for (int d = 0; d < k; ++d) {
    const auto ud = static_cast<std::uint32_t>(d);
    const auto perm =
        permutation(un, seed, static_cast<std::uint32_t>(Purpose::kLhsPermutation), ud);
    for (std::uint32_t i = 0; i < un; ++i) {
      const double at = uniform(seed, static_cast<std::uint32_t>(Purpose::kLhsPosition), i, ud);
      out[i][static_cast<std::size_t>(d)] = (perm[i] + at) / n;
    }
  }
  return out;
}

SobolSequence::SobolSequence(int dims) : dims_(dims) {
  if (dims < 1 || dims > kSobolMaxDims)
    throw std::invalid_argument("the Sobol sequence is available in 1 to " +
                                std::to_string(kSobolMaxDims) + " dimensions");
  x_.assign(static_cast<std::size_t>(dims), 0);
  v_.assign(static_cast<std::size_t>(dims), std::vector<std::uint32_t>(32));
  for (int j = 0; j < 32; ++j) v_[0][static_cast<std::size_t>(j)] = 1u << (31 - j);
  for (int d = 1; d < dims; ++d) {
    const SobolDirectionRow& row = sobol_direction_rows()[static_cast<std::size_t>(d - 1)];
    auto& v = v_[static_cast<std::size_t>(d)];
    const int s = row.s;
    for (int j = 0; j < 32; ++j) {
      const auto uj = static_cast<std::size_t>(j);
      if (j < s) {
        v[uj] = row.m[uj] << (31 - j);
        continue;
      }
      std::uint32_t x = v[uj - static_cast<std::size_t>(s)];
      x ^= x >> s;
      for (int b = 1; b < s; ++b)
        if ((row.a >> (s - 1 - b)) & 1u) x ^= v[uj - static_cast<std::size_t>(b)];
      v[uj] = x;
    }
  }
}

std::vector<double> SobolSequence::next() {
  std::vector<double> out(static_cast<std::size_t>(dims_));
  for (int d = 0; d < dims_; ++d)
    out[static_cast<std::size_t>(d)] = x_[static_cast<std::size_t>(d)] * 0x1.0p-32;
  // Gray code: the next point differs in the direction number of the lowest zero bit.
  std::uint32_t c = 0;
  for (std::uint32_t i = index_; i & 1u; i >>= 1) ++c;
  if (c >= 32) throw std::length_error("the Sobol sequence has 2^32 points");
  for (int d = 0; d < dims_; ++d)
    x_[static_cast<std::size_t>(d)] ^= v_[static_cast<std::size_t>(d)][c];
  ++index_;
  return out;
}

UnitDesign sobol_points(int n, int dims) {
  SobolSequence seq(dims);
  UnitDesign out;
  out.reserve(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) out.push_back(seq.next());
  return out;
}

UnitDesign saltelli_design(int n, int k) {
  const UnitDesign base = sobol_points(n, 2 * k);
  const auto uk = static_cast<std::size_t>(k);
  UnitDesign out;
  out.reserve(static_cast<std::size_t>(n) * (uk + 2));
  for (const auto& row : base) {
    const std::vector<double> a(row.begin(), row.begin() + k), b(row.begin() + k, row.end());
    out.push_back(a);
    for (std::size_t i = 0; i < uk; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      out.push_back(std::move(ab));
    }
    out.push_back(b);
  }
  return out;
}

double morris_delta(int levels) {
  return levels / (2.0 * (levels - 1));
}

UnitDesign morris_design(int r, int k, int levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("Morris designs need an even number of levels");
  if (r < 1 || k < 1) throw std::invalid_argument("a Morris design needs trajectories and factors");
  const int jump = levels / 2;  // delta in levels
  const double step = 1.0 / (levels - 1);
  const auto uk = static_cast<std::size_t>(k);
  UnitDesign out;
  out.reserve(static_cast<std::size_t>(r) * (uk + 1));
  for (int t = 0; t < r; ++t) {
    const auto ut = static_cast<std::uint32_t>(t);
    std::vector<int> level(uk), dir(uk);
    for (std::size_t i = 0; i < uk; ++i) {
      const auto f = static_cast<std::uint32_t>(Purpose::kMorrisFactor);
      const auto ui = static_cast<std::uint32_t>(i);
      dir[i] = uniform(seed, f, ut, ui, 0) < 0.5 ? 1 : -1;
      const int base = static_cast<int>(below(uniform(seed, f, ut, ui, 1), jump));
      level[i] = dir[i] > 0 ? base : base + jump;
    }
    const auto order = permutation(static_cast<std::uint32_t>(k), seed, kMorrisOrder, ut);
    auto point = [&] {
      std::vector<double> x(uk);
      for (std::size_t i = 0; i < uk; ++i) x[i] = level[i] * step;
      return x;
    };
    out.push_back(point());
    for (std::uint32_t i : order) {
      level[i] += dir[i] * jump;
      out.push_back(point());
    }
  }
  return out;
}

}  // namespace laoxiao
