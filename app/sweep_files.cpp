#include "app/sweep_files.hpp"

#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "app/check_columns.hpp"
#include "app/h5util.hpp"
#include "laoxiao/version.hpp"
#include "models/care/indicators.hpp"

namespace laoxiao {

namespace fs = std::filesystem;
using h5::Meta;
using Column = h5::Writer::Column;

namespace {

/// HDF5 is used from several threads (the slots of a farm): one call at a time.
std::mutex& hdf5_mutex() {
  static std::mutex mu;
  return mu;
}

constexpr std::int64_t kTaskFormatVersion = 1;
constexpr std::int64_t kSweepFormatVersion = 1;

std::vector<std::int32_t> range(int first, int n) {
  std::vector<std::int32_t> out;
  for (int i = 0; i < n; ++i) out.push_back(first + i);
  return out;
}

// --- reading -----------------------------------------------------------------------------------

struct Closer {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Closer() {
    if (id >= 0) close(id);
  }
};

std::string attr_string(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  if (a < 0) throw std::runtime_error(std::string("no attribute ") + name);
  Closer ca{a, H5Aclose};
  const hid_t type = H5Aget_type(a);
  Closer ct{type, H5Tclose};
  char* p = nullptr;
  if (H5Aread(a, type, &p) < 0) throw std::runtime_error(std::string("cannot read ") + name);
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::int64_t attr_int(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  if (a < 0) throw std::runtime_error(std::string("no attribute ") + name);
  Closer ca{a, H5Aclose};
  std::int64_t v = 0;
  if (H5Aread(a, H5T_NATIVE_INT64, &v) < 0)
    throw std::runtime_error(std::string("cannot read ") + name);
  return v;
}

double attr_real(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  if (a < 0) throw std::runtime_error(std::string("no attribute ") + name);
  Closer ca{a, H5Aclose};
  double v = 0;
  if (H5Aread(a, H5T_NATIVE_DOUBLE, &v) < 0)
    throw std::runtime_error(std::string("cannot read ") + name);
  return v;
}

std::vector<double> read_reals(hid_t parent, const std::string& name) {
  const hid_t ds = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (ds < 0) throw std::runtime_error("no dataset " + name);
  Closer cd{ds, H5Dclose};
  const hid_t space = H5Dget_space(ds);
  Closer cs{space, H5Sclose};
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<double> v(static_cast<std::size_t>(n < 0 ? 0 : n));
  if (!v.empty() && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    throw std::runtime_error("cannot read " + name);
  return v;
}

// --- the definition ----------------------------------------------------------------------------

std::uint64_t fnv1a64(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

fs::path SweepDirectory::task_file(const SweepTask& t) const {
  char dir[32], name[48];
  std::snprintf(dir, sizeof dir, "p%05u", t.point);
  std::snprintf(name, sizeof name, "q%04u_r%04u.h5", t.place, t.replicate);
  return tasks() / dir / name;
}

std::string sweep_definition(const Sweep& s, const SweepLayout& layout,
                             const std::vector<std::string>& base_resolved) {
  std::ostringstream o;
  o << s.resolved << "\n# laoxiao " << kVersion << "\n# points\n";
  for (std::size_t p = 0; p < s.points.size(); ++p) {
    o << "# point " << p << "\n";
    std::istringstream lines(s.describe_point(p));
    for (std::string line; std::getline(lines, line);) o << "#   " << line << "\n";
  }
  o << "# years " << layout.first_year << "-" << layout.first_year + layout.n_years - 1
    << "\n# places\n";
  for (const auto& q : layout.places) {
    char people[64];
    std::snprintf(people, sizeof people, "%.17g", q.people);
    o << "#   " << q.id << " " << people << "\n";
  }
  o << "# base scenarios (FNV-1a of each file's resolved scenario)\n";
  for (std::size_t i = 0; i < base_resolved.size() && i < s.scenarios.size(); ++i)
    o << "#   " << s.scenarios[i] << " " << hex(fnv1a64(base_resolved[i])) << "\n";
  return o.str();
}

std::string fingerprint_of(const std::string& definition) {
  return hex(fnv1a64(definition));
}

TaskCommitter::TaskCommitter() {
  for (int i = 0; i < kThreads; ++i) threads_.emplace_back([this] { loop(); });
}

TaskCommitter::~TaskCommitter() {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void TaskCommitter::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::unique_ptr<AtomicOutput> file = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    std::exception_ptr failed;
    try {
      // The data is synced before the rename; a rename lost in a power failure leaves the
      // task absent, and --resume redoes it.
      file->commit(/*sync_directory=*/false);
    } catch (...) {
      failed = std::current_exception();
    }
    file.reset();  // an uncommitted temporary is removed
    lock.lock();
    if (failed && !error_) error_ = failed;
    --busy_;
    if (queue_.empty() && busy_ == 0) idle_.notify_all();
  }
}

void TaskCommitter::add(std::unique_ptr<AtomicOutput> file) {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (error_) std::rethrow_exception(error_);
    queue_.push_back(std::move(file));
  }
  wake_.notify_one();
}

void TaskCommitter::drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
  if (error_) std::rethrow_exception(error_);
}

void write_task_file(const SweepDirectory& dir, const SweepTask& t, const std::string& fingerprint,
                     const TaskOutput& out, const TaskRun& run, TaskCommitter& committer) {
  const std::string& place_id = out.place_id;
  const int first_year = out.first_year;
  const fs::path path = dir.task_file(t);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  auto file = std::make_unique<AtomicOutput>(path, /*host_tagged=*/true);
  {
    const std::lock_guard<std::mutex> lock(hdf5_mutex());
    h5::Writer w(file->temporary().string());
    const hid_t root = w.root();
    w.attr(root, "format", std::string("laoxiao-sweep-task"));
    w.attr(root, "format_version", kTaskFormatVersion);
    w.attr(root, "laoxiao_version", std::string(kVersion));
    w.attr(root, "sweep_fingerprint", fingerprint);
    w.attr(root, "point", static_cast<std::int64_t>(t.point));
    w.attr(root, "place", static_cast<std::int64_t>(t.place));
    w.attr(root, "place_id", place_id);
    w.attr(root, "replicate", static_cast<std::int64_t>(t.replicate));
    w.attr(root, "host", run.host);
    w.attr(root, "rank", static_cast<std::int64_t>(run.rank));
    w.attr(root, "threads", static_cast<std::int64_t>(run.threads));
    w.attr(root, "seconds", out.stats.seconds);
    w.attr(root, "agents_initial", static_cast<std::int64_t>(out.stats.agents_initial));
    w.attr(root, "agent_months", static_cast<std::int64_t>(out.stats.person_months));
    w.attr(root, "description",
           std::string("One task of a sweep (point, place, replicate); the sweep's index "
                       "sweep.h5 gathers them. See docs/HDF5-LAYOUT.md."));
    const int n_years = static_cast<int>(out.population.size());
    w.scale(root, "year", range(first_year, n_years), "calendar year");
    w.dataset(root, "population", out.population,
              Meta{"persons", "Residents on 31 December", "", "常住人口", {"year"}});
    h5::Handle ig = w.group(root, "indicators");
    w.scale(ig.id(), "year", range(first_year, n_years), "calendar year");
    for (const auto& def : indicator_catalog()) {
      auto it = out.indicators.find(def.id);
      if (it == out.indicators.end()) continue;
      w.dataset(ig.id(), def.id, it->second,
                Meta{def.unit, def.name_en, def.formula, def.name_zh, {"year"}});
    }
    w.close();
  }
  committer.add(std::move(file));
}

TaskFile read_task_file(const fs::path& file) {
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error(file.string() + ": cannot open as HDF5");
  Closer cf{f, H5Fclose};
  TaskFile t;
  try {
    if (attr_string(f, "format") != "laoxiao-sweep-task")
      throw std::runtime_error("not a sweep task file");
    t.fingerprint = attr_string(f, "sweep_fingerprint");
    t.task.point = static_cast<std::uint32_t>(attr_int(f, "point"));
    t.task.place = static_cast<std::uint32_t>(attr_int(f, "place"));
    t.task.replicate = static_cast<std::uint32_t>(attr_int(f, "replicate"));
    t.place_id = attr_string(f, "place_id");
    t.output.place_id = t.place_id;
    t.run.host = attr_string(f, "host");
    t.run.rank = static_cast<int>(attr_int(f, "rank"));
    t.run.threads = static_cast<int>(attr_int(f, "threads"));
    t.output.stats.seconds = attr_real(f, "seconds");
    t.output.stats.agents_initial = static_cast<std::uint64_t>(attr_int(f, "agents_initial"));
    t.output.stats.person_months = static_cast<std::uint64_t>(attr_int(f, "agent_months"));
    t.output.population = read_reals(f, "population");
    const hid_t g = H5Gopen2(f, "indicators", H5P_DEFAULT);
    if (g < 0) throw std::runtime_error("no indicators group");
    Closer cg{g, H5Gclose};
    for (const auto& def : indicator_catalog())
      if (H5Lexists(g, def.id.c_str(), H5P_DEFAULT) > 0)
        t.output.indicators[def.id] = read_reals(g, def.id);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
  return t;
}

namespace {

/// The dimensions of a [point, (place,) replicate, year] dataset.
std::vector<std::string> series_dims(bool places) {
  if (places) return {"point", "place", "replicate", "year"};
  return {"point", "replicate", "year"};
}

void point_scales(h5::Writer& w, hid_t g, const Sweep& s, bool parameters) {
  w.scale(g, "point", range(0, static_cast<int>(s.points.size())), "point of the design");
  if (!parameters) return;
  std::vector<std::string> keys;
  for (const auto& p : s.parameters) keys.push_back(p.key);
  w.scale(g, "parameter", keys, "scenario key varied by the sweep");
}

void write_sensitivity(h5::Writer& w, hid_t root, const Sweep& s, const SweepLayout& layout,
                       const SweepSummary& sum) {
  if (!sum.morris && !sum.sobol) return;
  const std::size_t K = s.parameters.size(), T = sum.targets.size(), I = sum.indicator_ids.size(),
                    Y = static_cast<std::size_t>(layout.n_years);
  h5::Handle g = w.group(root, "sensitivity");
  w.attr(g.id(), "method",
         std::string(sum.morris ? "Morris elementary effects (Morris 1991): EE = change of the "
                                  "output / change of the parameter's coordinate in [0, 1] (its "
                                  "range); mu = mean EE, mu_star = mean |EE| (Campolongo et al. "
                                  "2007), sigma = sd EE, mu_star_se = sd |EE| / sqrt(r)"
                                : "Sobol indices from Saltelli's design: first order S1 with the "
                                  "Saltelli et al. (2010) estimator, total ST with Jansen's "
                                  "(1999); *_se from 200 bootstrap resamples of the base "
                                  "samples"));
  w.attr(g.id(), "outputs",
         std::string("targets/: each target's P(meet) (with several places, its mean over the "
                     "places); indicators/: each indicator's mean over replicates (and places) "
                     "in each year"));
  std::vector<std::string> keys;
  for (const auto& p : s.parameters) keys.push_back(p.key);
  std::vector<std::string> labels;
  for (const auto& t : sum.targets) labels.push_back(t.label());

  struct Stat {
    const char* name;
    const char* long_name;
  };
  const std::vector<Stat> stats =
      sum.morris ? std::vector<Stat>{{"mu_star", "mean absolute elementary effect"},
                                     {"mu", "mean elementary effect"},
                                     {"sigma", "standard deviation of the elementary effects"},
                                     {"mu_star_se", "standard error of mu_star"}}
                 : std::vector<Stat>{{"S1", "first-order Sobol index"},
                                     {"S1_se", "bootstrap standard error of S1"},
                                     {"ST", "total Sobol index"},
                                     {"ST_se", "bootstrap standard error of ST"}};
  auto value = [&](std::size_t stat, std::size_t k, const MorrisIndices* m,
                   const SobolIndices* so) {
    if (m) {
      const std::vector<double>* v[] = {&m->mu_star, &m->mu, &m->sigma, &m->mu_star_se};
      return (*v[stat])[k];
    }
    const std::vector<double>* v[] = {&so->s1, &so->s1_se, &so->st, &so->st_se};
    return (*v[stat])[k];
  };

  h5::Handle tg = w.group(g.id(), "targets");
  w.scale(tg.id(), "parameter", keys, "scenario key varied by the sweep");
  w.scale(tg.id(), "target", labels, "target: plan row key and year");
  for (std::size_t st = 0; st < stats.size(); ++st) {
    std::vector<double> v;
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t k = 0; k < K; ++k)
        v.push_back(value(st, k, sum.morris ? &sum.target_morris[t] : nullptr,
                          sum.sobol ? &sum.target_sobol[t] : nullptr));
    w.dataset(
        tg.id(), stats[st].name, {T, K}, v,
        Meta{
            "", std::string(stats[st].long_name) + " of P(meet)", "", "", {"target", "parameter"}});
  }

  h5::Handle ig = w.group(g.id(), "indicators");
  w.scale(ig.id(), "parameter", keys, "scenario key varied by the sweep");
  w.scale(ig.id(), "indicator", sum.indicator_ids, "catalog indicator");
  w.scale(ig.id(), "year", range(layout.first_year, layout.n_years), "calendar year");
  for (std::size_t st = 0; st < stats.size(); ++st) {
    std::vector<double> v;
    for (std::size_t i = 0; i < I; ++i)
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t k = 0; k < K; ++k)
          v.push_back(value(st, k, sum.morris ? &sum.indicator_morris[i][y] : nullptr,
                            sum.sobol ? &sum.indicator_sobol[i][y] : nullptr));
    w.dataset(ig.id(), stats[st].name, {I, Y, K}, v,
              Meta{"",
                   std::string(stats[st].long_name) + " of the indicator's mean",
                   "",
                   "",
                   {"indicator", "year", "parameter"}});
  }
}

}  // namespace

void write_sweep_index(const std::string& path, const Sweep& s, const SweepLayout& layout,
                       const SweepData& data, const SweepSummary& sum,
                       const std::vector<TaskFile>& tasks, const SweepIndexMeta& meta) {
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  h5::Writer w(path);
  const hid_t root = w.root();
  const std::size_t P = s.points.size(), K = s.parameters.size(), Q = layout.places.size();
  const bool places = Q > 1;
  w.attr(root, "format", std::string("laoxiao-sweep"));
  w.attr(root, "format_version", kSweepFormatVersion);
  w.attr(root, "laoxiao_version", std::string(kVersion));
  w.attr(root, "command_line", meta.command_line);
  w.attr(root, "sweep_file", s.file);
  w.attr(root, "resolved_sweep", s.resolved);
  w.attr(root, "definition", meta.definition);
  w.attr(root, "fingerprint", meta.fingerprint);
  w.attr(root, "design",
         std::string(sweep_design_names().names[static_cast<std::size_t>(s.design)]));
  w.attr(root, "seed", static_cast<std::int64_t>(s.seed));
  w.attr(root, "replicates", static_cast<std::int64_t>(s.replicates));
  w.attr(root, "scenario_files", s.scenarios);
  w.attr(root, "rng",
         std::string("every point uses the sweep's seed and the replicate index: points share "
                     "their random numbers and differ only by their parameters (common random "
                     "numbers)"));
  w.attr(root, "description",
         std::string("laoxiao sweep: the design (point x parameter), every indicator as point x "
                     "(place x) replicate x year, P(meet) of each target per point, "
                     "sensitivity (Morris or Sobol designs), timing per task. Every dataset "
                     "but timing/ is the same for any thread or rank count and task order. See "
                     "docs/HDF5-LAYOUT.md."));

  point_scales(w, root, s, true);
  w.scale(root, "replicate", range(0, s.replicates), "replicate index");
  w.scale(root, "year", range(layout.first_year, layout.n_years),
          "calendar year (the first is partial)");
  if (places) w.scale(root, "place", range(0, static_cast<int>(Q)), "row of the places table");

  std::vector<double> design, unit;
  std::vector<std::string> overrides;
  for (std::size_t p = 0; p < P; ++p) {
    design.insert(design.end(), s.points[p].numeric.begin(), s.points[p].numeric.end());
    unit.insert(unit.end(), s.points[p].unit.begin(), s.points[p].unit.end());
    overrides.push_back(s.describe_point(p));
  }
  w.dataset(root, "design", {P, K}, design,
            Meta{"",
                 "Value of each parameter at each point",
                 "the key's own unit; months as decimal years; NaN for values that are not "
                 "numbers (see point_overrides)",
                 "",
                 {"point", "parameter"}});
  w.dataset(root, "design_unit", {P, K}, unit,
            Meta{"",
                 "Coordinate of each point in the unit cube of the design",
                 "0 and 1 are the ends of a range; NaN for table designs",
                 "",
                 {"point", "parameter"}});
  w.dataset(root, "point_overrides", overrides,
            Meta{"", "The overrides of each point, one KEY = VALUE per line", "", "", {"point"}});

  Column id = table_column(Column::kStrings, "id"),
         name = table_column(Column::kStrings, "name_zh"),
         prov = table_column(Column::kStrings, "province"),
         pref = table_column(Column::kStrings, "prefecture"),
         file = table_column(Column::kStrings, "scenario_file"),
         pop = table_column(Column::kReals, "population_baseline", "baseline residents");
  for (const auto& q : layout.places) {
    id.strings.push_back(q.id);
    name.strings.push_back(q.name_zh);
    prov.strings.push_back(q.province);
    pref.strings.push_back(q.prefecture);
    file.strings.push_back(q.file);
    pop.reals.push_back(q.people);
  }
  w.table(root, "places", {id, name, prov, pref, file, pop},
          "The places every point simulates (the base scenarios' places, batches expanded)");

  const std::vector<std::string> dims = series_dims(places);
  w.dataset(root, "population", data.population,
            Meta{"persons", "Residents on 31 December", "", "常住人口", dims});
  h5::Handle ig = w.group(root, "indicators");
  w.attr(ig.id(), "description",
         std::string("Every modelled catalog indicator per point, place, replicate and year-end "
                     "(models/care/indicators.cpp); NaN where it cannot be computed"));
  point_scales(w, ig.id(), s, false);
  w.scale(ig.id(), "replicate", range(0, s.replicates), "replicate index");
  w.scale(ig.id(), "year", range(layout.first_year, layout.n_years), "calendar year");
  if (places) w.scale(ig.id(), "place", range(0, static_cast<int>(Q)), "row of the places table");
  for (const auto& def : indicator_catalog()) {
    auto it = data.indicators.find(def.id);
    if (it == data.indicators.end()) continue;
    w.dataset(ig.id(), def.id, it->second,
              Meta{def.unit, def.name_en, def.formula, def.name_zh, dims});
  }

  // Checks: every target row of every point and place, and P(meet) as arrays.
  Column cpoint = table_column(Column::kInts, "point"),
         cplace = table_column(Column::kInts, "place"),
         cpid = table_column(Column::kStrings, "place_id");
  TargetCheckColumns targets;
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t q = 0; q < Q; ++q)
      for (const CheckRow& c : sum.checks[p][q]) {
        if (c.kind != "target") continue;
        cpoint.ints.push_back(static_cast<std::int64_t>(p));
        cplace.ints.push_back(static_cast<std::int64_t>(q));
        cpid.strings.push_back(layout.places[q].id);
        targets.add(c);
      }
  w.table(root, "checks", targets.after({cpoint, cplace, cpid}),
          "The plans' targets checked at every point and place (models/care/checks.hpp)");

