#include "models/demography/demography.hpp"

#include <stdexcept>

#include "models/demography/age_structure.hpp"
#include "sim/units.hpp"

namespace laoxiao {

const std::vector<ProcessInfo>& demographic_step_order() {
  static const std::vector<ProcessInfo> order = {
      {"ageing", "age derives from the birth month; nothing to do", Stream::kDemography},
      {"mortality", "death with the monthly probability of the person's age, sex and state",
       Stream::kDemography},
      {"disability", "survivors change disability state; on reaching the entry age, draw it",
       Stream::kDemography},
      {"fertility", "surviving women 15-49 give birth; newborns join at age 0 next month",
       Stream::kDemography},
      {"migration", "optional departures and arrivals at the end of the month",
       Stream::kDemography},
  };
  return order;
}

DemographyModel::DemographyModel(const Scenario& s)
    : scenario_(s), fertility_(s.demography.fertility), migration_(s.demography.migration) {
  const auto& d = s.demography;
  for (int sex = 0; sex < kSexes; ++sex) {
    const auto& mx = sex == 0 ? d.mortality.male_mx : d.mortality.female_mx;
    baseline_[sex] =
        graduate_counts(s.baseline.groups, sex == 0 ? s.baseline.male : s.baseline.female,
                        expand_by_age(d.mortality.groups, mx));
  }
  std::vector<double> both(kMaxAge + 1);
  for (int a = 0; a <= kMaxAge; ++a) both[a] = baseline_[0][a] + baseline_[1][a];
  prevalence_ = graduate_prevalence(d.disability, both);
  try {
    mortality_ = std::make_unique<Mortality>(d.mortality, fertility_.male_share_at_birth(),
                                             prevalence_, d.disability.entry_age);
  } catch (const std::invalid_argument& e) {
    Diagnostics diag;
    diag.error(s.position("demography.mortality.target_life_expectancy"),
               "demography.mortality.target_life_expectancy", e.what());
    throw InputError(diag);
  }
  transitions_ = std::make_unique<DisabilityTransitions>(d.disability, prevalence_, *mortality_);
  build_kernel();
}

void DemographyModel::rescale_fertility(double factor) {
  fertility_.rescale(factor);
  build_kernel();
}

double DemographyModel::p_male_birth() const {
  return threshold_probability(male_threshold_);
}

std::array<double, kStates> DemographyModel::synthesis_state_probabilities(int age_months) const {
  if (age_months <= entry_age_months()) return {1.0, 0.0, 0.0};
  const int age = std::min(age_months / 12, kMaxAge);
  const double pp = prevalence_.partial[age], pf = prevalence_.full[age];
  return {1.0 - pp - pf, pp, pf};
}

void DemographyModel::build_kernel() {
  const int entry = entry_age();
  for (int row = 0; row < kAgeRows; ++row) {
    const int age = row == kEntryRow ? entry : row;
    for (int sex = 0; sex < kSexes; ++sex) {
      const Eigen::Vector3d q = monthly_death_probabilities(*mortality_, age, sex);
      for (int st = 0; st < kStates; ++st) {
        const int c = cell_index(row, sex, st);
        double p1 = 0, p2 = 0;
        Outcome o1 = Outcome::kNone, o2 = Outcome::kNone;
        if (row == kEntryRow) {
          if (st == 0) {  // everybody is independent before the entry age
            o1 = Outcome::kToPartial;
            p1 = prevalence_.partial[entry];
            o2 = Outcome::kToFull;
            p2 = prevalence_.full[entry];
          }
        } else if (age >= entry) {
          const Eigen::Matrix3d& t = transitions_->monthly(age, sex);
          const int others[kStates][2] = {{1, 2}, {0, 2}, {0, 1}};
          static constexpr Outcome kTo[kStates] = {Outcome::kToIndependent, Outcome::kToPartial,
                                                   Outcome::kToFull};
          o1 = kTo[others[st][0]];
          p1 = t(st, others[st][0]);
          o2 = kTo[others[st][1]];
          p2 = t(st, others[st][1]);
        } else if (sex == 1 && fertility_.rate(age) > 0) {
          o1 = Outcome::kBirth;
          p1 = monthly_probability_from_event_rate(RatePerYear{fertility_.rate(age)}).value;
        }
        const double qd = q[st];
        const double c0 = qd, c1 = c0 + (1.0 - qd) * p1, c2 = c1 + (1.0 - qd) * p2;
        kernel_.t0[c] = probability_threshold(c0);
        kernel_.t1[c] = probability_threshold(c1);
        kernel_.t2[c] = probability_threshold(c2);
        kernel_.alt1[c] = p1 > 0 ? o1 : Outcome::kNone;
        kernel_.alt2[c] = p2 > 0 ? o2 : Outcome::kNone;
        p_[0][c] = threshold_probability(kernel_.t0[c]);
        p_[1][c] = threshold_probability(kernel_.t1[c]) - p_[0][c];
        p_[2][c] = threshold_probability(kernel_.t2[c]) - threshold_probability(kernel_.t1[c]);
      }
    }
  }
  male_threshold_ = probability_threshold(fertility_.male_share_at_birth());
  poverty_threshold_ = probability_threshold(scenario_.demography.extreme_poverty_share);
  urban_threshold_ = probability_threshold(scenario_.baseline.urban_share);
  township_thresholds_.clear();
  double cum = 0;
  const auto& towns = scenario_.baseline.townships;
  for (std::size_t i = 0; i < towns.size(); ++i) {
    cum += towns[i].share;
    township_thresholds_.push_back(i + 1 == towns.size() ? 0xFFFFFFFFu
                                                         : probability_threshold(cum));
  }
  departure_threshold_.assign(kMaxAge + 1, 0);
  arrival_threshold_.assign(kMaxAge + 1, 0);
  for (int a = 0; a <= kMaxAge; ++a) {
    departure_threshold_[a] = probability_threshold(migration_.departure(a));
    arrival_threshold_[a] = probability_threshold(migration_.arrival(a));
  }
}

}  // namespace laoxiao
