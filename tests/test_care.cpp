// Care model: capacity pools, allocation rules (priority, caps, waiting lists, leaving) on
// crafted populations, indicator formulas against hand-computed cases, and invariants of full
// runs (served + waiting = wanting, occupancy <= capacity, care never changes demography).
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>

#include "models/care/allocation.hpp"
#include "models/care/checks.hpp"
#include "models/care/outcomes.hpp"
#include "models/demography/demography.hpp"
#include "sim/engine.hpp"
#include "sim/runner.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

namespace pf = person_flags;

Scenario with(const std::string& extra, double people = 20000) {
  test::TempDir dir;
  return load_scenario(dir.write("care.toml", test::small_place(people, extra)));
}

const Month kT0 = Month::from_year_month(2021, 1);

/// A person aged `years` (and `months`) at kT0.
std::uint16_t born(int years, int months = 0) {
  return static_cast<std::uint16_t>(kT0.index - 12 * years - months);
}

std::uint8_t elder(int state, bool poverty, bool wish = true) {
  std::uint8_t f = pf::kAlive | pf::kUrban;
  f = pf::with_state(f, state);
  if (poverty) f |= pf::kPoverty;
  if (wish) f |= pf::kWantsCare;
  return f;
}

int pool_index(const CapacityModel& cap, Tier tier, bool nursing,
               PlaceKind kind = PlaceKind::kElderBed) {
  for (std::size_t k = 0; k < cap.pools().size(); ++k) {
    const Pool& p = cap.pools()[k];
    if (p.kind == kind && p.tier == tier && p.nursing == nursing) return static_cast<int>(k);
  }
  return -1;
}

const char* kBeds =
    "\n[[capacity.projects]]\nkey = \"sn\"\nname_zh = \"敬老院\"\nkind = \"elder_bed\"\ntier = "
    "\"safety_net\"\ncapacity = 1\nopens = \"2020-11\"\nlocation = \"t\"\n"
    "\n[[capacity.projects]]\nkey = \"an\"\nname_zh = \"护理院\"\nkind = \"elder_bed\"\ntier = "
    "\"affordable\"\nnursing = true\ncapacity = 1\nopens = \"2020-11\"\nlocation = \"t\"\n"
    "\n[[capacity.projects]]\nkey = \"ao\"\nname_zh = \"养老院\"\nkind = \"elder_bed\"\ntier = "
    "\"affordable\"\ncapacity = 1\nopens = \"2020-11\"\nlocation = \"t\"\n";

TEST(Capacity, StockIsSplitByItsSharesAndPromisesReachTheirShareOfTheTotal) {
  const Scenario s = with(
      "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 1001\nyear = 2021\n"
      "nursing_share = 0.3\nsafety_net_share = 0.2\naffordable_share = 0.5\nlocation = \"t\"\n"
      "\n[[capacity.planned]]\nkey = \"p\"\nkind = \"elder_bed\"\ncapacity = 2000\nyear = 2024\n"
      "nursing_share = 0.55\naffordable_share = 0.6\nsafety_net_share = 0.1\nlocation = \"t\"\n"
      "\n[capacity]\nreading = \"promised\"\n");
  const CapacityModel cap = test::capacity_of(s);
  const Month start = s.horizon.start;
  EXPECT_EQ(cap.places(PlaceKind::kElderBed, start), 1001);  // largest remainders keep the total
  double nursing = 0, affordable = 0;
  for (const auto& p : cap.pools())
    if (p.open_in(start)) {
      nursing += p.nursing ? p.places : 0;
      affordable += p.tier == Tier::kAffordable ? p.places : 0;
    }
  EXPECT_NEAR(nursing, 300.3, 1.0);
  EXPECT_NEAR(affordable, 500.5, 1.0);
  // Equal steps each December after the stock's year (2022, 2023, 2024) up to the total.
  const double d21 = cap.places(PlaceKind::kElderBed, Month::from_year_month(2021, 12));
  const double d22 = cap.places(PlaceKind::kElderBed, Month::from_year_month(2022, 12));
  const double d23 = cap.places(PlaceKind::kElderBed, Month::from_year_month(2023, 12));
  const double d24 = cap.places(PlaceKind::kElderBed, Month::from_year_month(2024, 12));
  EXPECT_EQ(d21, 1001);
  EXPECT_NEAR(d22 - d21, 333, 2);
  EXPECT_NEAR(d23 - d22, 333, 2);
  EXPECT_EQ(d24, 2000);
  // ...with the plan's shares of the 2024 total (rounded up): nursing 55%, affordable 60%.
  const Month by = Month::from_year_month(2024, 12);
  nursing = affordable = 0;
  for (const auto& p : cap.pools())
    if (p.open_in(by)) {
      nursing += p.nursing ? p.places : 0;
      affordable += p.tier == Tier::kAffordable ? p.places : 0;
    }
  EXPECT_EQ(nursing, 1100);
  EXPECT_EQ(affordable, 1200);
}

