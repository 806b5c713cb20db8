#pragma once
// The pupils of one replication, one array per attribute (struct of arrays).
// Pupils are stored cohort by cohort (a cohort = one grade-1 entry year), and
// within a cohort county by county, so a pupil's index is its stable id.
#include <cstdint>
#include <vector>

#include "params.hpp"

namespace elevsim {

// Where each cohort and each (cohort, county) block lives in the arrays, and
// how many real pupils one simulated pupil stands for. Fixed for a run.
struct Layout {
  int years = 0;        // reported years, indices 0 .. years-1
  // Warm start: years simulated before the first reported one (indices
  // -burnin .. -1), so states, queues and treatment are carried into year 0
  // from a run-in rather than from an empty start. Nothing is written for them.
  int burnin = 0;
  int cohorts = 0;      // kGrades - 1 + burnin + years: those in school at the start plus one new each year
  int counties = 0;
  std::vector<uint32_t> cohort_begin;    // size cohorts + 1
  std::vector<uint32_t> block_begin;     // (cohort, county) blocks, size cohorts*counties + 1
  std::vector<double> county_weight;     // real pupils per simulated pupil

  // Cohort c is in grade 1 in year index c - (kGrades - 1) - burnin.
  int grade_in(int cohort, int year_index) const { return year_index + burnin - cohort + kGrades; }
  int first_year_index(int cohort) const { return (cohort < kGrades ? 0 : cohort - (kGrades - 1)) - burnin; }
  uint32_t pupils() const { return cohort_begin.back(); }
};

Layout make_layout(const PopulationParams& p, int years, double scale, int burnin = 0);

struct People {
  // fixed at synthesis
  std::vector<uint8_t> sex, ses, background, child_welfare, county;
  std::vector<uint8_t> cell;        // transition-model cell (sex, ses, background, child welfare)
  std::vector<uint16_t> stratum;    // output stratum (county, sex, ses)
  std::vector<float> achievement;   // latent, standard-normal scale
  std::vector<int16_t> arrival_year;  // immigrants only; 0 otherwise
  // changing
  std::vector<uint8_t> grade;       // age-grade 1..13 (the grade of the pupil's cohort), 0 outside it
  std::vector<uint8_t> active;      // simulated this year (age-grade 1..13, or still followed after it)
  // school career (spec s.3)
  std::vector<uint8_t> school;      // SchoolStatus
  std::vector<uint8_t> level;       // Level while enrolled or out (the level to return to)
  std::vector<uint8_t> programme;   // 0 general, 1 vocational (at Vg1 entry; påbygg stays vocational)
  std::vector<int16_t> vg1_year;    // calendar year of first Vg1 start, 0 before
  std::vector<uint8_t> years_out;   // consecutive years out of school, or years since grade 10 not started
  std::vector<uint8_t> mh_at_vg1;   // mental-health state when starting Vg1
  std::vector<uint8_t> mh_state;    // 0, 1, 2
  std::vector<uint8_t> mh_type;     // 0 none, 1 internalizing, 2 externalizing
  std::vector<uint8_t> mh_years;    // years in the current state
  // Levers other processes pull on this year's mental-health transition
  // (log-odds; 0 = none): prevention lowers onset, treatment raises recovery.
  // Whoever sets them resets them; the transition reads them.
  std::vector<float> mh_onset_shift, mh_recovery_shift;
  // Log-odds added to this year's leaving hazard (follow-up interventions).
  std::vector<float> leave_shift;
  // Help and services (spec s.4). HelpSeeking sets this year's first contact;
  // a queue place (and its arrival and withdrawal weeks, counted from the
  // first simulated year's start) carries over between years.
  std::vector<uint8_t> svc_entry;       // service first contacted this year + 1; 0 none
  std::vector<uint8_t> svc_entry_week;  // week of that contact
  std::vector<uint8_t> svc_queue;       // service whose queue the pupil waits in + 1; 0 none
  std::vector<int16_t> svc_arrival, svc_withdraw;

  void resize(size_t n);
  size_t size() const { return sex.size(); }
};

enum SchoolStatus : uint8_t {
  kGrunnskole = 0,  // grades 1-10
  kEnrolled,        // in upper secondary (school or apprenticeship)
  kOut,             // left after starting Vg1; may return
  kNotStarted,      // finished grade 10, has not started Vg1; may start late
  kCompleted,       // completed with study or vocational competence
  kDone,            // no longer followed (window passed, or never started)
};

inline uint16_t stratum_of(int county, int sex, int ses) {
  return static_cast<uint16_t>((county * kSexes + sex) * kSes + ses);
}

}  // namespace elevsim
