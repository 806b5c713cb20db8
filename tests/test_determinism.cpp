// Reproducibility: threads, seeds and population scale.
#include <catch2/catch.hpp>

#include <cstring>
#include <tuple>

#include "h5.hpp"
#include "h5_writer.hpp"
#include "helpers.hpp"

using namespace elevsim;
using namespace elevsim::test;

TEST_CASE("datasets are bit-identical with 1 and 2 threads", "[determinism]") {
  RunResult one = run_baseline(6, 7u, 0.2, 1);
  RunResult two = run_baseline(6, 7u, 0.2, 2);
  check_bit_identical(one.scenarios.at(0).datasets, two.scenarios.at(0).datasets);
}

TEST_CASE("the same seed reproduces the file's datasets and another seed changes them", "[determinism][hdf5]") {
  TempDir tmp;
  const std::string a = (tmp.path / "a.h5").string(), b = (tmp.path / "b.h5").string(),
                    c = (tmp.path / "c.h5").string();
  write_run(run_baseline(4, 99u, 0.1), a);
  write_run(run_baseline(4, 99u, 0.1), b);
  write_run(run_baseline(4, 100u, 0.1), c);
  for (const char* name : {"pupils", "mh_complaints", "mh_disorder", "mh_new_cases"}) {
    auto read = [&](const std::string& path) {
      h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
      h5::Handle g(H5Gopen2(f, "scenarios/baseline", H5P_DEFAULT), H5Gclose, "open group");
      return h5::read_doubles(g, name, nullptr);
    };
    INFO(name);
    auto va = read(a), vb = read(b), vc = read(c);
    REQUIRE(va.size() == vb.size());
    CHECK(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)) == 0);
    if (std::string(name) != "pupils") CHECK(va != vc);  // pupil counts are fixed by the layout
  }
}

TEST_CASE("scale 0.1 agrees with scale 1 within sampling error", "[scale][statistical]") {
  const int R = 16;
  RunResult full = run_baseline(R, 5u, 1.0, 0, 3);
  RunResult tenth = run_baseline(R, 5u, 0.1, 0, 3);
  const int bands[4][2] = {{1, 4}, {5, 7}, {8, 10}, {11, 13}};
  for (int y = 0; y < 3; ++y)
    for (auto& b : bands)
      for (const char* name : {"mh_complaints", "mh_disorder", "mh_new_cases"}) {
        auto stats = [&](const RunResult& r) {
          std::vector<double> v;
          for (int k = 0; k < R; ++k)
            v.push_back(core_sum(r, dataset(r, name), k, y, b[0], b[1]) /
                        core_sum(r, dataset(r, "pupils"), k, y, b[0], b[1]));
          return mean_se(v);
        };
        MeanSe a = stats(full), c = stats(tenth);
        const double se = std::sqrt(a.se * a.se + c.se * c.se);
        INFO(name << " year " << y << " grades " << b[0] << "-" << b[1] << ": scale 1 " << a.mean << ", scale 0.1 "
                  << c.mean << ", se " << se);
        CHECK(std::abs(a.mean - c.mean) < 4 * se);
      }
  // totals are scaled back to the real population: each (cohort, county) block is rounded to
  // whole simulated pupils, so at most half a simulated pupil's weight per block apart
  const Params p = load_params(params_dir());
  double slack = 0;
  for (const County& c : p.population.counties) slack += kGrades * 0.5 * c.pupils_per_grade / std::round(c.pupils_per_grade * 0.1);
  CHECK(std::abs(core_sum(full, dataset(full, "pupils"), 0, 0, 1, 13) -
                 core_sum(tenth, dataset(tenth, "pupils"), 0, 0, 1, 13)) <= slack);
}

TEST_CASE("streaming replications to the file gives the same datasets as writing at the end", "[determinism][hdf5]") {
  TempDir tmp;
  const std::string a = (tmp.path / "mem.h5").string(), b = (tmp.path / "stream.h5").string();
  Scenario s = load_scenario(baseline_path());
  RunPlan plan = make_plan({s}, params_dir(), run_options(3, 41u, 0.05));
  const RunResult ref = run_in_memory(plan);
  write_run(ref, a);
  plan.out = b;
  run_streamed(plan);
  for (const Dataset& d : ref.scenarios[0].datasets) {
    auto read = [&](const std::string& path) {
      h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
      h5::Handle g(H5Gopen2(f, "scenarios/baseline", H5P_DEFAULT), H5Gclose, "open group");
      return h5::read_doubles(g, d.name, nullptr);
    };
    INFO(d.name);
    auto va = read(a), vb = read(b);
    REQUIRE(va.size() == vb.size());
    CHECK(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)) == 0);
  }
}

TEST_CASE("a failed streaming run leaves no output file", "[determinism][hdf5]") {
  TempDir tmp;
  const std::string out = (tmp.path / "never.h5").string();
  {
    StreamWriter w(out);
    Scenario s = load_scenario(baseline_path());
    const RunPlan plan = make_plan({s}, params_dir(), run_options(1, 20250101u, 0.02));
    RunResult r = run_replications(plan, plan.replications(), w);
    // no finish(): as if the run had thrown
  }
  for (auto& e : std::filesystem::directory_iterator(tmp.path)) CHECK(e.path().filename().string().rfind("never.h5", 0) != 0);
}

TEST_CASE("scenarios sharing a warm start give the datasets each gives alone", "[determinism][shared]") {
  // baseline + a scenario with prevention, follow-up and bought FTE share one
  // synthesis and warm start per replication; alone, each runs its own
  Scenario base = load_scenario(baseline_path());
  Scenario grant = load_scenario(source_dir() + "/scenarios/portfolio-2015.toml");
  const RunOptions o = run_options(3, 11u, 0.05, 2);
  const RunPlan shared_plan = make_plan({base, grant}, params_dir(), o);
  REQUIRE(shared_plan.same_params);  // so the shared path is the one tested
  RunResult both = run_in_memory(shared_plan);
  RunResult base_alone = run_in_memory(make_plan({base}, params_dir(), o));
  RunResult grant_alone = run_in_memory(make_plan({grant}, params_dir(), o));
  for (auto [shared, alone, s] : {std::tuple{&both, &base_alone, 0}, std::tuple{&both, &grant_alone, 1}}) {
    const auto& da = shared->scenarios.at(s).datasets;
    const auto& db = alone->scenarios.at(0).datasets;
    REQUIRE(da.size() == db.size());
    for (size_t k = 0; k < da.size(); ++k) {
      INFO(shared->scenarios.at(s).scenario.name << ": " << da[k].name);
      REQUIRE(da[k].values.size() == db[k].values.size());
      CHECK(std::memcmp(da[k].values.data(), db[k].values.data(), da[k].values.size() * sizeof(double)) == 0);
    }
  }
  // and the scenario's grants do change its results, so the check can fail
  CHECK(dataset(both, "mh_new_cases", 0).values != dataset(both, "mh_new_cases", 1).values);
}