TEST(Capacity, TheFundedReadingBuildsNoPromisedTotal) {
  const std::string entries =
      "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 100\nyear = 2020\n"
      "location = \"t\"\n\n[[capacity.planned]]\nkey = \"p\"\nkind = \"elder_bed\"\ncapacity = "
      "300\n"
      "year = 2024\nlocation = \"t\"\nderived = { from = [\"b\"], rule = \"three times the stock\" "
      "}\n";
  const Scenario funded = with(entries);
  const Scenario promised = with(entries + "\n[capacity]\nreading = \"promised\"\n");
  const Month end = Month::from_year_month(2024, 12);
  EXPECT_EQ(test::capacity_of(funded).places(PlaceKind::kElderBed, end), 100);
  EXPECT_EQ(test::capacity_of(promised).places(PlaceKind::kElderBed, end), 300);
  // Only the promised reading builds the entry derived from "b": its figure is an assumption.
  EXPECT_TRUE(capacity_assumptions(funded.capacity).empty());
  const auto a = capacity_assumptions(promised.capacity);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].figure, "b");
  EXPECT_EQ(a[0].year, 2024);
  EXPECT_EQ(a[0].entry, "p");
}

TEST(Capacity, ProjectsOpenAndCloseOnTheirDates) {
  const Scenario s = with(
      "\n[[capacity.projects]]\nkey = \"x\"\nname_zh = \"x\"\nkind = \"childcare_slot\"\ntier = "
      "\"affordable\"\ncapacity = 60\nopens = \"2023-12\"\ncloses = \"2025-06\"\nlocation = "
      "\"t\"\n");
  const CapacityModel cap = test::capacity_of(s);
  EXPECT_EQ(cap.places(PlaceKind::kChildcareSlot, Month::from_year_month(2023, 11)), 0);
  EXPECT_EQ(cap.places(PlaceKind::kChildcareSlot, Month::from_year_month(2023, 12)), 60);
  EXPECT_EQ(cap.places(PlaceKind::kChildcareSlot, Month::from_year_month(2025, 5)), 60);
  EXPECT_EQ(cap.places(PlaceKind::kChildcareSlot, Month::from_year_month(2025, 6)), 0);
}

TEST(Allocation, PriorityOrderPovertyThenFullDependenceThenOthers) {
  const Scenario s = with(kBeds);
  const CapacityModel cap = test::capacity_of(s);
  const CareSetup setup = test::care_of(s, cap);
  Allocation alloc(setup, RngKey{1, 0, 1}, 1.0);
  PopulationStore store;
  store.push_back(born(70), elder(0, false), 0);  // 0: independent
  store.push_back(born(80), elder(2, false), 0);  // 1: fully dependent
  store.push_back(born(75), elder(0, true), 0);   // 2: 特困, independent
  store.push_back(born(72), elder(0, false), 0);  // 3: independent, waits
  alloc.month(store, kT0, {0, 1, 2, 3});
  EXPECT_EQ(alloc.pool_of(2), pool_index(cap, Tier::kSafetyNet, false));   // 特困 first
  EXPECT_EQ(alloc.pool_of(1), pool_index(cap, Tier::kAffordable, true));   // nursing-type
  EXPECT_EQ(alloc.pool_of(0), pool_index(cap, Tier::kAffordable, false));  // lower id
  EXPECT_EQ(alloc.pool_of(3), -1);
  EXPECT_EQ(alloc.waiting(), 1u);
  EXPECT_TRUE(store.flags()[0] & pf::kInCare);
  EXPECT_FALSE(store.flags()[3] & pf::kInCare);
}

