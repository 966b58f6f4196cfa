// libFuzzer target over the scenario loader, the validator and the model compilation:
// every input must either load or be refused with an InputError (file:line:column: key:
// message). Anything else — a crash, a sanitizer report, another exception — is a finding.
// Run with scripts/fuzz.sh MINUTES.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "input/scenario.hpp"
#include "sim/compiled.hpp"

namespace {
// Where the input is taken to stand: relative extends and census tables resolve from there.
// scripts/fuzz.sh points it at a directory holding the seeds' parents (base.toml,
// shanxi.toml, templates/, data/).
std::string input_path() {
  const char* dir = std::getenv("LAOXIAO_FUZZ_DIR");
  return std::string(dir ? dir : "tests/bad_inputs") + "/fuzz_input.toml";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = input_path();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto all = laoxiao::load_scenarios_text(text, path);
    for (std::size_t i = 0; i < all.size() && i < 2; ++i) {
      const laoxiao::CompiledScenario compiled = laoxiao::compile(all[i]);
      (void)compiled;
    }
  } catch (const laoxiao::InputError&) {
    // A clear refusal: what the loader must do with bad input.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "input refused without a positioned error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
