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
  // written since EVPPI came in; absent from older files
  if (H5Lexists(g, "expected_regret", H5P_DEFAULT) > 0) d.expected_regret = table("expected_regret");
  if (H5Lexists(g, "probability_beats", H5P_DEFAULT) > 0) {
    const std::vector<double> flat = read_doubles_shaped(g, "probability_beats", {S, S});
    d.prob_beats.assign(S, std::vector<double>(S));
    for (size_t s = 0; s < S; ++s)
      for (size_t t = 0; t < S; ++t) d.prob_beats[s][t] = flat[s * S + t];
  }
  if (H5Lexists(g, "evppi_by_group", H5P_DEFAULT) > 0) {
    const std::vector<std::string> ids = read_strings(g, "group");
    const size_t G = ids.size();
    auto strings = [&](const char* name) {
      std::vector<std::string> v = read_strings(g, name);
      if (v.size() != G) throw std::runtime_error(path + ": /decision/" + std::string(name) + " is not (group)");
      return v;
    };
    const auto labels = strings("group_label"), labels_en = strings("group_label_en"), sources = strings("group_source"),
               grades = strings("group_grade");
    d.group_parameters = strings("group_parameters");
    d.group_note = strings("group_note");
    for (size_t k = 0; k < G; ++k) d.groups.push_back({ids[k], labels[k], labels_en[k], sources[k], grades[k], {}});
    const std::vector<double> ev = read_doubles_shaped(g, "evppi_by_group", {V, G});
    const std::vector<double> clip = read_doubles_shaped(g, "evppi_clipped", {V, G});
    for (size_t v = 0; v < V; ++v) {
      d.evppi_group.emplace_back(ev.begin() + static_cast<long>(v * G), ev.begin() + static_cast<long>((v + 1) * G));
      d.evppi_clipped.emplace_back();
      for (size_t k = 0; k < G; ++k) d.evppi_clipped.back().push_back(clip[v * G + k] != 0);
    }
    Handle e(H5Dopen2(g, "evppi_by_group", H5P_DEFAULT), H5Dclose, "open /decision/evppi_by_group");
    d.evppi_method = string_attr_or(e, "method");
  }
  d.marked_value = read_double_attr(g, "value_per_completer_nok");
  d.replications = read_int_attr(g, "replications");
  return d;
}

}  // namespace elevsim
