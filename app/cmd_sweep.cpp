// laoxiao sweep: a design of points over scenario parameters, run as tasks (point x place x
// replicate) on this machine's threads or, under mpirun/srun, on every rank; one crash-safe
// file per task, so that a sweep killed at any moment resumes with --resume; then the index
// sweep.h5 with the design, the indicators, P(meet) per point and the sensitivity ranking.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "app/atomic_file.hpp"
#include "app/commands.hpp"
#include "app/resources.hpp"
#include "app/sweep_files.hpp"
#include "core/progress.hpp"
#include "laoxiao/version.hpp"
#include "sim/compiled.hpp"
#include "sim/runner.hpp"
#include "sim/sweep_summary.hpp"
#include "sim/sweep_tasks.hpp"
#include "sim/task_farm.hpp"
#ifdef LAOXIAO_HAVE_MPI
#include "sim/mpi_farm.hpp"
#endif

namespace laoxiao {

namespace fs = std::filesystem;

namespace {

const char* kSweepHelp =
    "Usage: laoxiao sweep SWEEP.toml [--out DIR] [options]\n"
    "\n"
    "Runs every point of a sweep file (a design over scenario keys applied to base scenarios or\n"
    "batches) as tasks, one per point, place and replicate, each written to its own file under\n"
    "DIR/tasks/ (a file that exists is complete), then builds the index DIR/sweep.h5: the\n"
    "design, every indicator by point, replicate and year, P(meet) of each target per point and,\n"
    "for Morris and Sobol designs, which parameters move each output most (printed as a\n"
    "ranking). Every point's values are checked before anything runs. The results do not depend\n"
    "on threads, ranks or the order in which tasks finish. docs/HPC.md: laptop, workstation,\n"
    "cluster (mpirun, srun, job arrays).\n"
    "\n"
    "Options:\n"
    "  --out DIR        output directory (default out/<sweep file stem>)\n"
    "  --resume         continue the sweep in DIR: compute only the tasks whose file is missing\n"
    "  --threads T      tasks at a time on this process (each parallel inside; default: the\n"
    "                   CPUs this process may use)\n"
    "  --task-index I --task-count N\n"
    "                   run only share I of N of the tasks (a job array: each job a share, then\n"
    "                   one run with --resume builds the index); DIR may already hold the sweep\n"
    "  --max-memory M   memory the sweep may use on each node (shared by the ranks on a node);\n"
    "                   default: the memory available\n"
    "  --quiet          no progress lines\n"
    "Under mpirun or srun every rank takes tasks from rank 0, largest first. Open MPI binds each\n"
    "rank to one core by default: start it with --bind-to none (or srun's --cpus-per-task) so\n"
    "that each rank's threads have their cores.\n";

struct SweepArguments {
  std::string file, out;
  bool resume = false, quiet = false;
  std::optional<int> threads;
  std::optional<std::uint64_t> max_memory;
  int task_index = 0, task_count = 1;
  bool share = false;
};

SweepArguments parse_sweep_arguments(const std::vector<std::string>& args) {
  SweepArguments a;
  std::optional<int> index, count;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
      return args[++i];
    };
    if (arg == "--out") {
      a.out = value();
    } else if (arg == "--resume") {
      a.resume = true;
    } else if (arg == "--quiet") {
      a.quiet = true;
    } else if (arg == "--threads") {
      a.threads = parse_number<int>(arg, value());
      if (*a.threads < 1 || *a.threads > 4096)
        throw UsageError("--threads: must be between 1 and 4096");
    } else if (arg == "--task-index") {
      index = parse_number<int>(arg, value());
    } else if (arg == "--task-count") {
      count = parse_number<int>(arg, value());
    } else if (arg == "--max-memory") {
      try {
        a.max_memory = parse_memory_size(value());
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--max-memory: ") + e.what());
      }
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError("sweep: unknown option '" + arg + "' (see laoxiao sweep --help)");
    } else if (a.file.empty()) {
      a.file = arg;
    } else {
      throw UsageError("sweep: give one sweep file (found '" + a.file + "' and '" + arg + "')");
    }
  }
  if (a.file.empty()) throw UsageError("sweep: give a sweep file");
  if (index.has_value() != count.has_value())
    throw UsageError("--task-index and --task-count go together");
  if (count) {
    if (*count < 1 || *index < 0 || *index >= *count)
      throw UsageError("--task-index I --task-count N: need 0 <= I < N");
    a.task_index = *index;
    a.task_count = *count;
    a.share = true;
  }
  if (a.out.empty()) a.out = (fs::path("out") / fs::path(a.file).stem()).string();
  return a;
}

