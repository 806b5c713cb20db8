// EVPPI per group of uncertain parameters (Strong, Oakley & Brennan 2014): a
// constructed case whose EVPPI is known in closed form, the bounds 0 <= EVPPI
// <= EVPI, exactly 0 for a group no compared scenario depends on, the draws a
// run records (/psa/draws), and every shipped uncertain parameter in exactly
// one group of params/psa_groups.toml.
#include <catch2/catch.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <functional>

#include "decision.hpp"
#include "decision_file.hpp"
#include "evppi.hpp"
#include "h5_writer.hpp"
#include "helpers.hpp"
#include "input_error.hpp"
#include "psa.hpp"
#include "shards.hpp"
#include "toml_reader.hpp"
#include "uncertain.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

constexpr double kInvSqrt2Pi = 0.3989422804014327;  // E[max(Z, 0)] for a standard normal Z

// R draws of theta ~ N(0,1), an unrelated phi ~ N(0,1) and noise ~ N(0, sd):
// option 1's net benefit theta + noise against a reference of 0.
struct Linear {
  std::vector<std::vector<double>> net;  // [option][draw]
  std::vector<std::vector<double>> theta, phi;  // [draw][1]
};
Linear linear_case(size_t R, double noise_sd, uint32_t seed) {
  boost::random::mt19937 g(seed);
  boost::random::normal_distribution<double> z(0, 1);
  Linear c;
  c.net.assign(2, std::vector<double>(R, 0.0));
  for (size_t r = 0; r < R; ++r) {
    const double t = z(g), p = z(g), e = noise_sd * z(g);
    c.theta.push_back({t});
    c.phi.push_back({p});
    c.net[1][r] = t + e;
  }
  return c;
}

std::string groups_file() { return slurp(params_dir() + "/psa_groups.toml"); }

}  // namespace

TEST_CASE("EVPPI of a parameter the net benefit is linear in matches its closed form within its standard error",
          "[evppi]") {
  // NB = theta + noise, theta ~ N(0,1): E[NB | theta] = theta, so
  // EVPPI(theta) = E[max(theta, 0)] - max(E theta, 0) = 1/sqrt(2 pi).
  const size_t R = 2000;
  const Linear c = linear_case(R, 1.0, 20140311);
  const EvppiEstimate e = evppi_regression(c.net, c.theta);
  // the estimator is a sample mean of max(g(theta_r), 0): its standard error
  // from the sample sd of max(theta_r, 0) (1/sqrt(2 pi) has sd 0.58)
  double m = 0, m2 = 0;
  for (const auto& t : c.theta) {
    const double x = std::max(t[0], 0.0);
    m += x;
    m2 += x * x;
  }
  m /= R;
  const double se = std::sqrt((m2 / R - m * m) / R);
  INFO("EVPPI " << e.value << ", expected " << kInvSqrt2Pi << ", se " << se << ", basis " << e.basis);
  CHECK(std::fabs(e.value - kInvSqrt2Pi) < 4 * se);
  // a parameter the net benefit does not depend on is worth about nothing
  // (a smoother fits noise a little: the bound is a small share of the EVPPI)
  const EvppiEstimate none = evppi_regression(c.net, c.phi);
  CHECK(none.value >= 0);
  CHECK(none.value < 4 * se);
  // both parameters: at least theta's worth
  std::vector<std::vector<double>> both(R);
  for (size_t r = 0; r < R; ++r) both[r] = {c.theta[r][0], c.phi[r][0]};
  CHECK(evppi_regression(c.net, both).value >= e.value - 4 * se);
}

TEST_CASE("EVPPI without a varying parameter or with too few draws is 0", "[evppi]") {
  const Linear c = linear_case(50, 1.0, 3);
  std::vector<std::vector<double>> constant(50, std::vector<double>{0.7});
  CHECK(evppi_regression(c.net, constant).value == 0);
  std::vector<std::vector<double>> few(c.theta.begin(), c.theta.begin() + 3);
  std::vector<std::vector<double>> few_net = {{0, 0, 0}, {c.net[1][0], c.net[1][1], c.net[1][2]}};
  CHECK(evppi_regression(few_net, few).value == 0);
}

