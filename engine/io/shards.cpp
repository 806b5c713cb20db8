#include "shards.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>

#include "h5.hpp"
#include "input_error.hpp"
#include "run_attrs.hpp"

namespace elevsim {

namespace {

int parse_int(const std::string& s, const std::string& text, const std::string& option) {
  size_t used = 0;
  long v = -1;
  try {
    v = std::stol(s, &used);
  } catch (...) {
    used = 0;
  }
  if (s.empty() || used != s.size() || v < 0 || v > 1000000)
    throw InputError(option + " " + text + ": expected A:B, two integers 0 <= A < B <= --replications");
  return static_cast<int>(v);
}

Scale* find_scale(RunResult& r, const std::string& name) {
  for (Scale& s : r.scales)
    if (s.name == name) return &s;
  return nullptr;
}

// Scalar float64 attributes of a dataset: what the writer writes from Dataset::number_attrs.
std::vector<std::pair<std::string, double>> number_attrs(hid_t ds) {
  std::vector<std::pair<std::string, double>> out;
  auto cb = [](hid_t loc, const char* name, const H5A_info_t*, void* data) -> herr_t {
    try {  // no exception may cross the HDF5 C library
      h5::Handle a(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose, std::string("open attribute ") + name);
      h5::Handle type(H5Aget_type(a), H5Tclose, "get attribute type");
      h5::Handle space(H5Aget_space(a), H5Sclose, "get attribute space");
      if (H5Tget_class(type) != H5T_FLOAT || H5Sget_simple_extent_type(space) != H5S_SCALAR) return 0;
      double v = 0;
      if (H5Aread(a, H5T_NATIVE_DOUBLE, &v) < 0) return -1;
      static_cast<std::vector<std::pair<std::string, double>>*>(data)->emplace_back(name, v);
    } catch (...) {
      return -1;
    }
    return 0;
  };
  hsize_t idx = 0;
  h5::check(H5Aiterate2(ds, H5_INDEX_NAME, H5_ITER_INC, &idx, cb, &out), "read attributes");
  return out;
}

}  // namespace

void parse_replication_range(const std::string& text, RunOptions& opt, const std::string& option) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos)
    throw InputError(option + " " + text + ": expected A:B, two integers 0 <= A < B <= --replications");
  const int a = parse_int(text.substr(0, colon), text, option), b = parse_int(text.substr(colon + 1), text, option);
  if (a >= b || b > opt.replications)
    throw InputError(option + " " + text + ": expected A:B with 0 <= A < B <= --replications (" +
                     std::to_string(opt.replications) + ")");
  opt.replication_begin = a;
  opt.replication_end = b;
}

void append_replications(RunResult& into, RunResult&& part) {
  if (part.options.replication_begin != into.options.rep_end())
    throw std::runtime_error("replications " + std::to_string(part.options.replication_begin) + ".." +
                             std::to_string(part.options.rep_end() - 1) + " do not follow " +
                             std::to_string(into.options.replication_begin) + ".." +
                             std::to_string(into.options.rep_end() - 1));
  if (part.scenarios.size() != into.scenarios.size()) throw std::runtime_error("shards differ in their scenarios");
  const long n_into = into.options.rep_end() - into.options.replication_begin;
  const long n_part = part.options.rep_end() - part.options.replication_begin;
  for (size_t s = 0; s < into.scenarios.size(); ++s) {
    auto& a = into.scenarios[s].datasets;
    auto& b = part.scenarios[s].datasets;
    if (a.size() != b.size()) throw std::runtime_error("shards differ in the datasets of " + into.scenarios[s].scenario.name);
    for (Dataset& x : a) {
      // by name: a file read back lists its datasets in name order, a fresh run in module order
      auto y = std::find_if(b.begin(), b.end(), [&](const Dataset& v) { return v.name == x.name; });
      if (y == b.end() || x.dims != y->dims)
        throw std::runtime_error("shards differ in dataset " + x.name + " of " + into.scenarios[s].scenario.name);
      if (x.dims.empty() || x.dims[0] != "replication") {
        // not per replication: every shard computed the same values
        if (x.values != y->values)
          throw std::runtime_error("shards differ in dataset " + x.name + ", which has no replication dimension");
        continue;
      }
      if (x.values.size() / n_into != y->values.size() / n_part || x.values.size() % n_into ||
          y->values.size() % n_part)
        throw std::runtime_error("shards differ in the shape of dataset " + x.name);
      x.values.insert(x.values.end(), y->values.begin(), y->values.end());
      if (!x.shape.empty()) x.shape[0] = static_cast<size_t>(n_into + n_part);
    }
  }
  // the draws follow the replications; a slice without them (a file written
  // before /psa, an MPI part) leaves the run without them rather than misaligned
  if (!into.psa.values.empty() && !part.psa.values.empty())
    append_draws(into.psa, part.psa);
  else
    into.psa.values.clear();
  Scale* ra = find_scale(into, "replication");
  const Scale* rb = find_scale(part, "replication");
  if (ra && rb) ra->ints.insert(ra->ints.end(), rb->ints.begin(), rb->ints.end());
  into.options.replication_end = part.options.rep_end();
}

