#include "h5_writer.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>

#include "h5.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_scenario(hid_t scenarios, const RunResult& run, const ScenarioResult& sr) {
  using namespace h5;
  Handle g(H5Gcreate2(scenarios, sr.scenario.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create group " + sr.scenario.name);
  write_string_attr(g, "scenario_toml", sr.scenario.text);
  write_string_attr(g, "params_toml", sr.params.params_text);
  write_string_attr(g, "population_csv", sr.params.population_csv);
  write_string_attr(g, "description", sr.scenario.description);
  write_string_attr(g, "scenario_file", sr.scenario.path);

  // only the scales some dataset of this scenario uses
  std::map<std::string, Handle> scales;
  for (const Scale& sc : run.scales) {
    bool used = false;
    for (const Dataset& d : sr.datasets)
      for (const std::string& n : d.dims) used |= n == sc.name;
    if (!used) continue;
    scales[sc.name] = sc.ints.empty() ? write_scale_strings(g, sc.name, sc.labels) : write_scale_ints(g, sc.name, sc.ints);
    write_string_attr(scales[sc.name], "description", sc.description);
  }

  for (const Dataset& d : sr.datasets) {
    std::vector<hsize_t> dims, chunk;
    for (const std::string& name : d.dims) {
      hsize_t n = 0;
      if (!scales.count(name)) throw std::runtime_error("dataset " + d.name + " uses unknown dimension " + name);
      Handle space(H5Dget_space(scales.at(name)), H5Sclose, "get scale space");
      H5Sget_simple_extent_dims(space, &n, nullptr);
      dims.push_back(n);
      // one chunk per replication: readers usually slice by replication
      chunk.push_back(name == "replication" ? 1 : n);
    }
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create space");
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create property list");
    check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "set chunk");
    check(H5Pset_shuffle(dcpl), "set shuffle");
    check(H5Pset_deflate(dcpl, 4), "set deflate");
    Handle ds(H5Dcreate2(g, d.name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create dataset " + d.name);
    check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()), "write " + d.name);
    write_string_attr(ds, "description", d.description);
    write_string_attr(ds, "units", d.units);
    std::string dimlist;
    for (auto& n : d.dims) dimlist += (dimlist.empty() ? "" : ",") + n;
    write_string_attr(ds, "dimensions", dimlist);
    for (auto& [k, v] : d.number_attrs) write_double_attr(ds, k, v);
    for (size_t k = 0; k < d.dims.size(); ++k)
      check(H5DSattach_scale(ds, scales.at(d.dims[k]), static_cast<unsigned>(k)), "attach scale " + d.dims[k]);
  }
}

// /comparisons/<scenario>/<indicator>: the paired difference from the
// reference per replication, with its label, unit and summary as attributes.
void write_comparisons(hid_t file, const RunResult& run) {
  using namespace h5;
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create property list");
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  Handle top(H5Gcreate2(file, "comparisons", H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "create /comparisons");
  write_string_attr(top, "reference", run.scenarios.at(0).scenario.name);
  std::map<std::string, std::string> order;
  std::vector<std::string> scen_order;
  for (const Indicator& i : run.comparisons) {
    if (!order.count(i.scenario)) scen_order.push_back(i.scenario);
    order[i.scenario] += (order[i.scenario].empty() ? "" : ",") + i.key;
  }
  for (const std::string& s : scen_order) {
    Handle g(H5Gcreate2(top, s.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "create comparison " + s);
    write_string_attr(g, "indicators", order[s]);
    write_string_attr(g, "reference", run.scenarios.at(0).scenario.name);
    for (const Indicator& i : run.comparisons) {
      if (i.scenario != s) continue;
      hsize_t n = i.per_replication.size();
      Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space");
      Handle ds(H5Dcreate2(g, i.key.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                H5Dclose, "create " + i.key);
      check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, i.per_replication.data()), "write " + i.key);
      write_string_attr(ds, "label", i.label);
      write_string_attr(ds, "unit", i.unit);
      write_double_attr(ds, "mean", i.mean);
      write_double_attr(ds, "ci_low", i.lo);
      write_double_attr(ds, "ci_high", i.hi);
    }
  }
}

}  // namespace

std::string temp_path_for(const std::string& path) {
  return path + ".partial-" + std::to_string(::getpid());
}

void write_run(const RunResult& run, const std::string& path) {
  using namespace h5;
  quiet();
  const std::string tmp = temp_path_for(path);
  try {
    {
      Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create property list");
      check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
      Handle f(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "create " + tmp);
      write_string_attr(f, "engine_version", kEngineVersion);
      write_string_attr(f, "created_utc", utc_now());
      write_int_attr(f, "seed", run.options.seed);
      write_int_attr(f, "replications", run.options.replications);
      write_int_attr(f, "replication_begin", run.options.replication_begin);
      write_int_attr(f, "replication_end", run.options.rep_end());
      write_int_attr(f, "psa", run.options.psa ? 1 : 0);
      write_double_attr(f, "population_scale", run.options.scale);
      write_int_attr(f, "start_year", run.start_year);
      write_int_attr(f, "years", run.years);
      write_string_attr(f, "reference_scenario", run.scenarios.at(0).scenario.name);
      Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create property list");
      check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
      Handle scen(H5Gcreate2(f, "scenarios", H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "create /scenarios");
      for (const ScenarioResult& sr : run.scenarios) write_scenario(scen, run, sr);
      if (!run.comparisons.empty()) write_comparisons(f, run);
      check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush " + tmp);
    }
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace elevsim
