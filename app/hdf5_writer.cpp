#include "app/hdf5_writer.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "app/check_columns.hpp"
#include "app/h5util.hpp"
#include "core/rng.hpp"
#include "laoxiao/version.hpp"
#include "sim/batch_summary.hpp"

namespace laoxiao {

namespace {

using h5::Meta;
using Column = h5::Writer::Column;

std::vector<std::string> labels(const std::vector<AgeGroup>& g) {
  std::vector<std::string> out;
  for (const auto& x : g) out.push_back(x.label);
  return out;
}

std::vector<std::int32_t> range(int first, int n) {
  std::vector<std::int32_t> out;
  for (int i = 0; i < n; ++i) out.push_back(first + i);
  return out;
}

/// The coordinates of a scenario's datasets, written into each group that uses them.
struct Coordinates {
  int first_year = 0, n_years = 0, replicates = 0;

  void time(h5::Writer& w, hid_t g) const {
    w.scale(g, "year", range(first_year, n_years),
            "calendar year (the first is partial: see months_simulated)");
  }
  void replicate(h5::Writer& w, hid_t g) const {
    w.scale(g, "replicate", range(0, replicates),
            "replicate index (the replicate key of the random streams)");
  }
  static void people(h5::Writer& w, hid_t g) {
    w.scale(g, "age", range(0, kMaxAge + 1),
            "single year of age in completed years (110 stands for 110+)");
    w.scale(g, "age_group", labels(five_year_groups()), "5-year age group");
    w.scale(g, "sex", std::vector<std::string>{"male", "female"}, "sex");
    w.scale(g, "sex_total", std::vector<std::string>{"male", "female", "both"}, "sex or both");
    for (const char* d : {"state", "state_from", "state_to"})
      w.scale(g, d, std::vector<std::string>{"independent", "partial", "full"},
              "disability state: independent 自理, partially dependent 半失能, fully dependent "
              "失能");
  }
  static void care(h5::Writer& w, hid_t g) {
    w.scale(g, "kind", std::vector<std::string>(kPlaceKindNames, kPlaceKindNames + kPlaceKinds),
            "kind of place: elder-care bed 养老床位, home-based care bed 家庭养老床位, 托位");
    w.scale(g, "tier", std::vector<std::string>(kTierNames, kTierNames + kTiers),
            "tier: safety-net 兜底, affordable 普惠, market 市场化");
    w.scale(g, "bed_type", std::vector<std::string>{"other", "nursing"},
            "nursing-type (护理型) or not");
    std::vector<std::string> bands;
    for (const auto& b : kChildBand) bands.push_back(b.label);
    w.scale(g, "band", bands, "childcare age band: 乳儿班, 托小班, 托大班");
    w.scale(
        g, "group",
        std::vector<std::string>(kAllocationGroupNames, kAllocationGroupNames + kAllocationGroups),
        "allocation priority group");
    w.scale(g, "who", std::vector<std::string>{"elderly", "children"}, "elderly or children");
    w.scale(g, "state", std::vector<std::string>{"independent", "partial", "full"},
            "disability state: independent 自理, partially dependent 半失能, fully dependent "
            "失能");
  }
};

/// Aggregates a [age][rest] block of single ages into 5-year groups.
std::vector<double> to_groups(const double* single, std::size_t rest) {
  const auto& groups = five_year_groups();
  std::vector<double> out(groups.size() * rest, 0.0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int a = groups[g].lo; a <= groups[g].hi; ++a)
      for (std::size_t k = 0; k < rest; ++k) out[g * rest + k] += single[a * rest + k];
  return out;
}

/// The datasets of one tallies object (one replicate or the reference), flattened.
struct Flat {
  std::vector<double> population, population_single, population_baseline, deaths, births, exposure,
      e0, transitions, arrivals, departures;
};

Flat flatten(const DemographicTallies& t) {
  Flat f;
  const std::size_t ass = DemographicTallies::kAges * kSexes * kStates;
  const std::size_t as = DemographicTallies::kAges * kSexes;
  f.population_baseline = to_groups(t.population_start.data(), kSexes * kStates);
  f.population_single = t.population_end;
  auto add = [](std::vector<double>& dst, const std::vector<double>& src) {
    dst.insert(dst.end(), src.begin(), src.end());
  };
  for (int y = 0; y < t.n_years; ++y) {
    add(f.population, to_groups(t.population_end.data() + y * ass, kSexes * kStates));
    add(f.deaths, to_groups(t.deaths.data() + y * ass, kSexes * kStates));
    add(f.exposure, to_groups(t.exposure.data() + y * as, kSexes));
    add(f.arrivals, to_groups(t.arrivals.data() + y * as, kSexes));
    add(f.departures, to_groups(t.departures.data() + y * as, kSexes));
  }
  f.births = t.births;
  f.transitions = t.transitions;
  f.e0 = period_life_expectancy(t);
  return f;
}

void write_tallies(h5::Writer& w, hid_t g, const std::vector<Flat>& flats, bool with_replicate) {
  // What each dataset holds, over which dimensions (the replicate axis first, when there is one).
  const struct {
    const char* name;
    std::vector<double> Flat::*member;
    const char* units;
    const char* long_name;
    const char* name_zh;
    std::vector<std::string> dims;
  } series[] = {
      {"population",
       &Flat::population,
       "persons",
       "Population on 31 December by 5-year age group, sex and disability state (the last year: "
       "end of the horizon)",
       "人口",
       {"year", "age_group", "sex", "state"}},
      {"population_by_single_age",
       &Flat::population_single,
       "persons",
       "Population on 31 December by single year of age (110 = 110+)",
       "人口（单岁）",
       {"year", "age", "sex", "state"}},
      {"population_baseline",
       &Flat::population_baseline,
       "persons",
       "Synthesized population at the baseline date",
       "基期人口",
       {"age_group", "sex", "state"}},
      {"deaths",
       &Flat::deaths,
       "persons per year",
       "Deaths in the calendar year by age (at the start of the month of death), sex and "
       "disability state",
       "死亡人数",
       {"year", "age_group", "sex", "state"}},
      {"births",
       &Flat::births,
       "births per year",
       "Births in the calendar year by sex of the newborn",
       "出生人数",
       {"year", "sex"}},
      {"exposure",
       &Flat::exposure,
       "person-years",
       "Person-years lived in the calendar year (alive at the start of each month minus half the "
       "month's deaths, over 12)",
       "暴露人年",
       {"year", "age_group", "sex"}},
      {"life_expectancy",
       &Flat::e0,
       "years",
       "Period life expectancy at birth from the year's simulated deaths and exposures (abridged "
       "life table; NaN where the table cannot be closed)",
       "人均预期寿命",
       {"year", "sex_total"}},
      {"disability_transitions",
       &Flat::transitions,
       "persons per year",
       "Changes of disability state in the calendar year",
       "失能状态转移",
       {"year", "state_from", "state_to"}},
      {"arrivals",
       &Flat::arrivals,
       "persons per year",
       "Migrant arrivals in the calendar year",
       "迁入人数",
       {"year", "age_group", "sex"}},
      {"departures",
       &Flat::departures,
       "persons per year",
       "Migrant departures in the calendar year",
       "迁出人数",
       {"year", "age_group", "sex"}},
  };
  const std::string what = with_replicate ? "" : "Expected (reference projection): ";
  for (const auto& s : series) {
    std::vector<double> data;
    for (const auto& f : flats) data.insert(data.end(), (f.*s.member).begin(), (f.*s.member).end());
    std::vector<std::string> dims = s.dims;
    if (with_replicate) dims.insert(dims.begin(), "replicate");
    w.dataset(g, s.name, data, Meta{s.units, what + s.long_name, "", s.name_zh, dims});
  }
}

/// A group with its description and the coordinates its datasets use.
h5::Handle subgroup(h5::Writer& w, hid_t parent, const char* name, const std::string& description,
                    const Coordinates& coords) {
  h5::Handle g = w.group(parent, name);
  w.attr(g.id(), "description", description);
  coords.replicate(w, g.id());
  coords.time(w, g.id());
  return g;
}

Column strings(const char* name, const char* long_name = "") {
  return table_column(Column::kStrings, name, long_name);
}
Column reals(const char* name, const char* long_name = "") {
  return table_column(Column::kReals, name, long_name);
}
Column ints(const char* name, const char* long_name = "") {
  return table_column(Column::kInts, name, long_name);
}

void write_indicators(h5::Writer& w, hid_t g, const ScenarioRun& r, const Coordinates& coords) {
  const h5::Handle ig = subgroup(w, g, "indicators",
                                 "Every modelled catalog indicator per replicate and year-end "
                                 "(models/care/indicators.cpp); NaN where it cannot be computed",
                                 coords);
  for (const auto& def : indicator_catalog()) {
    auto it = r.summary.indicators.find(def.id);
    if (it == r.summary.indicators.end()) continue;
    std::vector<double> v;
    for (const auto& rep : it->second) v.insert(v.end(), rep.begin(), rep.end());
    w.dataset(ig.id(), def.id, v,
              Meta{def.unit,
                   def.name_en,
                   def.formula + " [" + std::string(to_string(def.cls)) + "]",
                   def.name_zh,
                   {"replicate", "year"}});
  }
}

void write_care(h5::Writer& w, hid_t g, const ScenarioRun& r, const Coordinates& coords) {
  const hsize_t R = r.results.size();
  const hsize_t Y = static_cast<hsize_t>(coords.n_years);
  const h5::Handle cg = subgroup(w, g, "care",
                                 "Capacity, occupancy, demand, waiting, staff and costs at each "
                                 "year end (people units); see docs/MODEL.md, Care",
                                 coords);
  Coordinates::care(w, cg.id());
  std::vector<double> places, occupied, residents, children, waiting, wait_mean, adm, adm_wait,
      caregivers, staff, subsidy, wishing;
  auto add = [](std::vector<double>& dst, const auto& src) {
    dst.insert(dst.end(), src.begin(), src.end());
  };
  for (std::size_t k = 0; k < R; ++k) {
    for (hsize_t y = 0; y < Y; ++y) {
      const CareYear& c = r.results[k].care_years[y];
      add(places, c.places);
      add(occupied, c.occupied);
      add(residents, c.residents_by_state);
      add(children, c.children_by_band);
      add(waiting, c.waiting);
      for (int q = 0; q < kAllocationGroups; ++q)
        wait_mean.push_back(c.waiting[q] > 0 ? c.waiting_months[q] / c.waiting[q] : std::nan(""));
      add(adm, c.admissions);
      for (int q = 0; q < 2; ++q)
        adm_wait.push_back(c.admissions[q] > 0 ? c.admission_wait_months[q] / c.admissions[q]
                                               : std::nan(""));
      const CareDiagnostics& d = r.summary.care[k][y];
      caregivers.push_back(d.caregivers_needed);
      staff.push_back(d.childcare_staff_needed);
      subsidy.push_back(d.care_subsidy_yuan);
      wishing.push_back(c.wishing_elderly);
      wishing.push_back(c.wishing_children);
    }
  }
  // What each dataset of care/ holds, over which dimensions.
  const struct {
    const char* name;
    const std::vector<double>& data;
    Meta meta;
  } series[] = {
      {"places",
       places,
       {"places",
        "Places open on 31 December",
        "",
        "床位/托位",
        {"replicate", "year", "kind", "tier", "bed_type"}}},
      {"occupied",
       occupied,
       {"persons",
        "Places occupied on 31 December",
        "",
        "入住/入托",
        {"replicate", "year", "kind", "tier", "bed_type"}}},
      {"residents_by_state",
       residents,
       {"persons",
        "People in elder-care beds by disability state",
        "",
        "入住老人",
        {"replicate", "year", "state"}}},
      {"children_by_band",
       children,
       {"persons",
        "Children in 托位 by age band",
        "",
        "入托婴幼儿",
        {"replicate", "year", "band"}}},
      {"waiting",
       waiting,
       {"persons",
        "People wanting a place and waiting on 31 December (unmet demand)",
        "",
        "轮候人数",
        {"replicate", "year", "group"}}},
      {"mean_waiting_months",
       wait_mean,
       {"months",
        "Mean time waited so far by those waiting on 31 December",
        "",
        "平均轮候时间",
        {"replicate", "year", "group"}}},
      {"admissions",
       adm,
       {"persons per year",
        "Admissions in the year",
        "",
        "入住人数",
        {"replicate", "year", "who"}}},
      {"mean_wait_of_admissions",
       adm_wait,
       {"months",
        "Mean waiting time of the year's admissions",
        "",
        "",
        {"replicate", "year", "who"}}},
      {"wishing",
       wishing,
       {"persons",
        "People wanting a place on 31 December",
        "",
        "意愿人数",
        {"replicate", "year", "who"}}},
      {"caregivers_needed",
       caregivers,
       {"persons",
        "Elder-care workers needed for the residents under the scenario's ratios "
        "(staffing.residents_per_caregiver_*)",
        "",
        "所需养老护理员",
        {"replicate", "year"}}},
      {"childcare_staff_needed",
       staff,
       {"persons",
        "Carers needed for the enrolled children (staffing.children_per_carer)",
        "",
        "所需保育人员",
        {"replicate", "year"}}},
      {"care_subsidy_yuan",
       subsidy,
       {"yuan per year",
        "Monthly care subsidies over the year to the recipients of policy.care_subsidy_for (NaN "
        "where the model does not identify them)",
        "",
        "护理补贴支出",
        {"replicate", "year"}}},
  };
  for (const auto& s : series) w.dataset(cg.id(), s.name, s.data, s.meta);
  std::vector<double> invest, central;
  for (const auto& c : r.summary.capital) {
    invest.push_back(c[0]);
    central.push_back(c[1]);
  }
  w.dataset(
      cg.id(), "capital_investment_10k_yuan", {Y}, invest,
      Meta{"10k yuan", "Investment of the projects opening in the year", "", "项目投资", {"year"}});
  w.dataset(cg.id(), "new_place_subsidy_yuan", {Y}, central,
            Meta{"yuan",
                 "Central subsidies for new safety-net and affordable places opening in the year",
                 "",
                 "新增床位/托位补助",
                 {"year"}});
}

void write_checks(h5::Writer& w, hid_t g, const std::vector<CheckRow>& checks) {
  Column key = strings("key", "row key in the plan"), id = strings("id", "catalog indicator"),
         name = strings("name_zh", "name as written in the plan"),
         cls = strings("class", "computed, capacity-derived or exogenous"),
         nature = strings("nature", "binding, expected or unspecified"), unit = strings("unit"),
         loc = strings("location", "place in the document"),
         kind = strings("kind", "target or baseline"), text = strings("text", "as written"),
         comp = strings("comparator", "how the target is read"), status = strings("status"),
         year = ints("year"), binding = ints("binding", "1: binding"), target = reals("target"),
         basis = strings("basis",
                         "computed, assumed (capacity or a calibration derived from the figure) or "
                         "exogenous (carried as stated)"),
         assumed_from = strings("assumed_from",
                                "the capacity entry or calibrated key derived from the figure"),
         pop_basis = strings("population_basis",
                             "resident or registered (户籍) when the plan says; empty otherwise"),
         conversion = strings("conversion",
                              "registered rows: the plan's stated registered population and the "
                              "factor that converts the simulated resident values"),
         mean = reals("mean", "mean over replicates"),
         p05 = reals("p05", "5th percentile over replicates"),
         p95 = reals("p95", "95th percentile over replicates"),
         pm = reals("p_meet", "share of replicates meeting the target"),
         pm_low = reals("p_meet_low", "95% Wilson interval of p_meet, low end"),
         pm_high = reals("p_meet_high", "95% Wilson interval of p_meet, high end"),
         gap = reals("gap", "mean - target"),
         echo_of = strings("echo_of",
                           "demand parameters that set the value while nobody waits (see "
                           "echo_share)"),
         echo_share = reals("echo_share",
                            "share of replicates in which nobody waited in the year, so the value "
                            "was set by echo_of alone"),
         echo_drawn = ints("echo_drawn", "1: some of echo_of were drawn per replicate"),
         driver = strings("driver",
                          "the drawn parameter whose ranks go most with the value over the "
                          "replicates"),
         driver_rho = reals("driver_rho", "Spearman's rank correlation of driver and the value");
  for (const CheckRow* c : reading_order(checks)) {
    echo_of.strings.push_back(c->echo_of);
    echo_share.reals.push_back(c->echo_share);
    echo_drawn.ints.push_back(c->echo_drawn ? 1 : 0);
    driver.strings.push_back(c->driver);
    driver_rho.reals.push_back(c->driver_rho);
    key.strings.push_back(c->key);
    id.strings.push_back(c->id);
    name.strings.push_back(c->name_zh);
    cls.strings.push_back(c->cls);
    nature.strings.push_back(c->nature);
    unit.strings.push_back(c->unit);
    loc.strings.push_back(c->location);
    kind.strings.push_back(c->kind);
    text.strings.push_back(c->text.empty() ? "-" : c->text);
    comp.strings.push_back(c->comparator);
    status.strings.push_back(c->status);
    basis.strings.push_back(c->basis);
    assumed_from.strings.push_back(c->assumed_from);
    pop_basis.strings.push_back(c->population_basis);
    conversion.strings.push_back(c->conversion);
    year.ints.push_back(c->year);
    binding.ints.push_back(c->binding ? 1 : 0);
    target.reals.push_back(c->target);
    mean.reals.push_back(c->mean);
    p05.reals.push_back(c->p05);
    p95.reals.push_back(c->p95);
    pm.reals.push_back(c->p_meet);
    pm_low.reals.push_back(c->p_meet_low);
    pm_high.reals.push_back(c->p_meet_high);
    gap.reals.push_back(c->gap);
  }
  w.table(g, "checks",
          {key,        id,      name,       cls,       nature,       binding, unit,    year,
           kind,       text,    comp,       target,    mean,         p05,     p95,     pm,
           pm_low,     pm_high, gap,        basis,     assumed_from, status,  echo_of, echo_share,
           echo_drawn, driver,  driver_rho, pop_basis, conversion,   loc},
          "Plan targets against the simulation, binding misses first: mean and 5-95% range over "
          "replicates, probability of meeting the target, gap = mean - target "
          "(models/care/checks.hpp)");
}

void write_audit(h5::Writer& w, hid_t g, const std::vector<AuditFinding>& audit) {
  Column rule = strings("rule"), sev = strings("severity", "contradiction, shortfall or note"),
         msg = strings("message"),
         figs = strings("figures", "key \"text\" at location, one per line");
  for (const auto& f : audit) {
    rule.strings.push_back(f.rule);
    sev.strings.push_back(f.severity);
    msg.strings.push_back(f.message);
    std::string all;
    for (const auto& x : f.figures) all += x.key + " \"" + x.text + "\" at " + x.location + "\n";
    figs.strings.push_back(all);
  }
  w.table(g, "audit", {rule, sev, msg, figs},
          "Contradictions inside the plan, each with the figures and where they stand "
          "(models/care/audit.hpp)");
}

void write_derived(h5::Writer& w, hid_t g, const std::vector<DerivedFigure>& derived) {
  Column where = strings("where", "place of the figure in the scenario"),
         key = strings("key", "row (key/year) or entry key"), value = reals("value"),
         from = strings("from", "what it is derived from, one per line"),
         rule = strings("rule", "how it is derived");
  for (const DerivedFigure& d : derived) {
    where.strings.push_back(d.where);
    key.strings.push_back(d.key);
    value.reals.push_back(d.value.value_or(std::nan("")));
    std::string f;
    for (const auto& x : d.derived->from) f += x + "\n";
    from.strings.push_back(f);
    rule.strings.push_back(d.derived->rule);
  }
  w.table(g, "derived", {where, key, value, from, rule},
          "Figures the plan does not state, each with what it is derived from and its rule "
          "(models/care/derivation.hpp)");
}

/// The replicates' draws of the uncertain parameters, and each parameter's distribution.
void write_parameters(h5::Writer& w, hid_t g, const ScenarioRun& r, const Coordinates& coords) {
  const Scenario& s = r.scenario();
  const auto& params = s.uncertain;
  h5::Handle pg = w.group(g, "parameters");
  w.attr(pg.id(), "description",
         std::string("One draw of every uncertain parameter per replicate (input/uncertainty.hpp): "
                     "replicate r is the run with these values set and run.uncertainty = "
                     "\"none\"; arrays are drawn as one multiplier of every element"));
  coords.replicate(w, pg.id());
  std::vector<std::string> keys, shapes, applies, units, reasoning, sources;
  std::vector<double> low, high, central, mean;
  for (const auto& p : params) {
    keys.push_back(p.key);
    shapes.push_back(std::string(to_string(p.distribution.shape)));
    applies.push_back(p.multiplier ? "multiplier" : "value");
    units.push_back(p.multiplier ? "factor" : p.unit);
    reasoning.push_back(p.reasoning);
    sources.push_back(p.source);
    low.push_back(p.distribution.low);
    high.push_back(p.distribution.high);
    central.push_back(p.distribution.central);
    mean.push_back(p.distribution.mean());
  }
  w.scale(pg.id(), "parameter", keys, "scenario key of the uncertain parameter");
  const hsize_t P = params.size();
  std::vector<double> draws;
  for (const auto& res : r.results)
    draws.insert(draws.end(), res.parameter_levels.begin(), res.parameter_levels.end());
  w.dataset(pg.id(), "draws", {static_cast<hsize_t>(r.results.size()), P}, draws,
            Meta{"",
                 "The replicate's draw: the parameter's value, or the multiplier of its "
                 "values (see applies_as)",
                 "",
                 "",
                 {"replicate", "parameter"}});
  auto text = [&](const char* n, const std::vector<std::string>& v, const char* what) {
    w.dataset(pg.id(), n, v, Meta{"", what, "", "", {"parameter"}});
  };
  auto num = [&](const char* n, const std::vector<double>& v, const char* what) {
    w.dataset(pg.id(), n, {P}, v, Meta{"", what, "", "", {"parameter"}});
  };
  text("shape", shapes,
       "uniform, triangular, pert (low, central, high), normal or lognormal "
       "(low and high the 2.5% and 97.5% quantiles)");
  text("applies_as", applies,
       "value: the draw is the value; multiplier: it multiplies every "
       "element of the sourced value");
  text("unit", units, "unit of the draws");
  text("reasoning", reasoning, "why the range is what it is");
  text("source", sources,
       "source of the range when it has its own (else the value's source, "
       "in resolved_scenario)");
  num("low", low, "low end of the range (2.5% quantile for normal shapes)");
  num("high", high, "high end of the range (97.5% quantile for normal shapes)");
  num("central", central, "the sourced value (1 for a multiplier): the mode of bounded shapes");
  num("mean", mean, "mean of the distribution (truncated to the parameter's bounds)");
}

void write_scenario(h5::Writer& w, hid_t root, const std::string& name, const ScenarioRun& r) {
  const Scenario& s = r.scenario();
  h5::Handle g = w.group(root, name);
  const Coordinates coords{s.horizon.first_year(), s.horizon.n_years(), s.run.replicates};
  coords.time(w, g.id());
  coords.replicate(w, g.id());
  Coordinates::people(w, g.id());

  w.attr(g.id(), "place_id", s.place.id);
  w.attr(g.id(), "place_name_zh", s.place.name_zh);
  w.attr(g.id(), "place_name_en", s.place.name_en);
  w.attr(g.id(), "place_level", s.place.level);
  w.attr(g.id(), "scenario_file", s.file);
  w.attr(g.id(), "resolved_scenario", s.resolved_toml);
  w.attr(g.id(), "baseline_date", s.baseline.date.to_string());
  w.attr(g.id(), "population_basis", s.baseline.population_basis);
  if (const auto reg = registered_population(s.plan)) {  // the plan's stated 户籍 population
    w.attr(g.id(), "registered_year", static_cast<std::int64_t>(reg->year));
    w.attr(g.id(), "registered_elderly", reg->elderly);
    w.attr(g.id(), "registered_total", reg->total);
  }
  w.attr(g.id(), "end_year", static_cast<std::int64_t>(s.horizon.end_year));
  w.attr(g.id(), "seed", std::uint64_t{s.run.seed});
  w.attr(g.id(), "replicates", static_cast<std::int64_t>(s.run.replicates));
  w.attr(g.id(), "sample_fraction", s.run.sample);
  w.attr(g.id(), "agent_weight", 1.0 / s.run.sample);
  w.attr(g.id(), "rng_place_stream", static_cast<std::int64_t>(s.rng_stream()));
  w.attr(g.id(), "uncertainty", std::string(s.draws_parameters() ? "parameters" : "none"));
  w.attr(g.id(), "uncertain_parameters", static_cast<std::int64_t>(s.uncertain.size()));
  const DemographyModel& m = *r.compiled.model;
  w.attr(g.id(), "mortality_scale", m.mortality().scale());
  w.attr(g.id(), "mortality_level", m.mortality().level());
  w.attr(g.id(), "fertility_scale", m.fertility().level());
  w.attr(g.id(), "input_tfr", m.fertility().tfr(0));
  w.attr(g.id(), "input_life_expectancy_male", m.mortality().life_expectancy(0, 0));
  w.attr(g.id(), "input_life_expectancy_female", m.mortality().life_expectancy(0, 1));
  w.attr(g.id(), "input_life_expectancy_both", m.mortality().life_expectancy(0, 2));
  std::vector<std::string> calibration;
  for (const auto& c : r.compiled.calibration) calibration.push_back(format_calibration(c));
  if (!calibration.empty()) w.attr(g.id(), "calibration", calibration);
  w.attr(g.id(), "disability_stationarity_error", m.transitions().max_stationarity_error());

  std::vector<Flat> flats;
  for (const auto& res : r.results) flats.push_back(flatten(res.tallies));
  write_tallies(w, g.id(), flats, true);
  std::vector<std::int64_t> months, agents, pm;
  for (int y = 0; y < s.horizon.n_years(); ++y)
    months.push_back(r.results.front().tallies.months[y]);
  for (const auto& res : r.results) {
    agents.push_back(static_cast<std::int64_t>(res.stats.agents_initial));
    pm.push_back(static_cast<std::int64_t>(res.stats.person_months));
  }
  w.dataset(g.id(), "months_simulated", {static_cast<hsize_t>(months.size())}, months,
            Meta{"months", "Months simulated in each calendar year", "", "", {"year"}});
  w.dataset(g.id(), "agents_initial", {static_cast<hsize_t>(agents.size())}, agents,
            Meta{"agents", "Agents synthesized at the baseline", "", "", {"replicate"}});
  w.dataset(g.id(), "agent_months", {static_cast<hsize_t>(pm.size())}, pm,
            Meta{"agent-months", "Agent-months simulated", "", "", {"replicate"}});

  h5::Handle ref = w.group(g.id(), "reference");
  w.attr(ref.id(), "description",
         std::string("Deterministic cohort-component projection of the same processes "
                     "(expected values of the agent model)"));
  coords.time(w, ref.id());
  Coordinates::people(w, ref.id());
  write_tallies(w, ref.id(), {flatten(r.summary.reference)}, false);
  if (s.plan.present) {
    w.attr(g.id(), "plan_document", s.plan.document);
    w.attr(g.id(), "plan_title_zh", s.plan.title_zh);
  }
  write_indicators(w, g.id(), r, coords);
  if (r.compiled.care) write_care(w, g.id(), r, coords);
  if (!r.summary.checks.empty()) write_checks(w, g.id(), r.summary.checks);
  if (!r.summary.audit.empty()) write_audit(w, g.id(), r.summary.audit);
  if (s.draws_parameters()) write_parameters(w, g.id(), r, coords);
  const auto derived = derived_figures(s);
  if (!derived.empty()) write_derived(w, g.id(), derived);
  w.attr(g.id(), "capacity_reading",
         std::string(kCapacityReadingNames[static_cast<int>(s.capacity.reading)]));
}

void write_batch(h5::Writer& w, hid_t root, const std::string& name,
                 const std::vector<ScenarioRun>& runs, const std::vector<std::size_t>& members) {
  const Scenario& s0 = runs[members.front()].scenario();
  h5::Handle g = w.group(root, name);
  const hsize_t P = members.size(), R = static_cast<hsize_t>(s0.run.replicates);
  const hsize_t Y = static_cast<hsize_t>(s0.horizon.n_years());
  const Coordinates coords{s0.horizon.first_year(), s0.horizon.n_years(), s0.run.replicates};
  coords.time(w, g.id());
  coords.replicate(w, g.id());
  w.scale(g.id(), "place", range(0, static_cast<int>(P)), "row of the 'places' table");
  w.attr(g.id(), "batch", name);
  w.attr(g.id(), "description",
         std::string("A batch: every place of a census table under one template. Tables of "
                     "places, their checks, how many meet each target, indicator series."));
  w.attr(g.id(), "scenario_file", s0.file);
  w.attr(g.id(), "resolved_template", s0.resolved_toml);
  w.attr(g.id(), "seed", std::uint64_t{s0.run.seed});
  w.attr(g.id(), "replicates", static_cast<std::int64_t>(s0.run.replicates));
  w.attr(g.id(), "sample_fraction", s0.run.sample);

  Column id = strings("id", "c + census code"), province = strings("province"),
         prefecture = strings("prefecture"), county = strings("county"), level = strings("level"),
         pop = reals("population_baseline", "2020 census residents"),
         agents = ints("agents_initial", "agents simulated, all replicates");
  std::vector<double> total;  // [place][replicate][year]
  for (std::size_t m : members) {
    const ScenarioRun& r = runs[m];
    id.strings.push_back(r.scenario().place.id);
    province.strings.push_back(r.scenario().place.province);
    prefecture.strings.push_back(r.scenario().place.prefecture);
    county.strings.push_back(r.scenario().place.name_zh);
    level.strings.push_back(r.scenario().place.level);
    pop.reals.push_back(r.scenario().baseline.people());
    std::int64_t a = 0;
    for (const auto& res : r.results) a += static_cast<std::int64_t>(res.stats.agents_initial);
    agents.ints.push_back(a);
    for (const auto& res : r.results)
      for (hsize_t y = 0; y < Y; ++y)
        total.push_back(population_at_year_end(res.tallies, static_cast<int>(y), 0, kMaxAge));
  }
  w.table(g.id(), "places", {id, province, prefecture, county, level, pop, agents},
          "The places of the batch (census rows): id (c + census code), names, 2020 census "
          "residents, agents simulated");
  w.dataset(
      g.id(), "population", {P, R, Y}, total,
      Meta{"persons", "Residents on 31 December", "", "常住人口", {"place", "replicate", "year"}});

  h5::Handle ig = w.group(g.id(), "indicators");
  coords.time(w, ig.id());
  coords.replicate(w, ig.id());
  w.scale(ig.id(), "place", range(0, static_cast<int>(P)), "row of the 'places' table");
  for (const auto& def : indicator_catalog()) {
    if (def.cls == IndicatorClass::kExogenous) continue;
    std::vector<double> v;
    for (std::size_t m : members) {
      const auto& series = runs[m].summary.indicators;
      const auto it = series.find(def.id);
      for (hsize_t k = 0; k < R; ++k)
        for (hsize_t y = 0; y < Y; ++y)
          v.push_back(it == series.end() ? std::nan("") : it->second[k][y]);
    }
    w.dataset(
        ig.id(), def.id, {P, R, Y}, v,
        Meta{def.unit, def.name_en, def.formula, def.name_zh, {"place", "replicate", "year"}});
  }

  Column place = ints("place", "row of the places table"), pid = strings("place_id"),
         pname = strings("county");
  TargetCheckColumns targets;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const ScenarioRun& r = runs[members[i]];
    for (const CheckRow& c : r.summary.checks) {
      if (c.kind != "target") continue;
      place.ints.push_back(static_cast<std::int64_t>(i));
      pid.strings.push_back(r.scenario().place.id);
      pname.strings.push_back(r.scenario().place.name_zh);
      targets.add(c);
    }
  }
  w.table(g.id(), "checks", targets.after({place, pid, pname}),
          "The template's targets checked in every place (per-place check tables, one row per "
          "place, target and year)");

