// The model's backbone: the mean of many replicates of the agent model agrees with the
// deterministic cohort-component reference within 4 standard errors, quantity by quantity and
// year by year; and the same comparison fails when a process is deliberately broken. The
// reference computes its probabilities from the parameters by its own code
// (models/reference/cohort_component.hpp), so the test checks the demography, not only the
// sampler.
//
// Tolerance: |mean - reference| <= 4 * max(SE, sqrt(reference / R)), where SE = sd / sqrt(R)
// over R replicates and the second term is the Poisson standard error, which stands in when a
// rare cell happens to be identical (often zero) in every replicate. Seeds are fixed, so the
// outcome is deterministic; with about 600 comparisons the chance that a correct model fails
// at 4 SE is about 4%, which was checked once for the fixed seed used here.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <sstream>

#include "core/parallel.hpp"
#include "input/scenario.hpp"
#include "models/reference/cohort_component.hpp"
#include "sim/engine.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

constexpr int kReplicates = 160;

struct Quantity {
  std::string name;
  std::function<double(const DemographicTallies&)> value;
};

std::vector<Quantity> quantities(int n_years) {
  std::vector<Quantity> q;
  for (int y = 0; y < n_years; ++y) {
    for (int s = 0; s < kSexes; ++s) {
      const std::string ys = std::to_string(2020 + y) + " " + kSexNames[s];
      for (const auto& g : five_year_groups()) {
        q.push_back({"population " + g.label + " " + ys, [=](const DemographicTallies& t) {
                       double v = 0;
                       for (int a = g.lo; a <= g.hi; ++a)
                         for (int st = 0; st < kStates; ++st)
                           v += t.population_end[t.yass(y, a, s, st)];
                       return v;
                     }});
      }
      q.push_back(
          {"births " + ys, [=](const DemographicTallies& t) { return t.births[t.ys(y, s)]; }});
      const int bands[][2] = {{0, 59}, {60, 74}, {75, 84}, {85, kMaxAge}};
      for (const auto& b : bands) {
        const std::string band = std::to_string(b[0]) + "-" + std::to_string(b[1]);
        for (int st = 0; st < kStates; ++st) {
          if (b[0] < 60 && st > 0) continue;
          q.push_back({"deaths " + band + " " + kStateNames[st] + " " + ys,
                       [=](const DemographicTallies& t) {
                         double v = 0;
                         for (int a = b[0]; a <= b[1]; ++a) v += t.deaths[t.yass(y, a, s, st)];
                         return v;
                       }});
          if (st == 0) continue;
          q.push_back({"disabled " + band + " " + kStateNames[st] + " " + ys,
                       [=](const DemographicTallies& t) {
                         double v = 0;
                         for (int a = b[0]; a <= b[1]; ++a)
                           v += t.population_end[t.yass(y, a, s, st)];
                         return v;
                       }});
        }
      }
      q.push_back({"arrivals " + ys, [=](const DemographicTallies& t) {
                     double v = 0;
                     for (int a = 0; a <= kMaxAge; ++a) v += t.arrivals[t.yas(y, a, s)];
                     return v;
                   }});
      q.push_back({"departures " + ys, [=](const DemographicTallies& t) {
                     double v = 0;
                     for (int a = 0; a <= kMaxAge; ++a) v += t.departures[t.yas(y, a, s)];
                     return v;
                   }});
    }
    for (int from = 0; from < kStates; ++from)
      for (int to = 0; to < kStates; ++to) {
        if (from == to) continue;
        q.push_back(
            {"transitions " + std::string(kStateNames[from]) + "->" + kStateNames[to] + " " +
                 std::to_string(2020 + y),
             [=](const DemographicTallies& t) { return t.transitions[t.yft(y, from, to)]; }});
      }
  }
  return q;
}

struct Verdict {
  int compared = 0;
  std::vector<std::string> failures;
  double worst_z = 0;
};

