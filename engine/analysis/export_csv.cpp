#include "export_csv.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "decision_file.hpp"
#include "h5.hpp"
#include "input_error.hpp"
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

// Writes through `<path>.partial` and renames, so a reader never sees half a file.
class CsvFile {
 public:
  explicit CsvFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".partial"), out_(tmp_) {
    if (!out_) throw InputError(tmp_, 0, "", "cannot write");
  }
  std::ofstream& out() { return out_; }
  std::string commit() {
    out_.close();
    if (!out_) throw InputError(tmp_, 0, "", "write failed");
    fs::rename(tmp_, path_);
    return path_;
  }

 private:
  std::string path_, tmp_;
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
void export_optimisation(const std::string& h5_path, const std::string& dir, std::vector<std::string>& written) {
  h5::quiet();
  h5::Handle file(H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + h5_path);
  if (H5Lexists(file, "optimisation", H5P_DEFAULT) <= 0) return;
  h5::Handle opt(H5Gopen2(file, "optimisation", H5P_DEFAULT), H5Gclose, "open /optimisation");
  const std::string objective = h5::read_string_attr(opt, "objective");
  const std::string unit = h5::read_string_attr(opt, "objective_unit");
  {
    h5::Handle g(H5Gopen2(opt, "frontier", H5P_DEFAULT), H5Gclose, "open /optimisation/frontier");
    const std::vector<std::string> iv = h5::read_strings(g, "intervention");
    const auto budget = h5::read_doubles(g, "budget_nok", nullptr), mean = h5::read_doubles(g, "objective_mean", nullptr),
               lo = h5::read_doubles(g, "objective_low", nullptr), hi = h5::read_doubles(g, "objective_high", nullptr),
               base = h5::read_doubles(g, "base_objective_mean", nullptr), nok = h5::read_doubles(g, "best_nok", nullptr);
    CsvFile f((fs::path(dir) / "optimisation_frontier.csv").string());
    f.out() << "objective,unit,budget_nok,best_mean,best_p2_5,best_p97_5,base_mean";
    for (const std::string& i : iv) f.out() << ",best_nok_" << i;
    f.out() << "\n";
    for (size_t b = 0; b < budget.size(); ++b) {
      f.out() << csv_field(objective) << "," << csv_field(unit) << "," << num(budget[b]) << "," << num(mean[b]) << ","
              << num(lo[b]) << "," << num(hi[b]) << "," << num(base[b]);
      for (size_t k = 0; k < iv.size(); ++k) f.out() << "," << num(nok[b * iv.size() + k]);
      f.out() << "\n";
    }
    written.push_back(f.commit());
  }
  h5::Handle g(H5Gopen2(opt, "trace", H5P_DEFAULT), H5Gclose, "open /optimisation/trace");
  const std::vector<std::string> iv = h5::read_strings(g, "intervention"), kind = h5::read_strings(g, "kind"),
                                 label = h5::read_strings(g, "label");
  const auto budget = h5::read_doubles(g, "budget_nok", nullptr), share = h5::read_doubles(g, "intervention_share", nullptr),
             mean = h5::read_doubles(g, "objective_mean", nullptr), lo = h5::read_doubles(g, "objective_low", nullptr),
             hi = h5::read_doubles(g, "objective_high", nullptr);
  CsvFile f((fs::path(dir) / "optimisation_trace.csv").string());
  f.out() << "candidate,kind,label,budget_nok,objective_mean,objective_p2_5,objective_p97_5";
  for (const std::string& i : iv) f.out() << ",share_" << i;
  f.out() << "\n";
  for (size_t c = 0; c < kind.size(); ++c) {
    f.out() << c << "," << csv_field(kind[c]) << "," << csv_field(label[c]) << "," << num(budget[c]) << ","
            << num(mean[c]) << "," << num(lo[c]) << "," << num(hi[c]);
    for (size_t k = 0; k < iv.size(); ++k) f.out() << "," << num(share[c * iv.size() + k]);
    f.out() << "\n";
  }
  written.push_back(f.commit());
}

