#include "app/commands.hpp"

#include <iomanip>
#include <iostream>

#include "app/report.hpp"
#include "input/chain.hpp"
#include "input/registry.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/compiled.hpp"

namespace laoxiao {

namespace {

const char* kRunHelp =
    "Usage: laoxiao run SCENARIO.toml... [options]\n"
    "\n"
    "Simulates each scenario month by month (replicates of the agent model and the reference\n"
    "projection) and writes one HDF5 file. The file appears only when complete.\n"
    "\n"
    "Options:\n"
    "  --set KEY=VALUE  override any scenario key after its extends chain, with the same type,\n"
    "                   unit and bounds checks as a value in a file (repeatable), e.g.\n"
    "                   --set demography.fertility.target_tfr=1.1\n"
    "                   --set capacity.projects[0].opens=\"2024-12\"\n"
    "  --replicates N   replicates per scenario (run.replicates)\n"
    "  --seed S         seed of the random streams (run.seed)\n"
    "  --sample F       sampling fraction in (0, 1]: one agent per 1/F people (run.sample)\n"
    "  --capacity R     funded (default: the stock and listed projects on their dates) or\n"
    "                   promised (also the totals the plan promises without projects; the\n"
    "                   targets those totals were derived from become assumptions)\n"
    "  --uncertainty U  parameters (default: each replicate draws every parameter that carries\n"
    "                   a distribution, so P(meet) and the ranges include the assumptions'\n"
    "                   uncertainty) or none (central values: Monte Carlo noise only)\n"
    "  --threads T      worker threads (default: the CPUs this process may use); results do\n"
    "                   not depend on it\n"
    "  --out FILE.h5    output file (default out/laoxiao.h5; missing directories are created)\n"
    "  --stats FILE     also write run statistics as JSON (agents, agent-months, seconds,\n"
    "                   store bytes per agent, peak memory) for benchmarks\n"
    "  --max-memory M   refuse the run if it needs more than M (e.g. 64G, 512M); default: the\n"
    "                   memory available (MemAvailable, cgroup limit, ulimit -v). The need is\n"
    "                   estimated before anything is allocated.\n"
    "  --quiet          no progress line, no step-order banner\n"
    "  --help           this text\n";

const char* kValidateHelp =
    "Usage: laoxiao validate FILE.toml... [--set KEY=VALUE ...]\n"
    "\n"
    "Loads each scenario (with its extends chain and the built-in defaults) and reports every\n"
    "problem as file:line:column: key: message. Exit code 2 if any file is invalid.\n"
    "Lists each plan's indicators with their class. A file marked role = \"parent\" (meant only\n"
    "to be extended, such as scenarios/defaults.toml) has its keys, types and bounds checked.\n"
    "--set KEY=VALUE (and --seed, --replicates, --sample, --capacity, --uncertainty) check the\n"
    "scenarios with overrides, as laoxiao run would use them.\n";

std::string audit_help() {
  std::string out =
      "Usage: laoxiao audit SCENARIO.toml...\n"
      "\n"
      "Reports what does not fit inside each plan, each finding with the figures, where they\n"
      "stand in the plan and the rule that fired, judged a contradiction (two statements cannot\n"
      "both hold), an inconsistency (figures that do not fit together, with what the plan funds,\n"
      "its population or the national standards) or a note. Exit code 0 when the files are valid\n"
      "(findings are facts about the plans). The rules:\n";
  for (const AuditRule& r : audit_rules())
    out += "  " + std::string(r.name) + ": " + r.description + "\n";
  return out;
}

const char* kParamsHelp =
    "Usage: laoxiao params [--markdown | --uncertain [SCENARIO.toml ...]]\n"
    "\n"
    "Lists every scenario key, declared by the process that owns it: kind, unit, bounds and\n"
    "meaning, the default of an optional key and the distribution of an uncertain default.\n"
    "--markdown prints docs/PARAMETERS.md. --uncertain lists the parameters each replicate\n"
    "draws (of the built-in defaults, or of each scenario given), with the distribution, its\n"
    "reasoning and its source.\n";

const char* kDefaultsHelp =
    "Usage: laoxiao defaults\n"
    "\n"
    "Prints the built-in defaults, with the source of every figure.\n";

void no_options(const char* command, const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (!a.empty() && a[0] == '-')
      throw UsageError(std::string(command) + ": unknown option '" + a + "'");
}

/// The plan's indicators with their class (validate's listing).
void print_indicator_list(const Scenario& s) {
  if (s.plan.indicators.empty() && s.capacity.empty()) return;
  int n[3] = {0, 0, 0};
  for (const auto& ind : s.plan.indicators) ++n[static_cast<int>(ind.def()->cls)];
  std::cout << "  plan " << s.plan.document << ": " << s.plan.indicators.size()
            << " indicator rows (" << n[0] << " computed, " << n[1] << " capacity-derived, " << n[2]
            << " exogenous), " << s.plan.facts.size() << " other figures, "
            << s.capacity.stock.size() << " stock entries, " << s.capacity.projects.size()
            << " projects, " << s.capacity.planned.size() << " promised totals\n";
  for (const auto& ind : s.plan.indicators) {
    std::string targets;
    for (const auto& t : ind.targets) targets += " " + std::to_string(t.year) + ":" + t.text;
    std::cout << "    " << std::left << std::setw(16) << ind.key << " " << std::setw(17)
              << to_string(ind.def()->cls) << " " << std::setw(11) << ind.nature << " "
              << std::setw(34) << ind.id << " " << ind.name_zh;
    if (!ind.baseline.text.empty())
      std::cout << "  [" << (ind.baseline.year ? std::to_string(*ind.baseline.year) : "") << ":"
                << ind.baseline.text << "]";
    std::cout << targets << "\n";
  }
  const auto derived = derived_figures(s);
  if (derived.empty()) return;
  std::cout << "  derived figures (not stated in the document), with their rules:\n";
  for (const DerivedFigure& d : derived) {
    std::string from;
    for (const auto& f : d.derived->from) from += (from.empty() ? "" : ", ") + f;
    std::cout << "    " << d.where << " " << d.key;
    if (d.value) std::cout << " = " << *d.value;
    if (!from.empty()) std::cout << " from [" << from << "]";
    std::cout << ": " << d.derived->rule << "\n";
  }
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "SCENARIO.toml...     simulate scenarios and write an HDF5 file", kRunHelp, cmd_run},
      {"validate",
       "FILE.toml...    check scenario files without running them; list plan indicators",
       kValidateHelp, cmd_validate},
      {"audit", "SCENARIO.toml...   report contradictions inside each plan, with their locations",
       audit_help(), cmd_audit},
      {"params", "[--markdown]      list every scenario parameter (unit, bounds, default, source)",
       kParamsHelp, cmd_params},
      {"defaults", "                print the built-in defaults (scenarios/defaults.toml)",
       kDefaultsHelp, cmd_defaults},
  };
  return table;
}

