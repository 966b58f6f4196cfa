#include "sim/plan.hpp"

#include "sim/toml.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "sim/scenario_toml.hpp"

namespace laoxiao {

namespace {

PlaceKind parse_kind(const std::string& s) {
  if (s == "home_care_bed") return PlaceKind::kHomeCareBed;
  if (s == "childcare_slot") return PlaceKind::kChildcareSlot;
  return PlaceKind::kElderBed;
}

Tier parse_tier(const std::string& s) {
  if (s == "safety_net") return Tier::kSafetyNet;
  if (s == "affordable") return Tier::kAffordable;
  return Tier::kMarket;
}

std::optional<double> opt_real(const Reader& r, const std::string& k) {
  if (!r.has(k)) return std::nullopt;
  return r.real(k);
}
std::optional<int> opt_int(const Reader& r, const std::string& k) {
  if (!r.has(k)) return std::nullopt;
  return static_cast<int>(r.integer(k));
}

/// Calls f(reader, index, shown-key, position) for each table of an array of tables.
template <typename F>
void each_table(const toml::table& root, const std::string& path, Diagnostics& d, F f) {
  const toml::array* arr = root.at_path(path).as_array();
  if (!arr) return;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = arr->get(i)->as_table();
    if (!t) continue;
    Reader r(*t, d, position_of(*t));
    f(r, i, path + "[" + std::to_string(i) + "]", position_of(*t));
  }
}

void check_share_sum(Diagnostics& d, const SourcePos& pos, const std::string& key, double a,
                     double b) {
  if (a + b > 1.0 + 1e-9) {
    std::ostringstream o;
    o << "safety_net_share + affordable_share = " << (a + b) * 100 << "%, more than 100%";
    d.error(pos, key, o.str());
  }
}

/// Places given as `capacity`, or per 1,000 baseline residents or elderly: exactly one.
double places_of(const Reader& r, const std::string& k, double residents, double elderly,
                 Diagnostics& d, const SourcePos& pos) {
  const int given = (r.has("capacity") ? 1 : 0) + (r.has("per_1000_residents") ? 1 : 0) +
                    (r.has("per_1000_elderly") ? 1 : 0);
  if (given != 1) {
    d.error(pos, k + ".capacity",
            "give exactly one of capacity, per_1000_residents and per_1000_elderly");
    return 0;
  }
  if (r.has("capacity")) return r.real("capacity");
  if (r.has("per_1000_residents"))
    return std::round(r.real("per_1000_residents") * residents / 1000.0);
  return std::round(r.real("per_1000_elderly") * elderly / 1000.0);
}

}  // namespace

