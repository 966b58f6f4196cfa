#include "models/care/audit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "models/care/audit_context.hpp"

namespace laoxiao {

double stated_precision(const std::string& text, double value) {
  for (const char* approx : {"约", "左右", "近", "余"})
    if (text.find(approx) != std::string::npos) return 0.05 * std::fabs(value);
  std::size_t i = 0;
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == text.size()) return 0.0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  int decimals = 0;
  if (i < text.size() && text[i] == '.')
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++decimals;
  double scale = 1.0;
  if (text.compare(i, std::string("万").size(), "万") == 0) scale = 1e4;
  if (text.compare(i, std::string("亿").size(), "亿") == 0) scale = 1e8;
  return 0.5 * std::pow(10.0, -decimals) * scale;
}

std::string num(double v) {
  std::ostringstream o;
  o.precision(v != 0 && std::fabs(v) < 10 ? 4 : 7);
  o << v;
  return o.str();
}

std::string pct(double share) {
  std::ostringstream o;
  o.precision(3);
  o << share * 100 << "%";
  return o.str();
}

std::string name_of(const std::string& q) {
  const IndicatorDef* d = find_indicator(q);
  return d ? d->name_en + " (" + d->name_zh + ")" : q.substr(q.find(':') + 1);
}

bool comparable(const Statement& a, const Statement& b) {
  // An unstated basis is the scenario's own; a definition marks a row that counts something
  // narrower than the quantity, so only rows of the same definition count the same thing.
  const bool bases = a.basis.empty() || b.basis.empty() || a.basis == b.basis;
  return bases && a.definition == b.definition;
}

namespace {

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

/// The catalog quantity that counts the places of a kind.
const char* total_of(PlaceKind k) {
  return k == PlaceKind::kChildcareSlot ? "childcare_slots_total"
         : k == PlaceKind::kElderBed    ? "elder_beds_total"
                                        : "home_care_beds_total";
}

std::vector<Statement> gather(const Plan& plan, const CapacityPlan& capacity) {
  std::vector<Statement> out;
  for (const auto& ind : plan.indicators) {
    const std::string q = group_of(ind, plan);
    const bool table = ind.location.find("表") != std::string::npos;
    // A target is a set figure (its comparator read as the checks read it, exact whole
    // numbers); a stated level is a measurement, rounded to the digits written.
    auto add = [&](int year, double value, const std::string& comparator, bool target,
                   const std::string& text, const std::string& location) {
      out.push_back({q,
                     year,
                     value,
                     comparator,
                     target,
                     false,
                     table,
                     ind.population_basis,
                     ind.definition,
                     target ? written_tolerance(text) : stated_precision(text, value),
                     {ind.key, text, location}});
    };
    if (ind.baseline.value && ind.baseline.year)
      add(*ind.baseline.year, *ind.baseline.value, "=", false, ind.baseline.text,
          ind.location + " (baseline)");
    for (const auto& t : ind.targets)
      if (t.value) add(t.year, *t.value, resolve_comparator(ind, t), true, t.text, ind.location);
  }
  for (const auto& f : plan.facts)
    if (!f.measure.empty() && f.value && f.year)
      out.push_back({f.measure,
                     *f.year,
                     *f.value,
                     "=",
                     f.topic == "target",
                     false,
                     false,
                     f.population_basis,
                     f.definition,
                     f.topic == "target" ? written_tolerance(f.text_zh)
                                         : stated_precision(f.text_zh, *f.value),
                     {f.key, f.text_zh, f.location}});
  // Stock figures are stated levels; promised totals restate a capacity entry of the scenario.
  for (const bool promised : {false, true})
    for (const auto& e : promised ? capacity.planned : capacity.stock)
      out.push_back(
          {total_of(e.kind),
           e.year,
           e.places(),
           promised ? ">=" : "=",
           promised,
           promised,
           false,
           "",
           "",
           0.5,
           {e.key, num(e.places()) + (promised ? " (capacity.planned)" : " (capacity.stock)"),
            e.location}});
  return out;
}

CapacityPlan with_reading(CapacityPlan p, CapacityReading r) {
  p.reading = r;
  return p;
}

}  // namespace