bool take_override(const std::vector<std::string>& args, std::size_t& i,
                   std::vector<Override>& out) {
  static const std::pair<const char*, const char*> run_keys[] = {
      {"--seed", "run.seed"},
      {"--replicates", "run.replicates"},
      {"--sample", "run.sample"},
      {"--capacity", "capacity.reading"},
      {"--uncertainty", "run.uncertainty"}};
  const std::string& arg = args[i];
  const char* key = nullptr;
  for (const auto& [option, k] : run_keys)
    if (arg == option) key = k;
  if (!key && arg != "--set") return false;
  if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
  const std::string value = args[++i];
  out.push_back(key ? Override{key, value, arg + " " + value} : parse_set_argument(value));
  return true;
}

std::vector<Scenario> load_all(const std::vector<std::string>& files,
                               const std::vector<Override>& overrides) {
  std::vector<Scenario> out;
  Diagnostics all;
  for (const auto& f : files) {
    try {
      for (Scenario& s : load_scenarios(f, overrides)) out.push_back(std::move(s));
    } catch (const InputError& e) {
      all.append(e.diagnostics());
    }
  }
  if (!all.empty()) throw InputError(all);
  return out;
}

int cmd_validate(const Invocation& inv) {
  std::vector<std::string> files;
  std::vector<Override> overrides;
  for (std::size_t i = 0; i < inv.args.size(); ++i)
    if (!take_override(inv.args, i, overrides)) files.push_back(inv.args[i]);
  if (files.empty()) throw UsageError("validate: give at least one scenario file");
  no_options("validate", files);
  int status = kExitOk;
  for (const auto& f : files) {
    try {
      if (const auto chain = overrides.empty() ? check_parent_file(f) : std::nullopt) {
        std::cout << f << ": OK (a file to extend, role = \"parent\"; chain:";
        for (const auto& c : *chain) std::cout << " " << c;
        std::cout << ")\n";
        continue;
      }
      const auto all = load_scenarios(f, overrides);
      const Scenario& s = all.front();
      // Every place compiled, as run would: a target out of reach is an error here too.
      (void)compile_all(all);
      if (all.size() > 1) {
        double people = 0;
        for (const auto& x : all) people += x.baseline.people();
        std::cout << f << ": OK (batch " << s.batch << ": " << all.size() << " places, "
                  << static_cast<long long>(people) << " people, years " << s.horizon.first_year()
                  << "-" << s.horizon.end_year << ")\n";
      } else {
        std::cout << f << ": OK (place " << s.place.id << ", baseline "
                  << s.baseline.date.to_string() << ", "
                  << static_cast<long long>(s.baseline.people()) << " people, years "
                  << s.horizon.first_year() << "-" << s.horizon.end_year << ")\n";
      }
      print_indicator_list(s);
    } catch (const InputError& e) {
      std::cerr << e.diagnostics().format();
      std::cerr << f << ": " << e.diagnostics().size() << " error"
                << (e.diagnostics().size() == 1 ? "" : "s") << "\n";
      status = kExitUsage;
    }
  }
  return status;
}

