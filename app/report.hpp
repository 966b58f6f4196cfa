// Text reports on stdout: the run summary, each plan's check table (binding misses first) and
// the plan audit. Column widths count CJK characters as two columns.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/runner.hpp"

namespace laoxiao {

/// Display width of UTF-8 text in a terminal.
int display_width(const std::string& s);
/// `s` padded to `width` columns; text that would touch the next column is cut and ends in
/// "…", so that one space always separates columns.
std::string fit(const std::string& s, int width);

void print_summary(std::ostream& o, const std::vector<ScenarioRun>& runs,
                   const std::vector<std::string>& names);
void print_checks(std::ostream& o, const ScenarioRun& run, const std::string& name);
/// For a batch: how many places meet each target.
void print_batch(std::ostream& o, const std::vector<ScenarioRun>& runs, const std::string& name,
                 const std::vector<std::size_t>& members);
void print_audit(std::ostream& o, const Scenario& s, const std::vector<AuditFinding>& findings);

}  // namespace laoxiao
