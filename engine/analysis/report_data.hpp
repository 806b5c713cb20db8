#pragma once
// Everything the report and the CSV export show, computed from a run's HDF5
// file: key figures (the same code as `elevsim summary`), yearly series with
// intervals, results by county and the socioeconomic gap. Datasets that a run
// does not hold are skipped, so later modules' outputs appear when present.
#include <cmath>
#include <string>
#include <vector>

#include "ladder.hpp"
#include "run_figures.hpp"
#include "decision.hpp"
#include "summary.hpp"
#include "validate.hpp"

namespace elevsim {

struct ScenarioMeta {
  std::string name, description, scenario_toml, params_toml;
  std::string description_en;  // the English description, when the scenario file gives one
  std::string targets_toml;    // params/targets.toml of the run (published figures)
};

// One budget of the optimiser's frontier (/optimisation): the best objective found.
struct FrontierPoint {
  double budget_nok = 0, mean = 0, lo = 0, hi = 0;
  double base_mean = 0;  // the base file's own allocation at this budget (NaN if not stored)
};

// One constraint row of the optimiser at its answer (/optimisation/budget_<k>).
struct ConstraintRowReport {
  std::string label, unit;
  double value = 0, bound = 0, slack = 0, share_holding = 0;
  bool binds = false;
};

// Mean and 95 % interval over replications of one point of a yearly series.
struct BandPoint {
  std::string scenario, group;  // group: a label of an extra dimension such as `service`, else ""
  long year = 0;
  double mean = 0, lo = 0, hi = 0;
  double lo50 = 0, hi50 = 0;  // the 50 % band (25th and 75th percentiles), for `elevsim serve`'s choice of band
};

struct SeriesChart {
  // translation key: "prev_any", "prev_disorder", "ses_gap_any", "dataset:<name>", or
  // "diff:<key>" for the paired difference of <key>'s scenarios from the reference
  std::string key;
  std::string title_en;  // English fallback title
  std::string unit;      // "%", "pp" or the dataset's units
  std::string group_dim; // name of the dimension in BandPoint::group, or ""
  std::vector<BandPoint> points;
};

struct CountyRow {
  std::string county;
  Comparison figure;  // state >= 1 prevalence in the last year, with the paired difference
};

// Completion within 5/6 years by county (reference scenario, every complete
// entry cohort pooled) beside the published county figure of targets.toml.
struct CountyCompletionRow {
  std::string county;
  Indicator model;                 // completion, %, over replications
  double model_diff_pp = NAN;      // county minus national, mean over replications
  double published_diff_pp = NAN;  // NaN: no published figure for this county
  double tolerance_pp = NAN;
};

struct DatasetInfo {
  std::string name, units, description;
  std::string weighted_by;  // attribute `weighted_by`: a sibling count that averages this mean over groups
  std::vector<std::string> dims;
  std::vector<unsigned long long> shape;
};

struct ReportData {
  RunInfo info;
  std::vector<ScenarioMeta> scenarios;
  std::vector<Comparison> key_figures;  // compare_indicators(headline_indicators(path))
  std::vector<SeriesChart> charts;
  std::vector<CountyRow> counties;      // grouped by scenario, counties in file order
  long county_year = 0;
  std::vector<Comparison> ses_gap;      // low minus high ses, first and last year
  std::vector<CountyCompletionRow> county_completion;  // empty when the run has no complete entry cohort
  long completion_first_entry = 0, completion_last_entry = 0;  // Vg1 entry years pooled
  std::string completion_source;  // targets.toml's source of the published figures
  NoncompleterShares noncompleters;     // where non-completers stand at their deadline
  Validation validation;                // `elevsim validate` of the reference; no checks without validation.toml
  std::vector<Indicator> comparisons;   // /comparisons: paired differences from the reference
  DecisionUncertainty decision;         // /decision: CEAC and EVPI (empty for one scenario)
  std::string frontier_objective;       // /optimisation: the objective searched, "" when absent
  std::vector<FrontierPoint> frontier;  // best objective by budget, ascending
  double frontier_target = NAN;         // `optimise --target`: the value to reach (NaN: none)
  double frontier_answer_nok = NAN;     // ... and the least budget found to reach it
  std::string risk_form;                // "mean", or "quantile Q" (`--risk-quantile`); "" without an optimisation
  std::vector<ConstraintRowReport> constraints;  // `--constraint` rows at the answer (the target's, else the first budget's)
  Ladder ladder;                        // /ladder: the effect ladder; empty without `run --ladder`
};

// params_dir: where targets.toml and validation.toml are ("": find_params_dir's default).
ReportData collect_report_data(const std::string& path, const std::string& params_dir = "");

// The datasets of one scenario group with their dimension names (from the
// attached dimension scales), in creation order; scales themselves excluded.
std::vector<DatasetInfo> list_datasets(const std::string& path, const std::string& scenario);
// Dimension labels of a scale as text (numbers printed as integers).
std::vector<std::string> scale_labels(const std::string& path, const std::string& scenario, const std::string& dim);
// True for units that add up across groups (counts, money); means and rates do
// not, and are charted only when they name their weights (`weighted_by`).
bool additive_units(const std::string& units);

}  // namespace elevsim
