#include "sim/cli.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "laoxiao/version.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/atomic_file.hpp"
#include "sim/batch.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/params.hpp"
#include "sim/report.hpp"
#include "sim/resources.hpp"
#include "sim/runner.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_toml.hpp"

namespace laoxiao {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;      // bad arguments or invalid input files
constexpr int kExitResources = 3;  // the run would not fit in memory

const char* kMainHelp =
    "laoxiao - agent-based population and care-demand simulator for 一老一小 plans\n"
    "\n"
    "Usage: laoxiao <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO.toml...     simulate scenarios and write an HDF5 file\n"
    "  validate FILE.toml...    check scenario files without running them; list plan indicators\n"
    "  audit SCENARIO.toml...   report contradictions inside each plan, with their locations\n"
    "  params [--markdown]      list every scenario parameter (unit, bounds, default, source)\n"
    "  defaults                 print the built-in defaults (scenarios/defaults.toml)\n"
    "\n"
    "Options: --help (on any command), --version\n"
    "Exit codes: 0 success, 1 run-time failure (e.g. disk full), 2 invalid input or arguments,\n"
    "            3 not enough memory for the run, 130/143 stopped by SIGINT/SIGTERM\n"
    "            (a second signal stops at once); no output file is ever left half-written\n";

const char* kRunHelp =
    "Usage: laoxiao run SCENARIO.toml... [options]\n"
    "\n"
    "Simulates each scenario month by month (replicates of the agent model and the reference\n"
    "projection) and writes one HDF5 file. The file appears only when complete.\n"
    "\n"
    "Options (override the scenario's [run] table):\n"
    "  --replicates N   replicates per scenario (positive integer)\n"
    "  --seed S         seed of the random streams (non-negative integer)\n"
    "  --sample F       sampling fraction in (0, 1]: one agent per 1/F people\n"
    "  --threads T      worker threads (default: all cores); results do not depend on it\n"
    "  --out FILE.h5    output file (default out/laoxiao.h5; missing directories are created)\n"
    "  --stats FILE     also write run statistics as JSON (agents, agent-months, seconds,\n"
    "                   store bytes per agent, peak memory) for benchmarks\n"
    "  --max-memory M   refuse the run if it needs more than M (e.g. 64G, 512M); default: the\n"
    "                   memory available (MemAvailable, cgroup limit, ulimit -v). The need is\n"
    "                   estimated before anything is allocated.\n"
    "  --quiet          no progress line, no step-order banner\n"
    "  --help           this text\n";

const char* kValidateHelp =
    "Usage: laoxiao validate FILE.toml...\n"
    "\n"
    "Loads each scenario (with its extends chain and the built-in defaults) and reports every\n"
    "problem as file:line:column: key: message. Exit code 2 if any file is invalid.\n"
    "Lists each plan's indicators with their class. A file marked role = \"parent\" (meant only\n"
    "to be extended, such as scenarios/defaults.toml) has its keys, types and bounds checked.\n";

const char* kAuditHelp =
    "Usage: laoxiao audit SCENARIO.toml...\n"
    "\n"
    "Reports contradictions inside each plan: two targets for the same indicator and year, a\n"
    "ratio that does not match its numerator and denominator, capacity targets that the stock\n"
    "and listed projects cannot reach, shares that do not add up, population figures far from\n"
    "the census-based projection. Each finding names the figures and where they stand in the\n"
    "plan. Exit code 0 when the files are valid (findings are facts about the plans).\n";

const char* kParamsHelp =
    "Usage: laoxiao params [--markdown]\n"
    "\n"
    "Lists the parameter registry. --markdown prints docs/PARAMETERS.md.\n";

const char* kDefaultsHelp =
    "Usage: laoxiao defaults\n"
    "\n"
    "Prints the built-in defaults, with the source of every figure.\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool wants_help(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

template <typename T>
T parse_number(const std::string& opt, const std::string& text) {
  T v{};
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size())
    throw UsageError(opt + ": '" + text + "' is not a valid number");
  return v;
}

std::string join_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

extern "C" void on_signal(int sig) {
  if (g_interrupt_signal.exchange(sig) != 0) {
    // The second signal: stop now, without the clean-up that did not come quickly enough.
    // unlink and _exit are async-signal-safe.
    const char* partial = current_partial_path();
    if (partial[0] != '\0') ::unlink(partial);
    ::_exit(128 + sig);
  }
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // Past a file-size limit (ulimit -f), writes fail with EFBIG and are reported like a full
  // disk, instead of the process being killed with its temporary file left behind.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGXFSZ, &ignore, nullptr);
}

