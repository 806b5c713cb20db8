#include "h5_writer.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>

#include "decision.hpp"
#include "h5.hpp"
#include "ladder_file.hpp"
#include "output_file.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

std::string inputs_hash(const Params& p) {
  return text_hash(p.params_text + "\n# ===== population.csv =====\n" + p.population_csv);
}

namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// Creates a scenario's group, its scales and its datasets (shaped from the
// templates' dims); writes the templates' values when they hold every replication.
std::map<std::string, h5::Handle> create_scenario(hid_t scenarios, const RunResult& run, const ScenarioResult& sr,
                                                  const std::vector<Dataset>& templates, bool write_values) {
  using namespace h5;
  Handle g(H5Gcreate2(scenarios, sr.scenario.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create group " + sr.scenario.name);
  write_string_attr(g, "scenario_toml", sr.scenario.text);
  write_string_attr(g, "params_toml", sr.params.params_text);
  write_string_attr(g, "population_csv", sr.params.population_csv);
  write_string_attr(g, "targets_toml", sr.params.targets_text);
  write_string_attr(g, "inputs_hash", inputs_hash(sr.params));
  write_string_attr(g, "description", sr.scenario.description);
  if (!sr.scenario.description_en.empty()) write_string_attr(g, "description_en", sr.scenario.description_en);
  write_string_attr(g, "scenario_file", sr.scenario.path);

  // only the scales some dataset of this scenario uses
  std::map<std::string, Handle> scales;
  for (const Scale& sc : run.scales) {
    bool used = false;
    for (const Dataset& d : templates)
      for (const std::string& n : d.dims) used |= n == sc.name;
    if (!used) continue;
    scales[sc.name] = sc.ints.empty() ? write_scale_strings(g, sc.name, sc.labels) : write_scale_ints(g, sc.name, sc.ints);
    write_string_attr(scales[sc.name], "description", sc.description);
  }

  std::map<std::string, Handle> out;
  for (const Dataset& d : templates) {
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
    check(H5Pset_deflate(dcpl, 1), "set deflate");
    check(H5Pset_fletcher32(dcpl), "set Fletcher-32");  // a checksum on every chunk (h5.hpp)
    Handle ds(H5Dcreate2(g, d.name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
              "create dataset " + d.name);
    if (write_values)
      check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()), "write " + d.name);
    write_string_attr(ds, "description", d.description);
    write_string_attr(ds, "units", d.units);
    std::string dimlist;
    for (auto& n : d.dims) dimlist += (dimlist.empty() ? "" : ",") + n;
    write_string_attr(ds, "dimensions", dimlist);
    for (auto& [k, v] : d.number_attrs) write_double_attr(ds, k, v);
    for (size_t k = 0; k < d.dims.size(); ++k)
      check(H5DSattach_scale(ds, scales.at(d.dims[k]), static_cast<unsigned>(k)), "attach scale " + d.dims[k]);
    out.emplace(d.name, std::move(ds));
  }
  return out;
}

void write_root_attrs(hid_t f, const RunResult& run) {
  using namespace h5;
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
}

h5::Handle create_file(const std::string& tmp) {
  using namespace h5;
  Handle fcpl = file_create(), fapl = file_access();
  return Handle(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose, "create " + tmp);
}

h5::Handle create_ordered_group(hid_t parent, const char* name) {
  using namespace h5;
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create property list");
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  return Handle(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, std::string("create ") + name);
}

// /comparisons/<scenario>/<indicator>: the paired difference from the
// reference per replication, with its label, unit and summary as attributes.
void write_comparisons(hid_t file, const RunResult& run) {
  using namespace h5;
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create property list");
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  Handle top(H5Gcreate2(file, "comparisons", H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "create /comparisons");
  write_string_attr(top, "reference", run.scenarios.at(0).scenario.name);
  write_double_attr(top, "value_per_completer_nok", run.value_per_completer_nok);
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
      Handle dcpl = checksummed_dataset({n});
      Handle ds(H5Dcreate2(g, i.key.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
                "create " + i.key);
      check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, i.per_replication.data()), "write " + i.key);
      write_string_attr(ds, "label", i.label);
      write_string_attr(ds, "unit", i.unit);
      write_double_attr(ds, "mean", i.mean);
      write_double_attr(ds, "ci_low", i.lo);
      write_double_attr(ds, "ci_high", i.hi);
    }
  }
}

