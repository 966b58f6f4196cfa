#include "models/reference/cohort_component.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "core/units.hpp"
#include "models/demography/synthesis.hpp"

namespace laoxiao {

DemographicTallies project_expected(const DemographyModel& m, int stop_after_year) {
  const Horizon& sc = m.horizon();
  const Month start = sc.start;
  const Month end = stop_after_year
                        ? std::min(sc.end_month(), Month::from_year_month(stop_after_year, 12))
                        : sc.end_month();
  const int min_bm = start.index - kAgeMonths + 1;
  const int n_cohorts = sc.end_month().index + 1 - min_bm + 1;
  using Row = Eigen::RowVector3d;
  std::vector<Row> v(static_cast<std::size_t>(n_cohorts) * kSexes, Row::Zero());
  auto at = [&](int cohort, int sex) -> Row& {
    return v[static_cast<std::size_t>(cohort) * kSexes + sex];
  };

  DemographicTallies t;
  t.init(sc.first_year(), sc.n_years());

  // Expected synthesized population.
  const auto base = expected_baseline_by_age_month(m);
  for (int am = 0; am < kAgeMonths; ++am) {
    for (int s = 0; s < kSexes; ++s) {
      const auto probs = m.synthesis_state_probabilities(am, s);
      Row& r = at(start.index - am - min_bm, s);
      for (int st = 0; st < kStates; ++st) {
        r[st] = base[s][am] * probs[st];
        t.population_start[DemographicTallies::ass(std::min(am / 12, kMaxAge), s, st)] += r[st];
      }
    }
  }

  const int entry_m = m.entry_age_months();
  const double p_male = m.p_male_birth();
  for (Month month = start; month <= end; month = month + 1) {
    const int y = month.year() - sc.first_year();
    const int tm = month.index;
    double births = 0;
    std::vector<double> start_as(DemographicTallies::kAges * kSexes, 0.0);
    std::vector<double> deaths_as(DemographicTallies::kAges * kSexes, 0.0);
    for (int c = 0; c < n_cohorts; ++c) {
      const int age_m = tm - (min_bm + c);
      if (age_m < 0) continue;
      const int age = std::min(age_m / 12, kMaxAge);
      const int row = age_m == entry_m ? kEntryRow : age;
      for (int s = 0; s < kSexes; ++s) {
        Row& r = at(c, s);
        if (r.sum() == 0.0) continue;
        start_as[age * kSexes + s] += r.sum();
        Eigen::Matrix3d move = Eigen::Matrix3d::Zero();
        for (int st = 0; st < kStates; ++st) {
          const int cell = cell_index(row, s, st);
          const double pd = m.p_death(cell), p1 = m.p_alt1(cell), p2 = m.p_alt2(cell);
          const double d = r[st] * pd;
          t.deaths[t.yass(y, age, s, st)] += d;
          deaths_as[age * kSexes + s] += d;
          double stay = 1.0 - pd;
          const Outcome o[2] = {m.kernel().alt1[cell], m.kernel().alt2[cell]};
          const double p[2] = {p1, p2};
          for (int k = 0; k < 2; ++k) {
            if (o[k] == Outcome::kNone || p[k] == 0.0) continue;
            if (o[k] == Outcome::kBirth) {
              births += r[st] * p[k];  // mothers stay where they are
            } else {
              const int to = static_cast<int>(o[k]) - 1;
              move(st, to) += p[k];
              stay -= p[k];
              t.transitions[t.yft(y, st, to)] += r[st] * p[k];
            }
          }
          move(st, st) += stay;
        }
        r = r * move;
      }
    }
    // Newborns, joining at age 0 next month.
    const int nb = tm + 1 - min_bm;
    at(nb, 0)[0] += births * p_male;
    at(nb, 1)[0] += births * (1.0 - p_male);
    t.births[t.ys(y, 0)] += births * p_male;
    t.births[t.ys(y, 1)] += births * (1.0 - p_male);

    // Migration at the end of the month (people present at its start, newborns excluded).
    if (m.migration().enabled()) {
      for (int c = 0; c < nb; ++c) {
        const int age_m = tm - (min_bm + c);
        if (age_m < 0) continue;
        const int age = std::min(age_m / 12, kMaxAge);
        const double out = threshold_probability(m.departure_threshold(age));
        // An arrival is drawn only by those who do not leave (the same word decides both).
        const double in = std::max(0.0, threshold_probability(m.arrival_threshold(age)) - out);
        for (int s = 0; s < kSexes; ++s) {
          Row& r = at(c, s);
          const double total = r.sum();
          t.departures[t.yas(y, age, s)] += total * out;
          t.arrivals[t.yas(y, age, s)] += total * in;
          r *= (1.0 - out + in);
        }
      }
    }

    for (int a = 0; a < DemographicTallies::kAges; ++a)
      for (int s = 0; s < kSexes; ++s)
        t.exposure[t.yas(y, a, s)] +=
            (start_as[a * kSexes + s] - 0.5 * deaths_as[a * kSexes + s]) / 12.0;
    t.months[y] += 1;

    if (month.month_of_year() == 12 || month == end) {
      const int tn = tm + 1;
      for (int c = 0; c < n_cohorts; ++c) {
        const int age_m = tn - (min_bm + c);
        if (age_m < 0) continue;
        const int age = std::min(age_m / 12, kMaxAge);
        for (int s = 0; s < kSexes; ++s)
          for (int st = 0; st < kStates; ++st)
            t.population_end[t.yass(y, age, s, st)] += at(c, s)[st];
      }
    }
  }
  return t;
}

}  // namespace laoxiao