/// The plan's indicators with their class (validate's listing).
void print_indicator_list(const Scenario& s) {
  if (s.plan.indicators.empty()) return;
  int n[3] = {0, 0, 0};
  for (const auto& ind : s.plan.indicators) ++n[static_cast<int>(ind.def->cls)];
  std::cout << "  plan " << s.plan.document << ": " << s.plan.indicators.size()
            << " indicator rows (" << n[0] << " computed, " << n[1] << " capacity-derived, " << n[2]
            << " exogenous), " << s.plan.facts.size() << " other figures, "
            << s.capacity.stock.size() << " stock entries, " << s.capacity.projects.size()
            << " projects, " << s.capacity.planned.size() << " promised totals\n";
  for (const auto& ind : s.plan.indicators) {
    std::string targets;
    for (const auto& t : ind.targets) targets += " " + std::to_string(t.year) + ":" + t.text;
    std::cout << "    " << std::left << std::setw(16) << ind.key << " " << std::setw(17)
              << to_string(ind.def->cls) << " " << std::setw(11) << ind.nature << " "
              << std::setw(34) << ind.id << " " << ind.name_zh;
    if (!ind.baseline_text.empty())
      std::cout << "  [" << (ind.baseline_year ? std::to_string(*ind.baseline_year) : "") << ":"
                << ind.baseline_text << "]";
    std::cout << targets << "\n";
  }
}

