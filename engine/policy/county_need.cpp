#include "county_need.hpp"

#include <cmath>

#include "intervention_catalogue.hpp"
#include "mh_transitions.hpp"
#include "population.hpp"
#include "schooling.hpp"
#include "schooling_params.hpp"

namespace elevsim {

namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Real pupils of a county in grades [g0, g1] in the autumn of `year`.
double pupils_in_grades(const PopulationParams& p, int county, int year, int g0, int g1) {
  double n = 0;
  for (int g = g0; g <= g1; ++g) n += p.cohort_pupils(county, year - (p.grade1_age - 1) - g);
  return n;
}

// Probability of leaving during a Vg1 year for a pupil of one cell in one
// mental-health state, averaged over latent achievement (5-point Gauss-Hermite,
// probabilists' nodes) and over the programme the pupil would choose.
double vg1_leaving(const Params& p, int county, int sex, int ses, int bg, int state) {
  static const double kNode[] = {0.0, 1.3556261799742657, -1.3556261799742657, 2.8569700138728056,
                                 -2.8569700138728056};
  static const double kWeight[] = {0.5333333333333333, 0.2220759220056126, 0.2220759220056126,
                                   0.011257411327720689, 0.011257411327720689};
  const SchoolingParams& s = p.schooling;
  const PopulationParams& pop = p.population;
  const double cl = county < static_cast<int>(s.county_leave.size()) ? s.county_leave[county] : 0.0;
  const double cc = county < static_cast<int>(s.county_choice.size()) ? s.county_choice[county] : 0.0;
  // problem types as new cases of the upper-secondary band have them (the twin holds no types)
  const double ext = state == 0 ? 0.0 : externalizing_share(p.mental_health, sex, p.mental_health.band_of_grade(kVg1Grade));
  double h = 0;
  for (int q = 0; q < 5; ++q) {
    const double a = pop.achievement_mean[ses] + pop.achievement_sd * kNode[q];
    double x = s.choice_intercept + s.choice_achievement * a + cc;
    if (sex == 1) x += s.choice_male;
    if (ses == 0) x += s.choice_ses_low;
    if (ses == 2) x += s.choice_ses_high;
    const double voc = logistic(x);
    for (int prog = 0; prog < kProgrammes; ++prog)
      for (int type = 1; type <= 2; ++type)
        h += kWeight[q] * (prog ? voc : 1 - voc) * (type == 2 ? ext : 1 - ext) *
             logistic(leave_logodds(s, kVg1, prog, a, sex, ses, bg, false, state, type) + cl);
  }
  return h;
}

}  // namespace

NeedKind need_kind(int intervention) {
  return intervention == kFollowupLos ? NeedKind::Leaving : NeedKind::MentalHealth;
}

std::vector<double> county_need_share(const Params& p, const Twin& tw, NeedKind kind) {
  std::vector<double> need;
  for (int c = 0; c < static_cast<int>(p.population.counties.size()); ++c) {
    const auto share = cell_shares(p.population, p.population.counties[c]);
    if (kind == NeedKind::MentalHealth) {
      need.push_back(twin_share(tw, share, 1, kGrades, 0b110));
      continue;
    }
    double h = 0;
    for (int sex = 0; sex < kSexes; ++sex)
      for (int ses = 0; ses < kSes; ++ses)
        for (int bg = 0; bg < kBackgrounds; ++bg)
          for (int cw = 0; cw < 2; ++cw) {
            const int cell = cell_of(sex, ses, bg, cw);
            const StateDist& d = tw.pre[kGrades - 3][cell];  // states at the start of Vg1 (grade 11)
            for (int st = 0; st < kStates; ++st) h += share[cell] * d(st) * vg1_leaving(p, c, sex, ses, bg, st);
          }
    need.push_back(h);
  }
  return need;
}

std::vector<double> county_need(const Params& p, const std::vector<double>& share, int year, NeedKind kind) {
  // mental health concerns grades 1-13, leaving the upper-secondary grades 11-13
  const int g0 = kind == NeedKind::MentalHealth ? 1 : kGrades - 2;
  std::vector<double> need(share.size());
  for (size_t c = 0; c < share.size(); ++c)
    need[c] = share[c] * pupils_in_grades(p.population, static_cast<int>(c), year, g0, kGrades);
  return need;
}

std::vector<double> county_need(const Params& p, const Twin& tw, int year, NeedKind kind) {
  return county_need(p, county_need_share(p, tw, kind), year, kind);
}

}  // namespace elevsim
