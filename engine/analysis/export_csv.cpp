#include "export_csv.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <memory>

#include "decision_file.hpp"
#include "h5.hpp"
#include "input_error.hpp"
#include "output_file.hpp"
#include "run_attrs.hpp"
#include "report_data.hpp"

namespace elevsim {

namespace fs = std::filesystem;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// Writes through a temporary file, renamed by commit(): a reader never sees
// half a file, and an error or signal leaves none.
class CsvFile {
 public:
  explicit CsvFile(const std::string& path) : tmp_(path), out_(tmp_.path()) {
    if (!out_) throw InputError(tmp_.path(), 0, "", "cannot write");
  }
  std::ofstream& out() { return out_; }
  void close() {
    out_.close();
    if (!out_) throw InputError(tmp_.path(), 0, "", "write failed (disk full?)");
  }
  std::string commit() {
    tmp_.commit();
    return tmp_.final_path();
  }

 private:
  TempFile tmp_;
  std::ofstream out_;
};

void write_indicator(std::ofstream& o, const Comparison& c) {
  const Indicator& v = c.value;
  o << csv_field(v.scenario) << "," << csv_field(v.key) << "," << csv_field(v.label) << "," << csv_field(v.unit) << ","
    << v.per_replication.size() << "," << num(v.mean) << "," << num(v.lo) << "," << num(v.hi);
  if (c.diff.per_replication.empty()) o << ",,,";
  else o << "," << num(c.diff.mean) << "," << num(c.diff.lo) << "," << num(c.diff.hi);
  o << "\n";
}

// The optimiser's frontier (best allocation per budget) and its whole search
// trace, when the file was written by `elevsim optimise`.
bool has_optimisation(const std::string& h5_path) {
  h5::Handle file(open_run_file(h5_path), H5Fclose, "open " + h5_path);
  return H5Lexists(file, "optimisation", H5P_DEFAULT) > 0;
}

void write_frontier(std::ofstream& o, hid_t opt, const std::string& objective, const std::string& unit) {
  h5::Handle g(H5Gopen2(opt, "frontier", H5P_DEFAULT), H5Gclose, "open /optimisation/frontier");
  const std::vector<std::string> iv = h5::read_strings(g, "intervention");
  const auto budget = h5::read_doubles(g, "budget_nok", nullptr), mean = h5::read_doubles(g, "objective_mean", nullptr),
             lo = h5::read_doubles(g, "objective_low", nullptr), hi = h5::read_doubles(g, "objective_high", nullptr),
             base = h5::read_doubles(g, "base_objective_mean", nullptr), nok = h5::read_doubles(g, "best_nok", nullptr);
  const size_t B = budget.size(), K = iv.size();
  if (mean.size() != B || lo.size() != B || hi.size() != B || base.size() != B || nok.size() != B * K)
    throw InputError("/optimisation/frontier", 0, "", "datasets disagree with budget_nok and intervention in length");
  o << "objective,unit,budget_nok,best_mean,best_p2_5,best_p97_5,base_mean";
  for (const std::string& i : iv) o << ",best_nok_" << csv_field(i);
  o << "\n";
  for (size_t b = 0; b < B; ++b) {
    o << csv_field(objective) << "," << csv_field(unit) << "," << num(budget[b]) << "," << num(mean[b]) << ","
      << num(lo[b]) << "," << num(hi[b]) << "," << num(base[b]);
    for (size_t k = 0; k < K; ++k) o << "," << num(nok[b * K + k]);
    o << "\n";
  }
}

void write_trace(std::ofstream& o, hid_t opt) {
  h5::Handle g(H5Gopen2(opt, "trace", H5P_DEFAULT), H5Gclose, "open /optimisation/trace");
  const std::vector<std::string> iv = h5::read_strings(g, "intervention"), kind = h5::read_strings(g, "kind"),
                                 label = h5::read_strings(g, "label");
  const auto budget = h5::read_doubles(g, "budget_nok", nullptr), share = h5::read_doubles(g, "intervention_share", nullptr),
             mean = h5::read_doubles(g, "objective_mean", nullptr), lo = h5::read_doubles(g, "objective_low", nullptr),
             hi = h5::read_doubles(g, "objective_high", nullptr);
  const size_t C = kind.size(), K = iv.size();
  if (label.size() != C || budget.size() != C || mean.size() != C || lo.size() != C || hi.size() != C ||
      share.size() != C * K)
    throw InputError("/optimisation/trace", 0, "", "datasets disagree with kind and intervention in length");
  o << "candidate,kind,label,budget_nok,objective_mean,objective_p2_5,objective_p97_5";
  for (const std::string& i : iv) o << ",share_" << csv_field(i);
  o << "\n";
  for (size_t c = 0; c < C; ++c) {
    o << c << "," << csv_field(kind[c]) << "," << csv_field(label[c]) << "," << num(budget[c]) << "," << num(mean[c])
      << "," << num(lo[c]) << "," << num(hi[c]);
    for (size_t k = 0; k < K; ++k) o << "," << num(share[c * K + k]);
    o << "\n";
  }
}

template <class Open>
void export_optimisation(const std::string& h5_path, Open&& open) {
  h5::Handle file(open_run_file(h5_path), H5Fclose, "open " + h5_path);
  h5::Handle opt(H5Gopen2(file, "optimisation", H5P_DEFAULT), H5Gclose, "open /optimisation");
  const std::string objective = h5::read_string_attr(opt, "objective");
  const std::string unit = h5::read_string_attr(opt, "objective_unit");
  write_frontier(open("optimisation_frontier.csv"), opt, objective, unit);
  write_trace(open("optimisation_trace.csv"), opt);
}

// decision.csv: the CEAC and EVPI of /decision, one row per value and scenario.
void write_decision_rows(std::ofstream& o, const DecisionUncertainty& dec) {
  o << "value_per_completer_nok,is_parameter_value,scenario,probability_highest_net_benefit,"
       "expected_net_benefit_nok_per_year,evpi_nok_per_year\n";
  const size_t m = dec.marked_index();
  for (size_t v = 0; v < dec.values.size(); ++v)
    for (size_t s = 0; s < dec.scenarios.size(); ++s)
      o << num(dec.values[v]) << "," << (v == m) << "," << csv_field(dec.scenarios[s]) << "," << num(dec.ceac[v][s])
        << "," << num(dec.expected_net_benefit[v][s]) << "," << num(dec.evpi[v]) << "\n";
}

// ladder.csv: the effect ladder of /ladder, one row per intervention and figure.
void write_ladder_rows(std::ofstream& o, const Ladder& L) {
  o << "intervention,unit_bought,budget_nok_per_year,figure,label,unit,replications,mean,p2_5,p97_5\n";
  for (size_t k = 0; k < L.interventions.size(); ++k)
    for (const LadderFigure& f : L.figures) {
      const Indicator& i = f.by_intervention.at(k);
      o << csv_field(L.interventions[k]) << "," << csv_field(L.units.at(k)) << "," << num(L.budget_nok) << ","
        << csv_field(f.key) << "," << csv_field(f.label) << "," << csv_field(f.unit) << "," << i.per_replication.size()
        << "," << num(i.mean) << "," << num(i.lo) << "," << num(i.hi) << "\n";
    }
}

}  // namespace

