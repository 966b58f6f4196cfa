#include "input/scenario.hpp"

#include "core/toml.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "core/population.hpp"
#include "core/toml_read.hpp"
#include "core/toml_write.hpp"
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
  // The largest TOML integer, 2^63 - 1 (its double, 2^63, bounds every integer exactly); the
  // output stores the seed as an unsigned 64-bit attribute.
  f.field(LAOXIAO_KEY(RunSettings, seed), "", 0, 9223372036854775807.0,
          "Seed of the random streams (0 to 2^63 - 1, the largest TOML integer).")
      .required();
  f.field(LAOXIAO_KEY(RunSettings, replicates), "", 1, 1e6, "Number of replicates.").required();
  f.field(LAOXIAO_KEY(RunSettings, sample), "share", 1e-6, 1,
          "Sampling fraction: one agent stands for 1/sample people (weight).")
      .required();
  static const EnumNames<UncertaintyMode> modes{{kUncertaintyModeNames, kUncertaintyModeNames + 2}};
  f.choice(LAOXIAO_KEY(RunSettings, uncertainty), modes,
           "\"parameters\": each replicate draws every parameter that carries a distribution "
           "(`uncertainty` in its sourced value), so P(meet) and the ranges hold both the "
           "assumptions' uncertainty and Monte Carlo noise; \"none\": every replicate uses the "
           "central values (Monte Carlo noise only).")
      .defaults_to(UncertaintyMode::kParameters);
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
  if (!birth_month_fits(s.horizon.end_month().index))
    src.error("horizon.end_year", "newborns of " + s.horizon.end_month().to_string() +
                                      " are past the last birth month the population store holds");
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

/// Places never close in the model unless a project says when (`closes`): a later stock
/// figure below an earlier one cannot be met, and ignoring it silently would overstate the
/// capacity. It is an error at the later figure, naming the earlier one.
void check_stock_never_falls(const CapacityPlan& cap, const TomlSource& src) {
  for (int k = 0; k < kPlaceKinds; ++k) {
    // The earliest year's entries add up (one per township); a later entry states a total.
    int first_year = 0;
    for (const auto& e : cap.stock)
      if (static_cast<int>(e.kind) == k && (first_year == 0 || e.year < first_year))
        first_year = e.year;
    double first_total = 0;
    for (const auto& e : cap.stock)
      if (static_cast<int>(e.kind) == k && e.year == first_year) first_total += e.places();
    for (std::size_t i = 0; i < cap.stock.size(); ++i) {
      const CapacityEntry& e = cap.stock[i];
      if (static_cast<int>(e.kind) != k || e.year == first_year) continue;
      double before = first_total;
      int before_year = first_year;
      for (const auto& o : cap.stock)
        if (o.kind == e.kind && o.year != first_year && o.year < e.year && o.places() > before)
          before = o.places(), before_year = o.year;
      if (e.places() >= before - 0.5) continue;
      std::ostringstream o;
      o.precision(10);
      o << e.places() << " places in " << e.year << " are fewer than the " << before
        << " stated for " << before_year
        << "; places never close in the model: state a closure as a project with `closes`, "
           "or correct the figure";
      src.error("capacity.stock[" + std::to_string(i) + "]", o.str());
    }
  }
}

/// The parts of a scenario that processes own, each read from its table. Only these may carry
/// uncertain parameters: a replicate's draws re-read the parts that own a drawn key.
struct ProcessPart {
  const char* prefix;  // the part's table, with the trailing dot
  void (*read)(Scenario& s, const TomlSource& src);
};

#define LAOXIAO_PART(prefix, member, params)                                          \
  ProcessPart {                                                                       \
    prefix, [](Scenario& s, const TomlSource& src) { s.member = params().read(src); } \
  }

