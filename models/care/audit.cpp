#include "models/care/audit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "models/care/checks.hpp"

namespace laoxiao {

namespace {

struct Statement {
  std::string quantity;  // catalog id, or "other:<group>"
  int year = 0;
  double value = 0;
  std::string comparator = "=";
  bool target = false;  // a promise for the year, not a stated level
  AuditFigure fig;
  bool modelled = false;  // restates a capacity entry of the scenario, not a figure of its own
};

std::string num(double v) {
  std::ostringstream o;
  o.precision(v != 0 && std::fabs(v) < 10 ? 4 : 7);
  o << v;
  return o.str();
}

std::string pct(double v) {
  std::ostringstream o;
  o.precision(3);
  o << v * 100 << "%";
  return o.str();
}

/// The catalog quantity that counts the places of a kind.
const char* total_of(PlaceKind k) {
  return k == PlaceKind::kChildcareSlot ? "childcare_slots_total"
         : k == PlaceKind::kElderBed    ? "elder_beds_total"
                                        : "home_care_beds_total";
}

/// Groups rows that state the same indicator: catalog ids, `same_as` links, identical names.
std::string group_of(const PlanIndicator& ind, const Plan& plan) {
  if (ind.id != "other") return ind.id;
  const PlanIndicator* cur = &ind;
  for (int guard = 0; guard < 16 && !cur->same_as.empty(); ++guard) {
    const PlanIndicator* next = nullptr;
    for (const auto& o : plan.indicators)
      if (o.key == cur->same_as) next = &o;
    if (!next) break;
    cur = next;
  }
  return "other:" + cur->name_zh;  // the row it restates, or rows of the same name
}

std::vector<Statement> gather(const Plan& plan, const CapacityPlan& capacity) {
  std::vector<Statement> out;
  for (const auto& ind : plan.indicators) {
    const std::string q = group_of(ind, plan);
    if (ind.baseline.value && ind.baseline.year)
      out.push_back({q,
                     *ind.baseline.year,
                     *ind.baseline.value,
                     "=",
                     false,
                     {ind.key, ind.baseline.text, ind.location + " (baseline)"}});
    for (const auto& t : ind.targets)
      if (t.value)
        out.push_back({q, t.year, *t.value, t.comparator, true, {ind.key, t.text, ind.location}});
  }
  for (const auto& f : plan.facts)
    if (!f.measure.empty() && f.value && f.year)
      out.push_back(
          {f.measure, *f.year, *f.value, "=", f.topic == "target", {f.key, f.text_zh, f.location}});
  // Stock figures are stated levels; promised totals restate a capacity entry of the scenario.
  for (const bool promised : {false, true})
    for (const auto& e : promised ? capacity.planned : capacity.stock)
      out.push_back(
          {total_of(e.kind),
           e.year,
           e.places(),
           promised ? ">=" : "=",
           promised,
           {e.key, num(e.places()) + (promised ? " (capacity.planned)" : " (capacity.stock)"),
            e.location},
           promised});
  return out;
}

/// A population quantity of the census-based projection (the catalog's formula on the
/// reference tallies); NaN for other quantities, and for births of a partial year.
double projected(const DemographicTallies& p, const std::string& q, int year) {
  const int y = year - p.first_year;
  const IndicatorDef* def = find_indicator(q);
  if (y < 0 || y >= p.n_years || !def || def->needs != IndicatorNeeds::kDemography ||
      q == "life_expectancy" || q == "elderly_share")
    return std::nan("");
  if (q == "births" && p.months[y] != 12) return std::nan("");
  const std::vector<double> no_e0;
  return indicator_value(*def, IndicatorInputs{p, y, no_e0, nullptr});
}

bool differs(const Statement& a, const Statement& b) {
  const double tol = std::max(written_tolerance(a.fig.text), written_tolerance(b.fig.text));
  return std::fabs(a.value - b.value) > tol + 1e-12;
}

/// The values a target admits, as an interval (open ends marked).
struct Range {
  double lo, hi;
  bool lo_open, hi_open;
};
Range admitted(const Statement& s) {
  const double tol = written_tolerance(s.fig.text);
  const double inf = std::numeric_limits<double>::infinity();
  if (s.comparator == ">=") return {s.value - tol, inf, false, true};
  if (s.comparator == ">") return {s.value, inf, true, true};
  if (s.comparator == "<=") return {-inf, s.value + tol, true, false};
  if (s.comparator == "<") return {-inf, s.value, true, true};
  return {s.value - tol, s.value + tol, false, false};
}
/// Whether some value satisfies both targets.
bool compatible(const Statement& a, const Statement& b) {
  const Range x = admitted(a), y = admitted(b);
  const double lo = std::max(x.lo, y.lo), hi = std::min(x.hi, y.hi);
  if (lo < hi - 1e-12) return true;
  if (std::fabs(lo - hi) <= 1e-12) {
    const bool lo_open = (x.lo == lo && x.lo_open) || (y.lo == lo && y.lo_open);
    const bool hi_open = (x.hi == hi && x.hi_open) || (y.hi == hi && y.hi_open);
    return !lo_open && !hi_open;
  }
  return false;
}

struct AuditContext {
  const Plan& plan;
  const CapacityPlan& capacity;
  const CapacityModel& model;
  const DemographicTallies& projection;
  std::vector<Statement> statements;
};

std::string name_of(const std::string& q) {
  const IndicatorDef* d = find_indicator(q);
  return d ? d->name_en + " (" + d->name_zh + ")" : q.substr(q.find(':') + 1);
}

/// Two different targets, or two different stated values, for the same quantity and year.
void rule_conflicts(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  for (std::size_t i = 0; i < st.size(); ++i) {
    for (std::size_t j = i + 1; j < st.size(); ++j) {
      const Statement &a = st[i], &b = st[j];
      if (a.quantity != b.quantity || a.year != b.year || a.target != b.target) continue;
      if (a.fig.key == b.fig.key || a.modelled || b.modelled) continue;
      if (!a.target) {
        if (differs(a, b))
          out.push_back({"conflicting-values",
                         "contradiction",
                         name_of(a.quantity) + ", " + std::to_string(a.year) + ": " + num(a.value) +
                             " and " + num(b.value),
                         {a.fig, b.fig}});
      } else if (!compatible(a, b)) {
        out.push_back({"conflicting-targets",
                       "contradiction",
                       name_of(a.quantity) + ", " + std::to_string(a.year) + ": \"" + a.fig.text +
                           "\" and \"" + b.fig.text + "\" admit no common value",
                       {a.fig, b.fig}});
      } else if (differs(a, b) || a.comparator != b.comparator) {
        out.push_back({"conflicting-targets",
                       "note",
                       name_of(a.quantity) + ", " + std::to_string(a.year) + ": \"" + a.fig.text +
                           "\" and \"" + b.fig.text + "\" are stated differently",
                       {a.fig, b.fig}});
      }
    }
  }
}

/// A stated ratio that its stated (or projected) numerator and denominator do not give.
void rule_ratios(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  struct Identity {
    const char *ratio, *num, *den;
    double k;
  };
  const Identity identities[] = {
      {"elder_beds_per_1000_elderly", "elder_beds_total", "elderly_population", 1000},
      {"childcare_slots_per_1000", "childcare_slots_total", "total_population", 1000},
      {"nursing_bed_share", "nursing_beds_total", "elder_beds_total", 100},
      {"elderly_share", "elderly_population", "total_population", 100},
  };
  for (const auto& id : identities) {
    for (const Statement& r : st) {
      if (r.quantity != id.ratio) continue;
      for (const Statement& n : st) {
        if (n.quantity != id.num || n.year != r.year || n.target != r.target) continue;
        std::vector<const Statement*> dens;
        for (const Statement& d : st)
          if (d.quantity == id.den && d.year == r.year && d.target == r.target) dens.push_back(&d);
        if (!dens.empty()) {
          for (const Statement* d : dens) {
            if (d->value <= 0) continue;
            const double implied = id.k * n.value / d->value;
            const double tol =
                written_tolerance(r.fig.text) + id.k * written_tolerance(n.fig.text) / d->value +
                id.k * n.value * written_tolerance(d->fig.text) / (d->value * d->value);
            const bool ok_dir = (r.comparator == ">=" || r.comparator == ">")
                                    ? implied >= r.value - tol
                                : (r.comparator == "<=" || r.comparator == "<")
                                    ? implied <= r.value + tol
                                    : std::fabs(implied - r.value) <= tol;
            if (!ok_dir)
              out.push_back({"ratio",
                             "contradiction",
                             name_of(id.ratio) + ", " + std::to_string(r.year) + ": stated " +
                                 r.fig.text + " but " + num(n.value) + " / " + num(d->value) +
                                 " gives " + num(implied),
                             {r.fig, n.fig, d->fig}});
          }
        } else {
          const double den = projected(c.projection, id.den, r.year);
          if (!std::isfinite(den) || den <= 0) continue;
          const double implied = id.k * n.value / den;
          const double tol =
              written_tolerance(r.fig.text) + id.k * written_tolerance(n.fig.text) / den;
          const bool off = (r.comparator == ">=" || r.comparator == ">") ? implied < r.value - tol
                           : (r.comparator == "<=" || r.comparator == "<")
                               ? implied > r.value + tol
                               : std::fabs(implied - r.value) > tol;
          if (off && std::fabs(implied - r.value) > 0.02 * std::fabs(r.value))
            out.push_back({"ratio",
                           "contradiction",
                           name_of(id.ratio) + ", " + std::to_string(r.year) + ": stated " +
                               r.fig.text + " but " + num(n.value) + " over " +
                               num(std::round(den)) + " (" + name_of(id.den) +
                               ", census-based projection; the plan states none for this year) "
                               "gives " +
                               num(implied),
                           {r.fig, n.fig}});
        }
      }
    }
  }
}

/// Capacity targets that stock and listed projects cannot reach.
void rule_shortfalls(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  const auto& pools = c.model.pools();
  auto listed = [&](PlaceKind k, int year, int nursing) {
    const Month by = Month::from_year_month(year, 12);
    double n = 0;
    for (const auto& p : pools)
      if (p.kind == k && p.origin != "planned" && p.open_in(by) &&
          (nursing < 0 || p.nursing == (nursing == 1)))
        n += p.places;
    return n;
  };
  auto stated_den = [&](const std::string& q, int year) -> std::optional<double> {
    for (const Statement& d : st)
      if (d.quantity == q && d.year == year) return d.value;
    return std::nullopt;
  };
  bool has_listed[kPlaceKinds] = {false, false, false};
  for (const auto& p : pools)
    if (p.origin != "planned") has_listed[static_cast<int>(p.kind)] = true;
  std::set<std::string> reported;
  for (const Statement& t : st) {
    if (!t.target) continue;
    PlaceKind kind;
    double need = 0, have = 0;
    std::string what;
    if (t.quantity == "elder_beds_total" || t.quantity == "childcare_slots_total") {
      kind = t.quantity == "elder_beds_total" ? PlaceKind::kElderBed : PlaceKind::kChildcareSlot;
      need = t.value;
      have = listed(kind, t.year, -1);
      what = kind == PlaceKind::kElderBed ? "beds" : "托位";
    } else if (t.quantity == "elder_beds_per_1000_elderly" ||
               t.quantity == "childcare_slots_per_1000") {
      const bool beds = t.quantity == "elder_beds_per_1000_elderly";
      kind = beds ? PlaceKind::kElderBed : PlaceKind::kChildcareSlot;
      const std::string den_q = beds ? "elderly_population" : "total_population";
      const auto den = stated_den(den_q, t.year);
      const double d = den ? *den : projected(c.projection, den_q, t.year);
      if (!std::isfinite(d)) continue;
      need = t.value * d / 1000.0;
      have = listed(kind, t.year, -1);
      what = (beds ? "beds for " : "托位 for ") + num(t.value) + " per 1,000 of " +
             num(std::round(d)) + (den ? " (the plan's figure)" : " (census-based projection)");
    } else if (t.quantity == "nursing_bed_share") {
      kind = PlaceKind::kElderBed;
      const double all = listed(kind, t.year, -1);
      if (all <= 0) continue;
      const double share = 100.0 * listed(kind, t.year, 1) / all;
      if (share + written_tolerance(t.fig.text) < t.value && has_listed[0])
        out.push_back({"shortfall",
                       "shortfall",
                       "nursing-type bed share, " + std::to_string(t.year) +
                           ": the stock and listed "
                           "projects give " +
                           num(std::round(share * 10) / 10) + "% against the target " +
                           num(t.value) + "%",
                       {t.fig}});
      continue;
    } else {
      continue;
    }
    if (!has_listed[static_cast<int>(kind)]) {
      const std::string tag = std::string("unlisted-") + kPlaceKindNames[static_cast<int>(kind)];
      if (reported.insert(tag).second)
        out.push_back({"shortfall",
                       "note",
                       std::string("the plan states no stock and lists no projects for ") +
                           (kind == PlaceKind::kElderBed ? "elder-care beds" : "托位") +
                           "; its capacity targets rest on totals it promises without projects",
                       {t.fig}});
      continue;
    }
    if (t.modelled) continue;  // the promise itself, not a target to check
    if (have + 0.5 < need * (1 - 1e-9)) {
      bool projects = false;
      for (const auto& p : c.capacity.projects) projects |= p.kind == kind;
      out.push_back({"shortfall",
                     "shortfall",
                     std::to_string(t.year) + ": stock and listed projects give " + num(have) +
                         " " + (projects ? "" : "(the plan lists no projects) ") +
                         (kind == PlaceKind::kElderBed ? "beds" : "托位") + ", " +
                         num(std::round(need - have)) + " short of the " + num(std::round(need)) +
                         " " + what,
                     {t.fig}});
    }
  }
}

/// Tier shares that do not add up.
void rule_shares(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  auto find_share = [&](const std::string& q, int year, bool target) -> const Statement* {
    for (const Statement& x : st)
      if (x.quantity == q && x.year == year && x.target == target) return &x;
    return nullptr;
  };
  std::set<std::pair<int, bool>> years;
  for (const Statement& x : st) years.insert({x.year, x.target});
  for (const auto& [year, target] : years) {
    const Statement* S = find_share("safety_net_childcare_share", year, target);
    const Statement* A = find_share("affordable_childcare_slot_share", year, target);
    const Statement* M = find_share("market_childcare_share", year, target);
    const Statement* SA = find_share("safety_net_affordable_childcare_share", year, target);
    if (S && A && M) {
      const double sum = S->value + A->value + M->value;
      const double tol = written_tolerance(S->fig.text) + written_tolerance(A->fig.text) +
                         written_tolerance(M->fig.text);
      if (std::fabs(sum - 100) > tol)
        out.push_back({"shares",
                       "contradiction",
                       "childcare tiers, " + std::to_string(year) +
                           ": safety-net + affordable + market = " + num(sum) + "%, not 100%",
                       {S->fig, A->fig, M->fig}});
    }
    if (S && A && SA) {
      const double tol = written_tolerance(S->fig.text) + written_tolerance(A->fig.text) +
                         written_tolerance(SA->fig.text);
      if (std::fabs(S->value + A->value - SA->value) > tol)
        out.push_back({"shares",
                       "contradiction",
                       "childcare tiers, " + std::to_string(year) + ": safety-net " +
                           num(S->value) + " + affordable " + num(A->value) +
                           " differ from the combined " + num(SA->value),
                       {S->fig, A->fig, SA->fig}});
    }
    const Statement* BA = find_share("affordable_bed_share", year, target);
    const Statement* BSA = find_share("safety_net_affordable_bed_share", year, target);
    if (BA && BSA &&
        BA->value > BSA->value + written_tolerance(BA->fig.text) + written_tolerance(BSA->fig.text))
      out.push_back({"shares",
                     "contradiction",
                     "beds, " + std::to_string(year) + ": the affordable share " + num(BA->value) +
                         " exceeds the safety-net plus affordable share " + num(BSA->value),
                     {BA->fig, BSA->fig}});
  }
}

/// Population figures far from the census-based projection, or inconsistent.
void rule_population(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  for (const Statement& x : st) {
    const double p = projected(c.projection, x.quantity, x.year);
    if (!std::isfinite(p) || p <= 0) continue;
    const double rel = x.value / p - 1.0;
    if (std::fabs(rel) > 0.10)
      out.push_back({"population",
                     "note",
                     name_of(x.quantity) + ", " + std::to_string(x.year) + ": the plan's " +
                         num(x.value) + " is " + pct(rel) +
                         " from the census-based projection of residents (" + num(std::round(p)) +
                         "); the plan may count registered (户籍) people",
                     {x.fig}});
  }
  for (const Statement& a : st) {
    if (a.quantity != "elderly_65_population") continue;
    for (const Statement& b : st) {
      if (b.quantity != "elderly_population" || b.year != a.year || b.value <= 0) continue;
      const double share = a.value / b.value;
      const double p65 = projected(c.projection, "elderly_65_population", a.year);
      const double p60 = projected(c.projection, "elderly_population", a.year);
      const double pshare = p60 > 0 ? p65 / p60 : std::nan("");
      if (share > 1.0 || (std::isfinite(pshare) && std::fabs(share - pshare) > 0.10))
        out.push_back({"population",
                       "contradiction",
                       std::to_string(a.year) + ": people 65+ are " + pct(share) +
                           " of people 60+ in the plan, against " + pct(pshare) +
                           " in the census-based projection (implies " + num(b.value - a.value) +
                           " aged 60-64)",
                       {a.fig, b.fig}});
    }
  }
}

/// A baseline column copied from the region's.
void rule_copied_column(const AuditContext& c, std::vector<AuditFinding>& out) {
  int both = 0, equal = 0;
  std::vector<AuditFigure> eq;
  std::string label;
  for (const auto& ind : c.plan.indicators) {
    for (const auto& ov : ind.other_values) {
      if (!ov.value || !ind.baseline.value || !ov.year || !ind.baseline.year ||
          *ov.year != *ind.baseline.year)
        continue;
      ++both;
      label = ov.label;
      if (std::fabs(*ov.value - *ind.baseline.value) < 1e-12) {
        ++equal;
        eq.push_back({ind.key, ind.baseline.text, ind.location});
      }
    }
  }
  if (both >= 3 && equal * 3 >= both * 2)
    out.push_back({"copied-column", "note",
                   "in " + std::to_string(equal) + " of " + std::to_string(both) +
                       " rows the place's baseline equals the '" + label +
                       "' column: the place's figures may have been copied from the region's",
                   eq});
}

struct AuditRule {
  const char* name;
  void (*run)(const AuditContext&, std::vector<AuditFinding>&);
};

constexpr AuditRule kRules[] = {
    {"conflicting-targets, conflicting-values", rule_conflicts},
    {"ratio", rule_ratios},
    {"shortfall", rule_shortfalls},
    {"shares", rule_shares},
    {"population", rule_population},
    {"copied-column", rule_copied_column},
};

}  // namespace

std::string format_finding(const AuditFinding& f) {
  std::string out = "[" + f.severity + "] " + f.rule + ": " + f.message;
  for (const auto& g : f.figures)
    out += "\n      - " + g.key + " \"" + g.text + "\" at " + g.location;
  return out;
}

std::vector<AuditFinding> audit_plan(const Plan& plan, const CapacityPlan& capacity,
                                     const CapacityModel& model,
                                     const DemographicTallies& projection) {
  const AuditContext c{plan, capacity, model, projection, gather(plan, capacity)};
  std::vector<AuditFinding> out;
  for (const AuditRule& r : kRules) r.run(c, out);

  // Merge findings that say the same thing (e.g. one figure stated as a fact and as stock).
  std::vector<AuditFinding> merged;
  for (auto& f : out) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const AuditFinding& m) {
      return m.rule == f.rule && m.severity == f.severity && m.message == f.message;
    });
    if (it == merged.end()) {
      merged.push_back(std::move(f));
      continue;
    }
    for (auto& g : f.figures) {
      const bool dup = std::any_of(it->figures.begin(), it->figures.end(),
                                   [&](const AuditFigure& h) { return h.key == g.key; });
      if (!dup) it->figures.push_back(std::move(g));
    }
  }
  return merged;
}

}  // namespace laoxiao
