#pragma once
// The pupils of one replication, one array per attribute (struct of arrays).
// Pupils are stored cohort by cohort (a cohort = one grade-1 entry year), and
// within a cohort county by county, so a pupil's index is its stable id.
#include <cstdint>
#include <vector>

#include "params.hpp"
#include "pupil_field.hpp"

namespace elevsim {

// The modules that own pupil fields (PupilField): named here, defined above
// core/, so that People can say who writes what.
class HelpSeeking;
class Services;
class Interventions;
class MentalHealth;
class Schooling;
// Population synthesis (core/population.hpp): it writes the fixed attributes,
// and draws each pupil's starting achievement, which Schooling owns from then
// on (mental health lowers it).
class Synthesis;

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
  std::vector<int> birth_year;           // per cohort

  // A pupil's stable random-stream id: (cohort, county, place in the block),
  // so a block that grows or shrinks (another cohort size) moves no one else's draws.
  static uint32_t key(int cohort, int county, uint32_t j) {
    return (static_cast<uint32_t>(cohort) << 26) | (static_cast<uint32_t>(county) << 18) | j;
  }

  // Cohort c is in grade 1 in year index c - (kGrades - 1) - burnin.
  int grade_in(int cohort, int year_index) const { return year_index + burnin - cohort + kGrades; }
  int first_year_index(int cohort) const { return (cohort < kGrades ? 0 : cohort - (kGrades - 1)) - burnin; }
  uint32_t pupils() const { return cohort_begin.back(); }
};

// Cohort c is born in start_year + c - (kGrades - 1) - burnin - grade1_age and
// holds its birth year's pupils (PopulationParams::cohort_pupils) at scale.
Layout make_layout(const PopulationParams& p, int start_year, int years, double scale, int burnin = 0);

struct People {
  // fixed at synthesis
  PupilField<uint32_t, Synthesis> key;  // random-stream id (Layout::key)
  PupilField<uint8_t, Synthesis> sex, ses, background, child_welfare, county;
  PupilField<uint8_t, Synthesis> cell;        // transition-model cell (sex, ses, background, child welfare)
  PupilField<uint16_t, Synthesis> stratum;    // output stratum (county, sex, ses)
  PupilField<float, Schooling> achievement;   // latent, standard-normal scale (drawn at synthesis)
  PupilField<int16_t, Synthesis> arrival_year;  // immigrants only; 0 otherwise
  // changing
  PupilField<uint8_t, Schooling> grade;   // age-grade 1..13 (the grade of the pupil's cohort), 0 outside it
  PupilField<uint8_t, Schooling> active;  // simulated this year (age-grade 1..13, or still followed after it)
  // school career (spec s.3)
  PupilField<uint8_t, Schooling> school;        // SchoolStatus
  PupilField<uint8_t, Schooling> level;         // Level while enrolled or out (the level to return to)
  PupilField<uint8_t, Schooling> programme;     // 0 general, 1 vocational (at Vg1 entry; påbygg stays vocational)
  PupilField<int16_t, Schooling> vg1_year;      // calendar year of first Vg1 start, 0 before
  PupilField<uint8_t, Schooling> years_out;     // consecutive years out of school, or years since grade 10 not started
  PupilField<uint8_t, Schooling> mh_at_vg1;     // mental-health state when starting Vg1
  PupilField<uint8_t, Schooling> final_failed;  // sat a year at the final level (Vg3, påbygg, apprentice2) and did not pass
  PupilField<uint8_t, MentalHealth> mh_state;  // 0, 1, 2
  PupilField<uint8_t, MentalHealth> mh_type;   // 0 none, 1 internalizing, 2 externalizing
  PupilField<uint8_t, MentalHealth> mh_years;  // years in the current state
  // Levers other processes pull on this year's mental-health transition.
  // Prevention: the risk ratio of an internalizing onset this year (1 = none),
  // set every year by whoever buys prevention; the transition reads it.
  PupilField<float, Interventions> mh_prevention_rr;
  // Treatment reaches about one pupil in ten a year, at random places in the
  // arrays: a short list sorted by pupil (one entry per pupil, pupils not in it
  // untreated) costs the transition one comparison per pupil, where a
  // per-pupil array cost a cache miss per treated pupil and a clearing pass.
  struct Shift {
    uint32_t id;
    float logodds;
  };
  PupilField<Shift, Services> mh_recovery;
  // Log-odds added to this year's leaving hazard (follow-up interventions).
  PupilField<float, Interventions> leave_shift;
  // Help and services (spec s.4). HelpSeeking lists this year's first
  // contacts (about one pupil in ten), with what Services needs of the pupil,
  // so that Services neither scans every pupil nor reads the arrays at random;
  // a queue place carries over between years (Services keeps its weeks).
  struct Contact {
    uint32_t id, key;
    uint16_t cell;  // Tally::index(stratum, grade)
    uint8_t county, service, week, state;
  };
  PupilField<Contact, HelpSeeking> svc_contacts;  // this year's, in pupil order
  PupilField<uint8_t, Services> svc_queue;           // service whose queue the pupil waits in + 1; 0 none

  // Synthesis's write access to the starting achievement (Schooling owns it after).
  std::vector<float>& achievement_at_synthesis(WriteKey<Synthesis>) { return achievement.v_; }

  // Sizes every array for n pupils: the changing ones cleared, the fixed ones
  // left for synthesis to write.
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

// Where a non-completer stands at the 5/6-year deadline (Udir's categories):
// by the last level passed when out of school, else still enrolled.
enum NoncompleterStatus : uint8_t {
  kNoLevelPassed = 0,  // left without passing Vg1
  kPassedVg1,          // left after passing Vg1
  kPassedVg2,          // left after passing Vg2 (during Vg3, påbygg or the apprenticeship)
  kFinalNotPassed,     // attended the final year (Vg3, påbygg, apprenticeship) to its end without passing
  kStillEnrolled,      // in school or apprenticeship at the deadline
  kNoncompleterStatuses
};

inline uint16_t stratum_of(int county, int sex, int ses) {
  return static_cast<uint16_t>((county * kSexes + sex) * kSes + ses);
}

}  // namespace elevsim
