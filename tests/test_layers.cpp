// The house has one direction: core < models < input < sim < app (docs/ARCHITECTURE.md).
// Every #include of the project's own files must point at the same layer or one below it;
// inside models/, demography sits below reference and care, which do not include each other.
// The linker holds the same direction (the <layer>_alone targets of CMakeLists.txt).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace fs = std::filesystem;

/// The floor of a project path, or -1 outside the layered folders. Rooms on one floor may not
/// include each other unless they are the same room.
struct Place {
  int floor = -1;
  std::string room;
};

Place place_of(const std::string& path) {
  static const std::vector<std::pair<std::string, int>> floors = {{"core/", 0},
                                                                  {"models/demography/", 1},
                                                                  {"models/reference/", 2},
                                                                  {"models/care/", 2},
                                                                  {"input/", 3},
                                                                  {"sim/", 4},
                                                                  {"app/", 5}};
  for (const auto& [prefix, floor] : floors)
    if (path.rfind(prefix, 0) == 0) return {floor, prefix};
  return {};
}

/// The file of `#include "file"` on this line, or "".
std::string quoted_include(const std::string& line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] != '#') return "";
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string::npos || line.compare(i, 7, "include") != 0) return "";
  const auto open = line.find('"', i + 7), close = line.find('"', open + 1);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

struct Violation {
  std::string file, include;
};

std::vector<Violation> violations(const fs::path& root) {
  std::vector<Violation> out;
  for (const char* dir : {"core", "models", "input", "sim", "app"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), root).generic_string();
      const Place from = place_of(rel);
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);) {
        const std::string included = quoted_include(line);
        if (included.empty()) continue;
        const Place to = place_of(included);
        if (to.floor < 0) continue;  // generated headers (laoxiao/version.hpp)
        if (to.floor > from.floor || (to.floor == from.floor && to.room != from.room))
          out.push_back({rel, included});
      }
    }
  }
  return out;
}

TEST(Layers, NoIncludeRunsAgainstTheDirection) {
  const auto v = violations(test::source_dir());
  for (const auto& x : v) ADD_FAILURE() << x.file << " includes " << x.include;
  EXPECT_TRUE(v.empty());
}

TEST(Layers, TheCheckSeesAnIncludeThatRunsBackUp) {
  // A copy of the tree with one include pointing up must fail the check.
  test::TempDir dir;
  for (const char* d : {"core", "models/demography", "input", "sim", "app"})
    fs::create_directories(dir.path() / d);
  std::ofstream(dir.path() / "core/a.hpp") << "#include \"core/b.hpp\"\n";
  std::ofstream(dir.path() / "models/demography/m.hpp") << "#include \"core/a.hpp\"\n";
  EXPECT_TRUE(violations(dir.path()).empty());
  std::ofstream(dir.path() / "core/b.hpp") << "#include \"sim/engine.hpp\"\n";
  const auto v = violations(dir.path());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].file, "core/b.hpp");
  std::ofstream(dir.path() / "models/demography/m.hpp") << "#include \"models/care/x.hpp\"\n";
  EXPECT_EQ(violations(dir.path()).size(), 2u);
}

std::vector<std::string> expand_braces(const std::string& p) {
  const auto open = p.find('{');
  const auto close = open == std::string::npos ? open : p.find('}', open);
  if (close == std::string::npos) return {p};
  std::vector<std::string> out;
  const std::string options = p.substr(open + 1, close - open - 1);
  for (std::size_t start = 0;;) {
    const auto comma = options.find(',', start);
    for (auto& rest : expand_braces(p.substr(0, open) + options.substr(start, comma - start) +
                                    p.substr(close + 1)))
      out.push_back(std::move(rest));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

TEST(Layers, ArchitectureDocNamesOnlyPathsThatExist) {
  const std::string doc = test::slurp(test::source_dir() / "docs" / "ARCHITECTURE.md");
  // Every `folder/path` in backquotes.
  int named = 0;
  for (std::size_t open = doc.find('`'); open != std::string::npos;) {
    const std::size_t close = doc.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string p = doc.substr(open + 1, close - open - 1);
    open = doc.find('`', close + 1);
    const auto slash = p.find('/');
    if (slash == std::string::npos || slash == 0 ||
        p.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") < slash ||
        p.find_first_of(" ()<>=\"'*:") != std::string::npos)
      continue;
    for (const auto& e : expand_braces(p)) {
      ++named;
      EXPECT_TRUE(fs::exists(test::source_dir() / e)) << "docs/ARCHITECTURE.md names " << e;
    }
  }
  EXPECT_GT(named, 40);
}

}  // namespace
}  // namespace laoxiao