std::vector<Indicator> read_comparisons(const std::string& path) {
  std::vector<Indicator> out;
  h5::Handle f(open_run_file(path), H5Fclose, "open " + path);
  const RunAttrs run = read_run_attrs(f);
  if (!h5::has_member(f, "comparisons")) return out;
  h5::Handle g = h5::open_group(f, "comparisons");
  // one value per replication the file holds
  const std::vector<hsize_t> shape{static_cast<hsize_t>(run.held())};
  for (const std::string& s : h5::list_groups(g)) {
    h5::Handle sg = h5::open_group(g, s);
    std::stringstream order(h5::read_string_attr(sg, "indicators"));
    for (std::string key; std::getline(order, key, ',');) {
      Indicator ind;
      ind.scenario = s;
      ind.key = key;
      ind.per_replication = h5::read_doubles_shaped(sg, key, shape);
      h5::Handle ds = h5::open_dataset(sg, key);
      ind.label = h5::read_string_attr(ds, "label");
      ind.unit = h5::read_string_attr(ds, "unit");
      // the stored summary, which for ratios is not the plain mean of replications
      ind.mean = h5::read_double_attr(ds, "mean");
      ind.lo = h5::read_double_attr(ds, "ci_low");
      ind.hi = h5::read_double_attr(ds, "ci_high");
      // finite, but a ratio without a gain in some replication (documented NaN)
      for (double v : {ind.mean, ind.lo, ind.hi})
        if (!std::isfinite(v) && !(std::isnan(v) && key == "cost_per_dropout_avoided"))
          h5::malformed(ds, "attributes 'mean', 'ci_low', 'ci_high'", "finite numbers, found " + std::to_string(v));
      out.push_back(std::move(ind));
    }
  }
  return out;
}

namespace {

bool same_scale(const Scale& a, const Scale& b) { return a.labels == b.labels && a.ints == b.ints; }

// A dimension scale of a scenario group: the first occurrence defines it for
// the run, later ones (other scenarios) must hold the same values.
void read_scale(hid_t g, hid_t ds, const std::string& dname, RunResult& R) {
  Scale sc;
  sc.name = dname;
  sc.description = h5::string_attr_or(ds, "description");
  h5::Handle type(H5Dget_type(ds), H5Tclose, "get type of " + dname);
  if (H5Tget_class(type) == H5T_STRING)
    sc.labels = h5::read_strings(g, dname);
  else
    sc.ints = h5::read_ints(g, dname);
  if (const Scale* first = find_scale(R, dname)) {
    if (!same_scale(*first, sc)) h5::malformed(ds, "", "the same values as the scale " + dname + " of the first scenario");
    return;
  }
  if (dname == "county") R.county_names = sc.labels;
  R.scales.push_back(std::move(sc));
}

ScenarioResult read_scenario(hid_t scen, const std::string& name, RunResult& R, bool values) {
  h5::Handle g = h5::open_group(scen, name);
  ScenarioResult sr;
  sr.scenario.name = name;
  sr.scenario.text = h5::string_attr_or(g, "scenario_toml");
  sr.scenario.description = h5::string_attr_or(g, "description");
  sr.scenario.description_en = h5::string_attr_or(g, "description_en");
  sr.scenario.path = h5::string_attr_or(g, "scenario_file");
  sr.scenario.start_year = R.start_year;
  sr.scenario.years = R.years;
  sr.params.params_text = h5::string_attr_or(g, "params_toml");
  sr.params.population_csv = h5::string_attr_or(g, "population_csv");
  sr.params.targets_text = h5::string_attr_or(g, "targets_toml");
  sr.stored_inputs_hash = h5::string_attr_or(g, "inputs_hash");
  for (const std::string& dname : h5::list_datasets(g, false)) {
    h5::Handle ds = h5::open_dataset(g, dname);
    if (h5::is_scale(ds)) {
      read_scale(g, ds, dname, R);
      continue;
    }
    Dataset d;
    d.name = dname;
    d.description = h5::string_attr_or(ds, "description");
    d.units = h5::string_attr_or(ds, "units");
    std::vector<hsize_t> shape;
    if (values)
      d.values = h5::read_doubles(g, dname, &shape);
    else
      shape = h5::dataset_shape(g, dname);
    d.dims = h5::dimension_names(g, dname, shape);
    d.shape.assign(shape.begin(), shape.end());
    d.number_attrs = number_attrs(ds);
    sr.datasets.push_back(std::move(d));
  }
  return sr;
}

// /psa of a run file: its draws (when they hold one row per replication of the
// file) and its attributes; empty when the file has none.
PsaDraws read_psa(hid_t f, const std::string& path, long held) {
  PsaDraws p;
  if (H5Lexists(f, "psa", H5P_DEFAULT) <= 0) return p;
  h5::Handle g(H5Gopen2(f, "psa", H5P_DEFAULT), H5Gclose, "open /psa in " + path);
  std::stringstream funded(h5::string_attr_or(g, "funded_interventions"));
  for (std::string k; std::getline(funded, k, ',');) p.funded.push_back(k);
  p.groups_toml = h5::string_attr_or(g, "groups_toml");
  p.groups_file = h5::string_attr_or(g, "groups_file");
  if (H5Lexists(g, "draws", H5P_DEFAULT) <= 0) return p;
  p.names = h5::read_strings(g, "parameter");
  const std::vector<double> flat =
      h5::read_doubles_shaped(g, "draws", {static_cast<hsize_t>(held), static_cast<hsize_t>(p.names.size())});
  for (long r = 0; r < held; ++r)
    p.values.emplace_back(flat.begin() + static_cast<long>(r * p.names.size()),
                          flat.begin() + static_cast<long>((r + 1) * p.names.size()));
  return p;
}

}  // namespace