/// What a sweep needs before it runs, found on the first rank.
struct Prepared {
  Sweep sweep;
  SweepLayout layout;
  std::string definition, fingerprint;
  std::shared_ptr<const std::vector<Scenario>> first;  // point 0's scenarios, loaded already
};

/// Loads and checks the sweep and every point (compiling single places: a target out of reach
/// is an error before anything runs).
Prepared prepare(const std::string& file) {
  Prepared p;
  p.sweep = load_sweep(file);
  std::vector<std::string> base_resolved;
  std::mutex mu;
  p.layout = check_sweep_points(p.sweep, [&](std::size_t point, const std::vector<Scenario>& all) {
    for (const Scenario& s : all)
      if (s.batch.empty()) (void)compile(s);
    if (point != 0) return;
    const std::lock_guard<std::mutex> lock(mu);
    for (const Scenario& s : all)
      if (!s.resolved_toml.empty()) base_resolved.push_back(s.resolved_toml);
    p.first = std::make_shared<const std::vector<Scenario>>(all);
  });
  p.definition = sweep_definition(p.sweep, p.layout, base_resolved);
  p.fingerprint = fingerprint_of(p.definition);
  return p;
}

std::string design_line(const Sweep& s, const SweepLayout& layout) {
  std::ostringstream o;
  const std::size_t tasks = s.points.size() * layout.places.size() * s.replicates;
  o << "design " << sweep_design_names().names[static_cast<std::size_t>(s.design)] << ", "
    << s.parameters.size() << " parameter" << (s.parameters.size() == 1 ? "" : "s") << ", "
    << s.points.size() << " points x " << layout.places.size() << " place"
    << (layout.places.size() == 1 ? "" : "s") << " x " << s.replicates << " replicate"
    << (s.replicates == 1 ? "" : "s") << " = " << tasks << " tasks, years " << layout.first_year
    << "-" << layout.first_year + layout.n_years - 1;
  return o.str();
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Prepares DIR for this sweep; throws UsageError when DIR holds another sweep, or this one
/// without --resume.
void prepare_directory(const SweepDirectory& dir, const Prepared& p, const SweepArguments& a) {
  std::error_code ec;
  fs::create_directories(dir.tasks(), ec);
  if (ec)
    throw std::runtime_error(dir.root.string() +
                             ": cannot create the output directory: " + ec.message());
  if (fs::exists(dir.definition())) {
    if (read_text(dir.definition()) != p.definition)
      throw UsageError(dir.root.string() +
                       " holds another sweep (its sweep.definition differs: other points, "
                       "places, base scenarios or settings); give another --out");
    bool any = fs::exists(dir.index());
    for (auto it = fs::recursive_directory_iterator(dir.tasks(), ec);
         !any && it != fs::recursive_directory_iterator(); ++it)
      any = it->is_regular_file() && it->path().extension() == ".h5";
    if (any && !a.resume && !a.share)
      throw UsageError(dir.root.string() +
                       " holds this sweep's results already: add --resume to compute only the "
                       "missing tasks, or give another --out");
    return;
  }
  write_file_atomically(dir.definition(), p.definition);
}

/// The exit code and message of an exception that ends the sweep.
int report_failure(std::exception_ptr e, const std::string& who) {
  try {
    std::rethrow_exception(e);
  } catch (const InputError& x) {
    std::cerr << x.diagnostics().format();
    return kExitUsage;
  } catch (const UsageError& x) {
    std::cerr << "laoxiao: " << who << x.what() << "\n";
    return kExitUsage;
  } catch (const Interrupted& x) {
    std::cerr << "\nlaoxiao: " << who << "stopped by signal " << x.signal
              << "; the task files written so far are complete and kept: rerun with --resume\n";
    return 128 + x.signal;
  } catch (const std::bad_alloc&) {
    std::cerr << "laoxiao: " << who << "out of memory; the task files written so far are kept\n";
    return kExitResources;
  } catch (const std::exception& x) {
    std::cerr << "laoxiao: " << who << "error: " << x.what() << "\n";
    return kExitFailure;
  }
}

/// Builds the index from every task file (the first rank, once all tasks are done).
void build_index(const SweepDirectory& dir, const Prepared& p, const std::string& command_line) {
  const Sweep& s = p.sweep;
  const SweepTasks tasks(s.points.size(), p.layout.places.size(), s.replicates);
  SweepData data(tasks.points(), tasks.places(), s.replicates, p.layout.first_year,
                 p.layout.n_years);
  std::vector<TaskFile> files;
  files.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const SweepTask t = tasks.at(i);
    const fs::path f = dir.task_file(t);
    if (!fs::exists(f)) throw std::runtime_error(f.string() + ": the task's file is missing");
    TaskFile tf = read_task_file(f);
    if (tf.fingerprint != p.fingerprint)
      throw std::runtime_error(f.string() + ": written by another sweep (fingerprint " +
                               tf.fingerprint + ", this sweep's " + p.fingerprint + ")");
    if (tf.task.point != t.point || tf.task.place != t.place || tf.task.replicate != t.replicate)
      throw std::runtime_error(f.string() + ": holds another task");
    data.add(tasks, i, tf.output);
    tf.output.indicators.clear();
    tf.output.population.clear();
    files.push_back(std::move(tf));
  }
  const SweepSummary summary = summarize_sweep(s, data);
  AtomicOutput out(dir.index());
  write_sweep_index(out.temporary().string(), s, p.layout, data, summary, files,
                    SweepIndexMeta{command_line, p.definition, p.fingerprint});
  out.commit();

  // The report.
  std::cout << "sweep " << s.file << ": " << design_line(s, p.layout) << "\n";
  const std::size_t T = summary.targets.size(), P = s.points.size();
  // Targets the model computes (the others are exogenous, or need what the places lack), and
  // among them those whose P(meet) changes across the points.
  std::vector<std::size_t> varying;
  std::size_t computed = 0, always = 0, never = 0;
  struct Range {
    double lo = INFINITY, hi = -INFINITY, mean = 0;
    std::size_t at_lo = 0, at_hi = 0;
  };
  std::vector<Range> ranges(T);
  for (std::size_t t = 0; t < T; ++t) {
    Range& r = ranges[t];
    std::size_t n = 0;
    for (std::size_t pt = 0; pt < P; ++pt) {
      const double v = summary.mean_p_meet[pt * T + t];
      if (!std::isfinite(v)) continue;
      r.mean += v;
      ++n;
      if (v < r.lo) r.lo = v, r.at_lo = pt;
      if (v > r.hi) r.hi = v, r.at_hi = pt;
    }
    if (!n) continue;
    ++computed;
    r.mean /= static_cast<double>(n);
    if (r.lo < r.hi)
      varying.push_back(t);
    else if (r.hi >= 1)
      ++always;
    else if (r.hi <= 0)
      ++never;
  }
  const std::size_t other = computed - varying.size() - always - never;
  std::cout << T << " targets, " << computed << " computed by the model: " << varying.size()
            << " change across the points, " << always << " are met at every point, " << never
            << " are met at none" << (other ? ", " + std::to_string(other) + " stay the same" : "")
            << " (all in targets/p_meet of sweep.h5)\n";
  std::size_t width = 8;
  for (std::size_t t : varying) width = std::max(width, summary.targets[t].label().size());
  if (!varying.empty()) {
    std::cout << (p.layout.places.size() > 1 ? "P(meet), mean over places," : "P(meet)")
              << " of the targets that change (min / mean / max over the points):\n";
    for (std::size_t t : varying) {
      const Range& r = ranges[t];
      const SweepTarget& g = summary.targets[t];
      std::ostringstream range;
      range << std::fixed << std::setprecision(2) << r.lo << " / " << r.mean << " / " << r.hi
            << " (lowest at point " << r.at_lo << ", highest at " << r.at_hi << ")";
      std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << g.label() << "  "
                << std::setw(44) << range.str() << "  " << g.id << " " << g.comparator << " "
                << g.text << "\n";
    }
  }
  // A small design point by point: the parameters' values and, for the targets that change,
  // P(meet) (with several places: the share of places with P(meet) >= 0.5).
  if (!varying.empty() && P <= 60) {
    const bool batch = p.layout.places.size() > 1;
    const std::size_t shown = std::min<std::size_t>(varying.size(), 6);
    std::cout << "\nBy point (" << (batch ? "share of places meeting each target" : "P(meet)")
              << (shown < varying.size() ? ", the first " + std::to_string(shown) + " targets" : "")
              << "):\n  point";
    for (const auto& par : s.parameters) std::cout << "  " << par.key;
    for (std::size_t j = 0; j < shown; ++j)
      std::cout << "  " << summary.targets[varying[j]].label();
    std::cout << "\n";
    for (std::size_t pt = 0; pt < P; ++pt) {
      std::cout << std::right << "  " << std::setw(5) << pt;
      for (std::size_t k = 0; k < s.parameters.size(); ++k)
        std::cout << "  " << std::setw(static_cast<int>(s.parameters[k].key.size()))
                  << s.points[pt].values[k];
      for (std::size_t j = 0; j < shown; ++j) {
        const std::size_t t = varying[j];
        const double v =
            batch ? summary.share_meeting[pt * T + t] : summary.mean_p_meet[pt * T + t];
        std::ostringstream cell;
        cell << std::fixed << std::setprecision(2) << v;
        std::cout << "  " << std::setw(static_cast<int>(summary.targets[t].label().size()))
                  << cell.str();
      }
      std::cout << std::left << "\n";
    }
  }
  if ((summary.morris || summary.sobol) && !varying.empty()) {
    std::cout << "\nParameters ranked by "
              << (summary.morris ? "mu* (mean |elementary effect| on P(meet) over each "
                                   "parameter's range)"
                                 : "total Sobol index ST of P(meet) (first order S1 beside)")
              << ":\n";
    for (std::size_t t : varying) {
      std::vector<std::size_t> order(s.parameters.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      auto score = [&](std::size_t k) {
        const double v =
            summary.morris ? summary.target_morris[t].mu_star[k] : summary.target_sobol[t].st[k];
        return std::isfinite(v) ? v : -1.0;
      };
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return score(a) > score(b); });
      std::cout << "  " << summary.targets[t].label() << ":" << std::fixed << std::setprecision(3);
      for (std::size_t k : order) {
        std::cout << "\n      " << std::left << std::setw(44) << s.parameters[k].key;
        if (summary.morris) {
          const auto& m = summary.target_morris[t];
          std::cout << " mu* " << m.mu_star[k] << " +- " << m.mu_star_se[k] << "  mu " << m.mu[k]
                    << "  sigma " << m.sigma[k];
        } else {
          const auto& so = summary.target_sobol[t];
          std::cout << " ST " << so.st[k] << " +- " << so.st_se[k] << "  S1 " << so.s1[k] << " +- "
                    << so.s1_se[k];
        }
      }
      std::cout << std::defaultfloat << "\n";
    }
  }
  if (summary.morris || summary.sobol) {
    // The indicators behind the computed targets, in the last year: what moves them, even where
    // no target is crossed.
    const std::size_t last = static_cast<std::size_t>(p.layout.n_years - 1);
    std::set<std::string> ids;
    for (std::size_t t = 0; t < T; ++t)
      if (std::isfinite(ranges[t].mean)) ids.insert(summary.targets[t].id);
    std::cout << "\nWhat moves the indicators behind the targets (their mean in "
              << p.layout.first_year + p.layout.n_years - 1 << "; "
              << (summary.morris ? "mu*, in the indicator's unit" : "ST") << "):\n";
    for (std::size_t i = 0; i < summary.indicator_ids.size(); ++i) {
      if (!ids.count(summary.indicator_ids[i])) continue;
      std::vector<std::pair<double, std::size_t>> scored;
      for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        const double v = summary.morris ? summary.indicator_morris[i][last].mu_star[k]
                                        : summary.indicator_sobol[i][last].st[k];
        if (std::isfinite(v)) scored.emplace_back(v, k);
      }
      std::stable_sort(scored.begin(), scored.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      std::cout << "  " << std::left << std::setw(36) << summary.indicator_ids[i];
      if (scored.empty() || scored.front().first <= 0) {
        std::cout << " the same at every point\n";
        continue;
      }
      for (std::size_t j = 0; j < scored.size() && j < 3 && scored[j].first > 0; ++j)
        std::cout << (j ? ", " : " ") << s.parameters[scored[j].second].key << " "
                  << std::setprecision(3) << scored[j].first;
      std::cout << std::defaultfloat << "\n";
    }
    std::cout << "  (every indicator, year by year: sensitivity/indicators in sweep.h5)\n";
  }
  std::cout << "\nwrote " << dir.index().string() << "\n";
}