  Column sbasis = strings("basis", "computed, or assumed: not a check in any place"),
         skey = strings("key"), sid = strings("id"), sname = strings("name_zh"),
         syear = ints("year"), stext = strings("text"), checked = ints("places_checked"),
         meeting = ints("places_meeting", "places with P(meet) >= 0.5"),
         share = reals("share_meeting"), pshare = reals("share_of_people_meeting");
  for (const auto& b : summarize_batch(runs, members)) {
    skey.strings.push_back(b.key);
    sbasis.strings.push_back(b.basis);
    sid.strings.push_back(b.id);
    sname.strings.push_back(b.name_zh);
    syear.ints.push_back(b.year);
    stext.strings.push_back(b.text);
    checked.ints.push_back(b.places_checked);
    meeting.ints.push_back(b.places_meeting);
    share.reals.push_back(
        b.places_checked ? static_cast<double>(b.places_meeting) / b.places_checked : std::nan(""));
    pshare.reals.push_back(b.people_checked > 0 ? b.people_meeting / b.people_checked
                                                : std::nan(""));
  }
  w.table(g.id(), "summary",
          {skey, sid, sname, syear, stext, sbasis, checked, meeting, share, pshare},
          "How many places meet each target (P(meet) >= 0.5), and their share of the people");
}

}  // namespace

