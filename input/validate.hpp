// Checks a merged scenario table against the parameter registry: unknown keys (with "did you
// mean"), types, units of sourced values, bounds and choices; and required keys.
#pragma once

#include "core/toml.hpp"

#include "core/diagnostics.hpp"

namespace laoxiao {

class ParamRegistry;

/// Every key of `merged` against its declaration (tables of arrays included), in `registry`
/// (the scenario keys when null).
void validate_keys(const toml::table& merged, Diagnostics& d,
                   const ParamRegistry* registry = nullptr);

/// Every required key (outside arrays of tables, which check their own) present in `merged`;
/// missing ones are reported at `where`.
void check_required_keys(const toml::table& merged, const SourcePos& where, Diagnostics& d,
                         const ParamRegistry* registry = nullptr);

}  // namespace laoxiao