/// The memory this rank needs, checked against its share of the node; false (and a message)
/// when it does not fit.
bool memory_fits(SweepModels& models, std::size_t largest_place, int threads, int ranks_on_node,
                 const std::optional<std::uint64_t>& max_memory, const std::string& who) {
  std::vector<ScenarioRun> runs(1);
  runs[0].compiled = compile(models.scenarios(0)->at(largest_place));
  const MemoryEstimate e = estimate_memory(runs, threads);
  const std::optional<MemoryLimit> node =
      max_memory ? std::optional<MemoryLimit>(MemoryLimit{*max_memory, "--max-memory"})
                 : available_memory();
  if (!node) return true;
  // The ranks of a node share it: --max-memory is the node's bound; what is available is free
  // memory (shared) plus what this rank holds already.
  const auto n = static_cast<std::uint64_t>(ranks_on_node);
  const std::uint64_t share =
      max_memory ? node->bytes / n
                 : e.resident + (node->bytes > e.resident ? node->bytes - e.resident : 0) / n;
  if (e.total <= share) return true;
  std::cerr << "laoxiao: " << who << "not enough memory: this rank needs about "
            << format_bytes(e.total) << " (" << threads << " simulation"
            << (threads == 1 ? "" : "s") << " of the largest place, " << e.largest_place << ", "
            << e.largest_agents << " agent slots each, alive at once), more than its share "
            << format_bytes(share) << " of the " << format_bytes(node->bytes) << " allowed by "
            << node->source << " (" << ranks_on_node << " rank" << (ranks_on_node == 1 ? "" : "s")
            << " on this node).\n"
            << "Use fewer --threads or ranks per node, a smaller sample, or state the bound with "
               "--max-memory.\n";
  return false;
}

}  // namespace

