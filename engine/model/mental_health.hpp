#pragma once
// Mental-health process (spec section 2): initial states, yearly transitions,
// problem type at onset, and the prevalence datasets.
#include <array>
#include <cstdint>

#include "draw_block.hpp"
#include "mh_realise.hpp"
#include "shifted_thresholds.hpp"
#include "sim.hpp"
#include "twin.hpp"

namespace elevsim {

// Treatment as the year's transitions saw it, for calibrating the twin's
// treated shares: per band and origin state, pupils in grades 1-13 in
// reported years, those whose recovery a treatment shifted, and the shifts' sum.
struct TreatmentSeen {
  std::array<std::array<uint64_t, kStates>, kBands> pupils{}, treated{};
  std::array<std::array<double, kStates>, kBands> shift_sum{};
};

class MentalHealth : public Module {
 public:
  static constexpr PupilFields kFields{"mh_state mh_type mh_years",
                                       "key sex cell stratum active mh_prevention_rr mh_recovery"};
  // This replication's parameters (PSA draw, levels re-fitted), valid after init
  const MhRealised& realised() const { return r_; }
  const TreatmentSeen& treatment_seen() const { return seen_; }
  const char* name() const override { return "mental_health"; }
  std::unique_ptr<Module> clone() const override { return std::make_unique<MentalHealth>(*this); }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;

 private:
  // the key to the pupil fields MentalHealth owns (People, PupilField)
  static WriteKey<MentalHealth> owner() { return {}; }
  void enter(Sim& sim, int cohort, int t);
  // One cohort's year: where its outcomes go, shared by both paths (record)
  struct CohortYear;
  CohortYear cohort_year(Sim& sim, int t, int ag);
  // One cohort's transitions. InGrades: age-grade 1-13 (everyone simulated);
  // otherwise a cohort past grade 13 of which only the pupils still followed
  // (People::active) are simulated, in the oldest band. `treated` walks
  // People::mh_recovery alongside the pupils. step_cohort is the batched path,
  // step_cohort_reference (ELEVSIM_KERNELS=reference) one pupil at a time
  // through the rule, each draw made alone.
  template <bool InGrades>
  void step_cohort(Sim& sim, CohortYear& cy, int cohort, const People::Shift*& treated, const People::Shift* end);
  template <bool InGrades>
  void step_cohort_reference(Sim& sim, CohortYear& cy, int cohort, const People::Shift*& treated,
                             const People::Shift* end);
  // The bookkeeping after one pupil's year, both paths
  template <bool InGrades>
  void record(CohortYear& cy, uint32_t i, uint8_t from, MhYear y, float recovery_shift);

  MhRealised r_;
  // Cumulative 32-bit thresholds: [band][cell][origin][k], k = 0,1 for the
  // two destinations kDest[origin]; a draw at or above [1] stays.
  ThresholdTable thr_{};
  // thr_[band][cell][0][1]: a state-0 pupil drawing at or above it stays
  std::array<std::array<uint32_t, kCells>, kBands> stay_thr_{};
  // Initial state on entering the simulation: [grade-1][cell][k]
  std::array<std::array<std::array<uint32_t, 2>, kCells>, kGrades> init_thr_{};
  // Initial type of a pupil entering in state 1 or 2: [grade-1][cell][state-1],
  // the threshold of externalizing (the typed twin's share among such pupils)
  std::array<std::array<std::array<uint32_t, 2>, kCells>, kGrades> init_ext_thr_{};
  // Externalizing share at onset: [band][sex]
  std::array<std::array<uint32_t, kSexes>, kBands> ext_thr_{};
  std::array<uint8_t, kGrades + 1> band_of_grade_{};
  // Cases by state and type, new cases by type: the pupils in states 1 and 2
  // (and the new cases) of the core datasets are their sums (results)
  CaseTypeTally cases_by_type_;
  TypeTally new_by_type_;
  TreatmentSeen seen_;
  // step_cohort in grades 1-13: which pupils of a block take the full transition
  void stay_flags(People& P, int band, uint32_t i0, uint32_t n, const DrawBlock& blk, const People::Shift* tr,
                  const People::Shift* end);
  std::array<uint8_t, kDrawBlock + 16> flags_{};
  ShiftedThresholds shifted_;  // the rows of treated pupils
};

}  // namespace elevsim
