#include "input/scenario.hpp"

#include "core/toml.hpp"

#include <cctype>
#include <set>
#include <sstream>

#include "core/toml_read.hpp"
#include "input/batch.hpp"
#include "input/census.hpp"
#include "input/chain.hpp"
#include "input/registry.hpp"
#include "input/validate.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

namespace {

ParamFields<Place> place_fields() {
  ParamFields<Place> f("place");
  f.field(LAOXIAO_KEY(Place, id), "Identifier of the place in pinyin (also the HDF5 group name).")
      .required();
  f.field(LAOXIAO_KEY(Place, name_zh), "Chinese name of the place.", "地名");
  f.field(LAOXIAO_KEY(Place, name_en), "English name of the place.");
  f.field(LAOXIAO_KEY(Place, level), "Administrative level.", "行政级别")
      .one_of({"nation", "province", "prefecture", "county", "district", "test"});
  f.field(LAOXIAO_KEY(Place, rng_stream), "", 0, 16777215,
          "Random stream of the place (24 bits). Defaults to the first census code, or a hash of "
          "place.id. Two scenarios of the same place share draws (common random numbers).");
  f.check([](const Place& p, const ParamSource& src) {
    for (char c : p.id)
      if (!(std::islower(static_cast<unsigned char>(c)) ||
            std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
        src.error("place.id", "use lower-case pinyin letters, digits, '_' or '-' only");
        return;
      }
  });
  return f;
}

ParamFields<RunSettings> run_fields() {
  ParamFields<RunSettings> f("run");
  f.field(LAOXIAO_KEY(RunSettings, seed), "", 0, 9.2e18, "Seed of the random streams.").required();
  f.field(LAOXIAO_KEY(RunSettings, replicates), "", 1, 1e6, "Number of replicates.").required();
  f.field(LAOXIAO_KEY(RunSettings, sample), "share", 1e-6, 1,
          "Sampling fraction: one agent stands for 1/sample people (weight).")
      .required();
  return f;
}

ParamFields<HorizonSettings> horizon_fields() {
  ParamFields<HorizonSettings> f("horizon");
  f.field(LAOXIAO_KEY(HorizonSettings, end_year), "year", 2021, 2100,
          "Last simulated calendar year (the simulation ends in its December).")
      .required();
  return f;
}

ParamFields<ScenarioHead> make_head() {
  static const ParamFields<Place> place = place_fields();
  static const ParamFields<RunSettings> run = run_fields();
  static const ParamFields<HorizonSettings> horizon = horizon_fields();
  ParamFields<ScenarioHead> f("");
  f.table(&ScenarioHead::place, place);
  f.table(&ScenarioHead::run, run);
  f.table(&ScenarioHead::horizon, horizon);
  return f;
}

/// Every `derived.from` names a row, fact or capacity entry of the plan, "census", or
/// "param:KEY" of a declared key.
void check_derivations(const Scenario& s, const std::set<std::string>& keys,
                       const TomlSource& src) {
  for (const DerivedFigure& df : derived_figures(s))
    for (std::size_t i = 0; i < df.derived->from.size(); ++i) {
      const std::string& f = df.derived->from[i];
      const std::string& shown = df.where;
      const bool ok = keys.count(f) || f == "census" ||
                      (f.rfind("param:", 0) == 0 && ParamRegistry::instance().find(f.substr(6)));
      if (!ok)
        src.error(shown + ".derived.from[" + std::to_string(i) + "]",
                  "'" + f +
                      "' is not the key of a row, fact or capacity entry of this plan (nor "
                      "\"census\" or \"param:KEY\")");
    }
}

/// Checks across the parts of a scenario (each part checks itself when read).
void check_across(Scenario& s, const TomlSource& src) {
  if (s.horizon.end_year < s.baseline.date.year())
    src.error("horizon.end_year", "ends before the baseline date " + s.baseline.date.to_string());
  const auto& fe = s.demography.fertility;
  if (fe.target_births && fe.target_births_year &&
      (*fe.target_births_year < s.baseline.date.year() + 1 ||
       *fe.target_births_year > s.horizon.end_year))
    src.error("demography.fertility.target_births_year",
              "must be a full simulated year (" + std::to_string(s.baseline.date.year() + 1) + "-" +
                  std::to_string(s.horizon.end_year) + ")");
  for (std::size_t i = 0; i < fe.births_targets.size(); ++i) {
    const int y = fe.births_targets[i].year;
    if (y < s.baseline.date.year() + 1 || y > s.horizon.end_year)
      src.error("demography.fertility.births_targets[" + std::to_string(i) + "].year",
                "must be a full simulated year (" + std::to_string(s.baseline.date.year() + 1) +
                    "-" + std::to_string(s.horizon.end_year) + ")");
  }
  const auto& rt = s.demography.migration.resident_targets;
  for (std::size_t i = 0; i < rt.size(); ++i)
    if (rt[i].year < s.baseline.date.year() || rt[i].year > s.horizon.end_year)
      src.error("demography.migration.resident_targets[" + std::to_string(i) + "].year",
                "must be a simulated year (" + std::to_string(s.baseline.date.year()) + "-" +
                    std::to_string(s.horizon.end_year) + ")");
  resolve_plan(s.plan, s.horizon.end_year, src);
  // Keys are unique across the plan's rows, facts and capacity entries.
  std::set<std::string> keys;
  auto unique = [&](const std::string& key, const std::string& shown) {
    if (!key.empty() && !keys.insert(key).second)
      src.error(shown + ".key", "duplicate key '" + key + "'");
  };
  for (std::size_t i = 0; i < s.plan.indicators.size(); ++i)
    unique(s.plan.indicators[i].key, "plan.indicators[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < s.plan.facts.size(); ++i)
    unique(s.plan.facts[i].key, "plan.facts[" + std::to_string(i) + "]");
  std::set<std::string> towns;
  for (const auto& t : s.baseline.townships) towns.insert(t.name);
  const std::pair<const char*, const std::vector<CapacityEntry>*> lists[] = {
      {"capacity.stock", &s.capacity.stock},
      {"capacity.projects", &s.capacity.projects},
      {"capacity.planned", &s.capacity.planned}};
  for (const auto& [name, list] : lists)
    for (std::size_t i = 0; i < list->size(); ++i) {
      const CapacityEntry& e = (*list)[i];
      const std::string k = std::string(name) + "[" + std::to_string(i) + "]";
      unique(e.key, k);
      if (!e.township.empty() && !towns.empty() && !towns.count(e.township))
        src.error(k + ".township",
                  "'" + e.township + "' is not one of the place's baseline.townships");
      if (list == &s.capacity.planned && e.year > s.horizon.end_year)
        src.error(k + ".year", "the total is promised for " + std::to_string(e.year) +
                                   ", after the end of the horizon " +
                                   std::to_string(s.horizon.end_year));
    }
  check_derivations(s, keys, src);
}

/// The typed scenario of a merged, validated table.
Scenario build(const toml::table& merged, const std::string& file, Diagnostics& d) {
  Scenario s;
  s.file = file;
  const TomlSource src(merged, d, SourcePos{file, 1, 1}, "", &s.positions);
  const ScenarioHead head = scenario_params().read(src);
  s.place = head.place;
  s.run = head.run;
  s.baseline = baseline_params().read(src);
  s.horizon = Horizon{s.baseline.date, head.horizon.end_year};
  s.demography.mortality = mortality_params().read(src);
  s.demography.fertility = fertility_params().read(src);
  s.demography.disability = disability_params().read(src);
  s.demography.poverty = poverty_params().read(src);
  s.demography.migration = migration_params().read(src);
  s.demography.age_detail = age_detail_params().read(src);
  s.plan = plan_params().read(src);
  s.plan.present = merged.contains("plan");
  s.capacity = capacity_params().read(src);
  s.care.elder = elder_demand_params().read(src);
  s.care.childcare = childcare_demand_params().read(src);
  s.care.staffing = staffing_params().read(src);
  s.care.policy = policy_params().read(src);
  s.care.allocation = allocation_params().read(src);
  check_across(s, src);
  resolve_capacity(s.capacity, s.baseline.people(), s.baseline.people_from(60));
  if (!s.place.rng_stream) {
    // The first census code names the place's stream; otherwise a hash of its id.
    const CensusSelection census = census_selection_params().read(src);
    std::uint32_t code = 0;
    if (!census.census_codes.empty()) {
      try {
        code = static_cast<std::uint32_t>(std::stoul(census.census_codes.front())) & 0xFFFFFFu;
      } catch (...) {
        code = 0;
      }
    }
    s.place.rng_stream = code ? code : hash24(s.place.id);
  }
  return s;
}

std::string resolved_text(const fs::path& file, const Chain& chain, const toml::table& t) {
  std::ostringstream resolved;
  resolved << "# Resolved scenario: " << file.string() << "\n# extends chain:";
  for (const auto& f : chain.files) resolved << ' ' << f;
  resolved << "\n\n" << toml::toml_formatter(t) << '\n';
  return resolved.str();
}

/// The built-in defaults, the file's extends chain and the overrides, merged and checked key
/// by key against the registry. A runnable scenario must also hold every required parameter;
/// a parent file (role = "parent") may not be run, only checked (`parent_ok`).
Chain prepare(const fs::path& file, const std::string* text, const std::vector<Override>& overrides,
              bool parent_ok) {
  Diagnostics d;
  Chain chain = load_chain(file, text, d);
  if (!d.empty()) throw InputError(d);
  apply_overrides(chain.merged, overrides, d);
  if (!d.empty()) throw InputError(d);
  validate_keys(chain.merged, d);
  if (chain.parent && !parent_ok)
    d.error(chain.role_pos, "role",
            "this file is meant only to be extended (role = \"parent\"): run a scenario that "
            "extends it");
  if (!chain.parent) check_required_keys(chain.merged, SourcePos{file.string(), 1, 1}, d);
  if (!d.empty()) throw InputError(d);
  return chain;
}

std::vector<Scenario> load_impl(const fs::path& file, const std::string* text,
                                const std::vector<Override>& overrides) {
  Chain chain = prepare(file, text, overrides, false);
  Diagnostics d;
  if (chain.merged.contains("batch")) {
    std::vector<BatchPlace> places = expand_batch(file, chain.merged, d);
    const std::string batch =
        chain.merged.at_path("place.id").value<std::string>().value_or("batch");
    std::vector<Scenario> out;
    for (std::size_t i = 0; i < places.size(); ++i) {
      Scenario s = build(places[i].table, file.string(), d);
      s.batch = batch;
      s.batch_index = static_cast<int>(i);
      s.place.province = places[i].province;
      s.place.prefecture = places[i].prefecture;
      if (i == 0) s.resolved_toml = resolved_text(file, chain, places[i].table);
      out.push_back(std::move(s));
    }
    if (!d.empty()) throw InputError(d);
    return out;
  }
  fill_from_census(chain.merged, d);
  if (!d.empty()) throw InputError(d);
  Scenario s = build(chain.merged, file.string(), d);
  if (!d.empty()) throw InputError(d);
  s.resolved_toml = resolved_text(file, chain, chain.merged);
  return {std::move(s)};
}

}  // namespace

std::vector<DerivedFigure> derived_figures(const Scenario& s) {
  std::vector<DerivedFigure> out;
  auto add = [&](std::string where, std::string key, std::optional<double> value,
                 const Derivation& d) {
    if (d.present()) out.push_back({std::move(where), std::move(key), value, &d});
  };
  for (std::size_t i = 0; i < s.plan.indicators.size(); ++i) {
    const PlanIndicator& ind = s.plan.indicators[i];
    const std::string k = "plan.indicators[" + std::to_string(i) + "]";
    add(k + ".baseline", ind.key, ind.baseline.value, ind.baseline.derived);
    for (std::size_t j = 0; j < ind.targets.size(); ++j)
      add(k + ".targets[" + std::to_string(j) + "]",
          ind.key + "/" + std::to_string(ind.targets[j].year), ind.targets[j].value,
          ind.targets[j].derived);
  }
  for (std::size_t i = 0; i < s.plan.facts.size(); ++i)
    add("plan.facts[" + std::to_string(i) + "]", s.plan.facts[i].key, s.plan.facts[i].value,
        s.plan.facts[i].derived);
  const std::pair<const char*, const std::vector<CapacityEntry>*> lists[] = {
      {"capacity.stock", &s.capacity.stock},
      {"capacity.projects", &s.capacity.projects},
      {"capacity.planned", &s.capacity.planned}};
  for (const auto& [name, list] : lists)
    for (std::size_t i = 0; i < list->size(); ++i)
      add(std::string(name) + "[" + std::to_string(i) + "]", (*list)[i].key, (*list)[i].capacity,
          (*list)[i].derived);
  return out;
}

const ParamFields<ScenarioHead>& scenario_params() {
  return declared<ScenarioHead, make_head>();
}

std::vector<Scenario> load_scenarios(const fs::path& file, const std::vector<Override>& overrides) {
  return load_impl(file, nullptr, overrides);
}

std::vector<Scenario> load_scenarios_text(const std::string& text, const fs::path& file) {
  return load_impl(file, &text, {});
}

std::optional<std::vector<std::string>> check_parent_file(const fs::path& file) {
  Chain chain = prepare(file, nullptr, {}, /*parent_ok=*/true);
  if (!chain.parent) return std::nullopt;
  return chain.files;
}

Scenario load_scenario(const fs::path& file, const std::vector<Override>& overrides) {
  auto all = load_scenarios(file, overrides);
  if (all.size() != 1) {
    Diagnostics d;
    d.error(SourcePos{file.string(), 1, 1}, "batch",
            "this file is a batch of " + std::to_string(all.size()) + " places");
    throw InputError(d);
  }
  return std::move(all.front());
}

}  // namespace laoxiao
