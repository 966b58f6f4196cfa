// A pre-scan of scenario text before it reaches toml++ 3.3 (whose parser crashes or recurses
// without bound on some malformed inputs): size, UTF-8, bare non-ASCII words, key parts,
// nesting and empty table headers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "core/paths.hpp"

namespace laoxiao {

struct TextProblem {
  SourcePos pos;
  std::string message;
};

/// The first problem of raw scenario text that the TOML parser must not see, if any.
std::optional<TextProblem> scenario_text_problem(const std::string& text, const std::string& file);

}  // namespace laoxiao
