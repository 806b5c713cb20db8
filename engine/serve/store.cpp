#include "store.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <regex>
#include <sstream>

#include "input_error.hpp"
#include "output_file.hpp"
#include "scenario.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

constexpr size_t kMaxScenarioBytes = 256 * 1024;

bool is_plain_file(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() == fs::file_type::regular;
}

std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".toml" && valid_name(e.path().stem().string()) && is_plain_file(e.path()))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool valid_name(const std::string& name) {
  static const std::regex re("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  return std::regex_match(name, re) && name.find("..") == std::string::npos;
}

bool valid_key(const std::string& key) {
  static const std::regex re("[0-9a-f]{16}");
  return std::regex_match(key, re);
}

std::string read_small_file(const fs::path& file, size_t max_bytes) {
  if (!is_plain_file(file)) throw InputError(file.filename().string(), 0, "", "not a regular file");
  std::error_code ec;
  if (fs::file_size(file, ec) > max_bytes)
    throw InputError(file.filename().string(), 0, "", "larger than " + std::to_string(max_bytes / 1024) + " KiB");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file_atomically(const std::string& path, const std::string& text) {
  TempFile tmp(path);
  {
    std::ofstream f(tmp.path(), std::ios::binary);
    f << text;
    f.close();
    if (!f) throw InputError(fs::path(path).filename().string(), 0, "", "cannot write (disk full?)");
  }
  tmp.commit();
}

DataStore::DataStore(fs::path data, fs::path shipped) : data_(std::move(data)), shipped_(std::move(shipped)) {
  fs::create_directories(data_ / "scenarios");
  fs::create_directories(data_ / "runs");
}

fs::path DataStore::run_dir(const std::string& key) const {
  if (!valid_key(key)) throw InputError("run \"" + key + "\": not a run of this server");
  return runs() / key;
}

std::vector<ScenarioEntry> DataStore::list_scenarios() const {
  std::vector<ScenarioEntry> out;
  auto add = [&](const fs::path& dir, bool shipped) {
    for (const fs::path& f : toml_files(dir)) {
      try {
        const Scenario s = load_scenario_text(read_small_file(f, kMaxScenarioBytes), f.filename().string());
        if (s.name != f.stem().string()) continue;  // addressed by name: the file must carry it
        out.push_back({s.name, s.description, s.description_en, shipped});
      } catch (const std::exception&) {
        // a broken file is not offered
      }
    }
  };
  add(shipped_, true);
  add(data_ / "scenarios", false);
  return out;
}

bool DataStore::is_shipped(const std::string& name) const {
  return valid_name(name) && is_plain_file(shipped_ / (name + ".toml"));
}

std::string DataStore::scenario_text(const std::string& name) const {
  if (!valid_name(name))
    throw InputError("scenario \"" + name + "\": not a scenario name (1-64 of A-Z a-z 0-9 _ . -, no path)");
  const fs::path mine = data_ / "scenarios" / (name + ".toml");
  if (is_plain_file(mine)) return read_small_file(mine, kMaxScenarioBytes);
  const fs::path shipped = shipped_ / (name + ".toml");
  if (is_plain_file(shipped)) return read_small_file(shipped, kMaxScenarioBytes);
  throw InputError("scenario \"" + name + "\": no such scenario (neither shipped nor saved)");
}

void DataStore::save_scenario(const std::string& name, const std::string& text) const {
  if (!valid_name(name)) throw InputError("name", 0, "name", "not a scenario name");
  if (is_shipped(name))
    throw InputError("name", 0, "name", "\"" + name + "\" is a shipped scenario; save under another name");
  if (text.size() > kMaxScenarioBytes) throw InputError("scenario text larger than 256 KiB");
  write_file_atomically((data_ / "scenarios" / (name + ".toml")).string(), text);
}

std::vector<std::pair<std::string, std::string>> DataStore::shipped_texts() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const fs::path& f : toml_files(shipped_)) out.emplace_back(f.stem().string(), read_small_file(f, kMaxScenarioBytes));
  return out;
}

std::vector<std::string> DataStore::finished_runs() const {
  std::vector<std::pair<fs::file_time_type, std::string>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runs(), ec)) {
    const std::string k = e.path().filename().string();
    if (valid_key(k) && is_plain_file(e.path() / "meta.json") && is_plain_file(e.path() / "run.h5"))
      found.emplace_back(fs::last_write_time(e.path() / "meta.json", ec), k);
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

bool DataStore::has_run(const std::string& key) const {
  return valid_key(key) && is_plain_file(runs() / key / "meta.json") && is_plain_file(runs() / key / "run.h5");
}

void DataStore::remove_stale_partials() const {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runs(), ec)) {
    const std::string n = e.path().filename().string();
    if (valid_key(n)) {
      // inside a finished run: a download (report, CSV export) being made when the server died
      remove_stale_temporaries(e.path(), "");
      fs::remove_all(e.path() / "csv.partial", ec);
      continue;
    }
    const size_t p = n.find(".partial-");
    if (p == std::string::npos) continue;
    const long pid = std::atol(n.c_str() + p + 9);
    if (pid > 0 && pid != ::getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
    fs::remove_all(e.path(), ec);
  }
}

}  // namespace elevsim
