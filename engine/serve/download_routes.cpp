// Downloads of a finished run: the very files the command line writes. The
// run file is the run's own; the report and the CSV export are made from it
// on first request by `elevsim report`'s and `elevsim export`'s functions, each
// through a temporary name.
#include <filesystem>
#include <fstream>
#include <memory>

#include "app.hpp"
#include "export_csv.hpp"
#include "input_error.hpp"
#include "locale.hpp"
#include "output_file.hpp"
#include "report_html.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

void send_file(httplib::Response& res, const fs::path& file, const std::string& type, const std::string& name) {
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  if (!*in) throw InputError(name + ": cannot read");
  const size_t size = fs::file_size(file);
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.set_content_provider(size, type, [in](size_t offset, size_t length, httplib::DataSink& sink) {
    std::vector<char> buf(std::min<size_t>(length, 1 << 16));
    in->seekg(static_cast<std::streamoff>(offset));
    in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in->gcount() <= 0) return false;
    sink.write(buf.data(), static_cast<size_t>(in->gcount()));
    return true;
  });
}

// The CSV export of the run, made once into csv/ (a folder renamed when complete).
std::vector<std::string> csv_files(App& app, const fs::path& dir) {
  std::lock_guard<std::mutex> g(app.files_m);
  const fs::path out = dir / "csv";
  if (!fs::is_directory(out)) {
    const fs::path tmp = dir / "csv.partial";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    {
      std::lock_guard<std::mutex> h(hdf5_mutex());
      export_csv((dir / "run.h5").string(), tmp.string(), false);
    }
    fs::rename(tmp, out);
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".csv") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void download(App& app, const httplib::Request& req, httplib::Response& res) {
  const std::string key = req.get_param_value("key"), what = req.get_param_value("what");
  if (!app.store.has_run(key)) throw InputError("run \"" + key.substr(0, 32) + "\": no finished run of that key");
  const fs::path dir = app.store.run_dir(key);
  if (what == "h5") return send_file(res, dir / "run.h5", "application/x-hdf5", "elevsim-" + key + ".h5");
  if (what == "report") {
    const Lang l = req.get_param_value("lang") == "en" ? Lang::en : Lang::nb;
    const fs::path html = dir / (std::string("report-") + lang_code(l) + ".html");
    {
      std::lock_guard<std::mutex> g(app.files_m);
      std::lock_guard<std::mutex> h(hdf5_mutex());
      if (!fs::exists(html)) write_report((dir / "run.h5").string(), html.string(), l, app.params_dir, false);
    }
    return send_file(res, html, "text/html; charset=utf-8", "elevsim-" + key + "-" + lang_code(l) + ".html");
  }
  if (what == "csv") {
    const std::vector<std::string> files = csv_files(app, dir);
    const std::string f = req.get_param_value("file");
    if (f.empty()) {
      res.set_content(Json{{"files", files}}.dump(), "application/json");
      return;
    }
    if (std::find(files.begin(), files.end(), f) == files.end()) throw InputError("csv: no file \"" + f.substr(0, 64) + "\" in the export");
    return send_file(res, dir / "csv" / f, "text/csv; charset=utf-8", f);
  }
  if (what == "toml") {
    const std::string name = req.get_param_value("name");
    // an optimisation's best allocation: best or best-<budget> (run.best*.toml)
    if (name.rfind("best", 0) == 0 && valid_name(name) && fs::exists(dir / ("run." + name + ".toml")))
      return send_file(res, dir / ("run." + name + ".toml"), "application/toml", name + ".toml");
    if (!valid_name(name) || !fs::exists(dir / (name + ".toml"))) throw InputError("toml: no scenario \"" + name.substr(0, 64) + "\" in this run");
    return send_file(res, dir / (name + ".toml"), "application/toml", name + ".toml");
  }
  throw InputError("download: what= h5, report, csv or toml");
}

}  // namespace

void add_download_routes(httplib::Server& svr, App& app) {
  svr.Get("/api/download", [&app](const httplib::Request& req, httplib::Response& res) {
    try {
      download(app, req, res);
    } catch (const InputError& e) {
      send_error(res, 400, e.what());
    } catch (const std::exception& e) {
      send_error(res, 500, e.what());
    }
  });
}

}  // namespace elevsim
