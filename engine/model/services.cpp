#include "services.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "services_detail.hpp"
#include "services_tables.hpp"

// The year of the services: capacity, then last year's queue and this
// year's first contacts join the lists (services_admit.cpp), each county's
// and service's queue is served (services_queue.cpp; with
// ELEVSIM_KERNELS=reference services_reference.cpp), and the treatment
// shifts go to mental health. The rules: services_rules.hpp.

namespace elevsim {

using services_detail::slot;

namespace {
// Sorts by pupil id (an LSD radix sort, 11 bits a pass, stable), so that
// what follows reads the pupil arrays in order rather than at random.
template <class T, class Id>
void sort_by_pupil(std::vector<T>& v, std::vector<T>& tmp, Id id) {
  uint32_t top = 0;
  for (const auto& s : v) top |= id(s);
  tmp.resize(v.size());
  for (int shift = 0; shift < 32 && (top >> shift) != 0; shift += 11) {
    std::array<uint32_t, 2049> start{};
    for (const auto& s : v) ++start[((id(s) >> shift) & 2047) + 1];
    for (int b = 0; b < 2048; ++b) start[b + 1] += start[b];
    for (const auto& s : v) tmp[start[(id(s) >> shift) & 2047]++] = s;
    v.swap(tmp);
  }
}

// Keeps one shift per pupil, the largest: a pupil treated at two services
// gets the stronger shift.
void by_pupil_keep_max(std::vector<People::Shift>& v, std::vector<People::Shift>& tmp) {
  sort_by_pupil(v, tmp, [](const People::Shift& s) { return s.id; });
  size_t n = 0;
  for (size_t j = 0; j < v.size(); ++j) {
    if (n > 0 && v[n - 1].id == v[j].id)
      v[n - 1].logodds = std::max(v[n - 1].logodds, v[j].logodds);
    else
      v[n++] = v[j];
  }
  v.resize(n);
}

// Simulated pupils of county c in grades 1-13 in year index t (whole cohorts,
// as the layout holds them).
double pupils_in_school(const Layout& L, int t, int c) {
  double n = 0;
  for (int k = 0; k < L.cohorts; ++k) {
    const int g = L.grade_in(k, t);
    if (g < 1 || g > kGrades) continue;
    const size_t b = static_cast<size_t>(k) * L.counties + c;
    n += L.block_begin[b + 1] - L.block_begin[b];
  }
  return n;
}
}  // namespace

double Services::treatment_shift(double effect, double wait_weeks, double halving_weeks) {
  return elevsim::treatment_shift(effect, wait_weeks, halving_weeks);
}

void Services::init(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const Layout& L = sim.layout;
  fte_.assign(L.counties, {});
  debt_.assign(L.counties, {});
  for (int c = 0; c < L.counties; ++c)
    for (int k = 0; k < kServices; ++k) fte_[c][k] = S.fte(k, c, sim.params.population.counties[c].pupils_per_grade);
  for (int k = 0; k < kServices; ++k) {
    const std::string name = std::string("services.") + kServiceKeys[k];
    time_share_[k] = realise_uncertain(S.service[k].time_share, name + ".time_share", sim.seed, sim.replication, sim.psa);
    earmarked_share_[k] = realise_uncertain(S.service[k].earmarked_time_share, name + ".earmarked_time_share", sim.seed,
                                            sim.replication, sim.psa);
  }
  treatment_scale_ = realise_uncertain(S.treatment_effect_scale, "services.treatment_effect_scale", sim.seed,
                                       sim.replication, sim.psa);
  lists_.resize(static_cast<size_t>(L.counties) * kServices);
  for (auto* t : {&demanded_, &delivered_, &queue_, &referrals_, &treated_, &wait_}) t->reset(L);
  // one more year slice for the warm-start years, never written out
  capacity_.assign(static_cast<size_t>(L.years + 1) * L.counties * kServices, 0.0);
  clinician_days_.assign(capacity_.size(), 0.0);
  carried_.clear();
  set_tables(S);
}

void Services::set_tables(const ServicesParams& S) {
  log_stay_ = weekly_log_stay(S.withdraw_per_week);
  if (S.withdraw_per_week > 0) withdraw_weeks_ = withdraw_table(log_stay_);
  for (int k = 0; k < kServices; ++k) shift_by_wait_[k] = treatment_shift_table(effect(S, k), S.wait_halving_weeks);
}

void Services::set_capacity(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  const Layout& L = sim.layout;
  for (int c = 0; c < L.counties; ++c) {
    std::array<double, kServices> f = fte_[c];
    if (S.staff_follow_pupils) {
      const double r = pupils_in_school(L, t, c) * L.county_weight[c] /
                       (kGrades * sim.params.population.counties[c].pupils_per_grade);
      for (double& x : f) x *= r;
    }
    for (int k = 0; k < kServices; ++k) {
      // today's staff at the service's time share, FTE bought with a grant at their earmarked one
      // (none bought: + 0.0, the baseline's figure to the bit)
      const double days = S.service[k].days_per_fte_year;
      const size_t j = slot(L, t, c, k);
      clinician_days_[j] = f[k] * days * time_share_[k] + sim.levers.extra_fte[k][c] * days * earmarked_share_[k];
      capacity_[j] = clinician_days_[j] * S.service[k].sessions_per_day;
    }
  }
}

void Services::step(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  if (!S.enabled) return;
  const Layout& L = sim.layout;
  People& P = sim.people;
  set_capacity(sim, t);
  P.mh_recovery.write(owner()).clear();  // treatment acts on this year's transition only
  for (auto& l : lists_) l.clear();
  // The lists' order does not matter: sort_lanes orders every pupil.
  carry_over(sim, t);
  admit_contacts(sim, t);
  for (int c = 0; c < L.counties; ++c)
    for (int k = 0; k < kServices; ++k) run_queue(sim, t, c, k);
  // the marks first: the treatment shifts, which mental health reads next,
  // then stay in the cache (the other way round it ran about 3 % slower)
  mark_waiting(P);
  by_pupil_keep_max(P.mh_recovery.write(owner()), shift_scratch_);
}

// Sorts the carried queue by pupil (stable: a pupil's later place stays
// after the earlier, and carry_over keeps the last) and marks each pupil in
// it as waiting, in pupil order rather than at random as places are taken.
// Where a pupil has two places, the later one's mark is written last, as
// when every place was marked as taken.
void Services::mark_waiting(People& P) {
  sort_by_pupil(carried_, carried_scratch_, [](const Waiting& w) { return w.id; });
  uint8_t* const queue = P.svc_queue.write(owner()).data();
  for (const Waiting& w : carried_) queue[w.id] = static_cast<uint8_t>(w.service + 1);
}

void Services::results(Sim& sim, std::vector<Dataset>& out) {
  const Layout& L = sim.layout;
  const std::string pupils = "pupils (scaled to the real population)";
  const std::string sessions = "sessions (scaled to the real population)";
  out.push_back(weigh(demanded_, L, "sessions_demanded",
                      "sessions of every episode waiting for or started at the service during the year "
                      "(served, withdrawn or still waiting)", sessions));
  out.push_back(weigh(delivered_, L, "sessions_delivered", "sessions of episodes the service started during the year",
                      sessions));
  out.push_back(weigh(queue_, L, "queue_end_of_year", "pupils still waiting for the service at the end of the year",
                      pupils));
  out.push_back(weigh(referrals_, L, "referrals",
                      "pupils the service referred on to another service (municipal psychologist or BUP) this year",
                      pupils));
  out.push_back(weigh(treated_, L, "treated", "pupils who started an episode at the service during the year", pupils));
  out.push_back(weigh(wait_, L, "wait_weeks",
                      "weeks waited by the pupils who started an episode, summed (divide by treated for a mean)",
                      "pupil-weeks (scaled to the real population)"));
  // per (year, county, service)
  auto small = [&](std::string name, std::string desc, std::string units, std::vector<double> v) {
    Dataset d;
    d.name = std::move(name);
    d.description = std::move(desc);
    d.units = std::move(units);
    d.dims = {"year", "county", "service"};
    d.values = std::move(v);
    out.push_back(std::move(d));
  };
  const size_t reported = static_cast<size_t>(L.years) * L.counties * kServices;
  std::vector<double> mean_wait(reported, std::numeric_limits<double>::quiet_NaN());
  const size_t cells = static_cast<size_t>(kSexes) * kSes * kGrades;
  for (int t = 0; t < L.years; ++t)
    for (int c = 0; c < L.counties; ++c)
      for (int k = 0; k < kServices; ++k) {
        uint64_t n = 0, w = 0;
        for (size_t j = 0; j < cells; ++j) {
          const size_t x = ((static_cast<size_t>(t) * L.counties + c) * cells + j) * kServices + k;
          n += treated_.n[x];
          w += wait_.n[x];
        }
        if (n > 0) mean_wait[(static_cast<size_t>(t) * L.counties + c) * kServices + k] = static_cast<double>(w) / n;
      }
  small("mean_wait_weeks", "mean weeks from joining the queue to starting an episode, over pupils who started one "
        "(NaN where none did)", "weeks", std::move(mean_wait));
  capacity_.resize(reported);
  clinician_days_.resize(reported);
  small("capacity_sessions", "sessions the service's staff can hold in the year (infinite if unlimited)", "sessions",
        capacity_);
  small("clinician_days", "clinician-days available for pupils' mental-health sessions in the year: FTE x days_per_fte_year x time_share (grant-bought FTE: x earmarked_time_share)", "days",
        clinician_days_);
}

}  // namespace elevsim
