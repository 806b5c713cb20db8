#pragma once
// The model's module list, in the order each year steps them. It lives in
// run/, above model/ and policy/, the only layer that knows both.
#include <memory>
#include <vector>

#include "scenario.hpp"
#include "sim.hpp"

namespace elevsim {

// `scenario` (its grants) must outlive the modules.
std::vector<std::unique_ptr<Module>> default_modules(const Scenario& scenario);

}  // namespace elevsim
