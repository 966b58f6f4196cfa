// Units in types. Every conversion from an annual rate to a per-month probability happens in
// this file, in the functions below, and nowhere else.
#pragma once

#include <cmath>
#include <cstdint>

namespace laoxiao {

/// Events per person-year: a hazard (deaths, disability onset) or a rate of repeatable events
/// (births per woman-year).
struct RatePerYear {
  double value = 0.0;
};

/// A probability in [0, 1] for one monthly step.
struct MonthlyProbability {
  double value = 0.0;
};

/// A probability over one year, e.g. an annual recovery probability from a survey.
struct AnnualProbability {
  double value = 0.0;
};

inline constexpr int kMonthsPerYear = 12;

/// Constant hazard over the month: q = 1 - exp(-mu / 12). For deaths and state transitions.
inline MonthlyProbability monthly_probability_from_hazard(RatePerYear hazard) {
  return {-std::expm1(-hazard.value / kMonthsPerYear)};
}

/// Repeatable events (births): the expected number of events in a month is r / 12; with at
/// most one event per month that is also its probability.
inline MonthlyProbability monthly_probability_from_event_rate(RatePerYear rate) {
  return {rate.value / kMonthsPerYear};
}

/// An annual probability spread over twelve independent monthly chances:
/// 1 - (1 - p)^(1/12).
inline MonthlyProbability monthly_probability_from_annual(AnnualProbability p) {
  return {-std::expm1(std::log1p(-p.value) / kMonthsPerYear)};
}

/// Bernoulli draws compare a raw 32-bit word w with a threshold: the event happens iff
/// w < threshold. Probability p maps to round(p * 2^32) (p = 1 saturates at 2^32 - 1).
inline std::uint32_t probability_threshold(double p) {
  if (!(p > 0.0)) return 0;
  const double scaled = std::nearbyint(p * 4294967296.0);
  if (scaled >= 4294967295.0) return 0xFFFFFFFFu;
  return static_cast<std::uint32_t>(scaled);
}

/// The probability a threshold actually realises (what the reference model must use).
inline double threshold_probability(std::uint32_t t) {
  return static_cast<double>(t) / 4294967296.0;
}

/// A uniform double in (0, 1) from one 32-bit word (never 0 or 1).
inline double uniform01(std::uint32_t w) {
  return (static_cast<double>(w) + 0.5) / 4294967296.0;
}

}  // namespace laoxiao