TEST(Allocation, SafetyNetBedsServeExtremePovertyUnlessOpenedToAll) {
  const Scenario s = with(kBeds);
  const CapacityModel cap = test::capacity_of(s);
  {
    const CareSetup setup = test::care_of(s, cap);
    Allocation alloc(setup, RngKey{1, 0, 1}, 1.0);
    PopulationStore store;
    for (int i = 0; i < 3; ++i) store.push_back(born(70 + i), elder(0, false), 0);
    alloc.month(store, kT0, {0, 1, 2});
    EXPECT_EQ(alloc.placed(), 2u);  // the two affordable beds; the safety-net bed stays free
  }
  Scenario open = with(std::string(kBeds) + "\n[allocation]\nsafety_net_for_all = true\n");
  const CapacityModel cap2 = test::capacity_of(open);
  const CareSetup setup2 = test::care_of(open, cap2);
  Allocation alloc2(setup2, RngKey{1, 0, 1}, 1.0);
  PopulationStore store2;
  for (int i = 0; i < 3; ++i) store2.push_back(born(70 + i), elder(0, false), 0);
  alloc2.month(store2, kT0, {0, 1, 2});
  EXPECT_EQ(alloc2.placed(), 3u);
}

TEST(Allocation, WaitingListsServeTheLongestWaitFirstAndLeaversFreePlaces) {
  const Scenario s = with(kBeds);
  const CapacityModel cap = test::capacity_of(s);
  const CareSetup setup = test::care_of(s, cap);
  Allocation alloc(setup, RngKey{1, 0, 1}, 1.0);
  PopulationStore store;
  store.push_back(born(70), elder(0, false), 0);  // 0
  store.push_back(born(71), elder(0, false), 0);  // 1
  store.push_back(born(72), elder(0, false), 0);  // 2: waits since kT0
  store.push_back(born(90), elder(0, false), 0);  // 3: older, wishes later
  alloc.month(store, kT0, {0, 1, 2});
  ASSERT_EQ(alloc.waiting(), 1u);
  alloc.month(store, kT0 + 1, {3});
  EXPECT_EQ(alloc.waiting(), 2u);  // nothing free
  // Person 0 dies and person 1 no longer wishes: two places free up.
  store.flags()[0] &= static_cast<std::uint8_t>(~pf::kAlive);
  store.flags()[1] &= static_cast<std::uint8_t>(~pf::kWantsCare);
  alloc.month(store, kT0 + 2, {});
  EXPECT_EQ(alloc.pool_of(0), -1);
  EXPECT_EQ(alloc.pool_of(1), -1);
  EXPECT_NE(alloc.pool_of(2), -1);  // waited longest
  EXPECT_NE(alloc.pool_of(3), -1);
  EXPECT_FALSE(store.flags()[1] & pf::kInCare);
  const CareYear y = alloc.year_end(store, kT0 + 2);
  EXPECT_EQ(y.admissions[0], 4.0);               // 0, 1 in January; 2, 3 in March
  EXPECT_EQ(y.admission_wait_months[0], 2 + 1);  // 2 waited two months, 3 one month
}

TEST(Demand, AResidentWhoImprovesKeepsTheBed) {
  // A person whose latent draw lies between the wish shares of the fully dependent and of the
  // independent wants a bed while fully dependent; once admitted, he keeps wanting it (and so
  // stays) after improving, while the same person not in care stops wanting one.
  const Scenario s = with(
      "\n[demand.elder]\nwish_independent = 0.01\nwish_partial = 0.3\n"
      "wish_full = 0.6\n");
  const Demand d(s.care.elder, s.care.childcare, 60, 2021, 1);
  const RngKey key{7, 0, 1};
  int found = 0;
  for (std::uint32_t id = 0; id < 2000 && found < 20; ++id) {
    const std::uint8_t full = elder(2, false, false), indep = elder(0, false, false);
    if (!d.wishes(key, id, full, 12 * 70, kT0) || d.wishes(key, id, indep, 12 * 70, kT0)) continue;
    ++found;
    EXPECT_TRUE(d.wishes(key, id, static_cast<std::uint8_t>(indep | pf::kInCare), 12 * 70, kT0));
    EXPECT_FALSE(d.wishes(key, id, static_cast<std::uint8_t>(indep & ~pf::kAlive), 12 * 70, kT0));
  }
  EXPECT_EQ(found, 20);
}

