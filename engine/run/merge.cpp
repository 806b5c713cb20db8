#include "merge.hpp"

#include <algorithm>
#include <filesystem>

#include "compare.hpp"
#include "h5_writer.hpp"
#include "input_error.hpp"
#include "shards.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

std::string reps(int a, int b) { return std::to_string(a) + ".." + std::to_string(b - 1); }

}  // namespace

void write_run_keeping_attributes(const RunResult& run, const std::string& out, const std::string& attrs_from) {
  // write_run renames into `tmp` only when complete; `out` appears only after
  // the extra attributes are in as well.
  const std::string tmp = temp_path_for(out) + ".h5";
  try {
    write_run(run, tmp);
    if (!attrs_from.empty()) copy_attributes(attrs_from, tmp);
    fs::rename(tmp, out);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

void merge_shards(const std::vector<std::string>& shards, const std::string& out) {
  if (shards.empty()) throw InputError("merge: no shard given");
  // Metadata first, so a refusal costs little and nothing is written.
  std::vector<RunFile> heads;
  for (const std::string& p : shards) heads.push_back(read_run_file(p, false));
  for (size_t k = 1; k < heads.size(); ++k) check_same_run(heads[0], heads[k]);
  std::sort(heads.begin(), heads.end(), [](const RunFile& a, const RunFile& b) {
    return a.run.options.replication_begin < b.run.options.replication_begin;
  });
  const int total = heads[0].run.options.replications;
  int covered = 0;
  const RunFile* prev = nullptr;
  for (const RunFile& h : heads) {
    const int b = h.run.options.replication_begin, e = h.run.options.rep_end();
    if (b < covered)
      throw InputError(h.path + ": replications " + reps(b, e) + " overlap " + prev->path + " (replications " +
                       reps(prev->run.options.replication_begin, prev->run.options.rep_end()) + ")");
    if (b > covered)
      throw InputError("merge: replications " + reps(covered, b) + " of the run's 0.." + std::to_string(total - 1) +
                       " are in no shard (gap before " + h.path + ")");
    covered = e;
    prev = &h;
  }
  if (covered != total)
    throw InputError("merge: replications " + reps(covered, total) + " of the run's 0.." + std::to_string(total - 1) +
                     " are in no shard (gap after " + prev->path + ")");
  for (const std::string& p : shards)
    if (fs::exists(out) && fs::equivalent(p, out))
      throw InputError("merge: the output " + out + " is one of the shards; choose another -o");

  RunResult all = read_run_file(heads[0].path).run;
  std::vector<std::vector<Indicator>> comparisons{all.comparisons};
  for (size_t k = 1; k < heads.size(); ++k) {
    RunResult part = read_run_file(heads[k].path).run;
    comparisons.push_back(part.comparisons);
    append_replications(all, std::move(part));
  }
  all.comparisons = join_comparisons(comparisons);
  write_run_keeping_attributes(all, out, heads[0].path);
}

}  // namespace elevsim
