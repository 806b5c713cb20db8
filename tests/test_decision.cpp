// Decision uncertainty from paired draws (CEAC and EVPI) and money written as
// money: the maths on constructed cases whose answers are known, and the
// /decision group of a run joined from shards equal to a single run's.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "checkpoint.hpp"
#include "decision_file.hpp"
#include "h5.hpp"
#include "h5_writer.hpp"
#include "helpers.hpp"
#include "merge.hpp"
#include "numbers.hpp"
#include "shards.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {
// replications where the gains and costs of three schemes cross: which one is
// best depends both on the value of a completer and on the draw
DecisionUncertainty crossing_schemes() {
  std::vector<std::vector<double>> gain = {{0, 0, 0, 0, 0}, {10, 14, 6, 12, 8}, {30, 5, 22, 40, 1}};
  std::vector<std::vector<double>> cost = {{0, 0, 0, 0, 0}, {5e6, 5e6, 5e6, 5e6, 5e6}, {20e6, 18e6, 25e6, 19e6, 22e6}};
  return decision_uncertainty({"ref", "cheap", "costly"}, gain, cost, 0.9e6);
}
}  // namespace

TEST_CASE("CEAC probabilities sum to 1 at every value of a completer", "[decision]") {
  const DecisionUncertainty d = crossing_schemes();
  REQUIRE(d.values.front() == 0);
  REQUIRE(d.values.back() == 5e6);
  REQUIRE(d.values[d.marked_index()] == 0.9e6);
  bool some_split = false;
  for (size_t v = 0; v < d.values.size(); ++v) {
    double sum = 0;
    for (double p : d.ceac[v]) {
      CHECK(p >= 0);
      CHECK(p <= 1);
      sum += p;
      some_split |= p > 0 && p < 1;
    }
    CHECK(sum == Approx(1.0).margin(1e-12));
  }
  CHECK(some_split);  // the case is not trivial: some value leaves the choice uncertain
  // at value 0 nothing beats spending nothing
  CHECK(d.ceac[0][0] == 1.0);
  CHECK(d.evpi[0] == 0.0);
}

TEST_CASE("ties share the probability so the CEAC still sums to 1", "[decision]") {
  // a scheme that costs nothing and changes nothing ties with the reference everywhere
  const DecisionUncertainty d = decision_uncertainty({"ref", "same"}, {{0, 0, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}}, 0.9e6);
  for (const auto& row : d.ceac) {
    CHECK(row[0] == 0.5);
    CHECK(row[1] == 0.5);
  }
  for (double e : d.evpi) CHECK(e == 0.0);
}

TEST_CASE("EVPI is never negative and matches its definition", "[decision]") {
  const DecisionUncertainty d = crossing_schemes();
  const std::vector<std::vector<double>> gain = {{0, 0, 0, 0, 0}, {10, 14, 6, 12, 8}, {30, 5, 22, 40, 1}};
  const std::vector<std::vector<double>> cost = {{0, 0, 0, 0, 0}, {5e6, 5e6, 5e6, 5e6, 5e6},
                                                 {20e6, 18e6, 25e6, 19e6, 22e6}};
  bool positive = false;
  for (size_t v = 0; v < d.values.size(); ++v) {
    CHECK(d.evpi[v] >= 0);
    // mean over replications of the max, minus the max over scenarios of the means
    double mean_of_max = 0, max_of_mean = -INFINITY;
    for (size_t s = 0; s < 3; ++s) {
      double m = 0;
      for (size_t r = 0; r < 5; ++r) m += d.values[v] * gain[s][r] - cost[s][r];
      max_of_mean = std::max(max_of_mean, m / 5);
      CHECK(d.expected_net_benefit[v][s] == Approx(m / 5).margin(1e-6));
    }
    for (size_t r = 0; r < 5; ++r) {
      double top = -INFINITY;
      for (size_t s = 0; s < 3; ++s) top = std::max(top, d.values[v] * gain[s][r] - cost[s][r]);
      mean_of_max += top / 5;
    }
    CHECK(d.evpi[v] == Approx(mean_of_max - max_of_mean).margin(1e-3));
    positive |= d.evpi[v] > 0;
  }
  CHECK(positive);
}

TEST_CASE("EVPI is 0 when one scenario has the highest net benefit in every replication", "[decision]") {
  // "better" gains more and costs less than "worse" in every draw, and beats
  // the reference at every value above 0.2 MNOK per completer
  const DecisionUncertainty d = decision_uncertainty(
      {"ref", "worse", "better"}, {{0, 0, 0, 0}, {5, 9, 2, 7}, {50, 90, 20, 70}}, {{0, 0, 0, 0}, {9e6, 8e6, 9e6, 7e6},
                                                                                   {1e6, 1e6, 1e6, 1e6}},
      0.9e6);
  for (size_t v = 0; v < d.values.size(); ++v) {
    if (d.values[v] < 0.2e6) continue;
    INFO(d.values[v]);
    CHECK(d.ceac[v][2] == 1.0);
    CHECK(d.evpi[v] == 0.0);
  }
}

TEST_CASE("decision figures come from the comparisons' gains and costs", "[decision]") {
  std::vector<Indicator> cmp = {
      {"a", "dropouts_avoided", "", "pupils", {10, 20}, 0, 0, 0},
      {"a", "spending_per_year", "", "NOK", {5e6, 5e6}, 0, 0, 0},
  };
  const DecisionUncertainty d = decision_from_comparisons(cmp, "ref", 0.9e6);
  REQUIRE(d.scenarios == std::vector<std::string>{"ref", "a"});
  const size_t m = d.marked_index();
  CHECK(d.expected_net_benefit[m][1] == Approx(15 * 0.9e6 - 5e6));
  CHECK(d.ceac[m][1] == 1.0);  // 9 MNOK - 5 MNOK > 0 and 18 - 5 > 0
  // without a cost there is nothing to decide on
  CHECK(decision_from_comparisons({cmp[0]}, "ref", 0.9e6).empty());
}

