#pragma once
// `elevsim serve`: a local web app over the same engine, for planners: edit a
// scenario, run and compare, optimise, download. One process; it prints the
// address to open (with a token that is required on every request).
#include <string>

namespace elevsim {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8765;                      // 0: any free port (the tests)
  std::string data = "outputs/serve";   // the only folder the server writes
  std::string params_dir;               // "" = find_params_dir's default
  std::string scenarios_dir;            // the shipped scenarios; "" = beside the parameters
  int max_jobs = 4;                     // runs queued or running at once
  double max_work = 100;                // replications x scale x scenarios of one run
  double max_optimise_work = 400;       // the same summed over an optimisation's evaluations (estimated)
  int max_scenarios = 6;                // scenarios compared in one run
  size_t max_body = 1 << 20;            // bytes of a request body
  std::string port_file;                // write the address here once listening (the tests)
};

// Serves until SIGINT or SIGTERM; returns the exit code.
int serve(const ServeOptions& opt);

}  // namespace elevsim