namespace {
// Three scenarios whose gains and costs depend on drawn parameters of named
// groups: follow-up's effect drives "los", time shares add noise to both, and
// universal prevention's effect is drawn but no scenario funds prevention.
struct Constructed {
  std::vector<std::vector<double>> gain, cost;
  PsaDraws draws;
};
Constructed constructed(size_t R) {
  boost::random::mt19937 g(7);
  boost::random::normal_distribution<double> z(0, 1);
  Constructed c;
  c.draws.names = {"interventions.followup_los.leave_odds_ratio", "interventions.universal_prevention.onset_rr",
                   "services.school_health.time_share"};
  c.draws.funded = {"followup_los", "staff_competence"};
  c.gain.assign(3, std::vector<double>(R, 0.0));
  c.cost.assign(3, std::vector<double>(R, 0.0));
  for (size_t r = 0; r < R; ++r) {
    const double los = 0.85 + 0.1 * z(g), prev = 0.75 + 0.1 * z(g), share = 0.06 + 0.01 * z(g);
    c.draws.values.push_back({los, prev, share});
    c.gain[1][r] = 40 * (1 - los) + 200 * (share - 0.06) + 2 * z(g);
    c.cost[1][r] = 5e6;
    c.gain[2][r] = 4 + 100 * (share - 0.06) + 2 * z(g);
    c.cost[2][r] = 3e6;
  }
  return c;
}
}  // namespace

TEST_CASE("EVPPI per group lies between 0 and the EVPI at every value of a completer", "[evppi]") {
  const Constructed c = constructed(300);
  DecisionUncertainty d = decision_uncertainty({"ref", "los", "staff"}, c.gain, c.cost, 0.9e6);
  add_evppi(d, c.gain, c.cost, c.draws, groups_file(), "params/psa_groups.toml");
  REQUIRE(!d.groups.empty());
  REQUIRE(d.evppi_group.size() == d.values.size());
  bool some_positive = false;
  for (size_t v = 0; v < d.values.size(); ++v)
    for (size_t g = 0; g < d.groups.size(); ++g) {
      INFO("value " << d.values[v] << ", group " << d.groups[g].id);
      CHECK(d.evppi_group[v][g] >= 0);
      CHECK(d.evppi_group[v][g] <= d.evpi[v]);
      some_positive |= d.evppi_group[v][g] > 0;
    }
  CHECK(some_positive);
  // the follow-up effect decides between the schemes: it carries the most value
  CHECK(d.groups[d.groups_by_evppi().front()].id == "followup_effect");
}

TEST_CASE("EVPPI is exactly 0 for a group no compared scenario depends on", "[evppi]") {
  const Constructed c = constructed(200);
  DecisionUncertainty d = decision_uncertainty({"ref", "los", "staff"}, c.gain, c.cost, 0.9e6);
  add_evppi(d, c.gain, c.cost, c.draws, groups_file(), "params/psa_groups.toml");
  auto group = [&](const std::string& id) {
    for (size_t g = 0; g < d.groups.size(); ++g)
      if (d.groups[g].id == id) return g;
    FAIL("no group " << id);
    return size_t(0);
  };
  const size_t prevention = group("prevention_effect"), dropout = group("dropout_link"), los = group("followup_effect");
  for (size_t v = 0; v < d.values.size(); ++v) {
    CHECK(d.evppi_group[v][prevention] == 0.0);  // drawn, but no scenario funds universal prevention
    CHECK(d.evppi_group[v][dropout] == 0.0);     // none of its parameters drawn
  }
  CHECK(d.group_parameters[prevention].empty());
  CHECK(d.group_note[prevention].find("no scenario funds") != std::string::npos);
  CHECK(d.group_parameters[los] == "interventions.followup_los.leave_odds_ratio");
  // without draws (--no-psa) every group is exactly 0
  DecisionUncertainty nopsa = decision_uncertainty({"ref", "los", "staff"}, c.gain, c.cost, 0.9e6);
  add_evppi(nopsa, c.gain, c.cost, PsaDraws{}, groups_file(), "params/psa_groups.toml");
  for (const auto& row : nopsa.evppi_group)
    for (double e : row) CHECK(e == 0.0);
}

