// The commands of the laoxiao binary, one function each, and what they share.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "input/scenario.hpp"

namespace laoxiao {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;      // bad arguments or invalid input files
inline constexpr int kExitResources = 3;  // the run would not fit in memory

/// A bad command line (exit code 2), reported as "laoxiao: <message>".
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// What a command is given: its arguments and the whole command line (for the output).
struct Invocation {
  std::vector<std::string> args;
  std::string command_line;
};

struct Command {
  const char* name;
  const char* synopsis;  // one line for `laoxiao --help`
  std::string help;      // `laoxiao <name> --help`
  int (*run)(const Invocation&);
};

/// Every command, in the order `laoxiao --help` lists them.
const std::vector<Command>& commands();

int cmd_run(const Invocation& inv);
int cmd_validate(const Invocation& inv);
int cmd_audit(const Invocation& inv);
int cmd_params(const Invocation& inv);
int cmd_defaults(const Invocation& inv);
int cmd_sweep(const Invocation& inv);

/// `laoxiao sweep --help`.
const char* sweep_help();
/// validate on a sweep file: the file, every point's scenarios; prints OK or the errors.
int validate_sweep_file(const std::string& file);

/// Takes an override option at args[i] (--set KEY=VALUE; --seed S, --replicates N, --sample F
/// for the [run] keys; --capacity R for capacity.reading), advancing i past its value; false if
/// args[i] is none.
bool take_override(const std::vector<std::string>& args, std::size_t& i,
                   std::vector<Override>& out);

/// The one load-and-diagnose step: every scenario of every file, with the overrides applied;
/// all problems of all files are reported together (InputError).
std::vector<Scenario> load_all(const std::vector<std::string>& files,
                               const std::vector<Override>& overrides = {});

}  // namespace laoxiao
