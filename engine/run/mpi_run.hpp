#pragma once
// Replications split across MPI ranks (OpenMP threads within each rank); rank 0
// gathers the results. MPI is started only when the process was launched by an
// MPI launcher, so the plain binary never touches the MPI runtime.
#include <stdexcept>
#include <string>
#include <vector>

#include "runner.hpp"

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

// Runs opt's replication range split into contiguous blocks, one per rank.
// Collective: every rank must call it with the same arguments. Rank 0 returns
// the whole range (as run_scenarios would); the other ranks return an empty
// result.
RunResult run_distributed(const std::vector<Scenario>& scenarios, const std::string& params_dir, const RunOptions& opt);

}  // namespace elevsim
