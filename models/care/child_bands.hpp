// The childcare age bands (托育机构设置标准（试行）, 国卫人口发〔2019〕58号, 第19-20条): 乳儿班
// 6-11 months, 托小班 12-23 months, 托大班 24-35 months. The one definition of the bands: demand,
// allocation, class caps, staffing and the output labels all read it.
#pragma once

#include <array>

namespace laoxiao {

struct ChildBand {
  int first_month;  // age in completed months
  int last_month;
  const char* label;
  const char* name_zh;
};

inline constexpr int kChildBands = 3;
inline constexpr std::array<ChildBand, kChildBands> kChildBand = {{
    {6, 11, "6-11 months", "乳儿班"},
    {12, 23, "12-23 months", "托小班"},
    {24, 35, "24-35 months", "托大班"},
}};
/// Children are in childcare from the first band's first month until this age in months.
inline constexpr int kChildcareEndMonth = kChildBand[kChildBands - 1].last_month + 1;

/// The band of a child of `age_months`, or -1 outside childcare ages.
inline constexpr int child_band(int age_months) {
  for (int b = 0; b < kChildBands; ++b)
    if (age_months >= kChildBand[b].first_month && age_months <= kChildBand[b].last_month) return b;
  return -1;
}

/// The rule a fixed-length array by band is written in (for messages and docs).
inline constexpr const char* kChildBandRule =
    "one per childcare band: 6-11, 12-23 and 24-35 months";

}  // namespace laoxiao