TEST(Allocation, ChildcareClassesRespectTheNationalClassSizes) {
  // 25 托位: a toddler class of 15 and an infant class of 10 fit exactly; a 16th toddler or an
  // 11th infant would need another class.
  const Scenario s = with(
      "\n[[capacity.projects]]\nkey = \"c\"\nname_zh = \"托育中心\"\nkind = \"childcare_slot\"\n"
      "tier = \"affordable\"\ncapacity = 25\nopens = \"2020-11\"\nlocation = \"t\"\n");
  const CapacityModel cap = test::capacity_of(s);
  const CareSetup setup = test::care_of(s, cap);
  Allocation alloc(setup, RngKey{1, 0, 1}, 1.0);
  PopulationStore store;
  std::vector<std::uint32_t> ids;
  const std::uint8_t child = pf::kAlive | pf::kWantsCare | pf::kUrban;
  for (int i = 0; i < 16; ++i) {  // toddlers aged 15 months next month (lower ids: first served)
    store.push_back(static_cast<std::uint16_t>(kT0.index + 1 - 15), child, 0);
    ids.push_back(static_cast<std::uint32_t>(store.size() - 1));
  }
  for (int i = 0; i < 11; ++i) {  // infants aged 7 months
    store.push_back(static_cast<std::uint16_t>(kT0.index + 1 - 7), child, 0);
    ids.push_back(static_cast<std::uint32_t>(store.size() - 1));
  }
  alloc.month(store, kT0, ids);
  const CareYear y = alloc.year_end(store, kT0);
  EXPECT_EQ(y.children_by_band[1], 15.0);
  EXPECT_EQ(y.children_by_band[0], 10.0);
  EXPECT_EQ(y.waiting[3], 2.0);
  // 21 months on, the toddlers reach 36 months and leave; the infants (now 28 months) form a
  // class of the 24-35 band (up to 20), which takes the infant who was waiting too.
  alloc.month(store, kT0 + 21, {});
  const CareYear later = alloc.year_end(store, kT0 + 21);
  EXPECT_EQ(later.children_by_band[0] + later.children_by_band[1], 0.0);
  EXPECT_EQ(later.children_by_band[2], 11.0);
  EXPECT_EQ(later.waiting[3], 0.0);
}

TEST(Allocation, ClosingPoolsSendResidentsBackToTheWaitingList) {
  const Scenario s = with(
      "\n[[capacity.projects]]\nkey = \"x\"\nname_zh = \"x\"\nkind = \"elder_bed\"\ntier = "
      "\"market\"\ncapacity = 2\nopens = \"2020-11\"\ncloses = \"2021-03\"\nlocation = \"t\"\n");
  const CapacityModel cap = test::capacity_of(s);
  const CareSetup setup = test::care_of(s, cap);
  Allocation alloc(setup, RngKey{1, 0, 1}, 1.0);
  PopulationStore store;
  store.push_back(born(70), elder(1, false), 0);
  store.push_back(born(71), elder(1, false), 0);
  alloc.month(store, kT0, {0, 1});
  EXPECT_EQ(alloc.placed(), 2u);
  alloc.month(store, Month::from_year_month(2021, 3), {});
  EXPECT_EQ(alloc.placed(), 0u);
  EXPECT_EQ(alloc.waiting(), 2u);
}

TEST(Allocation, ZeroCapacityLeavesAllDemandUnmet) {
  Scenario s = with(
      "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 0\nyear = 2020\n"
      "location = \"t\"\n\n[demand.elder]\nwish_independent = 0.2\nwish_partial = 0.5\n"
      "wish_full = 0.8\n",
      60000);
  s.run.replicates = 1;
  RunOptions opt;
  opt.progress = false;
  const auto runs = run_scenarios({s}, opt);
  const auto& years = runs[0].results[0].care_years;
  for (const CareYear& y : years) {
    EXPECT_EQ(y.residents_by_state[0] + y.residents_by_state[1] + y.residents_by_state[2], 0.0);
    EXPECT_GT(y.waiting[0] + y.waiting[1] + y.waiting[2], 0.0);
    EXPECT_DOUBLE_EQ(y.waiting[0] + y.waiting[1] + y.waiting[2], y.wishing_elderly);
  }
}

