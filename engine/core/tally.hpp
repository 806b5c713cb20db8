#pragma once
// Integer counts per (year, county, sex, ses, grade). Counting in integers and
// weighting once at the end keeps results bit-identical whatever order pupils
// are visited in.
#include <cstdint>
#include <string>
#include <vector>

#include "people.hpp"
#include "service_catalogue.hpp"

namespace elevsim {

// Counts on the core grid (year, county, sex, ses, grade), optionally with a
// trailing dimension of Inner entries (the services).
template <int Inner>
struct GradeTally {
  int years = 0, strata = 0;
  std::vector<uint32_t> n, scratch;

  void reset(const Layout& L) {
    years = L.years;
    strata = L.counties * kSexes * kSes;
    n.assign(static_cast<size_t>(years) * strata * kGrades * Inner, 0u);
    scratch.assign(static_cast<size_t>(strata) * kGrades * Inner, 0u);
  }
  // A warm-start year (t < 0) counts into a scratch slice that is never written out.
  uint32_t* year(int t) { return t < 0 ? scratch.data() : n.data() + static_cast<size_t>(t) * strata * kGrades * Inner; }
  static size_t index(uint16_t stratum, int grade, int inner = 0) {
    return (static_cast<size_t>(stratum) * kGrades + (grade - 1)) * Inner + inner;
  }
};
using Tally = GradeTally<1>;
// (year, county, sex, ses, grade, service)
using ServiceTally = GradeTally<kServices>;
// (year, county, sex, ses, grade, case_state x problem_type): pupils in state
// 1 or 2 by problem type; and (..., problem_type): new cases by type
using CaseTypeTally = GradeTally<4>;
using TypeTally = GradeTally<2>;

// The sum of `count` inner entries from `first` on, per (year, stratum,
// grade): a core tally derived from a finer one, so that a pupil is counted
// once, in the finest tally, and the coarser counts cannot disagree with it.
template <int Inner>
Tally sum_inner(const GradeTally<Inner>& t, int first, int count) {
  Tally s;
  s.years = t.years;
  s.strata = t.strata;
  s.n.assign(t.n.size() / Inner, 0u);
  for (size_t i = 0; i < s.n.size(); ++i)
    for (int k = first; k < first + count; ++k) s.n[i] += t.n[i * Inner + k];
  return s;
}

// One output dataset of one replication: weighted values laid out as
// (year, county, sex, ses, grade), the replication dimension added by the runner.
struct Dataset {
  std::string name;
  std::string description;
  std::string units;
  std::vector<std::string> dims;
  std::vector<double> values;
  std::vector<size_t> shape;  // filled once the replication dimension is added (runner, file reader)
  std::vector<std::pair<std::string, double>> number_attrs;  // extra numeric attributes to write
};

// A labelled dimension of the output, written as an HDF5 dimension scale.
// Exactly one of `ints` and `labels` is filled.
struct Scale {
  std::string name;
  std::vector<int64_t> ints;
  std::vector<std::string> labels;
  std::string description;
  size_t size() const { return ints.empty() ? labels.size() : ints.size(); }
};

// Every dimension a dataset may use, for a run of `replications` x `years`
// from `start_year` over `counties`. New processes add their dimensions here.
// entry_cohorts: Vg1 entry years (from start_year) that can be followed to
// their completion deadline within the run.
std::vector<Scale> output_scales(int replications, int start_year, int years, const std::vector<std::string>& counties,
                                 int entry_cohorts);

// Weights a tally into a core dataset (year, county, sex, ses, grade).
Dataset weigh(const Tally& t, const Layout& L, std::string name, std::string description);
// Weights a tally by type into a national dataset: (year, sex, ses, grade,
// case_state, problem_type) or (year, sex, ses, grade, problem_type), the
// counties summed (kept small: these datasets add a dimension to the grid).
Dataset weigh_national(const CaseTypeTally& t, const Layout& L, std::string name, std::string description);
Dataset weigh_national(const TypeTally& t, const Layout& L, std::string name, std::string description);
// Weights a service tally into (year, county, sex, ses, grade, service).
Dataset weigh(const ServiceTally& t, const Layout& L, std::string name, std::string description, std::string units);

}  // namespace elevsim
