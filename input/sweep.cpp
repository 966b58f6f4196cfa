#include "input/sweep.hpp"

#include "core/toml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "core/design.hpp"
#include "core/parallel.hpp"
#include "core/sobol_directions.hpp"
#include "core/toml_read.hpp"
#include "core/toml_write.hpp"
#include "input/chain.hpp"
#include "input/text_guard.hpp"
#include "input/validate.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPoints = 1000000;
constexpr std::size_t kMaxSobolFactors = kSobolMaxDims / 2;

ParamFields<SweepDesignSettings> design_fields() {
  using D = SweepDesignSettings;
  ParamFields<D> f("sweep.design");
  f.choice(LAOXIAO_KEY(D, kind), sweep_design_names(),
           "Design: grid (every combination), lhs (Latin hypercube of `points`), sobol "
           "(Saltelli's design on the Sobol sequence: `points` base samples, points x (k + 2) "
           "runs, first-order and total indices), morris (`trajectories` one-at-a-time "
           "trajectories on `levels` levels, elementary effects), table (the points of a CSV "
           "file).")
      .required();
  f.field(LAOXIAO_KEY(D, points), "", 2, 1e6,
          "lhs: number of points; sobol: base samples N (a power of 2 balances the sequence).");
  f.field(LAOXIAO_KEY(D, trajectories), "", 2, 1e5, "morris: number of trajectories r.");
  f.field(LAOXIAO_KEY(D, levels), "", 2, 1000,
          "grid: values of each min/max range (endpoints included); morris: levels p (even; "
          "4 when absent).");
  f.field(LAOXIAO_KEY(D, table),
          "table: CSV file of points, relative to the sweep file; header = scenario keys, one "
          "row per point, each cell a TOML value (text that is not TOML is a string).");
  f.field(LAOXIAO_KEY(D, seed), "", 0, 9.2e18,
          "lhs, morris: seed of the design's random choices (sweep.seed when absent).");
  return f;
}

ParamFields<SweepParameterSettings> parameter_fields() {
  using P = SweepParameterSettings;
  ParamFields<P> f("sweep.parameters[]");
  f.field(LAOXIAO_KEY(P, key),
          "Scenario key to vary, as for --set (entries of arrays of tables by index: "
          "capacity.projects[0].opens).")
      .required();
  f.field(LAOXIAO_KEY(P, distribution),
          "How the design's coordinate maps to a value: uniform over min..max (or over the "
          "list of values); registry: through the quantiles of the distribution the scenarios "
          "give the key (its uncertainty table), 0 and 1 at its low and high.")
      .one_of({"uniform", "registry"})
      .defaults_to(std::string("uniform"));
  f.any_value("min", "Lower end of the range (a number, or a month \"YYYY-MM\").");
  f.any_value("max", "Upper end of the range.");
  f.any_value("values",
              "The values to take instead of a range: any values of the key's type (numbers, "
              "months, strings, arrays).");
  return f;
}

ParamFields<SweepSettings> make_sweep() {
  static const ParamFields<SweepDesignSettings> design = design_fields();
  static const ParamFields<SweepParameterSettings> parameter = parameter_fields();
  using S = SweepSettings;
  ParamFields<S> f("sweep");
  f.field(LAOXIAO_KEY(S, scenarios),
          "Base scenario files (places or [batch] files), relative to the sweep file.")
      .required();
  f.field(LAOXIAO_KEY(S, replicates), "", 1, 1e6, "Replicates per point (run.replicates).")
      .required();
  f.field(LAOXIAO_KEY(S, seed), "", 0, 9.2e18,
          "Seed of every point (run.seed): points share their random numbers, so they differ "
          "only by their parameters (common random numbers).")
      .required();
  f.field(LAOXIAO_KEY(S, sample), "share", 1e-6, 1,
          "Sampling fraction of every point (run.sample); the scenarios' own when absent.");
  f.field(LAOXIAO_KEY(S, set), "Overrides of every point, \"KEY=VALUE\" as for laoxiao run --set.");
  f.table(&S::design, design);
  f.table_array("parameters", &S::parameters, parameter, "The parameters varied by the design.");
  return f;
}

/// A scenario key with its indices taken out (capacity.projects[0].opens ->
/// capacity.projects[].opens), or "" if it is not a key.
std::string spec_key_of(const std::string& key) {
  std::string out;
  std::size_t part = 0;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '.') {
      if (part == 0) return "";
      part = 0;
      out += c;
    } else if (c == '[') {
      const std::size_t close = key.find(']', i);
      if (part == 0 || close == std::string::npos || close == i + 1) return "";
      for (std::size_t j = i + 1; j < close; ++j)
        if (key[j] < '0' || key[j] > '9') return "";
      out += "[]";
      i = close;
      if (i + 1 < key.size() && key[i + 1] != '.') return "";
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      ++part;
      out += c;
    } else {
      return "";
    }
  }
  return part == 0 ? "" : out;
}

double decimal_year(Month m) {
  return m.year() + (m.month_of_year() - 1) / 12.0;
}

