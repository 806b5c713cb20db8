#pragma once
// Mental-health state of pupils entering the simulation (the start population
// and each new grade-1 cohort), drawn at the start of their first year so that
// help-seeking and services, which run before the year's transition, see it.
#include <array>
#include <cstdint>

#include "sim.hpp"

namespace elevsim {

class MentalHealthEntry : public Module {
 public:
  const char* name() const override { return "mental_health_entry"; }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim&, std::vector<Dataset>&) override {}

 private:
  // Initial state: [grade-1][cell][k]; externalizing share at onset: [band][sex]
  std::array<std::array<std::array<uint32_t, 2>, kCells>, kGrades> init_thr_{};
  std::array<std::array<uint32_t, kSexes>, kBands> ext_thr_{};
  std::array<uint8_t, kGrades + 1> band_of_grade_{};
};

}  // namespace elevsim
