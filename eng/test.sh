#!/usr/bin/env bash
# Runs the whole test suite:  eng/test.sh [extra `dotnet test` arguments, e.g. --filter Pessimistic]
#
# 1. checks for the .NET 10 SDK;
# 2. makes sure the PostgreSQL server binaries (initdb, pg_ctl) and redis-server are installed
#    (as root it installs the Debian packages `postgresql` and `redis-server`; otherwise it says how);
# 3. runs `dotnet test SeatAllocation.sln -c Release` and exits with its exit code.
#
# Servers: the tests start throwaway PostgreSQL/Redis servers from the local binaries on free
# loopback ports and stop them afterwards. To use existing servers instead, set
#   SEATALLOCATION_POSTGRES  an Npgsql connection string
#   SEATALLOCATION_REDIS     a StackExchange.Redis configuration string
# (a binary is not required when its variable is set).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf 'eng/test.sh: %s\n' "$*"; }
fail() { printf 'eng/test.sh: error: %s\n' "$*" >&2; exit 1; }

# --- 1. .NET SDK ----------------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  fail "'dotnet' is not on PATH. Install the .NET 10 SDK:
  https://dotnet.microsoft.com/download/dotnet/10.0"
fi
if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  fail "the .NET 10 SDK is required (global.json), but 'dotnet --list-sdks' shows:
$(dotnet --list-sdks 2>&1 || true)
Install it from https://dotnet.microsoft.com/download/dotnet/10.0"
fi

# --- 2. Server binaries ---------------------------------------------------------------------------
newest_postgres_bin() {
  # Newest /usr/lib/postgresql/<version>/bin holding initdb (Debian's layout; not on PATH there).
  local dir
  while IFS= read -r dir; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
  return 1
}

have_postgres() { command -v initdb >/dev/null 2>&1 || newest_postgres_bin >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

missing=()
if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then missing+=(postgresql); fi
if [[ -z "${SEATALLOCATION_REDIS:-}" ]] && ! have_redis; then missing+=(redis-server); fi

if ((${#missing[@]})); then
  if [[ "$(id -u)" -ne 0 ]]; then
    fail "missing test prerequisites: ${missing[*]}.
Install them (Debian/Ubuntu):  sudo apt-get install -y --no-install-recommends ${missing[*]}
or point the tests at existing servers: SEATALLOCATION_POSTGRES (Npgsql connection string),
SEATALLOCATION_REDIS (Redis configuration string)."
  fi
  command -v apt-get >/dev/null 2>&1 ||
    fail "missing test prerequisites: ${missing[*]}, and apt-get is not available to install them. Install them with your package manager."

  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' services (the `main` PostgreSQL cluster on 5432, redis on 6379) from being
  # started: the tests start their own throwaway servers and must not depend on those.
  policy=/usr/sbin/policy-rc.d
  remove_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# added by eng/test.sh while installing packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    remove_policy=1
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
  if ((remove_policy)); then
    rm -f "$policy"
    trap - EXIT
  fi

  if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then fail "PostgreSQL server binaries still not found after installing postgresql"; fi
  if [[ -z "${SEATALLOCATION_REDIS:-}" ]] && ! have_redis; then fail "redis-server still not found after installing redis-server"; fi
fi

# Debian installs initdb/pg_ctl off PATH; put them on it (the fixtures also look there themselves).
if ! command -v initdb >/dev/null 2>&1 && pg_bin="$(newest_postgres_bin)"; then
  export PATH="$pg_bin:$PATH"
fi

# --- 3. Tests -------------------------------------------------------------------------------------
if [[ -n "${SEATALLOCATION_POSTGRES:-}" ]]; then
  say "PostgreSQL: SEATALLOCATION_POSTGRES is set; using that server"
else
  say "PostgreSQL: the tests start a throwaway server ($(command -v initdb 2>/dev/null || echo initdb))"
fi

# VSTest kills a test host 100 ms after asking it to exit, which cuts short the fixtures' exit-time
# clean-up (stopping their throwaway servers). A healthy host still exits at once.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-30000}"

set +e
dotnet test SeatAllocation.sln -c Release --logger "console;verbosity=normal" "$@"
rc=$?
set -e
if ((rc == 0)); then say "tests passed"; else say "tests FAILED (dotnet test exit code $rc)"; fi
exit "$rc"
