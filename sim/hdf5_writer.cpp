#include "sim/hdf5_writer.hpp"

#include <filesystem>
#include <set>

#include <cmath>
#include "laoxiao/version.hpp"
#include "sim/batch.hpp"
#include "sim/h5util.hpp"
#include "sim/rng.hpp"

namespace laoxiao {

namespace {

using h5::Meta;

std::vector<std::string> labels(const std::vector<AgeGroup>& g) {
  std::vector<std::string> out;
  for (const auto& x : g) out.push_back(x.label);
  return out;
}

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
  for (int y = 0; y < t.n_years; ++y) {
    auto p = to_groups(t.population_end.data() + y * ass, kSexes * kStates);
    f.population.insert(f.population.end(), p.begin(), p.end());
    auto d = to_groups(t.deaths.data() + y * ass, kSexes * kStates);
    f.deaths.insert(f.deaths.end(), d.begin(), d.end());
    auto e = to_groups(t.exposure.data() + y * as, kSexes);
    f.exposure.insert(f.exposure.end(), e.begin(), e.end());
    auto ar = to_groups(t.arrivals.data() + y * as, kSexes);
    f.arrivals.insert(f.arrivals.end(), ar.begin(), ar.end());
    auto de = to_groups(t.departures.data() + y * as, kSexes);
    f.departures.insert(f.departures.end(), de.begin(), de.end());
  }
  f.births = t.births;
  f.transitions = t.transitions;
  f.e0 = period_life_expectancy(t);
  return f;
}

void append(std::vector<double>& dst, const std::vector<double>& src) {
  dst.insert(dst.end(), src.begin(), src.end());
}

void write_tallies(h5::Writer& w, hid_t g, const std::vector<Flat>& flats, bool with_replicate) {
  const hsize_t R = flats.size();
  const hsize_t Y = flats.front().births.size() / kSexes;
  const hsize_t G = five_year_groups().size();
  const hsize_t A = DemographicTallies::kAges;
  auto shape = [&](std::vector<hsize_t> s) {
    if (with_replicate) s.insert(s.begin(), R);
    return s;
  };
  auto dims = [&](std::vector<std::string> d) {
    if (with_replicate) d.insert(d.begin(), "replicate");
    return d;
  };
  auto gather = [&](auto member) {
    std::vector<double> out;
    for (const auto& f : flats) append(out, f.*member);
    return out;
  };
  const std::string what = with_replicate ? "" : "Expected (reference projection): ";
  w.dataset(g, "population", shape({Y, G, kSexes, kStates}), gather(&Flat::population),
            Meta{"persons",
                 what + "Population on 31 December by 5-year age group, sex and "
                        "disability state (the last year: end of the horizon)",
                 "人口", dims({"year", "age_group", "sex", "state"})});
  w.dataset(g, "population_by_single_age", shape({Y, A, kSexes, kStates}),
            gather(&Flat::population_single),
            Meta{"persons", what + "Population on 31 December by single year of age (110 = 110+)",
                 "人口（单岁）", dims({"year", "age", "sex", "state"})});
  w.dataset(g, "population_baseline", shape({G, kSexes, kStates}),
            gather(&Flat::population_baseline),
            Meta{"persons", what + "Synthesized population at the baseline date", "基期人口",
                 dims({"age_group", "sex", "state"})});
  w.dataset(g, "deaths", shape({Y, G, kSexes, kStates}), gather(&Flat::deaths),
            Meta{"persons per year",
                 what + "Deaths in the calendar year by age (at the start of the month of death), "
                        "sex and disability state",
                 "死亡人数", dims({"year", "age_group", "sex", "state"})});
  w.dataset(g, "births", shape({Y, kSexes}), gather(&Flat::births),
            Meta{"births per year", what + "Births in the calendar year by sex of the newborn",
                 "出生人数", dims({"year", "sex"})});
  w.dataset(g, "exposure", shape({Y, G, kSexes}), gather(&Flat::exposure),
            Meta{"person-years",
                 what + "Person-years lived in the calendar year (alive at the start of each "
                        "month minus half the month's deaths, over 12)",
                 "暴露人年", dims({"year", "age_group", "sex"})});
  w.dataset(g, "life_expectancy", shape({Y, 3}), gather(&Flat::e0),
            Meta{"years",
                 what + "Period life expectancy at birth from the year's simulated deaths and "
                        "exposures (abridged life table; NaN where the table cannot be closed)",
                 "人均预期寿命", dims({"year", "sex_total"})});
  w.dataset(g, "disability_transitions", shape({Y, kStates, kStates}), gather(&Flat::transitions),
            Meta{"persons per year", what + "Changes of disability state in the calendar year",
                 "失能状态转移", dims({"year", "state_from", "state_to"})});
  w.dataset(g, "arrivals", shape({Y, G, kSexes}), gather(&Flat::arrivals),
            Meta{"persons per year", what + "Migrant arrivals in the calendar year", "迁入人数",
                 dims({"year", "age_group", "sex"})});
  w.dataset(g, "departures", shape({Y, G, kSexes}), gather(&Flat::departures),
            Meta{"persons per year", what + "Migrant departures in the calendar year", "迁出人数",
                 dims({"year", "age_group", "sex"})});
}

void write_care(h5::Writer& w, hid_t g, const ScenarioRun& r) {
  const Scenario& s = r.scenario;
  const hsize_t R = r.replicates.size();
  const hsize_t Y = static_cast<hsize_t>(s.n_years());
  w.dim_scale("kind", std::vector<std::string>{"elder_bed", "home_care_bed", "childcare_slot"},
              "kind of place: elder-care bed 养老床位, home-based care bed 家庭养老床位, 托位");
  w.dim_scale("tier", std::vector<std::string>{"safety_net", "affordable", "market"},
              "tier: safety-net 兜底, affordable 普惠, market 市场化");
  w.dim_scale("bed_type", std::vector<std::string>{"other", "nursing"},
              "nursing-type (护理型) or not");
  w.dim_scale("band", std::vector<std::string>{"6-11 months", "12-23 months", "24-35 months"},
              "childcare age band: 乳儿班, 托小班, 托大班");
  w.dim_scale("group",
              std::vector<std::string>{"extreme-poverty elderly", "fully dependent elderly",
                                       "other elderly", "children"},
              "allocation priority group");
  w.dim_scale("who", std::vector<std::string>{"elderly", "children"}, "elderly or children");

  // Indicator series for every modelled catalog indicator.
  h5::Handle ig = w.group(g, "indicators");
  w.attr(ig.id(), "description",
         std::string("Every modelled catalog indicator per replicate and year-end "
                     "(models/care/indicators.cpp); NaN where it cannot be computed"));
  for (const auto& def : indicator_catalog()) {
    auto it = r.indicators.find(def.id);
    if (it == r.indicators.end()) continue;
    std::vector<double> v;
    for (const auto& rep : it->second) v.insert(v.end(), rep.begin(), rep.end());
    w.dataset(ig.id(), def.id, {R, Y}, v,
              Meta{def.unit,
                   def.name_en + ": " + def.formula + " [" + std::string(to_string(def.cls)) + "]",
                   def.name_zh,
                   {"replicate", "year"}});
  }

  if (r.care) {
    h5::Handle cg = w.group(g, "care");
    w.attr(cg.id(), "description",
           std::string("Capacity, occupancy, demand, waiting, staff and costs at each year end "
                       "(people units); see docs/MODEL.md, Care"));
    std::vector<double> places, occupied, residents, children, waiting, wait_mean, adm, adm_wait,
        caregivers, staff, subsidy, wishing;
    for (std::size_t k = 0; k < R; ++k) {
      for (hsize_t y = 0; y < Y; ++y) {
        const CareYear& c = r.care_years[k][y];
        places.insert(places.end(), c.places.begin(), c.places.end());
        occupied.insert(occupied.end(), c.occupied.begin(), c.occupied.end());
        residents.insert(residents.end(), c.residents_by_state.begin(), c.residents_by_state.end());
        children.insert(children.end(), c.children_by_band.begin(), c.children_by_band.end());
        waiting.insert(waiting.end(), c.waiting.begin(), c.waiting.end());
        for (int q = 0; q < 4; ++q)
          wait_mean.push_back(c.waiting[q] > 0 ? c.waiting_months[q] / c.waiting[q] : std::nan(""));
        adm.insert(adm.end(), c.admissions.begin(), c.admissions.end());
        for (int q = 0; q < 2; ++q)
          adm_wait.push_back(c.admissions[q] > 0 ? c.admission_wait_months[q] / c.admissions[q]
                                                 : std::nan(""));
        const CareYear* prev = y > 0 ? &r.care_years[k][y - 1] : nullptr;
        const CareDiagnostics d = diagnostics(c, prev, r.replicates.front().months[y], s.care);
        caregivers.push_back(d.caregivers_needed);
        staff.push_back(d.childcare_staff_needed);
        subsidy.push_back(d.care_subsidy_yuan);
        wishing.push_back(c.wishing_elderly);
        wishing.push_back(c.wishing_children);
      }
    }
    w.dataset(cg.id(), "places", {R, Y, kPlaceKinds, kTiers, 2}, places,
              Meta{"places",
                   "Places open on 31 December",
                   "床位/托位",
                   {"replicate", "year", "kind", "tier", "bed_type"}});
    w.dataset(cg.id(), "occupied", {R, Y, kPlaceKinds, kTiers, 2}, occupied,
              Meta{"persons",
                   "Places occupied on 31 December",
                   "入住/入托",
                   {"replicate", "year", "kind", "tier", "bed_type"}});
    w.dataset(cg.id(), "residents_by_state", {R, Y, kStates}, residents,
              Meta{"persons",
                   "People in elder-care beds by disability state",
                   "入住老人",
                   {"replicate", "year", "state"}});
    w.dataset(cg.id(), "children_by_band", {R, Y, 3}, children,
              Meta{"persons",
                   "Children in 托位 by age band",
                   "入托婴幼儿",
                   {"replicate", "year", "band"}});
    w.dataset(cg.id(), "waiting", {R, Y, 4}, waiting,
              Meta{"persons",
                   "People wanting a place and waiting on 31 December (unmet demand)",
                   "轮候人数",
                   {"replicate", "year", "group"}});
    w.dataset(cg.id(), "mean_waiting_months", {R, Y, 4}, wait_mean,
              Meta{"months",
                   "Mean time waited so far by those waiting on 31 December",
                   "平均轮候时间",
                   {"replicate", "year", "group"}});
    w.dataset(cg.id(), "admissions", {R, Y, 2}, adm,
              Meta{"persons per year",
                   "Admissions in the year",
                   "入住人数",
                   {"replicate", "year", "who"}});
    w.dataset(cg.id(), "mean_wait_of_admissions", {R, Y, 2}, adm_wait,
              Meta{"months",
                   "Mean waiting time of the year's admissions",
                   "",
                   {"replicate", "year", "who"}});
    w.dataset(cg.id(), "wishing", {R, Y, 2}, wishing,
              Meta{"persons",
                   "People wanting a place on 31 December",
                   "意愿人数",
                   {"replicate", "year", "who"}});
    w.dataset(cg.id(), "caregivers_needed", {R, Y}, caregivers,
              Meta{"persons",
                   "Elder-care workers needed for the residents under the scenario's ratios "
                   "(staffing.residents_per_caregiver_*)",
                   "所需养老护理员",
                   {"replicate", "year"}});
    w.dataset(cg.id(), "childcare_staff_needed", {R, Y}, staff,
              Meta{"persons",
                   "Carers needed for the enrolled children (staffing.children_per_carer)",
                   "所需保育人员",
                   {"replicate", "year"}});
    w.dataset(cg.id(), "care_subsidy_yuan", {R, Y}, subsidy,
              Meta{"yuan per year",
                   "Monthly care subsidies to dependent 特困 people over the year",
                   "护理补贴支出",
                   {"replicate", "year"}});
    const auto cost = capital_costs(*r.capacity, s.care, s.first_year(), s.n_years());
    std::vector<double> invest, central;
    for (const auto& c : cost) {
      invest.push_back(c[0]);
      central.push_back(c[1]);
    }
    w.dataset(
        cg.id(), "capital_investment_10k_yuan", {Y}, invest,
        Meta{"10k yuan", "Investment of the projects opening in the year", "项目投资", {"year"}});
    w.dataset(cg.id(), "new_place_subsidy_yuan", {Y}, central,
              Meta{"yuan",
                   "Central subsidies for new safety-net and affordable places opening in the year",
                   "新增床位/托位补助",
                   {"year"}});
  }

  if (!r.checks.empty()) {
    using C = h5::Writer::Column;
    auto col = [](const char* n) {
      C c;
      c.name = n;
      return c;
    };
    C key = col("key"), id = col("id"), name = col("name_zh"), cls = col("class"),
      nature = col("nature"), unit = col("unit"), loc = col("location"), kind = col("kind"),
      text = col("text"), comp = col("comparator"), status = col("status"), year = col("year"),
      binding = col("binding"), target = col("target"), mean = col("mean"), p05 = col("p05"),
      p95 = col("p95"), pm = col("p_meet"), gap = col("gap");
    for (const CheckRow* c : reading_order(r.checks)) {
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
      year.ints.push_back(c->year);
      binding.ints.push_back(c->binding ? 1 : 0);
      target.reals.push_back(c->target);
      mean.reals.push_back(c->mean);
      p05.reals.push_back(c->p05);
      p95.reals.push_back(c->p95);
      pm.reals.push_back(c->p_meet);
      gap.reals.push_back(c->gap);
    }
    w.table(g, "checks",
            {key, id, name, cls, nature, binding, unit, year, kind, text, comp, target, mean, p05,
             p95, pm, gap, status, loc},
            "Plan targets against the simulation, binding misses first: mean and 5-95% range over "
            "replicates, probability of meeting the target, gap = mean - target "
            "(models/care/checks.hpp)");
  }
  if (!r.audit.empty()) {
    using C = h5::Writer::Column;
    auto col = [](const char* n) {
      C c;
      c.name = n;
      return c;
    };
    C rule = col("rule"), sev = col("severity"), msg = col("message"), figs = col("figures");
    for (const auto& f : r.audit) {
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
}

void write_batch(h5::Writer& w, hid_t root, const std::string& name,
                 const std::vector<ScenarioRun>& runs, const std::vector<std::size_t>& members) {
  using C = h5::Writer::Column;
  auto col = [](const char* n) {
    C c;
    c.name = n;
    return c;
  };
  const Scenario& s0 = runs[members.front()].scenario;
  h5::Handle g = w.group(root, name);
  w.begin_scope(g.id());
  const hsize_t P = members.size(), R = static_cast<hsize_t>(s0.run.replicates);
  const hsize_t Y = static_cast<hsize_t>(s0.n_years());
  std::vector<std::int32_t> years, reps, places;
  for (hsize_t y = 0; y < Y; ++y) years.push_back(s0.first_year() + static_cast<int>(y));
  for (hsize_t k = 0; k < R; ++k) reps.push_back(static_cast<std::int32_t>(k));
  for (hsize_t p = 0; p < P; ++p) places.push_back(static_cast<std::int32_t>(p));
  w.dim_scale("year", years, "calendar year (the first is partial)");
  w.dim_scale("replicate", reps, "replicate index");
  w.dim_scale("place", places, "row of the 'places' table");
  w.attr(g.id(), "batch", name);
  w.attr(g.id(), "description",
         std::string("A batch: every place of a census table under one template. Tables of "
                     "places, their checks, how many meet each target, indicator series."));
  w.attr(g.id(), "scenario_file", s0.file);
  w.attr(g.id(), "resolved_template", s0.resolved_toml);
  w.attr(g.id(), "seed", static_cast<std::int64_t>(s0.run.seed));
  w.attr(g.id(), "replicates", static_cast<std::int64_t>(s0.run.replicates));
  w.attr(g.id(), "sample_fraction", s0.run.sample);

  C id = col("id"), province = col("province"), prefecture = col("prefecture"),
    county = col("county"), level = col("level"), pop = col("population_baseline"),
    agents = col("agents_initial");
  std::vector<double> total;  // [place][replicate][year]
  for (std::size_t m : members) {
    const ScenarioRun& r = runs[m];
    id.strings.push_back(r.scenario.place.id);
    province.strings.push_back(r.scenario.place.province);
    prefecture.strings.push_back(r.scenario.place.prefecture);
    county.strings.push_back(r.scenario.place.name_zh);
    level.strings.push_back(r.scenario.place.level);
    pop.reals.push_back(r.scenario.baseline.total());
    std::int64_t a = 0;
    for (const auto& st : r.stats) a += static_cast<std::int64_t>(st.agents_initial);
    agents.ints.push_back(a);
    for (const auto& t : r.replicates)
      for (hsize_t y = 0; y < Y; ++y) {
        double n = 0;
        for (int age = 0; age <= kMaxAge; ++age)
          for (int sx = 0; sx < kSexes; ++sx)
            for (int st = 0; st < kStates; ++st)
              n += t.population_end[t.yass(static_cast<int>(y), age, sx, st)];
        total.push_back(n);
      }
  }
  w.table(g.id(), "places", {id, province, prefecture, county, level, pop, agents},
          "The places of the batch (census rows): id (c + census code), names, 2020 census "
          "residents, agents simulated");
  w.dataset(
      g.id(), "population", {P, R, Y}, total,
      Meta{"persons", "Residents on 31 December", "常住人口", {"place", "replicate", "year"}});

  h5::Handle ig = w.group(g.id(), "indicators");
  for (const auto& def : indicator_catalog()) {
    if (def.cls == IndicatorClass::kExogenous) continue;
    std::vector<double> v;
    for (std::size_t m : members) {
      const auto it = runs[m].indicators.find(def.id);
      for (hsize_t k = 0; k < R; ++k)
        for (hsize_t y = 0; y < Y; ++y)
          v.push_back(it == runs[m].indicators.end() ? std::nan("") : it->second[k][y]);
    }
    w.dataset(ig.id(), def.id, {P, R, Y}, v,
              Meta{def.unit,
                   def.name_en + ": " + def.formula,
                   def.name_zh,
                   {"place", "replicate", "year"}});
  }

  C place = col("place"), pid = col("place_id"), pname = col("county"), key = col("key"),
    ind = col("id"), year = col("year"), text = col("text"), comp = col("comparator"),
    target = col("target"), mean = col("mean"), p05 = col("p05"), p95 = col("p95"),
    pm = col("p_meet"), gap = col("gap"), status = col("status"), binding = col("binding");
  for (std::size_t i = 0; i < members.size(); ++i) {
    const ScenarioRun& r = runs[members[i]];
    for (const CheckRow& c : r.checks) {
      if (c.kind != "target") continue;
      place.ints.push_back(static_cast<std::int64_t>(i));
      pid.strings.push_back(r.scenario.place.id);
      pname.strings.push_back(r.scenario.place.name_zh);
      key.strings.push_back(c.key);
      ind.strings.push_back(c.id);
      year.ints.push_back(c.year);
      text.strings.push_back(c.text.empty() ? "-" : c.text);
      comp.strings.push_back(c.comparator);
      target.reals.push_back(c.target);
      mean.reals.push_back(c.mean);
      p05.reals.push_back(c.p05);
      p95.reals.push_back(c.p95);
      pm.reals.push_back(c.p_meet);
      gap.reals.push_back(c.gap);
      status.strings.push_back(c.status);
      binding.ints.push_back(c.binding ? 1 : 0);
    }
  }
  w.table(g.id(), "checks",
          {place, pid, pname, key, ind, binding, year, text, comp, target, mean, p05, p95, pm, gap,
           status},
          "The template's targets checked in every place (per-place check tables, one row per "
          "place, target and year)");

  C skey = col("key"), sid = col("id"), sname = col("name_zh"), syear = col("year"),
    stext = col("text"), checked = col("places_checked"), meeting = col("places_meeting"),
    share = col("share_meeting"), pshare = col("share_of_people_meeting");
  for (const auto& b : summarize_batch(runs, members)) {
    skey.strings.push_back(b.key);
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
  w.table(g.id(), "summary", {skey, sid, sname, syear, stext, checked, meeting, share, pshare},
          "How many places meet each target (P(meet) >= 0.5), and their share of the people");
}

}  // namespace

std::vector<std::string> run_group_names(const std::vector<ScenarioRun>& runs) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& r : runs) {
    std::string base = std::filesystem::path(r.scenario.file).stem().string();
    if (base.empty()) base = r.scenario.place.id;
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
    const ScenarioRun& r = runs[i];
    const Scenario& s = r.scenario;
    if (!s.batch.empty()) continue;  // written per batch below
    scenario_list.push_back(names[i]);
    h5::Handle g = w.group(root, names[i]);
    w.begin_scope(g.id());
    std::vector<std::int32_t> years, ages, reps;
    for (int y = 0; y < s.n_years(); ++y) years.push_back(s.first_year() + y);
    for (int a = 0; a <= kMaxAge; ++a) ages.push_back(a);
    for (int k = 0; k < s.run.replicates; ++k) reps.push_back(k);
    w.dim_scale("year", years, "calendar year (the first is partial: see months_simulated)");
    w.dim_scale("age", ages, "single year of age in completed years (110 stands for 110+)");
    w.dim_scale("age_group", labels(five_year_groups()), "5-year age group");
    w.dim_scale("sex", std::vector<std::string>{"male", "female"}, "sex");
    w.dim_scale("sex_total", std::vector<std::string>{"male", "female", "both"}, "sex or both");
    for (const char* d : {"state", "state_from", "state_to"})
      w.dim_scale(d, std::vector<std::string>{"independent", "partial", "full"},
                  "disability state: independent 自理, partially dependent 半失能, fully "
                  "dependent 失能");
    w.dim_scale("replicate", reps, "replicate index (the replicate key of the random streams)");

    w.attr(g.id(), "place_id", s.place.id);
    w.attr(g.id(), "place_name_zh", s.place.name_zh);
    w.attr(g.id(), "place_name_en", s.place.name_en);
    w.attr(g.id(), "place_level", s.place.level);
    w.attr(g.id(), "scenario_file", s.file);
    w.attr(g.id(), "resolved_scenario", s.resolved_toml);
    w.attr(g.id(), "baseline_date", s.baseline.date.to_string());
    w.attr(g.id(), "population_basis", s.baseline.population_basis);
    w.attr(g.id(), "end_year", static_cast<std::int64_t>(s.end_year));
    w.attr(g.id(), "seed", static_cast<std::int64_t>(s.run.seed));
    w.attr(g.id(), "replicates", static_cast<std::int64_t>(s.run.replicates));
    w.attr(g.id(), "sample_fraction", s.run.sample);
    w.attr(g.id(), "agent_weight", 1.0 / s.run.sample);
    w.attr(g.id(), "rng_place_stream", static_cast<std::int64_t>(s.place.rng_stream));
    const DemographyModel& m = *r.model;
    w.attr(g.id(), "mortality_scale", m.mortality().scale());
    w.attr(g.id(), "fertility_scale", m.fertility().scale());
    w.attr(g.id(), "input_tfr", m.fertility().tfr());
    w.attr(g.id(), "input_life_expectancy_male", m.mortality().life_expectancy(0));
    w.attr(g.id(), "input_life_expectancy_female", m.mortality().life_expectancy(1));
    w.attr(g.id(), "input_life_expectancy_both", m.mortality().life_expectancy_both());
    w.attr(g.id(), "disability_stationarity_error", m.transitions().max_stationarity_error());

    std::vector<Flat> flats;
    for (const auto& t : r.replicates) flats.push_back(flatten(t));
    write_tallies(w, g.id(), flats, true);
    std::vector<std::int64_t> months;
    for (int y = 0; y < s.n_years(); ++y) months.push_back(r.replicates.front().months[y]);
    w.dataset(g.id(), "months_simulated", {static_cast<hsize_t>(months.size())}, months,
              Meta{"months", "Months simulated in each calendar year", "", {"year"}});
    std::vector<std::int64_t> agents, pm;
    for (const auto& st : r.stats) {
      agents.push_back(static_cast<std::int64_t>(st.agents_initial));
      pm.push_back(static_cast<std::int64_t>(st.person_months));
    }
    w.dataset(g.id(), "agents_initial", {static_cast<hsize_t>(agents.size())}, agents,
              Meta{"agents", "Agents synthesized at the baseline", "", {"replicate"}});
    w.dataset(g.id(), "agent_months", {static_cast<hsize_t>(pm.size())}, pm,
              Meta{"agent-months", "Agent-months simulated", "", {"replicate"}});

    h5::Handle ref = w.group(g.id(), "reference");
    w.attr(ref.id(), "description",
           std::string("Deterministic cohort-component projection of the same processes "
                       "(expected values of the agent model)"));
    write_tallies(w, ref.id(), {flatten(r.reference)}, false);
    if (s.plan.present) {
      w.attr(g.id(), "plan_document", s.plan.document);
      w.attr(g.id(), "plan_title_zh", s.plan.title_zh);
    }
    write_care(w, g.id(), r);
  }
  for (const auto& [name, members] : batches_of(runs)) {
    write_batch(w, root, name, runs, members);
    scenario_list.push_back(name);
  }
  w.attr(root, "scenarios", scenario_list);
  w.close();
}

}  // namespace laoxiao
