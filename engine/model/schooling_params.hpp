#pragma once
// The schooling model's parameters (spec section 3; params/schooling.toml and
// calibrated.toml) and its dimensions: they belong to the model, so they live
// in model/; the reader is defined beside them in schooling_params.cpp.
#include <array>
#include <cstdint>
#include <vector>

#include "params.hpp"
#include "toml_reader.hpp"
#include "uncertain_value.hpp"

namespace elevsim {

// Upper-secondary levels (spec s.3). Vocational pupils go Vg1, Vg2, then
// either two apprenticeship years or a bridging year (påbygg).
enum Level : uint8_t { kVg1 = 0, kVg2, kVg3, kPabygg, kApprentice1, kApprentice2, kLevels };
inline constexpr int kProgrammes = 2;  // 0 general (studieforberedende), 1 vocational (yrkesfag)

// The keys of SchoolingParams::leave_mh in schooling.toml, by [type - 1][state - 1]; each is
// drawn in the PSA under the name "schooling." + key.
inline constexpr const char* kLeaveMhKeys[2][2] = {
    {"leave_internalizing_complaints", "leave_internalizing_disorder"},
    {"leave_externalizing_complaints", "leave_externalizing_disorder"}};

struct SchoolingParams {
  double vg1_start_prob = 0;    // start Vg1 the autumn after grade 10
  double late_start_prob = 0;    // per year, for those who did not
  int late_start_max_years = 0;
  // programme choice (log-odds of vocational)
  double choice_intercept = 0, choice_male = 0, choice_achievement = 0, choice_ses_low = 0, choice_ses_high = 0;
  double pabygg_share = 0;       // vocational Vg2 passers who take the bridging year
  // leaving hazard (log-odds), per level plus covariates
  std::array<double, kLevels> leave_level{};
  double leave_vg1_shift = 0, leave_vg2_shift = 0, leave_late_shift = 0;
  double leave_achievement = 0, leave_male = 0, leave_vocational = 0, leave_ses_low = 0, leave_ses_high = 0;
  double leave_descendant = 0, leave_immigrant = 0, leave_recent_arrival = 0;
  int recent_arrival_years = 0;
  // Direct mental-health terms of the leaving hazard, by [problem type - 1][state - 1] (type 1
  // internalizing, 2 externalizing; state 1 complaints, 2 disorder): associations adjusted for
  // what the model holds (ses, achievement, sex, programme), so that the unadjusted relative
  // risk emerges. Uncertain, drawn per replication (realise_dropout_link); leave_mh holds the
  // values in use, central ones until realised.
  std::array<std::array<UncertainValue, 2>, 2> leave_mh_uncertain{};
  std::array<std::array<double, 2>, 2> leave_mh{};
  // The central baseline's leaving variance, the sum of p(1 - p) over enrolled pupil-years, by
  // [type - 1][state - 1] as a share of all enrolled pupil-years' (calibrated.toml): a draw's
  // departures from the central terms, so weighted, are taken off every pupil's log-odds, which
  // keeps the expected leavers (to first order) and so the calibrated completion.
  std::array<std::array<double, 2>, 2> leave_mh_weight{};
  double leave_mh_recentre = 0;  // this replication's shift (0 at the central values)
  // County terms (log-odds, one per county of population.csv, fitted; 0 = none): what differs
  // between counties beyond composition, on the leaving hazard and on programme choice.
  std::vector<double> county_leave, county_choice;
  double leave_hazard_factor = 0;  // odds multiplier on leaving, a lever for scenarios and tests
  // passing the level, for those who stay (log-odds), per level plus achievement
  std::array<double, kLevels> pass_level{};
  double pass_achievement = 0;
  // Of those who fail a level, per level: the share who stop rather than repeat it (after a
  // final level, Vg3, påbygg or apprentice year 2: "completed without passing").
  std::array<double, kLevels> fail_stop{};
  // Of those leaving during Vg2: the share who passed Vg2 first (no apprenticeship place or
  // Vg3 taken up); they return, if ever, to the level after Vg2.
  double vg2_leave_passed = 0;
  // returning after leaving (log-odds per year out)
  double return_intercept = 0, return_per_year_out = 0, return_achievement = 0;
  int window_general = 0, window_vocational = 0;
  // mental health lowers achievement (the mediated path), per year in state 1 / 2
  int achievement_loss_from_grade = 0;
  double achievement_loss_complaints = 0, achievement_loss_disorder = 0;
  double value_per_completer_nok = 0;
};


// County terms are tables county name = value; names must be counties of population.csv.
void read_schooling(const TomlTable& t, SchoolingParams& s, const std::vector<County>& counties);

}  // namespace elevsim
