#!/usr/bin/env bash
# Runs the race demo:  eng/demo.sh [--clients N] [--seats N]
#
# 1000 clients rush a 10-seat show at the same instant, once per strategy (in-memory, PostgreSQL
# pessimistic, PostgreSQL optimistic), and the verifier checks every show afterwards.
#
# 1. checks for the .NET 10 SDK;
# 2. makes sure the PostgreSQL server binaries (initdb, pg_ctl) are installed (as root it installs
#    the Debian package `postgresql`; otherwise it says how) — unless SEATALLOCATION_POSTGRES is set;
# 3. runs samples/RaceDemo, which starts a throwaway PostgreSQL server on a free loopback port
#    (or uses SEATALLOCATION_POSTGRES, an Npgsql connection string) and stops it at exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'eng/demo.sh: %s\n' "$*"; }
fail() { printf 'eng/demo.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh

# --- 1. .NET SDK ----------------------------------------------------------------------------------
require_dotnet

# --- 2. PostgreSQL server binaries ----------------------------------------------------------------
if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then
  install_packages postgresql
  have_postgres || fail "PostgreSQL server binaries still not found after installing postgresql"
fi

# --- 3. The demo ----------------------------------------------------------------------------------
export DOTNET_NOLOGO=1
dotnet run --project samples/RaceDemo -c Release -- "$@"
