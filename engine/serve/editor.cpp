#include "editor.hpp"

#include <cmath>
#include <regex>
#include <sstream>

#include <toml++/toml.h>

#include "input_error.hpp"
#include "scenario.hpp"

namespace elevsim {

namespace {

// A field of the request of the expected JSON type, else InputError naming it.
const Json& field(const Json& obj, const char* key, Json::value_t type, const char* what) {
  static const Json none;
  if (!obj.is_object() || !obj.contains(key)) return none;
  const Json& v = obj.at(key);
  const bool ok = type == Json::value_t::number_float ? v.is_number() : v.type() == type;
  if (!ok) throw InputError("field", 0, key, std::string("expected ") + what);
  return v;
}

// A whole number of kroner as a TOML integer, else a float.
void put_number(toml::table& t, const char* key, double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) t.insert_or_assign(key, static_cast<int64_t>(v));
  else t.insert_or_assign(key, v);
}

void apply_grant(toml::table& g, const Json& f) {
  using V = Json::value_t;
  if (const Json& v = field(f, "name", V::string, "text"); !v.is_null()) g.insert_or_assign("name", v.get<std::string>());
  if (const Json& v = field(f, "budget_nok", V::number_float, "a number"); !v.is_null()) put_number(g, "budget_nok", v.get<double>());
  for (const char* k : {"first_year", "last_year"})
    if (const Json& v = field(f, k, V::number_float, "a year"); !v.is_null()) put_number(g, k, v.get<double>());
  if (const Json& v = field(f, "recipients", V::string, "text"); !v.is_null()) g.insert_or_assign("recipients", v.get<std::string>());
  const Json& rule = field(f, "allocation", V::string, "per_capita, needs_weighted, competitive or targeted");
  if (!rule.is_null()) g.insert_or_assign("allocation", rule.get<std::string>());
  const std::string r = g["allocation"].value_or(std::string());
  if (r != "competitive") g.erase("competitive_k"), g.erase("competitive_selection");
  else if (const Json& v = field(f, "competitive_k", V::number_float, "a whole number"); !v.is_null())
    put_number(g, "competitive_k", v.get<double>());
  if (r != "targeted") {
    g.erase("targeted");
  } else if (const Json& v = field(f, "targeted", V::object, "county: NOK per year"); !v.is_null()) {
    toml::table t;
    for (auto& [county, nok] : v.items()) {
      if (!nok.is_number()) throw InputError("field", 0, "targeted." + county, "expected NOK per year");
      put_number(t, county.c_str(), nok.get<double>());
    }
    g.insert_or_assign("targeted", std::move(t));
  }
  if (const Json& v = field(f, "split", V::object, "intervention: share"); !v.is_null()) {
    toml::table t;
    for (auto& [k, share] : v.items()) {
      if (!share.is_number()) throw InputError("field", 0, "split." + k, "expected a share between 0 and 1");
      if (share.get<double>() > 0) t.insert_or_assign(k, share.get<double>());
    }
    g.insert_or_assign("split", std::move(t));
  }
}

}  // namespace

Json scenario_fields(const std::string& text, const std::string& label) {
  const Scenario s = load_scenario_text(text, label);
  Json grants = Json::array();
  for (const Grant& g : s.grants) {
    Json split = Json::object();
    for (int k = 0; k < kInterventions; ++k) split[kInterventionNames[k]] = g.split[k];
    Json targeted = Json::object();
    for (auto& [county, nok] : g.targeted) targeted[county] = nok;
    grants.push_back({{"name", g.name}, {"budget_nok", g.budget_nok}, {"first_year", g.first_year},
                      {"last_year", g.last_year}, {"recipients", g.recipients}, {"allocation", allocation_name(g.rule)},
                      {"competitive_k", g.competitive_k}, {"targeted", targeted}, {"split", split}});
  }
  return {{"name", s.name}, {"description", s.description}, {"description_en", s.description_en},
          {"start_year", s.start_year}, {"years", s.years}, {"grants", grants}};
}

std::string apply_fields(const std::string& base_text, const Json& fields) {
  using V = Json::value_t;
  toml::table root;
  try {
    root = toml::parse(base_text);
  } catch (const toml::parse_error& e) {
    throw InputError("scenario", static_cast<long>(e.source().begin.line), "", std::string(e.description()));
  }
  for (const char* k : {"name", "description", "description_en"})
    if (const Json& v = field(fields, k, V::string, "text"); !v.is_null()) {
      if (v.get<std::string>().empty() && std::string(k) != "name") root.erase(k);
      else root.insert_or_assign(k, v.get<std::string>());
    }
  for (const char* k : {"start_year", "years"})
    if (const Json& v = field(fields, k, V::number_float, "a whole number"); !v.is_null()) {
      if (!root.contains("run")) root.insert("run", toml::table{});
      put_number(*root["run"].as_table(), k, v.get<double>());
    }
  if (const Json& gs = field(fields, "grants", V::array, "a list of grants"); !gs.is_null()) {
    toml::array out;
    const toml::array* old = root["grant"].as_array();
    for (size_t i = 0; i < gs.size(); ++i) {
      toml::table g = old && i < old->size() && (*old)[i].is_table() ? *(*old)[i].as_table() : toml::table{};
      apply_grant(g, gs[i]);
      out.push_back(std::move(g));
    }
    if (out.empty()) root.erase("grant");
    else root.insert_or_assign("grant", std::move(out));
  }
  std::ostringstream o;
  o << "# written by elevsim serve's scenario editor\n" << root << "\n";
  return o.str();
}

std::string message_key(const std::string& message) {
  static const std::regex re("key '([^']+)'");
  std::smatch m;
  return std::regex_search(message, m, re) ? m[1].str() : "";
}

}  // namespace elevsim
