#pragma once
// Parameters of help-seeking and the help services (spec section 4), read
// from params/services.toml and params/service_capacity.csv.
#include <array>
#include <string>
#include <vector>

#include "service_catalogue.hpp"
#include "uncertain.hpp"

namespace elevsim {

struct ServiceParams {
  int first_grade = 0, last_grade = 0;  // grades the service is for
  int open_weeks = 0;                   // weeks 0 .. open_weeks-1 of the year have capacity
  double days_per_fte_year = 0;          // working days per FTE-year
  // Share of those days available for pupils' mental-health sessions (the rest
  // goes to other tasks and other age groups); uncertain, drawn per replication.
  Uncertain time_share;
  // The same share for FTE bought with a grant earmarked for pupils' mental health (the
  // interventions' extra_fte), hired for it rather than sharing today's staff's other tasks;
  // uncertain, drawn per replication.
  Uncertain earmarked_time_share;
  double sessions_per_day = 0;           // sessions one clinician can hold per such day
  double sessions_per_episode = 0;       // mean; integer sessions drawn around it
  double treatment_effect = 0;           // log-odds added to recovery (moves down) for a pupil served at once
  std::array<double, 3> refer_municipal{}, refer_bup{};  // by mental-health state of the pupil served
  int referral_delay_weeks = 0;          // from start of an episode to the referral arriving
  // capacity: baseline FTE per county (CSV) x multiplier, plus added staffing
  std::vector<double> baseline_fte;      // per county, in population.csv order
  double fte_multiplier = 1;
  double added_fte_per_1000_pupils = 0;  // per 1,000 pupils in the service's grades
  std::vector<int> added_counties;       // county indices the added staffing goes to; empty = all
  bool unlimited = false;

};

struct ServicesParams {
  bool enabled = true;
  int weeks_per_year = 0;
  int school_weeks = 0;          // help-seeking at school happens in these weeks
  double withdraw_per_week = 0;   // hazard of leaving a queue without help
  double wait_halving_weeks = 0;  // the treatment effect halves with every this many weeks waited
  // Multiplies every service's treatment_effect: the uncertainty of the
  // effects as a whole, drawn once per replication (services.treatment_effect_scale)
  Uncertain treatment_effect_scale;
  bool staff_follow_pupils = true;  // baseline FTE scaled by the year's pupils (services.toml)
  // Help-seeking, per year, by mental-health state 0 / 1 / 2 of a pupil not already queued.
  std::array<double, 3> identify{}, seek{}, gp_referral{};
  double identify_odds = 0;  // staff competence lever on identification (odds multiplier)
  double female_seek_odds = 0, descendant_seek_odds = 0, immigrant_seek_odds = 0;
  double bup_school_seek_odds = 0;  // extra help-seeking where BUP clinicians are at the school
  double bup_school_share = 0;      // share of school contacts there that go to the BUP clinician
  // BUP-clinician FTE per 1,000 pupils of the service's grades at which every
  // school has one (the pilot's staffing): fewer reach that share of the pupils
  double bup_school_full_fte_per_1000_pupils = 0;
  std::array<ServiceParams, kServices> service;

  // FTE of service k in county c, given real pupils per grade of the county;
  // +infinity when unlimited.
  double fte(int k, int county, double pupils_per_grade) const;
};

class TomlTable;
struct PopulationParams;
void read_services(const TomlTable& t, const std::string& csv_file, const std::string& csv_text,
                   const PopulationParams& pop, ServicesParams& out);

}  // namespace elevsim
