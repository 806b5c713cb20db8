// Synthesis draws a block of pupils at a time and computes the achievement's
// normal draw itself where boost's first try succeeds; every attribute must
// still be what drawing one pupil at a time with Streams::bits and boost's
// normal_distribution over Streams::urng gives.
#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <cstring>

#include "helpers.hpp"
#include "model_params.hpp"
#include "population.hpp"

using namespace elevsim;
using elevsim::test::params_dir;

namespace {

int pick_one(double u, const std::array<double, 3>& share) {
  double acc = 0;
  for (int k = 0; k < 2; ++k) {
    acc += share[k];
    if (u < acc) return k;
  }
  return 2;
}

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

}  // namespace

TEST_CASE("synthesis gives every pupil the attributes one-pupil draws give", "[population][rng]") {
  const Params p = load_params(params_dir());
  const PopulationParams& pp = p.population;
  const Layout L = make_layout(pp, 2024, 2, 0.04, 1);
  const Streams rng(20250101u, 3u);
  People P;
  synthesize(pp, L, rng, 2024, P);
  REQUIRE(P.size() == L.pupils());
  size_t immigrants = 0;
  for (int c = 0; c < L.cohorts; ++c)
    for (int k = 0; k < L.counties; ++k) {
      const uint32_t b = L.block_begin[c * L.counties + k], e = L.block_begin[c * L.counties + k + 1];
      for (uint32_t i = b; i < e; ++i) {
        const uint32_t id = Layout::key(c, k, i - b);
        INFO("pupil " << i);
        REQUIRE(P.key[i] == id);
        const auto w = rng.bits(id, kYearSynthesis, Decision::SynthSex);
        const int sex = Streams::to_unit(w[0]) < pp.female_share ? 0 : 1;
        const int ses = pick_one(Streams::to_unit(w[1]), pp.counties[k].ses_share);
        const int bg = pick_one(Streams::to_unit(w[2]), pp.counties[k].bg_share);
        const int cw = Streams::to_unit(w[3]) < pp.child_welfare_share ? 1 : 0;
        REQUIRE(int(P.sex[i]) == sex);
        REQUIRE(int(P.ses[i]) == ses);
        REQUIRE(int(P.background[i]) == bg);
        REQUIRE(int(P.child_welfare[i]) == cw);
        REQUIRE(int(P.cell[i]) == cell_of(sex, ses, bg, cw));
        REQUIRE(P.stratum[i] == stratum_of(k, sex, ses));
        auto urng = rng.urng(id, kYearSynthesis, Decision::SynthAchievement);
        boost::random::normal_distribution<double> normal(pp.achievement_mean[ses], pp.achievement_sd);
        REQUIRE(bits_of(P.achievement[i]) == bits_of(static_cast<float>(normal(urng))));
        int16_t arrival = 0;
        if (bg == 2) {
          ++immigrants;
          const auto a = rng.bits(id, kYearSynthesis, Decision::SynthArrival);
          const int age = static_cast<int>(a[0] % static_cast<uint32_t>(pp.arrival_age_max + 1));
          arrival = static_cast<int16_t>(2024 + c - (kGrades - 1) - L.burnin - pp.grade1_age + age);
        }
        REQUIRE(P.arrival_year[i] == arrival);
      }
    }
  // enough pupils that boost's rejections (about one draw in a hundred) are met many times
  CHECK(L.pupils() > 20000);
  CHECK(immigrants > 0);
}
