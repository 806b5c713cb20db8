#include "people.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>

#include "input_error.hpp"

namespace elevsim {

namespace {

// The first time an array grows to n pupils, its pages are populated in one
// call (MADV_POPULATE_WRITE, Linux 5.14) instead of being faulted in one at a
// time by the first writes: at full scale some 16 000 page faults, a third of
// the first replication's synthesis. Only a hint: where the kernel refuses it,
// the writes fault the pages in as before.
template <class V>
V& populated(V& v, size_t n) {
  if (v.capacity() >= n) return v;
  v.reserve(n);
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(v.data() + v.capacity())) & ~(page - 1);
#ifdef MADV_POPULATE_WRITE
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#endif
  return v;
}

}  // namespace

// The fixed attributes are only sized: synthesis writes every pupil's, and a
// replication reusing the arrays then skips clearing them.
void People::resize(size_t n) {
  for (auto* v : {&sex.v_, &ses.v_, &background.v_, &child_welfare.v_, &county.v_, &cell.v_})
    populated(*v, n).resize(n);
  populated(stratum.v_, n).resize(n);
  populated(key.v_, n).resize(n);
  populated(achievement.v_, n).resize(n);
  populated(arrival_year.v_, n).resize(n);
  for (auto* v : {&grade.v_, &active.v_, &school.v_, &level.v_, &programme.v_, &years_out.v_, &mh_at_vg1.v_,
                  &final_failed.v_, &mh_state.v_, &mh_type.v_, &mh_years.v_, &svc_queue.v_})
    populated(*v, n).assign(n, 0);
  populated(mh_prevention_rr.v_, n).assign(n, 1.0f);
  mh_recovery.v_.clear();
  svc_contacts.v_.clear();
  populated(leave_shift.v_, n).assign(n, 0.0f);
  populated(vg1_year.v_, n).assign(n, 0);
}

Layout make_layout(const PopulationParams& p, int start_year, int years, double scale, int burnin) {
  if (!(scale > 0 && scale <= 1)) throw InputError("--scale: expected a number in (0, 1], got " + std::to_string(scale));
  Layout L;
  L.years = years;
  L.burnin = burnin;
  L.cohorts = kGrades - 1 + burnin + years;
  L.counties = static_cast<int>(p.counties.size());
  if (L.cohorts >= 64) throw InputError("--years: at most " + std::to_string(64 - kGrades) + " years per run");
  for (const County& c : p.counties) {
    // One weight per county (real pupils per simulated pupil), so that every
    // tally is weighed by county alone; cohorts differ in how many pupils they hold.
    // Every simulated county keeps at least one pupil per cohort so that no
    // output cell is structurally empty at small scales.
    const auto n = std::max<long>(1, std::lround(c.pupils_per_grade * scale));
    L.county_weight.push_back(c.pupils_per_grade / static_cast<double>(n));
  }
  uint64_t pos = 0;
  for (int c = 0; c < L.cohorts; ++c) {
    L.cohort_begin.push_back(static_cast<uint32_t>(pos));
    L.birth_year.push_back(start_year + c - (kGrades - 1) - burnin - p.grade1_age);
    for (int k = 0; k < L.counties; ++k) {
      L.block_begin.push_back(static_cast<uint32_t>(pos));
      const long n = std::max<long>(1, std::lround(p.cohort_pupils(k, L.birth_year[c]) / L.county_weight[k]));
      if (n >= (1L << 18)) throw InputError("population too large for the pupil keys (a county cohort over 262,143 simulated pupils); lower --scale");
      pos += static_cast<uint64_t>(n);
    }
  }
  if (pos >= 0xFFFFFFF0ull) throw InputError("population too large for 32-bit pupil ids; lower --scale");
  L.cohort_begin.push_back(static_cast<uint32_t>(pos));
  L.block_begin.push_back(static_cast<uint32_t>(pos));
  return L;
}

}  // namespace elevsim
