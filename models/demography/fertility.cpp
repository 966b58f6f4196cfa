#include "models/demography/fertility.hpp"

#include "models/demography/age_structure.hpp"

namespace laoxiao {

Fertility::Fertility(const FertilityParams& p) {
  base_ = expand_by_age(p.groups, p.asfr);
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

}  // namespace laoxiao