TEST_CASE("probability of beating each alternative and expected regret over paired draws", "[evppi][regret]") {
  const std::vector<std::vector<double>> net = {{0, 0, 0, 0}, {1, -1, 2, 0}, {3, -2, -1, 0}};
  const auto p = probability_beats(net);
  CHECK(p[1][0] == Approx(0.625));  // wins 2, loses 1, ties 1
  CHECK(p[0][1] == Approx(0.375));
  CHECK(p[2][1] == Approx(0.375));  // wins 1 (3 > 1), loses 2, ties 1
  for (size_t a = 0; a < 3; ++a)
    for (size_t b = 0; b < 3; ++b)
      if (a != b) CHECK(p[a][b] + p[b][a] == Approx(1.0));
  const auto regret = expected_regret(net);
  // best per draw: 3, 0, 2, 0
  CHECK(regret[0] == Approx((3 + 0 + 2 + 0) / 4.0));
  CHECK(regret[1] == Approx((2 + 1 + 0 + 0) / 4.0));
  CHECK(regret[2] == Approx((0 + 2 + 3 + 0) / 4.0));
  // the EVPI is the regret of the option best on average
  std::vector<double> prob, mean;
  double evpi = 0;
  ceac_point(net, prob, mean, evpi);
  CHECK(evpi == Approx(regret[1]));
}

TEST_CASE("a parameter name pattern matches with * and nothing else", "[evppi]") {
  CHECK(name_matches("schooling.leave_*", "schooling.leave_disorder"));
  CHECK(name_matches("services.*.time_share", "services.school_health.time_share"));
  CHECK(name_matches("*", "anything.at.all"));
  CHECK_FALSE(name_matches("schooling.leave_*", "schooling.level"));
  CHECK_FALSE(name_matches("services.*.time_share", "services.school_health.time_share_earmarked"));
  CHECK_FALSE(name_matches("a*b*c", "a_b_d"));
}

namespace {
// Every uncertain value of the parameter files: a table { value, low, high,
// dist } whose dist is not "fixed" and whose range is not a point, by dotted name.
void uncertain_names(const toml::table& t, const std::string& path, std::vector<std::string>& out) {
  const toml::node* v = t.get("value");
  if (v && (t.get("low") || t.get("high"))) {
    const double lo = t["low"].value_or(0.0), hi = t["high"].value_or(0.0);
    const std::string dist = t["dist"].value_or(std::string("uniform"));
    if (dist != "fixed" && lo < hi) out.push_back(path);
    return;
  }
  for (auto&& [k, node] : t)
    if (const toml::table* sub = node.as_table())
      uncertain_names(*sub, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), out);
}
}  // namespace

TEST_CASE("every drawn parameter belongs to exactly one group of params/psa_groups.toml", "[evppi][params]") {
  const std::string file = "params/psa_groups.toml";
  const std::vector<PsaGroup> groups = read_psa_groups(groups_file(), file);
  // what the parameter files declare uncertain (drawn wherever they are realised) ...
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(params_dir()))
    if (entry.path().extension() == ".toml" && entry.path().filename() != "psa_groups.toml") {
      const toml::table t = parse_toml_file(entry.path().string());
      uncertain_names(t, "", names);
    }
  REQUIRE(names.size() >= 10);
  // ... and what a run actually draws, by the names it draws them under
  RunResult r = run_in_memory(make_plan({load_scenario(source_dir() + "/scenarios/los-followup.toml")}, params_dir(),
                                        run_options(1, 3, 0.01)));
  REQUIRE(!r.psa.names.empty());
  for (const std::string& n : r.psa.names) names.push_back(n);
  for (const std::string& n : names) {
    int g = -2;
    std::string error;
    try {
      g = group_of(groups, n, file);
    } catch (const std::exception& e) {
      error = e.what();
    }
    INFO(error);
    CHECK(error.empty());
    if (g == -1) FAIL_CHECK("parameter " << n << " is drawn but in no group of " << file << ": add it to one group's `parameters`");
  }
}

