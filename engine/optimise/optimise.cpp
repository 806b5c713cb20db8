#include "optimise.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <nlopt.hpp>

#include "county_need.hpp"
#include "input_error.hpp"
#include "county_need.hpp"
#include "interventions.hpp"
#include "mpi_run.hpp"
#include "optimise_eval.hpp"
#include "optimise_space.hpp"
#include "twin.hpp"

namespace elevsim {

namespace {

// Each county's mental-health need in the first year, from the twin with the
// treatment services give when they are on (as plan_spending ranks counties).
std::vector<double> mh_need(const Params& p, int year) {
  return county_need(p, run_twin(p.mental_health, p.services.enabled), year, NeedKind::MentalHealth);
}

std::string mnok(double nok) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", nok / 1e6);
  return buf;
}

// The search at one budget. Every allocation it evaluates goes into the trace;
// identical allocations (after projection onto the bounds) are evaluated once.
struct Search {
  const Scenario& base;
  const OptimiseOptions& opt;
  Evaluator& ev;
  OptimiseResult& res;
  BudgetResult& br;
  Space space;
  std::string name;  // every candidate's scenario name: the name the best is written under
  std::map<std::vector<long long>, int> seen;
  std::map<int, std::vector<double>> full_of;  // trace index -> allocation vector
  int evaluations = 0;
  std::exception_ptr error;
  std::vector<double> base_rows;  // the constrained outputs of the base at this budget (bound `base`)
  std::vector<double> warm;       // an extra seed: the best allocation at a neighbouring budget (--target)
  int first = 0;                  // this budget's first candidate in the trace

  void judge(Candidate& c) const;
  double merit(int idx) const;  // feasible: its score; else below every feasible one, by its worst slack

