// toml++ as laoxiao uses it. The implementation is compiled into laoxiao (sim/toml_impl.cpp)
// rather than taken from the shared library, so that sanitizers and the fuzzer see the parser,
// and so that its internal checks report an error instead of aborting (or, in release builds
// of the library, becoming undefined-behaviour assumptions). Always include this header, never
// <toml++/toml.h> directly: every translation unit must see the same configuration.
#pragma once

#include <stdexcept>
#include <string>

namespace laoxiao {
/// Thrown when one of toml++'s internal checks fails on malformed input.
struct TomlCheckFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void toml_check_failed(const char* expr);
}  // namespace laoxiao

#ifdef NDEBUG
#define LAOXIAO_RESTORE_NDEBUG
#undef NDEBUG  // toml++ drops TOML_ASSERT under NDEBUG; keep ours
#endif
#define TOML_ASSERT(expr) ((expr) ? static_cast<void>(0) : ::laoxiao::toml_check_failed(#expr))
#define TOML_HEADER_ONLY 0
#define TOML_MAX_NESTED_VALUES 64
#include <toml++/toml.h>
#ifdef LAOXIAO_RESTORE_NDEBUG
#define NDEBUG
#undef LAOXIAO_RESTORE_NDEBUG
#include <cassert>
#endif
