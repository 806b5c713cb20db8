#pragma once
// One replication of every scenario of a run, with the pupils and the warm
// start shared. Scenarios differ only from the first reported year on (grants
// pay out only then) when they run with the same parameters, so their
// synthesis, initial states and warm-start years are the same draws on the
// same state: computed once, then copied to each scenario. A run of the
// baseline and one grant scenario saves about a third of the second's work.
#include <functional>
#include <vector>

#include "run_result.hpp"
#include "sim.hpp"

namespace elevsim {

// True when the scenarios of `prepared` can share a warm start: each runs with
// the same parameters (the caller knows: same files, no [params] override).
bool can_share_warm_start(const std::vector<ScenarioResult>& prepared, bool same_params);

// Runs replication `rep` of every scenario and hands each one's datasets to
// emit(scenario, datasets), in scenario order. `people` and `snapshot` are the
// thread's pupil arrays, reused across replications.
void run_shared_replication(const std::vector<ScenarioResult>& scenarios, const Layout& layout, People& people,
                            People& snapshot, uint32_t seed, uint32_t rep, bool psa,
                            const std::function<void(int, std::vector<Dataset>)>& emit);

}  // namespace elevsim
