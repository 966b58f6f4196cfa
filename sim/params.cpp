#include "sim/params.hpp"

#include "sim/toml.hpp"

#include <algorithm>
#include <sstream>

namespace laoxiao {

std::string_view to_string(ParamKind k) {
  switch (k) {
    case ParamKind::kReal:
      return "real";
    case ParamKind::kInteger:
      return "integer";
    case ParamKind::kString:
      return "string";
    case ParamKind::kBool:
      return "boolean";
    case ParamKind::kMonth:
      return "month \"YYYY-MM\"";
    case ParamKind::kRealArray:
      return "array of reals";
    case ParamKind::kIntegerArray:
      return "array of integers";
    case ParamKind::kStringArray:
      return "array of strings";
    case ParamKind::kTableArray:
      return "array of tables";
  }
  return "?";
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Builder {
  std::vector<ParamSpec>& out;
  ParamSpec& add(std::string key, ParamKind kind, std::string unit, double min, double max,
                 std::string description, std::string name_zh = {}) {
    ParamSpec s;
    s.key = std::move(key);
    s.kind = kind;
    s.unit = std::move(unit);
    s.min = min;
    s.max = max;
    s.description = std::move(description);
    s.name_zh = std::move(name_zh);
    out.push_back(std::move(s));
    return out.back();
  }
};

void declare_core(Builder& b) {
  using K = ParamKind;
  // --- the place ---------------------------------------------------------------------------
  b.add("place.id", K::kString, "", kInf, kInf,
        "Identifier of the place in pinyin (also the HDF5 group name).")
      .required = true;
  b.add("place.name_zh", K::kString, "", kInf, kInf, "Chinese name of the place.", "地名");
  b.add("place.name_en", K::kString, "", kInf, kInf, "English name of the place.");
  b.add("place.level", K::kString, "", kInf, kInf, "Administrative level.", "行政级别").choices = {
      "nation", "province", "prefecture", "county", "district", "test"};
  b.add("place.rng_stream", K::kInteger, "", 0, 16777215,
        "Random stream of the place (24 bits). Defaults to the first census code, or a hash of "
        "place.id. Two scenarios of the same place share draws (common random numbers).");

  // --- baseline population -----------------------------------------------------------------
  b.add("baseline.date", K::kMonth, "", kInf, kInf,
        "Reference month of the baseline population (the 2020 census counts people on "
        "2020-11-01). The simulation starts in this month.")
      .required = true;
  b.add("baseline.population_basis", K::kString, "", kInf, kInf,
        "Whether the baseline counts resident (常住) or registered (户籍) people.", "人口口径")
      .choices = {"resident", "registered"};
  b.add("baseline.census_table", K::kString, "", kInf, kInf,
        "CSV table of county census rows (relative to the file that names it); with "
        "baseline.census_codes it fills age_groups, male, female and urban_share.");
  b.add("baseline.census_codes", K::kStringArray, "", kInf, kInf,
        "Census codes of the county-level units whose rows are summed to form the place.");
  b.add("baseline.age_groups", K::kStringArray, "", kInf, kInf,
        "Age groups of the baseline counts, e.g. \"0\", \"1-4\", \"5-9\", …, \"85+\". "
        "Contiguous from age 0; the last is open.");
  b.add("baseline.male", K::kRealArray, "persons", 0, 2e9, "Males by baseline age group.");
  b.add("baseline.female", K::kRealArray, "persons", 0, 2e9, "Females by baseline age group.");
  b.add("baseline.total", K::kReal, "persons", 1, 2e9,
        "Total stated by the source; checked against the sum of male and female.");
  b.add("baseline.urban_share", K::kReal, "share", 0, 1,
        "Share of the baseline population living in urban areas (城镇人口占比).", "城镇化率");
  b.add("baseline.townships", K::kTableArray, "", kInf, kInf,
        "Townships (乡镇/街道) of the place; people are assigned in proportion to share.",
        "乡镇（街道）");
  b.add("baseline.townships[].name", K::kString, "", kInf, kInf, "Township name.").required = true;
  b.add("baseline.townships[].share", K::kReal, "share", 0, 1,
        "Share of the place's population living in the township.")
      .required = true;
  b.add("baseline.townships[].urban", K::kBool, "", kInf, kInf,
        "Whether the township is a sub-district (街道, urban).");

  // --- horizon and run ---------------------------------------------------------------------
  b.add("horizon.end_year", K::kInteger, "year", 2021, 2100,
        "Last simulated calendar year (the simulation ends in its December).")
      .required = true;
  b.add("run.seed", K::kInteger, "", 0, 9.2e18, "Seed of the random streams.").required = true;
  b.add("run.replicates", K::kInteger, "", 1, 1e6, "Number of replicates.").required = true;
  b.add("run.sample", K::kReal, "share", 1e-6, 1,
        "Sampling fraction: one agent stands for 1/sample people (weight).")
      .required = true;

  // --- mortality ---------------------------------------------------------------------------
  b.add("demography.mortality.age_groups", K::kStringArray, "", kInf, kInf,
        "Abridged age groups of the death-rate schedule (0, 1-4, 5-9, …, open last group).")
      .required = true;
  b.add("demography.mortality.male_mx", K::kRealArray, "deaths per person-year", 0, 10,
        "Central death rates of males by age group (the annual hazard).", "死亡率")
      .required = true;
  b.add("demography.mortality.female_mx", K::kRealArray, "deaths per person-year", 0, 10,
        "Central death rates of females by age group.", "死亡率")
      .required = true;
  b.add("demography.mortality.scale", K::kReal, "factor", 0, 10,
        "Multiplier on all death rates (ignored when target_life_expectancy is set).")
      .required = true;
  b.add("demography.mortality.target_life_expectancy", K::kReal, "years", 20, 100,
        "If set, death rates are scaled by one factor so that life expectancy at birth (both "
        "sexes, weighted by the sex ratio at birth) equals this value.",
        "人均预期寿命");
  b.add("demography.mortality.hazard_ratio_partial", K::kReal, "factor", 1, 50,
        "Death hazard of partially dependent people relative to independent people of the same "
        "age and sex.",
        "半失能")
      .required = true;
  b.add("demography.mortality.hazard_ratio_full", K::kReal, "factor", 1, 100,
        "Death hazard of fully dependent people relative to independent people.", "失能")
      .required = true;

  // --- fertility ---------------------------------------------------------------------------
  b.add("demography.fertility.age_groups", K::kStringArray, "", kInf, kInf,
        "Age groups of the fertility schedule (closed groups within 10-54).")
      .required = true;
  b.add("demography.fertility.asfr", K::kRealArray, "births per woman-year", 0, 1,
        "Age-specific fertility rates.", "年龄别生育率")
      .required = true;
  b.add("demography.fertility.sex_ratio_at_birth", K::kReal, "males per 100 females", 80, 150,
        "Sex ratio at birth.", "出生人口性别比")
      .required = true;
  b.add("demography.fertility.scale", K::kReal, "factor", 0, 10,
        "Multiplier on all fertility rates (ignored when a target is set).")
      .required = true;
  b.add("demography.fertility.target_tfr", K::kReal, "births per woman", 0, 10,
        "If set, fertility rates are scaled so that the total fertility rate equals this value.",
        "总和生育率");
  b.add("demography.fertility.target_births", K::kReal, "births per year", 0, 1e8,
        "If set, fertility rates are scaled so that the expected births in "
        "target_births_year equal this value.",
        "出生人口");
  b.add("demography.fertility.target_births_year", K::kInteger, "year", 2020, 2100,
        "Calendar year to which target_births refers.");

  // --- disability --------------------------------------------------------------------------
  b.add("demography.disability.entry_age", K::kInteger, "years", 40, 90,
        "Age from which disability is modelled; people reaching it draw their state from the "
        "prevalence at that age.")
      .required = true;
  b.add("demography.disability.age_groups", K::kStringArray, "", kInf, kInf,
        "Age bands of the prevalence figures (from entry_age; last band open).")
      .required = true;
  b.add("demography.disability.partial_prevalence", K::kRealArray, "share", 0, 1,
        "Share of people partially dependent (半失能) by band.", "半失能率")
      .required = true;
  b.add("demography.disability.full_prevalence", K::kRealArray, "share", 0, 1,
        "Share of people fully dependent (失能) by band.", "失能率")
      .required = true;
  b.add("demography.disability.recovery_partial_to_independent", K::kReal, "annual probability", 0,
        1, "Annual probability that a partially dependent person recovers independence.")
      .required = true;
  b.add("demography.disability.recovery_full_to_partial", K::kReal, "annual probability", 0, 1,
        "Annual probability that a fully dependent person improves to partial dependence.")
      .required = true;
  b.add("demography.disability.onset_direct_full_share", K::kReal, "share", 0, 1,
        "Share of onsets among independent people that go straight to full dependence.")
      .required = true;

  // --- extreme-poverty support -------------------------------------------------------------
  b.add("demography.poverty.extreme_poverty_share", K::kReal, "share", 0, 1,
        "Share of people aged entry_age and over under extreme-poverty support (特困人员).",
        "特困人员占比")
      .required = true;

  // --- migration ---------------------------------------------------------------------------
  b.add("demography.migration.age_groups", K::kStringArray, "", kInf, kInf,
        "Age groups of the net migration rates (contiguous from 0, last open).");
  b.add("demography.migration.net_rate", K::kRealArray, "per 1,000 people per year", -500, 500,
        "Net migration by age group: negative rates are departures, positive rates are "
        "arrivals in proportion to the people of the same age, sex and state.",
        "净迁移率");
}

void declare_plan(Builder& b) {
  using K = ParamKind;
  const std::vector<std::string> kinds = {"elder_bed", "home_care_bed", "childcare_slot"};
  const std::vector<std::string> tiers = {"safety_net", "affordable", "market"};
  // --- the plan document -------------------------------------------------------------------
  b.add("plan.title_zh", K::kString, "", kInf, kInf, "Title of the plan document.", "方案名称");
  b.add("plan.title_en", K::kString, "", kInf, kInf, "English title.");
  b.add("plan.document", K::kString, "", kInf, kInf, "Document number, e.g. 涟政办发〔2022〕29号.",
        "文号");
  b.add("plan.issuer_zh", K::kString, "", kInf, kInf, "Issuing office.", "发文机关");
  b.add("plan.issued", K::kString, "", kInf, kInf, "Date of issue as written (YYYY-MM-DD).",
        "成文日期");
  b.add("plan.first_year", K::kInteger, "year", 2000, 2100, "First year of the plan period.");
  b.add("plan.last_year", K::kInteger, "year", 2000, 2100, "Last year of the plan period.");

  // indicators: every row of the plan's indicator tables and every target stated in its text
  const std::string I = "plan.indicators";
  b.add(I, K::kTableArray, "", kInf, kInf,
        "Indicators of the plan, each with its targets by year and its place in the document.",
        "指标");
  b.add(I + "[].key", K::kString, "", kInf, kInf, "Unique name of the row within the plan.")
      .required = true;
  b.add(I + "[].id", K::kString, "", kInf, kInf,
        "Catalog indicator (models/care/indicators.cpp) or \"other\" (carried, not modelled).")
      .required = true;
  b.add(I + "[].name_zh", K::kString, "", kInf, kInf, "Name as written in the plan.").required =
      true;
  b.add(I + "[].name_en", K::kString, "", kInf, kInf, "English name.");
  b.add(I + "[].domain", K::kString, "", kInf, kInf, "Which half of 一老一小.").choices = {
      "elderly", "childcare", "general"};
  {
    auto& k = b.add(I + "[].nature", K::kString, "", kInf, kInf,
                    "binding (约束性), expected (预期性), or unspecified (targets stated in the "
                    "text).",
                    "指标属性");
    k.choices = {"binding", "expected", "unspecified"};
    k.required = true;
  }
  {
    auto& k = b.add(I + "[].unit", K::kString, "", kInf, kInf,
                    "Unit (catalog indicators: the catalog's unit).");
    k.choices = {"percent",
                 "per_1000_elderly",
                 "per_1000_residents",
                 "persons",
                 "count",
                 "years",
                 "beds",
                 "slots",
                 "yuan",
                 "10k_yuan",
                 "yuan_per_month",
                 "ratio",
                 "other"};
    k.required = true;
  }
  b.add(I + "[].unit_zh", K::kString, "", kInf, kInf, "Unit as written (%, 张, 个, 人, 岁 …).");
  b.add(I + "[].location", K::kString, "", kInf, kInf,
        "Where the figure stands in the document (section, table and row).")
      .required = true;
  b.add(I + "[].scope", K::kString, "", kInf, kInf,
        "What the figure covers when it is not the place itself (e.g. the region's column).");
  b.add(I + "[].baseline.year", K::kInteger, "year", 2000, 2100, "Year of the baseline value.");
  b.add(I + "[].baseline.value", K::kReal, "", -1e12, 1e12, "Baseline value (omit for \"--\").");
  b.add(I + "[].baseline.text", K::kString, "", kInf, kInf, "Baseline exactly as written.");
  b.add(I + "[].targets", K::kTableArray, "", kInf, kInf, "Targets by year.");
  b.add(I + "[].targets[].year", K::kInteger, "year", 2000, 2100, "Year of the target.").required =
      true;
  b.add(I + "[].targets[].value", K::kReal, "", -1e12, 1e12, "Target value.");
  b.add(
       I + "[].targets[].comparator", K::kString, "", kInf, kInf,
       "As written: \">=\" (≥, 以上, 不低于), \">\" (＞), \"<=\", \"<\", or \"=\" (a plain figure; "
       "read by the indicator's direction).")
      .choices = {">=", ">", "<=", "<", "="};
  b.add(I + "[].targets[].text", K::kString, "", kInf, kInf, "Target exactly as written.")
      .required = true;
  b.add(I + "[].other_values", K::kTableArray, "", kInf, kInf,
        "Further columns of the row (e.g. the region's baseline).");
  b.add(I + "[].other_values[].label", K::kString, "", kInf, kInf, "Column heading.").required =
      true;
  b.add(I + "[].other_values[].year", K::kInteger, "year", 2000, 2100, "Year of the value.");
  b.add(I + "[].other_values[].value", K::kReal, "", -1e12, 1e12, "Value.");
  b.add(I + "[].other_values[].text", K::kString, "", kInf, kInf, "As written.").required = true;
  b.add(I + "[].note", K::kString, "", kInf, kInf, "Remarks (e.g. a text passage repeating it).");
  b.add(I + "[].same_as", K::kString, "", kInf, kInf,
        "Key of the row this one restates (a prose target repeating a table row); the audit "
        "compares them.");

  // facts: every other quantitative figure of the plan
  const std::string F = "plan.facts";
  b.add(F, K::kTableArray, "", kInf, kInf,
        "Every other quantitative figure of the plan (stock, demand, population, money, …).");
  b.add(F + "[].key", K::kString, "", kInf, kInf, "Unique name within the plan.").required = true;
  b.add(F + "[].text_zh", K::kString, "", kInf, kInf, "The passage quoted.").required = true;
  b.add(F + "[].value", K::kReal, "", -1e15, 1e15, "The figure, in `unit`.");
  b.add(F + "[].unit", K::kString, "", kInf, kInf, "Unit of value (persons, beds, 10k_yuan, …).");
  b.add(F + "[].year", K::kInteger, "year", 1949, 2100, "Year the figure refers to.");
  b.add(F + "[].measure", K::kString, "", kInf, kInf,
        "Catalog quantity the figure states (e.g. elder_beds_total), used by the audit.");
  b.add(F + "[].topic", K::kString, "", kInf, kInf, "Kind of figure.").choices = {
      "capacity", "demand",  "population", "finance", "staffing", "subsidy",
      "project",  "economy", "service",    "target",  "other"};
  b.add(F + "[].location", K::kString, "", kInf, kInf, "Section of the document.").required = true;
  b.add(F + "[].note", K::kString, "", kInf, kInf, "Remarks.");

  // --- capacity: beds and 托位 --------------------------------------------------------------
  const std::string S = "capacity.stock";
  b.add(S, K::kTableArray, "", kInf, kInf,
        "Beds or 托位 existing at a stated year (the baseline stock).", "现有床位/托位");
  b.add(S + "[].key", K::kString, "", kInf, kInf, "Unique name.").required = true;
  b.add(S + "[].name_zh", K::kString, "", kInf, kInf, "Description as in the plan.");
  {
    auto& k = b.add(S + "[].kind", K::kString, "", kInf, kInf, "What the places are.");
    k.choices = kinds;
    k.required = true;
  }
  b.add(S + "[].capacity", K::kReal, "places", 0, 1e8,
        "Beds or 托位 (or give per_1000_residents / per_1000_elderly).");
  b.add(S + "[].per_1000_residents", K::kReal, "per 1,000 residents", 0, 1000,
        "Places per 1,000 baseline residents (instead of capacity; for templates).");
  b.add(S + "[].per_1000_elderly", K::kReal, "per 1,000 aged 60+", 0, 1000,
        "Places per 1,000 baseline people aged 60+ (instead of capacity; for templates).");
  b.add(S + "[].year", K::kInteger, "year", 2000, 2100, "Year the figure describes.").required =
      true;
  b.add(S + "[].institutions", K::kInteger, "count", 0, 1e6, "Institutions the figure covers.");
  b.add(S + "[].nursing_share", K::kReal, "share", 0, 1,
        "Share of the beds that are nursing-type (from the plan's baseline indicator).");
  b.add(S + "[].safety_net_share", K::kReal, "share", 0, 1, "Share of safety-net (兜底) places.");
  b.add(S + "[].affordable_share", K::kReal, "share", 0, 1,
        "Share of affordable (普惠) places; the rest are market places.");
  b.add(S + "[].township", K::kString, "", kInf, kInf, "Township, when the plan says.");
  b.add(S + "[].location", K::kString, "", kInf, kInf, "Where the plan states it.").required = true;
  b.add(S + "[].note", K::kString, "", kInf, kInf, "Remarks.");

  const std::string P = "capacity.projects";
  b.add(P, K::kTableArray, "", kInf, kInf, "Projects that add beds or 托位 on their dates.",
        "重点项目");
  b.add(P + "[].key", K::kString, "", kInf, kInf, "Unique name.").required = true;
  b.add(P + "[].name_zh", K::kString, "", kInf, kInf, "Project name as in the plan.").required =
      true;
  {
    auto& k = b.add(P + "[].kind", K::kString, "", kInf, kInf, "What the places are.");
    k.choices = kinds;
    k.required = true;
  }
  b.add(P + "[].capacity", K::kReal, "places", 0, 1e7, "Beds or 托位 added.").required = true;
  b.add(P + "[].institutions", K::kInteger, "count", 0, 1e5, "Institutions added (default 1).");
  {
    auto& k = b.add(P + "[].tier", K::kString, "", kInf, kInf, "Tier of the places.");
    k.choices = tiers;
    k.required = true;
  }
  b.add(P + "[].nursing", K::kBool, "", kInf, kInf, "Nursing-type beds.");
  b.add(P + "[].nursing_share", K::kReal, "share", 0, 1, "Share of nursing-type beds.");
  b.add(P + "[].township", K::kString, "", kInf, kInf, "Township.");
  b.add(P + "[].build", K::kString, "", kInf, kInf, "Build period as written (e.g. 2022-2023).");
  b.add(P + "[].opens", K::kMonth, "", kInf, kInf,
        "Month the places open (default rule: December of the last build year).")
      .required = true;
  b.add(P + "[].closes", K::kMonth, "", kInf, kInf, "Month the places close, if ever.");
  b.add(P + "[].investment_10k_yuan", K::kReal, "10k yuan", 0, 1e9, "Investment (万元).");
  b.add(P + "[].location", K::kString, "", kInf, kInf, "Where the plan lists it.").required = true;
  b.add(P + "[].note", K::kString, "", kInf, kInf, "Remarks.");

  const std::string L = "capacity.planned";
  b.add(L, K::kTableArray, "", kInf, kInf,
        "Totals the plan promises without a project list: the gap to the stock and projects "
        "opens in equal steps each December up to `year`.",
        "规划总量");
  b.add(L + "[].key", K::kString, "", kInf, kInf, "Unique name.").required = true;
  {
    auto& k = b.add(L + "[].kind", K::kString, "", kInf, kInf, "What the places are.");
    k.choices = kinds;
    k.required = true;
  }
  b.add(L + "[].capacity", K::kReal, "places", 0, 1e8,
        "Total to reach (or give per_1000_residents / per_1000_elderly).");
  b.add(L + "[].per_1000_residents", K::kReal, "per 1,000 residents", 0, 1000,
        "Total per 1,000 baseline residents (instead of capacity; for templates).");
  b.add(L + "[].per_1000_elderly", K::kReal, "per 1,000 aged 60+", 0, 1000,
        "Total per 1,000 baseline people aged 60+ (instead of capacity; for templates).");
  b.add(L + "[].year", K::kInteger, "year", 2000, 2100, "Year by which it is reached.").required =
      true;
  b.add(L + "[].institutions", K::kInteger, "count", 0, 1e6, "Institutions by then.");
  b.add(L + "[].nursing_share", K::kReal, "share", 0, 1,
        "Share of nursing-type beds in the total reached in `year`.");
  b.add(L + "[].safety_net_share", K::kReal, "share", 0, 1,
        "Share of safety-net places in the total reached in `year`.");
  b.add(L + "[].affordable_share", K::kReal, "share", 0, 1,
        "Share of affordable places in the total reached in `year`.");
  b.add(L + "[].location", K::kString, "", kInf, kInf, "Where the plan states it.").required = true;
  b.add(L + "[].note", K::kString, "", kInf, kInf, "Remarks.");
}

void declare_batch(Builder& b) {
  using K = ParamKind;
  b.add("batch.census_table", K::kString, "", kInf, kInf,
        "Census table whose rows become one place each (relative to the file naming it).")
      .required = false;
  b.add("batch.province", K::kString, "", kInf, kInf,
        "Only rows of this province (省 name as in the table); all rows when absent.");
  b.add("batch.unit_types", K::kStringArray, "", kInf, kInf,
        "Only rows of these unit types (county, zone, prefecture_no_county, sansha_area).");
}

void declare_care(Builder& b) {
  using K = ParamKind;
  // --- demand ------------------------------------------------------------------------------
  const std::string E = "demand.elder.";
  b.add(E + "wish_independent", K::kReal, "share", 0, 1,
        "Share of independent people (entry age and over) who want a bed in an institution.",
        "入住意愿")
      .required = true;
  b.add(E + "wish_partial", K::kReal, "share", 0, 1,
        "Share of partially dependent people who want a bed.")
      .required = true;
  b.add(E + "wish_full", K::kReal, "share", 0, 1, "Share of fully dependent people who want a bed.")
      .required = true;
  b.add(E + "poverty_wish_independent", K::kReal, "share", 0, 1,
        "Share of independent people under extreme-poverty support (特困) who want a bed.")
      .required = true;
  b.add(E + "poverty_wish_dependent", K::kReal, "share", 0, 1,
        "Share of partially or fully dependent 特困 people who want a bed (集中供养意愿).")
      .required = true;
  b.add(E + "rural_factor", K::kReal, "factor", 0, 10,
        "Multiplier on the wish shares of rural residents (not of 特困 people).")
      .required = true;
  const std::string C = "demand.childcare.";
  b.add(C + "wish_urban", K::kRealArray, "share", 0, 1,
        "Share of urban children wanting a 托位, by age band 6-11, 12-23, 24-35 months.",
        "入托意愿")
      .required = true;
  b.add(C + "wish_rural", K::kRealArray, "share", 0, 1,
        "Share of rural children wanting a 托位, by the same age bands.")
      .required = true;

  // --- staffing ----------------------------------------------------------------------------
  b.add("staffing.residents_per_caregiver_full", K::kReal, "persons", 0, 1000,
        "Fully dependent residents per elder-care worker (0: not counted).", "护理员配比")
      .required = true;
  b.add("staffing.residents_per_caregiver_partial", K::kReal, "persons", 0, 1000,
        "Partially dependent residents per elder-care worker (0: not counted).")
      .required = true;
  b.add("staffing.residents_per_caregiver_independent", K::kReal, "persons", 0, 1000,
        "Independent residents per elder-care worker (0: not counted).")
      .required = true;
  b.add("staffing.children_per_carer", K::kRealArray, "persons", 0, 100,
        "Children per carer by class: 乳儿班 (6-11 months), 托小班 (12-23), 托大班 (24-35).",
        "保育人员配比")
      .required = true;
  b.add("staffing.class_size", K::kIntegerArray, "persons", 1, 100,
        "Largest class by the same age bands.", "班级规模")
      .required = true;

  // --- policy ------------------------------------------------------------------------------
  b.add("policy.subsidy_per_new_slot", K::kReal, "yuan", 0, 1e7,
        "Central subsidy per new safety-net or affordable 托位.", "新增托位补助")
      .required = true;
  b.add("policy.subsidy_per_new_bed", K::kReal, "yuan", 0, 1e7,
        "Central subsidy per new safety-net or affordable elder-care bed.", "新增床位补助")
      .required = true;
  b.add("policy.monthly_care_subsidy_full", K::kReal, "yuan per month", 0, 1e6,
        "Monthly care subsidy per fully dependent person under extreme-poverty support.",
        "护理补贴")
      .required = true;
  b.add("policy.monthly_care_subsidy_partial", K::kReal, "yuan per month", 0, 1e6,
        "Monthly care subsidy per partially dependent person under extreme-poverty support.")
      .required = true;

  // --- allocation --------------------------------------------------------------------------
  b.add("allocation.safety_net_for_all", K::kBool, "", kInf, kInf,
        "Whether people not under extreme-poverty support may take free safety-net beds.")
      .required = true;
}

}  // namespace

ParamRegistry::ParamRegistry() {
  Builder b{specs_};
  declare_core(b);
  declare_plan(b);
  declare_care(b);
  declare_batch(b);
  std::sort(specs_.begin(), specs_.end(),
            [](const ParamSpec& a, const ParamSpec& c) { return a.key < c.key; });
}

const ParamRegistry& ParamRegistry::instance() {
  static const ParamRegistry registry;
  return registry;
}

const ParamSpec* ParamRegistry::find(std::string_view key) const {
  auto it = std::lower_bound(specs_.begin(), specs_.end(), key,
                             [](const ParamSpec& s, std::string_view k) { return s.key < k; });
  if (it != specs_.end() && it->key == key) return &*it;
  return nullptr;
}

bool ParamRegistry::is_table(std::string_view key) const {
  std::string prefix(key);
  prefix += '.';
  auto it = std::lower_bound(specs_.begin(), specs_.end(), prefix,
                             [](const ParamSpec& s, const std::string& k) { return s.key < k; });
  return it != specs_.end() && it->key.compare(0, prefix.size(), prefix) == 0;
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::vector<std::string> ParamRegistry::closest(std::string_view key) const {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& s : specs_) scored.emplace_back(edit_distance(key, s.key), s.key);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  const std::size_t limit = std::max<std::size_t>(3, key.size() / 3);
  for (const auto& [d, k] : scored) {
    if (d > limit || out.size() == 3) break;
    out.push_back(k);
  }
  return out;
}

namespace {

std::string bounds_text(const ParamSpec& s) {
  if (s.kind == ParamKind::kString || s.kind == ParamKind::kStringArray ||
      s.kind == ParamKind::kBool || s.kind == ParamKind::kMonth ||
      s.kind == ParamKind::kTableArray) {
    if (!s.choices.empty()) {
      std::string out;
      for (const auto& c : s.choices) out += (out.empty() ? "" : ", ") + ("`" + c + "`");
      return out;
    }
    return "";
  }
  std::ostringstream o;
  o << '[' << s.min << ", " << s.max << ']';
  return o.str();
}

std::string default_text(const toml::node* n, std::string* source) {
  if (!n) return "—";
  const toml::node* value = n;
  if (const auto* t = n->as_table()) {
    if (auto* src = t->get("source"); src && src->is_string() && source)
      *source = src->value<std::string>().value_or("");
    value = t->get("value");
    if (!value) return "—";
  }
  if (const auto* a = value->as_array()) {
    std::ostringstream o;
    o << "array of " << a->size();
    return o.str();
  }
  std::ostringstream o;
  if (value->is_string())
    o << '"' << value->value<std::string>().value_or("") << '"';
  else if (value->is_integer())
    o << value->value<std::int64_t>().value_or(0);
  else if (value->is_floating_point())
    o << value->value<double>().value_or(0);
  else if (value->is_boolean())
    o << (value->value<bool>().value_or(false) ? "true" : "false");
  return o.str();
}

}  // namespace

std::string ParamRegistry::markdown(const toml::table& defaults) const {
  std::ostringstream o;
  o << "# Scenario parameters\n\n"
    << "Generated by `laoxiao params --markdown` from the parameter registry (`sim/params.cpp`)\n"
    << "and the built-in defaults (`scenarios/defaults.toml`). Do not edit by hand.\n\n"
    << "Any value may be written plainly (`scale = 1.0`) or with its provenance\n"
    << "(`scale = { value = 1.0, source = \"…\", note = \"…\" }`). Any table may carry `source`\n"
    << "and `note` strings. Unknown keys, wrong types and out-of-range values are errors.\n\n"
    << "Two keys at the top of a file are not parameters: `extends = \"FILE.toml\"` (inherit a\n"
    << "province or defaults file, relative to this one) and `role = \"parent\"`, which marks a\n"
    << "file meant only to be extended (it names no place and cannot run by itself; `laoxiao\n"
    << "validate` checks its keys, types and bounds). `role` is not inherited.\n\n"
    << "| key | kind | unit | bounds | required | default | Chinese | description | default's "
       "source |\n"
    << "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : specs_) {
    std::string source;
    const toml::node* n = nullptr;
    if (s.key.find("[]") == std::string::npos) n = defaults.at_path(s.key).node();
    const std::string def = default_text(n, &source);
    o << "| `" << s.key << "` | " << to_string(s.kind) << " | " << s.unit << " | " << bounds_text(s)
      << " | " << (s.required ? "yes" : "") << " | " << def << " | " << s.name_zh << " | "
      << s.description << " | " << source << " |\n";
  }
  return o.str();
}

}  // namespace laoxiao
