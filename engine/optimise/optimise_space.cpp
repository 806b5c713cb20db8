#include "optimise_space.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "toml_reader.hpp"

namespace elevsim {

int Space::full_size() const {
  int n = 0;
  for (const Simplex& b : blocks) n += b.size();
  return n;
}

int Space::free_size() const { return full_size() - static_cast<int>(blocks.size()); }

std::vector<double> Space::to_free(const std::vector<double>& full) const {
  std::vector<double> x;
  for (const Simplex& b : blocks)
    for (int i = 0; i + 1 < b.size(); ++i) x.push_back(full[b.offset + i]);
  return x;
}

std::vector<double> Space::from_free(const std::vector<double>& x) const {
  std::vector<double> full(full_size());
  size_t k = 0;
  for (const Simplex& b : blocks) {
    double sum = 0;
    for (int i = 0; i + 1 < b.size(); ++i) sum += full[b.offset + i] = x[k++];
    full[b.offset + b.size() - 1] = 1.0 - sum;
  }
  return project(full);
}

// Euclidean projection onto {lo <= s <= hi, sum s = 1}: s = clamp(z - tau),
// with tau found by bisection (the sum falls monotonically in tau).
std::vector<double> Space::project(const std::vector<double>& full) const {
  std::vector<double> out = full;
  for (const Simplex& b : blocks) {
    auto sum_at = [&](double tau) {
      double s = 0;
      for (int i = 0; i < b.size(); ++i) s += std::clamp(full[b.offset + i] - tau, b.lo[i], b.hi[i]);
      return s;
    };
    double a = -2, c = 2;
    for (int it = 0; it < 200 && c - a > 1e-15; ++it) {
      const double m = 0.5 * (a + c);
      (sum_at(m) > 1 ? a : c) = m;
    }
    double total = 0;
    for (int i = 0; i < b.size(); ++i) total += out[b.offset + i] = std::clamp(full[b.offset + i] - c, b.lo[i], b.hi[i]);
    // shares below a millionth are noise of the projection: no money
    for (int i = 0; i < b.size(); ++i) {
      double& s = out[b.offset + i];
      s = s / total;
      if (s < 1e-6 && b.lo[i] == 0) s = 0;
    }
    total = 0;
    for (int i = 0; i < b.size(); ++i) total += out[b.offset + i];
    for (int i = 0; i < b.size(); ++i) out[b.offset + i] /= total;
  }
  return out;
}

Space make_space(const Scenario& base, SearchOver over, int counties) {
  Space sp;
  sp.over = over;
  if (over != SearchOver::Counties) {
    Simplex b;
    b.lo.assign(base.min_share.begin(), base.min_share.end());
    b.hi.assign(base.max_share.begin(), base.max_share.end());
    sp.blocks.push_back(b);
  }
  if (over != SearchOver::Split) {
    Simplex b;
    b.offset = over == SearchOver::Both ? kInterventions : 0;
    b.lo.assign(counties, 0.0);
    b.hi.assign(counties, 1.0);
    sp.blocks.push_back(b);
  }
  return sp;
}

double total_budget(const Scenario& s) {
  double t = 0;
  for (const Grant& g : s.grants) t += g.budget_nok;
  return t;
}

std::array<double, kInterventions> combined_split(const Scenario& s) {
  std::array<double, kInterventions> out{};
  const double total = total_budget(s);
  if (total <= 0) {
    out.fill(1.0 / static_cast<int>(kInterventions));
    return out;
  }
  for (const Grant& g : s.grants)
    for (int k = 0; k < kInterventions; ++k) out[k] += g.budget_nok / total * g.split[k];
  return out;
}

namespace {

// shortest text that reads back as the same double (17 significant digits)
std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

// description: bokmål, then (after a \x1f) English for description_en
std::string header(const Scenario& base, const std::string& name, const std::string& description) {
  std::ostringstream o;
  const size_t bar = description.find('\x1f');
  o << "name = " << quoted(name) << "\ndescription = " << quoted(description.substr(0, bar));
  if (bar != std::string::npos) o << "\ndescription_en = " << quoted(description.substr(bar + 1));
  o << "\n\n[run]\nstart_year = "
    << base.start_year << "\nyears = " << base.years << "\n";
  return o.str();
}

// the base's [params] overrides, so every candidate runs with the base's parameters
std::string params_section(const Scenario& base) {
  const toml::table root = parse_toml_text(base.text, base.path);
  const toml::node* over = root.get("params");
  if (!over || !over->is_table() || over->as_table()->empty()) return "";
  toml::table t;
  t.insert("params", *over->as_table());
  std::ostringstream o;
  o << "\n" << t << "\n";
  return o.str();
}


// One [[grant]] section; `scale` multiplies every amount.
std::string grant_toml(const Grant& g, double scale) {
  std::ostringstream o;
  o << "\n[[grant]]\nname = " << quoted(g.name) << "\nbudget_nok = " << num(g.budget_nok * scale)
    << "\nfirst_year = " << g.first_year << "\nlast_year = " << g.last_year << "\nrecipients = " << quoted(g.recipients)
    << "\nallocation = " << quoted(allocation_name(g.rule)) << "\n";
  if (g.rule == Allocation::Competitive)
    o << "competitive_k = " << g.competitive_k << "\ncompetitive_selection = "
      << quoted(g.competitive_random ? "random" : "need") << "\n";
  if (g.rule == Allocation::Targeted) {
    o << "[grant.targeted]\n";
    for (auto& [county, nok] : g.targeted) o << quoted(county) << " = " << num(nok * scale) << "\n";
  }
  o << "[grant.split]\n";
  for (int k = 0; k < kInterventions; ++k)
    if (g.split[k] > 0) o << kInterventionNames[k] << " = " << num(g.split[k]) << "\n";
  return o.str();
}

}  // namespace

std::string allocation_toml(const Scenario& base, const std::string& name, const std::string& description,
                            double budget, const std::array<double, kInterventions>& shares,
                            const std::vector<double>& county_shares, const std::vector<std::string>& county_names) {
  Grant g;
  g.name = "optimised allocation";
  g.budget_nok = budget;
  g.first_year = base.start_year;
  g.last_year = base.start_year + base.years - 1;
  g.recipients = "county";
  g.rule = Allocation::PerCapita;
  if (!base.grants.empty()) {
    // the years the base pays out, and its first grant's recipients and rule
    const Grant& first = base.grants[0];
    g.first_year = first.first_year;
    g.last_year = first.last_year;
    for (const Grant& b : base.grants) {
      g.first_year = std::min(g.first_year, b.first_year);
      g.last_year = std::max(g.last_year, b.last_year);
    }
    g.recipients = first.recipients;
    g.rule = first.rule;
    g.competitive_k = first.competitive_k;
    g.competitive_random = first.competitive_random;
    g.targeted = first.targeted;
    if (g.rule == Allocation::Targeted) {
      // the named amounts keep their proportions, at this budget
      double named = 0;
      for (auto& t : g.targeted) named += t.second;
      for (auto& t : g.targeted) t.second = named > 0 ? budget * t.second / named : 0;
    }
  }
  if (!county_shares.empty()) {
    g.rule = Allocation::Targeted;
    g.targeted.clear();
    for (size_t c = 0; c < county_shares.size(); ++c)
      if (county_shares[c] > 0) g.targeted.emplace_back(county_names[c], budget * county_shares[c]);
  }
  g.split = shares;
  return header(base, name, description) + grant_toml(g, 1.0) + params_section(base);
}

std::string scaled_base_toml(const Scenario& base, const std::string& name, double budget) {
  const double total = total_budget(base);
  if (base.grants.empty() || total <= 0)
    return allocation_toml(base, name, "basens fordeling: lik deling etter innbyggertall\x1fthe base's allocation: an equal split per capita", budget,
                           combined_split(base), {}, {});
  std::string text =
      header(base, name, base.description + (base.description_en.empty() ? "" : "\x1f" + base.description_en));
  for (const Grant& g : base.grants) text += grant_toml(g, budget / total);
  return text + params_section(base);
}

std::string reference_toml(const Scenario& base, const std::string& name) {
  return header(base, name, "uten tilskudd: referansen for optimeringen\x1fno grant: the reference of the optimisation") + params_section(base);
}

}  // namespace elevsim