void read_plan(const toml::table& merged, const std::vector<std::string>& townships, int end_year,
               double residents, double elderly, Plan& plan, Capacity& cap, CareParams& care,
               Diagnostics& d) {
  Reader root(merged, d, SourcePos{});
  plan.present = merged.contains("plan");
  plan.title_zh = root.string_or("plan.title_zh", "");
  plan.title_en = root.string_or("plan.title_en", "");
  plan.document = root.string_or("plan.document", "");
  plan.issuer_zh = root.string_or("plan.issuer_zh", "");
  plan.issued = root.string_or("plan.issued", "");
  plan.first_year =
      static_cast<int>(root.has("plan.first_year") ? root.integer("plan.first_year") : 2021);
  plan.last_year =
      static_cast<int>(root.has("plan.last_year") ? root.integer("plan.last_year") : end_year);
  if (plan.last_year < plan.first_year)
    root.error("plan.last_year", "the plan period ends before it starts");

  std::set<std::string> keys;
  auto unique = [&](const std::string& key, const SourcePos& pos, const std::string& shown) {
    if (!key.empty() && !keys.insert(key).second)
      d.error(pos, shown + ".key", "duplicate key '" + key + "'");
  };

  each_table(
      merged, "plan.indicators", d,
      [&](const Reader& r, std::size_t, const std::string& k, const SourcePos& pos) {
        PlanIndicator ind;
        ind.pos = pos;
        ind.key = r.string_or("key", "");
        ind.id = r.string_or("id", "");
        ind.name_zh = r.string_or("name_zh", "");
        ind.name_en = r.string_or("name_en", "");
        ind.domain = r.string_or("domain", "");
        ind.nature = r.string_or("nature", "");
        ind.unit = r.string_or("unit", "");
        ind.unit_zh = r.string_or("unit_zh", "");
        ind.location = r.string_or("location", "");
        ind.scope = r.string_or("scope", "");
        ind.note = r.string_or("note", "");
        ind.same_as = r.string_or("same_as", "");
        unique(ind.key, pos, k);
        ind.def = find_indicator(ind.id);
        if (!ind.def) {
          std::string ids;
          for (const auto& c : indicator_catalog()) ids += (ids.empty() ? "" : ", ") + c.id;
          d.error(r.pos("id"), k + ".id",
                  "'" + ind.id + "' is not a catalog indicator (" + ids + ")");
        } else if (ind.id != "other" && ind.unit != ind.def->unit) {
          d.error(
              r.pos("unit"), k + ".unit",
              "unit '" + ind.unit + "' differs from the unit '" + ind.def->unit + "' of " + ind.id);
        }
        auto check_value = [&](const std::string& sub, double v) {
          if (ind.unit == "percent" && (v < 0 || v > 100)) {
            std::ostringstream o;
            o << "a percentage of " << v << " is outside 0-100";
            d.error(r.pos(sub), k + "." + sub, o.str());
          }
        };
        ind.baseline_year = opt_int(r, "baseline.year");
        ind.baseline_value = opt_real(r, "baseline.value");
        ind.baseline_text = r.string_or("baseline.text", "");
        if (ind.baseline_value) check_value("baseline.value", *ind.baseline_value);
        if (ind.baseline_value && !ind.baseline_year)
          d.error(r.pos("baseline"), k + ".baseline", "a baseline value needs its year");
        if (const toml::array* ts = r.node("targets") ? r.node("targets")->as_array() : nullptr) {
          std::set<int> years;
          for (std::size_t j = 0; j < ts->size(); ++j) {
            const toml::table* tt = ts->get(j)->as_table();
            if (!tt) continue;
            Reader tr(*tt, d, position_of(*tt));
            const std::string tk = k + ".targets[" + std::to_string(j) + "]";
            PlanTarget t;
            t.year = static_cast<int>(tr.integer("year"));
            t.value = opt_real(tr, "value");
            t.comparator = tr.string_or("comparator", "=");
            t.text = tr.string_or("text", "");
            if (t.year < plan.first_year || t.year > plan.last_year)
              d.error(tr.pos("year"), tk + ".year",
                      "target year " + std::to_string(t.year) + " is outside the plan period " +
                          std::to_string(plan.first_year) + "-" + std::to_string(plan.last_year));
            if (!years.insert(t.year).second)
              d.error(tr.pos("year"), tk + ".year",
                      "two targets for " + std::to_string(t.year) + " in one row");
            if (t.value) {
              if (ind.unit == "percent" && (*t.value < 0 || *t.value > 100)) {
                std::ostringstream o;
                o << "a percentage of " << *t.value << " is outside 0-100";
                d.error(tr.pos("value"), tk + ".value", o.str());
              }
            }
            ind.targets.push_back(t);
          }
        }
        if (const toml::array* ov =
                r.node("other_values") ? r.node("other_values")->as_array() : nullptr) {
          for (std::size_t j = 0; j < ov->size(); ++j) {
            const toml::table* tt = ov->get(j)->as_table();
            if (!tt) continue;
            Reader tr(*tt, d, position_of(*tt));
            ind.other_values.push_back({tr.string_or("label", ""), opt_int(tr, "year"),
                                        opt_real(tr, "value"), tr.string_or("text", "")});
          }
        }
        plan.indicators.push_back(std::move(ind));
      });

  for (const auto& ind : plan.indicators) {
    if (ind.same_as.empty()) continue;
    bool found = false;
    for (const auto& o : plan.indicators) found |= (o.key == ind.same_as && &o != &ind);
    if (!found)
      d.error(ind.pos, "plan.indicators." + ind.key + ".same_as",
              "'" + ind.same_as + "' is not the key of another indicator row");
  }

  each_table(merged, "plan.facts", d,
             [&](const Reader& r, std::size_t, const std::string& k, const SourcePos& pos) {
               PlanFact f;
               f.pos = pos;
               f.key = r.string_or("key", "");
               f.text_zh = r.string_or("text_zh", "");
               f.unit = r.string_or("unit", "");
               f.measure = r.string_or("measure", "");
               f.topic = r.string_or("topic", "");
               f.location = r.string_or("location", "");
               f.note = r.string_or("note", "");
               f.value = opt_real(r, "value");
               f.year = opt_int(r, "year");
               unique(f.key, pos, k);
               if (!f.measure.empty()) {
                 const IndicatorDef* def = find_indicator(f.measure);
                 if (!def || f.measure == "other")
                   d.error(r.pos("measure"), k + ".measure",
                           "'" + f.measure + "' is not a catalog quantity");
                 else if (!f.unit.empty() && f.unit != def->unit)
                   d.error(r.pos("unit"), k + ".unit",
                           "unit '" + f.unit + "' differs from the unit '" + def->unit + "' of " +
                               f.measure);
               }
               plan.facts.push_back(std::move(f));
             });

  std::set<std::string> towns(townships.begin(), townships.end());
  auto check_town = [&](const Reader& r, const std::string& k, const std::string& town) {
    if (!town.empty() && !towns.empty() && !towns.count(town))
      d.error(r.pos("township"), k + ".township",
              "'" + town + "' is not one of the place's baseline.townships");
  };

  each_table(
      merged, "capacity.stock", d,
      [&](const Reader& r, std::size_t, const std::string& k, const SourcePos& pos) {
        CapacityStock s;
        s.pos = pos;
        s.key = r.string_or("key", "");
        s.name_zh = r.string_or("name_zh", "");
        s.kind = parse_kind(r.string_or("kind", ""));
        s.capacity = places_of(r, k, residents, elderly, d, pos);
        s.year = static_cast<int>(r.integer("year"));
        s.institutions = opt_int(r, "institutions");
        s.nursing_share = opt_real(r, "nursing_share");
        s.safety_net_share = opt_real(r, "safety_net_share");
        s.affordable_share = opt_real(r, "affordable_share");
        s.township = r.string_or("township", "");
        s.location = r.string_or("location", "");
        s.note = r.string_or("note", "");
        unique(s.key, pos, k);
        check_town(r, k, s.township);
        check_share_sum(d, pos, k, s.safety_net_share.value_or(0), s.affordable_share.value_or(0));
        if (s.kind == PlaceKind::kChildcareSlot && s.nursing_share.value_or(0) > 0)
          d.error(r.pos("nursing_share"), k + ".nursing_share", "托位 have no nursing share");
        cap.stock.push_back(std::move(s));
      });

  each_table(
      merged, "capacity.projects", d,
      [&](const Reader& r, std::size_t, const std::string& k, const SourcePos& pos) {
        CapacityProject p;
        p.pos = pos;
        p.key = r.string_or("key", "");
        p.name_zh = r.string_or("name_zh", "");
        p.kind = parse_kind(r.string_or("kind", ""));
        p.tier = parse_tier(r.string_or("tier", ""));
        p.capacity = r.real_or("capacity", 0);
        p.institutions = static_cast<int>(r.has("institutions") ? r.integer("institutions") : 1);
        p.nursing_share = r.has("nursing_share") ? r.real("nursing_share")
                                                 : (r.bool_or("nursing", false) ? 1.0 : 0.0);
        if (r.has("nursing_share") && r.has("nursing"))
          d.error(r.pos("nursing"), k + ".nursing", "give nursing or nursing_share, not both");
        p.township = r.string_or("township", "");
        p.build = r.string_or("build", "");
        if (auto m = Month::parse(r.string_or("opens", ""))) p.opens = *m;
        if (r.has("closes")) {
          if (auto m = Month::parse(r.string_or("closes", ""))) {
            p.closes = *m;
            if (*m <= p.opens) d.error(r.pos("closes"), k + ".closes", "closes before it opens");
          }
        }
        p.investment_10k_yuan = r.real_or("investment_10k_yuan", 0);
        p.location = r.string_or("location", "");
        p.note = r.string_or("note", "");
        unique(p.key, pos, k);
        check_town(r, k, p.township);
        if (p.kind == PlaceKind::kChildcareSlot && p.nursing_share > 0)
          d.error(r.pos("nursing"), k + ".nursing", "托位 are not nursing-type");
        cap.projects.push_back(std::move(p));
      });

  each_table(merged, "capacity.planned", d,
             [&](const Reader& r, std::size_t, const std::string& k, const SourcePos& pos) {
               CapacityPlanned p;
               p.pos = pos;
               p.key = r.string_or("key", "");
               p.kind = parse_kind(r.string_or("kind", ""));
               p.capacity = places_of(r, k, residents, elderly, d, pos);
               p.year = static_cast<int>(r.integer("year"));
               p.institutions = opt_int(r, "institutions");
               p.nursing_share = opt_real(r, "nursing_share");
               p.safety_net_share = opt_real(r, "safety_net_share");
               p.affordable_share = opt_real(r, "affordable_share");
               p.location = r.string_or("location", "");
               p.note = r.string_or("note", "");
               unique(p.key, pos, k);
               check_share_sum(d, pos, k, p.safety_net_share.value_or(0),
                               p.affordable_share.value_or(0));
               if (p.year > end_year)
                 d.error(r.pos("year"), k + ".year",
                         "the total is promised for " + std::to_string(p.year) +
                             ", after the end of the horizon " + std::to_string(end_year));
               cap.planned.push_back(std::move(p));
             });

  // Care parameters.
  care.wish_independent = root.real("demand.elder.wish_independent");
  care.wish_partial = root.real("demand.elder.wish_partial");
  care.wish_full = root.real("demand.elder.wish_full");
  care.poverty_wish_independent = root.real("demand.elder.poverty_wish_independent");
  care.poverty_wish_dependent = root.real("demand.elder.poverty_wish_dependent");
  care.rural_factor = root.real("demand.elder.rural_factor");
  for (const char* k : {"demand.childcare.wish_urban", "demand.childcare.wish_rural",
                        "staffing.children_per_carer", "staffing.class_size"}) {
    if (root.has(k) && root.reals(k).size() != 3)
      root.error(k, "needs three values: 6-11, 12-23 and 24-35 months");
  }
  auto three = [&](const char* k, std::array<double, 3>& out) {
    const auto v = root.reals(k);
    for (std::size_t i = 0; i < 3 && i < v.size(); ++i) out[i] = v[i];
  };
  three("demand.childcare.wish_urban", care.child_wish_urban);
  three("demand.childcare.wish_rural", care.child_wish_rural);
  three("staffing.children_per_carer", care.children_per_carer);
  std::array<double, 3> sizes{};
  three("staffing.class_size", sizes);
  for (int i = 0; i < 3; ++i) care.class_size[i] = static_cast<int>(sizes[i]);
  care.per_caregiver_full = root.real("staffing.residents_per_caregiver_full");
  care.per_caregiver_partial = root.real("staffing.residents_per_caregiver_partial");
  care.per_caregiver_independent = root.real("staffing.residents_per_caregiver_independent");
  care.subsidy_per_new_slot = root.real("policy.subsidy_per_new_slot");
  care.subsidy_per_new_bed = root.real("policy.subsidy_per_new_bed");
  care.care_subsidy_full = root.real("policy.monthly_care_subsidy_full");
  care.care_subsidy_partial = root.real("policy.monthly_care_subsidy_partial");
  care.safety_net_for_all = root.bool_or("allocation.safety_net_for_all", false);
  for (double w : {care.wish_independent * care.rural_factor, care.wish_partial * care.rural_factor,
                   care.wish_full * care.rural_factor}) {
    if (w > 1.0) {
      root.error("demand.elder.rural_factor", "a rural wish share would exceed 100%");
      break;
    }
  }
}

}  // namespace laoxiao