int cmd_validate(const std::vector<std::string>& args) {
  if (wants_help(args)) {
    std::cout << kValidateHelp;
    return kExitOk;
  }
  if (args.empty()) throw UsageError("validate: give at least one scenario file");
  int status = kExitOk;
  for (const auto& f : args) {
    if (!f.empty() && f[0] == '-') throw UsageError("validate: unknown option '" + f + "'");
    try {
      if (const auto chain = check_parent_file(f)) {
        std::cout << f << ": OK (a file to extend, role = \"parent\"; chain:";
        for (const auto& c : *chain) std::cout << " " << c;
        std::cout << ")\n";
        continue;
      }
      const auto all = load_scenarios(f);
      const Scenario& s = all.front();
      if (all.size() > 1) {
        double people = 0;
        for (const auto& x : all) people += x.baseline.total();
        std::cout << f << ": OK (batch " << s.batch << ": " << all.size() << " places, "
                  << static_cast<long long>(people) << " people, years " << s.first_year() << "-"
                  << s.end_year << ")\n";
      } else {
        const auto m = compile_demography(s);
        std::cout << f << ": OK (place " << s.place.id << ", baseline "
                  << s.baseline.date.to_string() << ", "
                  << static_cast<long long>(s.baseline.total()) << " people, years "
                  << s.first_year() << "-" << s.end_year << ")\n";
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

int cmd_audit(const std::vector<std::string>& args) {
  if (wants_help(args)) {
    std::cout << kAuditHelp;
    return kExitOk;
  }
  if (args.empty()) throw UsageError("audit: give at least one scenario file");
  for (const auto& f : args)
    if (!f.empty() && f[0] == '-') throw UsageError("audit: unknown option '" + f + "'");
  Diagnostics all;
  std::vector<Scenario> scenarios;
  for (const auto& f : args) {
    try {
      for (auto& s : load_scenarios(f))
        if (s.batch_index <= 0) scenarios.push_back(std::move(s));  // a batch: its first place
    } catch (const InputError& e) {
      all.append(e.diagnostics());
    }
  }
  if (!all.empty()) {
    std::cerr << all.format();
    return kExitUsage;
  }
  for (const Scenario& s : scenarios) {
    const auto model = compile_demography(s);
    const CapacityModel cap(s);
    const auto findings = audit_plan(s, cap, project_expected(*model));
    print_audit(std::cout, s, findings);
  }
  return kExitOk;
}

void write_stats(const std::string& file, const std::vector<ScenarioRun>& runs, int threads,
                 double sim_seconds, double wall_seconds, const MemoryEstimate& memory) {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::uint64_t agents = 0, agent_months = 0;
  double store_bytes = 0;
  std::ostringstream o;
  o << "{\n  \"laoxiao_version\": \"" << kVersion << "\",\n  \"threads\": " << threads
    << ",\n  \"scenarios\": [";
  const auto names = run_group_names(runs);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::uint64_t a = 0, pm = 0;
    double b = 0;
    for (const auto& st : runs[i].stats) {
      a += st.agents_initial;
      pm += st.person_months;
      b += st.bytes_per_agent * static_cast<double>(st.agents_final);
    }
    agents += a;
    agent_months += pm;
    store_bytes += b;
    o << (i ? "," : "") << "\n    {\"name\": \"" << names[i]
      << "\", \"replicates\": " << runs[i].stats.size() << ", \"agents_initial\": " << a
      << ", \"agent_months\": " << pm << "}";
  }
  std::uint64_t slots = 0;
  for (const auto& r : runs)
    for (const auto& st : r.stats) slots += st.agents_final;
  o.precision(10);
  o << "\n  ],\n  \"agents_initial\": " << agents << ",\n  \"agent_months\": " << agent_months
    << ",\n  \"simulation_seconds\": " << sim_seconds << ",\n  \"wall_seconds\": " << wall_seconds
    << ",\n  \"person_months_per_s_per_core\": "
    << static_cast<double>(agent_months) / sim_seconds / threads
    << ",\n  \"store_bytes_per_agent\": "
    << (slots ? store_bytes / static_cast<double>(slots) : 0.0)
    << ",\n  \"peak_rss_bytes\": " << static_cast<std::uint64_t>(ru.ru_maxrss) * 1024
    << ",\n  \"memory_estimate_bytes\": " << memory.total << "\n}\n";
  write_file_atomically(file, o.str());
}

int cmd_run(const std::vector<std::string>& args, int argc, char** argv) {
  if (wants_help(args)) {
    std::cout << kRunHelp;
    return kExitOk;
  }
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates, threads;
  std::optional<double> sample;
  std::optional<std::uint64_t> max_memory;
  std::string out = "out/laoxiao.h5";
  std::string stats_file;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(a + ": needs a value");
      return args[++i];
    };
    if (a == "--replicates") {
      replicates = parse_number<int>(a, value());
      if (*replicates < 1 || *replicates > 1000000)
        throw UsageError("--replicates: must be between 1 and 1000000");
    } else if (a == "--seed") {
      seed = parse_number<std::uint64_t>(a, value());
    } else if (a == "--threads") {
      threads = parse_number<int>(a, value());
      if (*threads < 1 || *threads > 4096)
        throw UsageError("--threads: must be between 1 and 4096");
    } else if (a == "--sample") {
      sample = parse_number<double>(a, value());
      if (!(*sample > 0.0 && *sample <= 1.0))
        throw UsageError("--sample: must be in (0, 1], e.g. 0.01 for one agent per 100 people");
    } else if (a == "--out") {
      out = value();
    } else if (a == "--stats") {
      stats_file = value();
    } else if (a == "--max-memory") {
      try {
        max_memory = parse_memory_size(value());
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--max-memory: ") + e.what());
      }
    } else if (a == "--quiet") {
      quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError("run: unknown option '" + a + "' (see laoxiao run --help)");
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) throw UsageError("run: give at least one scenario file");

  // Everything is validated before anything runs; all errors of all files at once.
  std::vector<Scenario> scenarios;
  Diagnostics all;
  for (const auto& f : files) {
    try {
      for (Scenario& s : load_scenarios(f)) {
        if (seed) s.run.seed = *seed;
        if (replicates) s.run.replicates = *replicates;
        if (sample) s.run.sample = *sample;
        scenarios.push_back(std::move(s));
      }
    } catch (const InputError& e) {
      all.append(e.diagnostics());
    }
  }
  if (!all.empty()) {
    std::cerr << all.format();
    return kExitUsage;
  }

  const int n_threads = threads.value_or(std::max(1u, std::thread::hardware_concurrency()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(n_threads));
  install_signal_handlers();

  namespace fs = std::filesystem;
  const fs::path out_path(out);
  if (out_path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(out_path.parent_path(), ec);
  }
  AtomicOutput output(out_path);  // fails now, before hours of work, if unwritable

  // Models first (small), then the memory the simulations will need, before they allocate it.
  auto runs = prepare_runs(scenarios);
  const MemoryEstimate memory = estimate_memory(runs, n_threads);
  const std::optional<MemoryLimit> memory_limit =
      max_memory ? std::optional<MemoryLimit>(MemoryLimit{*max_memory, "--max-memory"})
                 : available_memory();
  if (memory_limit && memory.total > memory_limit->bytes) {
    std::cerr << "laoxiao: not enough memory: this run needs about " << format_bytes(memory.total)
              << " (" << memory.side_by_side << " simulation"
              << (memory.side_by_side == 1 ? "" : "s") << " alive at once, "
              << format_bytes(memory.simulations) << ", the largest " << memory.largest_place
              << " with " << memory.largest_agents << " agent slots; results "
              << format_bytes(memory.results) << "), more than the "
              << format_bytes(memory_limit->bytes) << " allowed by " << memory_limit->source
              << ".\nUse a smaller --sample, fewer --threads or --replicates, or state the bound "
                 "with --max-memory.\n";
    return kExitResources;
  }

  if (!quiet) {
    std::cerr << "laoxiao " << kVersion << ": " << scenarios.size() << " scenario"
              << (scenarios.size() == 1 ? "" : "s") << ", " << n_threads << " thread"
              << (n_threads == 1 ? "" : "s") << ", memory about " << format_bytes(memory.total)
              << (memory_limit ? " of " + format_bytes(memory_limit->bytes) + " available" : "")
              << "\nmonthly step order:";
    int k = 1;
    for (const auto& p : monthly_step_order()) std::cerr << " " << k++ << "." << p.name;
    std::cerr << "\n";
  }
  if (const int sig = g_interrupt_signal.load()) throw Interrupted(sig);

  RunOptions opt;
  opt.progress = !quiet;
  const auto wall0 = std::chrono::steady_clock::now();
  run_prepared(runs, opt);
  const double sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  RunMetadata meta;
  meta.command_line = join_args(argc, argv);
  meta.threads = n_threads;
  try {
    write_run_hdf5(output.temporary().string(), runs, meta);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(out_path.string() + ": " + e.what() +
                             "; nothing was written in its place");
  }
  if (const int sig = g_interrupt_signal.load()) throw Interrupted(sig);
  output.commit();
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  if (!stats_file.empty())
    write_stats(stats_file, runs, n_threads, sim_seconds, wall_seconds, memory);
  const auto names = run_group_names(runs);
  print_summary(std::cout, runs, names);
  for (const auto& [name, members] : batches_of(runs)) print_batch(std::cout, runs, name, members);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].scenario.batch.empty()) continue;
    print_checks(std::cout, runs[i], names[i]);
    if (!runs[i].audit.empty())
      std::cout << "   the plan audit has " << runs[i].audit.size() << " findings: laoxiao audit "
                << runs[i].scenario.file << "\n";
  }
  std::cout << "\nwrote " << out_path.string() << "\n";
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kMainHelp;
      return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version") {
      std::cout << "laoxiao " << kVersion << "\n";
      return kExitOk;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "run") return cmd_run(rest, argc, argv);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "audit") return cmd_audit(rest);
    if (cmd == "params") {
      if (wants_help(rest)) {
        std::cout << kParamsHelp;
        return kExitOk;
      }
      const bool md = !rest.empty() && rest[0] == "--markdown";
      if (!rest.empty() && !md) throw UsageError("params: unknown option '" + rest[0] + "'");
      if (md) {
        std::cout << ParamRegistry::instance().markdown(builtin_defaults());
      } else {
        for (const auto& s : ParamRegistry::instance().all())
          std::cout << s.key << "  [" << to_string(s.kind) << (s.unit.empty() ? "" : ", " + s.unit)
                    << "]  " << s.description << "\n";
      }
      return kExitOk;
    }
    if (cmd == "defaults") {
      if (wants_help(rest)) {
        std::cout << kDefaultsHelp;
        return kExitOk;
      }
      std::cout << builtin_defaults_text();
      return kExitOk;
    }
    throw UsageError("unknown command '" + cmd + "' (see laoxiao --help)");
  } catch (const UsageError& e) {
    std::cerr << "laoxiao: " << e.what() << "\n";
    return kExitUsage;
  } catch (const InputError& e) {
    std::cerr << e.diagnostics().format();
    return kExitUsage;
  } catch (const Interrupted& e) {
    std::cerr << "\nlaoxiao: stopped by signal " << e.signal
              << "; no output written, the previous file (if any) is untouched\n";
    return 128 + e.signal;
  } catch (const std::bad_alloc&) {
    std::cerr << "laoxiao: out of memory (more was taken than estimated, or by other processes "
                 "meanwhile); no output written, the previous file (if any) is untouched\n";
    return kExitResources;
  } catch (const std::exception& e) {
    std::cerr << "laoxiao: error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace laoxiao
