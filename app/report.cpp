#include "app/report.hpp"

#include "sim/batch_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace laoxiao {

namespace {

/// Decodes one UTF-8 code point starting at s[i]; advances i.
std::uint32_t next_cp(const std::string& s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  std::uint32_t cp = len == 1 ? c : (c & (0x7F >> len));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

int cp_width(std::uint32_t cp) {
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

std::string fmt(double v, int prec = 4) {
  if (!std::isfinite(v)) return "—";
  char buf[64];
  if (std::fabs(v) >= 1e5)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
  return buf;
}

}  // namespace

int display_width(const std::string& s) {
  int w = 0;
  for (std::size_t i = 0; i < s.size();) w += cp_width(next_cp(s, i));
  return w;
}

std::string fit(const std::string& s, int width) {
  if (const int w = display_width(s); w < width)
    return s + std::string(static_cast<std::size_t>(width - w), ' ');
  std::string out;
  int w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const int cw = cp_width(next_cp(s, i));
    if (w + cw > width - 2) break;  // room for "…" and the column gap
    out.append(s, start, i - start);
    w += cw;
  }
  if (width >= 2) {
    out += "\u2026";
    ++w;
  }
  out.append(static_cast<std::size_t>(std::max(0, width - w)), ' ');
  return out;
}

namespace {
struct Line {
  double agents = 0, p0 = 0, pT = 0, births = 0, deaths = 0, e0 = 0, dep = 0, old = 0, secs = 0;
  int e0_n = 0, places = 0;
};

/// Means over replicates of one place.
Line line_of(const ScenarioRun& r) {
  Line l;
  const int R = static_cast<int>(r.results.size());
  const int Y = r.scenario().horizon.n_years();
  int full_years = 0;
  for (int y = 0; y < Y; ++y) full_years += (r.results.front().tallies.months[y] == 12);
  const double fy = full_years > 0 ? full_years : 1;
  for (int k = 0; k < R; ++k) {
    const DemographicTallies& t = r.results[k].tallies;
    for (double v : t.population_start) l.p0 += v / R;
    for (int a = 0; a <= kMaxAge; ++a)
      for (int s = 0; s < kSexes; ++s)
        for (int st = 0; st < kStates; ++st) {
          const double v = t.population_end[t.yass(Y - 1, a, s, st)] / R;
          l.pT += v;
          if (a >= r.compiled.model->entry_age()) {
            l.old += v;
            if (st > 0) l.dep += v;
          }
        }
    for (int y = 0; y < Y; ++y) {
      if (t.months[y] != 12) continue;
      l.births += (t.births[t.ys(y, 0)] + t.births[t.ys(y, 1)]) / R / fy;
      for (int a = 0; a <= kMaxAge; ++a)
        for (int s = 0; s < kSexes; ++s)
          for (int st = 0; st < kStates; ++st) l.deaths += t.deaths[t.yass(y, a, s, st)] / R / fy;
    }
    const auto le = period_life_expectancy(t);
    if (std::isfinite(le[(Y - 1) * 3 + 2])) {
      l.e0 += le[(Y - 1) * 3 + 2];
      ++l.e0_n;
    }
    l.agents += static_cast<double>(r.results[k].stats.agents_initial) / R;
    l.secs += r.results[k].stats.seconds / R;
  }
  l.places = 1;
  return l;
}

void print_line(std::ostream& o, const std::string& name, const Line& l) {
  char line[256];
  const std::string e0 = l.e0_n ? fmt(l.e0 / l.e0_n, 4) : "—";
  std::snprintf(line, sizeof line, "%-14s %10.0f %13.0f %13.0f %10.0f %10.0f %8s %9.2f %9.2f\n",
                name.c_str(), l.agents, l.p0, l.pT, l.births, l.deaths, e0.c_str(),
                l.old > 0 ? 100.0 * l.dep / l.old : 0.0, l.secs);
  o << line;
}
}  // namespace

void print_summary(std::ostream& o, const std::vector<ScenarioRun>& runs,
                   const std::vector<std::string>& names) {
  char line[256];
  std::snprintf(line, sizeof line, "\n%-14s %10s %13s %13s %10s %10s %8s %9s %9s\n", "scenario",
                "agents", "population@0", "population@T", "births/yr", "deaths/yr", "e0",
                "60+ dep%", "seconds");
  o << line;
  std::map<std::string, Line> batches;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Line l = line_of(runs[i]);
    if (runs[i].scenario().batch.empty()) {
      print_line(o, names[i], l);
      continue;
    }
    Line& b = batches[runs[i].scenario().batch];
    b.agents += l.agents;
    b.p0 += l.p0;
    b.pT += l.pT;
    b.births += l.births;
    b.deaths += l.deaths;
    b.dep += l.dep;
    b.old += l.old;
    b.secs += l.secs;
    b.places += 1;
  }
  for (const auto& [name, b] : batches) print_line(o, name, b);
  o << "(means over replicates; population@0 at the baseline date, population@T at the end of "
       "the horizon; flows per full calendar year; e0 of the last year, both sexes; a batch sums "
       "its places, seconds summed over them)\n";
}