namespace {

using DimsGroups = std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>;

// Datasets over (replication, year, ...) grouped by their dimensions; each group is one tidy table.
DimsGroups tidy_tables(const std::string& h5_path, const std::string& scenario) {
  DimsGroups out;
  for (const DatasetInfo& ds : list_datasets(h5_path, scenario)) {
    if (ds.dims.size() < 2 || ds.dims[0] != "replication" || ds.dims[1] != "year") continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == ds.dims; });
    if (it == out.end()) it = out.insert(out.end(), {ds.dims, {}});
    it->second.push_back(ds.name);
  }
  return out;
}

std::string table_name(const std::vector<std::string>& dims) {
  const std::vector<std::string> core = {"replication", "year", "county", "sex", "ses", "grade"};
  std::string name = "tidy";
  if (dims != core)
    for (size_t k = 2; k < dims.size(); ++k) name += "_" + dims[k];
  return name + ".csv";
}

void write_tidy_rows(std::ofstream& o, const std::string& h5_path, const std::string& s,
                     const std::vector<std::string>& dims, const std::vector<std::string>& cols) {
  std::vector<std::vector<std::string>> labels;
  for (const std::string& dim : dims) {
    labels.push_back(scale_labels(h5_path, s, dim));
    for (std::string& l : labels.back()) l = csv_field(l);
  }
  // the shape this scenario's own scales give, which every column must have
  std::vector<hsize_t> shape;
  for (const auto& l : labels) shape.push_back(l.size());
  h5::Handle file(open_run_file(h5_path), H5Fclose, "open " + h5_path);
  h5::Handle g(H5Gopen2(file, ("scenarios/" + s).c_str(), H5P_DEFAULT), H5Gclose, "open scenario " + s);
  std::vector<std::vector<double>> values;
  size_t n = 0;
  for (const std::string& c : cols) {
    values.push_back(h5::read_doubles_shaped(g, c, shape));
    n = values.back().size();
  }
  std::vector<size_t> idx(dims.size(), 0);
  std::string line;
  for (size_t i = 0; i < n; ++i) {
    line = csv_field(s);
    for (size_t k = 0; k < dims.size(); ++k) line += "," + labels[k][idx[k]];
    for (const auto& v : values) line += "," + num(v[i]);
    line += "\n";
    o << line;
    for (size_t k = dims.size(); k-- > 0;) {  // row-major odometer
      if (++idx[k] < labels[k].size()) break;
      idx[k] = 0;
    }
  }
}

