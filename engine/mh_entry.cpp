#include "mh_entry.hpp"

#include "twin.hpp"

namespace elevsim {

void MentalHealthEntry::init(Sim& sim) {
  const MentalHealthParams& mh = sim.params.mental_health;
  const Twin tw = run_twin(mh);
  // Entrants take their state from the twin's distribution for their grade, so
  // the start population is in the model's own equilibrium rather than in an
  // arbitrary one.
  for (int g = 1; g <= kGrades; ++g) {
    band_of_grade_[g] = static_cast<uint8_t>(mh.band_of_grade(g));
    for (int c = 0; c < kCells; ++c) {
      const StateDist& d = tw.pre[g - 1][c];
      init_thr_[g - 1][c] = {Streams::threshold(d(0)), Streams::threshold(d(0) + d(1))};
    }
  }
  for (int b = 0; b < kBands; ++b)
    for (int s = 0; s < kSexes; ++s) ext_thr_[b][s] = Streams::threshold(externalizing_share(mh, s, b));
}

void MentalHealthEntry::step(Sim& sim, int t) {
  People& P = sim.people;
  const Layout& L = sim.layout;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    if (L.first_year_index(c) != t) continue;
    for (uint32_t i = L.cohort_begin[c], e = L.cohort_begin[c + 1]; i < e; ++i) {
      const int g = P.grade[i];
      if (g == 0) continue;
      const auto w = sim.rng.bits(i, year, Decision::MhInitial);
      const auto& th = init_thr_[g - 1][P.cell[i]];
      const uint8_t s = w[0] < th[0] ? 0 : (w[0] < th[1] ? 1 : 2);
      P.mh_state[i] = s;
      P.mh_years[i] = 0;
      P.mh_type[i] = s == 0 ? 0 : (w[1] < ext_thr_[band_of_grade_[g]][P.sex[i]] ? 2 : 1);
    }
  }
}

}  // namespace elevsim
