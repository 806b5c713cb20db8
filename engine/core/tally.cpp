#include "tally.hpp"

#include "intervention_catalogue.hpp"

namespace elevsim {

std::vector<Scale> output_scales(int replications, int start_year, int years,
                                 const std::vector<std::string>& counties, int entry_cohorts) {
  std::vector<Scale> s;
  Scale rep{"replication", {}, {}, "Monte Carlo replication index (the second Philox key word)"};
  for (int r = 0; r < replications; ++r) rep.ints.push_back(r);
  s.push_back(rep);
  Scale yr{"year", {}, {}, "calendar year in which the school year starts (autumn)"};
  for (int y = 0; y < years; ++y) yr.ints.push_back(start_year + y);
  s.push_back(yr);
  s.push_back({"county", {}, counties, "county (params/population.csv)"});
  s.push_back({"sex", {}, {"female", "male"}, "sex"});
  s.push_back({"ses", {}, {"low", "middle", "high"}, "socioeconomic status of the family"});
  Scale gr{"grade", {}, {}, "grades 1-10 grunnskole, 11-13 upper secondary Vg1-Vg3"};
  for (int g = 1; g <= kGrades; ++g) gr.ints.push_back(g);
  s.push_back(gr);
  s.push_back({"background", {}, {"none", "descendant", "immigrant"},
               "immigrant background: none, Norwegian-born to immigrant parents, immigrant"});
  s.push_back({"mh_state", {}, {"none", "complaints", "disorder"}, "mental-health state"});
  s.push_back({"programme", {}, {"general", "vocational"}, "upper-secondary programme chosen at Vg1 entry"});
  s.push_back({"level", {}, {"vg1", "vg2", "vg3", "pabygg", "apprentice1", "apprentice2"},
               "upper-secondary level: Vg1-Vg3 in school, the bridging year (påbygg), apprenticeship years"});
  Scale iv{"intervention", {}, {}, "intervention a grant buys (params/interventions.toml)"};
  for (const char* n : kInterventionNames) iv.labels.push_back(n);
  s.push_back(iv);
  Scale ey{"entry_year", {}, {}, "calendar year of first Vg1 start (cohorts followed to their 5/6-year deadline)"};
  for (int k = 0; k < entry_cohorts; ++k) ey.ints.push_back(start_year + k);
  s.push_back(ey);
  Scale sv{"service", {}, {}, "help service (params/services.toml): school health service, BUP clinicians at "
                              "upper secondary schools, municipal psychologists, BUP specialist care"};
  for (const char* k : kServiceKeys) sv.labels.push_back(k);
  s.push_back(sv);
  s.push_back({"case_state", {}, {"complaints", "disorder"}, "mental-health state of a case: 1 or 2"});
  s.push_back({"problem_type", {}, {"internalizing", "externalizing"},
               "problem type of a case, drawn at onset: internalizing (anxiety, depression) or externalizing "
               "(ADHD, conduct problems)"});
  s.push_back({"status", {}, {"no_level_passed", "passed_vg1", "passed_vg2", "final_year_not_passed", "still_enrolled"},
               "where a non-completer stands at the 5/6-year deadline: left without passing Vg1, left after "
               "passing Vg1, left after passing Vg2, attended the final year (Vg3, påbygg, apprenticeship) "
               "without passing, still enrolled"});
  return s;
}

namespace {
template <int Inner>
Dataset weigh_grid(const GradeTally<Inner>& t, const Layout& L, std::string name, std::string description,
                   std::string units, std::vector<std::string> dims) {
  Dataset d;
  d.name = std::move(name);
  d.description = std::move(description);
  d.units = std::move(units);
  d.dims = std::move(dims);
  d.values.resize(t.n.size());
  const size_t per_county = static_cast<size_t>(kSexes) * kSes * kGrades * Inner;
  for (size_t i = 0; i < t.n.size(); ++i) d.values[i] = t.n[i] * L.county_weight[(i / per_county) % L.counties];
  return d;
}
// The counties summed: weighted in county order, so the sums do not depend on
// the order pupils were counted in.
template <int Inner>
Dataset weigh_national_grid(const GradeTally<Inner>& t, const Layout& L, std::string name, std::string description,
                            std::vector<std::string> dims) {
  Dataset d;
  d.name = std::move(name);
  d.description = std::move(description);
  d.units = "pupils (scaled to the real population)";
  d.dims = std::move(dims);
  const size_t per_stratum = static_cast<size_t>(kGrades) * Inner, groups = static_cast<size_t>(kSexes) * kSes;
  d.values.assign(static_cast<size_t>(t.years) * groups * per_stratum, 0.0);
  for (int y = 0; y < t.years; ++y)
    for (int c = 0; c < L.counties; ++c)
      for (size_t g = 0; g < groups; ++g)
        for (size_t k = 0; k < per_stratum; ++k) {
          const size_t from = ((static_cast<size_t>(y) * t.strata + c * groups + g) * per_stratum) + k;
          d.values[(y * groups + g) * per_stratum + k] += t.n[from] * L.county_weight[c];
        }
  return d;
}
}  // namespace

Dataset weigh_national(const CaseTypeTally& t, const Layout& L, std::string name, std::string description) {
  return weigh_national_grid(t, L, std::move(name), std::move(description),
                             {"year", "sex", "ses", "grade", "case_state", "problem_type"});
}

Dataset weigh_national(const TypeTally& t, const Layout& L, std::string name, std::string description) {
  return weigh_national_grid(t, L, std::move(name), std::move(description),
                             {"year", "sex", "ses", "grade", "problem_type"});
}

Dataset weigh(const Tally& t, const Layout& L, std::string name, std::string description) {
  return weigh_grid(t, L, std::move(name), std::move(description), "pupils (scaled to the real population)",
                    {"year", "county", "sex", "ses", "grade"});
}

Dataset weigh(const ServiceTally& t, const Layout& L, std::string name, std::string description, std::string units) {
  return weigh_grid(t, L, std::move(name), std::move(description), std::move(units),
                    {"year", "county", "sex", "ses", "grade", "service"});
}

}  // namespace elevsim
