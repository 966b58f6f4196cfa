#include "models/demography/synthesis.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "core/units.hpp"

namespace laoxiao {

std::array<std::vector<double>, kSexes> expected_baseline_by_age_month(const DemographyModel& m) {
  std::array<std::vector<double>, kSexes> out;
  for (int s = 0; s < kSexes; ++s) {
    out[s].assign(kAgeMonths, 0.0);
    for (int am = 0; am < kAgeMonths; ++am) out[s][am] = m.baseline_by_age()[s][am / 12] / 12.0;
  }
  return out;
}

ExpectedVolume expected_volume(const DemographyModel& m) {
  ExpectedVolume v;
  std::array<std::vector<double>, kSexes> people = m.baseline_by_age();
  const Horizon& h = m.horizon();
  const double male_share = m.fertility().male_share_at_birth();
  // Whole years from the baseline month; the last one may be partial.
  for (int done = 0; done < h.months(); done += 12) {
    const int y = std::min(done / 12, m.n_years() - 1);  // year index of the table in use
    const double months = std::min(12, h.months() - done);
    const double years = months / 12.0;
    double births = 0;
    for (int a = 0; a <= kMaxAge; ++a) births += people[1][a] * m.fertility().rate(y, a) * years;
    std::array<std::vector<double>, kSexes> next;
    for (int s = 0; s < kSexes; ++s) {
      next[s].assign(kMaxAge + 1, 0.0);
      for (int a = 0; a <= kMaxAge; ++a) {
        const double survive = std::exp(-m.mortality().population_hazard(y, s)[a] * years);
        const auto& mig = m.migration();
        const double arrive =
            mig.enabled() ? std::pow(1.0 + mig.arrival(y, s, a), months) - 1.0 : 0.0;
        const double stay = mig.enabled() ? std::pow(1.0 - mig.departure(y, s, a), months) : 1.0;
        const double n = people[s][a];
        v.person_months += n * months;
        v.additions += n * arrive;
        next[s][std::min(a + (months == 12 ? 1 : 0), kMaxAge)] += n * survive * stay * (1 + arrive);
      }
      next[s][0] += births * (s == 0 ? male_share : 1.0 - male_share);
    }
    v.additions += births;
    people = std::move(next);
  }
  return v;
}

std::size_t synthesize(const DemographyModel& m, const RngKey& key, double sample,
                       PopulationStore& store) {
  const BaselinePopulation& base = m.baseline();
  const auto& groups = base.age_groups;
  const Month t0 = m.horizon().start;
  const auto month_word = static_cast<std::uint32_t>(t0.index);

  // Agent counts by sex and age in months.
  std::array<std::vector<std::uint64_t>, kSexes> counts;
  for (int s = 0; s < kSexes; ++s) {
    counts[s].assign(kAgeMonths, 0);
    const auto& people = s == 0 ? base.male : base.female;
    const auto& by_age = m.baseline_by_age()[s];
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto cell = static_cast<std::uint32_t>(s * 256 + g);
      const auto w = key.draw(cell, month_word, Stream::kSampling);
      const double target = people[g] * sample;
      double n = std::floor(target);
      if (uniform01(w[0]) < target - n) n += 1.0;
      if (n <= 0 || people[g] <= 0) continue;
      const double u = uniform01(w[1]);
      double cum = 0.0;
      double prev = std::floor(u);
      for (int am = 12 * groups[g].lo; am < 12 * (groups[g].hi + 1); ++am) {
        cum += by_age[am / 12] / 12.0 / people[g];
        const double next = std::floor(std::min(cum, 1.0) * n + u);
        counts[s][am] = static_cast<std::uint64_t>(next - prev);
        prev = next;
      }
      // Rounding of the shares must not lose agents: the last month takes the remainder.
      std::uint64_t placed = 0;
      for (int am = 12 * groups[g].lo; am < 12 * (groups[g].hi + 1); ++am) placed += counts[s][am];
      const auto want = static_cast<std::uint64_t>(n);
      if (placed != want) {
        const int last = 12 * (groups[g].hi + 1) - 1;
        counts[s][last] = counts[s][last] + want - placed;
      }
    }
  }

  // Oldest first: ids follow birth months, males before females within a month.
  struct Run {
    std::size_t first, count;
    int age_months, sex;
  };
  std::vector<Run> runs;
  std::size_t total = 0;
  for (int am = kAgeMonths - 1; am >= 0; --am) {
    for (int s = 0; s < kSexes; ++s) {
      if (counts[s][am] == 0) continue;
      runs.push_back({total, counts[s][am], am, s});
      total += counts[s][am];
    }
  }
  if (total >= kMaxAgentSlots)
    throw std::length_error("a place holds at most 4.29e9 agents; use a smaller --sample");
  store.clear();
  store.reserve(store_reserve(total, expected_volume(m).additions * sample));
  store.resize(total);

  const int entry_months = m.entry_age_months();
  const auto& towns = m.township_thresholds();
  parallel_for(std::size_t{0}, runs.size(), [&](std::size_t r) {
    const Run& run = runs[r];
    const auto birth = static_cast<std::uint16_t>(t0.index - run.age_months);
    const auto probs = m.synthesis_state_probabilities(run.age_months, run.sex);
    const std::uint32_t to_partial = probability_threshold(probs[0]);
    const std::uint32_t to_full = probability_threshold(probs[0] + probs[1]);
    const bool elderly = run.age_months > entry_months;
    for (std::size_t i = run.first; i < run.first + run.count; ++i) {
      const auto w = key.draw(static_cast<std::uint32_t>(i), month_word, Stream::kSynthesis);
      std::uint8_t f = person_flags::kAlive;
      if (run.sex == 1) f |= person_flags::kFemale;
      if (elderly) {
        const int state = (w[0] >= to_partial) + (w[0] >= to_full);
        f = person_flags::with_state(f, state);
      }
      const bool urban = w[1] < m.urban_threshold();
      if (urban) f |= person_flags::kUrban;
      if (elderly && w[3] < m.poverty_threshold(urban, person_flags::state(f)))
        f |= person_flags::kPoverty;
      std::uint8_t town = 0;
      while (town + 1u < towns.size() && w[2] >= towns[town]) ++town;
      store.birth()[i] = birth;
      store.flags()[i] = f;
      store.township()[i] = town;
    }
  });
  return total;
}

}  // namespace laoxiao
