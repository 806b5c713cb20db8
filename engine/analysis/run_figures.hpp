#pragma once
// Named figures of one scenario of a finished run, per replication, for
// `elevsim validate` and the report's validation table. Figures that
// `elevsim summary` or calibration already compute come from their code
// (headline_indicators, planner_levels, school_figures); the rest are sums
// over the datasets with Query.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "school_targets.hpp"
#include "summary.hpp"
#include "tally.hpp"

namespace elevsim {

struct Figure {
  bool measured = false;  // false: a run file cannot give this figure
  std::string unit;       // "share" (fraction), "share_pp" (difference of fractions), "ratio", "pp", "days", "weeks"
  std::vector<double> per_replication;
};

class RunFigures {
 public:
  RunFigures(std::string path, std::string scenario);
  // The figure of this name (see README.md, `elevsim validate`), or measured = false;
  // "param:SECTION.KEY": an uncertain parameter's value in each replication (its PSA draw);
  // county: only that county's pupils, for the figures that allow it ("" = all).
  Figure get(const std::string& name, const std::string& county = "");
  std::vector<std::string> counties();
  long replications();

 private:
  bool has(const std::string& name);
  const Dataset& data(const std::string& name);
  const Indicator* headline(const std::string& key);
  const std::vector<SchoolFigures>& school();
  double state_share(long r, long year, bool any, int g0, int g1, int sex, int ses);
  Figure mental_health(const std::string& name);
  Figure problem_types(const std::string& name);  // prevalence by problem type (mental_health's)
  Figure services(const std::string& name);
  Figure schooling(const std::string& name);
  Figure county_completion_diff(const std::string& county);
  Figure parameter(const std::string& name);
  Figure school_service(const std::string& name, int county);

  std::string path_, scenario_;
  std::map<std::string, Dataset> cache_;
  std::vector<Indicator> headline_;
  bool headline_read_ = false;
  std::vector<SchoolFigures> school_;
};

// Where the non-completers of each scenario stand at their deadline, for the report.
struct NoncompleterShares {
  std::vector<std::string> statuses;  // labels of the `status` scale
  std::vector<Indicator> shares;      // per scenario, one per status (key = status), share of non-completers
};

// Empty when the run holds no complete entry cohort.
NoncompleterShares collect_noncompleters(const std::string& path, const std::vector<std::string>& scenarios);

}  // namespace elevsim
