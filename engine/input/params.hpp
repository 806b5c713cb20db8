#pragma once
// The population parameters with the population's fixed dimensions (the
// mental-health and schooling ones: model/mental_health_params.hpp,
// model/schooling_params.hpp). Every number comes from params/; the engine holds no model
// constants. The bundle of every module's parameters is model/model_params.hpp.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "toml_reader.hpp"
#include "uncertain_value.hpp"

namespace elevsim {

inline constexpr int kGrades = 13;  // grunnskole 1-10, Vg1-Vg3 as 11-13
inline constexpr int kVg1Grade = 11;  // the age-grade of upper secondary's first year (Vg1)
inline constexpr int kSexes = 2;    // 0 female, 1 male
inline constexpr int kSes = 3;      // 0 low, 1 middle, 2 high
inline constexpr int kBackgrounds = 3;  // 0 none, 1 Norwegian-born to immigrants, 2 immigrant
// Cells of the transition model: sex x ses x background x child welfare.
inline constexpr int kCells = kSexes * kSes * kBackgrounds * 2;

inline int cell_of(int sex, int ses, int bg, int cw) { return ((sex * kSes + ses) * kBackgrounds + bg) * 2 + cw; }

struct County {
  std::string name;
  double pupils_per_grade = 0;
  std::array<double, kSes> ses_share{};        // low, middle, high
  std::array<double, kBackgrounds> bg_share{};  // none, descendant, immigrant
};

// One birth year of params/cohorts.csv: national pupils per grade = births x school_age_factor.
struct CohortRow {
  int birth_year = 0;
  double pupils = 0;
};

struct PopulationParams {
  std::vector<County> counties;
  std::vector<CohortRow> cohorts;  // sorted by birth year
  // Birth years whose mean cohort size population.csv's pupils_per_grade stands for:
  // each county's cohort = pupils_per_grade x cohort size / that mean, so a county's
  // pupils do not depend on which other counties the table lists.
  std::array<int, 2> cohort_reference_birth_years{};
  double cohort_reference_pupils = 0;  // the mean national cohort of those years (derived)
  // true: every cohort has each county's pupils_per_grade (a steady-state population);
  // false: cohorts follow the size of their birth year (cohorts.csv).
  bool constant_cohorts = false;
  // Age at the start of grade 1 (turned in the calendar year): grade g in autumn birth_year + age - 1 + g.
  int grade1_age = 6;
  // Real pupils per grade in a county for the cohort born in birth_year.
  double cohort_pupils(int county, int birth_year) const;
  double female_share = 0;
  double child_welfare_share = 0;
  std::array<double, kSes> achievement_mean{};  // latent achievement by ses
  double achievement_sd = 0;
  int arrival_age_max = 0;  // immigrants arrive at an age uniform in [0, max]
};

class TomlTable;
// population.csv: one row per county (file name for messages, text).
std::vector<County> read_population_csv(const std::string& file, const std::string& text);
// cohorts.csv: national pupils per grade by birth year (file name for messages, text).
std::vector<CohortRow> read_cohorts_csv(const std::string& file, const std::string& text);
// Needs p.cohorts (for the reference birth years).
void read_population(const TomlTable& t, PopulationParams& p);

}  // namespace elevsim
