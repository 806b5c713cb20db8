#include "decision_file.hpp"

#include <stdexcept>

#include "h5.hpp"
#include "run_attrs.hpp"

namespace elevsim {

DecisionUncertainty read_decision(const std::string& path) {
  using namespace h5;
  quiet();
  DecisionUncertainty d;
  Handle f(open_run_file(path), H5Fclose, "open " + path);
  if (!h5::has_member(f, "decision")) return d;
  Handle g = h5::open_group(f, "decision");
  d.scenarios = read_strings(g, "scenario");
  std::vector<hsize_t> shape;
  d.values = read_doubles(g, "value_per_completer", &shape);
  const size_t V = d.values.size(), S = d.scenarios.size();
  auto table = [&](const char* name) {
    std::vector<hsize_t> sh;
    std::vector<double> flat = read_doubles(g, name, &sh);
    if (sh.size() != 2 || sh[0] != V || sh[1] != S)
      throw std::runtime_error(path + ": /decision/" + name + " is not (value_per_completer, scenario)");
    std::vector<std::vector<double>> out(V, std::vector<double>(S));
    for (size_t v = 0; v < V; ++v)
      for (size_t s = 0; s < S; ++s) out[v][s] = flat[v * S + s];
    return out;
  };
  d.ceac = table("ceac");
  d.expected_net_benefit = table("expected_net_benefit");
  d.evpi = read_doubles(g, "evpi", &shape);
  if (d.evpi.size() != V) throw std::runtime_error(path + ": /decision/evpi is not (value_per_completer)");
  d.marked_value = read_double_attr(g, "value_per_completer_nok");
  d.replications = read_int_attr(g, "replications");
  return d;
}

}  // namespace elevsim
