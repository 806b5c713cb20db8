#include "schooling.hpp"

#include <algorithm>

namespace elevsim {

void Schooling::init(Sim& sim) {
  pupils_.reset(sim.layout);
  std::fill(sim.people.grade.begin(), sim.people.grade.end(), 0);
}

void Schooling::step(Sim& sim, int t) {
  const Layout& L = sim.layout;
  People& P = sim.people;
  // the cohort that finished grade 13 last year leaves
  if (t > 0) {
    const int c = sim.first_cohort(t) - 1;
    std::fill(P.grade.begin() + L.cohort_begin[c], P.grade.begin() + L.cohort_begin[c + 1], 0);
  }
  uint32_t* n = pupils_.year(t);
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const auto g = static_cast<uint8_t>(Layout::grade_in(c, t));
    for (uint32_t i = L.cohort_begin[c]; i < L.cohort_begin[c + 1]; ++i) {
      P.grade[i] = g;
      ++n[Tally::index(P.stratum[i], g)];
    }
  }
}

void Schooling::results(Sim& sim, std::vector<Dataset>& out) {
  out.push_back(weigh(pupils_, sim.layout, "pupils", "pupils enrolled in the grade during the school year"));
}

}  // namespace elevsim