const std::vector<ProcessPart>& process_parts() {
  static const std::vector<ProcessPart> parts = {
      LAOXIAO_PART("demography.mortality.", demography.mortality, mortality_params),
      LAOXIAO_PART("demography.fertility.", demography.fertility, fertility_params),
      LAOXIAO_PART("demography.disability.", demography.disability, disability_params),
      LAOXIAO_PART("demography.poverty.", demography.poverty, poverty_params),
      LAOXIAO_PART("demography.migration.", demography.migration, migration_params),
      LAOXIAO_PART("demography.age_detail.", demography.age_detail, age_detail_params),
      LAOXIAO_PART("capacity.", capacity, capacity_params),
      LAOXIAO_PART("demand.elder.", care.elder, elder_demand_params),
      LAOXIAO_PART("demand.childcare.", care.childcare, childcare_demand_params),
      LAOXIAO_PART("staffing.", care.staffing, staffing_params),
      LAOXIAO_PART("policy.", care.policy, policy_params),
      LAOXIAO_PART("allocation.", care.allocation, allocation_params),
  };
  return parts;
}
#undef LAOXIAO_PART

/// The typed scenario of a merged, validated table.
Scenario build(const toml::table& merged, const std::string& file, Diagnostics& d,
               const std::map<std::string, SourcePos>* known = nullptr) {
  Scenario s;
  s.file = file;
  const TomlSource src(merged, d, SourcePos{file, 1, 1}, "", &s.positions, known);
  const ScenarioHead head = scenario_params().read(src);
  s.place = head.place;
  s.run = head.run;
  s.baseline = baseline_params().read(src);
  s.horizon = Horizon{s.baseline.date, head.horizon.end_year};
  for (const ProcessPart& part : process_parts()) part.read(s, src);
  s.plan = plan_params().read(src);
  s.plan.present = merged.contains("plan");
  check_across(s, src);
  resolve_capacity(s.capacity, s.baseline.people(), s.baseline.people_from(60));
  check_stock_never_falls(s.capacity, src);
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

/// Agents a place must expect (people x run.sample) for its sample to stand for it.
constexpr double kMinExpectedAgents = 1.0;

/// Refuses a sampling fraction that leaves a place without an agent: a place of 145 people at
/// --sample 0.001 would be simulated as nobody. One error for all the places of a batch, at
/// the run.sample key (in the file or on the command line).
void check_sample(const std::vector<Scenario>& places, Diagnostics& d) {
  std::size_t short_of = 0;
  const Scenario* smallest = nullptr;
  for (const Scenario& s : places) {
    if (s.baseline.people() * s.run.sample >= kMinExpectedAgents) continue;
    ++short_of;
    if (!smallest || s.baseline.people() < smallest->baseline.people()) smallest = &s;
  }
  if (!smallest) return;
  std::ostringstream o;
  o.precision(3);
  const double people = smallest->baseline.people();
  o << "sampling fraction " << smallest->run.sample << " leaves "
    << (places.size() > 1
            ? std::to_string(short_of) + " of the " + std::to_string(places.size()) + " places"
            : std::string("the place"))
    << " with less than one agent expected (" << smallest->place.id << ": "
    << static_cast<long long>(people) << " people x " << smallest->run.sample << " = "
    << people * smallest->run.sample << " agents); use a fraction of at least "
    << kMinExpectedAgents / people;
  d.error(smallest->position("run.sample"), "run.sample", o.str());
}

/// Records the scenario's uncertain parameters, and keeps its table when replicates draw them.
void keep_uncertainty(Scenario& s, std::vector<UncertainParameter> uncertain, toml::table&& t) {
  s.uncertain = std::move(uncertain);
  if (s.run.uncertainty == UncertaintyMode::kParameters && !s.uncertain.empty())
    s.tree = std::make_shared<const toml::table>(std::move(t));
}

std::string resolved_text(const fs::path& file, const Chain& chain, const toml::table& t) {
  std::ostringstream resolved;
  resolved << "# Resolved scenario: " << file.string() << "\n# extends chain:";
  for (const auto& f : chain.files) resolved << ' ' << f;
  resolved << "\n\n" << toml_document(t) << '\n';
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

/// The files a scenario reads: its chain and the census table a key of `merged` names.
std::vector<std::string> input_files(const Chain& chain, const toml::table& merged) {
  std::vector<std::string> out = chain.files;
  const toml::node* from_census = merged.at_path("demography.migration.from_census").node();
  const toml::node* estimates =
      merged.at_path("demography.migration.census_estimates_table").node();
  for (const char* key : {"baseline.census_table", "batch.census_table"})
    if (const toml::node* n = merged.at_path(key).node(); n && unwrap(*n).is_string()) {
      const fs::path table = table_path(*n);
      out.push_back(table.string());
      // The migration estimates are read from beside the census table (input/census.cpp).
      if (from_census && unwrap(*from_census).value<bool>().value_or(false) && estimates &&
          unwrap(*estimates).is_string())
        out.push_back(
            (table.parent_path() / unwrap(*estimates).value<std::string>().value_or("")).string());
    }
  return out;
}

std::vector<Scenario> load_impl(const fs::path& file, const std::string* text,
                                const std::vector<Override>& overrides) {
  Chain chain = prepare(file, text, overrides, false);
  Diagnostics d;
  const std::vector<std::string> inputs = input_files(chain, chain.merged);
  if (chain.merged.contains("batch")) {
    std::vector<BatchPlace> places = expand_batch(file, chain.merged, d);
    const std::string batch =
        chain.merged.at_path("place.id").value<std::string>().value_or("batch");
    // The places' tables are copies of the template, whose nodes lose their positions:
    // errors about the template's keys are placed where the template sets them.
    const auto known = value_positions(chain.merged);
    const std::vector<UncertainParameter> uncertain =
        places.empty() ? std::vector<UncertainParameter>{} : uncertain_parameters(places[0].table);
    std::vector<Scenario> out;
    for (std::size_t i = 0; i < places.size(); ++i) {
      Scenario s = build(places[i].table, file.string(), d, &known);
      s.batch = batch;
      s.batch_index = static_cast<int>(i);
      s.place.province = places[i].province;
      s.place.prefecture = places[i].prefecture;
      s.inputs = inputs;
      if (i == 0) s.resolved_toml = resolved_text(file, chain, places[i].table);
      keep_uncertainty(s, uncertain, std::move(places[i].table));
      out.push_back(std::move(s));
    }
    if (d.empty()) check_sample(out, d);
    if (!d.empty()) throw InputError(d);
    return out;
  }
  fill_from_census(chain.merged, d);
  if (!d.empty()) throw InputError(d);
  Scenario s = build(chain.merged, file.string(), d);
  if (d.empty()) check_sample({s}, d);
  if (!d.empty()) throw InputError(d);
  s.resolved_toml = resolved_text(file, chain, chain.merged);
  s.inputs = inputs;
  keep_uncertainty(s, uncertain_parameters(chain.merged), std::move(chain.merged));
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

bool process_owned_key(std::string_view key) {
  return std::any_of(process_parts().begin(), process_parts().end(), [&](const ProcessPart& p) {
    return key.substr(0, std::string_view(p.prefix).size()) == p.prefix;
  });
}

Scenario with_overrides(const Scenario& base, const std::vector<Override>& overrides) {
  if (!base.tree) throw std::logic_error("with_overrides: the scenario kept no table");
  toml::table t = *base.tree;
  Diagnostics d;
  apply_overrides(t, overrides, d);
  if (d.empty()) validate_keys(t, d);
  if (!d.empty()) throw InputError(d);
  // Everything but the parts that own an overridden key stays as in `base`.
  Scenario s = base;
  s.tree.reset();
  const TomlSource src(t, d, SourcePos{base.file, 1, 1}, "", &s.positions);
  for (const ProcessPart& part : process_parts()) {
    const std::string_view prefix = part.prefix;
    const bool owns = std::any_of(overrides.begin(), overrides.end(), [&](const Override& o) {
      return o.key.compare(0, prefix.size(), prefix) == 0;
    });
    if (!owns) continue;
    part.read(s, src);
    if (prefix == "capacity.") {
      resolve_capacity(s.capacity, s.baseline.people(), s.baseline.people_from(60));
      check_stock_never_falls(s.capacity, src);
    }
  }
  if (!d.empty()) throw InputError(d);
  return s;
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
