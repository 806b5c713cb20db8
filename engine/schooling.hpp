#pragma once
// School progression. For now every pupil moves up one grade a year
// (Norway has no grade repetition in grunnskole) and leaves after grade 13;
// the upper-secondary model of spec section 3 replaces the Vg years.
#include "sim.hpp"

namespace elevsim {

class Schooling : public Module {
 public:
  const char* name() const override { return "schooling"; }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;

 private:
  Tally pupils_;
};

}  // namespace elevsim
