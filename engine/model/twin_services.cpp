#include "twin_services.hpp"

#include "help_seeking.hpp"
#include "params.hpp"

namespace elevsim {

TwinFirstContacts twin_first_contacts(const Params& p, const Twin& tw) {
  const ServicesParams& S = p.services;
  const auto w = population_cell_weights(p.population);
  const double bg_odds[kBackgrounds] = {1.0, S.descendant_seek_odds, S.immigrant_seek_odds};
  TwinFirstContacts r;
  double den = 0;
  for (int g = 1; g <= kGrades; ++g)
    for (int c = 0; c < kCells; ++c) {
      const int sex = c / (2 * kBackgrounds * kSes), bg = (c / 2) % kBackgrounds;
      den += w[c];
      for (int s = 0; s < kStates; ++s) {
        const double pid = HelpSeeking::with_odds(S.identify[s], S.identify_odds);
        const double pseek = HelpSeeking::with_odds(S.seek[s], bg_odds[bg] * (sex == 0 ? S.female_seek_odds : 1.0));
        const double pgp = HelpSeeking::with_odds(S.gp_referral[s], bg_odds[bg]);
        const double mass = w[c] * tw.pre[g - 1][c](s);
        r.identified += mass * pid;
        r.help_seekers += mass * (1 - (1 - pid) * (1 - pseek) * (1 - pgp));
      }
    }
  if (!S.enabled) return {};
  r.identified /= den;
  r.help_seekers /= den;
  return r;
}

}  // namespace elevsim
