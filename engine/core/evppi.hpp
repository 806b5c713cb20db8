#pragma once
// Expected value of partial perfect information (EVPPI) by the regression
// method of Strong, Oakley & Brennan (2014), "Estimating multiparameter partial
// expected value of perfect information from a probabilistic sensitivity
// analysis sample: a nonparametric regression approach", Med Decis Making 34:311.
//
// With the PSA sample (theta_r, NB_d(r)), r = 1..R, each option's net benefit is
// regressed on the draws phi_r of the parameters of interest; the fitted values
// g_d(r) estimate E[NB_d | phi_r], and
//   EVPPI = mean_r max_d g_d(r) - max_d mean_r g_d(r).
// The smoother is a penalised additive regression spline family (Strong's GAM,
// here by Eigen least squares): per parameter, standardised polynomial terms of
// degree 1, 2 or 3, plus the pairwise products for at most 4 parameters, with a
// ridge penalty; the basis and the penalty are chosen jointly for all options
// by generalised cross-validation (Craven & Wahba 1979), which keeps the fit
// from chasing noise in small samples (an overfitted smoother biases EVPPI up).
#include <string>
#include <vector>

namespace elevsim {

struct EvppiEstimate {
  double value = 0;         // NOK (the unit of the net benefits); >= 0 by construction
  double effective_df = 0;  // of the chosen smoother, intercept included (0: nothing to fit)
  std::string basis;        // e.g. "cubic, lambda=0" (for the record)
};

// net[d][r]: option d's net benefit in draw r (an option with all zeros, the
// reference, is fine); x[r][j]: draw r of parameter j. Columns that never vary
// are left out; with none left, or fewer than 4 draws, the EVPPI is 0.
EvppiEstimate evppi_regression(const std::vector<std::vector<double>>& net, const std::vector<std::vector<double>>& x);

}  // namespace elevsim