  int evaluate(const std::vector<double>& full, const std::string& kind, double budget, bool counted);
  int evaluate_scenario(const Scenario& s, const std::string& kind, const std::string& label, bool own_params,
                        ScenarioResult* kept);
  void consider(int idx, ScenarioResult& sr);
  void progress() const;
  std::vector<double> base_vector() const;
  void run_cobyla(std::vector<double> start);
  double row_scale(size_t i) const;
};

// A row's natural size: today's value, or its numeric bound, or 1.
double Search::row_scale(size_t i) const {
  const int R = static_cast<int>(res.today_rows.size() / std::max<size_t>(1, res.rows.size()));
  double today = 0;
  for (int r = 0; r < R; ++r) today += res.today_rows[i * R + r] / R;
  const double s = std::max(std::abs(today), std::abs(res.constraints[static_cast<size_t>(res.rows[i].constraint)].number));
  return s > 0 ? s : 1.0;
}

void Search::progress() const {
  if (!opt.run.progress) return;
  if (br.best < 0) {
    std::fprintf(stderr, "%selevsim optimise: budget %s MNOK, evaluation %d/%d, no allocation meets the constraints yet%s",
                 isatty(2) ? "\r" : "", mnok(br.budget_nok).c_str(), evaluations, opt.evaluations, isatty(2) ? "   " : "\n");
    return;
  }
  const Candidate& b = res.trace[br.best];
  std::fprintf(stderr, "%selevsim optimise: budget %s MNOK, evaluation %d/%d, best %s %.4g [%.4g, %.4g]%s",
               isatty(2) ? "\r" : "", mnok(br.budget_nok).c_str(), evaluations, opt.evaluations,
               objective_name(opt.objective), b.mean, b.lo, b.hi, isatty(2) ? "   " : "\n");
  std::fflush(stderr);
}

// Each constraint row against its bound: today's (the reference's) or the base's values, paired by replication.
void Search::judge(Candidate& c) const {
  const int R = static_cast<int>(c.objective.size());
  c.slack.assign(res.rows.size(), 0.0);
  c.feasible = true;
  for (size_t i = 0; i < res.rows.size(); ++i) {
    const double* base_v = base_rows.empty() ? &c.rows[i * R] : &base_rows[i * R];
    c.slack[i] = judge_row(res.constraints[static_cast<size_t>(res.rows[i].constraint)], &c.rows[i * R],
                           &res.today_rows[i * R], base_v, R)
                     .slack;
    c.feasible = c.feasible && c.slack[i] >= 0;
  }
}

double Search::merit(int idx) const {
  const Candidate& c = res.trace[idx];
  if (c.feasible) return c.score;
  double worst = 0;
  for (size_t i = 0; i < c.slack.size(); ++i) worst = std::min(worst, c.slack[i] / row_scale(i));
  return -1e300 * (1 - worst * 1e-10);  // below any score, less so the nearer it is to feasible
}

void Search::consider(int idx, ScenarioResult& sr) {
  if (!res.trace[idx].feasible) return;  // an answer must meet every constraint
  if (br.best < 0 || res.trace[idx].score > res.trace[br.best].score) {
    br.best = idx;
    br.best_scenario = std::move(sr);
  }
}

int Search::evaluate_scenario(const Scenario& s, const std::string& kind, const std::string& label, bool own_params,
                              ScenarioResult* kept) {
  Candidate c;
  c.kind = kind;
  c.label = label;
  c.budget_nok = total_budget(s);
  c.shares = combined_split(s);
  ev.score(c, ev.level(s, own_params, kept, &c.rows));
  if (kind == "base") base_rows = c.rows;
  judge(c);
  res.trace.push_back(std::move(c));
  return static_cast<int>(res.trace.size()) - 1;
}

// Returns the trace index, or -1 when the evaluation budget is spent.
int Search::evaluate(const std::vector<double>& full, const std::string& kind, double budget, bool counted) {
  std::vector<long long> key{std::llround(budget)};
  for (double v : full) key.push_back(std::llround(v * 1e9));
  if (auto it = seen.find(key); it != seen.end()) return it->second;
  if (counted && evaluations >= opt.evaluations) return -1;
  std::array<double, kInterventions> shares = combined_split(base);
  std::vector<double> counties;
  for (const Simplex& b : space.blocks) {
    const bool split = b.size() == kInterventions && b.offset == 0 && space.over != SearchOver::Counties;
    for (int i = 0; i < b.size(); ++i) {
      if (split) shares[i] = full[b.offset + i];
      else counties.push_back(full[b.offset + i]);
    }
  }
  const std::string desc = "elevsim optimise: den beste fordelingen av " + mnok(budget) + " mill. kr i året for " +
                           objective_name(opt.objective) + " (frø " + std::to_string(opt.run.seed) +
                           ")\x1f" "elevsim optimise: the best allocation of " + mnok(budget) + " MNOK a year found for " +
                           objective_name(opt.objective) + " (seed " + std::to_string(opt.run.seed) + ")";
  const Scenario s = load_scenario_text(allocation_toml(base, name, desc, budget, shares, counties, res.county_names),
                                        name + ".toml");
  ScenarioResult sr;
  const int idx = evaluate_scenario(s, kind, "", false, &sr);
  res.trace[idx].budget_nok = budget;
  res.trace[idx].county_shares = counties;
  seen[key] = idx;
  full_of[idx] = full;
  if (counted) {
    ++evaluations;
    consider(idx, sr);
    progress();
  }
  return idx;
}

// The base's allocation as a vector of the space: its combined split and the
// share of its money each county receives under its rules.
std::vector<double> Search::base_vector() const {
  std::vector<double> full;
  const auto split = combined_split(base);
  const Params& p = ev.params();
  const size_t C = p.population.counties.size();
  std::vector<double> money(C, 0.0);
  if (base.grants.empty()) {
    for (size_t c = 0; c < C; ++c) money[c] = p.population.counties[c].pupils_per_grade;
  } else {
    const std::vector<double> need = mh_need(p, base.start_year), draw(C, 0.5);
    for (const Grant& g : base.grants) {
      const std::vector<double> m = allocate(g, p.population, need, draw);
      for (size_t c = 0; c < C; ++c) money[c] += m[c];
    }
  }
  double total = 0;
  for (double m : money) total += m;
  for (const Simplex& b : space.blocks) {
    if (b.size() == kInterventions && space.over != SearchOver::Counties) full.insert(full.end(), split.begin(), split.end());
    else
      for (double m : money) full.push_back(total > 0 ? m / total : 1.0 / C);
  }
  return space.project(full);
}

double cobyla_objective(unsigned n, const double* x, double*, void* data) {
  Search& s = *static_cast<Search*>(data);
  try {
    const int idx = s.evaluate(s.space.from_free(std::vector<double>(x, x + n)), "search", s.br.budget_nok, true);
    if (idx < 0) throw nlopt::forced_stop();
    return -s.res.trace[idx].score;
  } catch (const nlopt::forced_stop&) {
    throw;
  } catch (...) {
    s.error = std::current_exception();  // NLopt would keep only that something failed
    throw nlopt::forced_stop();
  }
}

// The simplex as inequalities on the free shares: the last share of block b,
// 1 - sum of the others, stays within its bounds.
struct BlockConstraint {
  const Simplex* block;
  int first_free;
  bool upper;  // true: last >= lo, i.e. sum <= 1 - lo; false: last <= hi, i.e. sum >= 1 - hi
};

double block_constraint(unsigned, const double* x, double* grad, void* data) {
  const BlockConstraint& c = *static_cast<BlockConstraint*>(data);
  (void)grad;
  const int n = c.block->size();
  double sum = 0;
  for (int i = 0; i + 1 < n; ++i) sum += x[c.first_free + i];
  return c.upper ? sum - (1 - c.block->lo[n - 1]) : (1 - c.block->hi[n - 1]) - sum;
}

// A constraint row as NLopt sees it: <= 0 where it holds, scaled to about 1 so
// that COBYLA weighs weeks, percent and NOK alike.
struct RowConstraint {
  Search* s;
  size_t row;
};

double row_constraint(unsigned n, const double* x, double*, void* data) {
  const RowConstraint& rc = *static_cast<RowConstraint*>(data);
  Search& s = *rc.s;
  try {
    const int idx = s.evaluate(s.space.from_free(std::vector<double>(x, x + n)), "search", s.br.budget_nok, true);
    if (idx < 0) throw nlopt::forced_stop();
    return -s.res.trace[idx].slack[rc.row] / s.row_scale(rc.row);
  } catch (const nlopt::forced_stop&) {
    throw;
  } catch (...) {
    s.error = std::current_exception();
    throw nlopt::forced_stop();
  }
}

void Search::run_cobyla(std::vector<double> start) {
  const int n = space.free_size();
  nlopt::opt o(nlopt::LN_COBYLA, static_cast<unsigned>(n));
  std::vector<double> lb, ub, step;
  std::vector<BlockConstraint> cons;
  int first = 0;
  for (const Simplex& b : space.blocks) {
    for (int i = 0; i + 1 < b.size(); ++i) {
      lb.push_back(b.lo[i]);
      ub.push_back(b.hi[i]);
      // a first step of about half an equal share: large enough to see past
      // the noise of whole units, small enough to stay near the start
      step.push_back(std::max(1e-3, std::min(0.5 / b.size(), 0.5 * (b.hi[i] - b.lo[i]))));
    }
    cons.push_back({&b, first, true});
    cons.push_back({&b, first, false});
    first += b.size() - 1;
  }
  o.set_lower_bounds(lb);
  o.set_upper_bounds(ub);
  for (BlockConstraint& c : cons) o.add_inequality_constraint(block_constraint, &c, 1e-9);
  std::vector<RowConstraint> rowc;
  for (size_t i = 0; i < res.rows.size(); ++i) rowc.push_back({this, i});
  for (RowConstraint& c : rowc) o.add_inequality_constraint(row_constraint, &c, 0.0);
  o.set_min_objective(cobyla_objective, this);
  o.set_maxeval(std::max(1, 20 * opt.evaluations));  // repeats of cached points cost nothing
  o.set_xtol_abs(1e-3);  // a thousandth of the budget is below what whole units resolve
  o.set_initial_step(step);
  std::vector<double> x = space.to_free(start);
  for (int i = 0; i < n; ++i) x[i] = std::clamp(x[i], lb[i], ub[i]);
  double f = 0;
  try {
    const nlopt::result r = o.optimize(x, f);
    br.stop_reason = r == nlopt::XTOL_REACHED ? "converged (steps below 0.001 of the budget)"
                     : r == nlopt::MAXEVAL_REACHED ? "optimiser's step limit" : "optimiser stopped (code " +
                                                                                    std::to_string(int(r)) + ")";
  } catch (const nlopt::forced_stop&) {
    if (error) std::rethrow_exception(error);
    br.stop_reason = "evaluation limit (--evaluations " + std::to_string(opt.evaluations) + ")";
  } catch (const nlopt::roundoff_limited&) {
    br.stop_reason = "converged (round-off limited)";
  }
}

}  // namespace