TEST_CASE("money reads as money in both languages", "[decision][money]") {
  const std::string nbsp = "\u00a0";
  CHECK(format_money(29150918.09, Lang::en) == "29.2" + nbsp + "MNOK");
  CHECK(format_money(29150918.09, Lang::nb) == "29,2" + nbsp + "mill." + nbsp + "kr");
  CHECK(format_money(-29015918, Lang::nb) == "\u2212" "29,0" + nbsp + "mill." + nbsp + "kr");
  CHECK(format_money(2496927, Lang::en) == "2.5" + nbsp + "MNOK");
  CHECK(format_money(103.4e6, Lang::en) == "103" + nbsp + "MNOK");
  CHECK(format_money(999.99e6, Lang::en) == "1.00" + nbsp + "bn NOK");  // never "1000 MNOK"
  CHECK(format_money(496927, Lang::nb) == "0,5" + nbsp + "mill." + nbsp + "kr");
  CHECK(format_money(0.9e6, Lang::en) == "0.9" + nbsp + "MNOK");
  CHECK(format_money(450000, Lang::en) == "0.45" + nbsp + "MNOK");
  CHECK(format_money(49692, Lang::nb) == "49" + nbsp + "692" + nbsp + "kr");
  CHECK(format_money(49692, Lang::en) == "49,692" + nbsp + "NOK");
  CHECK(format_money(4.2e6, Lang::en, true) == "+4.2" + nbsp + "MNOK");
  CHECK(format_money_plain(29150918.09) == "29.2 MNOK");
  CHECK(format_money_plain(-45000) == "-45,000 NOK");
  // one unit for a figure and its interval
  const MoneyUnit u = money_unit(33e6);
  CHECK(format_money(800000, u, Lang::en) == "0.8" + nbsp + "MNOK");
  CHECK(format_money(NAN, Lang::en) == "–");
}

TEST_CASE("decision uncertainty of merged shards equals a single run's", "[decision][merge]") {
  TempDir tmp;
  auto at = [&](const char* n) { return (tmp.path / n).string(); };
  std::vector<Scenario> sc = {load_scenario(baseline_path()),
                              load_scenario(source_dir() + "/scenarios/los-followup.toml")};
  auto run = [&](int b, int e, const std::string& out) {
    RunOptions o = run_options(4, 11, 0.03);
    o.replication_begin = b;
    o.replication_end = e;
    write_run(run_in_memory(make_plan(sc, params_dir(), o)), out);
  };
  run(0, 4, at("full.h5"));
  run(0, 1, at("a.h5"));
  run(1, 4, at("b.h5"));
  merge_shards({at("b.h5"), at("a.h5")}, at("merged.h5"));
  const DecisionUncertainty full = read_decision(at("full.h5")), merged = read_decision(at("merged.h5"));
  REQUIRE(!full.empty());
  CHECK(full.replications == 4);
  CHECK(merged.replications == 4);
  CHECK(full.marked_value == merged.marked_value);
  CHECK(full.values == merged.values);
  CHECK(full.ceac == merged.ceac);
  CHECK(full.evpi == merged.evpi);
  CHECK(full.expected_net_benefit == merged.expected_net_benefit);
  // the draws are joined with the replications, so EVPPI and regret are a single run's too
  CHECK(!full.groups.empty());
  CHECK(full.evppi_group == merged.evppi_group);
  CHECK(full.expected_regret == merged.expected_regret);
  CHECK(full.prob_beats == merged.prob_beats);
  CHECK(read_run_file(at("full.h5")).run.psa.values == read_run_file(at("merged.h5")).run.psa.values);
  for (size_t v = 0; v < full.values.size(); ++v) {
    double sum = 0;
    for (double p : full.ceac[v]) sum += p;
    CHECK(sum == Approx(1.0).margin(1e-12));
    CHECK(full.evpi[v] >= 0);
  }
}

TEST_CASE("decision uncertainty of a run joined from checkpoint batches equals a single run's", "[decision][checkpoint]") {
  TempDir tmp;
  std::vector<Scenario> sc = {load_scenario(baseline_path()),
                              load_scenario(source_dir() + "/scenarios/los-followup.toml")};
  for (Scenario& s : sc) s.years = 7;  // the first entry cohort reaches its 5/6-year deadline
  RunPlan batches = make_plan(sc, params_dir(), run_options(3, 5, 0.02, 1));
  batches.checkpoint.every = 1;  // a checkpoint after every replication: the run is joined as a resume joins it
  const std::string a = (tmp.path / "a.h5").string(), b = (tmp.path / "b.h5").string();
  batches.out = a;
  run_checkpointed(batches);
  write_run(run_in_memory(batches), b);
  const DecisionUncertainty da = read_decision(a), db = read_decision(b);
  REQUIRE(!db.empty());
  CHECK(da.replications == 3);
  CHECK(da.marked_value == db.marked_value);
  CHECK(da.ceac == db.ceac);
  CHECK(da.evpi == db.evpi);
  CHECK(da.expected_net_benefit == db.expected_net_benefit);
  CHECK(!db.groups.empty());
  CHECK(da.evppi_group == db.evppi_group);
  CHECK(da.expected_regret == db.expected_regret);
}
