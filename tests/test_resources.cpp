// The memory estimate that lets `laoxiao run` refuse runs too large for the machine.
#include <gtest/gtest.h>

#include "app/resources.hpp"
#include "input/scenario.hpp"
#include "sim/engine.hpp"
#include "test_util.hpp"

namespace laoxiao {
namespace {

TEST(Resources, MemorySizesParseInPowersOf1024) {
  EXPECT_EQ(parse_memory_size("1000"), 1000u);
  EXPECT_EQ(parse_memory_size("512M"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("512MB"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("8G"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("1.5GiB"), 3ull << 29);
  EXPECT_EQ(parse_memory_size("2t"), 2ull << 40);
  for (const char* bad : {"", "G", "-1G", "0", "12X", "1e30", "nan", "1GG"})
    EXPECT_THROW(parse_memory_size(bad), std::invalid_argument) << bad;
  EXPECT_EQ(format_bytes(512), "512 bytes");
  EXPECT_EQ(format_bytes(3ull << 29), "1.5 GiB");
}

TEST(Resources, TheEstimateCoversTheStoreASimulationReserves) {
  test::TempDir dir;
  Scenario s = load_scenario(dir.write("p.toml", test::small_place(400000.0)));
  s.run.replicates = 3;
  auto runs = prepare_runs({s});
  const MemoryEstimate one = estimate_memory(runs, 1);
  EngineOptions eo;
  eo.sample = s.run.sample;
  Simulation sim(*runs[0].compiled.model, eo);
  sim.initialize();
  const auto reserved = sim.population().bytes_reserved();
  EXPECT_GE(one.simulations, reserved);
  EXPECT_LT(one.simulations, reserved + (2u << 20));
  EXPECT_EQ(one.side_by_side, 1);
  EXPECT_EQ(one.largest_place, "testville");
  // Two threads run two replicates of a small place side by side; a tenth of the sample
  // needs about a tenth of the store.
  const MemoryEstimate two = estimate_memory(runs, 2);
  EXPECT_EQ(two.side_by_side, 2);
  EXPECT_EQ(two.simulations, 2 * one.simulations);
  runs[0].compiled.scenario.run.sample = 0.1;
  const MemoryEstimate tenth = estimate_memory(runs, 1);
  EXPECT_NEAR(static_cast<double>(tenth.simulations) - (1u << 20),
              0.1 * static_cast<double>(one.simulations - (1u << 20)),
              0.02 * static_cast<double>(one.simulations));
}

TEST(Resources, AvailableMemoryIsReadFromTheSystem) {
  const auto limit = available_memory();
  ASSERT_TRUE(limit.has_value());
  EXPECT_GT(limit->bytes, 16ull << 20);
  EXPECT_FALSE(limit->source.empty());
}

}  // namespace
}  // namespace laoxiao
