#include "sim/scenario.hpp"

#include "sim/toml.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "sim/csv.hpp"
#include "sim/params.hpp"
#include "sim/scenario_toml.hpp"

namespace laoxiao {

double Baseline::total() const {
  double s = 0;
  for (double v : male) s += v;
  for (double v : female) s += v;
  return s;
}

namespace {

namespace fs = std::filesystem;

constexpr const char* kBuiltinDefaultsName = "scenarios/defaults.toml (built-in)";

// ------------------------------------------------------------------------------------------
// Reading, parsing and merging the extends chain
// ------------------------------------------------------------------------------------------

/// The first line whose inclusion makes the parser's internal check fail (binary search over
/// prefixes of the text), for a position to report.
int failing_line(const std::string& text) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') ends.push_back(i + 1);
  ends.push_back(text.size());
  auto fails = [&](std::size_t lines) {
    try {
      (void)toml::parse(std::string_view(text).substr(0, ends[lines - 1]));
    } catch (const TomlCheckFailed&) {
      return true;
    } catch (const std::exception&) {
    }
    return false;
  };
  std::size_t lo = 1, hi = ends.size();
  if (!fails(hi)) return 0;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    (fails(mid) ? hi : lo) = fails(mid) ? mid : mid + 1;
  }
  return static_cast<int>(lo);
}

toml::table parse_text(const std::string& text, const std::string& display, Diagnostics& d) {
  try {
    return toml::parse(text, display);
  } catch (const toml::parse_error& e) {
    d.error(SourcePos{display, static_cast<int>(e.source().begin.line),
                      static_cast<int>(e.source().begin.column)},
            "", std::string("TOML syntax error: ") + std::string(e.description()));
  } catch (const TomlCheckFailed& e) {
    d.error(SourcePos{display, failing_line(text), 1}, "",
            std::string("TOML syntax error: the parser rejected this line: ") + e.what());
  }
  return {};
}

/// Merges `src` into `dst`. Tables that hold declared parameters merge key by key; anything
/// else (values, arrays, sourced values) is replaced whole. Nodes are moved so that each keeps
/// the file position it came from.
void merge_into(toml::table& dst, toml::table&& src, const std::string& prefix) {
  const auto& reg = ParamRegistry::instance();
  for (auto it = src.begin(); it != src.end(); ++it) {
    const std::string key(it->first.str());
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    toml::node* existing = dst.get(key);
    if (existing && existing->is_table() && it->second.is_table() && reg.is_table(path) &&
        !reg.find(path)) {
      merge_into(*existing->as_table(), std::move(*it->second.as_table()), path);
    } else {
      dst.insert_or_assign(it->first, std::move(it->second));
    }
  }
}

struct Chain {
  toml::table merged;
  std::vector<std::string> files;  // root first, the scenario file last
  bool parent = false;             // the top file says role = "parent"
  SourcePos role_pos;
};

/// Takes the file-level `role` key out of a file's table (it is not inherited); returns whether
/// it says "parent".
bool take_role(toml::table& tbl, Diagnostics& d, SourcePos* where = nullptr) {
  const toml::node* role = tbl.get("role");
  if (!role) return false;
  const SourcePos pos = position_of(*role);
  if (where) *where = pos;
  const auto value = role->value<std::string>();
  const bool parent = value && *value == "parent";
  if (!parent && !(value && *value == "scenario"))
    d.error(pos, "role", "expected \"scenario\" or \"parent\" (a file meant only to be extended)");
  tbl.erase("role");
  return parent;
}

