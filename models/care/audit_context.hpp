// What the audit rules share (models/care/audit.cpp builds it, models/care/audit_rules.cpp
// reads it): the plan's figures as statements of catalog quantities, both capacity readings,
// and small helpers for numbers in messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/care/audit.hpp"

namespace laoxiao {

/// One figure of the plan: a quantity (catalog id, or "other:<name>") in a year.
struct Statement {
  std::string quantity;
  int year = 0;
  double value = 0;
  std::string comparator = "=";
  bool target = false;    // a promise for the year, not a stated level
  bool promised = false;  // a capacity.planned entry: the promise the scenario builds
  bool table = false;     // stated in an indicator table (its location names a 表)
  std::string basis;      // resident | registered | "" (unspecified)
  std::string definition;
  double precision = 0;  // stated precision, in the value's unit
  AuditFigure fig;
};

struct AuditContext {
  const AuditInputs& in;
  std::vector<Statement> statements;
  CapacityModel funded, promised;  // the two capacity readings of the plan

  /// A population quantity of the census-based projection at the end of `year` (NaN for other
  /// quantities, and for births of a partial year).
  double projected(const std::string& quantity, int year) const;
  /// The simulated 5th and 95th percentiles of a catalog quantity, when simulated.
  std::optional<std::pair<double, double>> simulated_range(const std::string& quantity,
                                                           int year) const;
};

/// "English name (中文名)" of a catalog quantity, or the row name of "other:<name>".
std::string name_of(const std::string& quantity);
std::string num(double v);
std::string pct(double share);
/// Whether two statements may state the same figure: bases agree (an unstated basis agrees with
/// either) and definitions are the same.
bool comparable(const Statement& a, const Statement& b);

// The rules (models/care/audit_rules.cpp).
void rule_conflicts(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_ratios(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_unfunded(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_conversions(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_shares(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_share_units(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_population(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_staffing(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_below_baseline(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_reached_already(const AuditContext& c, std::vector<AuditFinding>& out);
void rule_copied_column(const AuditContext& c, std::vector<AuditFinding>& out);

}  // namespace laoxiao