/// The number a value stands for in the design matrix: a number, a month as a decimal year.
double numeric_of(const toml::node& n) {
  const toml::node& v = unwrap(n);
  if (v.is_number()) return v.value<double>().value_or(std::nan(""));
  if (v.is_string())
    if (const auto m = Month::parse(v.value<std::string>().value_or(""))) return decimal_year(*m);
  return std::nan("");
}

/// Where `key` of table `t` is written, or `fallback`.
SourcePos pos_in(const toml::table& t, std::string_view key, const SourcePos& fallback) {
  const toml::node* n = t.get(key);
  return n ? position_of(*n) : fallback;
}

/// One field of a CSV file with where it starts.
struct CsvCell {
  std::string text;
  int line = 0, column = 0;
};

/// RFC 4180 rows with positions (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<CsvCell>> read_positioned_csv(const std::string& text,
                                                      const std::string& file, Diagnostics& d) {
  std::vector<std::vector<CsvCell>> rows(1);
  CsvCell cell{"", 1, 1};
  int line = 1, column = 1;
  bool quoted = false, after_quote = false;
  auto end_cell = [&] {
    rows.back().push_back(cell);
    cell = CsvCell{"", line, column + 1};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.text += '"';
        ++i;
        column += 2;
        continue;
      }
      if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        cell.text += c;
      }
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      continue;
    }
    if (c == '"' && cell.text.empty() && !after_quote) {
      quoted = true;
      ++column;
      continue;
    }
    if (c == ',') {
      end_cell();
      after_quote = false;
      ++column;
      continue;
    }
    if (c == '\r') continue;
    if (c == '\n') {
      end_cell();
      after_quote = false;
      rows.emplace_back();
      ++line;
      column = 1;
      cell = CsvCell{"", line, 1};
      continue;
    }
    if (after_quote) {
      d.error(SourcePos{file, line, column}, "", "text after a closing quote");
      return {};
    }
    cell.text += c;
    ++column;
  }
  if (quoted) {
    d.error(SourcePos{file, cell.line, cell.column}, "", "unterminated quoted field");
    return {};
  }
  if (!cell.text.empty() || !rows.back().empty()) end_cell();
  // Blank lines (a single empty cell) are not rows.
  std::vector<std::vector<CsvCell>> out;
  for (auto& r : rows)
    if (!(r.empty() || (r.size() == 1 && r[0].text.empty()))) out.push_back(std::move(r));
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

/// Reads a file that a sweep names, refusing what is not a regular file of a sane size.
std::optional<std::string> read_named_file(const fs::path& path, const SourcePos& at,
                                           const std::string& key, Diagnostics& d) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    d.error(at, key, "cannot open '" + path.string() + "': no such file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    d.error(at, key, "'" + path.string() + "' is not a regular file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxScenarioBytes) {
    d.error(
        at, key,
        "'" + path.string() + "' is larger than " + std::to_string(kMaxScenarioBytes) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) {
    d.error(at, key, "cannot read '" + path.string() + "'");
    return std::nullopt;
  }
  return ss.str();
}

/// How an override of point `p` names itself; sweep_point_error reads it back.
std::string point_origin(std::size_t p, std::size_t j) {
  return "--sweep point " + std::to_string(p) + " parameter " + std::to_string(j);
}

/// Checks a parameter's key against the scenario registry; its spec, or nullptr.
const ParamSpec* scenario_spec(const std::string& key, const SourcePos& pos,
                               const std::string& shown, Diagnostics& d) {
  const std::string spec_key = spec_key_of(key);
  if (spec_key.empty()) {
    d.error(pos, shown,
            "'" + key +
                "' is not a scenario key (dotted names; entries of arrays of tables by "
                "index, e.g. capacity.projects[0].opens)");
    return nullptr;
  }
  const ParamRegistry& reg = ParamRegistry::instance();
  const ParamSpec* s = reg.find(spec_key);
  if (!s) {
    std::string msg = "'" + key + "' is not a scenario key";
    const auto near = reg.closest(spec_key);
    if (!near.empty()) {
      msg += " (did you mean ";
      for (std::size_t i = 0; i < near.size(); ++i) msg += (i ? ", '" : "'") + near[i] + "'";
      msg += "?)";
    }
    d.error(pos, shown, msg);
    return nullptr;
  }
  if (s->kind == ParamKind::kTableArray) {
    d.error(pos, shown,
            "'" + key + "' is an array of tables; vary a key of one of its entries, e.g. " + key +
                "[0]." + "<key>");
    return nullptr;
  }
  if (spec_key == "run.seed" || spec_key == "run.replicates") {
    d.error(pos, shown,
            "'" + key + "' is set for every point by sweep." +
                (spec_key == "run.seed" ? "seed" : "replicates"));
    return nullptr;
  }
  return s;
}

