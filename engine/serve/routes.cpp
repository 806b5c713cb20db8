// The scenario routes: list, read, edit (fields into TOML, checked by the
// command line's own reader), import and save. Scenarios are addressed by
// name only; a text from the page is parsed, never used as a path.
#include "app.hpp"
#include "editor.hpp"
#include "input_error.hpp"
#include "locale.hpp"
#include "run_plan.hpp"
#include "scenario.hpp"
#include "version.hpp"

namespace elevsim {

namespace {

// The whole check of `elevsim run`: the file's reader, then the parameters
// with its [params] and the grants against the counties (make_plan).
Scenario check_scenario(const App& app, const std::string& text) {
  Scenario s = load_scenario_text(text, "scenario");
  RunOptions o;
  o.replications = 1;
  (void)make_plan(std::vector<Scenario>{s}, app.params_dir, o);
  return s;
}

Json meta(const App& app) {
  Json interventions = Json::array();
  for (const char* n : kInterventionNames) interventions.push_back(n);
  return {{"version", kEngineVersion},
          {"counties", app.counties},
          {"interventions", interventions},
          {"objectives", {"dropouts_avoided", "disorder_prevalence", "treated", "net_benefit", "equity_dropouts"}},
          {"limits",
           {{"max_work", app.opt.max_work}, {"max_optimise_work", app.opt.max_optimise_work},
            {"max_scenarios", app.opt.max_scenarios}, {"max_jobs", app.opt.max_jobs}}},
          {"pace_s", app.jobs.pace()},
          {"prior_pace_s", kPriorPaceSeconds}};
}

Json scenario_list(const App& app) {
  Json out = Json::array();
  for (const ScenarioEntry& e : app.store.list_scenarios())
    out.push_back({{"name", e.name}, {"description", e.description}, {"description_en", e.description_en},
                   {"shipped", e.shipped}});
  return out;
}

std::string text_field(const Json& body, const char* key) {
  if (!body.contains(key) || !body.at(key).is_string()) throw InputError(std::string("request: \"") + key + "\" missing (text)");
  return body.at(key).get<std::string>();
}

}  // namespace

void add_routes(httplib::Server& svr, App& app) {
  svr.Get("/api/meta", json_route([&app](const httplib::Request&) { return meta(app); }));
  svr.Get("/api/texts", json_route([](const httplib::Request& req) {
    const Lang l = req.get_param_value("lang") == "en" ? Lang::en : Lang::nb;
    Json t = Json::object();
    for (const char* k : {"h_answer", "h_counties", "h_trends", "county", "scenario", "reference", "bands_note",
                          "h_county_completion", "model_completion", "published_diff", "share_pct", "change_pp",
                          "counties_intro", "frontier_title"})
      t[k] = tr(k, l);
    return t;
  }));
  svr.Get("/api/scenarios", json_route([&app](const httplib::Request&) { return scenario_list(app); }));
  svr.Get("/api/scenario", json_route([&app](const httplib::Request& req) {
    const std::string name = req.get_param_value("name");
    const std::string text = app.store.scenario_text(name);
    return Json{{"name", name}, {"text", text}, {"fields", scenario_fields(text, name + ".toml")},
                {"shipped", app.store.is_shipped(name)}};
  }));
  // fields from the editor written into the scenario's TOML and checked as `elevsim run` checks a file
  svr.Post("/api/scenario/build", json_route([&app](const httplib::Request& req) {
    const Json body = parse_body(req);
    const std::string text = apply_fields(text_field(body, "text"), body.value("fields", Json::object()));
    check_scenario(app, text);
    return Json{{"text", text}, {"fields", scenario_fields(text, "scenario")}};
  }));
  // an imported TOML file (its text, read by the browser)
  svr.Post("/api/scenario/parse", json_route([&app](const httplib::Request& req) {
    const std::string text = text_field(parse_body(req), "text");
    check_scenario(app, text);
    return Json{{"text", text}, {"fields", scenario_fields(text, "scenario")}};
  }));
  svr.Post("/api/scenario/save", json_route([&app](const httplib::Request& req) {
    const std::string text = text_field(parse_body(req), "text");
    const Scenario s = check_scenario(app, text);
    app.store.save_scenario(s.name, text);
    return Json{{"saved", s.name}};
  }));
  svr.Get("/api/scenario/download", [&app](const httplib::Request& req, httplib::Response& res) {
    try {
      const std::string name = req.get_param_value("name");
      res.set_content(app.store.scenario_text(name), "application/toml");
      res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".toml\"");
    } catch (const std::exception& e) {
      send_error(res, 400, e.what());
    }
  });
}

}  // namespace elevsim
