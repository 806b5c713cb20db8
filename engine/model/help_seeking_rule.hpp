#pragma once
// Help-seeking's rule for one pupil and one year (spec section 4,
// "Help-seeking and services", first point): a pupil in age-grade 1-13 who is
// not waiting in a service's queue may be identified by school staff, seek
// help at a school service, or be referred to BUP by a GP; any of the three
// is a first contact. The batched passes of help_seeking.cpp and the
// reference path (ELEVSIM_KERNELS=reference) both decide through this
// function; tests/test_help_seeking_rule.cpp states it case by case.
#include <cstdint>

#include "service_catalogue.hpp"

namespace elevsim {

// The pupil's thresholds this year (Streams::threshold of a probability: a
// word below it is a yes), by its county (the levers), state, sex,
// background and whether BUP clinicians serve its school this grade.
struct HelpThresholds {
  uint32_t identify = 0;   // identified by school staff
  uint32_t seek = 0;       // seeks help at a school service
  uint32_t gp = 0;         // referred to BUP by a GP
  bool bup_at_school = false;
  uint32_t to_bup_school = 0;  // there: a contact at school is with the BUP clinician
};

// The words of the pupil's draws: its own (Decision::HelpSeeking) for
// identification, seeking, referral and the week; in state 0 seeking is
// drawn on a word its group of four pupils shares (HelpSeekingState0), so
// that the many state-0 pupils cost a quarter of a draw each.
struct HelpWords {
  uint32_t identify = 0, seek = 0, gp = 0, week = 0;
};

struct FirstContact {
  bool identified = false;  // counted in `identified`
  bool made = false;        // a first contact, counted in `help_seekers`
  uint8_t service = 0;      // at school: school health or the BUP clinician there; else BUP (GP referral)
  uint8_t week = 0;         // the week of the year it is made
};

// Seeking: the word (the group's in state 0) below the pupil's threshold.
inline bool seeks_help(uint32_t seek_word, const HelpThresholds& th) { return seek_word < th.seek; }

// school_weeks: a contact at school falls in a school week; a GP referral in
// any of all_weeks. route(): the word that sends a contact at school to the
// BUP clinician rather than school health, drawn only where one serves.
template <class Route>
inline FirstContact first_contact(const HelpWords& w, const HelpThresholds& th, uint32_t school_weeks,
                                  uint32_t all_weeks, Route&& route) {
  FirstContact c;
  c.identified = w.identify < th.identify;
  const bool seeks = seeks_help(w.seek, th);
  const bool at_school = c.identified | seeks;
  const bool referred = w.gp < th.gp;
  c.made = at_school | referred;
  bool to_bup_school = false;
  if (th.bup_at_school & at_school) to_bup_school = route() < th.to_bup_school;
  c.service = static_cast<uint8_t>(at_school ? (to_bup_school ? kBupSchool : kSchoolHealth) : kBup);
  c.week = static_cast<uint8_t>(w.week % (at_school ? school_weeks : all_weeks));
  return c;
}

}  // namespace elevsim