/// Reads [[sweep.parameters]][i] into a parameter (errors to `d`).
std::optional<SweepParameter> read_parameter(const toml::table& e, std::size_t i,
                                             const SweepParameterSettings& settings,
                                             Diagnostics& d) {
  SweepParameter p;
  p.shown = "sweep.parameters[" + std::to_string(i) + "]";
  p.key = settings.key;
  p.pos = pos_in(e, "key", position_of(e));
  const ParamSpec* spec = scenario_spec(p.key, p.pos, p.shown + ".key", d);
  if (!spec) return std::nullopt;
  p.spec = *spec;
  const toml::node* min = e.get("min");
  const toml::node* max = e.get("max");
  const toml::node* values = e.get("values");
  if (settings.distribution == "registry") {
    // The range comes with the distribution, read from the scenarios once the sweep is read.
    if (min || max || values) {
      d.error(position_of(*(min   ? min
                            : max ? max
                                  : values)),
              p.shown,
              "a registry distribution takes its range from the scenarios' uncertainty table "
              "of " +
                  p.key + ": remove min, max and values (or use distribution = \"uniform\")");
      return std::nullopt;
    }
    p.range = true;
    p.registry = UncertainParameter{};
    p.registry->position = pos_in(e, "distribution", p.pos);
    return p;
  }
  if (values && (min || max)) {
    d.error(p.pos, p.shown, "give either min and max, or values, not both");
    return std::nullopt;
  }
  if (values) {
    const toml::array* a = unwrap(*values).as_array();
    if (!a || a->empty()) {
      d.error(position_of(*values), p.shown + ".values",
              "expected a non-empty array of values for " + p.key);
      return std::nullopt;
    }
    for (std::size_t k = 0; k < a->size(); ++k) {
      p.values.push_back(toml_value_text(*a->get(k)));
      p.value_pos.push_back(position_of(*a->get(k)));
    }
    return p;
  }
  if (!min || !max) {
    d.error(p.pos, p.shown,
            std::string(!min && !max ? "give min and max (a range), or values"
                                     : (!min ? "the range needs min" : "the range needs max")));
    return std::nullopt;
  }
  p.range = true;
  const toml::node& lo = unwrap(*min);
  const toml::node& hi = unwrap(*max);
  const SourcePos lo_pos = position_of(*min), hi_pos = position_of(*max);
  const ParamKind k = spec->kind;
  if (k == ParamKind::kMonth) {
    const auto a =
        lo.is_string() ? Month::parse(lo.value<std::string>().value_or("")) : std::nullopt;
    const auto b =
        hi.is_string() ? Month::parse(hi.value<std::string>().value_or("")) : std::nullopt;
    if (!a)
      d.error(lo_pos, p.shown + ".min",
              p.key + " is a month: expected \"YYYY-MM\", found " + describe(lo));
    if (!b)
      d.error(hi_pos, p.shown + ".max",
              p.key + " is a month: expected \"YYYY-MM\", found " + describe(hi));
    if (!a || !b) return std::nullopt;
    p.min = a->index;
    p.max = b->index;
  } else if (k == ParamKind::kReal || k == ParamKind::kInteger) {
    const bool integer = k == ParamKind::kInteger;
    bool ok = true;
    for (const auto& [n, pos, end] :
         {std::tuple{&lo, lo_pos, "min"}, std::tuple{&hi, hi_pos, "max"}}) {
      if (integer ? !n->is_integer() : !n->is_number()) {
        d.error(pos, p.shown + "." + end,
                p.key + " is " + (integer ? "an integer" : "a number") + ": found " + describe(*n));
        ok = false;
        continue;
      }
      const double x = n->value<double>().value_or(0.0);
      std::ostringstream o;
      const std::string unit = spec->unit.empty() ? "" : " (" + spec->unit + ")";
      if (!std::isfinite(x)) {
        o << "must be finite";
      } else if (x < spec->min) {
        o << "value " << x << " is below the minimum " << spec->min << " of " << p.key << unit;
      } else if (x > spec->max) {
        o << "value " << x << " is above the maximum " << spec->max << " of " << p.key << unit;
      }
      if (!o.str().empty()) {
        d.error(pos, p.shown + "." + end, o.str());
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    p.min = lo.value<double>().value_or(0.0);
    p.max = hi.value<double>().value_or(0.0);
  } else {
    d.error(p.pos, p.shown,
            p.key + " is " + std::string(to_string(k)) +
                ": a range (min, max) needs a number or a month; give values = [...] instead");
    return std::nullopt;
  }
  if (!(p.min < p.max)) {
    d.error(lo_pos, p.shown + ".min", "min must be below max");
    return std::nullopt;
  }
  return p;
}

/// Sets the distribution of each registry parameter from the sweep's scenarios (with the
/// sweep's fixed settings): every scenario must give the key the same one.
void resolve_registry_distributions(Sweep& s, Diagnostics& d) {
  const bool any = std::any_of(s.parameters.begin(), s.parameters.end(),
                               [](const SweepParameter& p) { return p.registry.has_value(); });
  if (!any) return;
  std::vector<Scenario> scenarios;
  for (const auto& f : s.scenarios) {
    try {
      for (Scenario& x : load_scenarios(f, s.fixed)) scenarios.push_back(std::move(x));
    } catch (const InputError& e) {
      d.append(e.diagnostics());
    }
  }
  if (!d.empty() || scenarios.empty()) return;
  for (SweepParameter& p : s.parameters) {
    if (!p.registry) continue;
    const SourcePos at = p.registry->position;
    std::optional<UncertainParameter> found;
    std::string first_file;
    for (const Scenario& sc : scenarios) {
      const auto it = std::find_if(sc.uncertain.begin(), sc.uncertain.end(),
                                   [&](const UncertainParameter& u) { return u.key == p.key; });
      const std::string file = sc.file + " (" + sc.place.id + ")";
      if (it == sc.uncertain.end()) {
        d.error(at, p.shown + ".distribution",
                p.key + " carries no distribution in " + file +
                    " (an uncertainty table in its sourced value; laoxiao params --uncertain "
                    "lists them): give min and max");
        found.reset();
        break;
      }
      if (!found) {
        found = *it;
        first_file = file;
      } else if (it->describe() != found->describe() || it->values != found->values) {
        d.error(at, p.shown + ".distribution",
                p.key + " has " + it->describe() + " in " + file + " but " + found->describe() +
                    " in " + first_file +
                    ": a registry distribution must be one; give min and max");
        found.reset();
        break;
      }
    }
    if (!found) continue;
    found->position = at;
    p.min = found->distribution.low;
    p.max = found->distribution.high;
    p.registry = std::move(found);
  }
}

/// The value of parameter `p` at coordinate u in [0, 1]: its TOML text, its number and, for a
/// list, the index taken.
void value_at(const SweepParameter& p, double u, std::string& text, double& number, int& level) {
  if (!p.range) {
    const auto n = static_cast<int>(p.values.size());
    level = std::clamp(static_cast<int>(std::floor(u * n)), 0, n - 1);
    text = p.values[static_cast<std::size_t>(level)];
    number = std::nan("");
    try {
      const toml::table t = toml::parse("v = " + text);
      if (const toml::node* v = t.get("v")) number = numeric_of(*v);
    } catch (const std::exception&) {
    }
    return;
  }
  level = -1;
  if (p.registry) {
    // Bounded shapes span [low, high]; normal shapes their stated 95% interval.
    const Distribution& dist = p.registry->distribution;
    const bool bounded =
        dist.shape != DistributionShape::kNormal && dist.shape != DistributionShape::kLognormal;
    const double at = dist.quantile(bounded ? u : 0.025 + 0.95 * u);
    const std::vector<double> v = p.registry->values_at(at);
    if (p.registry->array) {
      text = "[";
      for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + toml_real(v[i]);
      text += "]";
    } else {
      text = toml_real(v.front());
    }
    number = at;
    return;
  }
  const double x = p.min + u * (p.max - p.min);
  switch (p.spec.kind) {
    case ParamKind::kMonth: {
      const Month m{static_cast<std::int32_t>(std::llround(x))};
      text = "\"" + m.to_string() + "\"";
      number = decimal_year(m);
      return;
    }
    case ParamKind::kInteger: {
      const long long v = std::llround(x);
      text = std::to_string(v);
      number = static_cast<double>(v);
      return;
    }
    default:
      text = toml_real(x);
      number = x;
  }
}

/// The design's points in the unit cube (not for tables).
UnitDesign unit_points(const Sweep& s) {
  const int k = static_cast<int>(s.parameters.size());
  switch (s.design) {
    case SweepDesignKind::kGrid: {
      std::vector<int> levels;
      for (const auto& p : s.parameters)
        levels.push_back(p.range ? s.levels : static_cast<int>(p.values.size()));
      UnitDesign out;
      for (const auto& idx : grid_levels(levels)) {
        std::vector<double> u(idx.size());
        for (std::size_t j = 0; j < idx.size(); ++j)
          u[j] = s.parameters[j].range ? static_cast<double>(idx[j]) / (levels[j] - 1)
                                       : (idx[j] + 0.5) / levels[j];
        out.push_back(std::move(u));
      }
      return out;
    }
    case SweepDesignKind::kLatinHypercube:
      return latin_hypercube(s.base_points, k, s.design_seed);
    case SweepDesignKind::kSobol:
      return saltelli_design(s.base_points, k);
    case SweepDesignKind::kMorris:
      return morris_design(s.trajectories, k, s.levels, s.design_seed);
    case SweepDesignKind::kTable:
      break;
  }
  return {};
}

/// The points of a table design (its header gives the parameters).
void read_table(Sweep& s, const SourcePos& at, Diagnostics& d) {
  const fs::path path = fs::path(s.file).parent_path() / s.table;
  const auto text = read_named_file(path, at, "sweep.design.table", d);
  if (!text) return;
  const std::string name = path.string();
  if (auto problem = scenario_text_problem(*text, name)) {
    d.error(problem->pos, "", problem->message);
    return;
  }
  const auto rows = read_positioned_csv(*text, name, d);
  if (!d.empty()) return;
  if (rows.size() < 2) {
    d.error(SourcePos{name, 1, 1}, "", "a table of points needs a header of keys and a row");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t j = 0; j < rows[0].size(); ++j) {
    const CsvCell& h = rows[0][j];
    SweepParameter p;
    p.key = trim(h.text);
    p.shown = p.key;
    p.pos = SourcePos{name, h.line, h.column};
    if (!seen.insert(p.key).second) {
      d.error(p.pos, p.key, "a second column for the same key");
      continue;
    }
    if (const ParamSpec* spec = scenario_spec(p.key, p.pos, p.key, d)) p.spec = *spec;
    s.parameters.push_back(std::move(p));
  }
  if (!d.empty()) return;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size()) {
      d.error(SourcePos{name, rows[r][0].line, 1}, "",
              "expected " + std::to_string(rows[0].size()) + " fields, found " +
                  std::to_string(rows[r].size()));
      continue;
    }
    SweepPoint pt;
    for (std::size_t j = 0; j < rows[r].size(); ++j) {
      const CsvCell& c = rows[r][j];
      const std::string v = trim(c.text);
      if (v.empty()) d.error(SourcePos{name, c.line, c.column}, rows[0][j].text, "empty value");
      pt.values.push_back(v);
      double number = std::nan("");
      try {
        const toml::table t = toml::parse("v = " + v);
        if (const toml::node* n = t.get("v")) number = numeric_of(*n);
      } catch (const std::exception&) {
        if (const auto m = Month::parse(v)) number = decimal_year(*m);
      }
      pt.numeric.push_back(number);
      pt.unit.push_back(std::nan(""));
      pt.level.push_back(-1);
      pt.cells.push_back(SourcePos{name, c.line, c.column});
    }
    s.points.push_back(std::move(pt));
    if (s.points.size() > kMaxPoints) {
      d.error(SourcePos{name, rows[r][0].line, 1}, "",
              "more than " + std::to_string(kMaxPoints) + " points");
      return;
    }
  }
}

