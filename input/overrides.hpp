// Overrides of scenario keys from the command line (`--set KEY=VALUE`, and --seed, --replicates
// and --sample): applied to the merged scenario after its extends chain and before validation,
// so an override gets the same type, unit and bounds checks and the same error format as a
// value written in a file, and the resolved scenario stored in the output shows it.
#pragma once

#include "core/toml.hpp"

#include <string>
#include <vector>

#include "core/diagnostics.hpp"

namespace laoxiao {

struct Override {
  std::string key;     // dotted path; arrays of tables by index: capacity.projects[0].opens
  std::string value;   // TOML value text; anything that is not TOML is taken as a string
  std::string origin;  // how the user wrote it ("--set k=v", "--seed 7"), for messages
};

/// Parses "KEY=VALUE" as given to --set. Throws InputError (at the argument) on another form.
Override parse_set_argument(const std::string& argument);

/// Sets each override's key in `merged`, in order. A key inside a sourced value keeps its
/// table and records the override as its source.
void apply_overrides(toml::table& merged, const std::vector<Override>& overrides, Diagnostics& d);

}  // namespace laoxiao