Verdict compare(const std::vector<DemographicTallies>& reps, const DemographicTallies& ref) {
  Verdict v;
  const double R = static_cast<double>(reps.size());
  for (const auto& q : quantities(ref.n_years)) {
    double sum = 0, sum2 = 0;
    for (const auto& t : reps) {
      const double x = q.value(t);
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / R;
    const double var = std::max(0.0, (sum2 - R * mean * mean) / (R - 1));
    const double expected = q.value(ref);
    const double se = std::max(std::sqrt(var / R), std::sqrt(std::max(expected, 0.0) / R));
    ++v.compared;
    if (se == 0 && expected == 0 && mean == 0) continue;
    const double z = std::fabs(mean - expected) / se;
    v.worst_z = std::max(v.worst_z, z);
    if (z > 4.0) {
      std::ostringstream o;
      o << q.name << ": agent mean " << mean << ", reference " << expected << ", z = " << z;
      v.failures.push_back(o.str());
    }
  }
  return v;
}

struct Fixture {
  std::unique_ptr<DemographyModel> model;
  DemographicTallies reference;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    test::TempDir dir;
    Fixture x;
    // A synthetic county of about 60,000 people with every process of the monthly step on and
    // every rate changing by year: the mortality trend at a local level (Brass), fertility
    // from the place's census along the national path with a births target in 2023, and net
    // migration by sex.
    const auto clean = dir.write(
        "stat2.toml",
        test::small_place(120000) +
            "\n[demography.mortality]\ntarget_life_expectancy = 79.0\n"
            "target_life_expectancy_year = 2022\n"
            "\n[demography.migration]\nage_groups = [\"0-14\", \"15-29\", \"30-59\", \"60+\"]\n"
            "net_rate_male = [-6.0, 12.0, -4.0, 3.0]\nnet_rate_female = [-4.0, 9.0, -5.0, 2.0]\n"
            "\n[[demography.fertility.births_targets]]\nyear = 2023\nlast_month = 6\n"
            "births = 250\n");
    x.model = test::compile_model(load_scenario(clean));
    x.reference = project_expected(*x.model);
    return x;
  }();
  return f;
}

std::vector<DemographicTallies> replicates(const FaultInjection& faults, std::uint64_t seed) {
  std::vector<DemographicTallies> out(kReplicates);
  parallel_for(0, kReplicates, [&](std::size_t r) {
    EngineOptions eo;
    eo.seed = seed;
    eo.replicate = static_cast<std::uint32_t>(r);
    eo.faults = faults;
    Simulation sim(*fixture().model, eo);
    sim.initialize();
    sim.run();
    out[r] = sim.tallies();
  });
  return out;
}

TEST(AgentVersusReference, MeanOfReplicatesAgreesWithinFourStandardErrors) {
  const Verdict v = compare(replicates({}, 20211), fixture().reference);
  std::string all;
  for (const auto& f : v.failures) all += f + "\n";
  EXPECT_TRUE(v.failures.empty()) << v.failures.size() << " of " << v.compared
                                  << " quantities disagree:\n"
                                  << all;
  EXPECT_GT(v.compared, 500);
  RecordProperty("worst_z", std::to_string(v.worst_z));
  std::cout << "compared " << v.compared << " quantities over " << kReplicates
            << " replicates; largest |z| = " << v.worst_z << "\n";
}

// Negative controls: each broken process must be caught.
void expect_detected(const FaultInjection& f, const std::string& what) {
  const Verdict v = compare(replicates(f, 20211), fixture().reference);
  EXPECT_FALSE(v.failures.empty()) << what << " went unnoticed (largest |z| " << v.worst_z << ")";
  std::cout << what << ": " << v.failures.size() << " of " << v.compared
            << " quantities disagree, largest |z| = " << v.worst_z << "\n";
}

TEST(AgentVersusReference, DetectsFivePercentTooManyDeaths) {
  FaultInjection f;
  f.death_factor = 1.05;
  expect_detected(f, "death probabilities x1.05");
}

TEST(AgentVersusReference, DetectsFivePercentTooManyBirths) {
  FaultInjection f;
  f.fertility_factor = 1.05;
  expect_detected(f, "birth probabilities x1.05");
}

TEST(AgentVersusReference, DetectsMissingDisabilityOnset) {
  FaultInjection f;
  f.no_disability_onset = true;
  expect_detected(f, "no disability onset");
}

TEST(AgentVersusReference, DetectsMissingEntryDraw) {
  FaultInjection f;
  f.no_entry_draw = true;
  expect_detected(f, "no disability draw at the entry age");
}

TEST(AgentVersusReference, DetectsMissingMigration) {
  FaultInjection f;
  f.no_migration = true;
  expect_detected(f, "no migration");
}

TEST(AgentVersusReference, DetectsRatesFrozenAtTheFirstYear) {
  FaultInjection f;
  f.frozen_rates = true;
  expect_detected(f, "first-year rates in every year");
}

}  // namespace
}  // namespace laoxiao