TEST(CareRuns, ServedPlusWaitingEqualsWantingAndOccupancyNeverExceedsPlaces) {
  Scenario s = with(
      std::string(
          "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 60\nyear = 2020\n"
          "nursing_share = 0.5\nsafety_net_share = 0.2\nlocation = \"t\"\n"
          "\n[[capacity.stock]]\nkey = \"c\"\nkind = \"childcare_slot\"\ncapacity = 40\nyear = "
          "2020\naffordable_share = 0.5\nlocation = \"t\"\n"
          "\n[demand.elder]\nwish_independent = 0.02\nwish_partial = 0.1\nwish_full = 0.2\n"
          "\n[demand.childcare]\nwish_urban = [0.1, 0.2, 0.3]\nwish_rural = [0.05, 0.1, 0.2]\n"),
      80000);
  s.run.replicates = 2;
  s.run.sample = 0.5;
  RunOptions opt;
  opt.progress = false;
  const auto runs = run_scenarios({s}, opt);
  for (const auto& rep : runs[0].results) {
    for (const CareYear& y : rep.care_years) {
      const double served =
          y.residents_by_state[0] + y.residents_by_state[1] + y.residents_by_state[2];
      EXPECT_DOUBLE_EQ(served + y.waiting[0] + y.waiting[1] + y.waiting[2], y.wishing_elderly);
      const double children = y.children_by_band[0] + y.children_by_band[1] + y.children_by_band[2];
      EXPECT_DOUBLE_EQ(children + y.waiting[3], y.wishing_children);
      for (std::size_t i = 0; i < y.places.size(); ++i)
        EXPECT_LE(y.occupied[i], y.places[i] + 2.0) << i;  // stochastic rounding of sampled places
      EXPECT_GT(served, 0.0);
      EXPECT_GT(y.waiting[0] + y.waiting[1] + y.waiting[2], 0.0);
    }
  }
}

TEST(CareRuns, APlansStatedBaselineUseIsMetAtTheStart) {
  // Dianjiang states that 30% of dependent 特困 people were in institutions in 2021; its
  // placement path starts there. The simulated 2021 rate is within 4 standard errors of it
  // (binomial, from the simulated number of dependent 特困 people; fixed seed).
  Scenario s = load_scenario(test::scenarios_dir() / "dianjiang.toml");
  s.run.replicates = 4;
  RunOptions opt;
  opt.progress = false;
  const auto runs = run_scenarios({s}, opt);
  double placed = 0, dependent = 0;
  for (const auto& rep : runs[0].results) {
    const CareYear& y = rep.care_years.at(2021 - s.horizon.first_year());
    placed += y.tekun_dependent_placed;
    dependent += y.tekun_dependent;
  }
  ASSERT_GT(dependent, 100);
  EXPECT_NEAR(placed / dependent, 0.30, 4 * std::sqrt(0.3 * 0.7 / dependent));
}

TEST(Demand, LianshuisSurveyedEnrolmentIsTheWishOfIts2022UrbanTwoYearOlds) {
  // The plan's survey: 18% of urban 2-3-year-olds enrolled in 2022. The scenario's band share
  // times the national path in 2022 gives it; the share wanting among many ids is within 4 SE.
  const Scenario s = load_scenario(test::scenarios_dir() / "lianshui.toml");
  const Demand d(s.care.elder, s.care.childcare, 60, s.horizon.first_year(), s.horizon.n_years());
  const Month june = Month::from_year_month(2022, 6);
  const RngKey key{3, 0, 1};
  const std::uint8_t urban_child = pf::kAlive | pf::kUrban;
  const int n = 200000;
  int wanting = 0;
  for (int id = 0; id < n; ++id)
    wanting += d.wishes(key, static_cast<std::uint32_t>(id), urban_child, 30, june);
  EXPECT_NEAR(static_cast<double>(wanting) / n, 0.18, 4 * std::sqrt(0.18 * 0.82 / n));
  // The national path: 5.5% in 2021 for a band share of 12% (rural children of 12-23 months).
  const std::uint8_t rural_child = pf::kAlive;
  wanting = 0;
  for (int id = 0; id < n; ++id)
    wanting += d.wishes(key, static_cast<std::uint32_t>(id), rural_child, 18,
                        Month::from_year_month(2021, 6));
  EXPECT_NEAR(static_cast<double>(wanting) / n, 0.055, 4 * std::sqrt(0.055 * 0.945 / n));
}

