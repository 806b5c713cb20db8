#include "ladder_file.hpp"

#include <hdf5_hl.h>

#include <stdexcept>

#include "h5.hpp"

namespace elevsim {

const LadderFigure* Ladder::figure(const std::string& key) const {
  for (const LadderFigure& f : figures)
    if (f.key == key) return &f;
  return nullptr;
}

void write_ladder(hid_t file, const Ladder& L) {
  using namespace h5;
  if (L.empty()) return;
  Handle g(H5Gcreate2(file, "ladder", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /ladder");
  write_string_attr(g, "description",
                    "effect ladder: each intervention in turn funded with budget_nok a year, allocated per capita to "
                    "every county for the whole run, on top of the reference scenario; paired differences from the "
                    "reference per replication (same seed, replications, scale and PSA draws)");
  write_double_attr(g, "budget_nok", L.budget_nok);
  write_string_attr(g, "allocation", L.allocation);
  write_string_attr(g, "reference", L.reference);
  std::string keys;
  for (const LadderFigure& f : L.figures) keys += (keys.empty() ? "" : ",") + f.key;
  write_string_attr(g, "figures", keys);
  const hsize_t I = L.interventions.size();
  const hsize_t R = L.figures.empty() ? 0 : L.figures[0].by_intervention.at(0).per_replication.size();
  Handle is = write_scale_strings(g, "intervention", L.interventions);
  std::vector<int64_t> reps(R);
  for (hsize_t r = 0; r < R; ++r) reps[r] = static_cast<int64_t>(r);
  Handle rs = write_scale_ints(g, "replication", reps);
  write_strings(g, "unit_bought", L.units, is, "the unit each intervention buys");
  for (const LadderFigure& f : L.figures) {
    std::vector<double> all, mean, lo, hi;
    for (const Indicator& i : f.by_intervention) {
      if (i.per_replication.size() != R) throw std::logic_error("ladder figure " + f.key + " has a ragged replication axis");
      all.insert(all.end(), i.per_replication.begin(), i.per_replication.end());
      mean.push_back(i.mean);
      lo.push_back(i.lo);
      hi.push_back(i.hi);
    }
    write_doubles(g, f.key, all, {I, R}, {is, rs}, f.label, f.unit);
    write_doubles(g, f.key + "_mean", mean, {I}, {is}, f.label + ": mean over replications", f.unit);
    write_doubles(g, f.key + "_low", lo, {I}, {is}, f.label + ": 2.5 percentile over replications", f.unit);
    write_doubles(g, f.key + "_high", hi, {I}, {is}, f.label + ": 97.5 percentile over replications", f.unit);
  }
}

Ladder read_ladder(const std::string& path) {
  using namespace h5;
  quiet();
  Ladder L;
  Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  if (H5Lexists(f, "ladder", H5P_DEFAULT) <= 0) return L;
  Handle g(H5Gopen2(f, "ladder", H5P_DEFAULT), H5Gclose, "open /ladder");
  L.budget_nok = read_double_attr(g, "budget_nok");
  L.allocation = string_attr_or(g, "allocation");
  L.reference = string_attr_or(g, "reference");
  L.interventions = read_strings(g, "intervention");
  L.units = read_strings(g, "unit_bought");
  const size_t I = L.interventions.size();
  if (L.units.size() != I) malformed(g, "unit_bought", "one unit per intervention");
  const size_t R = read_ints(g, "replication").size();
  std::string keys = read_string_attr(g, "figures");
  for (size_t at = 0; !keys.empty() && at <= keys.size();) {
    const size_t comma = keys.find(',', at);
    const std::string key = keys.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? keys.size() + 1 : comma + 1;
    LadderFigure fig;
    fig.key = key;
    const std::vector<double> all = read_doubles_shaped(g, key, {I, R});
    Handle ds(H5Dopen2(g, key.c_str(), H5P_DEFAULT), H5Dclose, "open /ladder/" + key);
    fig.label = string_attr_or(ds, "description");
    fig.unit = string_attr_or(ds, "units");
    const std::vector<double> mean = read_doubles_shaped(g, key + "_mean", {I});
    const std::vector<double> lo = read_doubles_shaped(g, key + "_low", {I});
    const std::vector<double> hi = read_doubles_shaped(g, key + "_high", {I});
    for (size_t i = 0; i < I; ++i) {
      Indicator ind{L.interventions[i], key, fig.label, fig.unit, {}, mean[i], lo[i], hi[i]};
      ind.per_replication.assign(all.begin() + static_cast<long>(i * R), all.begin() + static_cast<long>((i + 1) * R));
      fig.by_intervention.push_back(std::move(ind));
    }
    L.figures.push_back(std::move(fig));
  }
  return L;
}

}  // namespace elevsim