  const std::size_t T = sum.targets.size();
  h5::Handle tg = w.group(root, "targets");
  w.attr(tg.id(), "description",
         std::string("P(meet) of each target (plan row key and year) at each point"));
  w.scale(tg.id(), "point", range(0, static_cast<int>(P)), "point of the design");
  std::vector<std::string> labels, tkey, tid, ttext, tcomp;
  std::vector<std::int64_t> tyear;
  for (const auto& t : sum.targets) {
    labels.push_back(t.label());
    tkey.push_back(t.key);
    tid.push_back(t.id);
    ttext.push_back(t.text.empty() ? "-" : t.text);
    tcomp.push_back(t.comparator);
    tyear.push_back(t.year);
  }
  w.scale(tg.id(), "target", labels, "target: plan row key and year");
  w.dataset(tg.id(), "key", tkey, Meta{"", "row key in the plan", "", "", {"target"}});
  w.dataset(tg.id(), "id", tid, Meta{"", "catalog indicator", "", "", {"target"}});
  w.dataset(tg.id(), "text", ttext, Meta{"", "the target as written", "", "", {"target"}});
  w.dataset(tg.id(), "comparator", tcomp, Meta{"", "how the target is read", "", "", {"target"}});
  w.dataset(tg.id(), "year", {T}, tyear, Meta{"", "target year", "", "", {"target"}});
  if (places) {
    w.scale(tg.id(), "place", range(0, static_cast<int>(Q)), "row of the places table");
    w.dataset(tg.id(), "p_meet", {P, Q, T}, sum.p_meet,
              Meta{"share",
                   "Share of replicates meeting the target",
                   "",
                   "",
                   {"point", "place", "target"}});
    w.dataset(tg.id(), "mean_p_meet", {P, T}, sum.mean_p_meet,
              Meta{"share", "P(meet) averaged over the places", "", "", {"point", "target"}});
    w.dataset(tg.id(), "share_meeting", {P, T}, sum.share_meeting,
              Meta{"share", "Share of places with P(meet) >= 0.5", "", "", {"point", "target"}});
  } else {
    w.dataset(tg.id(), "p_meet", {P, T}, sum.p_meet,
              Meta{"share", "Share of replicates meeting the target", "", "", {"point", "target"}});
  }

