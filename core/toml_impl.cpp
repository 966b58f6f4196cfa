// The one translation unit that compiles toml++'s implementation (see sim/toml.hpp).
#define TOML_IMPLEMENTATION
#include "core/toml.hpp"

namespace laoxiao {
void toml_check_failed(const char* expr) {
  throw TomlCheckFailed(std::string("the TOML parser's internal check failed (") + expr + ")");
}
}  // namespace laoxiao
