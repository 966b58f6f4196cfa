// libFuzzer target over census tables: the CSV reader (core/csv.cpp), the summing of census
// rows into a baseline (input/census.cpp) and the validation and compilation of the place they
// make. A table is either refused with a message (std::runtime_error "file:line: …" from the
// reader, or the summing's message) or becomes a baseline that loads or is refused with an
// InputError. Anything else is a finding. Run with scripts/fuzz.sh MINUTES csv.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/csv.hpp"
#include "input/census.hpp"
#include "input/scenario.hpp"
#include "sim/compiled.hpp"

namespace {
std::string dir() {
  const char* d = std::getenv("LAOXIAO_FUZZ_DIR");
  return d ? d : "tests/bad_inputs";
}

/// A scenario extending base.toml whose [baseline] is the summed table.
std::string scenario_of(const laoxiao::CensusSum& sum) {
  toml::table baseline;
  baseline.insert("date", "2020-11");
  laoxiao::apply_census(baseline, sum, "fuzzed table");
  toml::table top;
  top.insert("extends", "base.toml");
  top.insert("baseline", std::move(baseline));
  std::ostringstream o;
  o << toml::toml_formatter(top);
  return o.str();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string where = dir() + "/fuzz_table.toml";
  const std::string text(reinterpret_cast<const char*>(data), size);
  laoxiao::CsvTable csv;
  try {
    csv = laoxiao::parse_csv(text, "fuzz.csv");
  } catch (const std::runtime_error&) {
    return 0;  // a malformed table, refused with its line
  }
  // Every row, and all rows at once (as baseline.census_codes sums them).
  std::vector<const std::vector<std::string>*> rows;
  for (std::size_t i = 0; i < csv.rows.size() && i < 64; ++i) rows.push_back(&csv.rows[i]);
  laoxiao::CensusSum sum;
  if (!laoxiao::sum_census_rows(csv, rows, sum).empty()) return 0;  // refused with a message
  try {
    const auto all = laoxiao::load_scenarios_text(scenario_of(sum), where);
    for (const auto& s : all) (void)laoxiao::compile(s);
  } catch (const laoxiao::InputError&) {
    // A clear refusal.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "table refused without a positioned error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
