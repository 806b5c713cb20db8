// libFuzzer target: the scenario TOML reader, and the parameters a scenario's
// [params] table overrides (params/ of the source tree underneath).
#include <stdexcept>

#include "fuzz_common.hpp"
#include "params.hpp"
#include "scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = fuzz::scratch() / "scenario.toml";
  fuzz::write_file(path, data, size);
  try {
    elevsim::Scenario s = elevsim::load_scenario(path.string());
    elevsim::Params p = elevsim::load_params(ELEVSIM_SOURCE_DIR "/params", &s);
    elevsim::validate_grants(s.grants, p.population);
  } catch (const std::exception&) {
    // refused: what a bad scenario should get
  }
  return 0;
}
