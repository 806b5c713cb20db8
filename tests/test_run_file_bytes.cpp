// A sweep, not a sample (issue 21): every byte of a small run file's first
// 8 KB changed to two other values, and each mutant read through every
// reader's code path (summary, compare, report data, export, merge, validate,
// the --resume reader). Each case runs in a forked child, so a crash or a hang
// fails this test instead of killing the runner: the child must end on its own
// (no signal, within the time limit), and every reader must either read the
// file or refuse it with one line naming the file.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>

#include "compare.hpp"
#include "decision_file.hpp"
#include "export_csv.hpp"
#include "h5.hpp"
#include "h5_writer.hpp"
#include "helpers.hpp"
#include "merge.hpp"
#include "output_file.hpp"
#include "report_data.hpp"
#include "shards.hpp"
#include "summary.hpp"
#include "validate.hpp"
#include "version.hpp"

namespace fs = std::filesystem;
using namespace elevsim;

namespace {

// The file of the example (baseline and los-followup, 2 replications),
// kept small: 7 years at scale 0.005.
std::string small_run_file(const fs::path& dir) {
  RunOptions opt = test::run_options(2, 20250101, 0.005, 1);
  std::vector<Scenario> sc{load_scenario(test::source_dir() + "/scenarios/baseline.toml"),
                           load_scenario(test::source_dir() + "/scenarios/los-followup.toml")};
  for (Scenario& s : sc) s.years = 7;
  RunResult run = run_in_memory(make_plan(sc, test::params_dir(), opt));
  // the datasets the readers interpret (as the fuzz target keeps), so that a
  // mutant every reader reads costs a fraction of a second, not seconds
  const std::vector<std::string> keep{"pupils", "mh_complaints", "mh_disorder", "mh_new_cases", "cohort_entrants",
                                      "cohort_completed", "enrolled", "leavers", "spending_nok", "treated",
                                      "wait_weeks", "mean_wait_weeks"};
  for (ScenarioResult& r : run.scenarios)
    std::erase_if(r.datasets, [&](const Dataset& d) { return std::find(keep.begin(), keep.end(), d.name) == keep.end(); });
  const std::string path = (dir / "good.h5").string();
  write_run(run, path);
  return path;
}

// Every reader on `path`, one result line each: "ok" or the refusal. Runs in the child.
std::string read_everything(const std::string& path, const fs::path& scratch) {
  std::string out;
  auto attempt = [&](const char* what, auto&& fn) {
    try {
      const auto t0 = std::chrono::steady_clock::now();
      fn();
      if (std::getenv("ELEVSIM_BYTES_TIMES"))
        std::fprintf(stderr, "%s %.3f s\n", what,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      out += std::string(what) + " ok\n";
    } catch (const std::exception& e) {
      if (std::getenv("ELEVSIM_BYTES_TIMES")) std::fprintf(stderr, "%s refused: %.150s\n", what, e.what());
      std::string msg = e.what();
      std::replace(msg.begin(), msg.end(), '\n', '|');  // a newline in a message is a failure, seen by the parent
      out += std::string(what) + " refused " + msg + "\n";
    }
  };
  attempt("summary", [&] { format_summary(read_run_info(path), headline_indicators(path)); });
  attempt("compare", [&] {
    format_comparisons(read_run_info(path), read_comparisons(path));
    format_decision(read_decision(path));
  });
  attempt("report", [&] { collect_report_data(path); });
  attempt("export", [&] { export_csv(path, (scratch / "csv").string(), true); });
  attempt("merge", [&] {
    allow_replacing((scratch / "merged.h5").string());
    merge_shards({path}, (scratch / "merged.h5").string());
  });
  attempt("validate", [&] { validate_run(path, "", test::params_dir()); });
  attempt("resume", [&] { read_run_file(path, true); });
  out += "cpu " + std::to_string(std::clock()) + "\n";
  return out;
}

struct Case {
  size_t offset;
  unsigned char value;
};

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  Case c{};
  std::string file, output;
  fs::path scratch;
  std::chrono::steady_clock::time_point start;
};

void patch(const std::string& file, size_t offset, unsigned char value) {
  const int fd = ::open(file.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  REQUIRE(::pwrite(fd, &value, 1, static_cast<off_t>(offset)) == 1);
  ::close(fd);
}

void start(Worker& w, const Case& c) {
  patch(w.file, c.offset, c.value);
  int p[2];
  REQUIRE(::pipe(p) == 0);
  w.c = c;
  w.output.clear();
  w.start = std::chrono::steady_clock::now();
  w.pid = ::fork();
  REQUIRE(w.pid >= 0);
  if (w.pid == 0) {
    ::close(p[0]);
    const std::string text = read_everything(w.file, w.scratch);
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(p[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);  // no exit handlers: HDF5's would close what the readers left
  }
  ::close(p[1]);
  w.fd = p[0];
}

// The verdict on a finished child: "" when it holds, else what went wrong.
std::string verdict(const Worker& w, int status, bool timed_out, const std::string& good_name) {
  if (timed_out) return "hung (killed after the time limit)";
  if (WIFSIGNALED(status)) return "died of signal " + std::to_string(WTERMSIG(status));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "exited " + std::to_string(WEXITSTATUS(status));
  std::istringstream in(w.output);
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    const size_t sp = line.find(' ');
    const std::string rest = line.substr(sp + 1);
    if (line.rfind("cpu ", 0) == 0) {
      --lines;
      continue;
    }
    if (rest == "ok") continue;
    if (rest.rfind("refused ", 0) != 0) return "unexpected line: " + line;
    const std::string msg = rest.substr(8);
    if (msg.find('|') != std::string::npos) return "a refusal of more than one line: " + line;
    if (msg.find(good_name) == std::string::npos) return "a refusal that does not name the file: " + line;
  }
  if (lines != 7) return "the child reported " + std::to_string(lines) + " of 7 readers: " + w.output;
  return "";
}

}  // namespace

TEST_CASE("every byte of a run file's first 8 KB, changed two ways, is read or refused in one named line by every "
          "reader, never a crash or a hang",
          "[run_file_bytes]") {
  h5::quiet();
  const fs::path dir = fs::temp_directory_path() / ("elevsim-bytes-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string good = small_run_file(dir);
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t span = std::min<size_t>(8192, bytes.size());
  REQUIRE(span == 8192);
  // The crashing offsets of the issue (253, 933, 1197, 2118 in the old layout, all
  // in the global heap of variable-length strings that read_run_attrs read) with the
  // issue's value; in this layout the root attributes' text sits in the root
  // object header, whose bytes the sweep covers: the engine version's is checked below.
  std::vector<Case> cases;
  for (size_t off : {253, 933, 1197, 2118}) cases.push_back({off, 0x6c});
  // ELEVSIM_BYTES_STRIDE=N samples every Nth byte (for a quick look; the test itself sweeps all)
  const char* stride_env = std::getenv("ELEVSIM_BYTES_STRIDE");
  const size_t stride = stride_env ? std::max(1L, std::atol(stride_env)) : 1;
  for (size_t off = 0; off < span; off += stride) {
    const unsigned char b = static_cast<unsigned char>(bytes[off]);
    cases.push_back({off, static_cast<unsigned char>(b ^ 0xff)});
    cases.push_back({off, static_cast<unsigned char>(b ^ 0x01)});
  }
  // the unmodified file is read by every reader (else the sweep proves nothing)
  const std::string clean = read_everything(good, dir);
  CHECK(clean.rfind("summary ok\ncompare ok\nreport ok\nexport ok\nmerge ok\nvalidate ok\nresume ok\n", 0) == 0);
  const size_t version_at = bytes.find(kEngineVersion);
  INFO("the engine version's text at byte " << version_at);
  CHECK(version_at < span);

  constexpr int kWorkers = 2;
  constexpr double kLimitSeconds = 60;
  std::vector<Worker> workers(kWorkers);
  for (int k = 0; k < kWorkers; ++k) {
    workers[k].scratch = dir / ("w" + std::to_string(k));
    fs::create_directories(workers[k].scratch);
    // named like the original, so a refusal naming the file names "good.h5"
    workers[k].file = (workers[k].scratch / "good.h5").string();
    fs::copy_file(good, workers[k].file);
  }
  size_t next = 0, done = 0, refused = 0, read_ok = 0;
  double cpu_refused = 0, cpu_read = 0;  // CPU seconds of the children, by outcome
  std::vector<std::string> failures;
  const auto t0 = std::chrono::steady_clock::now();
  while (done < cases.size()) {
    for (Worker& w : workers)
      if (w.pid < 0 && next < cases.size()) start(w, cases[next++]);
    std::vector<pollfd> fds;
    for (Worker& w : workers)
      if (w.pid >= 0) fds.push_back({w.fd, POLLIN, 0});
    ::poll(fds.data(), fds.size(), 200);
    for (Worker& w : workers) {
      if (w.pid < 0) continue;
      char buf[4096];
      bool eof = false;
      pollfd one{w.fd, POLLIN, 0};
      while (::poll(&one, 1, 0) > 0) {
        const ssize_t n = ::read(w.fd, buf, sizeof buf);
        if (n <= 0) {
          eof = true;
          break;
        }
        w.output.append(buf, static_cast<size_t>(n));
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - w.start).count();
      const bool timed_out = !eof && secs > kLimitSeconds;
      if (!eof && !timed_out) continue;
      if (timed_out) ::kill(w.pid, SIGKILL);
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      ::close(w.fd);
      w.pid = -1;
      const std::string v = verdict(w, status, timed_out, "good.h5");
      if (!v.empty() && failures.size() < 20)
        failures.push_back("byte " + std::to_string(w.c.offset) + " = 0x" +
                           [&] {
                             char h[8];
                             std::snprintf(h, sizeof h, "%02x", w.c.value);
                             return std::string(h);
                           }() +
                           ": " + v);
      const bool was_refused = w.output.find("refused") != std::string::npos;
      if (!was_refused && std::getenv("ELEVSIM_BYTES_TIMES")) std::fprintf(stderr, "read by all: byte %zu\n", w.c.offset);
      (was_refused ? refused : read_ok)++;
      const size_t cpu_at = w.output.find("cpu ");
      (was_refused ? cpu_refused : cpu_read) += cpu_at == std::string::npos ? 0.0 : std::atof(w.output.c_str() + cpu_at + 4) / CLOCKS_PER_SEC;
      patch(w.file, w.c.offset, static_cast<unsigned char>(bytes[w.c.offset]));  // the original byte back
      ++done;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WARN(cases.size() << " mutants in " << secs << " s: " << refused << " refused by at least one reader, " << read_ok
                    << " read by all; CPU " << cpu_refused << " s in refused ones, " << cpu_read << " s in read ones");
  for (const std::string& f : failures) FAIL_CHECK(f);
  CHECK(failures.empty());
  std::error_code ec;
  fs::remove_all(dir, ec);
}
