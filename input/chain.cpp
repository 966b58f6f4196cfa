#include "input/chain.hpp"

#include "core/toml_read.hpp"
#include "input/registry.hpp"
#include "input/text_guard.hpp"

namespace laoxiao {

namespace {

namespace fs = std::filesystem;

constexpr const char* kBuiltinDefaultsName = "scenarios/defaults.toml (built-in)";

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
    } catch (const std::runtime_error&) {
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

toml::table parse_text_impl(const std::string& text, const std::string& display, Diagnostics& d) {
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
}  // namespace

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

namespace {

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

/// Reads a scenario file through the one reader of inputs (core/paths.hpp): regular files of
/// bounded size only. A refusal is placed at the `extends` that named the file, if any.
std::optional<std::string> read_scenario_file(const fs::path& file, Diagnostics& d,
                                              const SourcePos& included_from) {
  std::string problem;
  auto text = read_input_file(file, kMaxScenarioBytes, "scenario files", problem);
  if (text) return text;
  const bool included = !included_from.file.empty();
  if (problem == "no such file")
    problem = "cannot open scenario file '" + file.string() + "': no such file";
  // Size and change are facts about the file itself; the rest about the path that named it.
  const bool about_file =
      problem.rfind("file is ", 0) == 0 || problem.rfind("the file changed", 0) == 0;
  d.error(about_file || !included ? SourcePos{file.string(), 0, 0} : included_from,
          included && !about_file ? "extends" : "", problem);
  return std::nullopt;
}

void load_chain_into(const fs::path& file, std::vector<fs::path>& stack, Chain& chain,
                     Diagnostics& d, const SourcePos& included_from,
                     const std::string* given_text = nullptr) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(file, ec);
  if (ec) canonical = file;
  // Each level of the chain is a level of this recursion: bound it well before the stack is.
  if (stack.size() >= kMaxExtendsDepth) {
    d.error(included_from, "extends",
            "the extends chain is more than " + std::to_string(kMaxExtendsDepth) +
                " files deep (a chain this long is a generated loop, not a scenario)");
    return;
  }
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
  toml::table tbl = parse_toml_text(text, display, parse_diags);
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
      load_chain_into(parent, stack, chain, d, pos);
    }
    tbl.erase("extends");
  }
  stack.pop_back();
  merge_into(chain.merged, std::move(tbl), "");
  chain.files.push_back(display);
}

toml::table parse_builtin_defaults() {
  Diagnostics d;
  toml::table tbl = parse_toml_text(builtin_defaults_text(), kBuiltinDefaultsName, d);
  take_role(tbl, d);  // a file-level key, not a parameter
  if (!d.empty()) throw InputError(d);
  return tbl;
}

const toml::table& builtin_defaults_table() {
  static const toml::table t = parse_builtin_defaults();
  return t;
}

}  // namespace

toml::table parse_toml_text(const std::string& text, const std::string& display, Diagnostics& d) {
  return parse_text_impl(text, display, d);
}

const toml::table& builtin_defaults() {
  return builtin_defaults_table();
}

Chain load_chain(const fs::path& file, const std::string* text, Diagnostics& d) {
  Chain chain;
  // Parsed afresh (a fraction of a millisecond): copies of toml++ nodes drop their source
  // positions, and an error about a default names its line in the built-in defaults.
  chain.merged = parse_builtin_defaults();
  std::vector<fs::path> stack;
  load_chain_into(file, stack, chain, d, SourcePos{}, text);
  return chain;
}

}  // namespace laoxiao
