#pragma once
// What the expected-value twin can say about help-seeking. Queues, waits and
// capacity depend on the order of arrivals and cannot be written as a cohort
// Markov chain; first contacts in the first simulated year can: nobody is
// queued yet, so every pupil in school is eligible, and their states follow
// the twin's start distribution.
#include "twin.hpp"

namespace elevsim {

struct Params;

struct TwinFirstContacts {
  double identified = 0;    // expected share of pupils (grades 1-13) identified by staff
  double help_seekers = 0;  // expected share with a new first contact (any route)
};

// For the first simulated year, assuming no county has BUP clinicians at schools.
TwinFirstContacts twin_first_contacts(const Params& p, const Twin& tw);

}  // namespace elevsim
