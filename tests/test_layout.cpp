// The output is readable by the tools researchers use: every group of a run file opens with
// xarray (h5netcdf) and ncdump, and every reading example of docs/HDF5-LAYOUT.md (h5py, xarray,
// pandas, R's hdf5r) runs on a fresh run file.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace laoxiao {
namespace {

using test::run;
using test::run_command;
using test::TempDir;

/// A plan run and a batch run, made once for the tests of this file.
struct Files {
  TempDir dir;
  std::filesystem::path plans, batch;
  Files() {
    std::filesystem::create_directories(dir.path() / "out");
    plans = dir.path() / "out" / "plans.h5";
    batch = dir.path() / "batch.h5";
    const auto a =
        run("run scenarios/yuanqu.toml scenarios/lianshui.toml --replicates 2 "
            "--sample 0.2 --quiet --out '" +
            plans.string() + "'");
    const auto b = run("run scenarios/shanxi_counties.toml --sample 0.02 --quiet --out '" +
                       batch.string() + "'");
    EXPECT_EQ(a.code, 0) << a.err;
    EXPECT_EQ(b.code, 0) << b.err;
  }
};

const Files& files() {
  static const Files f;
  return f;
}

TEST(Output, EveryGroupOpensWithXarrayAndNcdump) {
  for (const auto& file : {files().plans, files().batch}) {
    const std::string py = R"(
import sys, h5py, xarray as xr
path = sys.argv[1]
groups = []
with h5py.File(path, "r") as f:
    f.visit(lambda n: groups.append(n) if isinstance(f[n], h5py.Group) else None)
assert groups, "no groups"
for g in groups:
    ds = xr.open_dataset(path, group=g, engine="h5netcdf")
    assert len(ds.data_vars) > 0, g
    for name, v in ds.data_vars.items():
        assert all(d in ds.coords for d in v.dims), (g, name, v.dims)
print(len(groups), "groups")
)";
    const TempDir t;
    const auto script = t.write("open.py", py);
    const auto r = run_command("/usr/bin/python3 '" + script.string() + "' '" + file.string() + "'",
                               test::source_dir());
    EXPECT_EQ(r.code, 0) << file << "\n" << r.err;
    const auto n = run_command("ncdump -h '" + file.string() + "'", test::source_dir());
    EXPECT_EQ(n.code, 0) << n.err;
    EXPECT_NE(n.out.find("group: "), std::string::npos);
    EXPECT_EQ(n.err.find("rror"), std::string::npos) << n.err;
  }
}

TEST(Output, LayoutDocExamplesRun) {
  const std::string doc = test::slurp(test::source_dir() / "docs" / "HDF5-LAYOUT.md");
  int ran = 0, r_blocks = 0;
  // Fenced blocks ```python … ``` and ```r … ```.
  for (std::size_t at = doc.find("```"); at != std::string::npos;) {
    const std::size_t eol = doc.find('\n', at);
    const std::size_t end = doc.find("```", eol);
    if (eol == std::string::npos || end == std::string::npos) break;
    const std::string lang = doc.substr(at + 3, eol - at - 3);
    const std::string code = doc.substr(eol + 1, end - eol - 1);
    at = doc.find("```", end + 3);
    if (lang != "python" && lang != "r") continue;
    const TempDir t;
    const auto script = t.write(lang == "python" ? "example.py" : "example.R", code);
    // The examples read out/plans.h5 from where they run.
    const std::string cmd = lang == "python" ? "/usr/bin/python3 '" + script.string() + "'"
                                             : "Rscript --vanilla '" + script.string() + "'";
    const auto r = run_command(cmd, files().dir.path());
    EXPECT_EQ(r.code, 0) << lang << " example failed:\n" << code << "\n" << r.err;
    ++ran;
    r_blocks += lang == "r";
  }
  EXPECT_GE(ran, 4);
  EXPECT_EQ(r_blocks, 1);
}

}  // namespace
}  // namespace laoxiao
