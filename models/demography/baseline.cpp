#include "models/demography/baseline.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "core/population.hpp"

namespace laoxiao {

double BaselinePopulation::people() const {
  double s = 0;
  for (double v : male) s += v;
  for (double v : female) s += v;
  return s;
}

double BaselinePopulation::people_from(int from) const {
  double s = 0;
  for (std::size_t g = 0; g < age_groups.size(); ++g)
    if (age_groups[g].lo >= from && g < male.size() && g < female.size()) s += male[g] + female[g];
  return s;
}

std::vector<Township> townships_or_all(const BaselinePopulation& b) {
  if (!b.townships.empty()) return b.townships;
  return {Township{"all", 1.0, false}};
}

namespace {

ParamFields<Township> township_fields() {
  ParamFields<Township> f("baseline.townships[]");
  f.field(LAOXIAO_KEY(Township, name), "Township name.").required();
  f.field(LAOXIAO_KEY(Township, share), "share", 0, 1,
          "Share of the place's population living in the township.")
      .required();
  f.field(LAOXIAO_KEY(Township, urban), "Whether the township is a sub-district (街道, urban).")
      .defaults_to(false);
  return f;
}

ParamFields<BaselinePopulation> make_fields() {
  using B = BaselinePopulation;
  ParamFields<B> f("baseline");
  f.field(LAOXIAO_KEY(B, date),
          "Reference month of the baseline population (the 2020 census counts people on "
          "2020-11-01). The simulation starts in this month.")
      .required();
  f.field(LAOXIAO_KEY(B, population_basis),
          "Whether the baseline counts resident (常住) or registered (户籍) people.", "人口口径")
      .one_of({"resident", "registered"})
      .defaults_to(std::string("resident"));
  f.field(LAOXIAO_KEY(B, age_groups),
          "Age groups of the baseline counts, e.g. \"0\", \"1-4\", \"5-9\", …, \"85+\". "
          "Contiguous from age 0; the last is open.");
  f.field(LAOXIAO_KEY(B, male), "persons", 0, 2e9, "Males by baseline age group.");
  f.field(LAOXIAO_KEY(B, female), "persons", 0, 2e9, "Females by baseline age group.");
  f.field(LAOXIAO_KEY(B, total), "persons", 1, 2e9,
          "Total stated by the source; checked against the sum of male and female.");
  f.field(LAOXIAO_KEY(B, urban_share), "share", 0, 1,
          "Share of the baseline population living in urban areas (城镇人口占比).", "城镇化率")
      .defaults_to(0.0);
  static const ParamFields<Township> towns = township_fields();
  f.table_array(LAOXIAO_KEY(B, townships), towns,
                "Townships (乡镇/街道) of the place; people are assigned in proportion to share.",
                "乡镇（街道）");
  f.check([](const B& b, const ParamSource& src) {
    if (!src.has("baseline.age_groups"))
      src.error("baseline.age_groups",
                "missing: give baseline.age_groups/male/female or baseline.census_codes");
    const std::string groups = "baseline.age_groups";
    check_covers_ages(src, groups, b.age_groups, 0);
    check_per_group(src, "baseline.male", b.male.size(), groups, b.age_groups.size());
    check_per_group(src, "baseline.female", b.female.size(), groups, b.age_groups.size());
    if (src.has("baseline.age_groups") && b.people() <= 0)
      src.error("baseline.male", "the baseline population is empty");
    if (b.total && std::fabs(*b.total - b.people()) > 0.5) {
      std::ostringstream o;
      o.precision(12);
      o << "stated total " << *b.total << " differs from the sum of male and female counts "
        << b.people();
      src.error("baseline.total", o.str());
    }
    double sum = 0;
    std::set<std::string> names;
    for (std::size_t i = 0; i < b.townships.size(); ++i) {
      const Township& t = b.townships[i];
      if (!names.insert(t.name).second)
        src.error("baseline.townships[" + std::to_string(i) + "].name",
                  "duplicate township '" + t.name + "'");
      sum += t.share;
    }
    if (!b.townships.empty() && std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream o;
      o << "township shares sum to " << sum << ", not 1";
      src.error("baseline.townships", o.str());
    }
    // The oldest agents (kMaxAge years and 11 months) must be born on or after 1900-01, where
    // the store's birth months begin.
    const Month oldest = b.date - ((kMaxAge + 1) * 12 - 1);
    if (src.has("baseline.date") && !birth_month_fits(oldest.index))
      src.error("baseline.date",
                "people up to age " + std::to_string(kMaxAge) + " at " + b.date.to_string() +
                    " were born from " + oldest.to_string() +
                    ", before 1900-01, the first birth month the population store holds; "
                    "the baseline must be " +
                    Month{(kMaxAge + 1) * 12 - 1}.to_string() + " or later");
    if (b.townships.size() > 255)
      src.error("baseline.townships", "at most 255 townships per place");
  });
  return f;
}

}  // namespace

const ParamFields<BaselinePopulation>& baseline_params() {
  return declared<BaselinePopulation, make_fields>();
}

}  // namespace laoxiao
