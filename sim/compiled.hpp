// A scenario compiled for simulation: its demography (targets solved), capacity and care
// models, built once and shared read-only by every replicate.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "input/scenario.hpp"
#include "models/care/allocation.hpp"
#include "models/care/capacity.hpp"
#include "models/demography/demography.hpp"

namespace laoxiao {

/// A calibration target and how the compile step met it: the figure, what the model expected
/// before its own adjustment (the census-based projection), what it expects after, the factor.
struct CalibrationRecord {
  std::string what;  // "births" or "residents"
  std::string key;   // the scenario key of the target
  int year = 0;
  int first_month = 1, last_month = 12;
  double target = 0, before = 0, after = 0, factor = 1;
};

struct CompiledScenario {
  Scenario scenario;
  std::unique_ptr<DemographyModel> model;
  std::unique_ptr<CapacityModel> capacity;
  std::unique_ptr<CareSetup> care;  // null when the scenario has no capacity
  std::vector<CalibrationRecord> calibration;
};

/// Builds the models of a scenario and meets its calibration targets with the reference
/// projection: resident totals by scaling net migration, then births (a year or some of its
/// months) by adjusting that year's fertility. Throws InputError at the key's position when a
/// target cannot be reached.
CompiledScenario compile(const Scenario& s);

/// compile() for each scenario, in parallel.
std::vector<CompiledScenario> compile_all(const std::vector<Scenario>& scenarios);

/// One line per calibration record, e.g. "births 2022-01..10: target 2573, census-based
/// projection 4012, calibrated 2573 (x0.641)".
std::string format_calibration(const CalibrationRecord& r);

}  // namespace laoxiao