/// Reads a scenario file, refusing non-regular and oversized files before reading them.
std::optional<std::string> read_scenario_file(const fs::path& file, Diagnostics& d,
                                              const SourcePos& included_from) {
  const SourcePos at = included_from.file.empty() ? SourcePos{file.string(), 0, 0} : included_from;
  const std::string key = included_from.file.empty() ? "" : "extends";
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec || !fs::exists(status)) {
    d.error(at, key, "cannot open scenario file '" + file.string() + "': no such file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    d.error(at, key, "'" + file.string() + "' is not a regular file");
    return std::nullopt;
  }
  const auto size = fs::file_size(file, ec);
  if (!ec && size > kMaxScenarioBytes) {
    d.error(SourcePos{file.string(), 0, 0}, "",
            "file is " + std::to_string(size) + " bytes; scenario files are limited to " +
                std::to_string(kMaxScenarioBytes) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    d.error(at, key, "cannot open scenario file '" + file.string() + "'");
    return std::nullopt;
  }
  // One byte more than measured shows a file that grew while being read.
  const std::size_t expected = ec ? kMaxScenarioBytes : static_cast<std::size_t>(size);
  std::string text(expected + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > expected) {
    d.error(SourcePos{file.string(), 0, 0}, "", "the file changed while it was being read");
    return std::nullopt;
  }
  return text;
}

void load_chain(const fs::path& file, std::vector<fs::path>& stack, Chain& chain, Diagnostics& d,
                const SourcePos& included_from, const std::string* given_text = nullptr) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(file, ec);
  if (ec) canonical = file;
  for (const auto& p : stack) {
    if (p == canonical) {
      std::string cycle;
      for (const auto& q : stack) cycle += q.filename().string() + " -> ";
      cycle += canonical.filename().string();
      d.error(included_from, "extends", "extends cycle: " + cycle);
      return;
    }
  }
  std::string text;
  if (given_text) {
    text = *given_text;
  } else if (auto read = read_scenario_file(file, d, included_from)) {
    text = std::move(*read);
  } else {
    return;
  }
  const std::string display = file.string();
  if (auto problem = scenario_text_problem(text, display); problem) {
    d.error(problem->pos, "", problem->message);
    return;
  }
  Diagnostics parse_diags;
  toml::table tbl = parse_text(text, display, parse_diags);
  if (!parse_diags.empty()) {
    d.append(parse_diags);
    return;
  }
  if (stack.empty())
    chain.parent = take_role(tbl, d, &chain.role_pos);
  else
    take_role(tbl, d);
  stack.push_back(canonical);
  if (const toml::node* ext = tbl.get("extends")) {
    const SourcePos pos = position_of(*ext);
    if (!ext->is_string()) {
      d.error(pos, "extends", "expected a string (path of the scenario file to extend)");
    } else {
      fs::path parent = file.parent_path() / ext->value<std::string>().value_or("");
      load_chain(parent, stack, chain, d, pos);
    }
    tbl.erase("extends");
  }
  stack.pop_back();
  merge_into(chain.merged, std::move(tbl), "");
  chain.files.push_back(display);
}

// ------------------------------------------------------------------------------------------
// Schema validation against the registry
// ------------------------------------------------------------------------------------------

class Validator {
 public:
  explicit Validator(Diagnostics& d) : d_(d), reg_(ParamRegistry::instance()) {}

  void walk(const toml::table& t, const std::string& spec_prefix, const std::string& shown) {
    for (auto&& [k, v] : t) {
      const std::string name(k.str());
      const std::string spec_key = spec_prefix.empty() ? name : spec_prefix + "." + name;
      const std::string key = shown.empty() ? name : shown + "." + name;
      if (name == "source" || name == "note") {
        if (!v.is_string()) d_.error(position_of(v), key, "expected a string");
        continue;
      }
      const ParamSpec* s = reg_.find(spec_key);
      if (!s) {
        if (reg_.is_table(spec_key)) {
          if (v.is_table())
            walk(*v.as_table(), spec_key, key);
          else
            d_.error(position_of(v), key, "expected a table of parameters, found " + describe(v));
          continue;
        }
        std::string msg = "unknown key";
        const auto near = reg_.closest(spec_key);
        if (!near.empty()) {
          msg += " (did you mean ";
          for (std::size_t i = 0; i < near.size(); ++i) msg += (i ? ", '" : "'") + near[i] + "'";
          msg += "?)";
        }
        d_.error(position_of(k, v), key, msg);
        continue;
      }
      check(*s, v, key);
    }
  }

  void check_required(const toml::table& t, const std::string& spec_prefix,
                      const std::string& shown, const SourcePos& where) {
    for (const auto& s : reg_.all()) {
      if (!s.required) continue;
      std::string rest;
      if (spec_prefix.empty()) {
        if (s.key.find("[]") != std::string::npos) continue;
        rest = s.key;
      } else {
        if (s.key.compare(0, spec_prefix.size() + 1, spec_prefix + ".") != 0) continue;
        rest = s.key.substr(spec_prefix.size() + 1);
        if (rest.find('.') != std::string::npos) continue;
      }
      if (!t.at_path(rest)) {
        d_.error(where, shown.empty() ? s.key : shown + "." + rest,
                 "missing required parameter (" + std::string(to_string(s.kind)) +
                     (s.unit.empty() ? "" : ", " + s.unit) + ")");
      }
    }
  }