const char* sweep_help() {
  return kSweepHelp;
}

int validate_sweep_file(const std::string& file) {
  try {
    const Prepared p = prepare(file);
    std::cout << file << ": OK (sweep: " << design_line(p.sweep, p.layout) << ")\n";
    for (const auto& par : p.sweep.parameters) {
      std::cout << "    " << std::left << std::setw(44) << par.key << " ";
      if (p.sweep.design == SweepDesignKind::kTable) {
        std::cout << "table column\n";
      } else if (par.registry) {
        std::cout << "registry: " << par.registry->describe() << "\n";
      } else if (par.range) {
        if (par.spec.kind == ParamKind::kMonth)
          std::cout << Month{static_cast<std::int32_t>(par.min)}.to_string() << " .. "
                    << Month{static_cast<std::int32_t>(par.max)}.to_string() << "\n";
        else
          std::cout << par.min << " .. " << par.max << "\n";
      } else {
        std::cout << par.values.size() << " values\n";
      }
    }
    return kExitOk;
  } catch (const InputError& e) {
    std::cerr << e.diagnostics().format();
    std::cerr << file << ": " << e.diagnostics().size() << " error"
              << (e.diagnostics().size() == 1 ? "" : "s") << "\n";
    return kExitUsage;
  }
}

int cmd_sweep(const Invocation& inv) {
  const SweepArguments a = parse_sweep_arguments(inv.args);
#ifdef LAOXIAO_HAVE_MPI
  std::unique_ptr<MpiSession> mpi;
  if (MpiSession::launched()) mpi = std::make_unique<MpiSession>();
  const int rank = mpi ? mpi->rank() : 0, ranks = mpi ? mpi->size() : 1;
  const int on_node = mpi ? mpi->ranks_on_node() : 1;
  const std::string host = mpi ? mpi->host() : AtomicOutput::host_name();
#else
  const int rank = 0, ranks = 1, on_node = 1;
  const std::string host = AtomicOutput::host_name();
#endif
  const std::string who =
      ranks > 1 ? "rank " + std::to_string(rank) + "/" + std::to_string(ranks) + " (" + host + "): "
                : "";
  // Every rank but the first waits for its verdict and then for its numbers.
  auto agree = [&](int status) {
#ifdef LAOXIAO_HAVE_MPI
    if (mpi) return mpi->broadcast(status);
#endif
    return status;
  };
  auto share_text = [&](const std::string& text) {
#ifdef LAOXIAO_HAVE_MPI
    if (mpi) return mpi->broadcast(text);
#endif
    return text;
  };

  const int threads = a.threads.value_or(std::max(1, tbb::info::default_concurrency()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  install_signal_handlers();
  const StopToken stop(&stop_signal());
  const SweepDirectory dir{a.out};
  const auto wall0 = std::chrono::steady_clock::now();

  Prepared prepared;
  std::vector<std::size_t> todo;
  std::vector<double> cost;
  std::size_t already = 0, total_tasks = 0, largest = 0;
  int status = kExitOk;
  if (rank == 0) {
    try {
      prepared = prepare(a.file);
      prepare_directory(dir, prepared, a);
      const Sweep& s = prepared.sweep;
      const SweepTasks tasks(s.points.size(), prepared.layout.places.size(), s.replicates);
      total_tasks = tasks.size();
      cost.resize(tasks.size());
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        const SweepTask t = tasks.at(i);
        cost[i] = prepared.layout.cost[t.point][t.place];
      }
      const auto order = tasks.dispatch_order(prepared.layout.cost);
      for (std::size_t k = 0; k < order.size(); ++k) {
        if (a.share && static_cast<int>(k % static_cast<std::size_t>(a.task_count)) != a.task_index)
          continue;
        if (fs::exists(dir.task_file(tasks.at(order[k]))))
          ++already;
        else
          todo.push_back(order[k]);
      }
      const auto& c0 = prepared.layout.cost.at(0);
      largest = static_cast<std::size_t>(std::max_element(c0.begin(), c0.end()) - c0.begin());
    } catch (...) {
      status = report_failure(std::current_exception(), "");
    }
  }
  if ((status = agree(status)) != kExitOk) return status;
  // The other ranks read the same sweep file (checked already) and take rank 0's numbers.
  const std::string fingerprint = share_text(prepared.fingerprint);
  const std::size_t places_per_point = static_cast<std::size_t>(
      agree(static_cast<int>(rank == 0 ? prepared.layout.places.size() : 0)));
  largest = static_cast<std::size_t>(agree(static_cast<int>(largest)));
  const std::string resolved = share_text(prepared.sweep.resolved);
  if (rank != 0) {
    try {
      prepared.sweep = load_sweep(a.file);
      // Every rank must compute the same points as rank 0 (the file may have changed since).
      if (prepared.sweep.resolved != resolved)
        throw std::runtime_error(a.file + " reads differently on this rank than on rank 0");
    } catch (...) {
      const int code = report_failure(std::current_exception(), who);
#ifdef LAOXIAO_HAVE_MPI
      if (mpi) mpi->abort(code);
#endif
      return code;
    }
  }
  const Sweep& s = prepared.sweep;
  const SweepTasks tasks(s.points.size(), places_per_point, s.replicates);

  SweepModels models(s, places_per_point, 2 * static_cast<std::size_t>(threads));
  if (prepared.first) models.keep(0, prepared.first);
  bool fits = true;
  try {
    fits = memory_fits(models, largest, threads, on_node, a.max_memory, who);
  } catch (...) {
    status = report_failure(std::current_exception(), who);
    fits = false;
  }
#ifdef LAOXIAO_HAVE_MPI
  if (mpi) fits = mpi->all(fits);
#endif
  if (!fits) return status ? status : kExitResources;

  if (rank == 0 && !a.quiet) {
    std::cerr << "laoxiao " << kVersion << " sweep " << s.file << ": "
              << design_line(s, prepared.layout) << "\n  " << ranks << " rank"
              << (ranks == 1 ? "" : "s") << " x " << threads << " thread"
              << (threads == 1 ? "" : "s") << "; " << already << " of "
              << (a.share ? "this share's " + std::to_string(already + todo.size())
                          : std::to_string(total_tasks))
              << " tasks done already, " << todo.size() << " to compute"
              << (a.share ? " (share " + std::to_string(a.task_index) + " of " +
                                std::to_string(a.task_count) + ")"
                          : "")
              << "\n";
  }

  Progress progress(1000000, !a.quiet, who);
  SimulateOptions opt;
  opt.stop = stop;
  const TaskRun run_info{host, rank, threads};
  TaskCommitter committer;
  auto work = [&](std::size_t i) {
    const SweepTask t = tasks.at(i);
    const TaskOutput out = run_sweep_task(models, t, opt);
    if (const int sig = stop.requested()) throw Interrupted(sig);
    write_task_file(dir, t, fingerprint, out, run_info, committer);
  };
  auto on_status = [&](const FarmStatus& st) {
    const double frac = st.total_cost > 0 ? st.done_cost / st.total_cost : 1.0;
    progress.update(static_cast<std::uint64_t>(frac * 1000000),
                    std::to_string(st.done) + "/" + std::to_string(st.total) + " tasks");
  };
  const auto farm0 = std::chrono::steady_clock::now();
  try {
#ifdef LAOXIAO_HAVE_MPI
    if (mpi) {
      MpiFarm farm(*mpi, threads,
                   [&](std::exception_ptr e) { mpi->abort(report_failure(e, who)); });
      farm.run(todo, cost, work, on_status);
    } else
#endif
    {
      LocalFarm farm(threads);
      farm.run(todo, cost, work, on_status);
    }
    committer.drain();  // every file of this process in place before the index is built
  } catch (...) {
    progress.finish();
    const int code = report_failure(std::current_exception(), who);
#ifdef LAOXIAO_HAVE_MPI
    if (mpi) mpi->abort(code);  // the other ranks would wait for this one
#endif
    return code;
  }
  progress.finish();
#ifdef LAOXIAO_HAVE_MPI
  if (mpi) mpi->barrier();
#endif
  const auto farm1 = std::chrono::steady_clock::now();
  auto since = [](std::chrono::steady_clock::time_point t0,
                  std::chrono::steady_clock::time_point t1) {
    return std::chrono::duration<double>(t1 - t0).count();
  };
  if (rank == 0) {
    try {
      const double seconds = since(wall0, farm1);
      if (a.share) {
        std::cout << "sweep " << s.file << ": share " << a.task_index << " of " << a.task_count
                  << " done (" << todo.size() << " tasks computed, " << already
                  << " found done) in " << std::fixed << std::setprecision(1) << seconds
                  << " s; build the index with: laoxiao sweep " << a.file << " --out " << a.out
                  << " --resume\n";
      } else {
        build_index(dir, prepared, inv.command_line);
        const auto end = std::chrono::steady_clock::now();
        // The phases, for benchmarks (scripts/bench_sweep.sh reads "tasks X s").
        std::cerr << std::fixed << std::setprecision(2) << "computed " << todo.size()
                  << " tasks in " << since(wall0, end) << " s on " << ranks << " rank"
                  << (ranks == 1 ? "" : "s") << " x " << threads << " thread"
                  << (threads == 1 ? "" : "s") << " (checks " << since(wall0, farm0) << " s, tasks "
                  << since(farm0, farm1) << " s, index " << since(farm1, end) << " s)\n";
      }
    } catch (...) {
      status = report_failure(std::current_exception(), "");
    }
  }
  return agree(status);
}

}  // namespace laoxiao