void print_batch(std::ostream& o, const std::vector<ScenarioRun>& runs, const std::string& name,
                 const std::vector<std::size_t>& members) {
  const Scenario& s = runs[members.front()].scenario();
  o << "\n== " << name << " — " << members.size() << " places under " << s.plan.title_zh
    << "\n   how many places meet each target (P(meet) >= 0.5 over "
    << runs[members.front()].results.size() << " replicate"
    << (runs[members.front()].results.size() == 1 ? "" : "s") << "):\n";
  const auto rows = summarize_batch(runs, members);
  int key_width = 8;
  for (const auto& b : rows)
    key_width = std::min(40, std::max(key_width, display_width(b.key) + 1));
  o << "   " << fit("row", key_width) << fit("indicator", 32) << fit("year", 5) << fit("target", 9)
    << fit("places meeting", 22) << "share of people\n";
  for (const auto& b : rows) {
    char meet[64], people[32];
    std::snprintf(meet, sizeof meet, "%d of %d (%.1f%%)", b.places_meeting, b.places_checked,
                  b.places_checked ? 100.0 * b.places_meeting / b.places_checked : 0.0);
    std::snprintf(people, sizeof people, "%.1f%%",
                  b.people_checked > 0 ? 100.0 * b.people_meeting / b.people_checked : 0.0);
    o << "   " << fit(b.key, key_width) << fit(b.name_zh, 32) << fit(std::to_string(b.year), 5)
      << fit(b.text, 9) << fit(meet, 22) << people
      << (b.basis == "assumed" ? "  (assumption: capacity or a calibration derived from the target)"
                               : "")
      << "\n";
  }
  o << "   per-place check tables: HDF5 group " << name << "/checks\n";
}