// /decision: CEAC and EVPI over the values of a completer, from the
// comparisons' per-replication gains and costs, so every path that writes
// comparisons (run, resume, MPI, merge) writes the matching decision figures.
void write_decision(hid_t file, const RunResult& run) {
  using namespace h5;
  const DecisionUncertainty d =
      decision_from_comparisons(run.comparisons, run.scenarios.at(0).scenario.name, run.value_per_completer_nok,
                                &run.psa, run.psa.groups_toml, run.psa.groups_file);
  if (d.empty()) return;
  Handle g = create_ordered_group(file, "decision");
  write_string_attr(g, "description",
                    "decision uncertainty from the paired PSA draws: probability that each scenario has the highest "
                    "net benefit per year (CEAC) and expected value of perfect information, by value of a completer");
  write_double_attr(g, "value_per_completer_nok", d.marked_value);
  write_int_attr(g, "replications", d.replications);
  Handle vs = h5::write_doubles(g, "value_per_completer", d.values, {d.values.size()}, {},
                                "value of one extra upper secondary completer", "NOK");
  check(H5DSset_scale(vs, "value_per_completer"), "make value_per_completer a dimension scale");
  Handle ss = write_scale_strings(g, "scenario", d.scenarios);
  write_string_attr(ss, "description", "scenario, the reference first");
  const hsize_t V = d.values.size(), S = d.scenarios.size();
  std::vector<double> ceac, enb;
  for (size_t v = 0; v < V; ++v) {
    ceac.insert(ceac.end(), d.ceac[v].begin(), d.ceac[v].end());
    enb.insert(enb.end(), d.expected_net_benefit[v].begin(), d.expected_net_benefit[v].end());
  }
  h5::write_doubles(g, "ceac", ceac, {V, S}, {vs, ss},
                    "share of replications in which the scenario has the highest net benefit", "probability");
  h5::write_doubles(g, "expected_net_benefit", enb, {V, S}, {vs, ss},
                    "mean over replications of the net benefit against the reference", "NOK per year");
  h5::write_doubles(g, "evpi", d.evpi, {V}, {vs},
                    "expected value of perfect information: mean of the best net benefit minus the best mean",
                    "NOK per year");
  std::vector<double> regret, beats;
  for (size_t v = 0; v < V; ++v) regret.insert(regret.end(), d.expected_regret[v].begin(), d.expected_regret[v].end());
  h5::write_doubles(g, "expected_regret", regret, {V, S}, {vs, ss},
                    "mean over replications of the best net benefit in the replication minus the scenario's",
                    "NOK per year");
  Handle versus = write_scale_strings(g, "versus", d.scenarios);
  write_string_attr(versus, "description", "the scenario compared against, the reference first");
  for (size_t s = 0; s < S; ++s) beats.insert(beats.end(), d.prob_beats[s].begin(), d.prob_beats[s].end());
  h5::write_doubles(g, "probability_beats", beats, {S, S}, {ss, versus},
                    "at value_per_completer_nok: share of replications in which the scenario's net benefit is higher "
                    "than versus's (ties count half; paired by replication)",
                    "probability");
  if (d.groups.empty()) return;
  const hsize_t G = d.groups.size();
  std::vector<std::string> ids, labels, labels_en, sources, grades;
  for (const PsaGroup& pg : d.groups) {
    ids.push_back(pg.id);
    labels.push_back(pg.label);
    labels_en.push_back(pg.label_en);
    sources.push_back(pg.source);
    grades.push_back(pg.grade);
  }
  Handle gs = write_scale_strings(g, "group", ids);
  write_string_attr(gs, "description", "group of uncertain parameters (params/psa_groups.toml)");
  write_strings(g, "group_label", labels, gs, "the group's name in bokmål");
  write_strings(g, "group_label_en", labels_en, gs, "the group's name in English");
  write_strings(g, "group_source", sources, gs, "the evidence the group's values come from");
  write_strings(g, "group_grade", grades, gs, "the evidence's strength: F found, D derived, A assumption");
  write_strings(g, "group_parameters", d.group_parameters, gs,
                "the drawn parameters the EVPPI is computed from, comma-separated; empty: EVPPI exactly 0");
  write_strings(g, "group_note", d.group_note, gs, "why a group's EVPPI is exactly 0");
  std::vector<double> ev, clip;
  for (size_t v = 0; v < V; ++v)
    for (size_t k = 0; k < G; ++k) {
      ev.push_back(d.evppi_group[v][k]);
      clip.push_back(d.evppi_clipped[v][k]);
    }
  Handle e = h5::write_doubles(g, "evppi_by_group", ev, {V, G}, {vs, gs},
                               "expected value of partial perfect information about the group's parameters, clipped "
                               "to [0, evpi]",
                               "NOK per year");
  write_string_attr(e, "method", d.evppi_method);
  h5::write_doubles(g, "evppi_clipped", clip, {V, G}, {vs, gs},
                    "1 where the regression's estimate exceeded the EVPI and evppi_by_group holds the EVPI", "1");
}

