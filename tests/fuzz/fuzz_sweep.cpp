// libFuzzer target over the sweep loader: the sweep file's keys, its design and its points, and
// the first point's overrides applied to its base scenarios. Every input must either load or be
// refused with an InputError (file:line:column: key: message); anything else is a finding.
// Run with scripts/fuzz.sh MINUTES sweep (seeds: tests/bad_sweeps/).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "input/sweep.hpp"

namespace {
// Where the input stands: its base scenarios and tables resolve from there.
std::string input_path() {
  const char* dir = std::getenv("LAOXIAO_FUZZ_DIR");
  return std::string(dir ? dir : "tests/bad_sweeps") + "/fuzz_input.toml";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = input_path();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const laoxiao::Sweep s = laoxiao::load_sweep_text(text, path);
    if (!s.points.empty()) (void)laoxiao::load_sweep_point(s, 0);
  } catch (const laoxiao::InputError&) {
    // A clear refusal: what the loader must do with bad input.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "input refused without a positioned error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