  write_sensitivity(w, root, s, layout, sum);

  Column tpoint = table_column(Column::kInts, "point"),
         tplace = table_column(Column::kInts, "place"),
         trep = table_column(Column::kInts, "replicate"),
         tsec = table_column(Column::kReals, "seconds", "wall time of the simulation"),
         tagents = table_column(Column::kInts, "agents_initial"),
         tam = table_column(Column::kInts, "agent_months"),
         thost = table_column(Column::kStrings, "host"),
         trank = table_column(Column::kInts, "rank"),
         tthreads = table_column(Column::kInts, "threads");
  for (const auto& t : tasks) {
    tpoint.ints.push_back(t.task.point);
    tplace.ints.push_back(t.task.place);
    trep.ints.push_back(t.task.replicate);
    tsec.reals.push_back(t.output.stats.seconds);
    tagents.ints.push_back(static_cast<std::int64_t>(t.output.stats.agents_initial));
    tam.ints.push_back(static_cast<std::int64_t>(t.output.stats.person_months));
    thost.strings.push_back(t.run.host);
    trank.ints.push_back(t.run.rank);
    tthreads.ints.push_back(t.run.threads);
  }
  w.table(root, "timing", {tpoint, tplace, trep, tsec, tagents, tam, thost, trank, tthreads},
          "Where and how long each task ran, in task order (the only part of the file that "
          "differs between runs)");
  w.close();
}

}  // namespace laoxiao
