#pragma once
// Replications split across MPI ranks (OpenMP threads within each rank); rank 0
// gathers the results. MPI is started only when the process was launched by an
// MPI launcher, so the plain binary never touches the MPI runtime.
#include <stdexcept>
#include <string>
#include <vector>

#include "run_plan.hpp"

namespace elevsim {

// Thrown on ranks that did not see an error themselves when another rank
// reported one, so that every rank stops without printing it twice.
struct PeerFailed : std::runtime_error {
  PeerFailed() : std::runtime_error("another MPI rank failed") {}
};

void mpi_start(int* argc, char*** argv);  // MPI_Init_thread under mpirun/srun, else nothing
void mpi_stop();
int mpi_rank();  // 0 without MPI
int mpi_size();  // 1 without MPI
inline bool mpi_root() { return mpi_rank() == 0; }

// The value of `v` on rank 0, on every rank.
int mpi_broadcast(int v);
// Rank 0's vector, on every rank (size and values).
void mpi_broadcast(std::vector<double>& v);
// True on every rank if `failed` is true on any rank.
bool mpi_any(bool failed);
// Collective: if any rank has an error, every rank throws, the failing ones an
// E with their message, the others PeerFailed (so it is printed once).
template <class E = std::runtime_error>
void throw_if_any_failed(const std::string& error) {
  if (!mpi_any(!error.empty())) return;
  if (!error.empty()) throw E(error);
  throw PeerFailed();
}

// The MPI executor: `batch` of the plan split by RunPlan::share, each rank
// running its share in memory. Collective: every rank calls it with the same
// plan and batch. Rank 0 returns the whole batch (as run_in_memory would); the
// other ranks return an empty result.
RunResult run_on_ranks(const RunPlan& plan, RepRange batch);

}  // namespace elevsim
