#include "sim/engine.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "core/parallel.hpp"
#include "core/units.hpp"
#include "models/care/child_bands.hpp"
#include "models/demography/synthesis.hpp"

namespace laoxiao {

namespace pf = person_flags;

namespace {
// The first months of the childcare bands, as constants the kernel loop can vectorise.
constexpr int kBand0 = kChildBand[0].first_month;
constexpr int kBand1 = kChildBand[1].first_month;
constexpr int kBand2 = kChildBand[2].first_month;
static_assert(kChildBands == 3, "the kernel tests three band starts");
}  // namespace

const std::vector<ProcessInfo>& monthly_step_order() {
  static const std::vector<ProcessInfo> order = [] {
    std::string fused;
    for (const auto& p : kernel_processes())
      fused += (fused.empty() ? "" : ", ") + std::string(p.name);
    static const std::string description =
        fused +
        ", migration drawn in one fused pass over the agents (one random word per agent-month: "
        "death, then a change of disability state or a birth, or else leaving or bringing an "
        "arrival)";
    return std::vector<ProcessInfo>{
        {"demography", description.c_str(), Stream::kDemography},
        {"newborns", "babies born this month join at age 0, in block order", Stream::kNewborn},
        {"migration",
         "the departures and arrivals drawn in the fused pass, at the end of the month (when "
         "net migration rates are given)",
         Stream::kDemography},
        {"demand",
         "wishes for a bed or a 托位 re-evaluated where a state, the entry age or a childcare band "
         "changed, and for arrivals (scenarios with capacity)",
         Stream::kCareDemand},
        {"allocation",
         "capacity pools open and close; leavers out, then placements by priority; the rest "
         "wait (scenarios with capacity)",
         Stream::kAllocation},
        {"tally", "exposure of the month; on 31 December, the population and the care counts",
         Stream::kNone},
    };
  }();
  return order;
}

struct Simulation::Local {
  std::vector<double> deaths;        // [age][sex][state]
  std::vector<double> cohort_delta;  // [cohort][sex][state]
  std::array<double, kStates * kStates> transitions{};

