// The audit rules, one function each (the table is audit_rules() in audit.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "models/care/audit_context.hpp"

namespace laoxiao {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string year_of(int y) {
  return std::to_string(y);
}

/// The values a target admits within its precision, as an interval (open ends marked).
struct Range {
  double lo, hi;
  bool lo_open, hi_open;
};
Range admitted(const Statement& s) {
  const double tol = s.precision;
  if (s.comparator == ">=") return {s.value - tol, kInf, false, true};
  if (s.comparator == ">") return {s.value, kInf, true, true};
  if (s.comparator == "<=") return {-kInf, s.value + tol, true, false};
  if (s.comparator == "<") return {-kInf, s.value, true, true};
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

/// Whether two stated values differ beyond what both could be within their precision.
bool differ(const Statement& a, const Statement& b) {
  return std::fabs(a.value - b.value) > a.precision + b.precision + 1e-12;
}

std::string basis_name(const std::string& basis) {
  return basis == "registered" ? "registered (户籍)" : basis == "resident" ? "resident (常住)" : "";
}

/// What a statement counts, for messages: its definition, else its basis, else the quantity as
/// the catalog defines it.
std::string counted(const Statement& s) {
  if (!s.definition.empty()) return s.definition;
  if (!s.basis.empty()) return basis_name(s.basis) + " people";
  return "no narrower definition";
}

/// The funded or promised places of a kind open at the end of `year` (nursing: -1 all, 0 other
/// beds, 1 nursing-type).
double places_at(const CapacityModel& m, PlaceKind k, int year, int nursing = -1) {
  const Month by = Month::from_year_month(year, 12);
  double n = 0;
  for (const auto& p : m.pools())
    if (p.kind == k && p.open_in(by) && (nursing < 0 || p.nursing == (nursing == 1))) n += p.places;
  return n;
}

bool has_places(const CapacityModel& m, PlaceKind k) {
  for (const auto& p : m.pools())
    if (p.kind == k) return true;
  return false;
}

const char* places_word(PlaceKind k) {
  return k == PlaceKind::kChildcareSlot ? "托位" : "beds";
}

/// A stated value of `quantity` in `year`, comparable with `like`.
const Statement* stated(const AuditContext& c, const std::string& quantity, int year,
                        const Statement& like) {
  for (const Statement& d : c.statements)
    if (d.quantity == quantity && d.year == year && !d.target && comparable(d, like)) return &d;
  return nullptr;
}

}  // namespace

void rule_conflicts(const AuditContext& c, std::vector<AuditFinding>& out) {
  const auto& st = c.statements;
  for (std::size_t i = 0; i < st.size(); ++i) {
    for (std::size_t j = i + 1; j < st.size(); ++j) {
      const Statement &a = st[i], &b = st[j];
      if (a.quantity != b.quantity || a.year != b.year || a.target != b.target) continue;
      if (a.fig.key == b.fig.key || a.promised || b.promised) continue;
      const std::string what = name_of(a.quantity) + ", " + year_of(a.year) + ": ";
      if (!a.target) {
        if (!differ(a, b)) continue;  // agreement within the stated precision
        if (!comparable(a, b)) {
          out.push_back({"conflicting-values",
                         "note",
                         what + num(a.value) + " and " + num(b.value) + " count differently (" +
                             counted(a) + " against " + counted(b) + ")",
                         {a.fig, b.fig}});
          continue;
        }
        out.push_back(
            {"conflicting-values",
             "contradiction",
             what + num(a.value) + " and " + num(b.value) + " differ beyond their stated precision",
             {a.fig, b.fig}});
      } else if (!compatible(a, b)) {
        out.push_back(
            {"conflicting-targets",
             comparable(a, b) ? "contradiction" : "note",
             what + "\"" + a.fig.text + "\" and \"" + b.fig.text + "\" admit no common value",
             {a.fig, b.fig}});
      } else if (differ(a, b)) {
        out.push_back({"conflicting-targets",
                       comparable(a, b) ? "inconsistency" : "note",
                       what + "\"" + a.fig.text + "\" and \"" + b.fig.text +
                           "\": two different figures for one target",
                       {a.fig, b.fig}});
      }
    }
  }
}

void rule_ratios(const AuditContext& c, std::vector<AuditFinding>& out) {
  struct Identity {
    const char *ratio, *num, *den;
    double k;
  };
  static constexpr Identity kIdentities[] = {
      {"elder_beds_per_1000_elderly", "elder_beds_total", "elderly_population", 1000},
      {"childcare_slots_per_1000", "childcare_slots_total", "total_population", 1000},
      {"nursing_bed_share", "nursing_beds_total", "elder_beds_total", 100},
      {"elderly_share", "elderly_population", "total_population", 100},
  };
  auto holds = [](const Statement& r, double implied, double tol) {
    if (r.comparator == ">=" || r.comparator == ">") return implied >= r.value - tol;
    if (r.comparator == "<=" || r.comparator == "<") return implied <= r.value + tol;
    return std::fabs(implied - r.value) <= tol;
  };
  for (const auto& id : kIdentities) {
    for (const Statement& r : c.statements) {
      if (r.quantity != id.ratio) continue;
      for (const Statement& n : c.statements) {
        if (n.quantity != id.num || n.year != r.year || n.target != r.target || n.promised)
          continue;
        bool compared = false;
        for (const Statement& d : c.statements) {
          if (d.quantity != id.den || d.year != r.year || d.target != r.target || d.value <= 0)
            continue;
          compared = true;
          const double implied = id.k * n.value / d.value;
          if (!comparable(r, d) || !comparable(n, d)) {
            out.push_back({"ratio",
                           "note",
                           name_of(id.ratio) + ", " + year_of(r.year) + ": " + r.fig.text +
                               " and " + num(n.value) + " / " + num(d.value) + " = " +
                               num(implied) + " are on different bases or definitions",
                           {r.fig, n.fig, d.fig}});
            continue;
          }
          const double tol = r.precision + id.k * n.precision / d.value +
                             id.k * n.value * d.precision / (d.value * d.value);
          if (!holds(r, implied, tol))
            out.push_back({"ratio",
                           "contradiction",
                           name_of(id.ratio) + ", " + year_of(r.year) + ": stated " + r.fig.text +
                               " but " + num(n.value) + " / " + num(d.value) + " gives " +
                               num(implied),
                           {r.fig, n.fig, d.fig}});
        }
        if (compared) continue;
        // No stated denominator: the census-based projection (resident people) stands in.
        const double den = c.projected(id.den, r.year);
        if (!std::isfinite(den) || den <= 0) continue;
        const double implied = id.k * n.value / den;
        const double tol = r.precision + id.k * n.precision / den;
        if (holds(r, implied, tol) || std::fabs(implied - r.value) <= 0.02 * std::fabs(r.value))
          continue;
        const bool registered = r.basis == "registered" || n.basis == "registered";
        out.push_back(
            {"ratio",
             registered ? "note" : "inconsistency",
             name_of(id.ratio) + ", " + year_of(r.year) + ": stated " + r.fig.text + " but " +
                 num(n.value) + " over " + num(std::round(den)) + " (" + name_of(id.den) +
                 ", census-based projection of residents; the plan states none for this year) "
                 "gives " +
                 num(implied) +
                 (registered
                      ? "; the plan's figure is on the registered (户籍) basis, so the two differ "
                        "by the basis: it implies " +
                            num(std::round(id.k * n.value / r.value)) + " registered people"
                      : ""),
             {r.fig, n.fig}});
      }
    }
  }
}

void rule_unfunded(const AuditContext& c, std::vector<AuditFinding>& out) {
  std::set<std::string> reported;
  for (const Statement& t : c.statements) {
    if (!t.target) continue;
    PlaceKind kind{};
    double need = 0;
    std::string what;
    if (t.quantity == "elder_beds_total" || t.quantity == "childcare_slots_total") {
      kind = t.quantity == "elder_beds_total" ? PlaceKind::kElderBed : PlaceKind::kChildcareSlot;
      need = t.value;
      what = (t.promised ? "the " + num(std::round(need)) + " promised without projects"
                         : "the target's " + num(std::round(need)));
      // A promise that restates a target of the plan is reported once, at the target.
      const bool restated =
          t.promised &&
          std::any_of(c.statements.begin(), c.statements.end(), [&](const Statement& o) {
            return o.target && !o.promised && o.quantity == t.quantity && o.year == t.year &&
                   o.value == t.value;
          });
      if (restated) continue;
    } else if (t.quantity == "elder_beds_per_1000_elderly" ||
               t.quantity == "childcare_slots_per_1000") {
      const bool beds = t.quantity == "elder_beds_per_1000_elderly";
      kind = beds ? PlaceKind::kElderBed : PlaceKind::kChildcareSlot;
      const std::string den_q = beds ? "elderly_population" : "total_population";
      const Statement* den = stated(c, den_q, t.year, t);
      const double d = den ? den->value : c.projected(den_q, t.year);
      if (!std::isfinite(d)) continue;
      need = t.value * d / 1000.0;
      what = "the " + num(std::round(need)) + " for " + num(t.value) + " per 1,000 of " +
             num(std::round(d)) + (den ? " (the plan's figure)" : " (census-based projection)");
    } else if (t.quantity == "nursing_bed_share") {
      const double all = places_at(c.funded, PlaceKind::kElderBed, t.year);
      if (all <= 0) continue;
      const double share = 100.0 * places_at(c.funded, PlaceKind::kElderBed, t.year, 1) / all;
      if (share + t.precision < t.value)
        out.push_back({"unfunded",
                       "inconsistency",
                       "nursing-type bed share, " + year_of(t.year) +
                           ": the stock and listed projects give " +
                           num(std::round(share * 10) / 10) + "% against the target " +
                           num(t.value) + "%",
                       {t.fig}});
      continue;
    } else {
      continue;
    }
    if (!has_places(c.funded, kind)) {
      const std::string tag = kPlaceKindNames[static_cast<int>(kind)];
      if (reported.insert(tag).second)
        out.push_back({"unfunded",
                       "note",
                       std::string("the plan states no stock and lists no projects for ") +
                           (kind == PlaceKind::kElderBed ? "elder-care beds" : "托位") +
                           ": under the funded reading they are not computable, and its capacity "
                           "targets rest on totals it promises without projects",
                       {t.fig}});
      continue;
    }
    const double have = places_at(c.funded, kind, t.year);
    if (have + 0.5 >= need * (1 - 1e-9)) continue;
    bool projects = false;
    for (const auto& p : c.in.capacity.projects) projects |= p.kind == kind;
    out.push_back({"unfunded",
                   "inconsistency",
                   year_of(t.year) + ": stock and listed projects fund " + num(have) + " " +
                       (projects ? "" : "(the plan lists no projects) ") + places_word(kind) +
                       ", " + num(std::round(need - have)) + " short of " + what,
                   {t.fig}});
  }
}

void rule_conversions(const AuditContext& c, std::vector<AuditFinding>& out) {
  for (const Statement& t : c.statements) {
    if (!t.target || t.quantity != "nursing_bed_share") continue;
    // New beds after the start, funded or promised: none means the share can only move by
    // converting existing beds.
    const double at_start = places_at(c.promised, PlaceKind::kElderBed, c.in.start.year());
    const double by_then = places_at(c.promised, PlaceKind::kElderBed, t.year);
    const double nursing = places_at(c.promised, PlaceKind::kElderBed, t.year, 1);
    if (by_then <= 0 || by_then > at_start) continue;
    const double needed = std::ceil(t.value / 100.0 * by_then - nursing - 1e-9);
    if (needed <= 0) continue;
    out.push_back({"conversion",
                   "inconsistency",
                   "nursing-type bed share " + num(t.value) + "% by " + year_of(t.year) +
                       " with no new beds planned: " + num(needed) + " of the " + num(by_then) +
                       " existing beds must be converted to nursing-type (" +
                       num(std::round(1000.0 * nursing / by_then) / 10) + "% now)",
                   {t.fig}});
  }
}

void rule_shares(const AuditContext& c, std::vector<AuditFinding>& out) {
  auto find_share = [&](const std::string& q, int year, bool target) -> const Statement* {
    for (const Statement& x : c.statements)
      if (x.quantity == q && x.year == year && x.target == target && !x.promised) return &x;
    return nullptr;
  };
  std::set<std::pair<int, bool>> years;
  for (const Statement& x : c.statements) years.insert({x.year, x.target});
  for (const auto& [year, target] : years) {
    const Statement* S = find_share("safety_net_childcare_share", year, target);
    const Statement* A = find_share("affordable_childcare_slot_share", year, target);
    const Statement* M = find_share("market_childcare_share", year, target);
    const Statement* SA = find_share("safety_net_affordable_childcare_share", year, target);
    if (S && A && M &&
        std::fabs(S->value + A->value + M->value - 100) >
            S->precision + A->precision + M->precision)
      out.push_back({"shares",
                     "contradiction",
                     "childcare tiers, " + year_of(year) + ": safety-net + affordable + market = " +
                         num(S->value + A->value + M->value) + "%, not 100%",
                     {S->fig, A->fig, M->fig}});
    if (S && A && SA &&
        std::fabs(S->value + A->value - SA->value) > S->precision + A->precision + SA->precision)
      out.push_back({"shares",
                     "contradiction",
                     "childcare tiers, " + year_of(year) + ": safety-net " + num(S->value) +
                         " + affordable " + num(A->value) + " differ from the combined " +
                         num(SA->value),
                     {S->fig, A->fig, SA->fig}});
    const Statement* BA = find_share("affordable_bed_share", year, target);
    const Statement* BSA = find_share("safety_net_affordable_bed_share", year, target);
    if (BA && BSA && BA->value > BSA->value + BA->precision + BSA->precision)
      out.push_back({"shares",
                     "contradiction",
                     "beds, " + year_of(year) + ": the affordable share " + num(BA->value) +
                         " exceeds the safety-net plus affordable share " + num(BSA->value),
                     {BA->fig, BSA->fig}});
  }
}

void rule_share_units(const AuditContext& c, std::vector<AuditFinding>& out) {
  // A share of N whole units is k/N for a whole k; small counts (institutions, centres) make
  // most shares impossible.
  struct Counted {
    const char *share, *count;
  };
  static constexpr Counted kCounted[] = {
      {"nursing_bed_share", "elder_beds_total"},
      {"affordable_bed_share", "elder_beds_total"},
      {"safety_net_affordable_bed_share", "elder_beds_total"},
      {"affordable_childcare_slot_share", "childcare_slots_total"},
      {"safety_net_childcare_share", "childcare_slots_total"},
      {"safety_net_affordable_childcare_share", "childcare_slots_total"},
      {"market_childcare_share", "childcare_slots_total"},
  };
  for (const auto& k : kCounted)
    for (const Statement& s : c.statements) {
      if (s.quantity != k.share || s.target) continue;
      const Statement* n = stated(c, k.count, s.year, s);
      if (!n || n->promised || n->value < 1 || n->value > 1e6 || n->precision > 0.5 + 1e-9)
        continue;
      const double units = std::round(n->value);
      const double whole = std::round(s.value / 100.0 * units);
      const double nearest = 100.0 * whole / units;
      if (std::fabs(nearest - s.value) <= s.precision + 1e-9) continue;
      out.push_back({"share-units",
                     "contradiction",
                     name_of(k.share) + ", " + year_of(s.year) + ": " + s.fig.text + " of " +
                         num(units) + " cannot be a whole number of them (the nearest, " +
                         num(whole) + ", is " + num(nearest) + "%)",
                     {s.fig, n->fig}});
    }
}

void rule_population(const AuditContext& c, std::vector<AuditFinding>& out) {
  const BaselinePopulation& base = c.in.baseline;
  const int census_year = base.date.year();
  for (const Statement& x : c.statements) {
    const double p = c.projected(x.quantity, x.year);
    if (!std::isfinite(p) || p <= 0) continue;
    const double rel = x.value / p - 1.0;
    if (std::fabs(rel) <= 0.10) continue;
    const auto range = c.simulated_range(x.quantity, x.year);
    std::string message = name_of(x.quantity) + ", " + year_of(x.year) + ": the plan's " +
                          num(x.value) + " is " + pct(rel) + " from the census-based projection (" +
                          num(std::round(p)) +
                          (range ? ", simulated 5-95% " + num(std::round(range->first)) + "-" +
                                       num(std::round(range->second))
                                 : std::string()) +
                          ")";
    if (x.year == census_year && x.quantity == "total_population")
      message += "; the census counts " + num(base.people()) + " residents";
    if (x.basis == "registered")
      message += "; the plan counts registered (户籍) people, the projection residents (常住)";
    else if (x.basis.empty())
      message += "; the plan may count registered (户籍) people";
    out.push_back({"population", "note", message, {x.fig}});
  }
  for (const Statement& a : c.statements) {
    if (a.quantity != "elderly_65_population") continue;
    for (const Statement& b : c.statements) {
      if (b.quantity != "elderly_population" || b.year != a.year || b.value <= 0 ||
          !comparable(a, b))
        continue;
      const double share = a.value / b.value;
      const double p65 = c.projected("elderly_65_population", a.year);
      const double p60 = c.projected("elderly_population", a.year);
      const double pshare = p60 > 0 ? p65 / p60 : std::nan("");
      if (share > 1.0)
        out.push_back({"population",
                       "contradiction",
                       year_of(a.year) + ": more people 65+ (" + num(a.value) + ") than 60+ (" +
                           num(b.value) + ")",
                       {a.fig, b.fig}});
      else if (std::isfinite(pshare) && std::fabs(share - pshare) > 0.10)
        out.push_back({"population",
                       "inconsistency",
                       year_of(a.year) + ": people 65+ are " + pct(share) +
                           " of people 60+ in the plan, against " + pct(pshare) +
                           " in the census-based projection (implies " + num(b.value - a.value) +
                           " aged 60-64)",
                       {a.fig, b.fig}});
    }
  }
}

void rule_staffing(const AuditContext& c, std::vector<AuditFinding>& out) {
  const StaffingParams& s = c.in.staffing;
  for (const Statement& w : c.statements) {
    const bool child = w.quantity == "childcare_workers";
    if (!child && w.quantity != "eldercare_workers") continue;
    // The capacity of that year: what is funded, else what is promised.
    const PlaceKind kind = child ? PlaceKind::kChildcareSlot : PlaceKind::kElderBed;
    const CapacityModel& m = has_places(c.funded, kind) ? c.funded : c.promised;
    if (!has_places(m, kind)) continue;
    double needed = 0;
    std::string standard;
    if (child) {
      // At the loosest class ratio (托大班) every 托位 still needs 1/ratio of a carer.
      const double loosest =
          *std::max_element(s.children_per_carer.begin(), s.children_per_carer.end());
      if (loosest <= 0) continue;
      needed = places_at(m, kind, w.year) / loosest;
      standard = "1 carer per " + num(loosest) +
                 " children, the loosest class ratio of the "
                 "national setting standard (staffing.children_per_carer)";
    } else {
      // Nursing-type beds are for dependent people: at the loosest ratio for the partly
      // dependent.
      const double loosest = s.residents_per_caregiver_partial;
      if (loosest <= 0) continue;
      needed = places_at(m, kind, w.year, 1) / loosest;
      standard = "1 caregiver per " + num(loosest) +
                 " partly dependent residents in the nursing-type beds "
                 "(staffing.residents_per_caregiver_partial)";
    }
    if (w.value + w.precision >= needed) continue;
    out.push_back({"staffing",
                   "inconsistency",
                   name_of(w.quantity) + ", " + year_of(w.year) + ": " + num(w.value) +
                       " against at least " + num(std::ceil(needed)) + " for the " +
                       num(places_at(m, kind, w.year, child ? -1 : 1)) + " " +
                       (child ? "托位" : "nursing-type beds") + " at " + standard,
                   {w.fig}});
  }
}

void rule_below_baseline(const AuditContext& c, std::vector<AuditFinding>& out) {
  for (const auto& ind : c.in.plan.indicators) {
    const IndicatorDef* def = ind.def();
    if (!def || def->direction <= 0 || !ind.baseline.value || !ind.baseline.year) continue;
    const double base_prec = stated_precision(ind.baseline.text, *ind.baseline.value);
    for (const auto& t : ind.targets) {
      if (!t.value || t.year <= *ind.baseline.year || t.comparator == "<=" || t.comparator == "<")
        continue;
      if (*t.value + stated_precision(t.text, *t.value) + base_prec >= *ind.baseline.value)
        continue;
      out.push_back({"below-baseline",
                     "inconsistency",
                     name_of(ind.id) + ": the " + year_of(t.year) + " target " + t.text +
                         " is below the " + year_of(*ind.baseline.year) + " baseline " +
                         ind.baseline.text + ", for an indicator meant to rise",
                     {{ind.key, ind.baseline.text, ind.location + " (baseline)"},
                      {ind.key, t.text, ind.location}}});
    }
  }
}

void rule_reached_already(const AuditContext& c, std::vector<AuditFinding>& out) {
  // A table figure (a baseline, or the target of an earlier year) already at or beyond a value
  // that a prose target calls future.
  for (const Statement& prose : c.statements) {
    if (!prose.target || prose.table || prose.promised) continue;
    const IndicatorDef* def = find_indicator(prose.quantity);
    if (!def || def->direction <= 0) continue;
    for (const Statement& row : c.statements) {
      if (!row.table || row.quantity != prose.quantity || row.year >= prose.year ||
          !comparable(row, prose))
        continue;
      // At the ceiling (100%) a later "达100%" keeps what is reached; it is not a new target.
      if (row.value < prose.value || (prose.value >= 100 && def->unit == "percent")) continue;
      out.push_back({"reached-already",
                     "inconsistency",
                     name_of(prose.quantity) + ": the text sets " + prose.fig.text + " for " +
                         year_of(prose.year) + " while the table already has " + row.fig.text +
                         (row.target ? " as the target" : "") + " in " + year_of(row.year),
                     {prose.fig, row.fig}});
    }
  }
}

void rule_copied_column(const AuditContext& c, std::vector<AuditFinding>& out) {
  int both = 0, equal = 0;
  std::vector<AuditFigure> eq;
  std::string label;
  for (const auto& ind : c.in.plan.indicators) {
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

}  // namespace laoxiao
