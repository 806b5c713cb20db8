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

  int evaluate(const std::vector<double>& full, const std::string& kind, double budget, bool counted);
  int evaluate_scenario(const Scenario& s, const std::string& kind, const std::string& label, bool own_params,
                        ScenarioResult* kept);
  void consider(int idx, ScenarioResult& sr);
  void progress() const;
  std::vector<double> base_vector() const;
  void run_cobyla(std::vector<double> start);
};

void Search::progress() const {
  if (!opt.run.progress) return;
  const Candidate& b = res.trace[br.best];
  std::fprintf(stderr, "%selevsim optimise: budget %s MNOK, evaluation %d/%d, best %s %.4g [%.4g, %.4g]%s",
               isatty(2) ? "\r" : "", mnok(br.budget_nok).c_str(), evaluations, opt.evaluations,
               objective_name(opt.objective), b.mean, b.lo, b.hi, isatty(2) ? "   " : "\n");
  std::fflush(stderr);
}

void Search::consider(int idx, ScenarioResult& sr) {
  if (br.best < 0 || res.trace[idx].mean > res.trace[br.best].mean) {
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
  ev.score(c, ev.level(s, own_params, kept));
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
    return -s.res.trace[idx].mean;
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

std::string best_name(const OptimiseOptions& opt, double budget) {
  return opt.budgets.size() > 1 ? "optimised-" + mnok(budget) + "MNOK" : "optimised";
}

// The base at this budget: its own file when the budget is its total, else its
// grants scaled. It is the first candidate, so the answer is never worse.
void evaluate_base(Search& s, double budget) {
  const double total = total_budget(s.base);
  const bool own = std::abs(total - budget) <= 1e-9 * budget;
  const std::string name =
      s.opt.budgets.size() > 1 ? s.base.name.substr(0, 40) + "-at-" + mnok(budget) + "MNOK" : s.base.name;
  const Scenario sc = own ? s.base : load_scenario_text(scaled_base_toml(s.base, name, budget), name + ".toml");
  ScenarioResult sr;
  const int idx = s.evaluate_scenario(sc, "base", s.base.name, false, &sr);
  s.res.trace[idx].budget_nok = budget;
  s.br.base = idx;
  s.br.base_scenario = sr;
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

void optimise_budget(Search& s, const std::vector<Scenario>& shipped) {
  evaluate_base(s, s.br.budget_nok);
  const std::vector<std::vector<double>> seed = seeds(s);
  int start = s.br.base;
  std::vector<double> start_full = seed[0];
  for (size_t k = 1; k < seed.size(); ++k) {
    const int idx = s.evaluate(seed[k], "seed", s.br.budget_nok, true);
    if (idx < 0) break;
    if (s.res.trace[idx].mean > s.res.trace[start].mean) start = idx, start_full = seed[k];
  }
  if (s.evaluations < s.opt.evaluations && s.space.free_size() > 0) s.run_cobyla(start_full);
  else s.br.stop_reason = "evaluation limit (--evaluations " + std::to_string(s.opt.evaluations) + ")";
  s.br.search_evaluations = s.evaluations;
  if (s.opt.run.progress)
    std::fprintf(stderr, "%selevsim optimise: search done (%s); comparing with shipped scenarios and extra money\n",
                 isatty(2) ? "\n" : "", s.br.stop_reason.c_str());
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

namespace {

// Bounds are bounds: every candidate of the search and every answer keeps
// [optimise.min_share] / [optimise.max_share]. The base's own split is the first
// candidate (and the answer when nothing beats it), so a base outside the bounds
// is projected onto them (its grants' splits replaced by the nearest split
// within them) and stderr says so; with --over counties, where the split is
// not searched, it is refused.
Scenario within_bounds(const Scenario& base, const OptimiseOptions& opt) {
  const std::array<double, kInterventions> split = combined_split(base);
  std::string broken;
  for (int k = 0; k < kInterventions; ++k) {
    char buf[160];
    if (split[k] < base.min_share[k] - 1e-9 || split[k] > base.max_share[k] + 1e-9) {
      std::snprintf(buf, sizeof buf, "%s%s %.3g outside [%g, %g]", broken.empty() ? "" : ", ", kInterventionNames[k],
                    split[k], base.min_share[k], base.max_share[k]);
      broken += buf;
    }
  }
  if (broken.empty()) return base;
  if (opt.over == SearchOver::Counties || base.grants.empty())
    throw InputError(base.path, base.optimise_line, "optimise.min_share/max_share",
                     "the base's split breaks its bounds (" + broken + ")" +
                         (base.grants.empty() ? " and the base has no grant to re-split" : " and --over counties keeps it") +
                         ": give the base a split within them");
  Space sp = make_space(base, SearchOver::Split, 0);
  const std::vector<double> p = sp.project(std::vector<double>(split.begin(), split.end()));
  Scenario in = base;
  for (Grant& g : in.grants)
    for (int k = 0; k < kInterventions; ++k) g.split[k] = p[k];
  Scenario out = load_scenario_text(scaled_base_toml(in, base.name, total_budget(base)), base.path);
  out.min_share = base.min_share;
  out.max_share = base.max_share;
  out.optimise_line = base.optimise_line;
  std::fprintf(stderr, "elevsim optimise: %s: the base's split breaks [optimise] bounds (%s); it is projected onto "
               "them, and that split is the base of the search\n", base.path.c_str(), broken.c_str());
  return out;
}

}  // namespace

OptimiseResult optimise(const Scenario& base_file, const std::vector<Scenario>& shipped, const std::string& params_dir,
                        const OptimiseOptions& opt) {
  validate_optimise(base_file, opt);
  const Scenario base = within_bounds(base_file, opt);
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
  res.run = ev.reference();
  for (double budget : opt.budgets) {
    res.budgets.emplace_back();
    BudgetResult& br = res.budgets.back();
    br.budget_nok = budget;
    Search s{base, opt, ev, res, br, make_space(base, opt.over, static_cast<int>(res.county_names.size())),
             best_name(opt, budget), {}, {}, 0, nullptr};
    optimise_budget(s, shipped);
    name_best(s);
    if (opt.run.progress && isatty(2)) std::fprintf(stderr, "\n");
  }
  for (BudgetResult& br : res.budgets) {
    res.run.scenarios.push_back(br.base_scenario);
    res.run.scenarios.push_back(br.best_scenario);
  }
  return res;
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
  if (opt.budgets.empty()) throw InputError("--budget: required (NOK per year, > 0), or --budgets a,b,c");
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
