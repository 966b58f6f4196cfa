// The commands of the laoxiao binary, one function each, and what they share.
#pragma once

#include <atomic>
#include <charconv>
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

/// A number given on the command line, all of `text` (UsageError naming `opt` otherwise).
template <typename T>
T parse_number(const std::string& opt, const std::string& text) {
  T v{};
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size())
    throw UsageError(opt + ": '" + text + "' is not a valid number");
  return v;
}

/// The first SIGINT or SIGTERM, once install_signal_handlers() has run (0 before): a run or a
/// sweep reads it between months and stops cleanly.
std::atomic<int>& stop_signal();
/// The first SIGINT/SIGTERM sets stop_signal(); a second stops at once, removing the outputs'
/// temporaries (a sweep's task files are atomic: the next run removes the rest). SIGXFSZ is
/// ignored, so that past a file-size limit (ulimit -f) writes fail with EFBIG and are reported
/// like a full disk, instead of the process being killed with its temporary file left behind.
void install_signal_handlers();

/// The one load-and-diagnose step: every scenario of every file, with the overrides applied;
/// all problems of all files are reported together (InputError).
std::vector<Scenario> load_all(const std::vector<std::string>& files,
                               const std::vector<Override>& overrides = {});

}  // namespace laoxiao
