# Read an elevsim run in R with hdf5r (Debian r-cran-hdf5r) and print the share of
# pupils with a disorder per scenario and year: mean and 95 % interval over replications.
#
#   Rscript scripts/example_hdf5r_read.R outputs/run.h5
#
# R stores arrays column-major, so hdf5r returns the dimensions reversed:
# (grade, ses, sex, county, year, replication).
suppressPackageStartupMessages(library(hdf5r))

args <- commandArgs(trailingOnly = TRUE)
f <- H5File$new(args[1], mode = "r")
for (name in names(f[["scenarios"]])) {
  g <- f[[paste0("scenarios/", name)]]
  disorder <- g[["mh_disorder"]][, , , , , ]
  pupils <- g[["pupils"]][, , , , , ]
  years <- g[["year"]][]
  # sum over grade, ses, sex and county: a (year, replication) matrix
  prev <- 100 * apply(disorder, c(5, 6), sum) / apply(pupils, c(5, 6), sum)
  for (y in seq_along(years)) {
    q <- quantile(prev[y, ], c(0.025, 0.975), type = 7)
    cat(sprintf("%s,%d,%.6f,%.6f,%.6f\n", name, years[y], mean(prev[y, ]), q[1], q[2]))
  }
}
f$close_all()
