// A scenario compiled for simulation: its demography (targets solved), capacity and care
// models, built once and shared read-only by every replicate.
#pragma once

#include <memory>
#include <vector>

#include "input/scenario.hpp"
#include "models/care/allocation.hpp"
#include "models/care/capacity.hpp"
#include "models/demography/demography.hpp"

namespace laoxiao {

struct CompiledScenario {
  Scenario scenario;
  std::unique_ptr<DemographyModel> model;
  std::unique_ptr<CapacityModel> capacity;
  std::unique_ptr<CareSetup> care;  // null when the scenario has no capacity
};

/// Builds the models of a scenario; when it sets target_births, the fertility scale is solved
/// with the reference projection. Throws InputError at the key's position when a target cannot
/// be reached.
CompiledScenario compile(const Scenario& s);

/// compile() for each scenario, in parallel.
std::vector<CompiledScenario> compile_all(const std::vector<Scenario>& scenarios);

}  // namespace laoxiao
