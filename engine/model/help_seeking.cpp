#include "help_seeking.hpp"

#include <algorithm>
#include <cmath>

#include "draw_block.hpp"
#include "flag_pass.hpp"

namespace elevsim {

double HelpSeeking::with_odds(double p, double m) {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const double o = p / (1 - p) * m;
  return o / (1 + o);
}

double bup_school_coverage(const ServicesParams& S, int county, double pupils_per_grade, double extra_fte) {
  const ServiceParams& b = S.service[kBupSchool];
  const double fte = S.fte(kBupSchool, county, pupils_per_grade) + extra_fte;
  const double full = S.bup_school_full_fte_per_1000_pupils * pupils_per_grade * (b.last_grade - b.first_grade + 1) / 1000.0;
  const double ratio = fte / full;
  return ratio >= 1 - 1e-9 ? 1.0 : ratio;  // at the pilot's staffing exactly, whatever the rounding
}

void HelpSeeking::init(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const double bg_odds[kBackgrounds] = {1.0, S.descendant_seek_odds, S.immigrant_seek_odds};
  for (int s = 0; s < kStates; ++s)
    for (int b = 0; b < kBackgrounds; ++b) gp_thr_[s][b] = Streams::threshold(with_odds(S.gp_referral[s], bg_odds[b]));
  state0_seek_only_ = S.identify[0] == 0 && S.gp_referral[0] == 0;
  const int C = sim.layout.counties;
  base_here_.assign(C, 0);
  for (int c = 0; c < C; ++c)
    base_here_[c] = S.fte(kBupSchool, c, sim.params.population.counties[c].pupils_per_grade) > 0;
  bup_school_here_ = base_here_;
  bup_school_share_thr_.assign(C, 0);
  id_thr_.assign(C, {});
  seek_thr_.assign(C, {});
  identified_.reset(sim.layout);
  seekers_.reset(sim.layout);
}

void HelpSeeking::set_year(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const Levers& lv = sim.levers;
  const double bg_odds[kBackgrounds] = {1.0, S.descendant_seek_odds, S.immigrant_seek_odds};
  seek0_max_ = 0;
  for (int c = 0; c < sim.layout.counties; ++c) {
    bup_school_here_[c] = base_here_[c] || lv.extra_fte[kBupSchool][c] > 0;
    // BUP clinicians at school reach the share of pupils their FTE cover at the
    // pilot's staffing: the extra help-seeking and the route to them scale with it
    const double cover = bup_school_coverage(S, c, sim.params.population.counties[c].pupils_per_grade,
                                             lv.extra_fte[kBupSchool][c]);
    const double here_odds = cover >= 1 ? S.bup_school_seek_odds : 1 + (S.bup_school_seek_odds - 1) * cover;
    bup_school_share_thr_[c] = Streams::threshold(cover >= 1 ? S.bup_school_share : S.bup_school_share * cover);
    const double id_odds = S.identify_odds * std::exp(lv.identification_shift[c]);
    const double seek_odds = std::exp(lv.helpseeking_shift[c]);
    for (int s = 0; s < kStates; ++s) {
      id_thr_[c][s] = Streams::threshold(with_odds(S.identify[s], id_odds));
      for (int b = 0; b < kBackgrounds; ++b)
        for (int x = 0; x < kSexes; ++x)
          for (int here = 0; here < 2; ++here)
            seek_thr_[c][s][x][b][here] = Streams::threshold(
                with_odds(S.seek[s], seek_odds * bg_odds[b] * (x == 0 ? S.female_seek_odds : 1.0) *
                                         (here ? here_odds : 1.0)));
    }
    for (const auto& by_background : seek_thr_[c][0])
      for (const auto& by_here : by_background)
        for (uint32_t th : by_here) seek0_max_ = std::max(seek0_max_, th);
  }
}

void HelpSeeking::step(Sim& sim, int t) {
  if (!sim.params.services.enabled) return;
  set_year(sim);
  People& P = sim.people;
  P.svc_contacts.write(owner()).clear();
  // pupils past age-grade 13 who are still followed are out of the services' reach
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const int g = sim.layout.grade_in(c, t);
    if (g <= kGrades) step_cohort(sim, t, c, g);
  }
}

HelpThresholds HelpSeeking::thresholds(int county, int s, int sex, int background, bool school_grade) const {
  const int here = bup_school_here_[county] & school_grade;
  return {id_thr_[county][s], seek_thr_[county][s][sex][background][here], gp_thr_[s][background], here != 0,
          bup_school_share_thr_[county]};
}