TEST(CareRuns, CareNeverChangesTheDemography) {
  // Minimally different worlds: the same place with and without beds and 托位.
  const std::string beds =
      "\n[[capacity.stock]]\nkey = \"b\"\nkind = \"elder_bed\"\ncapacity = 300\nyear = 2020\n"
      "location = \"t\"\n\n[[capacity.stock]]\nkey = \"c\"\nkind = \"childcare_slot\"\ncapacity = "
      "100\nyear = 2020\nlocation = \"t\"\n";
  Scenario a = with(""), b = with(beds);
  a.run.replicates = b.run.replicates = 2;
  RunOptions opt;
  opt.progress = false;
  const auto ra = run_scenarios({a}, opt), rb = run_scenarios({b}, opt);
  ASSERT_TRUE(ra[0].results[0].care_years.empty());
  ASSERT_FALSE(rb[0].results[0].care_years.empty());
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(ra[0].results[k].tallies.population_end, rb[0].results[k].tallies.population_end);
    EXPECT_EQ(ra[0].results[k].tallies.deaths, rb[0].results[k].tallies.deaths);
    EXPECT_EQ(ra[0].results[k].tallies.births, rb[0].results[k].tallies.births);
  }
}

TEST(Indicators, FormulasMatchHandComputedValues) {
  DemographicTallies t;
  t.init(2020, 2);
  // Year index 1: 1,000 people aged 30, 200 aged 70 (50 of them fully dependent), 30 aged 1.
  t.population_end[t.yass(1, 30, 0, 0)] = 1000;
  t.population_end[t.yass(1, 70, 1, 0)] = 150;
  t.population_end[t.yass(1, 70, 1, 2)] = 50;
  t.population_end[t.yass(1, 1, 0, 0)] = 30;
  t.births[t.ys(1, 0)] = 7;
  t.births[t.ys(1, 1)] = 5;
  std::vector<double> e0(6, 0.0);
  e0[1 * 3 + 2] = 78.5;
  CareYear c;
  c.models_elder_beds = c.models_childcare = true;
  auto at = [](PlaceKind k, Tier tier, bool n) {
    return (static_cast<std::size_t>(k) * kTiers + static_cast<std::size_t>(tier)) * 2 +
           (n ? 1 : 0);
  };
  c.places[at(PlaceKind::kElderBed, Tier::kSafetyNet, true)] = 4;
  c.places[at(PlaceKind::kElderBed, Tier::kAffordable, false)] = 4;
  c.places[at(PlaceKind::kElderBed, Tier::kMarket, false)] = 2;
  c.occupied[at(PlaceKind::kElderBed, Tier::kAffordable, false)] = 3;
  c.places[at(PlaceKind::kChildcareSlot, Tier::kAffordable, false)] = 3;
  c.places[at(PlaceKind::kChildcareSlot, Tier::kMarket, false)] = 1;
  c.children_by_band = {0, 3, 0};
  c.tekun_dependent = 8;
  c.tekun_dependent_placed = 2;
  c.tekun_wishing = 4;
  c.tekun_wishing_placed = 4;
  const double total = 1230;
  auto v = [&](const char* id) { return indicator_value(id, IndicatorInputs{t, 1, e0, &c}); };
  EXPECT_DOUBLE_EQ(v("elder_beds_per_1000_elderly"), 1000.0 * 10 / 200);
  EXPECT_DOUBLE_EQ(v("nursing_bed_share"), 40.0);
  EXPECT_DOUBLE_EQ(v("safety_net_affordable_bed_share"), 80.0);
  EXPECT_DOUBLE_EQ(v("affordable_bed_share"), 40.0);
  EXPECT_DOUBLE_EQ(v("elder_bed_occupancy"), 30.0);
  EXPECT_DOUBLE_EQ(v("childcare_slots_per_1000"), 1000.0 * 4 / total);
  EXPECT_DOUBLE_EQ(v("affordable_childcare_slot_share"), 75.0);
  EXPECT_DOUBLE_EQ(v("market_childcare_share"), 25.0);
  EXPECT_DOUBLE_EQ(v("childcare_enrolment_rate"), 10.0);
  EXPECT_DOUBLE_EQ(v("tekun_disabled_institutional_rate"), 25.0);
  EXPECT_DOUBLE_EQ(v("tekun_willing_institutional_rate"), 100.0);
  EXPECT_DOUBLE_EQ(v("elderly_share"), 100.0 * 200 / total);
  EXPECT_DOUBLE_EQ(v("under3_population"), 30.0);
  EXPECT_DOUBLE_EQ(v("births"), 12.0);
  EXPECT_DOUBLE_EQ(v("life_expectancy"), 78.5);
  // Without modelled beds, bed indicators are not computable rather than zero.
  c.models_elder_beds = false;
  EXPECT_TRUE(std::isnan(v("nursing_bed_share")));
  EXPECT_TRUE(std::isnan(v("tekun_disabled_institutional_rate")));
  EXPECT_FALSE(std::isnan(v("childcare_slots_per_1000")));
}