void print_checks(std::ostream& o, const ScenarioRun& run, const std::string& name) {
  const Plan& plan = run.scenario().plan;
  if (plan.indicators.empty()) return;
  int targets = 0, checked = 0, misses = 0, binding_misses = 0, assumed = 0;
  for (const auto& c : run.summary.checks) {
    if (c.kind != "target") continue;
    ++targets;
    assumed += c.basis == "assumed";
    if (is_check(c)) {
      ++checked;
      if (c.p_meet < 0.5) {
        ++misses;
        if (c.binding) ++binding_misses;
      }
    }
  }
  const CapacityPlan& cap = run.scenario().capacity;
  o << "\n== " << name << " " << run.scenario().place.name_zh << " — " << plan.document << " "
    << plan.title_zh << "\n   capacity: " << kCapacityReadingNames[static_cast<int>(cap.reading)]
    << (cap.builds_planned() ? " (stock, listed projects and the totals promised without projects)"
                             : " (stock and listed projects on their dates)")
    << "\n   " << checked << " of " << targets << " targets checked by the simulation over "
    << run.results.size() << " replicate" << (run.results.size() == 1 ? "" : "s") << ": " << misses
    << " likely missed (" << binding_misses << " binding); binding misses first";
  if (assumed)
    o << "; " << assumed
      << " assumptions (capacity or a calibration derived from the target) apart";
  o << "\n";
  // The Monte Carlo error of P(meet): its widest 95% interval at this many replicates.
  const std::size_t reps = run.results.size();
  const double widest = 0.5 - wilson_interval(0.5, reps).first;
  if (checked > 0 && widest > 0.05)
    o << "   P(meet) from " << reps << " replicates is known to +-" << fmt(widest, 2)
      << " at most (95%); " << replicates_for(0.05) << " replicates give +-0.05\n";
  auto nature = [](const std::string& n) { return n == "unspecified" ? std::string("text") : n; };
  int key_width = 8;
  for (const auto& c : run.summary.checks)
    if (c.status != "not modelled" && c.status != "not computable")
      key_width = std::max(key_width, display_width(c.key) + 1);
  key_width = std::min(key_width, 40);
  if (checked == 0) {
    o << "   (no target of this plan is computed by the model; the rows are carried as stated)\n";
  } else {
    o << "   " << fit("row", key_width) << fit("indicator", 32) << fit("year", 5)
      << fit("nature", 9) << fit("target", 13) << fit("read", 5)
      << fit("simulated mean [5%-95%]", 27) << fit("P(meet) [95%]", 19) << "status\n";
  }
  std::vector<const CheckRow*> not_modelled, not_computable, assumptions, echoes, driven;
  for (const CheckRow* c : reading_order(run.summary.checks)) {
    if (is_check(*c) && !c->driver.empty() && std::fabs(c->driver_rho) >= 0.3 && c->p_meet > 0 &&
        c->p_meet < 1)
      driven.push_back(c);
    if (c->status == "not modelled") {
      if (c->kind == "target") not_modelled.push_back(c);
      continue;
    }
    if (c->status == "not computable") {
      not_computable.push_back(c);
      continue;
    }
    if (c->basis == "assumed") {
      assumptions.push_back(c);
      continue;
    }
    std::string sim = fmt(c->mean) + " [" + fmt(c->p05) + "-" + fmt(c->p95) + "]";
    std::string status = c->status;
    if (c->kind == "target" && c->echoes()) {
      echoes.push_back(c);
      status += " (echo " + std::to_string(echoes.size()) + ")";
    }
    if (c->kind == "baseline") status = "plan's baseline; gap " + fmt(c->gap);
    if (!c->conversion.empty()) status += " (户籍 basis)";
    const std::string p = c->kind == "baseline" ? ""
                                                : fmt(c->p_meet, 2) + " [" + fmt(c->p_meet_low, 2) +
                                                      "-" + fmt(c->p_meet_high, 2) + "]";
    o << "   " << fit(c->key, key_width) << fit(c->name_zh, 32) << fit(std::to_string(c->year), 5)
      << fit(nature(c->nature), 9) << fit(c->text, 13)
      << fit(c->kind == "baseline" ? "" : c->comparator, 5) << fit(sim, 27) << fit(p, 19) << status
      << "\n";
  }
  for (const CheckRow* c : reading_order(run.summary.checks))
    if (!c->conversion.empty()) {
      o << "   户籍 basis: rows marked registered are converted from the simulated residents: "
        << c->conversion << "\n";
      break;
    }
  for (std::size_t i = 0; i < echoes.size(); ++i) {
    const CheckRow* c = echoes[i];
    o << "   echo " << i + 1 << ": " << c->key << " " << c->year << ": in "
      << std::lround(100 * c->echo_share) << "% of replicates " << c->echo_why;
    if (!c->echo_of.empty())
      o << " (" << c->echo_of << ")"
        << (c->echo_drawn ? "; its P(meet) is the uncertainty of those parameters"
                          : "; none of them is drawn, so its P(meet) is certain only because they "
                            "are fixed");
    o << "\n";
  }
  if (!driven.empty()) {
    o << "   what moves P(meet) (the drawn parameter whose ranks go most with the value):\n";
    for (const CheckRow* c : driven)
      o << "     " << fit(c->key, key_width) << fit(std::to_string(c->year), 5) << c->driver
        << " (Spearman " << fmt(c->driver_rho, 2) << ")\n";
  }
  if (!assumptions.empty()) {
    o << "   assumptions, not checks (the capacity, or the level a calibration meets, was derived\n"
         "   from the figure itself; the value shows what the assumption implies):\n";
    for (const CheckRow* c : assumptions)
      o << "   " << fit(c->key, key_width) << fit(c->name_zh, 32) << fit(std::to_string(c->year), 5)
        << fit(c->text, 13) << fit(fmt(c->mean) + " [" + fmt(c->p05) + "-" + fmt(c->p95) + "]", 27)
        << "from " << c->assumed_from << "\n";
  }
  if (!not_computable.empty()) {
    o << "   not computable (" << not_computable.size() << "):";
    for (const CheckRow* c : not_computable)
      o << " " << c->key << "/" << c->year << (c->kind == "baseline" ? "(baseline)" : "");
    o << "\n     (no value in the plan's figure, or the model lacks the places it needs: e.g. no "
         "bed count stated)\n";
  }
  if (!not_modelled.empty()) {
    std::vector<std::string> keys;
    for (const CheckRow* c : not_modelled)
      if (std::find(keys.begin(), keys.end(), c->key) == keys.end()) keys.push_back(c->key);
    o << "   not modelled (exogenous, carried as stated): " << not_modelled.size() << " targets in "
      << keys.size() << " rows:";
    for (const auto& k : keys) o << " " << k;
    o << "\n";
  }
}

void print_audit(std::ostream& o, const Scenario& s, const std::vector<AuditFinding>& findings) {
  o << "\n== audit of " << s.place.id << " " << s.place.name_zh << " (" << s.plan.document
    << "): " << findings.size() << " finding" << (findings.size() == 1 ? "" : "s") << "\n";
  for (const auto& sev : {"contradiction", "inconsistency", "note"})
    for (const auto& f : findings)
      if (f.severity == sev) o << "  " << format_finding(f) << "\n";
}

}  // namespace laoxiao