// /psa: every drawn parameter per replication, the interventions some scenario
// funds (which decides which parameters EVPPI leaves out) and the groups file.
void write_psa(hid_t file, const RunResult& run) {
  using namespace h5;
  const PsaDraws& p = run.psa;
  if (p.values.empty() && p.groups_toml.empty()) return;
  Handle g = create_ordered_group(file, "psa");
  write_string_attr(g, "description",
                    "the uncertain parameters drawn per replication (one draw shared by every scenario), by dotted "
                    "name as in params/");
  std::string funded;
  for (const std::string& f : p.funded) funded += (funded.empty() ? "" : ",") + f;
  write_string_attr(g, "funded_interventions", funded);
  write_string_attr(g, "groups_toml", p.groups_toml);
  write_string_attr(g, "groups_file", p.groups_file);
  if (p.values.empty() || p.names.empty()) return;
  const Scale* rep = nullptr;
  for (const Scale& sc : run.scales)
    if (sc.name == "replication") rep = &sc;
  std::vector<int64_t> reps;
  if (rep && rep->ints.size() == p.values.size())
    reps.assign(rep->ints.begin(), rep->ints.end());
  else
    for (size_t r = 0; r < p.values.size(); ++r)
      reps.push_back(run.options.replication_begin + static_cast<int64_t>(r));
  Handle rs = write_scale_ints(g, "replication", reps);
  write_string_attr(rs, "description", "global replication index");
  Handle ps = write_scale_strings(g, "parameter", p.names);
  write_string_attr(ps, "description",
                    "the parameter's dotted name in params/ (e.g. interventions.followup_los.leave_odds_ratio)");
  std::vector<double> flat;
  for (const auto& row : p.values) flat.insert(flat.end(), row.begin(), row.end());
  h5::write_doubles(g, "draws", flat, {p.values.size(), p.names.size()}, {rs, ps},
                    "the value each parameter took in the replication (every scenario of the run used it)",
                    "the parameter's own unit");
}

}  // namespace

void write_run(const RunResult& run, const std::string& path) {
  using namespace h5;
  quiet();
  TempFile tmp(path);  // removed on any error or signal
  {
    Handle f = create_file(tmp.path());
    write_root_attrs(f, run);
    {
      Handle scen = create_ordered_group(f, "scenarios");
      for (const ScenarioResult& sr : run.scenarios) create_scenario(scen, run, sr, sr.datasets, true);
    }
    write_psa(f, run);
    if (!run.comparisons.empty()) {
      write_comparisons(f, run);
      write_decision(f, run);
    }
    write_ladder(f, run.ladder);
    check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush " + tmp.path());
    close_file(f, tmp.path());
  }
  tmp.commit();
}

struct StreamWriter::Impl {
  std::unique_ptr<TempFile> tmp;
  h5::Handle file, scenarios;
  const RunResult* run = nullptr;
  std::vector<std::vector<std::string>> scenario_names;
  std::vector<std::map<std::string, h5::Handle>> datasets;  // per scenario, created on its first replication
  bool finished = false;
};

StreamWriter::StreamWriter(std::string path) : impl_(std::make_unique<Impl>()) {
  impl_->tmp = std::make_unique<TempFile>(std::move(path));
}

StreamWriter::~StreamWriter() {
  if (!impl_->finished) {
    impl_->datasets.clear();
    impl_->scenarios = h5::Handle();
    impl_->file = h5::Handle();
    impl_->tmp->discard();
  }
}

void StreamWriter::begin(const RunResult& run) {
  h5::quiet();
  impl_->run = &run;
  impl_->file = create_file(impl_->tmp->path());
  write_root_attrs(impl_->file, run);
  impl_->scenarios = create_ordered_group(impl_->file, "scenarios");
  impl_->datasets.clear();
  impl_->datasets.resize(run.scenarios.size());
  // groups in command-line order, whichever scenario finishes a replication first
  for (size_t s = 0; s < run.scenarios.size(); ++s) impl_->scenario_names.push_back({run.scenarios[s].scenario.name});
}

void StreamWriter::consume(int s, int slot, std::vector<Dataset>&& ds) {
  using namespace h5;
  const RunResult& run = *impl_->run;
  // create every scenario's group up to this one, so their order is the command line's
  for (int k = 0; k <= s; ++k)
    if (impl_->datasets[k].empty()) {
      std::vector<Dataset> templ = ds;
      for (Dataset& d : templ) d.values.clear();
      impl_->datasets[k] = create_scenario(impl_->scenarios, run, run.scenarios[k], templ, false);
    }
  for (const Dataset& d : ds) {
    const Handle& h = impl_->datasets[s].at(d.name);
    Handle fspace(H5Dget_space(h), H5Sclose, "get space of " + d.name);
    const int rank = H5Sget_simple_extent_ndims(fspace);
    std::vector<hsize_t> dims(rank), start(rank, 0), count(rank);
    H5Sget_simple_extent_dims(fspace, dims.data(), nullptr);
    count = dims;
    count[0] = 1;
    start[0] = static_cast<hsize_t>(slot);
    check(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "select");
    Handle mspace(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "memory space");
    check(H5Dwrite(h, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, d.values.data()), "write " + d.name);
  }
}

void StreamWriter::finish(const RunResult& run) {
  using namespace h5;
  write_psa(impl_->file, run);
  if (!run.comparisons.empty()) {
    write_comparisons(impl_->file, run);
    write_decision(impl_->file, run);
  }
  write_ladder(impl_->file, run.ladder);
  check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flush " + impl_->tmp->path());
  impl_->datasets.clear();
  impl_->scenarios = Handle();
  close_file(impl_->file, impl_->tmp->path());
  impl_->tmp->commit();
  impl_->finished = true;
}

}  // namespace elevsim
