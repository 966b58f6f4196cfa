#include "app/cli.hpp"

int main(int argc, char** argv) {
  return laoxiao::run_cli(argc, argv);
}
