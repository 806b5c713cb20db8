#pragma once
// `elevsim export --csv DIR`: a run's results as tidy CSV for analysts.
//   tidy.csv             one row per scenario, replication, year and group
//                        (county, sex, ses, grade), one column per dataset;
//   tidy_<dims>.csv      the same for datasets with other dimensions (e.g. service);
//   summary.csv          key figures: mean, 2.5 and 97.5 percentiles, and the paired
//                        difference from the reference scenario;
//   summary_by_year.csv  the report's yearly series: mean and interval per year.
//   optimisation_frontier.csv, optimisation_trace.csv  files of `elevsim optimise`:
//                        the best allocation per budget, and every candidate evaluated.
#include <string>
#include <vector>

namespace elevsim {

// Returns the files written (paths), each written through a temporary name.
std::vector<std::string> export_csv(const std::string& h5_path, const std::string& dir);

std::string csv_field(const std::string& s);

}  // namespace elevsim
