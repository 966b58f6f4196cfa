// libFuzzer target over the scenario loader, the validator and the model compilation:
// every input must either load or be refused with an InputError (file:line:column: key:
// message). Anything else — a crash, a sanitizer report, another exception — is a finding.
// Run with scripts/fuzz.sh MINUTES.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "models/care/capacity.hpp"
#include "sim/runner.hpp"
#include "sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // Relative extends resolve beside the seed corpus (tests/bad_inputs/base.toml).
    const auto all = laoxiao::load_scenarios_text(text, "tests/bad_inputs/fuzz_input.toml");
    for (std::size_t i = 0; i < all.size() && i < 2; ++i) {
      const auto model = laoxiao::compile_demography(all[i]);
      const laoxiao::CapacityModel capacity(all[i]);
      (void)model;
      (void)capacity;
    }
  } catch (const laoxiao::InputError&) {
    // A clear refusal: what the loader must do with bad input.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "input refused without a positioned error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
