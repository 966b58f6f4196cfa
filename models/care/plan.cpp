#include "models/care/plan.hpp"

#include <cstdio>

#include <set>
#include <sstream>

namespace laoxiao {

namespace {

ParamFields<PlanTarget> target_fields() {
  using T = PlanTarget;
  ParamFields<T> f("plan.indicators[].targets[]");
  f.field(LAOXIAO_KEY(T, year), "year", 2000, 2100, "Year of the target.")
      .defaults_to_rule("the plan's last year (a rule recorded as the target's derivation)");
  f.field(LAOXIAO_KEY(T, value), "", -1e12, 1e12, "Target value.");
  f.field(LAOXIAO_KEY(T, comparator),
          "As written: \">=\" (≥, 以上, 不低于), \">\" (＞), \"<=\", \"<\", or \"=\" (a plain "
          "figure; read by the indicator's direction).")
      .one_of({">=", ">", "<=", "<", "="})
      .defaults_to(std::string("="));
  f.field(LAOXIAO_KEY(T, text), "Target exactly as written.").required();
  f.table(&T::derived, derivation_fields("plan.indicators[].targets[]"));
  return f;
}

ParamFields<PlanValue> value_fields() {
  using V = PlanValue;
  ParamFields<V> f("plan.indicators[].other_values[]");
  f.field(LAOXIAO_KEY(V, label), "Column heading.").required();
  f.field(LAOXIAO_KEY(V, year), "year", 2000, 2100, "Year of the value.");
  f.field(LAOXIAO_KEY(V, value), "", -1e12, 1e12, "Value.");
  f.field(LAOXIAO_KEY(V, text), "As written.").required();
  return f;
}

ParamFields<IndicatorBaseline> baseline_fields() {
  using B = IndicatorBaseline;
  ParamFields<B> f("plan.indicators[].baseline", "baseline");
  f.field(LAOXIAO_KEY(B, year), "year", 2000, 2100, "Year of the baseline value.");
  f.field(LAOXIAO_KEY(B, value), "", -1e12, 1e12, "Baseline value (omit for \"--\").");
  f.field(LAOXIAO_KEY(B, text), "Baseline exactly as written.");
  f.table(&B::derived, derivation_fields("plan.indicators[].baseline", "baseline.derived"));
  return f;
}

std::string catalog_ids() {
  std::string ids;
  for (const auto& c : indicator_catalog()) ids += (ids.empty() ? "" : ", ") + c.id;
  return ids;
}

void check_percent(const ParamSource& src, const std::string& key, const PlanIndicator& ind,
                   std::optional<double> v) {
  if (ind.unit != "percent" || !v || (*v >= 0 && *v <= 100)) return;
  std::ostringstream o;
  o << "a percentage of " << *v << " is outside 0-100";
  src.error(key, o.str());
}

ParamFields<PlanIndicator> indicator_fields() {
  using I = PlanIndicator;
  static const ParamFields<PlanTarget> targets = target_fields();
  static const ParamFields<PlanValue> values = value_fields();
  static const ParamFields<IndicatorBaseline> baseline = baseline_fields();
  ParamFields<I> f("plan.indicators[]");
  f.field(LAOXIAO_KEY(I, key), "Unique name of the row within the plan.").required();
  f.field(LAOXIAO_KEY(I, id),
          "Catalog indicator (models/care/indicators.cpp) or \"other\" (carried, not modelled).")
      .required();
  f.field(LAOXIAO_KEY(I, name_zh), "Name as written in the plan.").required();
  f.field(LAOXIAO_KEY(I, name_en), "English name.");
  f.field(LAOXIAO_KEY(I, domain), "Which half of 一老一小.")
      .one_of({"elderly", "childcare", "general"});
  f.field(LAOXIAO_KEY(I, nature),
          "binding (约束性), expected (预期性), or unspecified (targets stated in the text).",
          "指标属性")
      .one_of({"binding", "expected", "unspecified"})
      .required();
  f.field(LAOXIAO_KEY(I, unit), "Unit (catalog indicators: the catalog's unit).")
      .one_of({"percent", "per_1000_elderly", "per_1000_residents", "persons", "count", "years",
               "beds", "slots", "yuan", "10k_yuan", "yuan_per_month", "ratio", "other"})
      .required();
  f.field(LAOXIAO_KEY(I, unit_zh), "Unit as written (%, 张, 个, 人, 岁 …).");
  f.field(LAOXIAO_KEY(I, location),
          "Where the figure stands in the document (section, table and row).")
      .required();
  f.field(LAOXIAO_KEY(I, scope),
          "What the figure covers when it is not the place itself (e.g. the region's column).");
  f.field(LAOXIAO_KEY(I, population_basis),
          "Whether the figure counts resident (常住) or registered (户籍) people, when the plan "
          "says or its figures show it; the audit compares figures only on one basis.",
          "人口口径")
      .one_of({"resident", "registered"});
  f.field(LAOXIAO_KEY(I, definition),
          "What exactly the row counts when it differs from another row of the same quantity "
          "(e.g. registered institutions only); different definitions are noted, not "
          "contradictions.");
  f.table(&I::baseline, baseline);
  f.table_array(LAOXIAO_KEY(I, targets), targets, "Targets by year.");
  f.table_array(LAOXIAO_KEY(I, other_values), values,
                "Further columns of the row (e.g. the region's baseline).");
  f.field(LAOXIAO_KEY(I, note), "Remarks (e.g. a text passage repeating it).");
  f.field(LAOXIAO_KEY(I, same_as),
          "Key of the row this one restates (a prose target repeating a table row); the audit "
          "compares them.");
  f.check([](const I& ind, const ParamSource& src) {
    const IndicatorDef* def = ind.def();
    if (!def)
      src.error("id", "'" + ind.id + "' is not a catalog indicator (" + catalog_ids() + ")");
    else if (ind.id != "other" && ind.unit != def->unit)
      src.error("unit",
                "unit '" + ind.unit + "' differs from the unit '" + def->unit + "' of " + ind.id);
    check_percent(src, "baseline.value", ind, ind.baseline.value);
    if (ind.baseline.value && !ind.baseline.year)
      src.error("baseline", "a baseline value needs its year");
    std::set<int> years;
    for (std::size_t j = 0; j < ind.targets.size(); ++j) {
      const std::string tk = "targets[" + std::to_string(j) + "]";
      if (!years.insert(ind.targets[j].year).second)
        src.error(tk + ".year",
                  "two targets for " + std::to_string(ind.targets[j].year) + " in one row");
      check_percent(src, tk + ".value", ind, ind.targets[j].value);
    }
  });
  return f;
}

ParamFields<PlanFact> fact_fields() {
  using F = PlanFact;
  ParamFields<F> f("plan.facts[]");
  f.field(LAOXIAO_KEY(F, key), "Unique name within the plan.").required();
  f.field(LAOXIAO_KEY(F, text_zh), "The passage quoted.").required();
  f.field(LAOXIAO_KEY(F, value), "", -1e15, 1e15, "The figure, in `unit`.");
  f.field(LAOXIAO_KEY(F, unit), "Unit of value (persons, beds, 10k_yuan, …).");
  f.field(LAOXIAO_KEY(F, year), "year", 1949, 2100, "Year the figure refers to.");
  f.field(LAOXIAO_KEY(F, measure),
          "Catalog quantity the figure states (e.g. elder_beds_total), used by the audit.");
  f.field(LAOXIAO_KEY(F, topic), "Kind of figure.")
      .one_of({"capacity", "demand", "population", "finance", "staffing", "subsidy", "project",
               "economy", "service", "target", "other"});
  f.field(LAOXIAO_KEY(F, location), "Section of the document.").required();
  f.field(LAOXIAO_KEY(F, note), "Remarks.");
  f.field(LAOXIAO_KEY(F, population_basis),
          "Resident (常住) or registered (户籍) people, when the plan says or its figures show it.",
          "人口口径")
      .one_of({"resident", "registered"});
  f.field(LAOXIAO_KEY(F, definition),
          "What exactly the figure counts when it differs from another of the same quantity.");
  f.table(&F::derived, derivation_fields("plan.facts[]"));
  f.check([](const F& fact, const ParamSource& src) {
    if (fact.measure.empty()) return;
    const IndicatorDef* def = find_indicator(fact.measure);
    if (!def || fact.measure == "other")
      src.error("measure", "'" + fact.measure + "' is not a catalog quantity");
    else if (!fact.unit.empty() && fact.unit != def->unit)
      src.error("unit", "unit '" + fact.unit + "' differs from the unit '" + def->unit + "' of " +
                            fact.measure);
  });
  return f;
}

ParamFields<Plan> make_fields() {
  static const ParamFields<PlanIndicator> indicators = indicator_fields();
  static const ParamFields<PlanFact> facts = fact_fields();
  ParamFields<Plan> f("plan");
  f.field(LAOXIAO_KEY(Plan, title_zh), "Title of the plan document.", "方案名称");
  f.field(LAOXIAO_KEY(Plan, title_en), "English title.");
  f.field(LAOXIAO_KEY(Plan, document), "Document number, e.g. 涟政办发〔2022〕29号.", "文号");
  f.field(LAOXIAO_KEY(Plan, issuer_zh), "Issuing office.", "发文机关");
  f.field(LAOXIAO_KEY(Plan, issued), "Date of issue as written (YYYY-MM-DD).", "成文日期");
  f.field(LAOXIAO_KEY(Plan, first_year), "year", 2000, 2100, "First year of the plan period.")
      .defaults_to(2021);
  f.field(LAOXIAO_KEY(Plan, last_year), "year", 2000, 2100, "Last year of the plan period.")
      .defaults_to_rule("horizon.end_year");
  f.table_array(LAOXIAO_KEY(Plan, indicators), indicators,
                "Indicators of the plan, each with its targets by year and its place in the "
                "document.",
                "指标");
  f.table_array(LAOXIAO_KEY(Plan, facts), facts,
                "Every other quantitative figure of the plan (stock, demand, population, money, "
                "…).");
  f.check([](const Plan& plan, const ParamSource& src) {
    for (std::size_t i = 0; i < plan.indicators.size(); ++i) {
      const PlanIndicator& ind = plan.indicators[i];
      if (ind.same_as.empty()) continue;
      bool found = false;
      for (const auto& o : plan.indicators) found |= (o.key == ind.same_as && &o != &ind);
      if (!found)
        src.error("plan.indicators[" + std::to_string(i) + "].same_as",
                  "'" + ind.same_as + "' is not the key of another indicator row");
    }
  });
  return f;
}

}  // namespace

const ParamFields<Plan>& plan_params() {
  return declared<Plan, make_fields>();
}

std::optional<RegisteredPopulation> registered_population(const Plan& plan) {
  const PlanFact* elderly = nullptr;
  for (const PlanFact& f : plan.facts)
    if (f.measure == "elderly_population" && f.population_basis == "registered" && f.value &&
        f.year && *f.value > 0)
      elderly = &f;
  if (!elderly) return std::nullopt;
  RegisteredPopulation r;
  r.year = *elderly->year;
  r.elderly = *elderly->value;
  r.from.push_back(elderly->key);
  char b[256];
  std::snprintf(b, sizeof b, "%.0f registered people 60+ in %d (%s)", r.elderly, r.year,
                elderly->key.c_str());
  r.rule = b;
  for (const PlanFact& f : plan.facts)
    if (f.measure == "elderly_share" && f.population_basis == "registered" && f.value &&
        f.year == elderly->year && *f.value > 0 && *f.value <= 100) {
      r.total = r.elderly / (*f.value / 100.0);
      r.from.push_back(f.key);
      std::snprintf(b, sizeof b, "; registered total %.0f / %g%% = %.0f (%s)", r.elderly, *f.value,
                    r.total, f.key.c_str());
      r.rule += b;
      break;
    }
  return r;
}

void resolve_plan(Plan& plan, int end_year, const ParamSource& src) {
  if (!plan.last_year) plan.last_year = end_year;
  const int first = plan.period_first(), last = plan.period_last();
  if (last < first) src.error("plan.last_year", "the plan period ends before it starts");
  for (std::size_t i = 0; i < plan.indicators.size(); ++i) {
    PlanIndicator& ind = plan.indicators[i];
    for (std::size_t j = 0; j < ind.targets.size(); ++j) {
      PlanTarget& t = ind.targets[j];
      std::vector<std::string> rules;
      if (t.year == 0) {
        t.year = last;
        rules.push_back("no year is written: the plan's last year " + std::to_string(last));
      }
      if (!t.value && ind.unit == "percent" && t.text.find("全覆盖") != std::string::npos) {
        t.value = 100.0;
        rules.push_back("全覆盖 (full coverage) with no figure: 100%");
      }
      for (const auto& r : rules) t.derived.rule += (t.derived.rule.empty() ? "" : "; ") + r;
      if (t.year < first || t.year > last)
        src.error(
            "plan.indicators[" + std::to_string(i) + "].targets[" + std::to_string(j) + "].year",
            "target year " + std::to_string(t.year) + " is outside the plan period " +
                std::to_string(first) + "-" + std::to_string(last));
    }
  }
}

}  // namespace laoxiao
