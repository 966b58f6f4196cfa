#include "models/care/capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <sstream>

namespace laoxiao {

namespace {

/// Splits `total` places into integer parts proportional to `shares` (largest remainders).
std::vector<double> split(double total, const std::vector<double>& shares) {
  const double n = std::round(total);
  double sum = 0;
  for (double s : shares) sum += s;
  std::vector<double> out(shares.size(), 0.0), rem(shares.size(), 0.0);
  if (sum <= 0 || n <= 0) return out;
  double used = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double exact = n * shares[i] / sum;
    out[i] = std::floor(exact);
    rem[i] = exact - out[i];
    used += out[i];
  }
  std::vector<std::size_t> order(shares.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
  for (std::size_t k = 0; used < n && k < order.size(); ++k, used += 1) out[order[k]] += 1;
  return out;
}

struct Mix {
  std::array<double, kTiers> tier{0, 0, 1};  // safety net, affordable, market
  double nursing = 0;
};

Mix mix_of(std::optional<double> safety, std::optional<double> affordable,
           std::optional<double> nursing, const Mix& fallback) {
  Mix m = fallback;
  if (safety || affordable) {
    const double s = safety.value_or(0), a = affordable.value_or(0);
    m.tier = {s, a, std::max(0.0, 1.0 - s - a)};
  }
  if (nursing) m.nursing = *nursing;
  return m;
}

int township_index(const std::vector<Township>& towns, const std::string& name) {
  if (name.empty()) return -1;
  for (std::size_t i = 0; i < towns.size(); ++i)
    if (towns[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

CapacityModel::CapacityModel(const CapacityPlan& cap, Month start,
                             const std::vector<Township>& towns) {
  // Shares of the six cells (tier x nursing type) of an entry's places.
  auto cell_shares = [](PlaceKind kind, const Mix& mix) {
    const bool beds = kind != PlaceKind::kChildcareSlot;
    std::vector<double> shares;
    for (int t = 0; t < kTiers; ++t)
      for (int n = 0; n < 2; ++n)
        shares.push_back(mix.tier[t] *
                         (beds ? (n ? mix.nursing : 1.0 - mix.nursing) : (n ? 0.0 : 1.0)));
    return shares;
  };
  // Adds pools with the given places per cell.
  auto add_cells = [&](PlaceKind kind, const std::vector<double>& parts, Month opens,
                       std::optional<Month> closes, int town, double institutions, double invest,
                       bool initial, const std::string& key, const std::string& origin) {
    double total = 0;
    for (double p : parts) total += p;
    for (int t = 0; t < kTiers; ++t)
      for (int n = 0; n < 2; ++n) {
        const double p = parts[t * 2 + n];
        if (p <= 0) continue;
        Pool pool;
        pool.kind = kind;
        pool.tier = static_cast<Tier>(t);
        pool.nursing = n == 1;
        pool.township = town;
        pool.places = p;
        pool.institutions = total > 0 ? institutions * p / total : 0;
        pool.opens = opens;
        pool.closes = closes;
        pool.investment_10k_yuan = total > 0 ? invest * p / total : 0;
        pool.initial = initial;
        pool.source_key = key;
        pool.origin = origin;
        pools_.push_back(pool);
      }
  };
  // Adds the places of one entry as pools by tier and nursing type.
  auto add = [&](PlaceKind kind, double places, const Mix& mix, Month opens,
                 std::optional<Month> closes, int town, double institutions, double invest,
                 bool initial, const std::string& key, const std::string& origin) {
    add_cells(kind, split(places, cell_shares(kind, mix)), opens, closes, town, institutions,
              invest, initial, key, origin);
  };

  for (int k = 0; k < kPlaceKinds; ++k) {
    const auto kind = static_cast<PlaceKind>(k);
    // Stock of the earliest stated year exists from the start; later figures are totals.
    int first_year = 0;
    for (const auto& st : cap.stock)
      if (st.kind == kind && (first_year == 0 || st.year < first_year)) first_year = st.year;
    Mix stock_mix;
    double stock_total = 0;
    std::array<double, kTiers> tier_places{};
    double nursing_places = 0;
    struct Total {
      double places;
      int year;
      Mix mix;
      bool has_mix;
      std::optional<int> institutions;
      std::string key;
    };
    std::vector<Total> totals;
    for (const auto& st : cap.stock) {
      if (st.kind != kind) continue;
      const Mix m = mix_of(st.safety_net_share, st.affordable_share, st.nursing_share, Mix{});
      if (st.year == first_year) {
        add(kind, st.places(), m, start, std::nullopt, township_index(towns, st.township),
            st.institutions.value_or(0), 0, true, st.key, "stock");
        stock_total += st.places();
        for (int t = 0; t < kTiers; ++t) tier_places[t] += st.places() * m.tier[t];
        nursing_places += st.places() * m.nursing;
      } else {
        totals.push_back({st.places(), st.year, m,
                          st.safety_net_share || st.affordable_share || st.nursing_share,
                          st.institutions, st.key});
      }
    }
    if (stock_total > 0) {
      for (int t = 0; t < kTiers; ++t) stock_mix.tier[t] = tier_places[t] / stock_total;
      stock_mix.nursing = nursing_places / stock_total;
    }
    for (const auto& p : cap.projects) {
      if (p.kind != kind) continue;
      Mix m;
      m.tier = {0, 0, 0};
      m.tier[static_cast<int>(p.tier)] = 1.0;
      m.nursing = p.nursing_share.value_or(p.nursing ? 1.0 : 0.0);
      add(kind, p.places(), m, std::max(p.opens, start), p.closes,
          township_index(towns, p.township), p.institutions.value_or(1), p.investment_10k_yuan,
          false, p.key, "project");
    }
    for (const auto& pl : cap.planned) {
      if (pl.kind != kind || !cap.builds_planned()) continue;
      totals.push_back(
          {pl.places(), pl.year,
           mix_of(pl.safety_net_share, pl.affordable_share, pl.nursing_share, stock_mix), true,
           pl.institutions, pl.key});
    }
    std::stable_sort(totals.begin(), totals.end(),
                     [](const Total& a, const Total& b) { return a.year < b.year; });
    int prev_year = first_year ? first_year : start.year();
    for (const auto& t : totals) {
      const Month by = Month::from_year_month(t.year, 12);
      const double have = places(kind, by);
      const double gap = std::round(t.places - have);
      double have_inst = 0;
      for (const auto& pool : pools_)
        if (pool.kind == kind && pool.open_in(by)) have_inst += pool.institutions;
      const double inst_gap = t.institutions ? std::max(0.0, *t.institutions - have_inst) : 0.0;
      if (gap > 0) {
        const int first_step = std::max(prev_year + 1, start.year());
        const int steps = std::max(1, t.year - first_step + 1);
        // The mix is that of the total reached in the target year, as plans state it ("普惠 45%
        // by 2025", "护理型 55%"): each tier grows to its share of the total and the nursing-type
        // beds to theirs (two marginal targets; nothing closes). The nursing-type additions are
        // spread over the tiers' additions in proportion.
        const Mix mix = t.has_mix ? t.mix : stock_mix;
        // Shares are rounded up, so that "at least 45%" is met; market places take the rest.
        const double total = std::round(t.places);
        std::vector<double> tier_want = {std::ceil(mix.tier[0] * total - 1e-9),
                                         std::ceil(mix.tier[1] * total - 1e-9), 0.0};
        tier_want[2] = std::max(0.0, total - tier_want[0] - tier_want[1]);
        std::vector<double> tier_more(kTiers, 0.0);
        double nursing_have = 0;
        for (const auto& pool : pools_) {
          if (pool.kind != kind || !pool.open_in(by)) continue;
          tier_want[static_cast<int>(pool.tier)] -= pool.places;
          if (pool.nursing) nursing_have += pool.places;
        }
        double more_total = 0;
        for (int ti = 0; ti < kTiers; ++ti)
          more_total += (tier_more[ti] = std::max(0.0, tier_want[ti]));
        if (more_total > gap) tier_more = split(gap, tier_more);
        const bool beds = kind != PlaceKind::kChildcareSlot;
        const double nursing_more =
            beds ? std::clamp(std::ceil(mix.nursing * total - 1e-9) - nursing_have, 0.0, gap) : 0.0;
        const auto nursing_by_tier = split(nursing_more, tier_more);
        std::vector<double> cells(kTiers * 2, 0.0);
        for (int ti = 0; ti < kTiers; ++ti) {
          cells[ti * 2 + 1] = std::min(nursing_by_tier[ti], tier_more[ti]);
          cells[ti * 2] = tier_more[ti] - cells[ti * 2 + 1];
        }
        for (int i = 0; i < steps; ++i) {
          std::vector<double> step(cells.size());
          for (std::size_t c = 0; c < cells.size(); ++c)
            step[c] = std::round(cells[c] * (i + 1) / steps) - std::round(cells[c] * i / steps);
          const Month opens = std::max(start, Month::from_year_month(t.year - steps + 1 + i, 12));
          add_cells(kind, step, opens, std::nullopt, -1, inst_gap / steps, 0, false, t.key,
                    "planned");
        }
      }
      prev_year = std::max(prev_year, t.year);
    }
  }
}

const EnumNames<PlaceKind>& place_kind_names() {
  static const EnumNames<PlaceKind> n{{kPlaceKindNames, kPlaceKindNames + kPlaceKinds}};
  return n;
}

const EnumNames<Tier>& tier_names() {
  static const EnumNames<Tier> n{{kTierNames, kTierNames + kTiers}};
  return n;
}

namespace {

enum class Role { kStock, kProject, kPlanned };

/// The keys of one list of capacity entries: what the three lists share is declared once; a
/// role adds its own keys and its own reading of `capacity` and `year`.
ParamFields<CapacityEntry> entry_fields(Role role) {
  using E = CapacityEntry;
  const char* prefix = role == Role::kStock     ? "capacity.stock[]"
                       : role == Role::kProject ? "capacity.projects[]"
                                                : "capacity.planned[]";
  const bool project = role == Role::kProject;
  ParamFields<E> f(prefix);
  f.field(LAOXIAO_KEY(E, key), "Unique name.").required();
  if (project)
    f.field(LAOXIAO_KEY(E, name_zh), "Project name as in the plan.").required();
  else if (role == Role::kStock)
    f.field(LAOXIAO_KEY(E, name_zh), "Description as in the plan.");
  f.choice(LAOXIAO_KEY(E, kind), place_kind_names(), "What the places are.").required();
  const char* capacity_text = role == Role::kStock ? "Beds or 托位 (or give per_1000_residents "
                                                     "/ per_1000_elderly)."
                              : role == Role::kProject ? "Beds or 托位 added."
                                                       : "Total to reach (or give "
                                                         "per_1000_residents / per_1000_elderly).";
  auto capacity =
      f.field(LAOXIAO_KEY(E, capacity), "places", 0, project ? 1e7 : 1e8, capacity_text);
  if (project) {
    capacity.required();
    f.field(LAOXIAO_KEY(E, institutions), "count", 0, 1e5, "Institutions added.").defaults_to(1);
    f.choice(LAOXIAO_KEY(E, tier), tier_names(), "Tier of the places.").required();
    f.field(LAOXIAO_KEY(E, nursing), "Nursing-type beds.").defaults_to(false);
    f.field(LAOXIAO_KEY(E, nursing_share), "share", 0, 1, "Share of nursing-type beds.");
    f.field(LAOXIAO_KEY(E, township), "Township.");
    f.field(LAOXIAO_KEY(E, build), "Build period as written (e.g. 2022-2023).");
    f.field(LAOXIAO_KEY(E, opens),
            "Month the places open (default rule: December of the last build year).")
        .required();
    f.field(LAOXIAO_KEY(E, closes), "Month the places close, if ever.");
    f.field(LAOXIAO_KEY(E, investment_10k_yuan), "10k yuan", 0, 1e9, "Investment (万元).")
        .defaults_to(0.0);
    f.field(LAOXIAO_KEY(E, subsidy_eligible),
            "The project is among the facilities the plan's per-place subsidy goes to (when "
            "policy.new_place_subsidy_for = \"eligible_projects\").")
        .defaults_to(false);
    f.field(LAOXIAO_KEY(E, location), "Where the plan lists it.").required();
  } else {
    const bool stock = role == Role::kStock;
    f.field(LAOXIAO_KEY(E, per_1000_residents), "per 1,000 residents", 0, 1000,
            stock ? "Places per 1,000 baseline residents (instead of capacity; for templates)."
                  : "Total per 1,000 baseline residents (instead of capacity; for templates).");
    f.field(LAOXIAO_KEY(E, per_1000_elderly), "per 1,000 aged 60+", 0, 1000,
            stock ? "Places per 1,000 baseline people aged 60+ (instead of capacity; for "
                    "templates)."
                  : "Total per 1,000 baseline people aged 60+ (instead of capacity; for "
                    "templates).");
    f.field(LAOXIAO_KEY(E, year), "year", 2000, 2100,
            stock ? "Year the figure describes." : "Year by which it is reached.")
        .required();
    f.field(LAOXIAO_KEY(E, institutions), "count", 0, 1e6,
            stock ? "Institutions the figure covers." : "Institutions by then.");
    f.field(LAOXIAO_KEY(E, nursing_share), "share", 0, 1,
            stock ? "Share of the beds that are nursing-type (from the plan's baseline "
                    "indicator)."
                  : "Share of nursing-type beds in the total reached in `year`.");
    f.field(LAOXIAO_KEY(E, safety_net_share), "share", 0, 1,
            stock ? "Share of safety-net (兜底) places."
                  : "Share of safety-net places in the total reached in `year`.");
    f.field(LAOXIAO_KEY(E, affordable_share), "share", 0, 1,
            stock ? "Share of affordable (普惠) places; the rest are market places."
                  : "Share of affordable places in the total reached in `year`.");
    if (stock) f.field(LAOXIAO_KEY(E, township), "Township, when the plan says.");
    f.field(LAOXIAO_KEY(E, location), "Where the plan states it.").required();
  }
  f.field(LAOXIAO_KEY(E, note), "Remarks.");
  f.table(&E::derived, derivation_fields(prefix));
  f.check([project](const E& e, const ParamSource& src) {
    if (!project) {
      const int given =
          (e.capacity ? 1 : 0) + (e.per_1000_residents ? 1 : 0) + (e.per_1000_elderly ? 1 : 0);
      if (given != 1)
        src.error("capacity",
                  "give exactly one of capacity, per_1000_residents and per_1000_elderly");
      const double shares = e.safety_net_share.value_or(0) + e.affordable_share.value_or(0);
      if (shares > 1.0 + 1e-9) {
        std::ostringstream o;
        o << "safety_net_share + affordable_share = " << shares * 100 << "%, more than 100%";
        src.error("", o.str());
      }
      if (e.kind == PlaceKind::kChildcareSlot && e.nursing_share.value_or(0) > 0)
        src.error("nursing_share", "托位 have no nursing share");
      return;
    }
    if (e.nursing_share && src.has("nursing"))
      src.error("nursing", "give nursing or nursing_share, not both");
    if (e.closes && *e.closes <= e.opens) src.error("closes", "closes before it opens");
    if (e.kind == PlaceKind::kChildcareSlot && (e.nursing || e.nursing_share.value_or(0) > 0))
      src.error("nursing", "托位 are not nursing-type");
  });
  return f;
}

ParamFields<CapacityPlan> make_fields() {
  static const ParamFields<CapacityEntry> stock = entry_fields(Role::kStock),
                                          projects = entry_fields(Role::kProject),
                                          planned = entry_fields(Role::kPlanned);
  ParamFields<CapacityPlan> f("capacity");
  f.table_array(LAOXIAO_KEY(CapacityPlan, stock), stock,
                "Beds or 托位 existing at a stated year (the baseline stock).", "现有床位/托位");
  f.table_array(LAOXIAO_KEY(CapacityPlan, projects), projects,
                "Projects that add beds or 托位 on their dates.", "重点项目");
  f.table_array(LAOXIAO_KEY(CapacityPlan, planned), planned,
                "Totals the plan promises without a project list: the gap to the stock and "
                "projects opens in equal steps each December up to `year` (built when "
                "capacity.reading = \"promised\").",
                "规划总量");
  static const EnumNames<CapacityReading> readings{
      {kCapacityReadingNames, kCapacityReadingNames + 2}};
  f.choice(LAOXIAO_KEY(CapacityPlan, reading), readings,
           "Which capacity is simulated: \"funded\" (the stock and the listed projects on their "
           "dates) or \"promised\" (also the totals the plan promises without projects). Check "
           "tables are computed under the funded reading unless asked (laoxiao run --capacity).")
      .defaults_to(CapacityReading::kFunded);
  return f;
}

}  // namespace

const ParamFields<CapacityPlan>& capacity_params() {
  return declared<CapacityPlan, make_fields>();
}

std::vector<CapacityAssumption> capacity_assumptions(const CapacityPlan& plan) {
  std::vector<CapacityAssumption> out;
  auto add = [&](const std::vector<CapacityEntry>& list, bool dated_by_opening) {
    for (const CapacityEntry& e : list)
      for (const std::string& figure : e.derived.from)
        out.push_back({figure, dated_by_opening ? e.opens.year() : e.year, e.key});
  };
  add(plan.stock, false);
  add(plan.projects, true);
  if (plan.builds_planned()) add(plan.planned, false);
  return out;
}

void resolve_capacity(CapacityPlan& plan, double residents, double elderly) {
  for (auto* list : {&plan.stock, &plan.planned})
    for (CapacityEntry& e : *list) {
      if (e.per_1000_residents)
        e.capacity = std::round(*e.per_1000_residents * residents / 1000.0);
      else if (e.per_1000_elderly)
        e.capacity = std::round(*e.per_1000_elderly * elderly / 1000.0);
    }
}

double CapacityModel::places(PlaceKind k, Month t) const {
  double n = 0;
  for (const auto& p : pools_)
    if (p.kind == k && p.open_in(t)) n += p.places;
  return n;
}

}  // namespace laoxiao
