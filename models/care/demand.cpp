#include "models/care/demand.hpp"

#include <algorithm>

#include "core/population.hpp"
#include "core/units.hpp"

namespace laoxiao {

namespace pf = person_flags;

namespace {

void check_path(const ParamSource& src, const std::string& years_key,
                const std::vector<double>& years,
                std::initializer_list<std::pair<const char*, const std::vector<double>*>> values) {
  if (years.empty()) src.error(years_key, "a path needs at least one year");
  for (std::size_t i = 1; i < years.size(); ++i)
    if (!(years[i] > years[i - 1])) src.error(years_key, "years must be ascending");
  for (const auto& [key, v] : values)
    if (v->size() != years.size())
      src.error(key, "has " + std::to_string(v->size()) + " values but " + years_key + " has " +
                         std::to_string(years.size()));
}

ParamFields<ElderDemandParams> make_elder_fields() {
  using E = ElderDemandParams;
  ParamFields<E> f("demand.elder");
  f.field(LAOXIAO_KEY(E, wish_independent), "share", 0, 1,
          "Share of independent people (entry age and over) who want a bed in an institution.",
          "入住意愿")
      .required();
  f.field(LAOXIAO_KEY(E, wish_partial), "share", 0, 1,
          "Share of partially dependent people who want a bed.")
      .required();
  f.field(LAOXIAO_KEY(E, wish_full), "share", 0, 1,
          "Share of fully dependent people who want a bed.")
      .required();
  f.field(LAOXIAO_KEY(E, tekun_placement_years), "year", 1990, 2100,
          "Years of the 特困 placement path (ascending).")
      .required();
  f.field(LAOXIAO_KEY(E, tekun_placement_independent), "share", 0, 1,
          "Share of independent people under extreme-poverty support (特困) who take a bed "
          "(集中供养), by year of tekun_placement_years.",
          "集中供养率")
      .required();
  f.field(LAOXIAO_KEY(E, tekun_placement_dependent), "share", 0, 1,
          "Share of partially or fully dependent 特困 people who take a bed (集中供养), by year "
          "of tekun_placement_years.",
          "生活不能自理特困人员集中供养率")
      .required();
  f.field(LAOXIAO_KEY(E, rural_factor), "factor", 0, 10,
          "Multiplier on the wish shares of rural residents (not of 特困 people).")
      .required();
  f.check([](const E& e, const ParamSource& src) {
    check_path(src, "demand.elder.tekun_placement_years", e.tekun_placement_years,
               {{"demand.elder.tekun_placement_independent", &e.tekun_placement_independent},
                {"demand.elder.tekun_placement_dependent", &e.tekun_placement_dependent}});
    for (double w : {e.wish_independent, e.wish_partial, e.wish_full})
      if (w * e.rural_factor > 1.0) {
        src.error("demand.elder.rural_factor", "a rural wish share would exceed 100%");
        return;
      }
  });
  return f;
}

ParamFields<ChildcareDemandParams> make_child_fields() {
  using C = ChildcareDemandParams;
  ParamFields<C> f("demand.childcare");
  f.field(LAOXIAO_KEY(C, wish_urban), "share", 0, 1,
          "Share of urban children wanting a 托位, by age band 6-11, 12-23, 24-35 months.",
          "入托意愿")
      .required()
      .length_rule(kChildBandRule);
  f.field(LAOXIAO_KEY(C, wish_rural), "share", 0, 1,
          "Share of rural children wanting a 托位, by the same age bands.")
      .required()
      .length_rule(kChildBandRule);
  f.field(LAOXIAO_KEY(C, scale_years), "year", 1990, 2100,
          "Years of the path that scales the band wishes (ascending).")
      .required();
  f.field(LAOXIAO_KEY(C, scale), "factor", 0, 10,
          "Multiplier on the band wishes, by year of scale_years (入托率 path).")
      .required();
  f.check([](const C& c, const ParamSource& src) {
    check_path(src, "demand.childcare.scale_years", c.scale_years,
               {{"demand.childcare.scale", &c.scale}});
    for (double k : c.scale)
      for (int b = 0; b < kChildBands; ++b)
        if (k * std::max(c.wish_urban[b], c.wish_rural[b]) > 1.0) {
          src.error("demand.childcare.scale", "a scaled childcare wish would exceed 100%");
          return;
        }
  });
  return f;
}

}  // namespace

const ParamFields<ElderDemandParams>& elder_demand_params() {
  return declared<ElderDemandParams, make_elder_fields>();
}

const ParamFields<ChildcareDemandParams>& childcare_demand_params() {
  return declared<ChildcareDemandParams, make_child_fields>();
}

double path_value(const std::vector<double>& years, const std::vector<double>& values, int year) {
  if (years.empty()) return 0.0;
  const double y = year;
  if (y <= years.front()) return values.front();
  if (y >= years.back()) return values.back();
  std::size_t k = 0;
  while (y > years[k + 1]) ++k;
  const double t = (y - years[k]) / (years[k + 1] - years[k]);
  return values[k] + t * (values[k + 1] - values[k]);
}

Demand::Demand(const ElderDemandParams& e, const ChildcareDemandParams& c, int entry_age,
               int first_year, int n_years)
    : entry_months_(12 * entry_age), first_year_(first_year) {
  const auto years = static_cast<std::size_t>(std::max(n_years, 1));
  elder_.resize(years);
  child_.resize(years);
  for (std::size_t y = 0; y < years; ++y) {
    const int year = first_year + static_cast<int>(y);
    const double pi = path_value(e.tekun_placement_years, e.tekun_placement_independent, year);
    const double pd = path_value(e.tekun_placement_years, e.tekun_placement_dependent, year);
    const double k = path_value(c.scale_years, c.scale, year);
    for (int urban = 0; urban < 2; ++urban) {
      const double f = urban ? 1.0 : e.rural_factor;
      const double general[kStates] = {e.wish_independent * f, e.wish_partial * f, e.wish_full * f};
      const double poverty[kStates] = {pi, pd, pd};
      for (int st = 0; st < kStates; ++st) {
        elder_[y][0][st][urban] = probability_threshold(general[st]);
        elder_[y][1][st][urban] = probability_threshold(poverty[st]);
      }
      for (int b = 0; b < kChildBands; ++b)
        child_[y][b][urban] =
            probability_threshold(std::min(1.0, k * (urban ? c.wish_urban[b] : c.wish_rural[b])));
    }
  }
}

std::size_t Demand::year_index(Month t) const {
  const int y = t.year() - first_year_;
  return static_cast<std::size_t>(std::clamp(y, 0, static_cast<int>(elder_.size()) - 1));
}

bool Demand::wishes(const RngKey& key, std::uint32_t id, std::uint8_t f, int age_m, Month t) const {
  if (!(f & pf::kAlive)) return false;
  const bool elder = age_m >= entry_months_;
  const int band = child_band(age_m);
  if (!elder && band < 0) return false;
  const std::uint32_t u = key.draw(id, 0, Stream::kCareDemand)[0];  // the person's latent draw
  const int urban = (f & pf::kUrban) ? 1 : 0;
  // An admitted resident stays when his state improves: a bed is not given up on recovery.
  if (elder && (f & pf::kInCare)) return true;
  const std::size_t y = year_index(t);
  if (elder) return u < elder_[y][(f & pf::kPoverty) ? 1 : 0][pf::state(f)][urban];
  return u < child_[y][band][urban];
}

double Demand::largest_elder_share() const {
  std::uint32_t m = 0;
  for (const auto& year : elder_)
    for (const auto& a : year)
      for (const auto& b : a)
        for (std::uint32_t t : b) m = std::max(m, t);
  return threshold_probability(m);
}

double Demand::largest_child_share() const {
  std::uint32_t m = 0;
  for (const auto& year : child_)
    for (const auto& a : year)
      for (std::uint32_t t : a) m = std::max(m, t);
  return threshold_probability(m);
}

}  // namespace laoxiao
