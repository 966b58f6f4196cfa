#include "input/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/rng.hpp"
#include "core/toml_read.hpp"
#include "input/registry.hpp"
#include "input/scenario.hpp"

namespace laoxiao {

namespace {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}
std::string short_num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::vector<double> numbers_of(const toml::node& v) {
  std::vector<double> out;
  if (const toml::array* a = v.as_array()) {
    for (const auto& e : *a) out.push_back(e.value<double>().value_or(0.0));
  } else {
    out.push_back(v.value<double>().value_or(0.0));
  }
  return out;
}

/// The bounds of a multiplier that keeps every element inside [lo, hi].
std::pair<double, double> multiplier_bounds(const std::vector<double>& values, double lo,
                                            double hi) {
  double a = -INFINITY, b = INFINITY;
  for (double v : values) {
    if (v > 0) {
      a = std::max(a, lo / v);
      b = std::min(b, hi / v);
    } else if (v < 0) {
      a = std::max(a, hi / v);
      b = std::min(b, lo / v);
    }
  }
  return {std::isfinite(a) ? a : -1e300, std::isfinite(b) ? b : 1e300};
}

constexpr const char* kKeys[] = {"shape",      "low",       "high",   "scale_low",
                                 "scale_high", "reasoning", "source", "draw_with"};

/// Reads an uncertainty table already checked (or reports each problem into `d`).
bool read(const ParamSpec& s, const toml::table& sourced, const std::string& key,
          UncertainParameter& out, Diagnostics& d) {
  const toml::node* node = sourced.get("uncertainty");
  const toml::table* u = node ? node->as_table() : nullptr;
  const std::string ukey = key + ".uncertainty";
  if (!u) {
    d.error(node ? position_of(*node) : position_of(sourced), ukey,
            "expected a table { shape = ..., low = ..., high = ..., reasoning = \"...\" }");
    return false;
  }
  const std::size_t errors = d.size();
  out.position = position_of(*u);
  out.key = key;
  out.unit = s.unit;
  if (!process_owned_key(key)) {
    d.error(out.position, ukey,
            "only the parameters of processes (demography, capacity, demand, staffing, policy, "
            "allocation) can be uncertain; the place, run, horizon, baseline and plan are given");
    return false;
  }
  if (s.kind != ParamKind::kReal && s.kind != ParamKind::kRealArray) {
    d.error(out.position, ukey,
            "only real numbers and arrays of them can be uncertain (this is " +
                std::string(to_string(s.kind)) + ")");
    return false;
  }
  for (auto&& [k, v] : *u) {
    const std::string_view n = k.str();
    if (std::find(std::begin(kKeys), std::end(kKeys), n) == std::end(kKeys)) {
      d.error(position_of(k, v), ukey + "." + std::string(n),
              "unknown key in an uncertainty table (allowed: shape, low, high, scale_low, "
              "scale_high, reasoning, source, draw_with)");
      continue;
    }
    const bool text = n == "shape" || n == "reasoning" || n == "source" || n == "draw_with";
    if (text ? !v.is_string() : !v.is_number())
      d.error(position_of(v), ukey + "." + std::string(n),
              text ? "expected a string" : "expected a number");
    else if (!text && !std::isfinite(v.value<double>().value_or(0.0)))
      d.error(position_of(v), ukey + "." + std::string(n), "expected a finite number");
  }
  if (d.size() != errors) return false;
  const auto text = [&](const char* n) {
    return u->get(n) ? *u->get(n)->value<std::string>() : "";
  };
  const std::string shape = text("shape");
  const auto parsed = distribution_shape(shape);
  if (!u->get("shape")) {
    d.error(out.position, ukey + ".shape", "missing: one of " + distribution_shape_names());
  } else if (!parsed) {
    d.error(position_of(*u->get("shape")), ukey + ".shape",
            "'" + shape + "' is not one of: " + distribution_shape_names());
  }
  out.reasoning = text("reasoning");
  out.source = text("source");
  out.draw_with = text("draw_with");
  if (u->get("draw_with")) {
    const auto* with = ParamRegistry::instance().find(out.draw_with);
    if (!with || out.draw_with == key ||
        (with->kind != ParamKind::kReal && with->kind != ParamKind::kRealArray))
      d.error(position_of(*u->get("draw_with")), ukey + ".draw_with",
              "'" + out.draw_with +
                  "' is not another parameter of real numbers (draw_with names the parameter "
                  "whose random number this one shares, so the two move together)");
  }
  if (out.reasoning.find_first_not_of(" \t") == std::string::npos)
    d.error(u->get("reasoning") ? position_of(*u->get("reasoning")) : out.position,
            ukey + ".reasoning", "every distribution states why its range is what it is");
  const bool absolute = u->get("low") || u->get("high");
  const bool relative = u->get("scale_low") || u->get("scale_high");
  const toml::node* value = sourced.get("value");
  out.array = value && value->is_array();
  out.values = value ? numbers_of(*value) : std::vector<double>{};
  if (absolute == relative) {
    d.error(out.position, ukey,
            "give either low and high (in the parameter's unit) or scale_low and scale_high (a "
            "multiplier of the value)");
  } else if (absolute && out.array) {
    d.error(out.position, ukey,
            "an array is uncertain in its level: give scale_low and scale_high (one multiplier "
            "for every element)");
  } else {
    const char* lo = absolute ? "low" : "scale_low";
    const char* hi = absolute ? "high" : "scale_high";
    for (const char* n : {lo, hi})
      if (!u->get(n)) d.error(out.position, ukey + "." + n, "missing");
  }
  if (d.size() != errors || !parsed || out.values.empty()) return false;
  out.multiplier = relative;
  Distribution& dist = out.distribution;
  dist.shape = *parsed;
  if (relative) {
    dist.low = *u->get("scale_low")->value<double>();
    dist.high = *u->get("scale_high")->value<double>();
    dist.central = 1.0;
    std::tie(dist.lower_bound, dist.upper_bound) = multiplier_bounds(out.values, s.min, s.max);
  } else {
    dist.low = *u->get("low")->value<double>();
    dist.high = *u->get("high")->value<double>();
    dist.central = out.values.front();
    dist.lower_bound = std::isfinite(s.min) ? s.min : -1e300;
    dist.upper_bound = std::isfinite(s.max) ? s.max : 1e300;
  }
  if (std::string p = distribution_problem(dist); !p.empty()) {
    if (relative) p = "multiplier: " + p;
    d.error(out.position, ukey, p);
    return false;
  }
  return true;
}

void collect(const toml::table& t, const std::string& spec_prefix, const std::string& shown,
             const ParamRegistry& reg, std::vector<UncertainParameter>& out) {
  for (auto&& [k, v] : t) {
    const std::string name(k.str());
    const std::string spec_key = spec_prefix.empty() ? name : spec_prefix + "." + name;
    const std::string key = shown.empty() ? name : shown + "." + name;
    const ParamSpec* s = reg.find(spec_key);
    if (!s) {
      if (v.is_table()) collect(*v.as_table(), spec_key, key, reg, out);
      continue;
    }
    if (s->kind == ParamKind::kTableArray) {
      if (const toml::array* a = v.as_array())
        for (std::size_t i = 0; i < a->size(); ++i)
          if (const toml::table* e = a->get(i)->as_table())
            collect(*e, spec_key + "[]", key + "[" + std::to_string(i) + "]", reg, out);
      continue;
    }
    const toml::table* sourced = v.as_table();
    if (!sourced || !sourced->contains("uncertainty")) continue;
    UncertainParameter p;
    Diagnostics d;
    if (read(*s, *sourced, key, p, d)) {
      out.push_back(std::move(p));
    } else {
      throw InputError(d);  // validated before: only reachable on a table that skipped it
    }
  }
}

/// FNV-1a of the key: a parameter's draws do not move when others are added or removed.
std::uint32_t key_hash(const std::string& key) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::vector<double> UncertainParameter::values_at(double level) const {
  if (!multiplier) return {level};
  std::vector<double> v = values;
  for (double& x : v) x *= level;
  return v;
}

std::string UncertainParameter::describe() const {
  const Distribution& d = distribution;
  std::string s = std::string(to_string(d.shape)) + " ";
  const bool quantiles =
      d.shape == DistributionShape::kNormal || d.shape == DistributionShape::kLognormal;
  if (multiplier) s = "x " + s;
  s += (quantiles ? "95% in [" : "on [") + short_num(d.low) + ", " + short_num(d.high) + "]";
  if (!multiplier && !quantiles) s += " around " + short_num(d.central);
  if (!draw_with.empty()) s += ", drawn with " + draw_with;
  return s;
}

void check_uncertainty(const ParamSpec& s, const toml::table& sourced, const std::string& key,
                       Diagnostics& d) {
  UncertainParameter p;
  (void)read(s, sourced, key, p, d);
}

std::vector<UncertainParameter> uncertain_parameters(const toml::table& merged) {
  std::vector<UncertainParameter> out;
  collect(merged, "", "", ParamRegistry::instance(), out);
  std::sort(out.begin(), out.end(),
            [](const UncertainParameter& a, const UncertainParameter& b) { return a.key < b.key; });
  return out;
}

std::vector<double> draw_levels(const std::vector<UncertainParameter>& params, std::uint64_t seed,
                                std::uint32_t replicate) {
  const RngKey rk{seed, replicate, 0};
  std::vector<double> out;
  out.reserve(params.size());
  for (const auto& p : params) {
    const auto w = rk.draw(key_hash(p.stream_key()), 0, Stream::kParameters);
    // 53 random bits, centred in their cell: never exactly 0 or 1.
    const std::uint64_t bits = (static_cast<std::uint64_t>(w[0]) << 21) ^ (w[1] >> 11);
    const double u = (static_cast<double>(bits & ((1ULL << 53) - 1)) + 0.5) / 9007199254740992.0;
    out.push_back(p.distribution.quantile(u));
  }
  return out;
}

std::vector<Override> draw_overrides(const std::vector<UncertainParameter>& params,
                                     const std::vector<double>& levels, std::uint32_t replicate) {
  std::vector<Override> out;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto v = params[i].values_at(levels[i]);
    std::string text;
    if (params[i].array) {
      text = "[";
      for (std::size_t j = 0; j < v.size(); ++j) text += (j ? ", " : "") + num(v[j]);
      text += "]";
    } else {
      text = num(v.front());
    }
    out.push_back({params[i].key, text,
                   "replicate " + std::to_string(replicate) + "'s draw of " + params[i].key});
  }
  return out;
}

}  // namespace laoxiao