 private:
  void check(const ParamSpec& s, const toml::node& v, const std::string& key) {
    if (s.kind == ParamKind::kTableArray) {
      const toml::array* arr = v.as_array();
      if (!arr || (!arr->empty() && !arr->is_array_of_tables())) {
        d_.error(position_of(v), key, "expected an array of tables ([[" + key + "]])");
        return;
      }
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::table& elem = *arr->get(i)->as_table();
        const std::string shown = key + "[" + std::to_string(i) + "]";
        walk(elem, s.key + "[]", shown);
        check_required(elem, s.key + "[]", shown, position_of(elem));
      }
      return;
    }
    const toml::node* value = &v;
    if (const toml::table* t = v.as_table()) {
      for (auto&& [k, sub] : *t) {
        const std::string_view n = k.str();
        if (n != "value" && n != "source" && n != "note" && n != "unit") {
          d_.error(position_of(k, sub), key + "." + std::string(n),
                   "unknown key in a sourced value (allowed: value, source, note, unit)");
        } else if (n != "value" && !sub.is_string()) {
          d_.error(position_of(sub), key + "." + std::string(n), "expected a string");
        }
      }
      if (const toml::node* u = t->get("unit"); u && u->is_string()) {
        const std::string unit = u->value<std::string>().value_or("");
        if (unit != s.unit)
          d_.error(position_of(*u), key,
                   "unit '" + unit + "' does not match the declared unit '" + s.unit + "'");
      }
      value = t->get("value");
      if (!value) {
        d_.error(position_of(v), key, "a sourced value needs a 'value' key");
        return;
      }
    }
    check_value(s, *value, key);
  }

  void check_scalar(const ParamSpec& s, const toml::node& v, const std::string& key) {
    switch (s.kind) {
      case ParamKind::kReal:
      case ParamKind::kRealArray: {
        if (!v.is_number()) {
          d_.error(position_of(v), key, "expected a number, found " + describe(v));
          return;
        }
        check_bounds(s, v.value<double>().value_or(0.0), v, key);
        return;
      }
      case ParamKind::kInteger:
      case ParamKind::kIntegerArray: {
        if (!v.is_integer()) {
          d_.error(position_of(v), key, "expected an integer, found " + describe(v));
          return;
        }
        check_bounds(s, static_cast<double>(v.value<std::int64_t>().value_or(0)), v, key);
        return;
      }
      case ParamKind::kString:
      case ParamKind::kStringArray: {
        if (!v.is_string()) {
          d_.error(position_of(v), key, "expected a string, found " + describe(v));
          return;
        }
        if (!s.choices.empty()) {
          const std::string val = v.value<std::string>().value_or("");
          bool ok = false;
          std::string allowed;
          for (const auto& c : s.choices) {
            ok |= (c == val);
            allowed += (allowed.empty() ? "" : ", ") + c;
          }
          if (!ok) d_.error(position_of(v), key, "'" + val + "' is not one of: " + allowed);
        }
        return;
      }
      case ParamKind::kBool:
        if (!v.is_boolean())
          d_.error(position_of(v), key, "expected true or false, found " + describe(v));
        return;
      case ParamKind::kMonth: {
        if (!v.is_string() || !Month::parse(v.value<std::string>().value_or("")))
          d_.error(position_of(v), key, "expected a month \"YYYY-MM\", found " + describe(v));
        return;
      }
      case ParamKind::kTableArray:
        return;
    }
  }

  void check_value(const ParamSpec& s, const toml::node& v, const std::string& key) {
    const bool is_array_kind = s.kind == ParamKind::kRealArray ||
                               s.kind == ParamKind::kIntegerArray ||
                               s.kind == ParamKind::kStringArray;
    if (!is_array_kind) {
      if (v.is_array() || v.is_table()) {
        d_.error(position_of(v), key,
                 "expected a single " + std::string(to_string(s.kind)) + ", found " + describe(v));
        return;
      }
      check_scalar(s, v, key);
      return;
    }
    const toml::array* arr = v.as_array();
    if (!arr) {
      d_.error(position_of(v), key,
               "expected an " + std::string(to_string(s.kind)) + ", found " + describe(v));
      return;
    }
    for (std::size_t i = 0; i < arr->size(); ++i)
      check_scalar(s, *arr->get(i), key + "[" + std::to_string(i) + "]");
  }

  void check_bounds(const ParamSpec& s, double x, const toml::node& v, const std::string& key) {
    std::ostringstream o;
    const std::string unit = s.unit.empty() ? "" : " (" + s.unit + ")";
    if (!std::isfinite(x)) {
      d_.error(position_of(v), key, "value must be finite");
    } else if (x < s.min) {
      o << "value " << x << " is below the minimum " << s.min << unit;
      d_.error(position_of(v), key, o.str());
    } else if (x > s.max) {
      o << "value " << x << " is above the maximum " << s.max << unit;
      d_.error(position_of(v), key, o.str());
    }
  }

  Diagnostics& d_;
  const ParamRegistry& reg_;
};

// ------------------------------------------------------------------------------------------
// Census rows -> baseline arrays
// ------------------------------------------------------------------------------------------

const char* const kCensusGroups[] = {"0",     "1-4",   "5-9",   "10-14", "15-19", "20-24", "25-29",
                                     "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
                                     "65-69", "70-74", "75-79", "80-84", "85+"};

