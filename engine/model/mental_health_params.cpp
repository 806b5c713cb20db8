#include "mental_health_params.hpp"

#include "input_error.hpp"
#include "param_fields.hpp"
#include "toml_reader.hpp"

namespace elevsim {

void read_mental_health(const TomlTable& t, MentalHealthParams& mh) {
  auto bands = t.numbers("band_first_grade", kBands, 1, kGrades);
  for (int b = 0; b < kBands; ++b) mh.band_first_grade[b] = static_cast<int>(bands[b]);
  // strictly: a band that starts where the next one does would hold no grade
  bool increasing = mh.band_first_grade[0] == 1;
  for (int b = 1; b < kBands; ++b) increasing &= mh.band_first_grade[b] > mh.band_first_grade[b - 1];
  for (int b = 0; b < kBands; ++b) increasing &= bands[b] == mh.band_first_grade[b];  // whole grades
  if (!increasing)
    throw InputError(t.file_of("band_first_grade"), t.line_of("band_first_grade"), t.qualified("band_first_grade"),
                     "expected strictly increasing whole grades starting at 1, e.g. [1, 5, 8, 11]");
  using F = ParamField<MentalHealthParams, kBands>;
  using M = MentalHealthParams;
  read_fields<M, kBands>(t, mh, {
      F{"entry_burnin_years", &M::entry_burnin_years, 0, 10},
      F{"warm_start_years", &M::warm_start_years, 0, 30},
      F{"onset_complaints", &M::onset_complaints, -15, 5},
      F{"onset_disorder", &M::onset_disorder, -15, 5},
      F{"remission", &M::remission, -15, 5},
      F{"worsening", &M::worsening, -15, 5},
      F{"disorder_improve", &M::disorder_improve, -15, 5},
      F{"disorder_remit", &M::disorder_remit, -15, 5},
      F{"female", &M::female, -5, 5},
      F{"externalizing_share_female", &M::externalizing_share_female, 0, 1},
      F{"externalizing_share_male", &M::externalizing_share_male, 0, 1},
      F{"onset_shift", &M::onset_shift, -10, 10},
      F{"worsening_shift", &M::worsening_shift, -10, 10},
      F{"remission_shift", &M::remission_shift, -10, 10},
      F{"female_adolescent", &M::female_adolescent, -5, 5},
      F{"female_adolescent_first_band", &M::female_adolescent_first_band, 1, kBands - 1},
      F{"ses_low", &M::ses_low, -5, 5},
      F{"treated_share_complaints", &M::treated_share_complaints, 0, 1},
      F{"treated_share_disorder", &M::treated_share_disorder, 0, 1},
      F{"treated_shift_complaints", &M::treated_shift_complaints, 0, 5},
      F{"treated_shift_disorder", &M::treated_shift_disorder, 0, 5},
      F{"ses_high", &M::ses_high, -5, 5},
      F{"descendant", &M::descendant, -5, 5},
      F{"immigrant", &M::immigrant, -5, 5},
      F{"child_welfare", &M::child_welfare, -5, 10},
  });
  mh.externalizing_share_logodds = t.uncertain("externalizing_share_logodds", -3, 3);
  t.finish();
}

}  // namespace elevsim
