// A figure that the document does not state, derived from figures it does (or from the census
// or a default), with the rule that derives it: `derived = { from = [keys], rule = "…" }` on a
// capacity entry, an indicator's baseline or target, or a fact. Derived values are data: the
// input layer checks that every `from` names something that exists, `laoxiao validate` lists
// them with their rules, the output carries them, and a check row whose capacity was derived
// from its own target is an assumption, not a check.
#pragma once

#include <string>
#include <vector>

#include "core/params.hpp"

namespace laoxiao {

struct Derivation {
  /// What it is derived from: keys of the plan's indicator rows, facts or capacity entries, or
  /// an outside source "census" (the baseline census counts) or "param:KEY" (a scenario key).
  std::vector<std::string> from;
  std::string rule;

  bool present() const { return !rule.empty() || !from.empty(); }
};

/// The keys of `derived` inside the entries declared under `owner` (e.g. "capacity.stock[]"),
/// read at `at` relative to each entry ("derived", or "baseline.derived" inside a sub-table).
const ParamFields<Derivation>& derivation_fields(const std::string& owner,
                                                 const std::string& at = "derived");

}  // namespace laoxiao
