// analysis/plan_report.py against real run files: it re-derives every check row from the
// indicator series without disagreement, draws its figures, and notices a table that does not
// match its series.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace laoxiao {
namespace {

using test::Result;
using test::run;
using test::run_command;
using test::TempDir;

Result report(const std::string& args) {
  return run_command("/usr/bin/python3 analysis/plan_report.py " + args, test::source_dir());
}

/// Changes one value of a table (a group of columns) in place (h5py), as a damaged or edited
/// file would.
void tamper(const std::filesystem::path& file, const std::string& table, const std::string& row,
            const std::string& field, const std::string& change) {
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys; f=h5py.File(sys.argv[1],'r+'); g=f['" + table +
      "']; keys=list(g['key'][...]); i=keys.index(b'" + row + "'); d=g['" + field +
      "']; t=d[...]; t[i]" + change + "; d[...]=t\" '" + file.string() + "'";
  ASSERT_EQ(std::system(py.c_str()), 0) << py;
}

bool is_png(const std::filesystem::path& p) {
  return test::slurp(p).rfind("\x89PNG", 0) == 0;
}

TEST(Analysis, PlanReportRederivesEveryCheckAndDrawsFigures) {
  TempDir dir;
  const auto plans = dir.path() / "plans.h5", batch = dir.path() / "batch.h5";
  const auto figures = dir.path() / "figures";
  ASSERT_EQ(run("run scenarios/lianshui.toml scenarios/yuanqu.toml --replicates 4 --sample 0.2 "
                "--quiet --out '" +
                plans.string() + "'")
                .code,
            0);
  ASSERT_EQ(
      run("run scenarios/shanxi_counties.toml --sample 0.02 --quiet --out '" + batch.string() + "'")
          .code,
      0);
  const Result r = report("'" + plans.string() + "' '" + batch.string() + "' --plots '" +
                          figures.string() + "'");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("DISAGREES"), std::string::npos) << r.out;
  // Lianshui's binding 托位 target of each year is in the printed table.
  for (const char* year : {"2022", "2023", "2024", "2025"})
    EXPECT_NE(r.out.find("childcare_slots_per_1000           " + std::string(year) + "     yes"),
              std::string::npos)
        << r.out;
  std::size_t rederived = 0;
  for (auto at = r.out.find("0 disagreement(s)"); at != std::string::npos;
       at = r.out.find("0 disagreement(s)", at + 1))
    ++rederived;
  EXPECT_EQ(rederived, 3u) << r.out;  // lianshui, yuanqu, the batch
  for (const char* png : {"lianshui.png", "yuanqu.png", "shanxi_counties.png"})
    EXPECT_TRUE(is_png(figures / png)) << png;

  // A check table that no longer matches its series is reported, and the exit code says so.
  tamper(plans, "lianshui/checks", "t1.22", "mean", "+=0.01");
  const Result bad = report("'" + plans.string() + "' --scenario lianshui");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("DISAGREES t1.22 "), std::string::npos) << bad.out;
  tamper(batch, "shanxi_counties/summary", "n.nursing_bed_share", "places_meeting", "+=1");
  const Result bad_batch = report("'" + batch.string() + "'");
  EXPECT_EQ(bad_batch.code, 1);
  EXPECT_NE(bad_batch.out.find("DISAGREES summary n.nursing_bed_share 2025"), std::string::npos)
      << bad_batch.out;
}

TEST(Analysis, PlanReportRefusesFilesItCannotRead) {
  EXPECT_EQ(report("no-such-file.h5").code, 2);
  const Result r = report("README.md");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot read README.md"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace laoxiao
