#include "sim/sensitivity.hpp"

#include <cmath>
#include <stdexcept>

#include "core/rng.hpp"

namespace laoxiao {

namespace {

constexpr std::uint32_t kBootstrapPurpose = 5;  // the design stream's counter word (design.cpp)

double nan() {
  return std::nan("");
}

double mean(const std::vector<double>& v) {
  if (v.empty()) return nan();
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

/// Sample standard deviation (n - 1).
double sd(const std::vector<double>& v) {
  if (v.size() < 2) return nan();
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

struct Estimate {
  std::vector<double> s1, st;
  double variance = 0;
};

/// The estimators over the rows `rows` of the [row][k + 2] outputs (A, AB_1..k, B).
Estimate estimate(const std::vector<std::vector<double>>& f, const std::vector<std::size_t>& rows,
                  int k) {
  const auto uk = static_cast<std::size_t>(k);
  Estimate e;
  // Two passes: outputs may be large with a small spread.
  double sum = 0;
  for (std::size_t j : rows) sum += f[j][0] + f[j][uk + 1];
  const double n2 = 2.0 * static_cast<double>(rows.size());
  const double m = sum / n2;
  double dev = 0;
  for (std::size_t j : rows)
    for (double v : {f[j][0], f[j][uk + 1]}) dev += (v - m) * (v - m);
  e.variance = dev / n2;
  e.s1.assign(uk, nan());
  e.st.assign(uk, nan());
  if (!(e.variance > 0)) return e;
  const double n = static_cast<double>(rows.size());
  for (std::size_t i = 0; i < uk; ++i) {
    double first = 0, total = 0;
    for (std::size_t j : rows) {
      const double a = f[j][0], ab = f[j][i + 1], b = f[j][uk + 1];
      first += b * (ab - a);
      total += (a - ab) * (a - ab);
    }
    e.s1[i] = first / n / e.variance;
    e.st[i] = total / (2.0 * n) / e.variance;
  }
  return e;
}

}  // namespace

MorrisIndices morris_indices(const UnitDesign& x, const std::vector<double>& y, int k) {
  const auto uk = static_cast<std::size_t>(k);
  if (x.size() != y.size() || x.size() % (uk + 1) != 0)
    throw std::invalid_argument("Morris outputs do not match the design");
  std::vector<std::vector<double>> ee(uk);
  for (std::size_t t = 0; t < x.size(); t += uk + 1) {
    for (std::size_t s = 1; s <= uk; ++s) {
      const auto& a = x[t + s - 1];
      const auto& b = x[t + s];
      std::size_t moved = uk;
      for (std::size_t i = 0; i < uk; ++i)
        if (a[i] != b[i]) moved = i;
      if (moved == uk) throw std::invalid_argument("a Morris step that moves no factor");
      const double dy = y[t + s] - y[t + s - 1];
      if (std::isfinite(dy)) ee[moved].push_back(dy / (b[moved] - a[moved]));
    }
  }
  MorrisIndices out;
  for (std::size_t i = 0; i < uk; ++i) {
    std::vector<double> abs_ee;
    for (double e : ee[i]) abs_ee.push_back(std::fabs(e));
    out.mu.push_back(mean(ee[i]));
    out.mu_star.push_back(mean(abs_ee));
    out.sigma.push_back(sd(ee[i]));
    out.mu_star_se.push_back(sd(abs_ee) / std::sqrt(static_cast<double>(abs_ee.size())));
    out.effects.push_back(static_cast<int>(ee[i].size()));
  }
  return out;
}

SobolIndices sobol_indices(const std::vector<double>& y, int n, int k, int bootstrap,
                           std::uint64_t seed) {
  const auto uk = static_cast<std::size_t>(k);
  const std::size_t per = uk + 2;
  if (y.size() != static_cast<std::size_t>(n) * per)
    throw std::invalid_argument("Sobol outputs do not match the design");
  std::vector<std::vector<double>> f;
  for (std::size_t j = 0; j < static_cast<std::size_t>(n); ++j) {
    std::vector<double> row(y.begin() + static_cast<std::ptrdiff_t>(j * per),
                            y.begin() + static_cast<std::ptrdiff_t>((j + 1) * per));
    bool finite = true;
    for (double v : row) finite = finite && std::isfinite(v);
    if (finite) f.push_back(std::move(row));
  }
  SobolIndices out;
  out.rows = static_cast<int>(f.size());
  out.s1.assign(uk, nan());
  out.st.assign(uk, nan());
  out.s1_se.assign(uk, nan());
  out.st_se.assign(uk, nan());
  if (f.size() < 2) return out;
  std::vector<std::size_t> all(f.size());
  for (std::size_t j = 0; j < f.size(); ++j) all[j] = j;
  const Estimate e = estimate(f, all, k);
  out.s1 = e.s1;
  out.st = e.st;
  out.variance = e.variance;
  if (!(e.variance > 0) || bootstrap < 2) return out;
  std::vector<std::vector<double>> s1(uk), st(uk);
  const RngKey rk{seed, kBootstrapPurpose, 0};
  const auto rows = static_cast<std::uint32_t>(f.size());
  std::vector<std::size_t> pick(f.size());
  for (int b = 0; b < bootstrap; ++b) {
    for (std::uint32_t j = 0; j < rows; ++j) {
      const Philox4x32Counter w = rk.draw(j, static_cast<std::uint32_t>(b), Stream::kDesign);
      const std::uint64_t bits = (static_cast<std::uint64_t>(w[0]) << 21) | (w[1] >> 11);
      const double u = static_cast<double>(bits) * 0x1.0p-53;
      pick[j] = std::min<std::size_t>(rows - 1, static_cast<std::size_t>(u * rows));
    }
    const Estimate r = estimate(f, pick, k);
    for (std::size_t i = 0; i < uk; ++i) {
      if (std::isfinite(r.s1[i])) s1[i].push_back(r.s1[i]);
      if (std::isfinite(r.st[i])) st[i].push_back(r.st[i]);
    }
  }
  for (std::size_t i = 0; i < uk; ++i) {
    out.s1_se[i] = sd(s1[i]);
    out.st_se[i] = sd(st[i]);
  }
  return out;
}

}  // namespace laoxiao