std::vector<std::string> run_group_names(const std::vector<ScenarioRun>& runs) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& r : runs) {
    std::string base = std::filesystem::path(r.scenario().file).stem().string();
    if (base.empty()) base = r.scenario().place.id;
    std::string name = base;
    for (int k = 2; used.count(name); ++k) name = base + "_" + std::to_string(k);
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

void write_run_hdf5(const std::string& path, const std::vector<ScenarioRun>& runs,
                    const RunMetadata& meta) {
  h5::Writer w(path);
  const hid_t root = w.root();
  w.attr(root, "format", std::string("laoxiao-run"));
  w.attr(root, "format_version", static_cast<std::int64_t>(kOutputFormatVersion));
  w.attr(root, "laoxiao_version", std::string(kVersion));
  w.attr(root, "command_line", meta.command_line);
  w.attr(root, "threads", static_cast<std::int64_t>(meta.threads));
  w.attr(root, "rng",
         std::string("Philox4x32-10; key = seed; counter = (agent id or agent id/4, "
                     "month index, stream << 24 | place stream, replicate)"));
  std::vector<std::string> order;
  for (const auto& p : monthly_step_order())
    order.push_back(std::string(p.name) + ": " + p.description);
  w.attr(root, "step_order", order);
  w.attr(root, "description",
         std::string("laoxiao run: one group per scenario with per-replicate datasets and the "
                     "reference projection (group 'reference'). See docs/HDF5-LAYOUT.md."));

  const auto names = run_group_names(runs);
  std::vector<std::string> scenario_list;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].scenario().batch.empty()) continue;  // written per batch below
    scenario_list.push_back(names[i]);
    write_scenario(w, root, names[i], runs[i]);
  }
  for (const auto& [name, members] : batches_of(runs)) {
    write_batch(w, root, name, runs, members);
    scenario_list.push_back(name);
  }
  w.attr(root, "scenarios", scenario_list);
  w.close();
}

}  // namespace laoxiao
