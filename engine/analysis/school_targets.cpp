#include "school_targets.hpp"

#include <stdexcept>

#include "input_error.hpp"
#include "query.hpp"
#include "toml_reader.hpp"

namespace elevsim {

namespace {
const Dataset& find(const ScenarioResult& s, const std::string& name) {
  for (const Dataset& d : s.datasets)
    if (d.name == name) return d;
  throw std::runtime_error("run has no dataset " + name + " (is the horizon long enough for a complete cohort?)");
}
}  // namespace

std::map<std::string, double> SchoolFigures::by_key() const {
  return {{"vocational_share", vocational_share},
          {"vocational_share_boys", vocational_share_boys},
          {"exit_after_vg1", exit_after_vg1},
          {"exit_after_vg2", exit_after_vg2},
          {"completion", completion},
          {"completion_boys", completion_boys},
          {"completion_girls", completion_girls},
          {"completion_general", completion_general},
          {"completion_vocational", completion_vocational},
          {"noncompletion_ratio_low_high", noncompletion_ratio_low_high},
          {"completion_gap_immigrant", completion_gap_immigrant},
          {"noncompletion_ratio_disorder", noncompletion_ratio_disorder}};
}

double county_diff_pp(const std::string& group, const SchoolFigures& f, size_t k) {
  if (group == "county_completion") return 100 * (f.county_completion.at(k) - f.completion);
  return 100 * (f.county_vocational.at(k) - f.vocational_share);
}

namespace {

void read_county_group(const TomlTable& t, const char* name, std::vector<Target>& out) {
  TomlTable g = t.table(name);
  const std::string source = g.string("source");
  const double tol = g.number("tolerance_pp", 0.01, 100);
  TargetDefinition def;
  def.step = "logit";
  // calibration's step size; optional here, so that run files written before it was a key still read
  def.gain = g.has("gain") ? g.number("gain", -100, 100) : 0.0;
  if (g.has("gain") && def.gain == 0)
    throw InputError(g.file_of("gain"), g.line_of("gain"), g.qualified("gain"), "expected a non-zero number");
  TomlTable d = g.table("diff_pp");
  for (const std::string& county : d.keys())
    out.push_back({name, county, source, d.number(county, -50, 50), 0,
                   std::string(std::string(name) == "county_completion" ? "county_leave." : "county_choice.") + county,
                   tol, def});
  d.finish();
  g.finish();
}

}  // namespace

void read_county_groups(const TomlTable& t, std::vector<Target>& out) {
  for (const char* c : kCountyGroups)
    if (t.has(c)) read_county_group(t, c, out);
}

std::vector<Target> read_county_targets(const std::string& text, const std::string& origin) {
  std::vector<Target> out;
  if (text.empty()) return out;
  toml::table root = parse_toml_text(text, origin);
  TomlTable t(root, origin, "");
  read_county_groups(t, out);
  return out;
}

SchoolFigures school_figures(const ScenarioResult& s, int r) {
  const Dataset& ent = find(s, "cohort_entrants");
  const Dataset& com = find(s, "cohort_completed");
  const Dataset& enr = find(s, "enrolled");
  const Dataset& lea = find(s, "leavers");
  auto q = [&](const Dataset& d) {
    Query x(d);
    if (r >= 0) x.where("replication", r);
    return x;
  };
  auto rate = [&](auto&& filter) {
    Query c = q(com), e = q(ent);
    filter(c);
    filter(e);
    return c.sum() / e.sum();
  };
  auto all = [](Query&) {};
  SchoolFigures f;
  {
    Query v = q(ent), e = q(ent);
    f.vocational_share = v.where("programme", 1).sum() / e.sum();
    Query vb = q(ent), eb = q(ent);
    f.vocational_share_boys = vb.where("programme", 1).where("sex", 1).sum() / eb.where("sex", 1).sum();
  }
  for (int lv : {0, 1}) {
    Query l = q(lea), n = q(enr);
    (lv == 0 ? f.exit_after_vg1 : f.exit_after_vg2) = l.where("level", lv).sum() / n.where("level", lv).sum();
  }
  f.completion = rate(all);
  f.completion_boys = rate([](Query& x) { x.where("sex", 1); });
  f.completion_girls = rate([](Query& x) { x.where("sex", 0); });
  f.completion_general = rate([](Query& x) { x.where("programme", 0); });
  f.completion_vocational = rate([](Query& x) { x.where("programme", 1); });
  f.noncompletion_ratio_low_high = (1 - rate([](Query& x) { x.where("ses", 0); })) /
                                   (1 - rate([](Query& x) { x.where("ses", 2); }));
  f.completion_gap_immigrant = rate([](Query& x) { x.where("background", 0); }) -
                               rate([](Query& x) { x.where("background", 2); });
  for (int k = 0; k < static_cast<int>(s.params.population.counties.size()); ++k) {
    f.county_completion.push_back(rate([k](Query& x) { x.where("county", k); }));
    Query v = q(ent), e = q(ent);
    f.county_vocational.push_back(v.where("county", k).where("programme", 1).sum() / e.where("county", k).sum());
  }
  f.noncompletion_ratio_disorder = (1 - rate([](Query& x) { x.where("mh_state", 2); })) /
                                   (1 - rate([](Query& x) { x.where("mh_state", 0); }));
  return f;
}

}  // namespace elevsim