std::string resolved_text(const Sweep& s) {
  std::ostringstream o;
  o << "# Resolved sweep: " << s.file << "\n[sweep]\nscenarios = [";
  for (std::size_t i = 0; i < s.scenarios.size(); ++i)
    o << (i ? ", " : "") << toml_quoted(s.scenarios[i]);
  o << "]\nreplicates = " << s.replicates << "\nseed = " << s.seed << "\n";
  if (s.sample) o << "sample = " << toml_real(*s.sample) << "\n";
  if (!s.fixed.empty()) {
    o << "set = [";
    for (std::size_t i = 0; i < s.fixed.size(); ++i)
      o << (i ? ", " : "") << toml_quoted(s.fixed[i].key + "=" + s.fixed[i].value);
    o << "]\n";
  }
  o << "\n[sweep.design]\nkind = "
    << toml_quoted(sweep_design_names().names[static_cast<int>(s.design)]) << "\n";
  switch (s.design) {
    case SweepDesignKind::kGrid:
      if (s.levels) o << "levels = " << s.levels << "\n";
      break;
    case SweepDesignKind::kLatinHypercube:
      o << "points = " << s.base_points << "\nseed = " << s.design_seed << "\n";
      break;
    case SweepDesignKind::kSobol:
      o << "points = " << s.base_points << "\n";
      break;
    case SweepDesignKind::kMorris:
      o << "trajectories = " << s.trajectories << "\nlevels = " << s.levels
        << "\nseed = " << s.design_seed << "\n";
      break;
    case SweepDesignKind::kTable:
      o << "table = " << toml_quoted(s.table) << "\n";
      break;
  }
  for (const auto& p : s.parameters) {
    o << "\n[[sweep.parameters]]\nkey = " << toml_quoted(p.key) << "\n";
    if (s.design == SweepDesignKind::kTable) continue;
    if (p.registry) {
      o << "distribution = \"registry\"  # " << p.registry->describe() << "\n";
    } else if (p.range) {
      if (p.spec.kind == ParamKind::kMonth) {
        o << "min = " << toml_quoted(Month{static_cast<std::int32_t>(p.min)}.to_string())
          << "\nmax = " << toml_quoted(Month{static_cast<std::int32_t>(p.max)}.to_string()) << "\n";
      } else if (p.spec.kind == ParamKind::kInteger) {
        o << "min = " << std::llround(p.min) << "\nmax = " << std::llround(p.max) << "\n";
      } else {
        o << "min = " << toml_real(p.min) << "\nmax = " << toml_real(p.max) << "\n";
      }
    } else {
      o << "values = [";
      for (std::size_t i = 0; i < p.values.size(); ++i) o << (i ? ", " : "") << p.values[i];
      o << "]\n";
    }
  }
  return o.str();
}