RunFile read_run_file(const std::string& path, bool values) {
  RunFile rf;
  rf.path = path;
  RunResult& R = rf.run;
  h5::Handle f(open_run_file(path), H5Fclose, "open " + path);
  const RunAttrs a = read_run_attrs(f);
  rf.engine_version = a.engine_version;
  R.options.seed = a.seed;
  R.options.replications = a.replications;
  R.options.replication_begin = a.replication_begin;
  R.options.replication_end = a.replication_end;
  R.options.psa = a.psa;
  R.options.scale = a.scale;
  R.start_year = a.start_year;
  R.years = a.years;
  const std::vector<std::string> names = list_scenarios(f);
  h5::Handle scen = h5::open_group(f, "scenarios");
  for (const std::string& name : names) R.scenarios.push_back(read_scenario(scen, name, R, values));
  if (!a.reference.empty() && a.reference != R.scenarios[0].scenario.name)
    h5::malformed(f, "attribute 'reference_scenario'", "the name of the first scenario (" + R.scenarios[0].scenario.name + ")");
  const Scale* rep = find_scale(R, "replication");
  if (rep && static_cast<long>(rep->ints.size()) != a.held())
    throw InputError(path, 0, "", "its replication scale does not match replication_begin/replication_end");
  if (values) R.comparisons = read_comparisons(path);
  if (values) R.psa = read_psa(f, path, a.held());
  if (values && h5::has_member(f, "comparisons")) {
    h5::Handle g = h5::open_group(f, "comparisons");
    if (h5::has_attr(g, "value_per_completer_nok")) R.value_per_completer_nok = h5::read_double_attr(g, "value_per_completer_nok");
  }
  return rf;
}

void check_same_run(const RunFile& a, const RunFile& b) {
  auto refuse = [&](const std::string& what) {
    throw InputError(b.path + ": not from the same run as " + a.path + ": " + what);
  };
  // "<key> <b's value> where <a> has <a's value>"
  auto differ = [&](const std::string& key, const std::string& vb, const std::string& va) {
    refuse(key + " " + vb + " where " + a.path + " has " + va);
  };
  const RunResult &x = a.run, &y = b.run;
  if (a.engine_version != b.engine_version) differ("engine version", b.engine_version, a.engine_version);
  if (x.options.seed != y.options.seed) differ("seed", std::to_string(y.options.seed), std::to_string(x.options.seed));
  if (x.options.replications != y.options.replications)
    differ("replications", std::to_string(y.options.replications), std::to_string(x.options.replications));
  if (std::memcmp(&x.options.scale, &y.options.scale, sizeof(double)) != 0)
    differ("population_scale", std::to_string(y.options.scale), std::to_string(x.options.scale));
  if (x.options.psa != y.options.psa) differ("psa", y.options.psa ? "1" : "0", x.options.psa ? "1" : "0");
  if (x.start_year != y.start_year || x.years != y.years) refuse("start_year or years differ");
  if (x.scenarios.size() != y.scenarios.size()) refuse("the scenarios differ");
  for (size_t s = 0; s < x.scenarios.size(); ++s) {
    const ScenarioResult &p = x.scenarios[s], &q = y.scenarios[s];
    if (p.scenario.name != q.scenario.name) refuse("scenario " + q.scenario.name + " where " + p.scenario.name + " was");
    if (p.scenario.text != q.scenario.text) refuse("the text of scenario " + p.scenario.name + " differs");
    if (p.params.params_text != q.params.params_text) refuse("the parameters of scenario " + p.scenario.name + " differ");
    if (p.params.population_csv != q.params.population_csv)
      refuse("the population table of scenario " + p.scenario.name + " differs");
    if (inputs_hash(p) != inputs_hash(q))
      differ("inputs_hash of scenario " + p.scenario.name, inputs_hash(q), inputs_hash(p));
  }
}