// The reference path (ELEVSIM_KERNELS=reference): one pupil at a time
// through the rule, each draw made on its own. The batched passes below must
// give the same contacts and tallies (tests/test_reference_identical.py).
void HelpSeeking::step_cohort_reference(Sim& sim, const CohortYear& cy, int cohort) {
  People& P = sim.people;
  std::vector<People::Contact>& out = P.svc_contacts.write(owner());
  for (uint32_t i = sim.layout.cohort_begin[cohort]; i < sim.layout.cohort_begin[cohort + 1]; ++i) {
    if (P.svc_queue[i] != 0) continue;  // waiting for a service already
    const uint32_t key = P.key[i];
    const int s = P.mh_state[i];
    const auto own = sim.rng.bits(key, cy.year, Decision::HelpSeeking);
    const uint32_t group = sim.rng.bits(key >> 2, cy.year, Decision::HelpSeekingState0)[key & 3];
    const HelpWords w{own[0], s == 0 ? group : own[1], own[2], own[3]};
    const FirstContact c =
        first_contact(w, thresholds(P.county[i], s, P.sex[i], P.background[i], cy.school_grade), cy.school_weeks,
                      cy.all_weeks, [&] { return sim.rng.bits(key, cy.year, Decision::HelpSeekingRoute)[0]; });
    const size_t at = static_cast<size_t>(P.stratum[i]) * kGrades;
    cy.idn[at] += c.identified;
    cy.hs[at] += c.made;
    if (c.made)
      out.push_back({i, key, static_cast<uint16_t>(Tally::index(P.stratum[i], cy.g)), P.county[i], c.service, c.week,
                     static_cast<uint8_t>(s)});
  }
}

// The batched path. The draws come a block at a time (draw_block.hpp), in
// three passes over up to kChunk pupils: the words of their four-pupil
// groups; which pupils need a draw of their own (every pupil outside state 0,
// a state-0 pupil only when it seeks or may be identified or referred: a
// state-0 pupil who may be neither and does not seek makes no contact, and
// its own words would go unread); then those draws and the pupils' contacts
// through the rule, in pupil order.
void HelpSeeking::step_cohort(Sim& sim, int t, int cohort, int g) {
  const ServicesParams& S = sim.params.services;
  People& P = sim.people;
  const ServiceParams& bs = S.service[kBupSchool];
  CohortYear cy{};
  cy.year = static_cast<uint32_t>(sim.calendar_year(t));
  cy.g = g;
  cy.school_grade = g >= bs.first_grade && g <= bs.last_grade;
  cy.school_weeks = static_cast<uint32_t>(S.school_weeks);
  cy.all_weeks = static_cast<uint32_t>(S.weeks_per_year);
  // Tally::index(stratum, g) = stratum * kGrades + g - 1
  cy.idn = identified_.year(t) + (g - 1);
  cy.hs = seekers_.year(t) + (g - 1);
  if (reference_rules()) return step_cohort_reference(sim, cy, cohort);
  const uint32_t* key = P.key.data();
  const uint8_t* queue = P.svc_queue.data();
  const uint8_t* state = P.mh_state.data();
  const uint8_t* background = P.background.data();
  const uint8_t* county_of = P.county.data();
  const uint8_t* sex = P.sex.data();
  const Streams rng = sim.rng;
  // locals: the stores into buf_ could alias the members, reloaded per pupil otherwise
  const uint32_t seek0_max = seek0_max_;
  const bool seek_only = state0_seek_only_;
  for (uint32_t i0 = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1]; i0 < e;) {
    // pass 1: the chunk's groups. Keys ascend within a cohort (Layout::key),
    // so the chunk is the pupils whose groups lie in [g0, g0 + kDrawBlock).
    const uint32_t g0 = key[i0] >> 2;
    const uint32_t* stop = std::partition_point(key + i0, key + std::min(e, i0 + kChunk),
                                                [g0](uint32_t k) { return (k >> 2) - g0 < kDrawBlock; });
    const uint32_t n = static_cast<uint32_t>(stop - (key + i0));
    for (uint32_t k = 0; k < kDrawBlock; ++k) buf_.group_keys[k] = g0 + k;
    draw_block(rng, buf_.group_keys.data(), kDrawBlock, cy.year, Decision::HelpSeekingState0, buf_.group_words);
    // pass 2: who needs a draw of their own
    uint32_t needs = 0;
    if (seek_only && key[i0 + n - 1] - key[i0] == n - 1)
      needs = sparse_needs(sim, cy, i0, n);
    else
      for (uint32_t j = 0; j < n; ++j) {
        // branch-free: whether a pupil is in state 0 or in a queue follows no
        // pattern the CPU could predict
        const uint32_t i = i0 + j;
        const bool s0 = state[i] == 0;
        const uint32_t w0 = buf_.group_words.w[key[i] & 3][((key[i] >> 2) - g0) % kDrawBlock];
        bool seeks0 = false;
        // one rarely taken branch (&, not &&): most state-0 pupils draw above
        // every state-0 threshold
        if (s0 & (w0 < seek0_max))
          seeks0 = seeks_help(w0, thresholds(county_of[i], 0, sex[i], background[i], cy.school_grade));
        buf_.needs[needs] = static_cast<uint16_t>(j);
        needs += (queue[i] == 0) & (!s0 | seeks0 | !seek_only);
      }
    // pass 3: their draws and contacts, a block at a time
    for (uint32_t k0 = 0; k0 < needs; k0 += kDrawBlock) {
      const uint32_t m = std::min(kDrawBlock, needs - k0);
      for (uint32_t k = 0; k < m; ++k) buf_.own_keys[k] = key[i0 + buf_.needs[k0 + k]];
      draw_block(rng, buf_.own_keys.data(), m, cy.year, Decision::HelpSeeking, buf_.own_words);
      contacts(sim, cy, i0, g0, buf_.needs.data() + k0, m);
    }
    i0 += n;
  }
}

