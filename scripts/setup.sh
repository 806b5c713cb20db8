#!/usr/bin/env bash
# Installs the Debian 12 packages elevsim needs. Only what is missing is
# installed; running it twice is cheap.
#   setup.sh --runtime   what building and running need (README command 1)
#   setup.sh [--all]     that plus everything the tests use: Catch2, Python with
#                        h5py/xarray, R, Chromium, MPI launcher, Slurm, clang with
#                        its sanitizer and libFuzzer runtimes (command 2)
set -euo pipefail

MODE="${1:---all}"
case "$MODE" in --runtime|--all) ;; *) echo "usage: setup.sh [--runtime|--all]" >&2; exit 2 ;; esac

PKGS=(
  git ca-certificates g++ cmake make pkg-config
  libeigen3-dev libboost-dev libboost-random-dev librandom123-dev
  libhdf5-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libnlopt-cxx-dev
  libcpp-httplib-dev  # `elevsim serve`'s HTTP server
)
if [ "$MODE" = --all ]; then
  PKGS+=(
    catch2 hdf5-tools
    libopenmpi-dev openmpi-bin
    slurmctld slurmd slurm-client munge
    python3 python3-h5py python3-numpy python3-xarray python3-h5netcdf
    python3-matplotlib r-cran-hdf5r chromium
    clang libclang-rt-14-dev libomp-14-dev
  )
fi
# `elevsim report` vendors Vega-Lite from npm at build time (without npm the
# simulator builds and the report command says so); a machine may already
# carry its own Node.js (and npm with it), which Debian's npm would conflict with.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then PKGS+=(nodejs npm); fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all packages present ($MODE)" >&2
fi
