#!/usr/bin/env bash
# Installs the Debian 12 packages elevsim needs to build, run and test.
# Only what is missing is installed; running it twice is cheap.
set -euo pipefail

PKGS=(
  git ca-certificates g++ cmake make pkg-config
  libeigen3-dev libboost-dev libboost-random-dev librandom123-dev
  libhdf5-dev hdf5-tools catch2 libtomlplusplus-dev libcli11-dev libnlopt-cxx-dev
  libopenmpi-dev openmpi-bin
  slurmctld slurmd slurm-client munge
  python3 python3-h5py python3-numpy python3-xarray python3-h5netcdf
  python3-matplotlib r-cran-hdf5r chromium
)
# The report vendors Vega-Lite from npm at build time; a machine may already
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
  echo "setup: all packages present" >&2
fi