int cmd_audit(const Invocation& inv) {
  if (inv.args.empty()) throw UsageError("audit: give at least one scenario file");
  no_options("audit", inv.args);
  std::vector<Scenario> scenarios;
  for (Scenario& s : load_all(inv.args))
    if (s.batch_index <= 0) scenarios.push_back(std::move(s));  // a batch: its first place
  for (const Scenario& s : scenarios) {
    const CompiledScenario c = compile(s);
    const DemographicTallies projection = project_expected(*c.model);
    const auto findings = audit_plan(
        AuditInputs{s.plan, s.capacity, s.baseline, s.horizon.start, projection, s.care.staffing});
    print_audit(std::cout, s, findings);
    for (const auto& r : c.calibration)
      std::cout << "   calibration target met by the demography: " << format_calibration(r) << "\n";
  }
  return kExitOk;
}

int cmd_params(const Invocation& inv) {
  const bool md = !inv.args.empty() && inv.args[0] == "--markdown";
  if (md && inv.args.size() > 1) throw UsageError("params: unknown option '" + inv.args[1] + "'");
  if (md) {
    std::cout << ParamRegistry::instance().markdown(builtin_defaults());
    return kExitOk;
  }
  const auto list = [](const std::vector<UncertainParameter>& params) {
    for (const auto& p : params) {
      std::cout << "  " << p.key << "  " << p.describe()
                << (p.unit.empty() || p.multiplier ? "" : " " + p.unit)
                << "\n      reasoning: " << p.reasoning << "\n";
      if (!p.source.empty()) std::cout << "      source: " << p.source << "\n";
    }
  };
  if (!inv.args.empty() && inv.args[0] == "--uncertain") {
    if (inv.args.size() == 1) {
      std::cout << "uncertain parameters of the built-in defaults:\n";
      list(uncertain_parameters(builtin_defaults()));
      return kExitOk;
    }
    const std::vector<std::string> files(inv.args.begin() + 1, inv.args.end());
    for (const Scenario& s : load_all(files, {})) {
      if (s.batch_index > 0) continue;  // a batch's places share its template's
      std::cout << s.file << " (" << s.place.id << "): " << s.uncertain.size()
                << " uncertain parameters"
                << (s.run.uncertainty == UncertaintyMode::kNone
                        ? " (not drawn: run.uncertainty = \"none\")"
                        : "")
                << "\n";
      list(s.uncertain);
    }
    return kExitOk;
  }
  if (!inv.args.empty()) throw UsageError("params: unknown option '" + inv.args[0] + "'");
  std::map<std::string, UncertainParameter> uncertain;
  for (auto& p : uncertain_parameters(builtin_defaults())) uncertain.emplace(p.key, p);
  for (const auto& s : ParamRegistry::instance().all()) {
    std::cout << s.key << "  [" << to_string(s.kind) << (s.unit.empty() ? "" : ", " + s.unit)
              << "]  " << s.description;
    if (!s.default_text.empty()) std::cout << " (default " << s.default_text << ")";
    if (auto it = uncertain.find(s.key); it != uncertain.end())
      std::cout << "\n    uncertain: " << it->second.describe() << "; " << it->second.reasoning;
    std::cout << "\n";
  }
  return kExitOk;
}

int cmd_defaults(const Invocation& inv) {
  no_options("defaults", inv.args);
  std::cout << builtin_defaults_text();
  return kExitOk;
}

}  // namespace laoxiao