namespace {

bool many_budgets(const OptimiseOptions& opt) { return opt.budgets.size() > 1 || opt.limits.has_target; }

std::string best_name(const OptimiseOptions& opt, double budget) {
  return many_budgets(opt) ? "optimised-" + mnok(budget) + "MNOK" : "optimised";
}

// The base at this budget: its own file when the budget is its total, else its
// grants scaled. It is the first candidate, so the answer is never worse.
void evaluate_base(Search& s, double budget) {
  const double total = total_budget(s.base);
  const bool own = std::abs(total - budget) <= 1e-9 * budget;
  const std::string name =
      many_budgets(s.opt) ? s.base.name.substr(0, 40) + "-at-" + mnok(budget) + "MNOK" : s.base.name;
  const Scenario sc = own ? s.base : load_scenario_text(scaled_base_toml(s.base, name, budget), name + ".toml");
  ScenarioResult sr;
  const int idx = s.evaluate_scenario(sc, "base", s.base.name, false, &sr);
  s.res.trace[idx].budget_nok = budget;
  s.br.base = idx;
  s.br.base_scenario = sr;
  if (!mpi_root()) s.br.base_scenario = ScenarioResult{};
  ++s.evaluations;
  s.consider(idx, sr);
  s.progress();
}

// Coarse seeds: every intervention on its own (as far as the bounds allow) or,
// over counties, the per-capita and the needs-weighted allocation.
std::vector<std::vector<double>> seeds(const Search& s) {
  std::vector<std::vector<double>> out;
  const std::vector<double> start = s.base_vector();
  out.push_back(start);
  if (!s.warm.empty()) out.push_back(s.warm);
  for (const Simplex& b : s.space.blocks) {
    if (b.size() == kInterventions && s.space.over != SearchOver::Counties) {
      for (int k = 0; k < kInterventions; ++k) {
        std::vector<double> v = start;
        for (int i = 0; i < b.size(); ++i) v[b.offset + i] = i == k ? 1.0 : 0.0;
        out.push_back(s.space.project(v));
      }
    } else {
      const Params& p = s.ev.params();
      std::vector<double> pc = start, need = mh_need(p, s.base.start_year);
      double tp = 0, tn = 0;
      for (int c = 0; c < b.size(); ++c) tp += p.population.counties[c].pupils_per_grade, tn += need[c];
      std::vector<double> nw = start;
      for (int c = 0; c < b.size(); ++c) {
        pc[b.offset + c] = p.population.counties[c].pupils_per_grade / tp;
        nw[b.offset + c] = need[c] / tn;
      }
      out.push_back(s.space.project(pc));
      out.push_back(s.space.project(nw));
      // a county whose own constraint the base breaks: a seed with half of
      // the money there, so the search starts near where the limit can hold
      std::vector<int> short_of;
      for (size_t i = 0; i < s.res.rows.size(); ++i)
        if (s.res.rows[i].county >= 0 && s.res.trace[s.br.base].slack[i] < 0 &&
            std::find(short_of.begin(), short_of.end(), s.res.rows[i].county) == short_of.end())
          short_of.push_back(s.res.rows[i].county);
      for (int c : short_of) {
        std::vector<double> v = start;
        for (int k = 0; k < b.size(); ++k) v[b.offset + k] = k == c ? 0.5 : 0.5 * start[b.offset + k] / (1 - start[b.offset + c] + 1e-300);
        out.push_back(s.space.project(v));
      }
    }
  }
  return out;
}

// Objective gained per extra MNOK given to each intervention at the best
// allocation: 10 % of the budget more, paired with the best at its budget.
void marginal_gains(Search& s, const std::vector<double>& best_full) {
  const double B = s.br.budget_nok, delta = 0.1 * B;
  const int at = s.evaluate(best_full, "marginal", B, false);
  // extra money may pass an upper bound: a planner asks what it would buy
  Space wide = s.space;
  wide.blocks[0].lo.assign(kInterventions, 0.0);
  wide.blocks[0].hi.assign(kInterventions, 1.0);
  std::swap(wide, s.space);
  for (int k = 0; k < kInterventions; ++k) {
    std::vector<double> full = best_full;
    for (int i = 0; i < kInterventions; ++i) full[i] = (best_full[i] * B + (i == k ? delta : 0.0)) / (B + delta);
    const int idx = s.evaluate(full, "marginal", B + delta, false);
    s.res.trace[idx].label = kInterventionNames[k];
    Paired p = paired(kInterventionNames[k], s.res.trace[idx].objective, s.res.trace[at].objective);
    const double per = delta / 1e6;
    p.mean /= per, p.lo /= per, p.hi /= per;
    s.br.marginal[k] = p;
  }
  std::swap(wide, s.space);
  s.br.has_marginal = true;
}

void binding_bounds(Search& s, const std::vector<double>& full) {
  for (const Simplex& b : s.space.blocks) {
    const bool split = b.size() == kInterventions && s.space.over != SearchOver::Counties;
    for (int i = 0; i < b.size(); ++i) {
      const double v = full[b.offset + i];
      const std::string who = split ? kInterventionNames[i] : s.res.county_names[i];
      char buf[160];
      if (v <= b.lo[i] + 1e-3) {
        std::snprintf(buf, sizeof buf, "%s at its lower bound %g%s", who.c_str(), b.lo[i],
                      b.lo[i] == 0 ? " (no money)" : "");
        s.br.binding.push_back(buf);
      } else if (v >= b.hi[i] - 1e-3) {
        std::snprintf(buf, sizeof buf, "%s at its upper bound %g", who.c_str(), b.hi[i]);
        s.br.binding.push_back(buf);
      }
    }
  }
}

// Nothing evaluated met the constraints: with a fixed budget that is the
// answer to the question asked, and the caller is told which row came nearest.
void no_feasible(Search& s) {
  s.br.stop_reason += "; no allocation evaluated met the constraints";
  if (s.opt.limits.has_target) return;  // the target's search tries more money
  double best = -1e300;
  size_t row = 0;
  int at = s.first;
  for (int i = s.first; i < static_cast<int>(s.res.trace.size()); ++i)
    for (size_t k = 0; k < s.res.rows.size(); ++k) {
      double worst = 0;
      for (size_t j = 0; j < s.res.rows.size(); ++j) worst = std::min(worst, s.res.trace[i].slack[j] / s.row_scale(j));
      if (worst > best && s.res.trace[i].slack[k] / s.row_scale(k) == worst) best = worst, row = k, at = i;
    }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", s.res.trace[at].slack[row]);
  throw InputError("--constraint: the set is infeasible at budget " + mnok(s.br.budget_nok) + " MNOK: none of the " +
                   std::to_string(s.evaluations) + " allocations evaluated met it; the nearest misses " +
                   row_label(s.res.constraints, s.res.rows[row], s.res.county_names) + " by " + buf);
}

// Every row at the answer, and which of them bind: a candidate of this budget
// that scored higher broke it.
void judge_best(Search& s) {
  const Candidate& best = s.res.trace[s.br.best];
  const int R = static_cast<int>(best.objective.size());
  for (size_t i = 0; i < s.res.rows.size(); ++i) {
    const Constraint& c = s.res.constraints[static_cast<size_t>(s.res.rows[i].constraint)];
    s.br.judged.push_back(judge_row(c, &best.rows[i * R], &s.res.today_rows[i * R], &s.base_rows[i * R], R));
    int binds = 0;
    for (int j = s.first; j < static_cast<int>(s.res.trace.size()); ++j) {
      const Candidate& o = s.res.trace[j];
      if ((o.kind == "base" || o.kind == "seed" || o.kind == "search") && o.score > best.score && o.slack[i] < 0) binds = 1;
    }
    s.br.binds.push_back(binds);
  }
}

void optimise_budget(Search& s, const std::vector<Scenario>& shipped) {
  s.first = static_cast<int>(s.res.trace.size());
  evaluate_base(s, s.br.budget_nok);
  const std::vector<std::vector<double>> seed = seeds(s);
  int start = s.br.base;
  std::vector<double> start_full = seed[0];
  for (size_t k = 1; k < seed.size(); ++k) {
    const int idx = s.evaluate(seed[k], "seed", s.br.budget_nok, true);
    if (idx < 0) break;
    if (s.merit(idx) > s.merit(start)) start = idx, start_full = seed[k];
  }
  if (s.evaluations < s.opt.evaluations && s.space.free_size() > 0) s.run_cobyla(start_full);
  else s.br.stop_reason = "evaluation limit (--evaluations " + std::to_string(s.opt.evaluations) + ")";
  s.br.search_evaluations = s.evaluations;
  if (s.opt.run.progress)
    std::fprintf(stderr, "%selevsim optimise: search done (%s); comparing with shipped scenarios and extra money\n",
                 isatty(2) ? "\n" : "", s.br.stop_reason.c_str());
  if (s.br.best < 0) {
    no_feasible(s);
    return;
  }
  judge_best(s);
  const std::vector<double> best = s.res.trace[s.br.best].objective;  // a copy: the trace grows below
  s.br.versus.push_back(paired(s.br.base_scenario.scenario.name, best, s.res.trace[s.br.base].objective));
  for (const Scenario& sc : shipped) {
    const double t = total_budget(sc);
    if (std::abs(t - s.br.budget_nok) > 1e-6 * s.br.budget_nok || sc.start_year != s.base.start_year ||
        sc.years != s.base.years || sc.text == s.base.text)
      continue;
    const int idx = s.evaluate_scenario(sc, "shipped", sc.name, true, nullptr);
    s.br.versus.push_back(paired(sc.name, best, s.res.trace[idx].objective));
  }
  const std::vector<double> best_full = s.full_of.count(s.br.best) ? s.full_of[s.br.best] : s.base_vector();
  s.br.best_full = best_full;
  if (s.full_of.count(s.br.best)) binding_bounds(s, best_full);
  // over counties alone the split is the base's: no per-intervention margin to report
  if (s.opt.marginal && s.space.over != SearchOver::Counties) marginal_gains(s, best_full);
}

// The best as a scenario of its own name (when the base won, its grants under that name).
void name_best(Search& s) {
  if (s.br.best != s.br.base) return;
  const std::string text = scaled_base_toml(s.base, s.name, s.br.budget_nok);
  s.br.best_scenario = s.br.base_scenario;
  s.br.best_scenario.scenario = load_scenario_text(text, s.name + ".toml");
}

}  // namespace

