#include "evppi.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

namespace elevsim {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Standardised columns of x that vary (a constant column carries no information).
MatrixXd standardised(const std::vector<std::vector<double>>& x, size_t R) {
  const size_t J = R ? x[0].size() : 0;
  std::vector<VectorXd> cols;
  for (size_t j = 0; j < J; ++j) {
    VectorXd c(R);
    for (size_t r = 0; r < R; ++r) c[static_cast<long>(r)] = x[r][j];
    const double m = c.mean();
    const double sd = std::sqrt((c.array() - m).square().sum() / static_cast<double>(R));
    if (!(sd > 0) || !std::isfinite(sd)) continue;
    cols.push_back((c.array() - m) / sd);
  }
  MatrixXd z(static_cast<long>(R), static_cast<long>(cols.size()));
  for (size_t j = 0; j < cols.size(); ++j) z.col(static_cast<long>(j)) = cols[j];
  return z;
}

// Additive polynomial terms z, z^2, ..., z^degree per parameter, plus z_i z_j
// when `pairs`; every column centred (the intercept is fitted unpenalised).
MatrixXd basis(const MatrixXd& z, int degree, bool pairs) {
  std::vector<VectorXd> cols;
  for (long j = 0; j < z.cols(); ++j)
    for (int d = 1; d <= degree; ++d) cols.push_back(z.col(j).array().pow(d).matrix());
  if (pairs)
    for (long i = 0; i < z.cols(); ++i)
      for (long j = i + 1; j < z.cols(); ++j) cols.push_back(z.col(i).cwiseProduct(z.col(j)));
  MatrixXd b(z.rows(), static_cast<long>(cols.size()));
  for (size_t k = 0; k < cols.size(); ++k) b.col(static_cast<long>(k)) = cols[k].array() - cols[k].mean();
  return b;
}

}  // namespace

EvppiEstimate evppi_regression(const std::vector<std::vector<double>>& net, const std::vector<std::vector<double>>& x) {
  EvppiEstimate out;
  const size_t D = net.size(), R = D ? net[0].size() : 0;
  if (D < 2 || R < 4 || x.size() != R) return out;
  const MatrixXd z = standardised(x, R);
  if (z.cols() == 0) return out;
  const double n = static_cast<double>(R);

  MatrixXd y(static_cast<long>(R), static_cast<long>(D));
  for (size_t d = 0; d < D; ++d)
    for (size_t r = 0; r < R; ++r) y(static_cast<long>(r), static_cast<long>(d)) = net[d][r];
  const VectorXd ymean = y.colwise().mean();
  const MatrixXd yc = y.rowwise() - ymean.transpose();

  struct Candidate {
    int degree;
    bool pairs;
  };
  std::vector<Candidate> candidates{{1, false}, {2, false}, {3, false}};
  if (z.cols() >= 2 && z.cols() <= 4) candidates.push_back({3, true});
  // ridge penalties relative to the basis' mean squared singular value
  const std::vector<double> penalties{0, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100, 1e3};

  double best_gcv = std::numeric_limits<double>::infinity();
  MatrixXd best_fit;
  for (const Candidate& c : candidates) {
    const MatrixXd b = basis(z, c.degree, c.pairs);
    Eigen::BDCSVD<MatrixXd> svd(b, Eigen::ComputeThinU);
    const VectorXd s = svd.singularValues();
    const MatrixXd& U = svd.matrixU();
    const double tol = s.size() ? s[0] * 1e-10 * static_cast<double>(std::max(b.rows(), b.cols())) : 0;
    const double scale = s.size() ? s.squaredNorm() / static_cast<double>(s.size()) : 0;
    const MatrixXd uty = U.transpose() * yc;
    for (double pen : penalties) {
      const double lambda = pen * scale;
      VectorXd shrink(s.size());
      double df = 1;  // the intercept
      for (long k = 0; k < s.size(); ++k) {
        shrink[k] = s[k] > tol ? s[k] * s[k] / (s[k] * s[k] + lambda) : 0;
        df += shrink[k];
      }
      if (df > n - 2) continue;  // too few draws for this smoother
      const MatrixXd fit = U * shrink.asDiagonal() * uty;
      const double rss = (yc - fit).squaredNorm();
      const double gcv = n * rss / ((n - df) * (n - df));
      if (gcv < best_gcv) {
        best_gcv = gcv;
        best_fit = fit;
        out.effective_df = df;
        const char* names[] = {"", "linear", "quadratic", "cubic"};
        out.basis = std::string(names[c.degree]) + (c.pairs ? " with pairwise products" : "") +
                    ", ridge " + std::to_string(pen);
      }
    }
  }
  if (best_fit.size() == 0) return out;
  // fitted values: the option's mean plus the centred fit (the means are the fitted means)
  double mean_of_max = 0;
  for (long r = 0; r < best_fit.rows(); ++r) {
    double top = -std::numeric_limits<double>::infinity();
    for (long d = 0; d < best_fit.cols(); ++d) top = std::max(top, ymean[d] + best_fit(r, d));
    mean_of_max += top;
  }
  mean_of_max /= n;
  // max over options of the mean fit = max of the options' means; the difference
  // is >= 0 (the mean of a maximum is at least the maximum of the means), and a
  // rounding residue below 0 is 0
  out.value = std::max(0.0, mean_of_max - ymean.maxCoeff());
  return out;
}

}  // namespace elevsim