// The folder and its files may be written: checked before anything is created.
void check_export_targets(const std::string& dir, const std::vector<std::string>& names, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError(dir, 0, "--csv", "exists and is not a folder");
  if (!fs::exists(dir, ec)) {
    const fs::path parent = fs::path(dir).has_parent_path() ? fs::path(dir).parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) throw InputError(dir, 0, "--csv", "the folder " + parent.string() + " does not exist");
    return;
  }
  for (const std::string& n : names) check_output_path((fs::path(dir) / n).string(), force, "--csv");
}

}  // namespace

std::vector<std::string> export_csv(const std::string& h5_path, const std::string& dir, bool force) {
  const ReportData d = collect_report_data(h5_path);  // checks the whole input first
  const DimsGroups tables = tidy_tables(h5_path, d.info.scenarios.front());
  const DecisionUncertainty dec = read_decision(h5_path);  // empty for a run without /decision
  std::vector<std::string> names{"summary.csv", "summary_by_year.csv"};
  if (!dec.empty()) names.push_back("decision.csv");
  if (!d.ladder.empty()) names.push_back("ladder.csv");
  const bool optimisation = has_optimisation(h5_path);
  if (optimisation) names.insert(names.end(), {"optimisation_frontier.csv", "optimisation_trace.csv"});
  for (const auto& t : tables) names.push_back(table_name(t.first));
  check_export_targets(dir, names, force);
  std::error_code ec;
  const bool created = !fs::exists(dir, ec);
  if (created && (!fs::create_directory(dir, ec) || ec)) throw InputError(dir, 0, "--csv", "cannot create this folder");
  std::vector<std::unique_ptr<CsvFile>> files;
  try {
    auto open = [&](const std::string& name) -> std::ofstream& {
      files.push_back(std::make_unique<CsvFile>((fs::path(dir) / name).string()));
      return files.back()->out();
    };
    std::ofstream& sum = open("summary.csv");
    sum << "scenario,indicator,label,unit,replications,mean,p2_5,p97_5,diff_mean,diff_p2_5,diff_p97_5\n";
    for (const Comparison& c : d.key_figures) write_indicator(sum, c);
    for (const Comparison& c : d.ses_gap) write_indicator(sum, c);
    std::ofstream& by_year = open("summary_by_year.csv");
    by_year << "series,label,unit,scenario,group,year,mean,p2_5,p97_5\n";
    for (const SeriesChart& ch : d.charts)
      for (const BandPoint& p : ch.points)
        by_year << csv_field(ch.key) << "," << csv_field(ch.title_en) << "," << csv_field(ch.unit) << ","
                << csv_field(p.scenario) << "," << csv_field(p.group) << "," << p.year << "," << num(p.mean) << ","
                << num(p.lo) << "," << num(p.hi) << "\n";
    if (!dec.empty()) write_decision_rows(open("decision.csv"), dec);
    if (!d.ladder.empty()) write_ladder_rows(open("ladder.csv"), d.ladder);
    if (optimisation) export_optimisation(h5_path, open);
    for (const auto& [dims, cols] : tables) {
      std::ofstream& o = open(table_name(dims));
      o << "scenario";
      for (const std::string& dim : dims) o << "," << csv_field(dim);
      for (const std::string& c : cols) o << "," << csv_field(c);
      o << "\n";
      for (const std::string& s : d.info.scenarios) write_tidy_rows(o, h5_path, s, dims, cols);
    }
    // every file complete before any appears under its name
    for (auto& f : files) f->close();
    std::vector<std::string> written;
    for (auto& f : files) written.push_back(f->commit());
    return written;
  } catch (...) {
    files.clear();  // removes the temporary files
    if (created) fs::remove(dir, ec);  // only if still empty
    throw;
  }
}

}  // namespace elevsim