OptimiseResult optimise(const Scenario& base, const std::vector<Scenario>& shipped, const std::string& params_dir,
                        const OptimiseOptions& opt) {
  validate_optimise(base, opt);
  OptimiseResult res;
  res.options = opt;
  res.base_path = base.path;
  res.method = "NLopt COBYLA (derivative-free, bounds and simplex as linear constraints) on the sample-average "
               "objective under common random numbers, started from the best of the base allocation and a coarse "
               "seed; the answer is the best candidate evaluated";
  res.min_share = base.min_share;
  res.max_share = base.max_share;
  Evaluator ev(base, params_dir, opt);
  for (const County& c : ev.params().population.counties) res.county_names.push_back(c.name);
  validate_grants(base.grants, ev.params().population);
  res.constraints = parse_limits(base, ev.params(), opt);
  res.rows = constraint_rows(res.constraints, static_cast<int>(res.county_names.size()));
  res.today_rows = ev.set_rows(res.constraints, res.rows);
  res.run = ev.reference();
  std::vector<double> warm;  // --target: the last best allocation found, a seed at the next budget
  auto at_budget = [&](double budget) -> BudgetResult& {
    res.budgets.emplace_back();
    BudgetResult& br = res.budgets.back();
    br.budget_nok = budget;
    Search s{base, opt, ev, res, br, make_space(base, opt.over, static_cast<int>(res.county_names.size())),
             best_name(opt, budget), {}, {}, 0, nullptr, {}, {}, 0};
    s.warm = warm;
    optimise_budget(s, shipped);
    name_best(s);
    if (opt.run.progress && isatty(2)) std::fprintf(stderr, "\n");
    return br;
  };
  if (!opt.limits.has_target) {
    for (double budget : opt.budgets) at_budget(budget);
    for (BudgetResult& br : res.budgets) {
      res.run.scenarios.push_back(br.base_scenario);
      res.run.scenarios.push_back(br.best_scenario);
    }
    return res;
  }
  // --target: the least budget whose best allocation reaches it; only the
  // answer's scenarios are kept with their datasets (memory stays flat)
  LimitOptions lim = opt.limits;
  lim.budget_max = budget_max(base, opt);
  res.options.limits.budget_max = lim.budget_max;
  double answer = NAN;
  bisect_budget(lim, total_budget(base), [&](double budget) {
    const BudgetResult& br = at_budget(budget);
    const double reached = br.best < 0 ? -INFINITY : res.trace[br.best].score;
    if (br.best >= 0) warm = br.best_full;
    if (opt.run.progress)
      std::fprintf(stderr, "elevsim optimise: target %g: the best at %s MNOK reaches %.4g\n", lim.target,
                   mnok(budget).c_str(), reached);
    return reached;
  }, res.target, &answer);
  std::sort(res.budgets.begin(), res.budgets.end(),
            [](const BudgetResult& a, const BudgetResult& b) { return a.budget_nok < b.budget_nok; });
  for (size_t k = 0; k < res.budgets.size(); ++k)
    if (res.budgets[k].budget_nok == answer) res.target.answer = static_cast<int>(k);
  BudgetResult& ans = res.budgets.at(static_cast<size_t>(res.target.answer));
  if (ans.best < 0)
    throw InputError("--constraint: the set is infeasible: no allocation evaluated met it even at --budget-max (" +
                     mnok(answer) + " MNOK)");
  int reached = 0;
  for (double v : res.trace[ans.best].objective) reached += v >= opt.limits.target;
  res.target.probability = static_cast<double>(reached) / res.trace[ans.best].objective.size();
  for (size_t k = 0; k < res.budgets.size(); ++k) {
    if (static_cast<int>(k) == res.target.answer) continue;
    res.budgets[k].base_scenario.datasets.clear();
    res.budgets[k].best_scenario.datasets.clear();
  }
  res.run.scenarios.push_back(ans.base_scenario);
  res.run.scenarios.push_back(ans.best_scenario);
  return res;
}

