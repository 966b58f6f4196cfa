// laoxiao run: load, estimate memory, simulate, write the file atomically, report.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/atomic_file.hpp"
#include "app/commands.hpp"
#include "app/hdf5_writer.hpp"
#include "app/output_paths.hpp"
#include "app/report.hpp"
#include "app/resources.hpp"
#include "app/stats.hpp"
#include "laoxiao/version.hpp"
#include "sim/batch_summary.hpp"
#include "sim/invariants.hpp"
#include "sim/runner.hpp"

namespace laoxiao {

namespace {

/// Set by SIGINT/SIGTERM; runs stop between months.
std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    // The second signal: stop now, without the clean-up that did not come quickly enough.
    // unlink and _exit are async-signal-safe.
    remove_partial_files();
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

template <typename T>
T parse_number(const std::string& opt, const std::string& text) {
  T v{};
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size())
    throw UsageError(opt + ": '" + text + "' is not a valid number");
  return v;
}

struct RunArguments {
  std::vector<std::string> files;
  std::vector<Override> overrides;
  std::optional<int> threads;
  std::optional<std::uint64_t> max_memory;
  std::string out = "out/laoxiao.h5";
  std::optional<std::string> stats;
  bool quiet = false;
};

RunArguments parse_run_arguments(const std::vector<std::string>& args) {
  RunArguments a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
      return args[++i];
    };
    if (take_override(args, i, a.overrides)) {
      continue;
    } else if (arg == "--threads") {
      a.threads = parse_number<int>(arg, value());
      if (*a.threads < 1 || *a.threads > 4096)
        throw UsageError("--threads: must be between 1 and 4096");
    } else if (arg == "--out") {
      a.out = value();
      if (a.out.empty()) throw UsageError("--out: needs a file name, not ''");
    } else if (arg == "--stats") {
      a.stats = value();
      if (a.stats->empty()) throw UsageError("--stats: needs a file name, not ''");
    } else if (arg == "--max-memory") {
      try {
        a.max_memory = parse_memory_size(value());
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--max-memory: ") + e.what());
      }
    } else if (arg == "--quiet") {
      a.quiet = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError("run: unknown option '" + arg + "' (see laoxiao run --help)");
    } else {
      a.files.push_back(arg);
    }
  }
  if (a.files.empty()) throw UsageError("run: give at least one scenario file");
  return a;
}

void print_memory_refusal(const MemoryEstimate& memory, const MemoryLimit& limit) {
  std::cerr << "laoxiao: not enough memory: this run needs about " << format_bytes(memory.total)
            << " (" << memory.side_by_side << " simulation" << (memory.side_by_side == 1 ? "" : "s")
            << " alive at once, " << format_bytes(memory.simulations) << ", the largest "
            << memory.largest_place << " with " << memory.largest_agents << " agent slots; results "
            << format_bytes(memory.results) << "), more than the " << format_bytes(limit.bytes)
            << " allowed by " << limit.source
            << ".\nUse a smaller --sample, fewer --threads or --replicates, or state the bound "
               "with --max-memory.\n";
}

}  // namespace

int cmd_run(const Invocation& inv) {
  const RunArguments a = parse_run_arguments(inv.args);
  // Everything is validated before anything runs; all errors of all files at once.
  const std::vector<Scenario> scenarios = load_all(a.files, a.overrides);

  // The CPUs this process may use (affinity, cgroup quota), as oneTBB sees them.
  const int n_threads = a.threads.value_or(std::max(1, tbb::info::default_concurrency()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(n_threads));
  install_signal_handlers();

  // Where the run writes is settled before it starts: never an input, never twice the same
  // file, and each destination writable now (not after hours of work).
  std::vector<OutputPath> outputs{{"--out", a.out}};
  if (a.stats) outputs.push_back({"--stats", *a.stats});
  check_output_paths(outputs, scenarios);
  namespace fs = std::filesystem;
  const fs::path out_path(a.out);
  for (const OutputPath& o : outputs)
    if (const fs::path p(o.path); p.has_parent_path()) {
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
    }
  AtomicOutput output(out_path);
  std::optional<AtomicOutput> stats_output;
  if (a.stats) stats_output.emplace(*a.stats);

  // Models first (small), then the memory the simulations will need, before they allocate it.
  auto runs = prepare_runs(scenarios);
  const MemoryEstimate memory = estimate_memory(runs, n_threads);
  const std::optional<MemoryLimit> memory_limit =
      a.max_memory ? std::optional<MemoryLimit>(MemoryLimit{*a.max_memory, "--max-memory"})
                   : available_memory();
  if (memory_limit && memory.total > memory_limit->bytes) {
    print_memory_refusal(memory, *memory_limit);
    return kExitResources;
  }

  if (!a.quiet) {
    std::cerr << "laoxiao " << kVersion << ": " << scenarios.size() << " scenario"
              << (scenarios.size() == 1 ? "" : "s") << ", " << n_threads << " thread"
              << (n_threads == 1 ? "" : "s") << ", memory about " << format_bytes(memory.total)
              << (memory_limit ? " of " + format_bytes(memory_limit->bytes) + " available" : "")
              << "\nmonthly step order:";
    int k = 1;
    for (const auto& p : monthly_step_order()) std::cerr << " " << k++ << "." << p.name;
    std::cerr << "\n";
  }
  const StopToken stop(&g_signal);
  if (const int sig = stop.requested()) throw Interrupted(sig);

  RunOptions opt;
  opt.progress = !a.quiet;
  opt.simulate.stop = stop;
  // The bound holds during the run too: each simulation may grow past its estimate only in
  // proportion to the room the estimate left (sim/task.hpp).
  if (memory_limit)
    opt.simulate.slot_budget =
        static_cast<double>(memory_limit->bytes) / static_cast<double>(memory.total);
  const auto wall0 = std::chrono::steady_clock::now();
  run_prepared(runs, opt);
  const double sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  // An impossible number is a failure, never a file (sim/invariants.hpp).
  check_invariants(runs);
  RunMetadata meta;
  meta.command_line = inv.command_line;
  meta.threads = n_threads;
  try {
    write_run_hdf5(output.temporary().string(), runs, meta);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(out_path.string() + ": " + e.what() +
                             "; nothing was written in its place");
  }
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  // Both files are complete before either replaces its previous version.
  if (stats_output)
    write_to_temporary(*stats_output,
                       run_stats_json(runs, n_threads, sim_seconds, wall_seconds, memory));
  if (const int sig = stop.requested()) throw Interrupted(sig);
  output.commit();
  if (stats_output) stats_output->commit();
  const auto names = run_group_names(runs);
  print_summary(std::cout, runs, names);
  for (const auto& [name, members] : batches_of(runs)) print_batch(std::cout, runs, name, members);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].scenario().batch.empty()) continue;
    print_checks(std::cout, runs[i], names[i]);
    for (const auto& c : runs[i].compiled.calibration)
      std::cout << "   calibration: " << format_calibration(c) << "\n";
    if (!runs[i].summary.audit.empty())
      std::cout << "   the plan audit has " << runs[i].summary.audit.size()
                << " findings: laoxiao audit " << runs[i].scenario().file << "\n";
  }
  std::cout << "\nwrote " << out_path.string() << "\n";
  return kExitOk;
}

}  // namespace laoxiao
