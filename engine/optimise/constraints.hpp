#pragma once
// The limits planners live with, for `elevsim optimise --constraint`: a bound
// on one of the model's outputs, nationally, in one county or in every county,
// that every candidate is checked against.
//
//   OUTPUT[SELECTOR] OP BOUND[@P]
//
// OUTPUT one of kConstraintOutputs; SELECTOR absent (Norway), `county` (each
// county, one row per county) or a county's name; OP `<=` or `>=`; BOUND a
// number, `today` (the no-grant reference, i.e. without the money) or `base`
// (the base allocation at the same budget), either optionally followed by
// `+X` or `-X`. Without `@P` the constraint holds on the expected value (the
// mean over the replications); with `@P` (0 < P <= 1) it must hold in at
// least a share P of the PSA draws (replications), each draw paired with the
// bound's own value in that draw.
#include <string>
#include <vector>

namespace elevsim {

struct ScenarioResult;

enum class Output { BupWait, BupSchoolWait, SchoolHealthWait, MunicipalWait, Completion, SesGap, Money, Disorder };

struct OutputInfo {
  Output id;
  const char* name;
  const char* unit;
  const char* meaning;
  bool nonnegative;  // a bound below zero cannot be meant
};
const std::vector<OutputInfo>& constraint_outputs();

enum class Bound { Number, Today, Base };

struct Constraint {
  std::string text;  // as given on the command line
  Output output = Output::BupWait;
  int county = -1;   // -1 Norway, -2 every county, >= 0 that county
  bool upper = true;  // <=
  Bound bound = Bound::Number;
  double number = 0;  // the bound, or the offset added to today's or the base's value
  double probability = 0;  // 0: expected value; else the chance form's share of draws
};

// Parses one --constraint; county names are matched without regard to case.
// Throws InputError naming the option, the expression and what is wrong.
Constraint parse_constraint(const std::string& text, const std::vector<std::string>& county_names);
// Refuses sets no allocation can meet whatever the model does: a numeric lower
// bound above an upper bound on the same output and place, county money
// adding up to more than the budget, money beyond the budget.
void check_constraint_set(const std::vector<Constraint>& cs, int counties, double budget_max);

// One row per constraint and place it binds: every county for `[county]`.
struct ConstraintRow {
  int constraint = 0;
  int county = -1;  // -1 Norway
};
std::vector<ConstraintRow> constraint_rows(const std::vector<Constraint>& cs, int counties);

// The outputs the rows bound, per replication: values[row * R + r].
std::vector<double> row_values(const ScenarioResult& sr, const std::vector<Constraint>& cs,
                               const std::vector<ConstraintRow>& rows);

// A row judged at one candidate: its value (mean over replications), its
// bound (the mean of the bound's values), slack (>= 0: holds; in the
// output's unit: the mean's margin, or for the chance form the margin that
// the required share of draws keeps) and the share of draws it holds in.
struct RowJudgement {
  double value = 0, bound = 0, slack = 0, share_holding = 0;
};
RowJudgement judge_row(const Constraint& c, const double* value, const double* today, const double* base, int R);

std::string row_label(const std::vector<Constraint>& cs, const ConstraintRow& row,
                      const std::vector<std::string>& county_names);

}  // namespace elevsim