TEST_CASE("a run records every drawn parameter per replication in /psa/draws", "[evppi][psa]") {
  TempDir tmp;
  const std::string out = (tmp.path / "run.h5").string();
  std::vector<Scenario> sc = {load_scenario(baseline_path()),
                              load_scenario(source_dir() + "/scenarios/los-followup.toml")};
  RunResult r = run_in_memory(make_plan(sc, params_dir(), run_options(3, 11, 0.02)));
  write_run(r, out);
  const RunResult back = read_run_file(out).run;
  REQUIRE(back.psa.names == r.psa.names);
  REQUIRE(back.psa.values.size() == 3);
  CHECK(back.psa.values == r.psa.values);
  CHECK(back.psa.funded == std::vector<std::string>{"followup_los"});
  // the recorded value is the draw the model used
  const auto at = std::find(back.psa.names.begin(), back.psa.names.end(), "interventions.followup_los.leave_odds_ratio");
  REQUIRE(at != back.psa.names.end());
  const size_t j = static_cast<size_t>(at - back.psa.names.begin());
  const Params p = load_params(params_dir());
  for (uint32_t rep = 0; rep < 3; ++rep)
    CHECK(back.psa.values[rep][j] == realise(p.interventions, 11, rep, true).los_leave_odds_ratio);
  // and /decision carries EVPPI for every group, within [0, EVPI]
  const DecisionUncertainty d = read_decision(out);
  REQUIRE(!d.groups.empty());
  for (size_t v = 0; v < d.values.size(); ++v)
    for (size_t g = 0; g < d.groups.size(); ++g) {
      CHECK(d.evppi_group[v][g] >= 0);
      CHECK(d.evppi_group[v][g] <= d.evpi[v]);
    }
}

TEST_CASE("a malformed groups file or overlapping groups give one line naming the file, key or parameter",
          "[evppi][input]") {
  const std::string file = "params/psa_groups.toml";
  auto error_of = [&](const std::string& text) -> std::string {
    try {
      read_psa_groups(text, file);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  const std::string ok = "[[group]]\nid = \"a\"\nlabel = \"A\"\nsource = \"s\"\ngrade = \"F\"\nparameters = [\"x.*\"]\n";
  CHECK(error_of(ok).empty());
  CHECK(error_of("[[group]]\nid = \"a\"\nlabel = \"A\"\nsource = \"s\"\ngrade = \"B\"\nparameters = [\"x\"]\n")
            .find("psa_groups.toml:5: key 'group.grade'") != std::string::npos);
  CHECK(error_of("[[group]]\nid = \"a\"\nlabel = \"A\"\nsource = \"s\"\ngrade = \"F\"\n").find("parameters") !=
        std::string::npos);
  CHECK(error_of(ok + ok).find("defined twice") != std::string::npos);
  CHECK(error_of(ok + "colour = \"red\"\n").find("colour") != std::string::npos);
  const std::vector<PsaGroup> two = read_psa_groups(
      ok + "[[group]]\nid = \"b\"\nlabel = \"B\"\nsource = \"s\"\ngrade = \"A\"\nparameters = [\"x.y*\"]\n", file);
  try {
    group_of(two, "x.yz", file);
    FAIL("no error for a parameter in two groups");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("x.yz") != std::string::npos);
    CHECK(what.find(file) != std::string::npos);
  }
  CHECK(group_of(two, "x.yz", file, false) == 0);
  CHECK(group_of(two, "z", file) == -1);
}
