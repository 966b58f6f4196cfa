#include "app/cli.hpp"

#include <iostream>

#include "app/commands.hpp"
#include "core/stop.hpp"
#include "laoxiao/version.hpp"
#include "sim/task.hpp"

namespace laoxiao {

namespace {

std::string main_help() {
  std::string out =
      "laoxiao - agent-based population and care-demand simulator for 一老一小 plans\n"
      "\n"
      "Usage: laoxiao <command> [options]\n"
      "\n"
      "Commands:\n";
  for (const Command& c : commands()) {
    std::string name = c.name;
    out +=
        "  " + name + std::string(name.size() < 24 ? 24 - name.size() : 1, ' ') + c.synopsis + "\n";
  }
  out +=
      "\n"
      "Options: --help (on any command), --version\n"
      "Exit codes: 0 success, 1 run-time failure (e.g. disk full), 2 invalid input or arguments,\n"
      "            3 not enough memory for the run, 130/143 stopped by SIGINT/SIGTERM\n"
      "            (a second signal stops at once); no output file is ever left half-written\n";
  return out;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << main_help();
      return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version") {
      std::cout << "laoxiao " << kVersion << "\n";
      return kExitOk;
    }
    Invocation inv;
    inv.args.assign(args.begin() + 1, args.end());
    for (int i = 0; i < argc; ++i) inv.command_line += (i ? " " : "") + std::string(argv[i]);
    for (const Command& c : commands()) {
      if (args[0] != c.name) continue;
      for (const auto& a : inv.args)
        if (a == "--help" || a == "-h") {
          std::cout << c.help;
          return kExitOk;
        }
      return c.run(inv);
    }
    throw UsageError("unknown command '" + args[0] + "' (see laoxiao --help)");
  } catch (const UsageError& e) {
    std::cerr << "laoxiao: " << e.what() << "\n";
    return kExitUsage;
  } catch (const InputError& e) {
    std::cerr << e.diagnostics().format();
    return kExitUsage;
  } catch (const Interrupted& e) {
    std::cerr << "\nlaoxiao: stopped by signal " << e.signal
              << "; no output written, the previous file (if any) is untouched\n";
    return 128 + e.signal;
  } catch (const MemoryBoundExceeded& e) {
    std::cerr << "laoxiao: not enough memory: " << e.what() << "\n";
    return kExitResources;
  } catch (const std::bad_alloc&) {
    std::cerr << "laoxiao: out of memory (more was taken than estimated, or by other processes "
                 "meanwhile); no output written, the previous file (if any) is untouched\n";
    return kExitResources;
  } catch (const std::exception& e) {
    std::cerr << "laoxiao: error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace laoxiao
