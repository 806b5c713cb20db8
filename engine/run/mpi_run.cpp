#include "mpi_run.hpp"

#include <cstdlib>

#include "compare.hpp"
#include "runner.hpp"
#include "shards.hpp"

#ifdef ELEVSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace elevsim {

namespace {
bool g_mpi = false;

// Launched by an MPI launcher? OpenMPI's mpirun sets OMPI_COMM_WORLD_SIZE,
// PMIx-based launchers (srun, newer mpirun) set PMIX_RANK, MPICH's Hydra PMI_RANK.
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}
}  // namespace

#ifdef ELEVSIM_HAVE_MPI

void mpi_start(int* argc, char*** argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // FUNNELED: only the main thread calls MPI; OpenMP threads just compute.
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  g_mpi = true;
}
void mpi_stop() {
  if (g_mpi) MPI_Finalize();
  g_mpi = false;
}
int mpi_rank() {
  int r = 0;
  if (g_mpi) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int mpi_size() {
  int n = 1;
  if (g_mpi) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}
int mpi_broadcast(int v) {
  if (g_mpi) MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return v;
}
void mpi_broadcast(std::vector<double>& v) {
  if (!g_mpi) return;
  long long n = static_cast<long long>(v.size());
  MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  v.resize(static_cast<size_t>(n));
  if (n > 0) MPI_Bcast(v.data(), static_cast<int>(n), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
bool mpi_any(bool failed) {
  int in = failed ? 1 : 0, out = in;
  if (g_mpi) MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out != 0;
}

#else

void mpi_start(int*, char***) {
  const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
  if (launched_by_mpi() && rank && std::string(rank) != "0")
    throw std::runtime_error("this elevsim was built without MPI but launched by mpirun");
}
void mpi_stop() {}
int mpi_rank() { return 0; }
int mpi_size() { return 1; }
int mpi_broadcast(int v) { return v; }
void mpi_broadcast(std::vector<double>&) {}
bool mpi_any(bool failed) { return failed; }

#endif

#ifdef ELEVSIM_HAVE_MPI
namespace {

// Rank k's replications `reps`, received into datasets shaped like rank 0's.
RunResult receive_part(const RunResult& local, const RunOptions& opt, int k) {
  RunResult part;
  part.options = opt;
  const int nk = opt.rep_end() - opt.replication_begin;
  const int n0 = local.options.rep_end() - local.options.replication_begin;
  for (const Scale& sc : local.scales) {
    part.scales.push_back(sc);
    if (sc.name == "replication") {
      part.scales.back().ints.clear();
      for (int r = opt.replication_begin; r < opt.rep_end(); ++r) part.scales.back().ints.push_back(r);
    }
  }
  for (const ScenarioResult& sr : local.scenarios) {
    ScenarioResult ps;
    ps.scenario.name = sr.scenario.name;
    for (const Dataset& d : sr.datasets) {
      Dataset pd = d;  // names, dims, shape and attributes; values below
      pd.values.clear();
      if (!d.dims.empty() && d.dims[0] == "replication") {
        pd.values.resize(d.values.size() / n0 * nk);
        if (!pd.shape.empty()) pd.shape[0] = static_cast<size_t>(nk);
        MPI_Status st;
        MPI_Recv(pd.values.data(), static_cast<int>(pd.values.size()), MPI_DOUBLE, k, 0, MPI_COMM_WORLD, &st);
        int got = 0;
        MPI_Get_count(&st, MPI_DOUBLE, &got);
        if (got != static_cast<int>(pd.values.size()))
          throw std::runtime_error("MPI rank " + std::to_string(k) + " sent " + std::to_string(got) + " values of " +
                                   d.name + ", expected " + std::to_string(pd.values.size()));
      } else {
        pd.values = d.values;
      }
      ps.datasets.push_back(std::move(pd));
    }
    part.scenarios.push_back(std::move(ps));
  }
  return part;
}

}  // namespace

RunResult run_on_ranks(const RunPlan& plan, RepRange batch) {
  if (plan.ranks == 1) return run_in_memory(plan, batch);
  const int rank = mpi_rank();
  const RepRange mine = plan.share(batch, rank);
  RunResult local;
  std::string error;
  if (!mine.empty()) {
    try {
      local = run_in_memory(plan, mine);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  throw_if_any_failed(error);
  if (rank != 0) {
    for (const ScenarioResult& sr : local.scenarios)
      for (const Dataset& d : sr.datasets)
        if (!d.dims.empty() && d.dims[0] == "replication")
          MPI_Send(d.values.data(), static_cast<int>(d.values.size()), MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
    return RunResult{};
  }
  for (int k = 1; k < plan.ranks; ++k) {
    const RepRange theirs = plan.share(batch, k);
    if (!theirs.empty()) append_replications(local, receive_part(local, plan.options_for(theirs), k));
  }
  local.options = plan.options_for(batch);
  recompute_comparisons(local, local.value_per_completer_nok);
  return local;
}

#else

RunResult run_on_ranks(const RunPlan& plan, RepRange batch) { return run_in_memory(plan, batch); }

#endif

}  // namespace elevsim
