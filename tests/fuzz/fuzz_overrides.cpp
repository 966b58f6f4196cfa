// libFuzzer target over the command-line overrides (--set KEY=VALUE, the overlay of a scenario):
// each line of the input is one --set argument, applied to a valid scenario after its extends
// chain and validated with it, then compiled. Every input must load or be refused with an
// InputError; anything else is a finding. Run with scripts/fuzz.sh MINUTES overrides.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "input/overrides.hpp"
#include "input/scenario.hpp"
#include "sim/compiled.hpp"

namespace {
// The scenario the overrides apply to (scripts/fuzz.sh points LAOXIAO_FUZZ_DIR at the seeds'
// directory, which holds base.toml and what it reads).
std::string base_path() {
  const char* dir = std::getenv("LAOXIAO_FUZZ_DIR");
  return std::string(dir ? dir : "tests/bad_inputs") + "/base.toml";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string base = base_path();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<laoxiao::Override> overrides;
    std::size_t start = 0;
    while (start < text.size() && overrides.size() < 16) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      overrides.push_back(laoxiao::parse_set_argument(text.substr(start, end - start)));
      start = end + 1;
    }
    const auto all = laoxiao::load_scenarios(base, overrides);
    for (std::size_t i = 0; i < all.size() && i < 2; ++i) (void)laoxiao::compile(all[i]);
  } catch (const laoxiao::InputError&) {
    // A clear refusal.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "override refused without a positioned error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
