// libFuzzer target: the parameter readers. The first byte picks which file of
// a copy of params/ the rest of the input replaces (the TOML files and the two
// CSV tables); load_params then reads the whole folder.
#include <filesystem>
#include <stdexcept>

#include "fuzz_common.hpp"
#include "model_params.hpp"

namespace fs = std::filesystem;

namespace {
const char* const kFiles[] = {"population.csv",  "service_capacity.csv", "population.toml", "mental_health.toml",
                              "schooling.toml",  "interventions.toml",   "services.toml",   "calibrated.toml"};
constexpr size_t kCount = sizeof kFiles / sizeof kFiles[0];

const fs::path& params_copy() {
  static const fs::path dir = [] {
    fs::path d = fuzz::scratch() / "params";
    fs::create_directories(d);
    for (const char* f : kFiles) fs::copy_file(fs::path(ELEVSIM_SOURCE_DIR) / "params" / f, d / f);
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const fs::path& dir = params_copy();
  const char* file = kFiles[data[0] % kCount];
  fuzz::write_file(dir / file, data + 1, size - 1);
  try {
    elevsim::load_params(dir.string());
  } catch (const std::exception&) {
  }
  // back to the original, so the next input changes one file only
  fs::copy_file(fs::path(ELEVSIM_SOURCE_DIR) / "params" / file, dir / file, fs::copy_options::overwrite_existing);
  return 0;
}