namespace {

// Copies every attribute of `src` to `dst`, whatever its type, except those
// in `keep` (which describe `dst` itself) and the dimension-scale bookkeeping
// (object references, valid only inside their own file).
void copy_attrs(hid_t src, hid_t dst, const std::vector<std::string>& keep) {
  struct Ctx {
    hid_t dst;
    const std::vector<std::string>* keep;
  } ctx{dst, &keep};
  auto cb = [](hid_t loc, const char* name, const H5A_info_t*, void* data) -> herr_t {
    const Ctx& c = *static_cast<Ctx*>(data);
    hid_t out = c.dst;
    for (const char* own : {"DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME"})
      if (std::strcmp(name, own) == 0) return 0;
    for (const std::string& k : *c.keep)
      if (k == name) return 0;
    try {
      if (H5Aexists(out, name) > 0) h5::check(H5Adelete(out, name), std::string("replace attribute ") + name);
      h5::Handle a(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose, std::string("open attribute ") + name);
      h5::Handle ftype(H5Aget_type(a), H5Tclose, "get attribute type");
      // only what elevsim writes: numbers and fixed-length strings (nothing from the unchecksummed global heap)
      const H5T_class_t cls = H5Tget_class(ftype);
      if (!(cls == H5T_INTEGER || cls == H5T_FLOAT || (cls == H5T_STRING && H5Tis_variable_str(ftype) == 0)))
        return -1;
      h5::Handle mtype(H5Tget_native_type(ftype, H5T_DIR_ASCEND), H5Tclose, "get native type");
      h5::Handle space(H5Aget_space(a), H5Sclose, "get attribute space");
      const hssize_t n = H5Sget_simple_extent_npoints(space);
      std::vector<unsigned char> buf(static_cast<size_t>(n > 0 ? n : 1) * H5Tget_size(mtype));
      h5::check(H5Aread(a, mtype, buf.data()), std::string("read attribute ") + name);
      h5::Handle b(H5Acreate2(out, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   std::string("create attribute ") + name);
      h5::check(H5Awrite(b, mtype, buf.data()), std::string("write attribute ") + name);
    } catch (...) {
      return -1;
    }
    return 0;
  };
  hsize_t idx = 0;
  h5::check_read(H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, cb, &ctx), src,
                 "copy its attributes (each must be a number or a fixed-length string)");
}

}  // namespace

void copy_attributes(const std::string& src, const std::string& dst) {
  using namespace h5;
  quiet();
  Handle fs(open_run_file(src), H5Fclose, "open " + src);
  Handle fapl = file_access();
  Handle fd(H5Fopen(dst.c_str(), H5F_ACC_RDWR, fapl), H5Fclose, "open " + dst);
  copy_attrs(fs, fd, {"replication_begin", "replication_end", "created_utc"});
  Handle ss = h5::open_group(fs, "scenarios");
  Handle sd = h5::open_group(fd, "scenarios");
  for (const std::string& name : list_groups(ss)) {
    if (!h5::has_member(sd, name)) continue;
    Handle gs = h5::open_group(ss, name);
    Handle gd = h5::open_group(sd, name);
    copy_attrs(gs, gd, {});
    for (const std::string& d : h5::list_datasets(gs, false)) {
      if (!h5::has_member(gd, d)) continue;
      Handle a = h5::open_dataset(gs, d);
      Handle b = h5::open_dataset(gd, d);
      copy_attrs(a, b, {});
    }
  }
  check(H5Fflush(fd, H5F_SCOPE_GLOBAL), "flush " + dst);
}

}  // namespace elevsim
