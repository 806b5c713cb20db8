#pragma once
// Need per county, from the same model that runs (composition, county terms
// and the year's cohort sizes): the key of the needs_weighted rule and of the
// competitive rule's need ranking.
#include <vector>

#include "model_params.hpp"
#include "twin.hpp"

namespace elevsim {

enum class NeedKind {
  MentalHealth,  // pupils (grades 1-13) with significant complaints or a disorder (twin, by composition)
  Leaving,       // upper-secondary pupils expected to leave during the year (leaving hazard with county terms)
};

// The need an intervention answers: follow-up answers leaving, the rest mental health.
NeedKind need_kind(int intervention);

// Expected pupils in need per county in the school year starting in `year`.
// tw: run_twin(p.mental_health), computed once by the caller.
std::vector<double> county_need(const Params& p, const Twin& tw, int year, NeedKind kind);

// The same in two steps, for callers that need many years: the share in need
// per county (year-independent; the costly part), then times the year's pupils.
std::vector<double> county_need_share(const Params& p, const Twin& tw, NeedKind kind);
std::vector<double> county_need(const Params& p, const std::vector<double>& share, int year, NeedKind kind);

}  // namespace elevsim