// Pass 2 when a state-0 pupil needs a draw only if it seeks (the baseline)
// and the chunk's keys run without gaps, so pupil j's group word is at
// q = (key[i0] & 3) + j: a pupil can need a draw only if it is outside state 0
// or its word is below every state-0 threshold (about one in five). Those are
// flagged in one branch-free pass (core/flag_pass.hpp), found sixteen at a
// time, and only they are looked at; the result is pass 2's own, pupil for pupil.
uint32_t HelpSeeking::sparse_needs(Sim& sim, const CohortYear& cy, uint32_t i0, uint32_t n) {
  const People& P = sim.people;
  const uint8_t* state = P.mh_state.data() + i0;
  const uint8_t* queue = P.svc_queue.data() + i0;
  const uint32_t off = P.key[i0] & 3;
  const auto& w = buf_.group_words.w;
  uint8_t* flag = buf_.flags.data();
  flag_nonzero_or_group_word_below(state, buf_.group_words, off, seek0_max_, flag, n);
  std::fill(flag + n, flag + ((n + 15) & ~15u), 0);
  uint32_t needs = 0;
  for_each_flagged(flag, n, [&](uint32_t j) {
    const uint32_t i = i0 + j;
    if (queue[j] != 0) return;
    if (state[j] == 0) {
      const uint32_t q = off + j;
      if (!seeks_help(w[q & 3][q >> 2], thresholds(P.county[i], 0, P.sex[i], P.background[i], cy.school_grade)))
        return;
    }
    buf_.needs[needs++] = static_cast<uint16_t>(j);
  });
  return needs;
}

// The pupils i0 + needs[k] (k < m) with their keys in buf_.own_keys, their
// own draws in buf_.own_words and their groups' words (from group g0 on) in
// buf_.group_words: each one's first contact by the rule, if any, in pupil
// order.
void HelpSeeking::contacts(Sim& sim, const CohortYear& cy, uint32_t i0, uint32_t g0, const uint16_t* needs,
                           uint32_t m) {
  People& P = sim.people;
  const uint8_t* state = P.mh_state.data();
  const uint8_t* background = P.background.data();
  const uint8_t* county_of = P.county.data();
  const uint8_t* sex = P.sex.data();
  const uint16_t* stratum = P.stratum.data();
  const uint32_t* key = P.key.data();
  const auto& w = buf_.own_words.w;
  const auto& group = buf_.group_words.w;
  // Branch-free: whether a pupil makes a contact, and where, follows no
  // pattern the CPU could predict. Every pupil's contact is written in place
  // and only those made are kept (out grows by `made`).
  std::vector<People::Contact>& out = P.svc_contacts.write(owner());
  size_t kept = out.size();
  out.resize(kept + m);
  People::Contact* contact = out.data();
  // The route words, drawn a block at a time when a pupil here may read one
  // (BUP clinicians serve its school in this grade) rather than one at a
  // time inside the loop: a word is the same however it is drawn.
  bool route_here = false;
  if (cy.school_grade)
    for (uint32_t k = 0; k < m; ++k) route_here |= bup_school_here_[county_of[i0 + needs[k]]] != 0;
  if (route_here) draw_block(sim.rng, buf_.own_keys.data(), m, cy.year, Decision::HelpSeekingRoute, buf_.route_words);
  const auto& route = buf_.route_words.w[0];
  for (uint32_t k = 0; k < m; ++k) {
    const uint32_t j = needs[k], i = i0 + j;
    const int s = state[i], county = county_of[i];
    const uint32_t seek_word = s == 0 ? group[key[i] & 3][((key[i] >> 2) - g0) % kDrawBlock] : w[1][k];
    const FirstContact c = first_contact(
        {w[0][k], seek_word, w[2][k], w[3][k]}, thresholds(county, s, sex[i], background[i], cy.school_grade),
        cy.school_weeks, cy.all_weeks, [&] { return route[k]; });
    const size_t at = static_cast<size_t>(stratum[i]) * kGrades;
    cy.idn[at] += c.identified;
    cy.hs[at] += c.made;
    contact[kept] = {i, key[i], static_cast<uint16_t>(Tally::index(stratum[i], cy.g)), static_cast<uint8_t>(county),
                     c.service, c.week, static_cast<uint8_t>(s)};
    kept += c.made;
  }
  out.resize(kept);
}

void HelpSeeking::results(Sim& sim, std::vector<Dataset>& out) {
  out.push_back(weigh(identified_, sim.layout, "identified",
                      "pupils identified by school staff as needing help during the school year"));
  out.push_back(weigh(seekers_, sim.layout, "help_seekers",
                      "pupils who made a new first contact with a help service during the year: identified by "
                      "staff, sought help themselves at school, or referred by a GP (identified is a subset)"));
}

}  // namespace elevsim
