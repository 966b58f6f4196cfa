#include "sim/sweep_summary.hpp"

#include <cmath>

#include "core/parallel.hpp"
#include "models/care/indicators.hpp"

namespace laoxiao {

namespace {

double nan() {
  return std::nan("");
}

/// Mean of the finite values.
template <class F>
double finite_mean(std::size_t n, F value) {
  double s = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (const double v = value(i); std::isfinite(v)) {
      s += v;
      ++k;
    }
  return k ? s / static_cast<double>(k) : nan();
}

}  // namespace

SweepData::SweepData(std::size_t n_points, std::size_t n_places, int n_replicates, int first,
                     int years)
    : points(n_points),
      places(n_places),
      replicates(n_replicates),
      first_year(first),
      n_years(years) {
  const std::size_t n = points * places * static_cast<std::size_t>(replicates * n_years);
  for (const auto& def : indicator_catalog())
    if (def.cls != IndicatorClass::kExogenous) indicators[def.id].assign(n, nan());
  population.assign(n, nan());
}

std::size_t SweepData::at(std::size_t point, std::size_t place, int replicate, int year) const {
  return ((point * places + place) * static_cast<std::size_t>(replicates) +
          static_cast<std::size_t>(replicate)) *
             static_cast<std::size_t>(n_years) +
         static_cast<std::size_t>(year);
}

void SweepData::add(const SweepTasks& tasks, std::size_t t, const TaskOutput& out) {
  const SweepTask task = tasks.at(t);
  const std::size_t base = at(task.point, task.place, static_cast<int>(task.replicate), 0);
  for (const auto& [id, series] : out.indicators) {
    auto it = indicators.find(id);
    if (it == indicators.end()) continue;
    for (int y = 0; y < n_years && y < static_cast<int>(series.size()); ++y)
      it->second[base + static_cast<std::size_t>(y)] = series[static_cast<std::size_t>(y)];
  }
  for (int y = 0; y < n_years && y < static_cast<int>(out.population.size()); ++y)
    population[base + static_cast<std::size_t>(y)] = out.population[static_cast<std::size_t>(y)];
}

SweepSummary summarize_sweep(const Sweep& s, const SweepData& data) {
  SweepSummary out;
  const std::size_t P = data.points, Q = data.places;
  const auto R = static_cast<std::size_t>(data.replicates);
  const auto Y = static_cast<std::size_t>(data.n_years);
  out.checks.assign(P, std::vector<std::vector<CheckRow>>(Q));
  parallel_for(std::size_t{0}, P, [&](std::size_t p) {
    const std::vector<Scenario> all = load_sweep_point(s, p);
    for (std::size_t q = 0; q < Q && q < all.size(); ++q) {
      IndicatorSeries series;
      for (const auto& [id, v] : data.indicators) {
        auto& rows = series[id];
        rows.assign(R, std::vector<double>(Y));
        for (std::size_t r = 0; r < R; ++r)
          for (std::size_t y = 0; y < Y; ++y)
            rows[r][y] = v[data.at(p, q, static_cast<int>(r), static_cast<int>(y))];
      }
      out.checks[p][q] = build_checks(all[q].plan, series, data.first_year, data.n_years);
    }
  });

  // Targets in the order they first appear.
  std::map<std::pair<std::string, int>, std::size_t> index;
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t q = 0; q < Q; ++q)
      for (const CheckRow& c : out.checks[p][q])
        if (c.kind == "target" &&
            index.emplace(std::make_pair(c.key, c.year), out.targets.size()).second)
          out.targets.push_back(SweepTarget{c.key, c.id, c.text, c.comparator, c.year});
  const std::size_t T = out.targets.size();
  out.p_meet.assign(P * Q * T, nan());
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t q = 0; q < Q; ++q)
      for (const CheckRow& c : out.checks[p][q])
        if (c.kind == "target") out.p_meet[(p * Q + q) * T + index.at({c.key, c.year})] = c.p_meet;
  out.mean_p_meet.assign(P * T, nan());
  out.share_meeting.assign(P * T, nan());
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t t = 0; t < T; ++t) {
      auto pm = [&](std::size_t q) { return out.p_meet[(p * Q + q) * T + t]; };
      out.mean_p_meet[p * T + t] = finite_mean(Q, pm);
      out.share_meeting[p * T + t] = finite_mean(Q, [&](std::size_t q) {
        const double v = pm(q);
        return std::isfinite(v) ? (v >= 0.5 ? 1.0 : 0.0) : nan();
      });
    }

  for (const auto& def : indicator_catalog()) {
    auto it = data.indicators.find(def.id);
    if (it == data.indicators.end()) continue;
    out.indicator_ids.push_back(def.id);
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t y = 0; y < Y; ++y)
        out.indicator_mean.push_back(finite_mean(Q * R, [&](std::size_t i) {
          return it->second[data.at(p, i / R, static_cast<int>(i % R), static_cast<int>(y))];
        }));
  }

  out.morris = s.design == SweepDesignKind::kMorris;
  out.sobol = s.design == SweepDesignKind::kSobol;
  if (!out.morris && !out.sobol) return out;
  const int k = static_cast<int>(s.parameters.size());
  UnitDesign x;
  for (const auto& pt : s.points) x.push_back(pt.unit);
  const std::size_t I = out.indicator_ids.size();
  std::vector<SweepOutput> targets(T), indicators(I * Y);
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t p = 0; p < P; ++p) targets[t].y.push_back(out.mean_p_meet[p * T + t]);
  for (std::size_t i = 0; i < I; ++i)
    for (std::size_t y = 0; y < Y; ++y)
      for (std::size_t p = 0; p < P; ++p)
        indicators[i * Y + y].y.push_back(out.indicator_mean[(i * P + p) * Y + y]);
  if (out.morris) {
    for (const auto& o : targets) out.target_morris.push_back(morris_indices(x, o.y, k));
    out.indicator_morris.assign(I, {});
    for (std::size_t i = 0; i < I; ++i)
      for (std::size_t y = 0; y < Y; ++y)
        out.indicator_morris[i].push_back(morris_indices(x, indicators[i * Y + y].y, k));
  } else {
    for (const auto& o : targets)
      out.target_sobol.push_back(sobol_indices(o.y, s.base_points, k, 200, s.design_seed));
    out.indicator_sobol.assign(I, {});
    for (std::size_t i = 0; i < I; ++i)
      for (std::size_t y = 0; y < Y; ++y)
        out.indicator_sobol[i].push_back(
            sobol_indices(indicators[i * Y + y].y, s.base_points, k, 200, s.design_seed));
  }
  return out;
}

}  // namespace laoxiao
