// A run's plan decides which replications run where: on which MPI rank, in
// which checkpoint batch. Pure functions of the plan, checked without MPI.
#include <catch2/catch.hpp>

#include "input_error.hpp"
#include "run_plan.hpp"

using namespace elevsim;

namespace {

RunPlan plan_of(int replications, int threads, int ranks) {
  RunPlan p;
  p.options.replications = replications;
  p.options.threads = threads;
  p.ranks = ranks;
  return p;
}

}  // namespace

TEST_CASE("a batch is split across ranks in contiguous blocks, the first ones one longer", "[plan][mpi]") {
  RunPlan p = plan_of(20, 1, 3);
  CHECK(p.share({2, 9}, 0) == RepRange{2, 5});
  CHECK(p.share({2, 9}, 1) == RepRange{5, 7});
  CHECK(p.share({2, 9}, 2) == RepRange{7, 9});
  // more ranks than replications: the last rank idles, rank 0 never does
  CHECK(p.share({4, 6}, 0) == RepRange{4, 5});
  CHECK(p.share({4, 6}, 1) == RepRange{5, 6});
  CHECK(p.share({4, 6}, 2).empty());
  for (int ranks = 1; ranks <= 5; ++ranks)
    for (int n = 1; n <= 12; ++n) {
      INFO("ranks " << ranks << ", batch of " << n);
      p.ranks = ranks;
      const RepRange batch{3, 3 + n};
      int next = batch.begin;
      for (int k = 0; k < ranks; ++k) {
        const RepRange s = p.share(batch, k);
        CHECK(s.begin == next);  // in rank order, no gap, no overlap
        CHECK(s.size() == n / ranks + (k < n % ranks ? 1 : 0));
        next = s.end;
      }
      CHECK(next == batch.end);
    }
}

TEST_CASE("checkpoint batches are as --checkpoint-every says, or timed whole units", "[plan][checkpoint]") {
  RunPlan p = plan_of(20, 2, 2);
  p.checkpoint.every = 3;
  CHECK(p.first_batch({0, 20}) == 3);
  CHECK(p.next_batch(3, 1000.0) == 3);
  CHECK(p.worth_checkpoint(3, 3, 0.0, 0.0));
  CHECK_FALSE(p.worth_checkpoint(20, 2, 0.0, 0.0));  // the last batch goes to the output itself
  p.checkpoint.every = 0;  // no checkpoints: one batch
  CHECK(p.first_batch({4, 20}) == 16);
  p.checkpoint.every = -1;  // automatic: a unit keeps 2 threads x 2 ranks busy
  p.checkpoint.seconds = 300;
  CHECK(p.batch_unit() == 4);
  CHECK(p.first_batch({0, 20}) == 4);
  CHECK(p.next_batch(4, 10.0) == 120);  // 10 s a unit: 30 units make 300 s
  CHECK(p.next_batch(8, 1000.0) == 4);  // at least one unit
  // 4 of 20 done in 10 s: the whole run takes about 50 s, under 300 s, so no checkpoint
  CHECK_FALSE(p.worth_checkpoint(4, 4, 10.0, 10.0));
  p.checkpoint.seconds = 30;
  CHECK(p.worth_checkpoint(4, 4, 10.0, 10.0));
}

TEST_CASE("a plan is refused unless its replications and scenarios fit together", "[plan]") {
  ScenarioResult a, b;
  a.scenario.name = "a";
  b.scenario.name = "b";
  RunOptions o;
  o.replications = 4;
  CHECK(make_plan({a, b}, o).replications() == RepRange{0, 4});
  o.replication_begin = 1;
  o.replication_end = 3;
  CHECK(make_plan({a, b}, o).replications() == RepRange{1, 3});
  o.replication_end = 5;
  CHECK_THROWS_AS(make_plan({a, b}, o), InputError);
  o.replication_end = -1;
  CHECK_THROWS_AS(make_plan({a, a}, o), InputError);
  b.scenario.years = a.scenario.years + 1;
  CHECK_THROWS_AS(make_plan({a, b}, o), InputError);
  CHECK_THROWS_AS(make_plan(std::vector<ScenarioResult>{}, o), InputError);
}
