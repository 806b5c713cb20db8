#pragma once
// The school-completion figures that calibration fits and tests check,
// computed from a run's datasets (first scenario, all replications pooled).
#include <map>
#include <string>

#include "run_result.hpp"

namespace elevsim {

struct SchoolFigures {
  double vocational_share = 0, vocational_share_boys = 0;
  double exit_after_vg1 = 0, exit_after_vg2 = 0;
  double completion = 0, completion_boys = 0, completion_girls = 0;
  double completion_general = 0, completion_vocational = 0;
  double noncompletion_ratio_low_high = 0, completion_gap_immigrant = 0, noncompletion_ratio_disorder = 0;
  std::map<std::string, double> by_key() const;
};

// Pools every complete entry cohort and replication (or one replication, r >= 0).
SchoolFigures school_figures(const ScenarioResult& s, int replication = -1);

}  // namespace elevsim