/// Census tables are read once per run (a batch reads the same table for every county).
const CsvTable& cached_csv(const fs::path& path) {
  static std::mutex mu;
  static std::map<std::string, CsvTable> cache;
  std::lock_guard<std::mutex> lock(mu);
  std::error_code ec;
  const std::string key = fs::weakly_canonical(path, ec).string();
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, read_csv(path)).first;
  return it->second;
}

struct CensusSum {
  std::vector<double> male, female;
  double urban = 0, total = 0;
};

/// Sums census rows by age group and sex; returns an error message or "".
std::string sum_census_rows(const CsvTable& csv,
                            const std::vector<const std::vector<std::string>*>& rows,
                            CensusSum& out) {
  auto column_name = [](const std::string& sex, const std::string& g) {
    std::string c = sex + "_";
    for (char ch : g) c += (ch == '-') ? '_' : ch;
    if (c.back() == '+') c = c.substr(0, c.size() - 1) + "_plus";
    return c;
  };
  const int urban_col = csv.column("urban"), pop_col = csv.column("population");
  if (urban_col < 0 || pop_col < 0) return "the table lacks the columns population and urban";
  const std::size_t n = std::size(kCensusGroups);
  out.male.assign(n, 0.0);
  out.female.assign(n, 0.0);
  out.urban = out.total = 0;
  for (const auto* row : rows) {
    for (std::size_t g = 0; g < n; ++g) {
      const int cm = csv.column(column_name("male", kCensusGroups[g]));
      const int cf = csv.column(column_name("female", kCensusGroups[g]));
      if (cm < 0 || cf < 0) return "missing column " + column_name("male", kCensusGroups[g]);
      try {
        out.male[g] += std::stod((*row)[cm]);
        out.female[g] += std::stod((*row)[cf]);
      } catch (const std::exception&) {
        return "a count in column " + column_name("male", kCensusGroups[g]) + " is not a number";
      }
    }
    try {
      out.urban += std::stod((*row)[urban_col]);
      out.total += std::stod((*row)[pop_col]);
    } catch (const std::exception&) {
      return "a population or urban count is not a number";
    }
  }
  return "";
}

void apply_census(toml::table& baseline, const CensusSum& c, const std::string& note) {
  toml::array groups, m, f;
  for (std::size_t g = 0; g < std::size(kCensusGroups); ++g) {
    groups.push_back(kCensusGroups[g]);
    m.push_back(c.male[g]);
    f.push_back(c.female[g]);
  }
  baseline.insert_or_assign("age_groups", std::move(groups));
  baseline.insert_or_assign("male", std::move(m));
  baseline.insert_or_assign("female", std::move(f));
  baseline.insert_or_assign("urban_share", c.total > 0 ? c.urban / c.total : 0.0);
  std::string text = note;
  if (const toml::node* src = baseline.get("source"); src && src->is_string())
    text = src->value<std::string>().value_or("") + "; " + note;
  baseline.insert_or_assign("source", text);
}

void fill_from_census(toml::table& merged, Diagnostics& d) {
  toml::table* baseline = merged.get_as<toml::table>("baseline");
  if (!baseline) return;
  const toml::node* codes_node = baseline->get("census_codes");
  if (!codes_node) return;
  const SourcePos codes_pos = position_of(*codes_node);
  const toml::node* table_node = baseline->get("census_table");
  if (!table_node || !table_node->is_string()) {
    d.error(codes_pos, "baseline.census_table",
            "baseline.census_codes needs baseline.census_table (the CSV to read)");
    return;
  }
  for (const char* k : {"age_groups", "male", "female", "urban_share"}) {
    if (const toml::node* n = baseline->get(k))
      d.error(position_of(*n), std::string("baseline.") + k,
              "give either baseline.census_codes or explicit counts, not both");
  }
  const toml::array* codes = unwrap(*codes_node).as_array();
  if (!codes) return;  // reported by the validator
  const SourcePos table_pos = position_of(*table_node);
  const fs::path csv_path =
      fs::path(table_pos.file).parent_path() / table_node->value<std::string>().value_or("");
  const CsvTable* csv = nullptr;
  try {
    csv = &cached_csv(csv_path);
  } catch (const std::exception& e) {
    d.error(table_pos, "baseline.census_table", e.what());
    return;
  }
  const int code_col = csv->column("code");
  if (code_col < 0) {
    d.error(table_pos, "baseline.census_table", "'" + csv_path.string() + "' has no column code");
    return;
  }
  std::vector<const std::vector<std::string>*> rows;
  std::string used;
  for (std::size_t i = 0; i < codes->size(); ++i) {
    const std::string code = codes->get(i)->value<std::string>().value_or("");
    const std::vector<std::string>* row = nullptr;
    for (const auto& r : csv->rows)
      if (r[code_col] == code) row = &r;
    if (!row) {
      d.error(position_of(*codes->get(i)), "baseline.census_codes[" + std::to_string(i) + "]",
              "census code '" + code + "' is not in " + csv_path.filename().string());
      continue;
    }
    rows.push_back(row);
    used += " " + code;
  }
  if (rows.empty()) return;
  CensusSum sum;
  if (const std::string err = sum_census_rows(*csv, rows, sum); !err.empty()) {
    d.error(table_pos, "baseline.census_table", csv_path.filename().string() + ": " + err);
    return;
  }
  apply_census(*baseline, sum, "2020 census, " + csv_path.filename().string() + " rows" + used);
}

