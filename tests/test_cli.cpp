// End-to-end tests of the laoxiao binary: exit codes, error messages, output files, and
// bit-identical results for any thread count.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "h5_datasets.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

using test::Result;
using test::run;
using test::slurp;
using test::TempDir;

/// Every dataset of an HDF5 file: path -> raw bytes (strings as text).
std::map<std::string, std::string> datasets(const std::filesystem::path& file) {
  auto out = test::h5_datasets(file);
  EXPECT_FALSE(out.empty()) << file;
  return out;
}

TEST(Cli, HelpVersionAndUsageErrors) {
  EXPECT_EQ(run("--help").code, 0);
  EXPECT_EQ(run("run --help").code, 0);
  EXPECT_NE(run("run --help").out.find("--threads"), std::string::npos);
  EXPECT_EQ(run("validate --help").code, 0);
  EXPECT_EQ(run("--version").code, 0);
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  const Result r = run("run scenarios/yuanqu.toml --sample 2");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--sample"), std::string::npos) << r.err;
  EXPECT_EQ(run("run scenarios/yuanqu.toml --threads zero").code, 2);
  EXPECT_EQ(run("run scenarios/yuanqu.toml --bogus").code, 2);
}

TEST(Cli, MalformedScenarioGivesFileLineColumnKeyAndExitCode2) {
  TempDir dir;
  const auto bad = dir.write("bad.toml", test::small_place() + "\n[run]\nsample = 1.5\n");
  const auto out = dir.path() / "x.h5";
  std::ofstream(out) << "previous results";
  const Result r = run("run '" + bad.string() + "' --out '" + out.string() + "' --quiet");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(
      r.err.find(bad.string() + ":13:10: run.sample: value 1.5 is above the maximum 1 (share)"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(slurp(out), "previous results");  // nothing written over it
  const Result v = run("validate '" + bad.string() + "' scenarios/yuanqu.toml");
  EXPECT_EQ(v.code, 2);
  EXPECT_NE(v.out.find("yuanqu.toml: OK"), std::string::npos);
}

TEST(Cli, ValidScenariosValidate) {
  // As README shows it: every file in scenarios/, including the files meant only to be extended.
  const Result r = run("validate scenarios/*.toml scenarios/templates/*.toml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("scenarios/defaults.toml: OK (a file to extend"), std::string::npos)
      << r.out;
  const Result parent = run("run scenarios/templates/national_targets.toml --out x.h5");
  EXPECT_EQ(parent.code, 2);
  EXPECT_NE(parent.err.find("national_targets.toml:10:8: role: this file is meant only to be "
                            "extended"),
            std::string::npos)
      << parent.err;
}

TEST(Cli, ThreadCountDoesNotChangeAnyDatasetByte) {
  TempDir dir;
  const auto one = dir.path() / "one.h5", two = dir.path() / "two.h5";
  const std::string common =
      " scenarios/yuanqu.toml scenarios/lianshui.toml --replicates 3 "
      "--sample 0.25 --quiet --seed 7 ";
  ASSERT_EQ(run("run" + common + "--threads 1 --out '" + one.string() + "'").code, 0);
  ASSERT_EQ(run("run" + common + "--threads 2 --out '" + two.string() + "'").code, 0);
  const auto a = datasets(one), b = datasets(two);
  ASSERT_GT(a.size(), 40u);
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, bytes] : a) {
    ASSERT_TRUE(b.count(name)) << name;
    EXPECT_TRUE(bytes == b.at(name)) << name << " differs between 1 and 2 threads";
  }
  // A different seed changes the results (the comparison above can fail).
  const auto other = dir.path() / "other.h5";
  ASSERT_EQ(run("run scenarios/yuanqu.toml --replicates 3 --sample 0.25 --quiet --seed 8 "
                "--threads 2 --out '" +
                other.string() + "'")
                .code,
            0);
  EXPECT_NE(datasets(other).at("yuanqu/births"), a.at("yuanqu/births"));
}

TEST(Cli, BatchOfCountiesIsIdenticalForAnyThreadCount) {
  TempDir dir;
  const auto one = dir.path() / "one.h5", two = dir.path() / "two.h5";
  const std::string common = " scenarios/shanxi_counties.toml --sample 0.02 --quiet --seed 3 ";
  const Result r1 = run("run" + common + "--threads 1 --out '" + one.string() + "'");
  ASSERT_EQ(r1.code, 0) << r1.err;
  ASSERT_EQ(run("run" + common + "--threads 2 --out '" + two.string() + "'").code, 0);
  EXPECT_NE(r1.out.find("places meeting"), std::string::npos) << r1.out;
  const auto a = datasets(one), b = datasets(two);
  ASSERT_TRUE(a.count("shanxi_counties/checks/p_meet"));
  ASSERT_TRUE(a.count("shanxi_counties/summary/places_meeting"));
  for (const auto& [name, bytes] : a) EXPECT_TRUE(bytes == b.at(name)) << name;
}

TEST(Cli, IdenticalRunsGiveIdenticalFiles) {
  TempDir dir;
  const std::string cmd = "run scenarios/yuanqu.toml --replicates 2 --quiet --threads 2 --out '" +
                          (dir.path() / "r.h5").string() + "'";
  ASSERT_EQ(run(cmd).code, 0);
  const std::string first = slurp(dir.path() / "r.h5");
  ASSERT_EQ(run(cmd).code, 0);
  EXPECT_TRUE(first == slurp(dir.path() / "r.h5")) << "HDF5 files differ byte for byte";
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(Cli, OutputIsReadableByH5dumpAndH5py) {
  TempDir dir;
  const auto f = dir.path() / "r.h5";
  ASSERT_EQ(run("run scenarios/dianjiang.toml --replicates 2 --sample 0.1 --quiet --out '" +
                f.string() + "'")
                .code,
            0);
  EXPECT_EQ(std::system(("h5dump -H '" + f.string() + "' >/dev/null").c_str()), 0);
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys; f=h5py.File(sys.argv[1],'r'); g=f['dianjiang']; "
      "p=g['population']; assert p.attrs['units']=='persons'; "
      "assert list(p.attrs['dimensions'])==['replicate','year','age_group','sex','state']; "
      "assert p.shape==(2,6,21,2,3); assert abs(g['population_baseline'][0].sum()-650694)<200; "
      "assert 'resolved_scenario' in g.attrs\" '" +
      f.string() + "'";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(Cli, LianshuiAnnualTargetsAreCheckedYearByYearInTheOutput) {
  TempDir dir;
  const auto f = dir.path() / "l.h5";
  const Result r =
      run("run scenarios/lianshui.toml --replicates 3 --quiet --out '" + f.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("binding misses first"), std::string::npos);
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys,math; "
      "g=h5py.File(sys.argv[1],'r')['lianshui/checks']; "
      "c=[dict(zip(g.keys(),v)) for v in zip(*[g[k][...] for k in g.keys()])]; "
      "rows=[(x['key'].decode(),int(x['year'])) for x in c if x['kind']==b'target' and "
      "math.isfinite(x['p_meet'])]; "
      "assert all((k,y) in rows for k in ('t1.22','t1.07') for y in (2022,2023,2024,2025)), rows; "
      "b=[x for x in c if x['binding']==1]; assert b[0]['p_meet']<0.5 or len(b)==0\" '" +
      f.string() + "'";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

TEST(Cli, ValidateListsEveryIndicatorWithItsClass) {
  const Result r = run("validate scenarios/lianshui.toml");
  ASSERT_EQ(r.code, 0) << r.err;
  // 27 table rows and 36 prose targets (the four 全覆盖 targets of 四 are rows, not facts).
  EXPECT_NE(r.out.find("63 indicator rows"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("t1.22"), std::string::npos);
  EXPECT_NE(r.out.find("computed"), std::string::npos);
  EXPECT_NE(r.out.find("exogenous"), std::string::npos);
  const Result a = run("audit scenarios/lianshui.toml");
  EXPECT_EQ(a.code, 0);
  EXPECT_NE(a.out.find("37.99"), std::string::npos) << a.out;
}

TEST(Cli, NationalScenarioAtOnePercentRuns) {
  TempDir dir;
  const auto f = dir.path() / "china.h5";
  const Result r = run("run scenarios/china.toml --sample 0.01 --quiet --out '" + f.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("china"), std::string::npos);
  const auto d = datasets(f);
  EXPECT_TRUE(d.count("china/reference/population"));
}

TEST(Cli, SeedsAreStoredExactlyAndOverridesAreResolved) {
  // The largest seed (2^63 - 1) is stored as an unsigned 64-bit attribute, never negative; the
  // resolved scenario holds the overrides of the command line, as run.
  TempDir dir;
  const auto out = dir.path() / "o.h5";
  const Result r =
      run("run scenarios/yuanqu.toml --seed 9223372036854775807 --sample 0.3 "
          "--replicates 2 --quiet --out '" +
          out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t g = H5Gopen2(f, "yuanqu", H5P_DEFAULT);
  ASSERT_GE(g, 0);
  const hid_t seed = H5Aopen(g, "seed", H5P_DEFAULT);
  const hid_t type = H5Aget_type(seed);
  EXPECT_EQ(H5Tget_sign(type), H5T_SGN_NONE);
  EXPECT_EQ(H5Tget_size(type), 8u);
  std::uint64_t value = 0;
  H5Aread(seed, H5T_NATIVE_UINT64, &value);
  EXPECT_EQ(value, 9223372036854775807ull);
  H5Tclose(type);
  H5Aclose(seed);
  const hid_t resolved = H5Aopen(g, "resolved_scenario", H5P_DEFAULT);
  const hid_t stype = H5Aget_type(resolved);
  char* text = nullptr;
  H5Aread(resolved, stype, &text);
  const std::string toml = text ? text : "";
  H5free_memory(text);
  H5Tclose(stype);
  H5Aclose(resolved);
  H5Gclose(g);
  H5Fclose(f);
  for (const char* line :
       {"seed = { source = \"command line: --seed 9223372036854775807\", value = "
        "9223372036854775807 }",
        // the shortest text that reads back to the same double
        "sample = { source = \"command line: --sample 0.3\", value = 0.3 }",
        "replicates = { source = \"command line: --replicates 2\", value = 2 }"})
    EXPECT_NE(toml.find(line), std::string::npos) << line << " not in\n" << toml;
}

}  // namespace
}  // namespace laoxiao
