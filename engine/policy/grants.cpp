#include "grants.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "input_error.hpp"
#include "toml_reader.hpp"

namespace elevsim {

const char* allocation_name(Allocation a) {
  switch (a) {
    case Allocation::PerCapita: return "per_capita";
    case Allocation::NeedsWeighted: return "needs_weighted";
    case Allocation::Competitive: return "competitive";
    case Allocation::Targeted: return "targeted";
  }
  return "per_capita";
}


namespace {

std::string intervention_list() {
  std::string s;
  for (const char* n : kInterventionNames) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

Grant read_grant(const TomlTable& t, int start_year, int years) {
  Grant g;
  g.file = t.file();
  g.line = t.line();
  g.name = t.string("name");
  g.budget_nok = t.number("budget_nok", 0, 1e11);
  const int last = start_year + years - 1;
  g.first_year = static_cast<int>(t.integer_or("first_year", start_year, start_year, last));
  g.last_year = static_cast<int>(t.integer_or("last_year", last, g.first_year, last));
  g.recipients = t.string_or("recipients", "county");
  if (g.recipients != "county" && g.recipients != "municipality")
    throw InputError(t.file_of("recipients"), t.line_of("recipients"), t.qualified("recipients"),
                     "expected \"county\" or \"municipality\", got \"" + g.recipients + "\"");
  const std::string rule = t.string("allocation");
  if (rule == "per_capita") g.rule = Allocation::PerCapita;
  else if (rule == "needs_weighted") g.rule = Allocation::NeedsWeighted;
  else if (rule == "competitive") g.rule = Allocation::Competitive;
  else if (rule == "targeted") g.rule = Allocation::Targeted;
  else
    throw InputError(t.file_of("allocation"), t.line_of("allocation"), t.qualified("allocation"),
                     "expected one of per_capita, needs_weighted, competitive, targeted; got \"" + rule + "\"");
  if (g.rule == Allocation::Competitive) {
    g.competitive_k = static_cast<int>(t.integer("competitive_k", 1, 255));
    const std::string sel = t.string_or("competitive_selection", "need");
    if (sel != "need" && sel != "random")
      throw InputError(t.file_of("competitive_selection"), t.line_of("competitive_selection"),
                       t.qualified("competitive_selection"), "expected \"need\" or \"random\", got \"" + sel + "\"");
    g.competitive_random = sel == "random";
  }
  if (g.rule == Allocation::Targeted) {
    TomlTable tg = t.table("targeted");
    double sum = 0;
    const toml::table* raw = nullptr;
    (void)raw;
    for (const std::string& county : tg.keys()) {
      const double v = tg.number(county, 0, 1e11);
      g.targeted.emplace_back(county, v);
      g.targeted_lines.push_back(tg.line_of(county));
      sum += v;
    }
    if (g.targeted.empty())
      throw InputError(t.file_of("targeted"), t.line_of("targeted"), t.qualified("targeted"),
                       "expected at least one county = NOK per year");
    if (sum > g.budget_nok * (1 + 1e-12))
      throw InputError(t.file_of("targeted"), t.line_of("targeted"), t.qualified("targeted"),
                       "the targeted amounts add up to more than budget_nok");
    tg.finish();
  }
  TomlTable split = t.table("split");
  double total = 0;
  for (const std::string& k : split.keys()) {
    auto it = std::find(std::begin(kInterventionNames), std::end(kInterventionNames), k);
    if (it == std::end(kInterventionNames))
      throw InputError(split.file_of(k), split.line_of(k), split.qualified(k),
                       "unknown intervention; allowed: " + intervention_list());
    const double v = split.number(k, 0, 1);
    g.split[it - std::begin(kInterventionNames)] = v;
    total += v;
  }
  if (std::abs(total - 1.0) > 1e-6)
    throw InputError(t.file_of("split"), t.line_of("split"), t.qualified("split"),
                     "the shares must add up to 1, got " + std::to_string(total));
  split.finish();
  t.finish();
  return g;
}

}  // namespace

std::vector<Grant> read_grants(const TomlTable& scenario, int start_year, int years) {
  std::vector<Grant> out;
  if (!scenario.has("grant")) return out;
  for (const TomlTable& t : scenario.tables("grant")) out.push_back(read_grant(t, start_year, years));
  return out;
}

void validate_grants(const std::vector<Grant>& grants, const PopulationParams& pop) {
  for (const Grant& g : grants) {
    for (size_t k = 0; k < g.targeted.size(); ++k) {
      bool found = false;
      for (const County& c : pop.counties) found |= c.name == g.targeted[k].first;
      if (!found) {
        std::string names;
        for (const County& c : pop.counties) names += (names.empty() ? "" : ", ") + c.name;
        throw InputError(g.file, g.targeted_lines[k], "grant.targeted." + g.targeted[k].first,
                         "unknown county; allowed: " + names);
      }
    }
    if (g.rule == Allocation::Competitive && g.competitive_k > static_cast<int>(pop.counties.size()))
      throw InputError(g.file, g.line, "grant.competitive_k",
                       "expected at most " + std::to_string(pop.counties.size()) + " recipients (the counties)");
  }
}

std::vector<double> allocate(const Grant& g, const PopulationParams& pop, const std::vector<double>& need,
                             const std::vector<double>& draw) {
  const size_t C = pop.counties.size();
  std::vector<double> w(C, 0.0), out(C, 0.0);
  switch (g.rule) {
    case Allocation::PerCapita:
      for (size_t c = 0; c < C; ++c) w[c] = pop.counties[c].pupils_per_grade;
      break;
    case Allocation::NeedsWeighted:
      w = need;
      break;
    case Allocation::Competitive: {
      // rank by need rate (need per pupil) or by a random draw; the k first win,
      // and share the budget per capita
      std::vector<size_t> order(C);
      std::iota(order.begin(), order.end(), 0);
      auto score = [&](size_t c) { return g.competitive_random ? draw[c] : need[c] / pop.counties[c].pupils_per_grade; };
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score(a) > score(b); });
      for (int k = 0; k < g.competitive_k; ++k) w[order[k]] = pop.counties[order[k]].pupils_per_grade;
      break;
    }
    case Allocation::Targeted:
      for (auto& [name, nok] : g.targeted)
        for (size_t c = 0; c < C; ++c)
          if (pop.counties[c].name == name) out[c] += nok;
      return out;
  }
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (size_t c = 0; c < C; ++c) out[c] = total > 0 ? g.budget_nok * w[c] / total : 0.0;
  return out;
}

}  // namespace elevsim