Sweep load_impl(const fs::path& file, const std::string* given) {
  Diagnostics d;
  const std::string display = file.string();
  std::string text;
  if (given) {
    text = *given;
  } else if (auto read = read_named_file(file, SourcePos{display, 0, 0}, "", d)) {
    text = std::move(*read);
  } else {
    throw InputError(d);
  }
  if (auto problem = scenario_text_problem(text, display)) {
    d.error(problem->pos, "", problem->message);
    throw InputError(d);
  }
  toml::table tbl = parse_toml_text(text, display, d);
  if (!d.empty()) throw InputError(d);
  const ParamRegistry& reg = sweep_registry();
  validate_keys(tbl, d, &reg);
  check_required_keys(tbl, SourcePos{display, 1, 1}, d, &reg);
  if (!d.empty()) throw InputError(d);
  const TomlSource src(tbl, d, SourcePos{display, 1, 1});
  const SweepSettings settings = sweep_params().read(src);
  if (!d.empty()) throw InputError(d);

  Sweep s;
  s.file = display;
  const fs::path dir = file.parent_path();
  const toml::table& sweep = *tbl.get_as<toml::table>("sweep");
  const SourcePos sweep_pos = position_of(sweep);
  const toml::array* files = unwrap(*sweep.get("scenarios")).as_array();
  for (std::size_t i = 0; i < settings.scenarios.size(); ++i) {
    const fs::path f = (dir / settings.scenarios[i]).lexically_normal();
    s.scenarios.push_back(f.string());
    std::error_code ec;
    const auto status = fs::status(f, ec);
    const SourcePos at = files && files->get(i) ? position_of(*files->get(i)) : sweep_pos;
    if (ec || !fs::exists(status))
      d.error(at, "sweep.scenarios",
              "cannot open scenario file '" + settings.scenarios[i] + "': no such file");
    else if (!fs::is_regular_file(status))
      d.error(at, "sweep.scenarios", "'" + settings.scenarios[i] + "' is not a regular file");
  }
  if (s.scenarios.empty())
    d.error(src.pos("sweep.scenarios"), "sweep.scenarios", "name at least one scenario file");
  s.replicates = settings.replicates;
  s.seed = settings.seed;
  s.sample = settings.sample;
  for (std::size_t i = 0; i < settings.set.size(); ++i) {
    const std::string& a = settings.set[i];
    const auto eq = a.find('=');
    const std::string shown = "sweep.set[" + std::to_string(i) + "]";
    if (eq == std::string::npos || eq == 0) {
      d.error(src.pos("sweep.set"), shown, "expected \"KEY=VALUE\"");
      continue;
    }
    s.fixed.push_back(
        Override{trim(a.substr(0, eq)), a.substr(eq + 1), "--sweep set " + std::to_string(i)});
  }

  const SweepDesignSettings& ds = settings.design;
  s.design = ds.kind;
  const toml::table* dt = sweep.get_as<toml::table>("design");
  const SourcePos design_pos = dt ? position_of(*dt) : sweep_pos;
  const std::string kind_name = sweep_design_names().names[static_cast<int>(ds.kind)];
  // Which keys of [sweep.design] each design reads.
  const std::map<SweepDesignKind, std::set<std::string>> uses = {
      {SweepDesignKind::kGrid, {"levels"}},
      {SweepDesignKind::kLatinHypercube, {"points", "seed"}},
      {SweepDesignKind::kSobol, {"points"}},
      {SweepDesignKind::kMorris, {"trajectories", "levels", "seed"}},
      {SweepDesignKind::kTable, {"table"}}};
  if (dt)
    for (auto&& [k, v] : *dt) {
      const std::string name(k.str());
      if (name == "kind" || name == "source" || name == "note" || uses.at(ds.kind).count(name))
        continue;
      d.error(position_of(k, v), "sweep.design." + name, "not used by a " + kind_name + " design");
    }
  auto need = [&](const std::optional<int>& v, const char* key) {
    if (!v)
      d.error(design_pos, std::string("sweep.design.") + key,
              "a " + kind_name + " design needs " + key);
    return v.value_or(0);
  };
  s.design_seed = ds.seed.value_or(s.seed);
  switch (ds.kind) {
    case SweepDesignKind::kGrid:
      s.levels = ds.levels.value_or(0);
      break;
    case SweepDesignKind::kLatinHypercube:
    case SweepDesignKind::kSobol:
      s.base_points = need(ds.points, "points");
      break;
    case SweepDesignKind::kMorris:
      s.trajectories = need(ds.trajectories, "trajectories");
      s.levels = ds.levels.value_or(4);
      if (s.levels % 2 != 0)
        d.error(
            src.pos("sweep.design.levels"), "sweep.design.levels",
            "Morris levels must be even (the step p/(2(p-1)) is then a whole number of levels)");
      break;
    case SweepDesignKind::kTable:
      if (!ds.table) d.error(design_pos, "sweep.design.table", "a table design needs table");
      s.table = ds.table.value_or("");
      break;
  }

  const toml::array* params = sweep.get_as<toml::array>("parameters");
  if (ds.kind == SweepDesignKind::kTable) {
    if (params && !params->empty())
      d.error(position_of(*params->get(0)), "sweep.parameters",
              "a table design takes its parameters from the table's header; remove "
              "[[sweep.parameters]]");
    else if (d.empty())
      read_table(s, src.pos("sweep.design.table"), d);
  } else if (!params || params->empty()) {
    d.error(sweep_pos, "sweep.parameters", "a " + kind_name + " design needs [[sweep.parameters]]");
  } else {
    std::map<std::string, std::string> keys;
    for (std::size_t i = 0; i < params->size(); ++i) {
      const toml::table& e = *params->get(i)->as_table();
      auto p = read_parameter(e, i, settings.parameters[i], d);
      if (!p) continue;
      if (auto [it, fresh] = keys.emplace(p->key, p->shown); !fresh) {
        d.error(p->pos, p->shown + ".key", "'" + p->key + "' is varied already by " + it->second);
        continue;
      }
      if (ds.kind == SweepDesignKind::kGrid && p->range && !ds.levels)
        d.error(p->pos, p->shown,
                "a grid takes levels values of each range: set sweep.design.levels, or give "
                "values");
      s.parameters.push_back(std::move(*p));
    }
    if (d.empty()) resolve_registry_distributions(s, d);
    if (ds.kind == SweepDesignKind::kSobol && s.parameters.size() > kMaxSobolFactors)
      d.error(position_of(*params), "sweep.parameters",
              "a Sobol design supports up to " + std::to_string(kMaxSobolFactors) +
                  " parameters (" + std::to_string(kSobolMaxDims) +
                  " dimensions of direction numbers)");
    if (d.empty()) {
      double n = 1;
      switch (ds.kind) {
        case SweepDesignKind::kGrid:
          for (const auto& p : s.parameters)
            n *= p.range ? s.levels : static_cast<double>(p.values.size());
          break;
        case SweepDesignKind::kLatinHypercube:
          n = s.base_points;
          break;
        case SweepDesignKind::kSobol:
          n = static_cast<double>(s.base_points) * (static_cast<double>(s.parameters.size()) + 2);
          break;
        case SweepDesignKind::kMorris:
          n = static_cast<double>(s.trajectories) * (static_cast<double>(s.parameters.size()) + 1);
          break;
        case SweepDesignKind::kTable:
          break;
      }
      if (n > static_cast<double>(kMaxPoints))
        d.error(design_pos, "sweep.design",
                "the design has " + std::to_string(static_cast<long long>(n)) +
                    " points; sweeps are limited to " + std::to_string(kMaxPoints));
    }
  }
  if (!d.empty()) throw InputError(d);
  if (s.design != SweepDesignKind::kTable) {
    for (const auto& u : unit_points(s)) {
      SweepPoint pt;
      pt.unit = u;
      for (std::size_t j = 0; j < s.parameters.size(); ++j) {
        std::string value;
        double number = 0;
        int level = -1;
        value_at(s.parameters[j], u[j], value, number, level);
        pt.values.push_back(std::move(value));
        pt.numeric.push_back(number);
        pt.level.push_back(level);
      }
      s.points.push_back(std::move(pt));
    }
  }
  s.resolved = resolved_text(s);
  return s;
}