std::vector<Constraint> parse_limits(const Scenario& base, const Params& p, const OptimiseOptions& opt) {
  validate_limits(opt.limits, !opt.budgets.empty());
  std::vector<std::string> names;
  for (const County& c : p.population.counties) names.push_back(c.name);
  std::vector<Constraint> cs;
  for (const std::string& t : opt.limits.constraints) cs.push_back(parse_constraint(t, names));
  double budget = opt.limits.has_target ? budget_max(base, opt) : 0;
  if (!opt.limits.has_target)
    budget = *std::min_element(opt.budgets.begin(), opt.budgets.end());
  check_constraint_set(cs, static_cast<int>(names.size()), budget);
  return cs;
}

double budget_max(const Scenario& base, const OptimiseOptions& opt) {
  if (!std::isnan(opt.limits.budget_max)) return opt.limits.budget_max;
  const double total = total_budget(base);
  if (!(total > 0))
    throw InputError("--budget-max: required with --target when the base scenario has no grant to scale from");
  return 4 * total;
}

Objective parse_objective(const std::string& s) {
  for (Objective o : {Objective::DropoutsAvoided, Objective::DisorderPrevalence, Objective::Treated,
                      Objective::NetBenefit, Objective::EquityDropouts})
    if (s == objective_name(o)) return o;
  throw InputError("--objective: expected one of dropouts_avoided, disorder_prevalence, treated, net_benefit, "
                   "equity_dropouts; got \"" + s + "\"");
}

