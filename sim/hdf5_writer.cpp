#include "sim/hdf5_writer.hpp"

#include <filesystem>
#include <set>

#include "laoxiao/version.hpp"
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
  for (const auto& p : demographic_step_order())
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
    for (int y = 0; y < s.n_years(); ++y) months.push_back(r.reference.months[y]);
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
  }
  w.attr(root, "scenarios", scenario_list);
  w.flush();
  w.close();
}

}  // namespace laoxiao
