// The command-line front end: a table of commands (app/commands.hpp) and the exit codes.
#pragma once

namespace laoxiao {

/// Runs the command line; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace laoxiao
