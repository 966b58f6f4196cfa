#include "app/check_columns.hpp"

namespace laoxiao {

using Column = h5::Writer::Column;

Column table_column(Column::Kind kind, const char* name, const char* long_name) {
  Column c;
  c.name = name;
  c.kind = kind;
  c.long_name = long_name;
  return c;
}

TargetCheckColumns::TargetCheckColumns()
    : key_(table_column(Column::kStrings, "key", "row key in the plan")),
      id_(table_column(Column::kStrings, "id", "catalog indicator")),
      binding_(table_column(Column::kInts, "binding", "1: binding")),
      year_(table_column(Column::kInts, "year")),
      text_(table_column(Column::kStrings, "text", "as written")),
      comparator_(table_column(Column::kStrings, "comparator", "how the target is read")),
      target_(table_column(Column::kReals, "target")),
      mean_(table_column(Column::kReals, "mean", "mean over replicates")),
      p05_(table_column(Column::kReals, "p05", "5th percentile over replicates")),
      p95_(table_column(Column::kReals, "p95", "95th percentile over replicates")),
      p_meet_(table_column(Column::kReals, "p_meet", "share of replicates meeting the target")),
      gap_(table_column(Column::kReals, "gap", "mean - target")),
      basis_(table_column(Column::kStrings, "basis",
                          "computed, assumed (capacity derived from the figure) or exogenous")),
      status_(table_column(Column::kStrings, "status")) {}

void TargetCheckColumns::add(const CheckRow& c) {
  key_.strings.push_back(c.key);
  id_.strings.push_back(c.id);
  binding_.ints.push_back(c.binding ? 1 : 0);
  year_.ints.push_back(c.year);
  text_.strings.push_back(c.text.empty() ? "-" : c.text);
  comparator_.strings.push_back(c.comparator);
  target_.reals.push_back(c.target);
  mean_.reals.push_back(c.mean);
  p05_.reals.push_back(c.p05);
  p95_.reals.push_back(c.p95);
  p_meet_.reals.push_back(c.p_meet);
  gap_.reals.push_back(c.gap);
  basis_.strings.push_back(c.basis);
  status_.strings.push_back(c.status);
}

std::vector<Column> TargetCheckColumns::after(std::vector<Column> leading) const {
  for (const Column* c : {&key_, &id_, &binding_, &year_, &text_, &comparator_, &target_, &mean_,
                          &p05_, &p95_, &p_meet_, &gap_, &basis_, &status_})
    leading.push_back(*c);
  return leading;
}

}  // namespace laoxiao