double AuditContext::projected(const std::string& q, int year) const {
  const DemographicTallies& p = in.projection;
  const int y = year - p.first_year;
  const IndicatorDef* def = find_indicator(q);
  if (y < 0 || y >= p.n_years || !def || def->needs != IndicatorNeeds::kDemography ||
      q == "life_expectancy" || q == "elderly_share")
    return std::nan("");
  if (q == "births" && p.months[y] != 12) return std::nan("");
  const std::vector<double> no_e0;
  return indicator_value(*def, IndicatorInputs{p, y, no_e0, nullptr});
}

std::optional<std::pair<double, double>> AuditContext::simulated_range(const std::string& q,
                                                                       int year) const {
  if (!in.simulated) return std::nullopt;
  const auto it = in.simulated->find(q);
  const int y = year - in.projection.first_year;
  if (it == in.simulated->end() || y < 0) return std::nullopt;
  std::vector<double> v;
  for (const auto& rep : it->second)
    if (y < static_cast<int>(rep.size()) && std::isfinite(rep[y])) v.push_back(rep[y]);
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  return std::make_pair(at(0.05), at(0.95));
}

const std::vector<AuditRule>& audit_rules() {
  static const std::vector<AuditRule> rules = {
      {"conflicting-targets, conflicting-values",
       "two targets for one quantity and year that admit no common value; two stated values that "
       "differ beyond their precision (different definitions or bases: a note)",
       rule_conflicts},
      {"ratio",
       "a stated ratio (per 1,000, a share) that its stated numerator and denominator do not "
       "give; without a stated denominator, the census-based projection on the same basis",
       rule_ratios},
      {"unfunded",
       "capacity targets and promised totals that the stock and listed projects (the funded "
       "reading) do not reach by their year: the gap between what is promised and what is funded",
       rule_unfunded},
      {"conversion",
       "a share target (nursing-type beds) that, with no new places planned, needs existing places "
       "converted: how many",
       rule_conversions},
      {"shares", "tier shares that do not add up (parts against the whole, parts against 100%)",
       rule_shares},
      {"share-units", "a share that no whole number of the units it counts can give",
       rule_share_units},
      {"population",
       "population figures (births, under-3s, elderly, shares, forecasts) against the census and "
       "the simulation, with the gap and its uncertainty; 65+ against 60+",
       rule_population},
      {"staffing",
       "workforce figures below what the capacity needs at the national staffing standards",
       rule_staffing},
      {"below-baseline", "a target below the baseline of an indicator meant to rise",
       rule_below_baseline},
      {"reached-already", "a table that states as reached a figure the text calls a future target",
       rule_reached_already},
      {"copied-column", "a place's baseline identical to its region's column in most rows",
       rule_copied_column},
  };
  return rules;
}

std::string format_finding(const AuditFinding& f) {
  std::string out = "[" + f.severity + "] " + f.rule + ": " + f.message;
  for (const auto& g : f.figures)
    out += "\n      - " + g.key + " \"" + g.text + "\" at " + g.location;
  return out;
}

std::vector<AuditFinding> audit_plan(const AuditInputs& in) {
  const std::vector<Township> towns = townships_or_all(in.baseline);
  const AuditContext c{
      in, gather(in.plan, in.capacity),
      CapacityModel(with_reading(in.capacity, CapacityReading::kFunded), in.start, towns),
      CapacityModel(with_reading(in.capacity, CapacityReading::kPromised), in.start, towns)};
  std::vector<AuditFinding> found;
  for (const AuditRule& r : audit_rules()) r.run(c, found);

  // One finding per fact: a rule that fires twice over the same figures says it once (e.g. one
  // figure stated as a fact and as stock).
  auto figures_of = [](const AuditFinding& f) {
    std::vector<std::string> keys;
    for (const auto& g : f.figures) keys.push_back(g.key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  };
  std::vector<AuditFinding> merged;
  for (auto& f : found) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const AuditFinding& m) {
      return m.rule == f.rule && (m.message == f.message || figures_of(m) == figures_of(f));
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
