// Shards and merging stay generic over whatever datasets and dimensions a run
// has: modules added later (new dimensions, datasets without a replication
// dimension, new attributes) merge without changes here.
#include <catch2/catch.hpp>

#include <cstring>

#include "h5.hpp"
#include "checkpoint.hpp"
#include "h5_writer.hpp"
#include "helpers.hpp"
#include "input_error.hpp"
#include "merge.hpp"
#include "shards.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

RunResult slice(int begin, int end) {
  Scenario s = load_scenario(baseline_path());
  s.years = 2;
  RunOptions o = run_options(5, 3, 0.02);
  o.replication_begin = begin;
  o.replication_end = end;
  RunResult r = run_in_memory(make_plan({s}, params_dir(), o));
  // a dataset over a dimension the core datasets do not use, and one with no
  // replication dimension, the way new modules may add them
  Dataset by_bg;
  by_bg.name = "extra_by_background";
  by_bg.description = by_bg.units = "test";
  by_bg.dims = {"replication", "background"};
  by_bg.shape = {static_cast<size_t>(end - begin), 3};
  by_bg.number_attrs = {{"scale_factor", 2.5}};
  for (int k = begin; k < end; ++k)
    for (int b = 0; b < 3; ++b) by_bg.values.push_back(k * 10.0 + b + 0.125);
  r.scenarios[0].datasets.push_back(by_bg);
  Dataset fixed;
  fixed.name = "fixed_by_state";
  fixed.description = fixed.units = "test";
  fixed.dims = {"mh_state"};
  fixed.shape = {3};
  fixed.values = {0.5, 1.5, 2.5};
  r.scenarios[0].datasets.push_back(fixed);
  return r;
}

std::vector<double> read(const std::string& path, const std::string& name, std::vector<hsize_t>* shape = nullptr) {
  h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  h5::Handle g(H5Gopen2(f, "scenarios/baseline", H5P_DEFAULT), H5Gclose, "open group");
  return h5::read_doubles(g, name, shape);
}

}  // namespace

TEST_CASE("merged shards equal one run for every dataset and dimension", "[shards][merge]") {
  TempDir tmp;
  auto at = [&](const char* n) { return (tmp.path / n).string(); };
  write_run(slice(0, 5), at("full.h5"));
  write_run(slice(3, 5), at("c.h5"));
  write_run(slice(0, 1), at("a.h5"));
  write_run(slice(1, 3), at("b.h5"));
  for (const char* n : {"a.h5", "b.h5", "c.h5"}) {  // an attribute this writer does not know, as a newer module might add
    h5::Handle f(H5Fopen(at(n).c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
    h5::write_int_attr(f, "psa_draws", 42);
    h5::Handle g(H5Dopen2(f, "scenarios/baseline/mh_disorder", H5P_DEFAULT), H5Dclose, "open");
    h5::write_string_attr(g, "long_name", "pupils with a disorder");
    // and one this writer writes differently: the shard's wins
    h5::check(H5Adelete(g, "units"), "delete units");
    h5::write_string_attr(g, "units", "pupils (as a newer writer says)");
  }
  merge_shards({at("b.h5"), at("c.h5"), at("a.h5")}, at("merged.h5"));
  for (const char* name : {"pupils", "mh_disorder", "mh_new_cases", "extra_by_background", "fixed_by_state"}) {
    INFO(name);
    std::vector<hsize_t> sf, sm;
    auto vf = read(at("full.h5"), name, &sf), vm = read(at("merged.h5"), name, &sm);
    CHECK(sf == sm);
    REQUIRE(vf.size() == vm.size());
    CHECK(std::memcmp(vf.data(), vm.data(), vf.size() * sizeof(double)) == 0);
  }
  RunFile m = read_run_file(at("merged.h5"));
  CHECK(m.run.options.replication_begin == 0);
  CHECK(m.run.options.rep_end() == 5);
  const Dataset* bg = nullptr;
  for (const Dataset& d : m.run.scenarios[0].datasets)
    if (d.name == "extra_by_background") bg = &d;
  REQUIRE(bg);
  CHECK(bg->dims == std::vector<std::string>{"replication", "background"});
  CHECK(bg->shape == std::vector<size_t>{5, 3});
  REQUIRE(bg->number_attrs.size() == 1);
  CHECK(bg->number_attrs[0] == std::pair<std::string, double>{"scale_factor", 2.5});
  h5::Handle f(H5Fopen(at("merged.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  CHECK(h5::read_int_attr(f, "psa_draws") == 42);
  h5::Handle d(H5Dopen2(f, "scenarios/baseline/mh_disorder", H5P_DEFAULT), H5Dclose, "open");
  CHECK(h5::read_string_attr(d, "long_name") == "pupils with a disorder");
  CHECK(h5::read_string_attr(d, "units") == "pupils (as a newer writer says)");
  CHECK(h5::read_int_attr(f, "replication_end") == 5);  // describes the merged file, not the first shard
}

TEST_CASE("a replication range names global replications", "[shards]") {
  RunOptions o;
  o.replications = 10;
  parse_replication_range("3:7", o);
  CHECK(o.replication_begin == 3);
  CHECK(o.rep_end() == 7);
  for (const char* bad : {"7:3", "3:3", "3:11", "3", "a:4", "-1:4", "2:4x", ":4"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_replication_range(bad, o), InputError);
  }
}

TEST_CASE("shards that do not continue each other are not appended", "[shards]") {
  RunResult a = slice(0, 2);
  CHECK_THROWS(append_replications(a, slice(3, 4)));
  CHECK_THROWS(append_replications(a, slice(1, 3)));
  append_replications(a, slice(2, 3));
  CHECK(a.options.rep_end() == 3);
  for (const Dataset& d : a.scenarios[0].datasets)
    if (d.dims[0] == "replication") CHECK(d.shape[0] == 3);
}

TEST_CASE("automatic checkpoint batches give the datasets of one batch", "[shards][checkpoint]") {
  TempDir tmp;
  Scenario s = load_scenario(baseline_path());
  s.years = 2;
  RunPlan every_batch = make_plan({s}, params_dir(), run_options(5, 9, 0.02, 1)), none = every_batch;
  every_batch.checkpoint.seconds = 0;  // every batch is worth a checkpoint; batches of one unit
  none.checkpoint.every = 0;
  const std::string a = (tmp.path / "a.h5").string(), b = (tmp.path / "b.h5").string();
  every_batch.out = a;
  none.out = b;
  run_checkpointed(every_batch);
  run_checkpointed(none);
  CHECK_FALSE(std::filesystem::exists(every_batch.checkpoint_dir()));
  for (const char* name : {"pupils", "mh_disorder", "mh_new_cases"}) {
    INFO(name);
    auto va = read(a, name), vb = read(b, name);
    REQUIRE(va.size() == vb.size());
    CHECK(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)) == 0);
  }
}
