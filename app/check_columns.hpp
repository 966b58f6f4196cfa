// The columns that every HDF5 table of target checks shares: a batch's per-place table and a
// sweep's per-point table write one row per target and year with these, after their own
// leading columns (place, point).
#pragma once

#include <vector>

#include "app/h5util.hpp"
#include "models/care/checks.hpp"

namespace laoxiao {

/// A table column of `kind` named `name`, with its English long_name.
h5::Writer::Column table_column(h5::Writer::Column::Kind kind, const char* name,
                                const char* long_name = "");

struct TargetCheckColumns {
  TargetCheckColumns();
  /// Appends row `c` (a target row: kind == "target").
  void add(const CheckRow& c);
  /// `leading`, then key, id, binding, year, text, comparator, target, mean, p05, p95, p_meet,
  /// gap, basis, status.
  std::vector<h5::Writer::Column> after(std::vector<h5::Writer::Column> leading) const;

 private:
  h5::Writer::Column key_, id_, binding_, year_, text_, comparator_, target_, mean_, p05_, p95_,
      p_meet_, gap_, basis_, status_;
};

}  // namespace laoxiao