// ------------------------------------------------------------------------------------------
// Typed build with semantic checks
// ------------------------------------------------------------------------------------------

std::vector<AgeGroup> read_groups(const Reader& r, const std::string& key, int first_age,
                                  bool partition, bool open_end) {
  std::vector<AgeGroup> out;
  const auto labels = r.strings(key);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    auto g = AgeGroup::parse(labels[i]);
    if (!g) {
      r.error(key, "'" + labels[i] + "' is not an age group (forms: \"0\", \"1-4\", \"85+\")");
      return {};
    }
    out.push_back(*g);
  }
  if (partition && !out.empty()) {
    if (auto why = check_partition(out, first_age, open_end); !why.empty()) {
      r.error(key, why);
      return {};
    }
  }
  return out;
}

void check_lengths(const Reader& r, const std::string& key, std::size_t got, std::size_t want,
                   const std::string& groups_key) {
  if (got != want)
    r.error(key, "has " + std::to_string(got) + " values but " + groups_key + " has " +
                     std::to_string(want) + " groups");
}

std::uint32_t hash24(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h & 0xFFFFFFu;
}

Scenario build(const toml::table& merged, const std::string& file, Diagnostics& d) {
  Scenario s;
  s.file = file;
  Reader r(merged, d, SourcePos{file, 1, 1}, &s.positions);

  // place
  s.place.id = r.string("place.id");
  for (char c : s.place.id) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
      r.error("place.id", "use lower-case pinyin letters, digits, '_' or '-' only");
      break;
    }
  }
  s.place.name_zh = r.string_or("place.name_zh", "");
  s.place.name_en = r.string_or("place.name_en", "");
  s.place.level = r.string_or("place.level", "");

  // baseline
  if (auto m = Month::parse(r.string("baseline.date"))) s.baseline.date = *m;
  s.baseline.population_basis = r.string_or("baseline.population_basis", "resident");
  if (!r.has("baseline.age_groups"))
    r.error("baseline.age_groups",
            "missing: give baseline.age_groups/male/female or baseline.census_codes");
  s.baseline.groups = read_groups(r, "baseline.age_groups", 0, true, true);
  s.baseline.male = r.reals("baseline.male");
  s.baseline.female = r.reals("baseline.female");
  check_lengths(r, "baseline.male", s.baseline.male.size(), s.baseline.groups.size(),
                "baseline.age_groups");
  check_lengths(r, "baseline.female", s.baseline.female.size(), s.baseline.groups.size(),
                "baseline.age_groups");
  if (r.has("baseline.age_groups") && s.baseline.total() <= 0)
    r.error("baseline.male", "the baseline population is empty");
  if (r.has("baseline.total")) {
    const double stated = r.real("baseline.total");
    if (std::fabs(stated - s.baseline.total()) > 0.5) {
      std::ostringstream o;
      o.precision(12);
      o << "stated total " << stated << " differs from the sum of male and female counts "
        << s.baseline.total();
      r.error("baseline.total", o.str());
    }
  }
  s.baseline.urban_share = r.real_or("baseline.urban_share", 0.0);
  s.baseline.source = r.string_or("baseline.source", "");
  if (const toml::array* towns = merged.at_path("baseline.townships").as_array()) {
    double sum = 0;
    std::set<std::string> names;
    for (std::size_t i = 0; i < towns->size(); ++i) {
      const toml::table* t = towns->get(i)->as_table();
      if (!t) continue;
      Reader tr(*t, d, position_of(*t));
      const std::string prefix = "baseline.townships[" + std::to_string(i) + "]";
      Township tw;
      tw.name = tr.string_or("name", "");
      tw.share = tr.real_or("share", 0.0);
      tw.urban = tr.bool_or("urban", false);
      if (!names.insert(tw.name).second)
        d.error(position_of(*t), prefix + ".name", "duplicate township '" + tw.name + "'");
      sum += tw.share;
      s.baseline.townships.push_back(tw);
    }
    if (!towns->empty() && std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream o;
      o << "township shares sum to " << sum << ", not 1";
      d.error(position_of(*towns), "baseline.townships", o.str());
    }
    if (towns->size() > 255)
      d.error(position_of(*towns), "baseline.townships", "at most 255 townships per place");
  }
  if (s.baseline.townships.empty()) s.baseline.townships.push_back({"all", 1.0, false});

  // horizon and run
  s.end_year = static_cast<int>(r.integer("horizon.end_year"));
  if (s.end_year < s.baseline.date.year())
    r.error("horizon.end_year", "ends before the baseline date " + s.baseline.date.to_string());
  s.run.seed = static_cast<std::uint64_t>(r.integer("run.seed"));
  s.run.replicates = static_cast<int>(r.integer("run.replicates"));
  s.run.sample = r.real("run.sample");

  // rng stream
  if (r.has("place.rng_stream")) {
    s.place.rng_stream = static_cast<std::uint32_t>(r.integer("place.rng_stream"));
  } else {
    const auto codes = r.has("baseline.census_codes") ? r.strings("baseline.census_codes")
                                                      : std::vector<std::string>{};
    std::uint32_t code = 0;
    if (!codes.empty()) {
      try {
        code = static_cast<std::uint32_t>(std::stoul(codes.front())) & 0xFFFFFFu;
      } catch (...) {
        code = 0;
      }
    }
    s.place.rng_stream = code ? code : hash24(s.place.id);
  }

  // mortality
  auto& mo = s.demography.mortality;
  mo.groups = read_groups(r, "demography.mortality.age_groups", 0, true, true);
  mo.male_mx = r.reals("demography.mortality.male_mx");
  mo.female_mx = r.reals("demography.mortality.female_mx");
  check_lengths(r, "demography.mortality.male_mx", mo.male_mx.size(), mo.groups.size(),
                "demography.mortality.age_groups");
  check_lengths(r, "demography.mortality.female_mx", mo.female_mx.size(), mo.groups.size(),
                "demography.mortality.age_groups");
  mo.scale = r.real("demography.mortality.scale");
  if (r.has("demography.mortality.target_life_expectancy"))
    mo.target_life_expectancy = r.real("demography.mortality.target_life_expectancy");
  mo.hazard_ratio_partial = r.real("demography.mortality.hazard_ratio_partial");
  mo.hazard_ratio_full = r.real("demography.mortality.hazard_ratio_full");

  // fertility
  auto& fe = s.demography.fertility;
  fe.groups = read_groups(r, "demography.fertility.age_groups", 0, false, false);
  for (std::size_t i = 0; i < fe.groups.size(); ++i) {
    const auto& g = fe.groups[i];
    if (g.open || g.lo < 10 || g.hi > 54)
      r.error("demography.fertility.age_groups",
              "group '" + g.label + "' must be a closed group within ages 10-54");
    if (i > 0 && g.lo <= fe.groups[i - 1].hi)
      r.error("demography.fertility.age_groups", "groups overlap at '" + g.label + "'");
  }
  fe.asfr = r.reals("demography.fertility.asfr");
  check_lengths(r, "demography.fertility.asfr", fe.asfr.size(), fe.groups.size(),
                "demography.fertility.age_groups");
  fe.sex_ratio_at_birth = r.real("demography.fertility.sex_ratio_at_birth");
  fe.scale = r.real("demography.fertility.scale");
  if (r.has("demography.fertility.target_tfr"))
    fe.target_tfr = r.real("demography.fertility.target_tfr");
  if (r.has("demography.fertility.target_births")) {
    fe.target_births = r.real("demography.fertility.target_births");
    if (!r.has("demography.fertility.target_births_year")) {
      r.error("demography.fertility.target_births",
              "needs demography.fertility.target_births_year");
    } else {
      fe.target_births_year =
          static_cast<int>(r.integer("demography.fertility.target_births_year"));
      if (fe.target_births_year < s.baseline.date.year() + 1 || fe.target_births_year > s.end_year)
        r.error("demography.fertility.target_births_year",
                "must be a full simulated year (" + std::to_string(s.baseline.date.year() + 1) +
                    "-" + std::to_string(s.end_year) + ")");
    }
  }
  if (fe.target_tfr && fe.target_births)
    r.error("demography.fertility.target_births",
            "give at most one of target_tfr and target_births");

  // disability
  auto& di = s.demography.disability;
  di.entry_age = static_cast<int>(r.integer("demography.disability.entry_age"));
  di.groups = read_groups(r, "demography.disability.age_groups", di.entry_age, true, true);
  di.partial_prevalence = r.reals("demography.disability.partial_prevalence");
  di.full_prevalence = r.reals("demography.disability.full_prevalence");
  check_lengths(r, "demography.disability.partial_prevalence", di.partial_prevalence.size(),
                di.groups.size(), "demography.disability.age_groups");
  check_lengths(r, "demography.disability.full_prevalence", di.full_prevalence.size(),
                di.groups.size(), "demography.disability.age_groups");
  for (std::size_t i = 0; i < std::min(di.partial_prevalence.size(), di.full_prevalence.size());
       ++i) {
    if (di.partial_prevalence[i] + di.full_prevalence[i] >= 1.0)
      r.error("demography.disability.full_prevalence",
              "partial + full prevalence reaches 100% in band " + std::to_string(i));
  }
  di.recovery_partial_to_independent =
      r.real("demography.disability.recovery_partial_to_independent");
  di.recovery_full_to_partial = r.real("demography.disability.recovery_full_to_partial");
  di.onset_direct_full_share = r.real("demography.disability.onset_direct_full_share");
  s.demography.extreme_poverty_share = r.real("demography.poverty.extreme_poverty_share");

  // migration
  auto& mi = s.demography.migration;
  const bool has_groups = r.has("demography.migration.age_groups");
  const bool has_rates = r.has("demography.migration.net_rate");
  if (has_groups != has_rates) {
    r.error(has_groups ? "demography.migration.net_rate" : "demography.migration.age_groups",
            "migration needs both age_groups and net_rate");
  } else if (has_groups) {
    mi.groups = read_groups(r, "demography.migration.age_groups", 0, true, true);
    mi.net_rate = r.reals("demography.migration.net_rate");
    check_lengths(r, "demography.migration.net_rate", mi.net_rate.size(), mi.groups.size(),
                  "demography.migration.age_groups");
  }

  std::vector<std::string> town_names;
  if (merged.at_path("baseline.townships").as_array())
    for (const auto& t : s.baseline.townships) town_names.push_back(t.name);
  double elderly = 0;
  for (std::size_t g = 0; g < s.baseline.groups.size(); ++g)
    if (s.baseline.groups[g].lo >= 60 && g < s.baseline.male.size() && g < s.baseline.female.size())
      elderly += s.baseline.male[g] + s.baseline.female[g];
  read_plan(merged, town_names, s.end_year, s.baseline.total(), elderly, s.plan, s.capacity, s.care,
            d);
  return s;
}

