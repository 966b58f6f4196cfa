// The command-line front end (laoxiao run | validate | params | defaults).
#pragma once

namespace laoxiao {

/// Runs the command line; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace laoxiao
