#include "models/demography/fertility.hpp"

#include <algorithm>

#include "core/units.hpp"
#include "models/demography/age_structure.hpp"

namespace laoxiao {

namespace {

ParamFields<FertilityParams> make_fields() {
  using F = FertilityParams;
  ParamFields<F> f("demography.fertility");
  f.field(LAOXIAO_KEY(F, age_groups),
          "Age groups of the fertility schedule (closed groups within 10-54).")
      .required();
  f.field(LAOXIAO_KEY(F, asfr), "births per woman-year", 0, kMaxAsfr,
          "Age-specific fertility rates.", "年龄别生育率")
      .required();
  f.field(LAOXIAO_KEY(F, sex_ratio_at_birth), "males per 100 females", 80, 150,
          "Sex ratio at birth.", "出生人口性别比")
      .required();
  f.field(LAOXIAO_KEY(F, scale), "factor", 0, 10,
          "Multiplier on all fertility rates (ignored when a target is set).")
      .required();
  f.field(LAOXIAO_KEY(F, target_tfr), "births per woman", 0, kMaxTfr,
          "If set, fertility rates are scaled so that the total fertility rate equals this value.",
          "总和生育率");
  f.field(LAOXIAO_KEY(F, target_births), "births per year", 0, 1e8,
          "If set, fertility rates are scaled so that the expected births in "
          "target_births_year equal this value.",
          "出生人口");
  f.field(LAOXIAO_KEY(F, target_births_year), "year", 2020, 2100,
          "Calendar year to which target_births refers.");
  f.check([](const F& p, const ParamSource& src) {
    const std::string groups = "demography.fertility.age_groups";
    for (std::size_t i = 0; i < p.age_groups.size(); ++i) {
      const auto& g = p.age_groups[i];
      if (g.open || g.lo < 10 || g.hi > 54)
        src.error(groups, "group '" + g.label + "' must be a closed group within ages 10-54");
      if (i > 0 && g.lo <= p.age_groups[i - 1].hi)
        src.error(groups, "groups overlap at '" + g.label + "'");
    }
    check_per_group(src, "demography.fertility.asfr", p.asfr.size(), groups, p.age_groups.size());
    if (p.target_births && !p.target_births_year)
      src.error("demography.fertility.target_births",
                "needs demography.fertility.target_births_year");
    if (p.target_tfr && p.target_births)
      src.error("demography.fertility.target_births",
                "give at most one of target_tfr and target_births");
  });
  return f;
}

}  // namespace

const ParamFields<FertilityParams>& fertility_params() {
  return declared<FertilityParams, make_fields>();
}

Fertility::Fertility(const FertilityParams& p) {
  base_ = expand_by_age(p.age_groups, p.asfr);
  male_share_ = p.sex_ratio_at_birth / (p.sex_ratio_at_birth + 100.0);
  scale_ = p.scale;
  if (p.target_tfr) {
    double tfr = 0;
    for (double r : base_) tfr += r;
    scale_ = tfr > 0 ? *p.target_tfr / tfr : 0.0;
  }
  rescale(1.0);
}

void Fertility::rescale(double factor) {
  scale_ *= factor;
  rate_ = base_;
  for (auto& r : rate_) r *= scale_;
}

double Fertility::tfr() const {
  double t = 0;
  for (double r : rate_) t += r;
  return t;
}

double Fertility::max_rate() const {
  double m = 0;
  for (double r : rate_) m = std::max(m, r);
  return m;
}

bool Fertility::claims(int row, int age, int sex, int, CellAlternatives& out) const {
  if (row == kEntryRow || sex != 1 || !(rate(age) > 0)) return false;
  out.outcome = {Outcome::kBirth, Outcome::kNone};
  out.probability = {monthly_probability_from_event_rate(RatePerYear{rate(age)}).value, 0.0};
  return true;
}

}  // namespace laoxiao