TEST(Checks, TargetsAreReadAsWrittenAndByTheIndicatorsDirection) {
  PlanIndicator ind;
  ind.id = "nursing_bed_share";
  PlanTarget t{2025, 55.0, "=", "55", {}};
  EXPECT_EQ(resolve_comparator(ind, t), ">=");  // higher is better: a plain figure is a floor
  ind.id = "market_childcare_share";
  ind.baseline.value = 29;
  PlanTarget m{2025, 20.0, "=", "20", {}};
  EXPECT_EQ(resolve_comparator(ind, m), "<=");  // down from the baseline: a ceiling
  PlanTarget g{2025, 95.0, ">", "＞95", {}};
  EXPECT_EQ(resolve_comparator(ind, g), ">");
  EXPECT_TRUE(meets(95.5, ">", 95, 0));
  EXPECT_FALSE(meets(95.0, ">", 95, 0));
  EXPECT_TRUE(meets(44.86, "=", 44.85, written_tolerance("44.85") + 0.005));
  EXPECT_DOUBLE_EQ(written_tolerance("44.85"), 0.005);
  EXPECT_DOUBLE_EQ(written_tolerance("≥4.5个"), 0.05);
  EXPECT_DOUBLE_EQ(written_tolerance("45张"), 0.0);
}

TEST(Checks, ProbabilityOfMeetingCountsReplicates) {
  Plan plan;
  PlanIndicator ind;
  ind.key = "r";
  ind.id = "childcare_slots_per_1000";
  ind.nature = "binding";
  ind.targets = {{2022, 3.0, ">=", "3", {}}};
  plan.indicators.push_back(ind);
  IndicatorSeries s;
  s["childcare_slots_per_1000"] = {{0, 0, 2.9}, {0, 0, 3.1}, {0, 0, 3.0}, {0, 0, 2.5}};
  const auto rows = build_checks(plan, s, 2020, 3);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].p_meet, 0.5);
  EXPECT_DOUBLE_EQ(rows[0].mean, 2.875);
  EXPECT_DOUBLE_EQ(rows[0].gap, -0.125);
  EXPECT_TRUE(rows[0].binding);
  EXPECT_EQ(rows[0].status, "likely");
}

TEST(Checks, ARowWhoseCapacityWasDerivedFromItIsAnAssumptionNotACheck) {
  // 托位 per 1,000: the stock was derived from the 2020 baseline figure and, under the promised
  // reading, the 2025 total from the 2025 target; the 2023 target is still a check.
  const std::string plan =
      "\n[plan]\ndocument = \"t\"\n\n[[plan.indicators]]\nkey = \"r\"\nid = "
      "\"childcare_slots_per_1000\"\nname_zh = \"托位\"\nnature = \"binding\"\nunit = "
      "\"per_1000_residents\"\nlocation = \"t\"\nbaseline = { year = 2020, value = 2, text = "
      "\"2\" }\ntargets = [ { year = 2023, value = 3, text = \"3\" }, { year = 2025, value = 4.5, "
      "text = \"4.5\" } ]\n"
      "\n[[capacity.stock]]\nkey = \"s\"\nkind = \"childcare_slot\"\nper_1000_residents = 2\n"
      "year = 2020\nlocation = \"t\"\nderived = { from = [\"r\"], rule = \"baseline ratio x "
      "census\" }\n"
      "\n[[capacity.planned]]\nkey = \"p\"\nkind = \"childcare_slot\"\nper_1000_residents = 4.5\n"
      "year = 2025\nlocation = \"t\"\nderived = { from = [\"r\"], rule = \"target x census\" }\n";
  for (const char* reading : {"funded", "promised"}) {
    Scenario s = with(plan + "\n[capacity]\nreading = \"" + reading + "\"\n");
    s.run.replicates = 2;
    RunOptions opt;
    opt.progress = false;
    const auto runs = run_scenarios({s}, opt);
    std::map<std::pair<std::string, int>, const CheckRow*> by;
    for (const auto& c : runs[0].summary.checks) by[{c.kind, c.year}] = &c;
    ASSERT_EQ(by.size(), 3u);
    EXPECT_EQ(by.at({"baseline", 2020})->basis, "assumed");
    EXPECT_EQ(by.at({"baseline", 2020})->assumed_from, "s");
    EXPECT_EQ(by.at({"target", 2023})->basis, "computed");
    EXPECT_TRUE(is_check(*by.at({"target", 2023})));
    const CheckRow& last = *by.at({"target", 2025});
    if (std::string(reading) == "promised") {
      EXPECT_EQ(last.basis, "assumed");
      EXPECT_EQ(last.status, "assumption");
      EXPECT_FALSE(is_check(last));
    } else {
      EXPECT_EQ(last.basis, "computed");  // what the stock alone gives: a real check, missed
      EXPECT_LT(last.p_meet, 0.5);
    }
  }
}