/// Where an override's origin stands in the sweep file: its position and key, and for a point's
/// parameter, what it sets.
struct OriginAt {
  SourcePos pos;
  std::string key, what;
};

std::optional<OriginAt> origin_at(const Sweep& s, const std::string& origin) {
  if (origin.rfind("--sweep ", 0) != 0) return std::nullopt;
  unsigned long p = 0, j = 0;
  if (std::sscanf(origin.c_str(), "--sweep point %lu parameter %lu", &p, &j) == 2 &&
      p < s.points.size() && j < s.parameters.size()) {
    const SweepParameter& par = s.parameters[j];
    const SweepPoint& pt = s.points[p];
    OriginAt o;
    o.what = "point " + std::to_string(p) + " sets " + par.key + " = " + pt.values[j];
    if (!pt.cells.empty()) {
      o.pos = pt.cells[j];
      o.key = par.key;
    } else if (!par.range && pt.level[j] >= 0) {
      o.pos = par.value_pos[static_cast<std::size_t>(pt.level[j])];
      o.key = par.shown + ".values[" + std::to_string(pt.level[j]) + "]";
    } else {
      o.pos = par.pos;
      o.key = par.shown;
    }
    return o;
  }
  if (std::sscanf(origin.c_str(), "--sweep set %lu", &j) == 1 && j < s.fixed.size())
    return OriginAt{SourcePos{s.file, 1, 1}, "sweep.set[" + std::to_string(j) + "]",
                    "sets " + s.fixed[j].key + " = " + s.fixed[j].value};
  return OriginAt{SourcePos{s.file, 1, 1}, "sweep", ""};
}

}  // namespace

