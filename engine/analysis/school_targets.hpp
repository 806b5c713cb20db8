#pragma once
// The school-completion figures that calibration fits and tests check,
// computed from a run's datasets (first scenario, all replications pooled).
#include <map>
#include <string>
#include <vector>

#include "run_result.hpp"

namespace elevsim {

// How calibration measures a target and which coefficient it moves, as
// targets.toml defines it (read by calibrate's read_targets; see the file's head).
struct TargetDefinition {
  // mental health, on the twin: "share" of pupils in `states` (bit k = state k)
  // over grades [g0, g1]; "ratio" of that share between two cell groups
  // (ratio_of / ratio_to); "persistence" of state 1 after grade g0's transition,
  // averaged over years_later [y0, y1]
  std::string measure;
  unsigned states = 0;
  int g0 = 0, g1 = 0, y0 = 0, y1 = 0;
  std::string ratio_of, ratio_to;
  int coefficient = -1, band = -1;  // the free coefficient (calibrate's list) and its band, if per band
  // schooling and county groups, on the microsimulation: the step towards the
  // target is taken in `step` ("logit", "log", "linear"), divided by `gain` (logit,
  // log) or multiplied by it (linear): how strongly and which way the coefficient moves the figure
  std::string step;
  double gain = 0;
};

struct Target {
  // "mental_health" (fitted on the twin), "schooling" (on the microsimulation), or a
  // county group (kCountyGroups): key = county, value = published county figure minus
  // national in percentage points, fitted = the model's, pinning that county's term.
  std::string group;
  std::string key, source;
  double value = 0;      // what the sources say
  double fitted = 0;     // what the model gives
  std::string fits;      // the coefficient it pins down
  double tolerance = 0;  // county groups: allowed |fitted - value|, percentage points
  TargetDefinition def;
};

// The county target groups of targets.toml, each a [group] with source and
// tolerance_pp and a [group.diff_pp] table county = difference from national.
inline const char* const kCountyGroups[] = {"county_completion", "county_vocational_share"};

class TomlTable;
// Appends the county groups present in targets.toml's root table.
void read_county_groups(const TomlTable& root, std::vector<Target>& out);
// Only the county groups, from targets.toml's text (e.g. a run's targets_toml attribute).
std::vector<Target> read_county_targets(const std::string& toml_text, const std::string& origin);

struct SchoolFigures {
  double vocational_share = 0, vocational_share_boys = 0;
  double exit_after_vg1 = 0, exit_after_vg2 = 0;
  double completion = 0, completion_boys = 0, completion_girls = 0;
  double completion_general = 0, completion_vocational = 0;
  double noncompletion_ratio_low_high = 0, completion_gap_immigrant = 0, noncompletion_ratio_disorder = 0;
  // per county of population.csv: completion and vocational share of entrants
  std::vector<double> county_completion, county_vocational;
  std::map<std::string, double> by_key() const;
};

// Model minus national of a county group, in percentage points.
double county_diff_pp(const std::string& group, const SchoolFigures& f, size_t county);

// Pools every complete entry cohort and replication (or one replication, r >= 0).
SchoolFigures school_figures(const ScenarioResult& s, int replication = -1);

}  // namespace elevsim
