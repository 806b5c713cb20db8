#include "help_seeking.hpp"

#include <algorithm>
#include <cmath>

namespace elevsim {

double HelpSeeking::with_odds(double p, double m) {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const double o = p / (1 - p) * m;
  return o / (1 + o);
}

void HelpSeeking::init(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const double bg_odds[kBackgrounds] = {1.0, S.descendant_seek_odds, S.immigrant_seek_odds};
  for (int s = 0; s < kStates; ++s)
    for (int b = 0; b < kBackgrounds; ++b) gp_thr_[s][b] = Streams::threshold(with_odds(S.gp_referral[s], bg_odds[b]));
  bup_school_share_thr_ = Streams::threshold(S.bup_school_share);
  state0_seek_only_ = S.identify[0] == 0 && S.gp_referral[0] == 0;
  const int C = sim.layout.counties;
  base_here_.assign(C, 0);
  for (int c = 0; c < C; ++c)
    base_here_[c] = S.fte(kBupSchool, c, sim.params.population.counties[c].pupils_per_grade) > 0;
  bup_school_here_ = base_here_;
  id_thr_.assign(C, {});
  seek_thr_.assign(C, {});
  identified_.reset(sim.layout);
  seekers_.reset(sim.layout);
}

void HelpSeeking::set_year(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const Levers& lv = sim.levers;
  const double bg_odds[kBackgrounds] = {1.0, S.descendant_seek_odds, S.immigrant_seek_odds};
  for (int c = 0; c < sim.layout.counties; ++c) {
    bup_school_here_[c] = base_here_[c] || lv.extra_fte[kBupSchool][c] > 0;
    const double id_odds = S.identify_odds * std::exp(lv.identification_shift[c]);
    const double seek_odds = std::exp(lv.helpseeking_shift[c]);
    for (int s = 0; s < kStates; ++s) {
      id_thr_[c][s] = Streams::threshold(with_odds(S.identify[s], id_odds));
      for (int b = 0; b < kBackgrounds; ++b)
        for (int x = 0; x < kSexes; ++x)
          for (int here = 0; here < 2; ++here)
            seek_thr_[c][s][x][b][here] = Streams::threshold(
                with_odds(S.seek[s], seek_odds * bg_odds[b] * (x == 0 ? S.female_seek_odds : 1.0) *
                                         (here ? S.bup_school_seek_odds : 1.0)));
    }
  }
}

void HelpSeeking::step(Sim& sim, int t) {
  if (!sim.params.services.enabled) return;
  set_year(sim);
  People& P = sim.people;
  P.svc_contacts.clear();
  // pupils past age-grade 13 who are still followed are out of the services' reach
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const int g = sim.layout.grade_in(c, t);
    if (g <= kGrades) step_cohort(sim, t, c, g);
  }
}

void HelpSeeking::step_cohort(Sim& sim, int t, int cohort, int g) {
  const ServicesParams& S = sim.params.services;
  People& P = sim.people;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const ServiceParams& bs = S.service[kBupSchool];
  const bool school_grade = g >= bs.first_grade && g <= bs.last_grade;
  const uint32_t school_weeks = static_cast<uint32_t>(S.school_weeks), all_weeks = static_cast<uint32_t>(S.weeks_per_year);
  // Tally::index(stratum, g) = stratum * kGrades + g - 1
  uint32_t* idn = identified_.year(t) + (g - 1);
  uint32_t* hs = seekers_.year(t) + (g - 1);
  uint32_t group = 0xFFFFFFFFu;
  Streams::ctr_type w0{};
  // Raw pointers, read once: appending a contact could otherwise, for all the
  // compiler knows, move any of the arrays, and each would be reloaded per pupil.
  const Streams rng = sim.rng;
  const uint8_t* queue = P.svc_queue.data();
  const uint8_t* state = P.mh_state.data();
  const uint8_t* background = P.background.data();
  const uint8_t* county_of = P.county.data();
  const uint8_t* sex = P.sex.data();
  const uint16_t* stratum = P.stratum.data();
  const uint32_t* key = P.key.data();
  const uint8_t* bup_here = bup_school_here_.data();
  for (uint32_t i = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1]; i < e; ++i) {
    if (queue[i] != 0) continue;
    const int s = state[i];
    const int bg = background[i], county = county_of[i];
    const int here = bup_here[county] && school_grade;
    bool identified = false, seeks = false, gp = false;
    Streams::ctr_type w{};
    if (s == 0) {
      // State 0 (four pupils per draw: keys 4j .. 4j+3 share the word keyed by j)
      // always decides seeking on its shared word and identification
      // and referral on its own draw, whatever the parameters: which draw
      // decides what never depends on a parameter value (common random
      // numbers). Only whether the pupil's own draw is needed at all does.
      if (key[i] >> 2 != group) {
        group = key[i] >> 2;
        w0 = rng.bits(group, year, Decision::HelpSeekingState0);
      }
      seeks = w0[key[i] & 3] < seek_thr_[county][0][sex[i]][bg][here];
      if (!seeks && state0_seek_only_) continue;
      w = rng.bits(key[i], year, Decision::HelpSeeking);
      identified = w[0] < id_thr_[county][0];
      gp = w[2] < gp_thr_[0][bg];
    } else {
      w = rng.bits(key[i], year, Decision::HelpSeeking);
      identified = w[0] < id_thr_[county][s];
      seeks = w[1] < seek_thr_[county][s][sex[i]][bg][here];
      gp = w[2] < gp_thr_[s][bg];
    }
    const size_t k = static_cast<size_t>(stratum[i]) * kGrades;
    idn[k] += identified;
    if (!(identified | seeks | gp)) continue;
    ++hs[k];
    People::Contact c{i, key[i], static_cast<uint16_t>(Tally::index(stratum[i], g)), static_cast<uint8_t>(county),
                      kBup, static_cast<uint8_t>(w[3] % all_weeks), static_cast<uint8_t>(s)};
    if (identified | seeks) {
      const bool to_bup = here && rng.bits(key[i], year, Decision::HelpSeekingRoute)[0] < bup_school_share_thr_;
      c.service = to_bup ? kBupSchool : kSchoolHealth;
      c.week = static_cast<uint8_t>(w[3] % school_weeks);
    }
    P.svc_contacts.push_back(c);
  }
}

void HelpSeeking::results(Sim& sim, std::vector<Dataset>& out) {
  out.push_back(weigh(identified_, sim.layout, "identified",
                      "pupils identified by school staff as needing help during the school year"));
  out.push_back(weigh(seekers_, sim.layout, "help_seekers",
                      "pupils who made a new first contact with a help service during the year: identified by "
                      "staff, sought help themselves at school, or referred by a GP (identified is a subset)"));
}

}  // namespace elevsim
