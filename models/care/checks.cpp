#include "models/care/checks.hpp"

#include "models/care/care_year.hpp"
#include "models/care/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace laoxiao {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::string status_of(double p) {
  if (p >= 0.9) return "on track";
  if (p >= 0.5) return "likely";
  if (p > 0.1) return "at risk";
  return "off track";
}
}  // namespace

double written_tolerance(const std::string& text) {
  // Decimal places of the first number in the text.
  std::size_t i = 0;
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  int decimals = 0;
  if (i < text.size() && text[i] == '.')
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++decimals;
  // Whole numbers are read as exact (plans write "3个", "45张" as they mean them).
  return decimals > 0 ? 0.5 * std::pow(10.0, -decimals) : 0.0;
}

std::string resolve_comparator(const PlanIndicator& ind, const PlanTarget& t) {
  if (t.comparator != "=") return t.comparator;
  const IndicatorDef* def = ind.def();
  const int dir = def ? def->direction : 0;
  if (dir > 0) return ">=";
  if (dir < 0) return "<=";
  if (ind.baseline.value && t.value) {
    if (*t.value > *ind.baseline.value) return ">=";
    if (*t.value < *ind.baseline.value) return "<=";
  }
  return "=";
}

bool meets(double v, const std::string& c, double target, double tol) {
  if (!std::isfinite(v)) return false;
  if (c == ">=") return v >= target;
  if (c == ">") return v > target;
  if (c == "<=") return v <= target;
  if (c == "<") return v < target;
  return std::fabs(v - target) <= tol;
}

namespace {

/// The keys of the rows that state the same figure as `ind` (linked by same_as either way).
std::vector<std::string> same_figure(const Plan& plan, const PlanIndicator& ind) {
  std::vector<std::string> keys = {ind.key};
  for (std::size_t grown = 0; grown != keys.size();) {
    grown = keys.size();
    for (const auto& o : plan.indicators) {
      const bool linked =
          std::find(keys.begin(), keys.end(), o.same_as) != keys.end() ||
          (!o.same_as.empty() && std::find(keys.begin(), keys.end(), o.key) != keys.end());
      if (!linked) continue;
      for (const std::string& k : {o.key, o.same_as})
        if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  return keys;
}

/// The capacity entry derived from one of `keys` in `year`, or "".
std::string derived_entry(const std::vector<CapacityAssumption>& assumptions,
                          const std::vector<std::string>& keys, int year) {
  for (const auto& a : assumptions)
    if (a.year == year && std::find(keys.begin(), keys.end(), a.figure) != keys.end())
      return a.entry;
  return "";
}

}  // namespace

std::pair<double, double> wilson_interval(double p, std::size_t n) {
  if (n == 0) return {kNaN, kNaN};
  constexpr double z = 1.959963984540054;  // the 97.5% normal quantile
  const double nn = static_cast<double>(n);
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  // At p = 0 or 1 the end is exactly 0 or 1 (centre - half only rounds to it).
  return {p <= 0 ? 0.0 : std::max(0.0, centre - half), p >= 1 ? 1.0 : std::min(1.0, centre + half)};
}

std::size_t replicates_for(double half_width) {
  // The widest interval is at p = 1/2, where the Wilson half-width is at most z / (2 sqrt(n)).
  constexpr double z = 1.959963984540054;
  return static_cast<std::size_t>(std::ceil(std::pow(z / (2 * half_width), 2)));
}

bool is_check(const CheckRow& r) {
  return r.kind == "target" && r.basis == "computed" && std::isfinite(r.p_meet);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) return std::numeric_limits<double>::quiet_NaN();
  auto ranks = [n](const std::vector<double>& v) {
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i;
      while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) ++j;
      for (std::size_t k = i; k <= j; ++k) r[idx[k]] = 0.5 * static_cast<double>(i + j);
      i = j + 1;
    }
    return r;
  };
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) mx += rx[i], my += ry[i];
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

namespace {

/// The echo and the driver of a row with values `v` (one per replicate) in year index `y`.
void describe_sources(CheckRow& r, const std::vector<double>& v, int y, const CheckContext& ctx) {
  if (const IndicatorEcho* e = find_echo(r.id)) {
    const auto it = ctx.unconstrained.find(r.id);
    if (it != ctx.unconstrained.end() && !it->second.empty()) {
      double n = 0;
      for (const auto& rep : it->second) n += rep[static_cast<std::size_t>(y)];
      r.echo_share = n / static_cast<double>(it->second.size());
      for (const auto& k : e->parameters) {
        r.echo_of += (r.echo_of.empty() ? "" : ", ") + k;
        r.echo_drawn |= std::find(ctx.drawn.begin(), ctx.drawn.end(), k) != ctx.drawn.end();
      }
      r.echo_why = e->why;
    }
  }
  if (v.size() < kMinReplicatesForDrivers || ctx.levels.size() != v.size()) return;
  for (std::size_t p = 0; p < ctx.drawn.size(); ++p) {
    std::vector<double> x(v.size());
    for (std::size_t k = 0; k < v.size(); ++k) x[k] = ctx.levels[k][p];
    const double rho = spearman(x, v);
    if (std::isfinite(rho) && !(std::fabs(rho) <= std::fabs(r.driver_rho))) {
      r.driver = ctx.drawn[p];
      r.driver_rho = rho;
    }
  }
}

}  // namespace

bool is_per_head(const std::string& unit) {
  return unit == "per_1000_elderly" || unit == "per_1000_residents";
}

