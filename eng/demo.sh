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

# --- 1. .NET SDK ----------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 ||
  fail "'dotnet' is not on PATH. Install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
  fail "the .NET 10 SDK is required (global.json); 'dotnet --list-sdks' shows: $(dotnet --list-sdks 2>&1 | tr '\n' ' ')"

# --- 2. PostgreSQL server binaries ----------------------------------------------------------------
have_postgres() { command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then
  if [[ "$(id -u)" -ne 0 ]]; then
    fail "the PostgreSQL server binaries (initdb, pg_ctl) are not installed.
Install them (Debian/Ubuntu):  sudo apt-get install -y --no-install-recommends postgresql
or point the demo at an existing server:  export SEATALLOCATION_POSTGRES='Host=...;Username=...;Password=...;Database=...'"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    fail "the PostgreSQL server binaries are not installed and apt-get is not available; install PostgreSQL with your package manager."

  say "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package from starting its own cluster on port 5432: the demo starts a throwaway one.
  policy=/usr/sbin/policy-rc.d
  remove_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# added by eng/demo.sh while installing packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    remove_policy=1
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update
  apt-get install -y --no-install-recommends postgresql
  if ((remove_policy)); then
    rm -f "$policy"
    trap - EXIT
  fi
  have_postgres || fail "PostgreSQL server binaries still not found after installing postgresql"
fi

# --- 3. The demo ----------------------------------------------------------------------------------
export DOTNET_NOLOGO=1
dotnet run --project samples/RaceDemo -c Release -- "$@"