// decision.csv: the CEAC and EVPI of /decision, one row per value and
// scenario; "" (and no file) for a run without /decision.
std::string write_decision_csv(const std::string& h5_path, const std::string& dir) {
  const DecisionUncertainty dec = read_decision(h5_path);
  if (dec.empty()) return "";
  CsvFile f((fs::path(dir) / "decision.csv").string());
  f.out() << "value_per_completer_nok,is_parameter_value,scenario,probability_highest_net_benefit,"
             "expected_net_benefit_nok_per_year,evpi_nok_per_year\n";
  const size_t m = dec.marked_index();
  for (size_t v = 0; v < dec.values.size(); ++v)
    for (size_t s = 0; s < dec.scenarios.size(); ++s)
      f.out() << num(dec.values[v]) << "," << (v == m) << "," << csv_field(dec.scenarios[s]) << ","
              << num(dec.ceac[v][s]) << "," << num(dec.expected_net_benefit[v][s]) << "," << num(dec.evpi[v]) << "\n";
  return f.commit();
}

}  // namespace

std::vector<std::string> export_csv(const std::string& h5_path, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError(dir, 0, "--csv", "cannot create this folder");
  const ReportData d = collect_report_data(h5_path);
  std::vector<std::string> written;

  {
    CsvFile f((fs::path(dir) / "summary.csv").string());
    f.out() << "scenario,indicator,label,unit,replications,mean,p2_5,p97_5,diff_mean,diff_p2_5,diff_p97_5\n";
    for (const Comparison& c : d.key_figures) write_indicator(f.out(), c);
    for (const Comparison& c : d.ses_gap) write_indicator(f.out(), c);
    written.push_back(f.commit());
  }
  {
    CsvFile f((fs::path(dir) / "summary_by_year.csv").string());
    f.out() << "series,label,unit,scenario,group,year,mean,p2_5,p97_5\n";
    for (const SeriesChart& ch : d.charts)
      for (const BandPoint& p : ch.points)
        f.out() << csv_field(ch.key) << "," << csv_field(ch.title_en) << "," << csv_field(ch.unit) << ","
                << csv_field(p.scenario) << "," << csv_field(p.group) << "," << p.year << "," << num(p.mean) << ","
                << num(p.lo) << "," << num(p.hi) << "\n";
    written.push_back(f.commit());
  }

  if (std::string f = write_decision_csv(h5_path, dir); !f.empty()) written.push_back(f);
  export_optimisation(h5_path, dir, written);
  // Datasets grouped by their dimensions; each group is one tidy table.
  std::map<std::vector<std::string>, std::vector<std::string>> by_dims;
  std::vector<std::vector<std::string>> order;
  for (const DatasetInfo& ds : list_datasets(h5_path, d.info.scenarios.front())) {
    if (ds.dims.size() < 2 || ds.dims[0] != "replication" || ds.dims[1] != "year") continue;
    if (!by_dims.count(ds.dims)) order.push_back(ds.dims);
    by_dims[ds.dims].push_back(ds.name);
  }
  const std::vector<std::string> core = {"replication", "year", "county", "sex", "ses", "grade"};
  for (const auto& dims : order) {
    std::string name = "tidy";
    if (dims != core)
      for (size_t k = 2; k < dims.size(); ++k) name += "_" + dims[k];
    CsvFile f((fs::path(dir) / (name + ".csv")).string());
    const std::vector<std::string>& cols = by_dims.at(dims);
    f.out() << "scenario";
    for (const std::string& dim : dims) f.out() << "," << csv_field(dim);
    for (const std::string& c : cols) f.out() << "," << csv_field(c);
    f.out() << "\n";
    for (const std::string& s : d.info.scenarios) {
      std::vector<std::vector<std::string>> labels;
      for (const std::string& dim : dims) {
        labels.push_back(scale_labels(h5_path, s, dim));
        for (std::string& l : labels.back()) l = csv_field(l);
      }
      h5::quiet();
      h5::Handle file(H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + h5_path);
      h5::Handle g(H5Gopen2(file, ("scenarios/" + s).c_str(), H5P_DEFAULT), H5Gclose, "open scenario " + s);
      std::vector<std::vector<double>> values;
      size_t n = 0;
      for (const std::string& c : cols) {
        std::vector<hsize_t> shape;
        values.push_back(h5::read_doubles(g, c, &shape));
        n = values.back().size();
      }
      std::vector<size_t> idx(dims.size(), 0);
      std::string line;
      for (size_t i = 0; i < n; ++i) {
        line = csv_field(s);
        for (size_t k = 0; k < dims.size(); ++k) line += "," + labels[k][idx[k]];
        for (const auto& v : values) line += "," + num(v[i]);
        line += "\n";
        f.out() << line;
        for (size_t k = dims.size(); k-- > 0;) {  // row-major odometer
          if (++idx[k] < labels[k].size()) break;
          idx[k] = 0;
        }
      }
    }
    written.push_back(f.commit());
  }
  return written;
}

}  // namespace elevsim
