#pragma once
// The data folder of `elevsim serve` (--data DIR): the only place the server
// writes, and with the shipped scenarios the only place it reads scenarios
// from. The client never names a path: a scenario is a validated name, a run
// is a key the server made. Layout:
//   DIR/scenarios/NAME.toml   scenarios saved from the page
//   DIR/runs/KEY/             one finished run: run.h5, meta.json, the scenarios'
//                             TOML, and the downloads made from run.h5 (report,
//                             CSV) once asked for
//   DIR/runs/KEY.partial-PID/ a run being computed: renamed to KEY only when
//                             complete, removed on failure, cancel, SIGINT or
//                             SIGTERM, and at the next start if the process died
#include <filesystem>
#include <string>
#include <vector>

namespace elevsim {

// A scenario or run name the server accepts: the scenario file's own rule
// (1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit) and no "..".
bool valid_name(const std::string& name);
// A run key: 16 lower-case hex digits (run_key below).
bool valid_key(const std::string& key);

struct ScenarioEntry {
  std::string name, description, description_en;
  bool shipped = false;  // from the shipped scenarios folder (read-only)
};

class DataStore {
 public:
  // data: created if missing; shipped: the folder of the shipped scenarios
  DataStore(std::filesystem::path data, std::filesystem::path shipped);
  const std::filesystem::path& root() const { return data_; }
  std::filesystem::path runs() const { return data_ / "runs"; }
  std::filesystem::path run_dir(const std::string& key) const;  // throws on a bad key

  std::vector<ScenarioEntry> list_scenarios() const;
  // The text of scenario `name` (the data folder's, else the shipped one);
  // InputError naming the scenario when there is none or the name is bad.
  std::string scenario_text(const std::string& name) const;
  bool is_shipped(const std::string& name) const;
  // Validated text saved as DIR/scenarios/NAME.toml (through a temporary file).
  // Refuses a shipped scenario's name (the shipped files are not replaced).
  void save_scenario(const std::string& name, const std::string& text) const;
  // Every shipped scenario's text (the optimiser compares its best with them).
  std::vector<std::pair<std::string, std::string>> shipped_texts() const;

  // Finished runs (keys with meta.json), newest first.
  std::vector<std::string> finished_runs() const;
  bool has_run(const std::string& key) const;
  // Removes what a killed server left: runs/KEY.partial-PID of dead processes.
  void remove_stale_partials() const;

 private:
  std::filesystem::path data_, shipped_;
};

// A regular file of at most `max_bytes` inside `dir` (no symbolic link), read whole.
std::string read_small_file(const std::filesystem::path& file, size_t max_bytes);
// Writes `text` to `path` through a temporary file renamed when complete.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace elevsim
