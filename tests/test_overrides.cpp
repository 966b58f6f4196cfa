// Overrides of scenario keys (--set KEY=VALUE; --seed, --replicates and --sample): applied
// after the extends chain and before validation, so they get the registry's checks and the
// same error format, and the resolved scenario shows them.
#include <gtest/gtest.h>

#include "input/scenario.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

const std::string kProject =
    "\n[[capacity.projects]]\nkey = \"p\"\nname_zh = \"项目\"\nkind = \"elder_bed\"\n"
    "capacity = 100\ntier = \"affordable\"\nopens = \"2023-12\"\nlocation = \"t\"\n";

Scenario with_overrides(const std::vector<std::string>& sets, const std::string& extra = "") {
  test::TempDir dir;
  std::vector<Override> o;
  for (const auto& s : sets) o.push_back(parse_set_argument(s));
  return load_scenario(dir.write("s.toml", test::small_place(20000, extra)), o);
}

std::string error_of(const std::vector<std::string>& sets) {
  try {
    with_overrides(sets, kProject);
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

TEST(Overrides, SetAnyKeyWithTheRegistrysTypes) {
  const Scenario s = with_overrides(
      {"demography.fertility.target_tfr=1.1", "run.seed=7", "demography.mortality.scale=0.9",
       "capacity.projects[0].opens=\"2022-06\"", "demand.childcare.wish_urban=[0.2, 0.3, 0.4]"},
      kProject);
  EXPECT_DOUBLE_EQ(*s.demography.fertility.target_tfr, 1.1);
  EXPECT_EQ(s.run.seed, 7u);
  EXPECT_DOUBLE_EQ(s.demography.mortality.scale, 0.9);
  EXPECT_EQ(s.capacity.projects.at(0).opens, Month::from_year_month(2022, 6));
  EXPECT_DOUBLE_EQ(s.care.childcare.wish_urban[2], 0.4);
  // The resolved scenario shows the values and, for a sourced default, where they came from.
  EXPECT_NE(s.resolved_toml.find("target_tfr = 1.1"), std::string::npos);
  EXPECT_NE(s.resolved_toml.find("command line: --set demography.mortality.scale=0.9"),
            std::string::npos)
      << s.resolved_toml;
}

TEST(Overrides, LaterOverridesWinAndABareWordIsAString) {
  const Scenario s = with_overrides({"place.name_zh=甲", "place.name_zh=乙"});
  EXPECT_EQ(s.place.name_zh, "乙");
  EXPECT_EQ(with_overrides({"place.name_en=Test Ville"}).place.name_en, "Test Ville");
}

TEST(Overrides, BadOverridesGetTheRegistrysMessagesAtTheOption) {
  EXPECT_NE(error_of({"demography.fertility.target_tfr=abc"})
                .find("--set demography.fertility.target_tfr=abc: expected a number, found a "
                      "string"),
            std::string::npos);
  EXPECT_NE(error_of({"run.sample=0"}).find("--set run.sample=0: value 0 is below the minimum"),
            std::string::npos);
  EXPECT_NE(
      error_of({"horizon.end_yaer=2030"}).find("unknown key (did you mean 'horizon.end_year'"),
      std::string::npos);
  EXPECT_NE(error_of({"capacity.projects[1].capacity=5"})
                .find("projects has 1 entries; [1] is not one of them"),
            std::string::npos);
  EXPECT_NE(error_of({"capacity.projects[0].opens=2022"}).find("expected a month"),
            std::string::npos);
  EXPECT_NE(error_of({"run.seed.x=1"}).find("seed is a value, not a table"), std::string::npos);
  EXPECT_THROW(parse_set_argument("no-equals-sign"), InputError);
}

TEST(Overrides, RunOptionsAreOverridesOfTheRunTable) {
  test::TempDir dir;
  const auto a = dir.path() / "a.h5", b = dir.path() / "b.h5";
  const std::string base = "run scenarios/yuanqu.toml --quiet --sample 0.2 --threads 1 ";
  ASSERT_EQ(test::run(base + "--seed 7 --replicates 2 --out '" + a.string() + "'").code, 0);
  ASSERT_EQ(
      test::run(base + "--set run.seed=7 --set run.replicates=2 --out '" + b.string() + "'").code,
      0);
  const std::string py =
      "/usr/bin/python3 -c \"import h5py,sys,numpy as np; x=h5py.File(sys.argv[1])['yuanqu']; "
      "y=h5py.File(sys.argv[2])['yuanqu']; assert np.array_equal(x['births'][...], "
      "y['births'][...]); r=x.attrs['resolved_scenario']; "
      "assert 'seed = { source = \\\"command line: --seed 7\\\"' in r or "
      "'command line: --seed 7' in r, r[:2000]; assert 'replicates' in r\" '" +
      a.string() + "' '" + b.string() + "'";
  EXPECT_EQ(std::system(py.c_str()), 0);
}

}  // namespace
}  // namespace laoxiao