  explicit Local(int n_cohorts)
      : deaths(DemographicTallies::kAges * kSexes * kStates, 0.0),
        cohort_delta(static_cast<std::size_t>(n_cohorts) * kSexes * kStates, 0.0) {}
  void clear() {
    std::fill(deaths.begin(), deaths.end(), 0.0);
    std::fill(cohort_delta.begin(), cohort_delta.end(), 0.0);
    transitions.fill(0.0);
  }
};

/// What the elements of one month share.
struct Simulation::MonthState {
  Month t;
  int y = 0;          // year index
  std::size_t n = 0;  // slots at the start of the month
  std::size_t n_blocks = 0;
  std::vector<double> start;      // [age][sex] alive at the start of the month
  std::vector<double> deaths_as;  // [age][sex] deaths of the month
  std::vector<std::vector<std::uint32_t>> mothers, changed;   // per block
  std::vector<std::vector<std::uint32_t>> leaving, bringing;  // per block: migrants
  std::vector<std::uint32_t> arrivals;                        // ids of the month's arrivals
  std::vector<std::uint32_t> wishers;  // whose wish for care started this month, in order
};

namespace {

std::vector<KernelTable> apply_faults(const DemographyModel& m, const FaultInjection& f) {
  std::vector<KernelTable> tables;
  for (int y = 0; y < m.n_years(); ++y) {
    KernelTable k = m.kernel(f.frozen_rates ? 0 : y);
    if (f.no_migration) {
      k.tm.fill(0);
      k.tm_max = 0;
    }
    if (f.death_factor == 1.0 && f.fertility_factor == 1.0 && !f.no_disability_onset &&
        !f.no_entry_draw) {
      tables.push_back(k);
      continue;
    }
    for (int c = 0; c < kCells; ++c) {
      const int row = c / (kSexes * kStates);
      const int state = c % kStates;
      const int from = f.frozen_rates ? 0 : y;
      const double pd = m.p_death(from, c);
      double p1 = pd < 1 ? m.p_alt1(from, c) / (1 - pd) : 0,
             p2 = pd < 1 ? m.p_alt2(from, c) / (1 - pd) : 0;
      const double d = std::min(1.0, pd * f.death_factor);
      if (k.alt1[c] == Outcome::kBirth) p1 = std::min(1.0, p1 * f.fertility_factor);
      if (f.no_disability_onset && row != kEntryRow && state == 0 && k.alt1[c] != Outcome::kBirth)
        p1 = p2 = 0;
      if (f.no_entry_draw && row == kEntryRow) p1 = p2 = 0;
      k.t0[c] = probability_threshold(d);
      k.t1[c] = probability_threshold(d + (1 - d) * p1);
      k.t2[c] = probability_threshold(d + (1 - d) * (p1 + p2));
    }
    tables.push_back(k);
  }
  return tables;
}

/// Philox words for agents [first, first + n): agent i takes word i mod 4 of block i div 4.
/// Blocks are generated four words to four arrays (which vectorises), then interleaved.
void demography_words(const RngKey& key, Stream s, std::uint32_t month, std::size_t first,
                      std::size_t n, std::uint32_t* __restrict out) {
  static thread_local std::vector<std::uint32_t> w0, w1, w2, w3;
  const auto q0 = static_cast<std::uint32_t>(first / 4);
  const auto nq = static_cast<std::uint32_t>((n + 3) / 4);
  if (w0.size() < nq) {
    w0.resize(nq);
    w1.resize(nq);
    w2.resize(nq);
    w3.resize(nq);
  }
  philox_fill(key, s, month, q0, nq, w0.data(), w1.data(), w2.data(), w3.data());
  const std::uint32_t* __restrict a = w0.data(), * __restrict b = w1.data(), * __restrict c = w2.data(), * __restrict d = w3.data();
  for (std::uint32_t q = 0; q < nq; ++q) {
    out[4 * q + 0] = a[q];
    out[4 * q + 1] = b[q];
    out[4 * q + 2] = c[q];
    out[4 * q + 3] = d[q];
  }
}

}  // namespace

const std::vector<Simulation::Element>& Simulation::elements() {
  // One entry per element of monthly_step_order(), in its order.
  static const std::vector<Element> e = {&Simulation::kernel,     &Simulation::newborns,
                                         &Simulation::migration,  &Simulation::demand,
                                         &Simulation::allocation, &Simulation::tally};
  return e;
}

Simulation::Simulation(const DemographyModel& model, const EngineOptions& opt)
    : model_(model), opt_(opt), kernels_(apply_faults(model, opt.faults)) {
  if (opt_.block == 0 || opt_.block % 4 != 0)
    throw std::invalid_argument("engine block size must be a positive multiple of 4");
  if (elements().size() != monthly_step_order().size())
    throw std::logic_error("the step order and the elements differ");
  const Horizon& h = model.horizon();
  key_ = RngKey{opt.seed, opt.replicate, opt.place_stream};
  min_birth_month_ = h.start.index - kAgeMonths + 1;
  n_cohorts_ = h.end_month().index + 1 - min_birth_month_ + 1;
  counts_.init(h.first_year(), h.n_years());
  next_ = h.start;
}

Simulation::~Simulation() = default;

std::size_t Simulation::cohort_of(std::uint16_t birth_month) const {
  return static_cast<std::size_t>(birth_month - min_birth_month_);
}

bool Simulation::update_wish(std::uint32_t id, int age_months, Month t) {
  std::uint8_t& f = store_.flags()[id];
  const bool wish = opt_.care->demand.wishes(key_, id, f, age_months, t);
  const bool had = f & pf::kWantsCare;
  if (wish == had) return false;
  f = wish ? static_cast<std::uint8_t>(f | pf::kWantsCare)
           : static_cast<std::uint8_t>(f & ~pf::kWantsCare);
  return wish;
}

void Simulation::initialize() {
  synthesize(model_, key_, opt_.sample, store_);
  cohorts_.assign(static_cast<std::size_t>(n_cohorts_) * kSexes * kStates, 0.0);
  PerThread<std::vector<double>> partial([&] { return std::vector<double>(cohorts_.size(), 0.0); });
  const std::size_t n = store_.size();
  const std::size_t block_size = opt_.block;
  parallel_for(std::size_t{0}, (n + block_size - 1) / block_size, [&](std::size_t b) {
    auto& c = partial.local();
    const std::size_t end = std::min(n, (b + 1) * block_size);
    for (std::size_t i = b * block_size; i < end; ++i) {
      const std::uint8_t f = store_.flags()[i];
      if (!(f & pf::kAlive)) continue;
      c[(cohort_of(store_.birth()[i]) * kSexes + pf::sex(f)) * kStates + pf::state(f)] += 1.0;
    }
  });
  for (const std::vector<double>& c : partial)
    for (std::size_t i = 0; i < c.size(); ++i) cohorts_[i] += c[i];
  const Month t0 = model_.horizon().start;
  for (int c = 0; c < n_cohorts_; ++c) {
    const int age = std::min((t0.index - (min_birth_month_ + c)) / 12, kMaxAge);
    if (t0.index - (min_birth_month_ + c) < 0) continue;
    for (int s = 0; s < kSexes; ++s)
      for (int st = 0; st < kStates; ++st)
        counts_.population_start[DemographicTallies::ass(age, s, st)] +=
            cohorts_[(static_cast<std::size_t>(c) * kSexes + s) * kStates + st];
  }
  if (opt_.care) {
    allocation_ = std::make_unique<Allocation>(*opt_.care, key_, opt_.sample);
    allocation_->initialize(store_, t0);
  }
}

void Simulation::process_block(std::size_t first, std::size_t last, Month t, Local& local,
                               std::vector<std::uint32_t>& mothers,
                               std::vector<std::uint32_t>& changed,
                               std::vector<std::uint32_t>& leaving,
                               std::vector<std::uint32_t>& bringing) {
  static thread_local std::vector<std::uint32_t> words;
  static thread_local std::vector<std::uint8_t> ev;
  const std::size_t n = last - first;
  if (words.size() < n + 4) {
    words.resize(n + 4);
    ev.resize(n + 4);
  }
  const auto month = static_cast<std::uint32_t>(t.index);
  demography_words(key_, Stream::kDemography, month, first, n, words.data());

  const std::uint16_t* __restrict birth = store_.birth() + first;
  const std::uint8_t* __restrict flags = store_.flags() + first;
  // The table of the month's year: rates that change by year change the table, not the loop.
  const KernelTable& kernel =
      kernels_[static_cast<std::size_t>(t.year() - model_.horizon().first_year())];
  const std::uint32_t* t0 = kernel.t0.data();
  const std::uint32_t* t1 = kernel.t1.data();
  const std::uint32_t* __restrict t2 = kernel.t2.data();
  const std::uint32_t tm_max = kernel.tm_max;
  const std::uint32_t* __restrict w = words.data();
  std::uint8_t* __restrict e = ev.data();
  const int tm = t.index;
  const int entry_m = model_.entry_age_months();
  const int care_on = opt_.care ? 1 : 0;
  const int count = static_cast<int>(n);  // a 32-bit index lets the loop vectorise
#pragma omp simd
  for (int i = 0; i < count; ++i) {
    const int age_m = tm - static_cast<int>(birth[i]);
    const int f = flags[i];
    int row = age_m / 12;
    row = row > kMaxAge ? kMaxAge : row;
    // Integer ternaries rather than bool arithmetic: GCC vectorises these (gathers below).
    const int entry = age_m == entry_m ? 1 : 0;
    row = entry ? kEntryRow : row;
    const int c = (row * kSexes + ((f >> 1) & 1)) * kStates + ((f >> pf::kStateShift) & 3);
    const std::uint32_t x = w[i];
    // Children starting a childcare band re-evaluate their wish for a 托位.
    const int band = care_on & ((age_m == kBand0 ? 1 : 0) | (age_m == kBand1 ? 1 : 0) |
                                (age_m == kBand2 ? 1 : 0));
    // Only the largest threshold of the kernel here (one gather) and the widest migration
    // interval of the table at the top of the word (no gather): both are rare, and the exact
    // outcome (death, first or second alternative, migration) is resolved in the event pass.
    const int hit = x < t2[c] ? 1 : 0;
    const int move = ~x < tm_max ? 2 : 0;
    const int code = hit + move + (entry << 2) + (band << 3);
    e[i] = static_cast<std::uint8_t>((f & pf::kAlive) ? code : 0);
  }

  std::uint8_t* fl = store_.flags() + first;
  for (std::size_t i = 0; i < n; ++i) {
    // Events are rare (about 1 in 1,000 agent-months): skip eight quiet agents at a time.
    if ((i & 7) == 0 && i + 8 <= n) {
      std::uint64_t eight;
      std::memcpy(&eight, e + i, sizeof eight);
      if (eight == 0) {
        i += 7;
        continue;
      }
    }
    if (!e[i]) continue;
    const std::size_t id = first + i;
    const std::uint8_t f = fl[i];
    const int sex = pf::sex(f), state = pf::state(f);
    const int age_m = tm - static_cast<int>(birth[i]);
    const int age = std::min(age_m / 12, kMaxAge);
    const int row = age_m == entry_m ? kEntryRow : age;
    const int c = cell_index(row, sex, state);
    const std::size_t coh = (cohort_of(birth[i]) * kSexes + sex) * kStates;
    const std::uint32_t x = w[i];
    const int k = (e[i] & 1) ? (x < t0[c]) + (x < t1[c]) + (x < t2[c]) : 0;
    if (k == 3) {
      fl[i] = static_cast<std::uint8_t>(f & ~pf::kAlive);
      local.deaths[DemographicTallies::ass(age, sex, state)] += 1.0;
      local.cohort_delta[coh + state] -= 1.0;
      continue;
    }
    if (k != 0) {
      const Outcome o = (k == 2) ? kernel.alt1[c] : kernel.alt2[c];
      if (o == Outcome::kBirth) {
        mothers.push_back(static_cast<std::uint32_t>(id));
      } else if (o != Outcome::kNone) {
        const int to = static_cast<int>(o) - 1;
        fl[i] = pf::with_state(fl[i], to);
        local.transitions[state * kStates + to] += 1.0;
        local.cohort_delta[coh + state] -= 1.0;
        local.cohort_delta[coh + to] += 1.0;
      }
    }
    if (k == 0 && (e[i] & 2) && ~x < kernel.tm[c])  // a survivor doing nothing else migrates
      (kernel.migrate[c] == Outcome::kLeave ? leaving : bringing)
          .push_back(static_cast<std::uint32_t>(id));
    if (e[i] & 4) {
      const auto pw = key_.draw(static_cast<std::uint32_t>(id), month, Stream::kEntry);
      const int urban = (fl[i] & pf::kUrban) ? 1 : 0;
      if (pw[0] < model_.poverty_threshold(urban, pf::state(fl[i]))) fl[i] |= pf::kPoverty;
    }
    // A change of state, the entry age or a new age band: the wish for care may change (the
    // demand step re-evaluates it).
    if (care_on && (k != 0 || (e[i] & 12))) changed.push_back(static_cast<std::uint32_t>(id));
  }
}

void Simulation::step(Month t) {
  MonthState m;
  m.t = t;
  m.y = t.year() - model_.horizon().first_year();
  // Alive at the start of the month by age and sex (for exposure).
  m.start.assign(DemographicTallies::kAges * kSexes, 0.0);
  for (int c = 0; c < n_cohorts_; ++c) {
    const int age_m = t.index - (min_birth_month_ + c);
    if (age_m < 0) continue;
    const int age = std::min(age_m / 12, kMaxAge);
    for (int s = 0; s < kSexes; ++s)
      for (int st = 0; st < kStates; ++st)
        m.start[age * kSexes + s] +=
            cohorts_[(static_cast<std::size_t>(c) * kSexes + s) * kStates + st];
  }
  m.n = store_.size();
  m.n_blocks = (m.n + opt_.block - 1) / opt_.block;
  for (const Element e : elements()) (this->*e)(m);
  next_ = t + 1;
}

void Simulation::kernel(MonthState& m) {
  const std::size_t block_size = opt_.block;
  m.mothers.assign(m.n_blocks, {});
  m.changed.assign(m.n_blocks, {});
  m.leaving.assign(m.n_blocks, {});
  m.bringing.assign(m.n_blocks, {});
  PerThread<Local> locals([&] { return Local(n_cohorts_); });
  parallel_for(std::size_t{0}, m.n_blocks, [&](std::size_t b) {
    process_block(b * block_size, std::min(m.n, (b + 1) * block_size), m.t, locals.local(),
                  m.mothers[b], m.changed[b], m.leaving[b], m.bringing[b]);
  });
  m.deaths_as.assign(DemographicTallies::kAges * kSexes, 0.0);
  for (const Local& l : locals) {
    for (std::size_t i = 0; i < cohorts_.size(); ++i) cohorts_[i] += l.cohort_delta[i];
    for (int a = 0; a < DemographicTallies::kAges; ++a)
      for (int s = 0; s < kSexes; ++s)
        for (int st = 0; st < kStates; ++st) {
          const double d = l.deaths[DemographicTallies::ass(a, s, st)];
          counts_.deaths[counts_.yass(m.y, a, s, st)] += d;
          m.deaths_as[a * kSexes + s] += d;
        }
    for (int i = 0; i < kStates * kStates; ++i)
      counts_.transitions[static_cast<std::size_t>(m.y) * kStates * kStates + i] +=
          l.transitions[i];
  }
}

void Simulation::newborns(MonthState& m) {
  const int tm = m.t.index;
  const auto month = static_cast<std::uint32_t>(tm);
  const auto newborn_month = static_cast<std::uint16_t>(tm + 1);
  const std::size_t newborn_cohort = cohort_of(newborn_month);
  for (const auto& list : m.mothers) {
    for (std::uint32_t mother : list) {
      const auto w = key_.draw(mother, month, Stream::kNewborn);
      const int sex = w[0] < model_.male_birth_threshold() ? 0 : 1;
      std::uint8_t f = pf::kAlive;
      if (sex == 1) f |= pf::kFemale;
      f = static_cast<std::uint8_t>(f | (store_.flags()[mother] & pf::kUrban));
      store_.push_back(newborn_month, f, store_.township()[mother]);
      counts_.births[counts_.ys(m.y, sex)] += 1.0;
      counts_.births_by_month[static_cast<std::size_t>(m.y) * 12 +
                              static_cast<std::size_t>(m.t.month_of_year() - 1)] += 1.0;
      cohorts_[(newborn_cohort * kSexes + sex) * kStates] += 1.0;
    }
  }
}

void Simulation::migration(MonthState& m) {
  // The migrants of the fused pass (people present at the start of the month who did nothing
  // else), in block order; newborns never migrate in their first month.
  const int tm = m.t.index;
  const std::size_t year_base = static_cast<std::size_t>(m.y) * DemographicTallies::kAges * kSexes;
  auto tally = [&](std::uint32_t id, std::vector<double>& counts, double delta) {
    const std::uint8_t f = store_.flags()[id];
    const int age = std::min((tm - store_.birth()[id]) / 12, kMaxAge);
    counts[year_base + static_cast<std::size_t>(age) * kSexes + pf::sex(f)] += 1.0;
    cohorts_[(cohort_of(store_.birth()[id]) * kSexes + pf::sex(f)) * kStates + pf::state(f)] +=
        delta;
  };
  for (const auto& list : m.leaving)
    for (std::uint32_t id : list) {
      tally(id, counts_.departures, -1.0);
      store_.flags()[id] = static_cast<std::uint8_t>(store_.flags()[id] & ~pf::kAlive);
    }
  for (const auto& list : m.bringing)
    for (std::uint32_t src : list) {
      tally(src, counts_.arrivals, 1.0);
      // An arrival is a new person: no place of care, its own wish.
      const auto f =
          static_cast<std::uint8_t>(store_.flags()[src] & ~(pf::kWantsCare | pf::kInCare));
      store_.push_back(store_.birth()[src], f, store_.township()[src]);
      m.arrivals.push_back(static_cast<std::uint32_t>(store_.size() - 1));
    }
}

void Simulation::demand(MonthState& m) {
  if (!opt_.care) return;
  const int tm = m.t.index;
  // Changed agents in block order, then arrivals: the order in which they join the queues.
  for (const auto& list : m.changed)
    for (std::uint32_t id : list)
      if (update_wish(id, tm - store_.birth()[id], m.t)) m.wishers.push_back(id);
  for (std::uint32_t id : m.arrivals)
    if (update_wish(id, tm - store_.birth()[id], m.t)) m.wishers.push_back(id);
  // A new year: the 特困 placement and childcare paths move, so those wishes are re-read.
  if (m.t.month_of_year() == 1 && m.t > model_.horizon().start) {
    const int entry = opt_.care->demand.entry_months();
    for (std::uint32_t id = 0; id < store_.size(); ++id) {
      const std::uint8_t f = store_.flags()[id];
      const int age = tm - store_.birth()[id];
      if (!(f & pf::kAlive)) continue;
      const bool tekun = age >= entry && (f & pf::kPoverty);
      if (!tekun && child_band(age) < 0) continue;
      if (update_wish(id, age, m.t)) m.wishers.push_back(id);
    }
  }
}

void Simulation::allocation(MonthState& m) {
  if (allocation_) allocation_->month(store_, m.t, m.wishers);
}

void Simulation::tally(MonthState& m) {
  // Exposure: alive at the start minus half the deaths, in person-years.
  for (int a = 0; a < DemographicTallies::kAges; ++a)
    for (int s = 0; s < kSexes; ++s) {
      const double e = m.start[a * kSexes + s] - 0.5 * m.deaths_as[a * kSexes + s];
      counts_.exposure[counts_.yas(m.y, a, s)] += e / 12.0;
      person_months_ += static_cast<std::uint64_t>(m.start[a * kSexes + s]);
    }
  counts_.months[m.y] += 1;

  // Year end (and the end of the horizon): population on the first day of the next month.
  if (m.t.month_of_year() == 12 || m.t == model_.horizon().end_month()) {
    const int tn = m.t.index + 1;
    for (int c = 0; c < n_cohorts_; ++c) {
      const int age_m = tn - (min_birth_month_ + c);
      if (age_m < 0) continue;
      const int age = std::min(age_m / 12, kMaxAge);
      for (int s = 0; s < kSexes; ++s)
        for (int st = 0; st < kStates; ++st)
          counts_.population_end[counts_.yass(m.y, age, s, st)] +=
              cohorts_[(static_cast<std::size_t>(c) * kSexes + s) * kStates + st];
    }
    if (allocation_) {
      care_years_.push_back(allocation_->year_end(store_, m.t));
      allocation_->reset_year();
    }
  }
}

void Simulation::run(const std::function<void(Month)>& on_month) {
  const Month end = model_.horizon().end_month();
  for (Month t = next_; t <= end; t = t + 1) {
    step(t);
    if (on_month) on_month(t);
  }
}

DemographicTallies Simulation::tallies() const {
  DemographicTallies out = counts_;
  out.scale(weight());
  return out;
}

bool Simulation::cohort_counts_match_store() const {
  std::vector<double> recount(cohorts_.size(), 0.0);
  for (std::size_t i = 0; i < store_.size(); ++i) {
    const std::uint8_t f = store_.flags()[i];
    if (!(f & pf::kAlive)) continue;
    recount[(cohort_of(store_.birth()[i]) * kSexes + pf::sex(f)) * kStates + pf::state(f)] += 1.0;
  }
  return recount == cohorts_;
}

}  // namespace laoxiao