const EnumNames<SweepDesignKind>& sweep_design_names() {
  static const EnumNames<SweepDesignKind> n{{"grid", "lhs", "sobol", "morris", "table"}};
  return n;
}

const ParamFields<SweepSettings>& sweep_params() {
  return declared<SweepSettings, make_sweep>();
}

const ParamRegistry& sweep_registry() {
  static const ParamRegistry reg{&sweep_params()};
  return reg;
}

std::vector<Override> Sweep::overrides(std::size_t p) const {
  std::vector<Override> out;
  out.push_back({"run.seed", std::to_string(seed), "--sweep seed"});
  out.push_back({"run.replicates", std::to_string(replicates), "--sweep replicates"});
  if (sample) out.push_back({"run.sample", toml_real(*sample), "--sweep sample"});
  out.insert(out.end(), fixed.begin(), fixed.end());
  for (std::size_t j = 0; j < parameters.size(); ++j)
    out.push_back({parameters[j].key, points.at(p).values[j], point_origin(p, j)});
  return out;
}

std::string Sweep::describe_point(std::size_t p) const {
  std::string out;
  for (std::size_t j = 0; j < parameters.size(); ++j)
    out += parameters[j].key + " = " + points.at(p).values[j] + "\n";
  return out;
}

bool is_sweep_file(const fs::path& file) {
  Diagnostics d;
  const auto text = read_named_file(file, SourcePos{file.string(), 0, 0}, "", d);
  if (!text || scenario_text_problem(*text, file.string())) return false;
  const toml::table t = parse_toml_text(*text, file.string(), d);
  return d.empty() && t.contains("sweep");
}

