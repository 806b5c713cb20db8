#pragma once
// One replication of one scenario: the pupils plus an ordered list of
// modules. Every module has the same life cycle: init once, step once per
// year (in list order), then hand over its results. Sim knows the model's
// parameters but not the scenario: the caller builds the module list
// (run/modules.hpp) and gives the first simulated year.
#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "model_params.hpp"
#include "people.hpp"
#include "rng.hpp"
#include "service_catalogue.hpp"
#include "tally.hpp"

namespace elevsim {

class Sim;

// What policy changes this year, per county, in the model's own terms. The
// policy layer (policy/interventions) sets them before the processes that
// read them step; no model module knows which intervention pulled a lever.
struct Levers {
  std::vector<double> identification_shift;  // log-odds of identification by school staff
  std::vector<double> helpseeking_shift;     // log-odds of low-threshold help-seeking
  std::array<std::vector<double>, kServices> extra_fte;  // [service][county]: FTE added to the service's staff
  void reset(int counties) {
    identification_shift.assign(counties, 0.0);
    helpseeking_shift.assign(counties, 0.0);
    for (auto& v : extra_fte) v.assign(counties, 0.0);
  }
};

// The pupil fields (members of People) a module writes and reads, as
// space-separated names: the declared interface between modules. Each field
// has one writing module (population synthesis sets the fixed ones first);
// tests/test_module_fields.py checks the lists against the code and the
// README's architecture table.
struct PupilFields {
  std::string_view writes, reads;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual const char* name() const = 0;
  virtual void init(Sim& sim) = 0;
  virtual void step(Sim& sim, int t) = 0;  // t = year index, 0-based
  virtual void results(Sim& sim, std::vector<Dataset>& out) = 0;
  // A copy of this module's state, to carry one replication's warm start over
  // to the other scenarios of a run (run/shared_warm_start.cpp); nullptr: this
  // module cannot be copied, and each scenario runs its warm start itself.
  // A copyable module keeps no pointer into sim.people between calls: the
  // pupils are restored from a copy (vectors swapped) before the copy steps.
  virtual std::unique_ptr<Module> clone() const { return nullptr; }
  // True for a module whose init depends on the scenario but which does nothing
  // during the warm start except reset the levers (the interventions): another
  // scenario gets its own, initialised afresh, instead of a copy.
  virtual bool idle_in_warm_start() const { return false; }
};

class Sim {
 public:
  Sim(const Params& params, int start_year, const Layout& layout, People& people, uint32_t seed, uint32_t replication,
      std::vector<std::unique_ptr<Module>> modules);
  // Runs every year and returns the datasets of this replication.
  std::vector<Dataset> run();

  const Params& params;
  int start_year;  // calendar year of year index 0
  const Layout& layout;
  People& people;
  Streams rng;
  uint32_t replication;
  uint32_t seed;
  bool psa = true;  // draw uncertain parameters for this replication
  Levers levers;
  std::vector<std::unique_ptr<Module>> modules;

  // t < 0: a warm-start year before the first reported one
  int calendar_year(int t) const { return start_year + t; }
  // Cohorts that can be simulated in year t: age-grades 1-13, and older ones
  // still followed towards their 5/6-year completion deadline.
  int first_cohort(int t) const { return std::max(0, t + layout.burnin - follow_after_grade13); }
  int last_cohort(int t) const { return t + layout.burnin + kGrades - 1; }
  int follow_after_grade13 = 0;
};

}  // namespace elevsim