TEST(Checks, TheMonteCarloErrorOfPMeetIsItsWilsonInterval) {
  // 0 of 20 replicates: P(meet) is not known to be 0, only to be below 0.16.
  const auto [lo0, hi0] = wilson_interval(0.0, 20);
  EXPECT_DOUBLE_EQ(lo0, 0.0);
  EXPECT_NEAR(hi0, 0.161, 0.001);
  // At 0 and 1 the ends are exact, however many replicates (no rounding residue to print).
  EXPECT_EQ(wilson_interval(0.0, 1000).first, 0.0);
  EXPECT_EQ(wilson_interval(1.0, 1000).second, 1.0);
  const auto [lo, hi] = wilson_interval(0.35, 100);
  EXPECT_NEAR(lo, 0.2636, 0.001);
  EXPECT_NEAR(hi, 0.4474, 0.001);
  EXPECT_EQ(replicates_for(0.05), 385u);
  EXPECT_LE(0.5 - wilson_interval(0.5, replicates_for(0.05)).first, 0.05);
}

TEST(Policy, SubsidiesArePaidOnlyWhereThePlanSaysSo) {
  const std::string entries =
      "\n[[capacity.projects]]\nkey = \"a\"\nname_zh = \"示范\"\nkind = \"childcare_slot\"\n"
      "capacity = 100\ntier = \"affordable\"\nopens = \"2022-12\"\nlocation = \"t\"\n"
      "subsidy_eligible = true\n"
      "\n[[capacity.projects]]\nkey = \"b\"\nname_zh = \"其他\"\nkind = \"childcare_slot\"\n"
      "capacity = 50\ntier = \"affordable\"\nopens = \"2022-12\"\nlocation = \"t\"\n"
      "\n[policy]\nsubsidy_per_new_slot = 10000.0\n";
  auto subsidy_2022 = [&](const std::string& extra) {
    const Scenario s = with(entries + extra);
    const CapacityModel cap = test::capacity_of(s);
    return capital_costs(cap, s.capacity, s.care.policy, 2020, 6)[2][1];
  };
  EXPECT_DOUBLE_EQ(subsidy_2022(""), 150 * 10000.0);  // every new affordable 托位
  EXPECT_DOUBLE_EQ(subsidy_2022("new_place_subsidy_for = \"eligible_projects\"\n"),
                   100 * 10000.0);  // only the facilities the plan names
  // A care subsidy for 经济困难家庭 is not paid to 特困 people as a stand-in: it is not computed.
  StaffingParams staffing;
  PolicyParams policy;
  policy.monthly_care_subsidy_full = 150;
  CareYear y;
  y.tekun_full = 10;
  EXPECT_DOUBLE_EQ(diagnostics(y, nullptr, 12, staffing, policy).care_subsidy_yuan, 18000.0);
  policy.care_subsidy_for = CareSubsidyRecipients::kLowIncomeFamilies;
  EXPECT_TRUE(std::isnan(diagnostics(y, nullptr, 12, staffing, policy).care_subsidy_yuan));
}

}  // namespace
}  // namespace laoxiao
