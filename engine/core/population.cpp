#include "population.hpp"

#include <algorithm>
#include <optional>

#include <boost/random/normal_distribution.hpp>

#include "draw_block.hpp"

namespace elevsim {


namespace {
// The smallest word whose uniform is at least p: Streams::to_unit(w) < p
// exactly when w < below(p) (to_unit rises with the word).
uint64_t below(double p) {
  uint64_t lo = 0, hi = 1ull << 32;  // to_unit(w) < p for w < lo; >= p for w >= hi
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (Streams::to_unit(static_cast<uint32_t>(mid)) < p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

// A category drawn from cumulative shares: the first k with u < share[0] +
// ... + share[k] (sums as a loop over the shares makes them), the last if
// none; with shares >= 0, the number of sums the word reaches, no branches.
template <size_t N>
struct Pick {
  std::array<uint64_t, N - 1> at{};
  explicit Pick(const std::array<double, N>& share) {
    double acc = 0;
    for (size_t k = 0; k + 1 < N; ++k) at[k] = below(acc += share[k]);
  }
  int operator()(uint32_t w) const {
    int n = 0;
    for (size_t k = 0; k + 1 < N; ++k) n += w >= at[k];
    return n;
  }
};

// What synthesis draws by, per county.
struct Draws {
  uint64_t female, child_welfare;
  Pick<kSes> ses;
  Pick<kBackgrounds> bg;
};

// The words of Streams::urng(pupil, year, d), the first four taken from a
// block draw: the URNG's first counter is the block's, whose words it hands
// out last first (w[3], w[2], w[1], w[0]); only a pupil needing more (a
// rejected normal draw, a few in a hundred) runs the URNG itself, past them.
class BlockFirstUrng {
 public:
  using result_type = uint32_t;
  BlockFirstUrng(const Streams& rng, uint32_t pupil, uint32_t year, Decision d, const DrawBlock& blk, uint32_t j)
      : rng_(rng), pupil_(pupil), year_(year), d_(d), blk_(blk), j_(j) {}
  result_type operator()() {
    if (left_ > 0) return blk_.w[--left_][j_];
    if (!rest_) {
      rest_.emplace(rng_.urng(pupil_, year_, d_));
      for (int k = 0; k < 4; ++k) (*rest_)();
    }
    return (*rest_)();
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xFFFFFFFFu; }

 private:
  const Streams& rng_;
  uint32_t pupil_, year_;
  Decision d_;
  const DrawBlock& blk_;
  uint32_t j_;
  int left_ = 4;
  std::optional<r123::MicroURNG<Streams::Engine>> rest_;
};

// boost's standard normal (the ziggurat of unit_normal_distribution) over
// BlockFirstUrng: its first try, from the first two words (w[3], w[2]), for a
// whole block, as boost computes it, the sign kept apart: z[j] = x * sign,
// taken[j] where boost returns it. Boost itself runs for the others (its
// first try fails for them alike), a few in a hundred.
void normal_first_try(const DrawBlock& blk, uint32_t n, std::array<double, kDrawBlock>& z,
                      std::array<uint8_t, kDrawBlock>& taken) {
  const double* tx = boost::random::detail::normal_table<double>::table_x;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t u1 = blk.w[3][j], u2 = blk.w[2][j];
    // generate_int_float_pair<double, 8> for 32-bit words: the bucket from
    // the first word's low 8 bits, the fraction from its other 24 and 29 of the second's
    double r = static_cast<double>(u1 >> 8) * (1.0 / 16777216.0);
    r += static_cast<double>(u2 & 0x1FFFFFFFu);
    r *= 0.5 / 268435456.0;
    const uint32_t i = (u1 & 0xFFu) >> 1;
    const double x = r * tx[i];
    z[j] = x * static_cast<double>(static_cast<int>(u1 & 1u) * 2 - 1);
    taken[j] = x < tx[i + 1];
  }
}

// The fixed attributes synthesis writes (Synthesis::run hands them out with
// its key). Plain pointers, passed by value: the byte stores cannot alias a
// copy whose address is never taken, so the pointers stay in registers.
struct Fixed {
  uint32_t* key;
  uint8_t *sex, *ses, *background, *child_welfare, *county, *cell;
  uint16_t* stratum;
  float* achievement;
  int16_t* arrival_year;
};

// Pupils [i, i + n) of cohort c's block in county k, which starts at pupil b.
void synthesize_block(const PopulationParams& pp, const Draws& by, const Streams& rng, int c, int k, uint32_t b,
                      uint32_t i, uint32_t n, int grade1_year, const Fixed P) {
  std::array<uint32_t, kDrawBlock> keys{}, late_keys, late;
  DrawBlock traits, achieve;
  for (uint32_t j = 0; j < n; ++j) keys[j] = Layout::key(c, k, i + j - b);
  draw_block(rng, keys.data(), n, kYearSynthesis, Decision::SynthSex, traits);
  draw_block(rng, keys.data(), n, kYearSynthesis, Decision::SynthAchievement, achieve);
  std::array<double, kDrawBlock> z;
  std::array<uint8_t, kDrawBlock> taken;
  normal_first_try(achieve, n, z, taken);
  uint32_t arrivals = 0;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t p = i + j;
    P.key[p] = keys[j];
    const int sex = traits.w[0][j] >= by.female;
    const int ses = by.ses(traits.w[1][j]);
    const int bg = by.bg(traits.w[2][j]);
    const int cw = traits.w[3][j] < by.child_welfare;
    P.sex[p] = static_cast<uint8_t>(sex);
    P.ses[p] = static_cast<uint8_t>(ses);
    P.background[p] = static_cast<uint8_t>(bg);
    P.child_welfare[p] = static_cast<uint8_t>(cw);
    P.county[p] = static_cast<uint8_t>(k);
    P.cell[p] = static_cast<uint8_t>(cell_of(sex, ses, bg, cw));
    P.stratum[p] = stratum_of(k, sex, ses);
    if (taken[j]) {
      // as normal_distribution::operator() scales it
      P.achievement[p] = static_cast<float>(z[j] * pp.achievement_sd + pp.achievement_mean[ses]);
    } else {
      BlockFirstUrng urng(rng, keys[j], kYearSynthesis, Decision::SynthAchievement, achieve, j);
      boost::random::normal_distribution<double> normal(pp.achievement_mean[ses], pp.achievement_sd);
      P.achievement[p] = static_cast<float>(normal(urng));
    }
    P.arrival_year[p] = 0;
    if (bg == 2) late[arrivals] = j, late_keys[arrivals++] = keys[j];
  }
  if (arrivals == 0) return;
  // immigrants: the age at arrival
  DrawBlock a;
  draw_block(rng, late_keys.data(), arrivals, kYearSynthesis, Decision::SynthArrival, a);
  for (uint32_t q = 0; q < arrivals; ++q) {
    const int age = static_cast<int>(a.w[0][q] % static_cast<uint32_t>(pp.arrival_age_max + 1));
    P.arrival_year[i + late[q]] = static_cast<int16_t>(grade1_year - pp.grade1_age + age);
  }
}
}  // namespace

// Pupils a block at a time: the draws come from draw_block, word for word
// those of Streams::bits and Streams::urng.
void Synthesis::run(const PopulationParams& pp, const Layout& L, const Streams& rng, int start_year, People& P) {
  P.resize(L.pupils());
  const WriteKey<Synthesis> w;
  const Fixed fixed{P.key.write(w).data(),        P.sex.write(w).data(),
                    P.ses.write(w).data(),        P.background.write(w).data(),
                    P.child_welfare.write(w).data(), P.county.write(w).data(),
                    P.cell.write(w).data(),       P.stratum.write(w).data(),
                    P.achievement_at_synthesis(w).data(), P.arrival_year.write(w).data()};
  const Streams r = rng;  // a local copy: the byte stores could alias a member
  std::vector<Draws> by;
  for (const County& cty : pp.counties)
    by.push_back({below(pp.female_share), below(pp.child_welfare_share), Pick<kSes>(cty.ses_share),
                  Pick<kBackgrounds>(cty.bg_share)});
  for (int c = 0; c < L.cohorts; ++c) {
    // calendar year in which this cohort is (or was) in grade 1
    const int grade1_year = start_year + c - (kGrades - 1) - L.burnin;
    for (int k = 0; k < L.counties; ++k) {
      const uint32_t b = L.block_begin[c * L.counties + k], e = L.block_begin[c * L.counties + k + 1];
      for (uint32_t i = b; i < e; i += kDrawBlock)
        synthesize_block(pp, by[k], r, c, k, b, i, std::min(kDrawBlock, e - i), grade1_year, fixed);
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
