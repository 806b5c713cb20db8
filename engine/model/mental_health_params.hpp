#pragma once
// The mental-health model's parameters (spec section 2; params/mental_health.toml
// and calibrated.toml) and its dimensions: they belong to the model, so they
// live in model/; input/ only offers the readers they use.
#include <array>

#include "params.hpp"
#include "toml_reader.hpp"

namespace elevsim {

inline constexpr int kBands = 4;    // age bands of the mental-health model
inline constexpr int kStates = 3;   // 0 none, 1 complaints, 2 disorder

struct MentalHealthParams {
  std::array<int, kBands> band_first_grade{};
  int entry_burnin_years = 0;
  int warm_start_years = 0;  // simulated before the first reported year (Layout::burnin)
  // Multinomial-logit intercepts per band, origin -> destination.
  std::array<double, kBands> onset_complaints{}, onset_disorder{}, remission{}, worsening{},
      disorder_improve{}, disorder_remit{};
  // Calibrated level shifts (params/calibrated.toml).
  double onset_shift = 0, worsening_shift = 0, remission_shift = 0;
  // Risk log-odds, acting on onset and worsening.
  std::array<double, kBands> female{};
  double female_adolescent = 0;  // extra female log-odds from band female_adolescent_first_band on (calibrated)
  int female_adolescent_first_band = 0;
  // Low versus middle ses by band (calibrated): the gradient is steeper in
  // children than in adolescents (Reiss 2013), so each band has its own.
  std::array<double, kBands> ses_low{};
  double ses_high = 0, descendant = 0, immigrant = 0, child_welfare = 0;
  // The expected-value twin's treatment (calibrated on the microsimulation with
  // services on): per band, the share of pupils in state 1 / 2 whose transition
  // a treatment shifts in a year, and the mean recovery log-odds it adds.
  std::array<double, kBands> treated_share_complaints{}, treated_share_disorder{}, treated_shift_complaints{},
      treated_shift_disorder{};
  // Problem type at onset: the share of new cases that are externalizing, by
  // band, and a log-odds shift of all of them drawn per replication (PSA).
  std::array<double, kBands> externalizing_share_female{}, externalizing_share_male{};
  TomlTable::Uncertain externalizing_share_logodds;

  int band_of_grade(int grade) const {
    int b = 0;
    for (int k = 1; k < kBands; ++k)
      if (grade >= band_first_grade[k]) b = k;
    return b;
  }
};

void read_mental_health(const TomlTable& t, MentalHealthParams& mh);

}  // namespace elevsim