const toml::table& builtin_defaults_table() {
  static const toml::table t = [] {
    Diagnostics d;
    toml::table tbl = parse_text(builtin_defaults_text(), kBuiltinDefaultsName, d);
    take_role(tbl, d);  // a file-level key, not a parameter
    if (!d.empty()) throw InputError(d);
    return tbl;
  }();
  return t;
}

}  // namespace

namespace {

/// Merges the built-in defaults and the file's extends chain and checks every key against the
/// registry. A runnable scenario must also hold every required parameter; a parent file
/// (role = "parent") may not be run, only checked (`parent_ok`).
Chain prepare(const fs::path& file, const std::string* text = nullptr, bool parent_ok = false) {
  Diagnostics d;
  Chain chain;
  chain.merged = builtin_defaults_table();
  std::vector<fs::path> stack;
  load_chain(file, stack, chain, d, SourcePos{}, text);
  if (!d.empty()) throw InputError(d);

  Validator v(d);
  v.walk(chain.merged, "", "");
  if (chain.parent && !parent_ok)
    d.error(chain.role_pos, "role",
            "this file is meant only to be extended (role = \"parent\"): run a scenario that "
            "extends it");
  if (!chain.parent) v.check_required(chain.merged, "", "", SourcePos{file.string(), 1, 1});
  if (!d.empty()) throw InputError(d);
  return chain;
}

std::string resolved_text(const fs::path& file, const Chain& chain, const toml::table& t) {
  std::ostringstream resolved;
  resolved << "# Resolved scenario: " << file.string() << "\n# extends chain:";
  for (const auto& f : chain.files) resolved << ' ' << f;
  resolved << "\n\n" << toml::toml_formatter(t) << '\n';
  return resolved.str();
}

std::string place_level(const std::string& unit_type) {
  if (unit_type == "county") return "county";
  if (unit_type == "prefecture_no_county") return "prefecture";
  return "district";
}

/// One scenario per census row of a [batch] file.
std::vector<Scenario> expand_batch(const fs::path& file, Chain& chain, Diagnostics& d) {
  toml::table& merged = chain.merged;
  const toml::node* table_node = merged.at_path("batch.census_table").node();
  if (!table_node) {
    d.error(SourcePos{file.string(), 1, 1}, "batch.census_table", "a [batch] needs census_table");
    throw InputError(d);
  }
  const SourcePos table_pos = position_of(*table_node);
  const fs::path csv_path = fs::path(table_pos.file).parent_path() /
                            unwrap(*table_node).value<std::string>().value_or("");
  const CsvTable* csv = nullptr;
  try {
    csv = &cached_csv(csv_path);
  } catch (const std::exception& e) {
    d.error(table_pos, "batch.census_table", e.what());
    throw InputError(d);
  }
  Reader r(merged, d, SourcePos{file.string(), 1, 1});
  const std::string province = r.string_or("batch.province", "");
  const std::vector<std::string> types = r.strings("batch.unit_types");
  const int c_code = csv->column("code"), c_prov = csv->column("province"),
            c_pref = csv->column("prefecture"), c_county = csv->column("county"),
            c_type = csv->column("unit_type");
  if (c_code < 0 || c_prov < 0 || c_pref < 0 || c_county < 0 || c_type < 0) {
    d.error(table_pos, "batch.census_table",
            "'" + csv_path.filename().string() +
                "' lacks the columns code, province, prefecture, county and unit_type");
    throw InputError(d);
  }
  const std::string batch = r.string_or("place.id", "batch");
  toml::table base = merged;  // the template (a copy: positions are not needed from here on)
  base.erase("batch");
  if (toml::table* b = base.get_as<toml::table>("baseline"))
    for (const char* k :
         {"census_codes", "census_table", "total", "age_groups", "male", "female", "urban_share"})
      b->erase(k);
  std::vector<Scenario> out;
  for (std::size_t i = 0; i < csv->rows.size(); ++i) {
    const auto& row = csv->rows[i];
    if (!province.empty() && row[c_prov] != province) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), row[c_type]) == types.end())
      continue;
    toml::table t = base;
    toml::table* baseline = t.get_as<toml::table>("baseline");
    if (!baseline)
      baseline = t.insert_or_assign("baseline", toml::table{}).first->second.as_table();
    CensusSum sum;
    if (const std::string err = sum_census_rows(*csv, {&row}, sum); !err.empty()) {
      d.error(table_pos, "batch.census_table",
              csv_path.filename().string() + " row " + std::to_string(i + 2) + ": " + err);
      continue;
    }
    const std::string& code = row[c_code];
    apply_census(*baseline, sum,
                 "2020 census, " + csv_path.filename().string() + " row " +
                     (code.empty() ? std::to_string(i + 2) : code) + " " + row[c_county]);
    toml::table& place = *t.get_as<toml::table>("place");
    const std::string id = code.empty() ? "row" + std::to_string(i + 2) : "c" + code;
    place.insert_or_assign("id", id);
    place.insert_or_assign("name_zh", row[c_county]);
    place.insert_or_assign("name_en", std::string());
    place.insert_or_assign("level", place_level(row[c_type]));
    std::int64_t stream = 0;
    for (char ch : code) stream = stream * 10 + (ch - '0');
    place.insert_or_assign("rng_stream", code.empty()
                                             ? static_cast<std::int64_t>(hash24(batch + id))
                                             : (stream & 0xFFFFFF));
    Scenario s = build(t, file.string(), d);
    s.batch = batch;
    s.batch_index = static_cast<int>(out.size());
    s.place.province = row[c_prov];
    s.place.prefecture = row[c_pref];
    if (out.empty()) s.resolved_toml = resolved_text(file, chain, t);
    out.push_back(std::move(s));
  }
  if (!d.empty()) throw InputError(d);
  if (out.empty()) {
    d.error(SourcePos{file.string(), 1, 1}, "batch.province",
            "no census row matches '" + province + "'");
    throw InputError(d);
  }
  return out;
}

}  // namespace

