// Helpers shared by the tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "input/scenario.hpp"
#include "models/care/allocation.hpp"
#include "models/care/capacity.hpp"
#include "models/demography/demography.hpp"
#include "sim/compiled.hpp"

namespace laoxiao::test {

/// The demography of a scenario, as the engine compiles it (without solving targets).
inline DemographyModel model_of(const Scenario& s) {
  return DemographyModel(s.baseline, s.demography, s.horizon);
}
/// The demography with its calibration targets met (births, residents).
inline std::unique_ptr<DemographyModel> compile_model(const Scenario& s) {
  return std::move(compile(s).model);
}
inline CapacityModel capacity_of(const Scenario& s) {
  return CapacityModel(s.capacity, s.horizon.start, townships_or_all(s.baseline));
}
inline CareSetup care_of(const Scenario& s, const CapacityModel& cap) {
  return CareSetup(cap,
                   Demand(s.care.elder, s.care.childcare, s.demography.disability.entry_age,
                          s.horizon.first_year(), s.horizon.n_years()),
                   s.care.staffing, s.care.allocation);
}

inline std::filesystem::path source_dir() {
  return LAOXIAO_SOURCE_DIR;
}
inline std::filesystem::path scenarios_dir() {
  return source_dir() / "scenarios";
}
inline std::string binary() {
  return LAOXIAO_BINARY;
}

/// A fresh directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("laoxiao-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// A small valid place scenario (a synthetic county of `people` people) as TOML text.
inline std::string small_place(double people = 20000.0, const std::string& extra = "") {
  const double m[] = {0.024, 0.025, 0.026, 0.028, 0.030, 0.034, 0.040, 0.038, 0.037, 0.040,
                      0.041, 0.036, 0.030, 0.030, 0.024, 0.016, 0.010, 0.006, 0.005};
  std::string male = "[", female = "[";
  for (int i = 0; i < 19; ++i) {
    male += (i ? ", " : "") + std::to_string(static_cast<long long>(m[i] * people * 0.5));
    female += (i ? ", " : "") + std::to_string(static_cast<long long>(m[i] * people * 0.49));
  }
  male += "]";
  female += "]";
  return "[place]\nid = \"testville\"\nlevel = \"test\"\n\n[baseline]\ndate = \"2020-11\"\n"
         "age_groups = [\"0\", \"1-4\", \"5-9\", \"10-14\", \"15-19\", \"20-24\", \"25-29\", "
         "\"30-34\", \"35-39\", \"40-44\", \"45-49\", \"50-54\", \"55-59\", \"60-64\", \"65-69\", "
         "\"70-74\", \"75-79\", \"80-84\", \"85+\"]\nmale = " +
         male + "\nfemale = " + female + "\nurban_share = 0.6\n" + extra;
}

/// Exit code and output of one command.
struct Result {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs a shell command line in `cwd`, capturing its output.
inline Result run_command(const std::string& command, const std::filesystem::path& cwd) {
  TempDir io;
  const auto out = io.path() / "stdout", err = io.path() / "stderr";
  const std::string cmd = "cd '" + cwd.string() + "' && " + command + " >'" + out.string() +
                          "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

/// Runs the laoxiao binary with `args` (shell syntax) in `cwd`.
inline Result run(const std::string& args, const std::filesystem::path& cwd = source_dir()) {
  return run_command("'" + binary() + "' " + args, cwd);
}

}  // namespace laoxiao::test