SearchOver parse_over(const std::string& s) {
  for (SearchOver o : {SearchOver::Split, SearchOver::Counties, SearchOver::Both})
    if (s == over_name(o)) return o;
  throw InputError("--over: expected split, counties or both; got \"" + s + "\"");
}

const char* objective_name(Objective o) {
  switch (o) {
    case Objective::DropoutsAvoided: return "dropouts_avoided";
    case Objective::DisorderPrevalence: return "disorder_prevalence";
    case Objective::Treated: return "treated";
    case Objective::NetBenefit: return "net_benefit";
    case Objective::EquityDropouts: return "equity_dropouts";
  }
  return "";
}

const char* objective_unit(Objective o) {
  switch (o) {
    case Objective::DropoutsAvoided: return "dropouts avoided per entry cohort";
    case Objective::DisorderPrevalence: return "pp fall in state 2 prevalence (mean of years)";
    case Objective::Treated: return "extra pupils treated per year";
    case Objective::NetBenefit: return "NOK net benefit per year";
    case Objective::EquityDropouts: return "equity-weighted dropouts avoided per entry cohort";
  }
  return "";
}

const char* over_name(SearchOver o) {
  switch (o) {
    case SearchOver::Split: return "split";
    case SearchOver::Counties: return "counties";
    case SearchOver::Both: return "both";
  }
  return "";
}