std::vector<CheckRow> build_checks(const Plan& plan, const IndicatorSeries& values, int first_year,
                                   int n_years, const CheckContext& context) {
  const std::vector<CapacityAssumption>& assumptions = context.assumptions;
  std::vector<CheckRow> rows;
  for (const PlanIndicator& ind : plan.indicators) {
    const std::vector<std::string> figure = same_figure(plan, ind);
    const IndicatorDef* def = ind.def();
    auto base_row = [&]() {
      CheckRow r;
      r.key = ind.key;
      r.id = ind.id;
      r.name_zh = ind.name_zh;
      r.name_en = ind.name_en.empty() && def ? def->name_en : ind.name_en;
      r.cls = def ? std::string(to_string(def->cls)) : "exogenous";
      r.nature = ind.nature;
      r.unit = ind.unit;
      r.location = ind.location;
      r.binding = ind.binding();
      r.basis = def && def->cls != IndicatorClass::kExogenous && ind.definition.empty()
                    ? "computed"
                    : "exogenous";
      r.population_basis = ind.population_basis;
      if (ind.population_basis == "registered" && is_per_head(ind.unit))
        r.conversion = context.registered_rule;
      return r;
    };
    // An assumed row keeps its values (what the assumption implies) under its own status.
    auto mark_assumed = [&](CheckRow& r) {
      if (r.basis != "computed") return;
      r.assumed_from = derived_entry(assumptions, figure, r.year);
      if (r.assumed_from.empty()) return;
      r.basis = "assumed";
      if (r.status != "not computable") r.status = "assumption";
    };
    // A row that counts something narrower than the catalog quantity (its `definition`, e.g.
    // registered institutions only) is not what the model computes: carried as stated.
    const bool modelled = def && def->cls != IndicatorClass::kExogenous && ind.definition.empty();
    // A row on the registered basis reads the converted values; without them (the plan states
    // no registered population, or the indicator is not per head) it cannot be computed.
    const bool registered =
        ind.population_basis == "registered" && modelled && is_per_head(ind.unit);
    const IndicatorSeries& source = registered ? context.registered : values;
    const auto it = source.find(ind.id);
    auto sample = [&](int year, std::vector<double>& out) {
      out.clear();
      const int y = year - first_year;
      if (!modelled || it == source.end() || y < 0 || y >= n_years) return false;
      for (const auto& rep : it->second)
        if (std::isfinite(rep[y])) out.push_back(rep[y]);
      return !out.empty() && out.size() == it->second.size();
    };
    std::vector<double> v;
    // The plan's baseline against the simulated value of that year.
    if (ind.baseline.value && ind.baseline.year) {
      CheckRow r = base_row();
      r.kind = "baseline";
      r.year = *ind.baseline.year;
      r.text = ind.baseline.text;
      r.target = *ind.baseline.value;
      r.comparator = "=";
      if (!modelled) {
        r.status = "not modelled";
      } else if (sample(r.year, v)) {
        double s = 0;
        for (double x : v) s += x;
        r.mean = s / static_cast<double>(v.size());
        r.p05 = quantile(v, 0.05);
        r.p95 = quantile(v, 0.95);
        r.gap = r.mean - r.target;
        r.status = "baseline";
      } else {
        r.status = "not computable";
      }
      mark_assumed(r);
      rows.push_back(r);
    }
    for (const PlanTarget& t : ind.targets) {
      CheckRow r = base_row();
      r.kind = "target";
      r.year = t.year;
      r.text = t.text;
      r.comparator = resolve_comparator(ind, t);
      if (t.value) r.target = *t.value;
      if (!modelled) {
        r.status = "not modelled";
      } else if (!t.value) {
        r.status = "not computable";  // a target written without a figure
      } else if (sample(t.year, v)) {
        double s = 0, met = 0;
        const double tol = written_tolerance(t.text);
        for (double x : v) {
          s += x;
          met += meets(x, r.comparator, r.target, tol) ? 1.0 : 0.0;
        }
        r.mean = s / static_cast<double>(v.size());
        r.p05 = quantile(v, 0.05);
        r.p95 = quantile(v, 0.95);
        r.p_meet = met / static_cast<double>(v.size());
        std::tie(r.p_meet_low, r.p_meet_high) = wilson_interval(r.p_meet, v.size());
        r.gap = r.mean - r.target;
        r.status = status_of(r.p_meet);
        describe_sources(r, v, t.year - first_year, context);
      } else {
        r.status = "not computable";
      }
      mark_assumed(r);
      rows.push_back(r);
    }
  }
  return rows;
}

std::vector<const CheckRow*> reading_order(const std::vector<CheckRow>& rows) {
  auto rank = [](const CheckRow& r) {
    const bool checked = is_check(r);
    const bool miss = checked && r.p_meet < 0.5;
    if (miss && r.binding) return 0;
    if (miss) return 1;
    if (checked) return 2;
    if (r.kind == "baseline" && r.status == "baseline") return 3;
    if (r.basis == "assumed") return 4;
    if (r.status == "not computable") return 5;
    return 6;  // not modelled
  };
  std::vector<const CheckRow*> out;
  for (const auto& r : rows) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [&](const CheckRow* a, const CheckRow* b) {
    const int ra = rank(*a), rb = rank(*b);
    if (ra != rb) return ra < rb;
    if (a->year != b->year) return a->year < b->year;
    return false;
  });
  return out;
}

}  // namespace laoxiao