Sweep load_sweep(const fs::path& file) {
  return load_impl(file, nullptr);
}

Sweep load_sweep_text(const std::string& text, const fs::path& as_file) {
  return load_impl(as_file, &text);
}

InputError sweep_point_error(const Sweep& s, std::size_t p, const InputError& e) {
  Diagnostics out;
  for (const Diagnostic& d : e.diagnostics().items()) {
    if (const auto at = origin_at(s, d.pos.file)) {
      std::string msg = at->what.empty() ? "" : at->what + ": ";
      if (!d.key.empty() && at->what.find("sets " + d.key + " = ") == std::string::npos)
        msg += d.key + ": ";
      out.error(at->pos, at->key, msg + d.message);
    } else {
      out.error(d.pos, d.key, d.message + " (sweep point " + std::to_string(p) + ")");
    }
  }
  return InputError(out);
}

std::vector<Scenario> load_sweep_point(const Sweep& s, std::size_t p) {
  const auto overrides = s.overrides(p);
  std::vector<Scenario> out;
  Diagnostics all;
  for (const auto& f : s.scenarios) {
    try {
      for (Scenario& x : load_scenarios(f, overrides)) out.push_back(std::move(x));
    } catch (const InputError& e) {
      all.append(sweep_point_error(s, p, e).diagnostics());
    }
  }
  if (!all.empty()) throw InputError(all);
  return out;
}

SweepLayout check_sweep_points(
    const Sweep& s, const std::function<void(std::size_t, const std::vector<Scenario>&)>& check) {
  const std::size_t n = s.points.size();
  std::vector<Diagnostics> diags(n);
  std::vector<std::vector<SweepPlace>> places(n);
  std::vector<std::pair<int, int>> years(n);
  SweepLayout layout;
  layout.cost.assign(n, {});
  parallel_for(std::size_t{0}, n, [&](std::size_t p) {
    try {
      const std::vector<Scenario> all = load_sweep_point(s, p);
      if (check) {
        try {
          check(p, all);
        } catch (const InputError& e) {
          throw sweep_point_error(s, p, e);
        }
      }
      for (const Scenario& x : all) {
        places[p].push_back(SweepPlace{x.place.id, x.place.name_zh, x.place.province,
                                       x.place.prefecture, x.file, x.baseline.people()});
        layout.cost[p].push_back(x.baseline.people() * x.run.sample * x.horizon.months());
      }
      if (!all.empty())
        years[p] = {all.front().horizon.first_year(), all.front().horizon.n_years()};
    } catch (const InputError& e) {
      diags[p] = e.diagnostics();
    }
  });
  // One report per place in the files (per parameter, for a value), the first point named.
  Diagnostics out;
  std::map<std::tuple<std::string, int, int, std::string>, std::pair<std::size_t, int>> seen;
  std::vector<Diagnostic> first;
  for (std::size_t p = 0; p < n; ++p)
    for (const Diagnostic& d : diags[p].items()) {
      const auto key = std::make_tuple(d.pos.file, d.pos.line, d.pos.column, d.key);
      auto it = seen.find(key);
      if (it == seen.end()) {
        seen.emplace(key, std::make_pair(first.size(), 1));
        first.push_back(d);
      } else {
        ++it->second.second;
      }
    }
  for (const auto& [key, where] : seen) {
    Diagnostic d = first[where.first];
    if (where.second > 1)
      d.message += " (and " + std::to_string(where.second - 1) + " more point" +
                   (where.second == 2 ? "" : "s") + ")";
    out.error(d.pos, d.key, d.message);
  }
  if (!out.empty()) throw InputError(out);
  layout.places = places.empty() ? std::vector<SweepPlace>{} : places[0];
  if (n) std::tie(layout.first_year, layout.n_years) = years[0];
  for (std::size_t p = 1; p < n; ++p) {
    bool same = places[p].size() == layout.places.size() && years[p] == years[0];
    for (std::size_t q = 0; same && q < places[p].size(); ++q)
      same = places[p][q].id == layout.places[q].id;
    if (!same) {
      out.error(SourcePos{s.file, 1, 1}, "sweep",
                "point " + std::to_string(p) +
                    " simulates other places or years than point 0; every point must simulate "
                    "the same places over the same years");
      throw InputError(out);
    }
  }
  return layout;
}

}  // namespace laoxiao