namespace {
std::vector<Scenario> load_impl(const fs::path& file, const std::string* text) {
  Chain chain = prepare(file, text);
  Diagnostics d;
  if (chain.merged.contains("batch")) return expand_batch(file, chain, d);
  fill_from_census(chain.merged, d);
  if (!d.empty()) throw InputError(d);
  Scenario s = build(chain.merged, file.string(), d);
  if (!d.empty()) throw InputError(d);
  s.resolved_toml = resolved_text(file, chain, chain.merged);
  return {std::move(s)};
}
}  // namespace

std::vector<Scenario> load_scenarios(const fs::path& file) {
  return load_impl(file, nullptr);
}

std::vector<Scenario> load_scenarios_text(const std::string& text, const fs::path& file) {
  return load_impl(file, &text);
}

std::optional<std::vector<std::string>> check_parent_file(const fs::path& file) {
  Chain chain = prepare(file, nullptr, /*parent_ok=*/true);
  if (!chain.parent) return std::nullopt;
  return chain.files;
}

Scenario load_scenario(const fs::path& file) {
  auto all = load_scenarios(file);
  if (all.size() != 1) {
    Diagnostics d;
    d.error(SourcePos{file.string(), 1, 1}, "batch",
            "this file is a batch of " + std::to_string(all.size()) + " places");
    throw InputError(d);
  }
  return std::move(all.front());
}

const toml::table& builtin_defaults() {
  return builtin_defaults_table();
}

}  // namespace laoxiao
