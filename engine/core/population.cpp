#include "population.hpp"

#include <boost/random/normal_distribution.hpp>

namespace elevsim {

namespace {
// Index of the category that uniform u falls in, given cumulative shares.
template <size_t N>
int pick(double u, const std::array<double, N>& share) {
  double acc = 0;
  for (size_t k = 0; k + 1 < N; ++k) {
    acc += share[k];
    if (u < acc) return static_cast<int>(k);
  }
  return static_cast<int>(N - 1);
}
}  // namespace

void synthesize(const PopulationParams& pp, const Layout& L, const Streams& rng, int start_year, People& P) {
  P.resize(L.pupils());
  for (int c = 0; c < L.cohorts; ++c) {
    // calendar year in which this cohort is (or was) in grade 1
    const int grade1_year = start_year + c - (kGrades - 1) - L.burnin;
    for (int k = 0; k < L.counties; ++k) {
      const County& cty = pp.counties[k];
      const uint32_t b = L.block_begin[c * L.counties + k], e = L.block_begin[c * L.counties + k + 1];
      for (uint32_t i = b; i < e; ++i) {
        const uint32_t id = Layout::key(c, k, i - b);
        P.key[i] = id;
        auto w = rng.bits(id, kYearSynthesis, Decision::SynthSex);
        const int sex = Streams::to_unit(w[0]) < pp.female_share ? 0 : 1;
        const int ses = pick(Streams::to_unit(w[1]), cty.ses_share);
        const int bg = pick(Streams::to_unit(w[2]), cty.bg_share);
        const int cw = Streams::to_unit(w[3]) < pp.child_welfare_share ? 1 : 0;
        P.sex[i] = static_cast<uint8_t>(sex);
        P.ses[i] = static_cast<uint8_t>(ses);
        P.background[i] = static_cast<uint8_t>(bg);
        P.child_welfare[i] = static_cast<uint8_t>(cw);
        P.county[i] = static_cast<uint8_t>(k);
        P.cell[i] = static_cast<uint8_t>(cell_of(sex, ses, bg, cw));
        P.stratum[i] = stratum_of(k, sex, ses);
        auto urng = rng.urng(id, kYearSynthesis, Decision::SynthAchievement);
        boost::random::normal_distribution<double> normal(pp.achievement_mean[ses], pp.achievement_sd);
        P.achievement[i] = static_cast<float>(normal(urng));
        if (bg == 2) {
          auto a = rng.bits(id, kYearSynthesis, Decision::SynthArrival);
          const int age = static_cast<int>(a[0] % static_cast<uint32_t>(pp.arrival_age_max + 1));
          P.arrival_year[i] = static_cast<int16_t>(grade1_year - pp.grade1_age + age);
        }
      }
    }
  }
}

std::array<double, kCells> cell_shares(const PopulationParams& p, const County& c) {
  std::array<double, kCells> s{};
  for (int sex = 0; sex < kSexes; ++sex)
    for (int ses = 0; ses < kSes; ++ses)
      for (int bg = 0; bg < kBackgrounds; ++bg)
        for (int cw = 0; cw < 2; ++cw)
          s[cell_of(sex, ses, bg, cw)] = (sex == 0 ? p.female_share : 1 - p.female_share) * c.ses_share[ses] *
                                         c.bg_share[bg] * (cw ? p.child_welfare_share : 1 - p.child_welfare_share);
  return s;
}

}  // namespace elevsim
