#pragma once
// Identification and help-seeking (spec section 4): each year a pupil in
// school who is not already waiting for a service may be identified by school
// staff, seek help at a low-threshold service, or be referred by a GP. This
// creates the year's first contacts, which Services then serves or queues.
#include <array>
#include <cstdint>
#include <vector>

#include "draw_block.hpp"
#include "help_seeking_rule.hpp"
#include "sim.hpp"

namespace elevsim {

// The share of a county's pupils (in the BUP-at-school grades) whose school
// has BUP clinicians, from their FTE against the pilot's staffing; 1 at or above it.
double bup_school_coverage(const ServicesParams& S, int county, double pupils_per_grade, double extra_fte);

class HelpSeeking : public Module {
 public:
  static constexpr PupilFields kFields{"svc_contacts",
                                       "key sex background county stratum mh_state svc_queue"};
  const char* name() const override { return "help_seeking"; }
  std::unique_ptr<Module> clone() const override { return std::make_unique<HelpSeeking>(*this); }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;

  // Probability p with its odds multiplied by m.
  static double with_odds(double p, double m);

 private:
  // the key to the pupil fields HelpSeeking owns (People, PupilField)
  static WriteKey<HelpSeeking> owner() { return {}; }
  // The year's thresholds per county: the levers (Sim::levers) shift
  // identification and help-seeking and may add BUP clinicians at schools.
  void set_year(Sim& sim);
  // One cohort in age-grade g (1-13): the year's first contacts, in pupil order.
  void step_cohort(Sim& sim, int t, int cohort, int g);
  struct CohortYear {
    uint32_t year = 0;
    int g = 0;
    bool school_grade = false;  // a grade BUP clinicians at schools serve
    uint32_t school_weeks = 0, all_weeks = 0;
    uint32_t *idn = nullptr, *hs = nullptr;  // this year's tallies at grade g
  };
  void contacts(Sim& sim, const CohortYear& cy, uint32_t i0, uint32_t g0, const uint16_t* needs, uint32_t m);
  uint32_t sparse_needs(Sim& sim, const CohortYear& cy, uint32_t i0, uint32_t n);
  void step_cohort_reference(Sim& sim, const CohortYear& cy, int cohort);
  // The rule's thresholds for a pupil this year (help_seeking_rule.hpp).
  HelpThresholds thresholds(int county, int s, int sex, int background, bool school_grade) const;

  // A chunk's draws and bookkeeping (step_cohort), kept here so that no pupil
  // loop allocates or puts 20 kB on the stack.
  static constexpr uint32_t kChunk = 1024;
  struct ChunkBuffers {
    DrawBlock group_words, own_words;
    DrawBlock route_words;  // contacts: the needing pupils' route words, where one may be read
    std::array<uint32_t, kDrawBlock> group_keys, own_keys;
    std::array<uint16_t, kChunk> needs;
    std::array<uint8_t, kChunk + 16> flags;  // sparse_needs: 0xFF for a pupil that may need a draw
  };
  ChunkBuffers buf_;

  using SeekTable = std::array<std::array<std::array<std::array<uint32_t, 2>, kBackgrounds>, kSexes>, kStates>;
  std::vector<std::array<uint32_t, kStates>> id_thr_;  // [county][state]
  std::vector<SeekTable> seek_thr_;  // [county][state][sex][background][BUP clinicians at the school]
  uint32_t seek0_max_ = 0;           // the largest state-0 seeking threshold this year
  std::array<std::array<uint32_t, kBackgrounds>, kStates> gp_thr_{};
  std::vector<uint8_t> base_here_, bup_school_here_;  // per county: in the parameters, this year
  std::vector<uint32_t> bup_school_share_thr_;  // per county, this year: the share scaled by coverage
  // State 0 seeks help on one 32-bit word shared by four pupils; when it can
  // be neither identified nor referred (the baseline), a pupil who does not
  // seek needs no draw of its own.
  bool state0_seek_only_ = false;
  Tally identified_, seekers_;
};

}  // namespace elevsim
