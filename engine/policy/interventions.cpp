#include "interventions.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "county_need.hpp"
#include "draw_block.hpp"
#include "grid_tally.hpp"
#include "population.hpp"
#include "twin.hpp"

namespace elevsim {

namespace {
// The service whose staff each FTE-buying intervention adds to.
constexpr std::array<std::pair<Intervention, ServiceId>, 3> kBuysFte = {
    {{kSchoolHealthFte, kSchoolHealth}, {kBupAtSchool, kBupSchool}, {kMunicipalPsychologist, kMunicipal}}};
}  // namespace

Spending plan_spending(const Params& p, const Scenario& s, const InterventionValues& v, uint32_t seed,
                       uint32_t rep) {
  Spending sp;
  sp.years = s.years;
  sp.counties = static_cast<int>(p.population.counties.size());
  const size_t n = static_cast<size_t>(sp.years) * sp.counties * kInterventions;
  sp.allocated.assign(n, 0.0);
  sp.spent.assign(n, 0.0);
  sp.units.assign(n, 0.0);
  if (s.grants.empty()) return sp;
  const Twin tw = run_twin(p.mental_health, p.services.enabled);
  const std::vector<double> share_mh = county_need_share(p, tw, NeedKind::MentalHealth);
  const std::vector<double> share_leave = county_need_share(p, tw, NeedKind::Leaving);
  Streams rng(seed, rep);
  for (size_t g = 0; g < s.grants.size(); ++g) {
    const Grant& gr = s.grants[g];
    for (int t = 0; t < sp.years; ++t) {
      const int year = s.start_year + t;
      if (year < gr.first_year || year > gr.last_year) continue;
      // a fresh random ranking per grant round (competitive, random selection)
      std::vector<double> draw;
      for (int c = 0; c < sp.counties; ++c)
        draw.push_back(Streams::to_unit(rng.bits(static_cast<uint32_t>(g * 256 + c), static_cast<uint32_t>(year),
                                                 Decision::GrantSelection)[0]));
      // each intervention's share of the budget goes by the need it answers
      const std::vector<double> need_mh = county_need(p, share_mh, year, NeedKind::MentalHealth);
      const std::vector<double> need_leave = county_need(p, share_leave, year, NeedKind::Leaving);
      // under the other rules one ranking for the whole grant: the split-weighted
      // mix of each county's share of the national need
      auto need_of = [&](int k) -> const std::vector<double>& {
        return need_kind(k) == NeedKind::Leaving ? need_leave : need_mh;
      };
      std::vector<double> mixed(sp.counties, 0.0);
      for (int k = 0; k < kInterventions; ++k) {
        const double total = std::accumulate(need_of(k).begin(), need_of(k).end(), 0.0);
        for (int c = 0; c < sp.counties && total > 0; ++c) mixed[c] += gr.split[k] * need_of(k)[c] / total;
      }
      std::array<std::vector<double>, kInterventions> money;
      for (int k = 0; k < kInterventions; ++k)
        if (gr.split[k] > 0)
          money[k] = allocate(gr, p.population, gr.rule == Allocation::NeedsWeighted ? need_of(k) : mixed, draw);
      for (int c = 0; c < sp.counties; ++c)
        for (int k = 0; k < kInterventions; ++k) {
          if (gr.split[k] <= 0) continue;
          const double m = money[k][c] * gr.split[k];
          if (m <= 0) continue;
          // whole units of unit_step; the remainder is unspent
          const double step_cost = v.unit_cost_nok[k] * p.interventions.unit_step[k];
          const double steps = std::floor(m / step_cost + 1e-9);
          sp.allocated[sp.at(t, c, k)] += m;
          sp.units[sp.at(t, c, k)] += steps * p.interventions.unit_step[k];
          sp.spent[sp.at(t, c, k)] += steps * step_cost;
        }
    }
  }
  return sp;
}

void Interventions::init(Sim& sim) {
  const InterventionParams& ip = sim.params.interventions;
  v_ = realise(ip, sim.seed, sim.replication, sim.psa);
  spend_ = plan_spending(sim.params, *scenario_, v_, sim.seed, sim.replication);
  const int C = sim.layout.counties;
  for (int k = 0; k < kInterventions; ++k) {
    any_[k] = false;
    for (int t = 0; t < spend_.years; ++t)
      for (int c = 0; c < C; ++c) any_[k] |= spend_.units[spend_.at(t, c, k)] > 0;
    strength_[k].assign(C, 0.0);
  }
  staff_stock_.assign(C, 0.0);
  prevention_cover_.assign(C, 0.0);
  years_since_.clear();
  // A programme runs in whole classes year after year, so the pupils it reaches
  // are the same from one year to the next: each pupil gets one uptake rank per
  // replication, and a county reaching a share c reaches the pupils ranked below c.
  reach_.clear();
  if (any_[kUniversalPrevention]) {
    const uint32_t n = sim.layout.pupils();
    const People& P = sim.people;
    reach_.resize(n);
    years_since_.assign(n, kNeverDelivered);
    float* reach = reach_.data();
    for_each_draw(sim.rng, P.key.data(), nullptr, 0, n, kYearSynthesis, Decision::InterventionReach,
                  [reach](uint32_t i, const DrawBlock& blk, uint32_t j) {
                    reach[i] = static_cast<float>(Streams::to_unit(blk.w[0][j]));
                  });
  }
}

void Interventions::step(Sim& sim, int t) {
  const InterventionParams& ip = sim.params.interventions;
  const int C = sim.layout.counties;
  sim.levers.reset(C);
  if (t < 0) return;  // grants pay out in reported years only; the warm start is the baseline
  for (int k = 0; k < kInterventions; ++k)
    for (int c = 0; c < C; ++c) {
      // ramp-up: half the effect in a scheme's first funded year, full after
      const bool funded = spend_.units[spend_.at(t, c, k)] > 0;
      double& s = strength_[k][c];
      s = funded ? (s > 0 ? 1.0 : ip.ramp_up_first_year) : 0.0;
    }
  for (int c = 0; c < C; ++c) {
    const double real_pupils = sim.params.population.counties[c].pupils_per_grade * kGrades;
    // trained staff accumulate and leave with turnover
    staff_stock_[c] = staff_stock_[c] * ip.staff_retention + spend_.units[spend_.at(t, c, kStaffCompetence)];
    const double coverage = std::min(1.0, staff_stock_[c] / (real_pupils / 1000.0 * ip.staff_per_1000_pupils_full));
    sim.levers.identification_shift[c] = coverage * v_.identification_logodds_full;
    for (auto [k, service] : kBuysFte)
      sim.levers.extra_fte[service][c] = spend_.units[spend_.at(t, c, k)] * strength_[k][c];
    sim.levers.helpseeking_shift[c] = sim.levers.extra_fte[kSchoolHealth][c] / (real_pupils / 1000.0) *
                                      v_.helpseeking_logodds_per_fte_per_1000;
  }
  // Per-pupil levers are only touched when the scenario buys them, so a
  // scenario without grants runs exactly the baseline's code and draws.
  if (any_[kUniversalPrevention]) prevention(sim, t);
  if (any_[kFollowupLos]) followup(sim, t);
}

// Universal prevention (spec s.5; params/interventions.toml): the risk ratio of
// an internalizing onset for a pupil reached this year, or carried over from
// the last year they were reached.
float prevention_risk_ratio(double rr, double carryover, int years_since_delivery) {
  if (years_since_delivery == kNeverDelivered) return 1.0f;
  return static_cast<float>(1.0 - (1.0 - rr) * std::pow(carryover, years_since_delivery));
}

void Interventions::prevention(Sim& sim, int t) {
  const InterventionParams& ip = sim.params.interventions;
  const Layout& L = sim.layout;
  People& P = sim.people;
  const int eligible_grades = ip.prevention_last_grade - ip.prevention_first_grade + 1;
  for (int c = 0; c < L.counties; ++c) {
    const double eligible = sim.params.population.counties[c].pupils_per_grade * eligible_grades;
    prevention_cover_[c] = std::min(1.0, spend_.units[spend_.at(t, c, kUniversalPrevention)] / eligible) *
                           strength_[kUniversalPrevention][c];
  }
  // the risk ratio k years after the last delivery, k = 0 .. kNeverDelivered
  std::array<float, kNeverDelivered + 1> rr_after{};
  for (int k = 0; k <= kNeverDelivered; ++k)
    rr_after[k] = prevention_risk_ratio(v_.prevention_onset_rr, v_.prevention_carryover, k);
  const float* reach = reach_.data();
  uint8_t* since = years_since_.data();
  float* rr = P.mh_prevention_rr.data();
  for (int co = sim.first_cohort(t); co <= sim.last_cohort(t); ++co) {
    const int g = sim.layout.grade_in(co, t);
    const bool eligible = g >= ip.prevention_first_grade && g <= ip.prevention_last_grade;
    // county by county (pupils are stored so): one cover per loop
    for (int c = 0; c < L.counties; ++c) {
      const float cover = eligible ? static_cast<float>(prevention_cover_[c]) : 0.0f;
      for (uint32_t i = L.block_begin[co * L.counties + c], end = L.block_begin[co * L.counties + c + 1]; i < end; ++i) {
        const uint8_t k = since[i];
        since[i] = reach[i] < cover ? 0 : static_cast<uint8_t>(k + (k < kNeverDelivered - 1));
        rr[i] = rr_after[since[i]];
      }
    }
  }
}

void Interventions::followup(Sim& sim, int t) {
  const InterventionParams& ip = sim.params.interventions;
  const Layout& L = sim.layout;
  People& P = sim.people;
  // only cohorts old enough for upper secondary can hold enrolled pupils
  // age-grade = t + burnin - cohort + 13 >= 11  <=>  cohort <= t + burnin + 2
  const int upper = std::min(sim.last_cohort(t), t + L.burnin + 2);
  // at-risk enrolled pupils per county (in real pupils), then each is followed
  // with the probability that fills the caseload bought
  std::vector<double> eligible(L.counties, 0.0);
  const int first = sim.first_cohort(t);
  std::vector<uint32_t>& at_risk = followup_ids_;
  at_risk.resize(std::max(L.cohort_begin[upper + 1], L.cohort_begin[first]) - L.cohort_begin[first]);
  uint32_t n = 0;
  const uint8_t* school = P.school.data();
  const float* achievement = P.achievement.data();
  const double below = ip.los_eligible_achievement_below;
  for (int co = first; co <= upper; ++co) {
    std::fill(P.leave_shift.begin() + L.cohort_begin[co], P.leave_shift.begin() + L.cohort_begin[co + 1], 0.0f);
    for (int c = 0; c < L.counties; ++c) {
      const uint32_t before = n;
      // branch-free: which pupils are at risk follows no pattern a CPU could predict
      for (uint32_t i = L.block_begin[co * L.counties + c]; i < L.block_begin[co * L.counties + c + 1]; ++i) {
        at_risk[n] = i;
        n += (school[i] == kEnrolled) & (static_cast<double>(achievement[i]) < below);
      }
      // one add per pupil, in pupil order, as the sum always was
      double sum = eligible[c];
      for (uint32_t k = before; k < n; ++k) sum += L.county_weight[c];
      eligible[c] = sum;
    }
  }
  at_risk.resize(n);
  std::vector<double> p(L.counties, 0.0);
  for (int c = 0; c < L.counties; ++c)
    if (eligible[c] > 0)
      p[c] = std::min(1.0, spend_.units[spend_.at(t, c, kFollowupLos)] * ip.los_caseload / eligible[c]) *
             strength_[kFollowupLos][c];
  const float shift = static_cast<float>(std::log(v_.los_leave_odds_ratio));
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  // the at-risk pupils are drawn for a block at a time (those in counties
  // with p = 0 too: a draw not used changes nothing)
  DrawBlock blk;
  std::array<uint32_t, kDrawBlock> keys;
  for (size_t k0 = 0; k0 < at_risk.size(); k0 += kDrawBlock) {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kDrawBlock, at_risk.size() - k0));
    for (uint32_t j = 0; j < n; ++j) keys[j] = P.key[at_risk[k0 + j]];
    draw_block(sim.rng, keys.data(), n, year, Decision::InterventionReach, blk);
    for (uint32_t j = 0; j < n; ++j) {
      const uint32_t i = at_risk[k0 + j];
      if (p[P.county[i]] > 0 && Streams::to_unit(blk.w[1][j]) < p[P.county[i]]) P.leave_shift[i] = shift;
    }
  }
}

void Interventions::results(Sim& sim, std::vector<Dataset>& out) {
  auto make = [&](const std::vector<double>& v, const char* name, const char* desc, const char* units) {
    Dataset d;
    d.name = name;
    d.description = desc;
    d.units = units;
    d.dims = {"year", "county", "intervention"};
    d.values = v;
    return d;
  };
  std::vector<double> unspent(spend_.allocated.size());
  for (size_t i = 0; i < unspent.size(); ++i) unspent[i] = spend_.allocated[i] - spend_.spent[i];
  out.push_back(make(spend_.allocated, "allocated_nok", "grant money allocated to the county for the intervention",
                     "NOK per year"));
  out.push_back(make(spend_.spent, "spending_nok", "money spent on whole units of the intervention", "NOK per year"));
  out.push_back(make(spend_.units, "units_bought",
                     "units bought (see the intervention's unit in params_toml: staff trained, FTE-years, places)",
                     "units per year"));
  out.push_back(make(unspent, "unspent_nok", "allocated money left over after buying whole units", "NOK per year"));
  (void)sim;
}

}  // namespace elevsim