void validate_optimise(const Scenario& base, const OptimiseOptions& opt) {
  if (opt.budgets.empty() && !opt.limits.has_target)
    throw InputError("--budget: required (NOK per year, > 0), or --budgets a,b,c, or --target OBJECTIVE=VALUE");
  for (double b : opt.budgets)
    if (!(b > 0) || !std::isfinite(b) || b > 1e11)
      throw InputError("--budget: expected NOK per year in (0, 1e11], got " + std::to_string(b));
  if (!(opt.equity_weight >= 0) || !std::isfinite(opt.equity_weight))
    throw InputError("--equity-weight: expected a number >= 0, got " + std::to_string(opt.equity_weight));
  if (opt.evaluations < 1) throw InputError("--evaluations: expected an integer >= 1");
  if (opt.over == SearchOver::Counties) return;
  double lo = 0, hi = 0;
  for (int k = 0; k < kInterventions; ++k) {
    if (base.min_share[k] > base.max_share[k])
      throw InputError(base.path, base.optimise_line, "optimise.min_share." + std::string(kInterventionNames[k]),
                       "is above optimise.max_share." + std::string(kInterventionNames[k]) + ": nothing is feasible");
    lo += base.min_share[k];
    hi += base.max_share[k];
  }
  if (lo > 1 + 1e-9)
    throw InputError(base.path, base.optimise_line, "optimise.min_share",
                     "the lower bounds add up to " + std::to_string(lo) + " > 1: no split is feasible");
  if (hi < 1 - 1e-9)
    throw InputError(base.path, base.optimise_line, "optimise.max_share",
                     "the upper bounds add up to " + std::to_string(hi) + " < 1: no split is feasible");
}

}  // namespace elevsim
