// `elevsim optimise` under planners' limits (issue 23): the least budget for a
// target in a constructed case with a known answer, a wait constraint that moves
// money to the county that needs it, "no county worse off" in every county, a
// chance constraint that holds in its share of the run's own PSA draws, and bad
// input refused with one line, a non-zero status and no output.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "h5.hpp"
#include "helpers.hpp"
#include "query.hpp"

using namespace elevsim;
using namespace elevsim::test;
namespace fs = std::filesystem;

namespace {

const std::string kTarget = std::string(ELEVSIM_TEST_DIR) + "/scenarios/optimise-target-known.toml";

h5::Handle open_group(const fs::path& file, const std::string& group) {
  h5::quiet();
  static h5::Handle f;  // kept open for the group's life
  f = h5::Handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + file.string());
  return h5::Handle(H5Gopen2(f, group.c_str(), H5P_DEFAULT), H5Gclose, "open " + group);
}

double best_mean(const fs::path& file) {
  h5::Handle b = open_group(file, "optimisation/budget_0");
  const int64_t best = h5::read_int_attr(b, "best_candidate");
  h5::Handle t = open_group(file, "optimisation/trace");
  return h5::read_doubles(t, "objective_mean", nullptr).at(static_cast<size_t>(best));
}

// A county's value of a dataset summed over everything but replication and county: [replication][county].
std::vector<std::vector<double>> by_county(const fs::path& file, const std::string& scen, const std::string& name) {
  const Dataset d = read_dataset(file.string(), scen, name);
  std::vector<std::vector<double>> out;
  for (size_t r = 0; r < d.shape[0]; ++r) {
    out.emplace_back();
    for (size_t c = 0; c < Query(d).size("county"); ++c) {
      Query q(d);
      q.where("replication", static_cast<int>(r)).where("county", static_cast<int>(c));
      out.back().push_back(q.sum());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("optimise --target finds the known least budget within the stated 2 % tolerance", "[optimise][limits]") {
  // the split is fixed (all to los in Oslo, teams of 10 persons): what a budget buys is its teams
  TempDir dir;
  const std::string run = " --no-psa -r 4 --scale 0.05 -t 2 -q -e 1";
  CliOutcome c = elevsim_cli("optimise " + kTarget + " --budget 25.55e6" + run + " -o " + (dir.path / "b.h5").string(), dir.path);
  INFO(c.err);
  REQUIRE(c.status == 0);
  const double v = best_mean(dir.path / "b.h5");
  REQUIRE(v > 0);
  // the known answer: the price of the teams 25.55 MNOK buys, from the run's own unit cost
  const Dataset units = read_dataset((dir.path / "b.h5").string(), "optimise-target-known", "units_bought");
  const Dataset spent = read_dataset((dir.path / "b.h5").string(), "optimise-target-known", "spending_nok");
  const double u = Query(units).where("replication", 0).where("year", 0).sum();
  const double known = Query(spent).where("replication", 0).where("year", 0).sum();
  REQUIRE(u == 20);
  REQUIRE(known < 0.8 * 25.55e6);  // the answer is well below the base's budget
  char target[64];
  std::snprintf(target, sizeof target, "%.17g", v);
  const fs::path out = dir.path / "t.h5";
  c = elevsim_cli("optimise " + kTarget + " --target dropouts_avoided=" + target +
                      " --budget-max 25.55e6 --target-tolerance 0.02" + run + " -o " + out.string(),
                  dir.path);
  INFO(c.err);
  REQUIRE(c.status == 0);
  h5::Handle t = open_group(out, "optimisation/target");
  CHECK(h5::read_int_attr(t, "reached") == 1);
  const double answer = h5::read_double_attr(t, "answer_budget_nok"), below = h5::read_double_attr(t, "below_nok");
  INFO("known " << known << ", answer " << answer << ", below " << below);
  CHECK(answer >= known);
  CHECK(below < known);
  CHECK(answer - below <= 0.02 * answer);
  CHECK(h5::read_double_attr(t, "objective_mean") >= v);
  // the frontier marks the answer
  h5::Handle f = open_group(out, "optimisation/frontier");
  const std::vector<double> budget = h5::read_doubles(f, "budget_nok", nullptr), mark = h5::read_doubles(f, "target_answer", nullptr);
  int marked = 0;
  for (size_t k = 0; k < budget.size(); ++k)
    if (mark[k] == 1) {
      ++marked;
      CHECK(budget[k] == answer);
    }
  CHECK(marked == 1);
  CHECK(fs::exists(dir.path / "t.best.toml"));
}

TEST_CASE("a wait constraint the unconstrained answer breaks moves money to the county that needs it",
          "[optimise][limits]") {
  // all the money to municipal psychologists, searched over counties for the most pupils treated
  TempDir dir;
  const fs::path base = dir.path / "psych.toml";
  std::ofstream(base) << "name = \"psych\"\n[run]\nstart_year = 2025\nyears = 10\n[[grant]]\nname = \"g\"\n"
                         "budget_nok = 30_000_000\nrecipients = \"county\"\nallocation = \"per_capita\"\n[grant.split]\n"
                         "municipal_psychologist = 1.0\n";
  const std::string run = " --params " + source_dir() + "/params optimise " + base.string() +
                          " --budget 30e6 --over counties --objective treated -r 3 --scale 0.05 -t 2 -q -e 25";
  const std::string wait = " --constraint \"municipal_psychologist_wait_weeks[Oslo] <= 4\"";
  // the free search, with the constraint only measured (a bound nothing breaks)
  CliOutcome c = elevsim_cli(run + " --constraint \"municipal_psychologist_wait_weeks[Oslo] <= 1e9\" -o " +
                                 (dir.path / "free.h5").string(), dir.path);
  INFO(c.err);
  REQUIRE(c.status == 0);
  c = elevsim_cli(run + wait + " -o " + (dir.path / "con.h5").string(), dir.path);
  INFO(c.err);
  REQUIRE(c.status == 0);
  auto oslo_share = [&](const fs::path& f) {
    h5::Handle b = open_group(f, "optimisation/budget_0");
    const int64_t best = h5::read_int_attr(b, "best_candidate");
    const double value = h5::read_doubles(b, "constraint_value", nullptr).at(0);
    h5::Handle t = open_group(f, "optimisation/trace");
    std::vector<hsize_t> shape;
    const std::vector<double> share = h5::read_doubles(t, "county_share", &shape);
    return std::pair{share.at(static_cast<size_t>(best) * shape[1] + 2), value};  // Oslo is the third county
  };
  const auto [free_share, free_wait] = oslo_share(dir.path / "free.h5");
  const auto [con_share, con_wait] = oslo_share(dir.path / "con.h5");
  INFO("Oslo: free " << free_share << " of the money, wait " << free_wait << "; constrained " << con_share << ", "
                     << con_wait);
  CHECK(free_wait > 4);  // the unconstrained answer is infeasible
  CHECK(con_wait <= 4);
  // bought FTE give their earmarked share of time, so a small shift of money already meets the bound
  CHECK(con_share > free_share + 0.01);
  h5::Handle b = open_group(dir.path / "con.h5", "optimisation/budget_0");
  CHECK(h5::read_doubles(b, "constraint_slack", nullptr).at(0) >= 0);
}

TEST_CASE("no county worse off: completion at the answer is at least the base's in every county, and a chance "
          "constraint at 0.9 holds in at least 90 % of the run's own draws",
          "[optimise][limits]") {
  TempDir dir;
  const fs::path out = dir.path / "n.h5";
  CliOutcome c = elevsim_cli("optimise " + source_dir() + "/scenarios/portfolio-2015.toml --budget 203.25e6 -r 10 "
                             "--scale 0.02 -t 2 -q -e 10 --constraint \"completion[county] >= base\" "
                             "--constraint \"bup_wait_weeks <= base@0.9\" -o " + out.string(),
                             dir.path);
  INFO(c.err);
  REQUIRE(c.status == 0);
  // from the datasets themselves, not the optimiser's own figures
  const auto ent_b = by_county(out, "optimised", "cohort_entrants"), com_b = by_county(out, "optimised", "cohort_completed");
  const auto ent_r = by_county(out, "portfolio-2015", "cohort_entrants");
  const auto com_r = by_county(out, "portfolio-2015", "cohort_completed");
  const size_t R = ent_b.size(), C = ent_b[0].size();
  REQUIRE(R == 10);
  for (size_t k = 0; k < C; ++k) {
    double best = 0, ref = 0;
    for (size_t r = 0; r < R; ++r) best += com_b[r][k] / ent_b[r][k] / R, ref += com_r[r][k] / ent_r[r][k] / R;
    INFO("county " << k);
    CHECK(best >= ref - 1e-12);
  }
  // the chance constraint: the mean BUP wait after the first year, per draw, against the base's
  h5::Handle b = open_group(out, "optimisation/budget_0");
  std::vector<hsize_t> shape;
  const std::vector<double> per_rep = h5::read_doubles(b, "constraint_value_per_replication", &shape);
  REQUIRE(shape[0] == C + 1);
  const Dataset wait = read_dataset(out.string(), "portfolio-2015", "wait_weeks");
  const Dataset treated = read_dataset(out.string(), "portfolio-2015", "treated");
  const Dataset wait_b = read_dataset(out.string(), "optimised", "wait_weeks");
  const Dataset treated_b = read_dataset(out.string(), "optimised", "treated");
  const int years = static_cast<int>(Query(wait).size("year"));
  int holds = 0;
  for (size_t r = 0; r < R; ++r) {
    auto mean_wait = [&](const Dataset& w, const Dataset& t) {
      const int i = static_cast<int>(r);
      return Query(w).where("replication", i).where("year", 1, years - 1).where("service", 3).sum() /
             Query(t).where("replication", i).where("year", 1, years - 1).where("service", 3).sum();
    };
    const double at_best = mean_wait(wait_b, treated_b), base = mean_wait(wait, treated);
    CHECK(at_best == Approx(per_rep[C * R + r]).epsilon(1e-12));  // the file's per-draw value is the datasets'
    holds += at_best <= base;
  }
  INFO(holds << " of " << R << " draws");
  CHECK(holds >= 9);
  CHECK(h5::read_doubles(b, "constraint_share_holding", nullptr).at(C) >= 0.9);
  for (double s : h5::read_doubles(b, "constraint_slack", nullptr)) CHECK(s >= 0);
}

TEST_CASE("optimise refuses bad limits with one line, a non-zero status and no output file", "[optimise][limits][input]") {
  TempDir dir;
  const fs::path out = dir.path / "out.h5";
  const std::string b = baseline_path(), p = source_dir() + "/scenarios/portfolio-2015.toml";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {p + " --budget 1e6 --constraint \"happiness[county] <= 3\"", "unknown output \"happiness\""},
      {p + " --budget 1e6 --constraint \"bup_wait_weeks[Narnia] <= 3\"", "unknown county"},
      {p + " --budget 1e6 --constraint \"bup_wait_weeks == 3\"", "--constraint"},
      {p + " --budget 1e6 --constraint \"bup_wait_weeks <= nan\"", "finite number"},
      {p + " --budget 1e6 --constraint \"bup_wait_weeks <= -2\"", "never negative"},
      {p + " --budget 1e6 --constraint \"completion <= today@1.5\"", "0 < P <= 1"},
      {p + " --target dropouts_avoided=0", "already met by the base"},
      {p + " --target dropouts_avoided=-3", "already met by the base"},
      {p + " --target dropouts_avoided=nan", "--target"},
      {p + " --target dropouts_avoided=10 --budget-max -1", "--budget-max"},
      {p + " --target dropouts_avoided=10 --budget-max nan", "--budget-max"},
      {p + " --target dropouts_avoided=10 --budget 1e6", "--target"},
      {p + " --target dropouts_avoided=10 --objective treated", "--target"},
      {p + " --budget 1e6 --risk-quantile 0.7", "--risk-quantile"},
      {p + " --budget 1e6 --risk-quantile nan", "--risk-quantile"},
      // infeasible sets: contradictory bounds, more money than the budget, and one no allocation meets
      {p + " --budget 1e6 --constraint \"completion[Oslo] >= 90\" --constraint \"completion[county] <= 80\"", "infeasible"},
      {p + " --budget 1e6 --constraint \"money[Oslo] >= 2e6\"", "infeasible"},
      {p + " --budget 1e6 -r 2 --scale 0.02 -e 3 --constraint \"completion >= today+20\"", "infeasible"},
  };
  for (auto& [args, key] : cases) {
    CliOutcome c = elevsim_cli("optimise " + args + " -q -o " + out.string(), dir.path);
    INFO(args << " -> " << c.err);
    CHECK(c.status != 0);
    CHECK(std::count(c.err.begin(), c.err.end(), '\n') == 1);
    CHECK(c.err.find(key) != std::string::npos);
    for (auto& e : fs::directory_iterator(dir.path)) CHECK(e.path().filename().string().rfind("out", 0) != 0);
  }
}
