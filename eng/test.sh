#!/usr/bin/env bash
# Runs the whole test suite:  eng/test.sh [extra `dotnet test` arguments, e.g. --filter Pessimistic]
#
# 1. checks for the .NET 10 SDK;
# 2. makes sure the PostgreSQL server binaries (initdb, pg_ctl), redis-server and Chromium (the
#    sample's /docs page is checked in a headless browser) are installed (as root it installs the
#    Debian packages `postgresql`, `redis-server` and `chromium`; otherwise it says how);
# 3. runs `dotnet test SeatAllocation.sln -c Release` and exits with its exit code.
#
# Servers: the tests start throwaway PostgreSQL/Redis servers and stop them afterwards: containers
# through Testcontainers when a Docker engine answers, else from the local binaries on free loopback
# ports (SEATALLOCATION_TEST_SERVERS=auto|docker|local chooses; SEATALLOCATION_POSTGRES_IMAGE /
# SEATALLOCATION_REDIS_IMAGE pick the images). The Redis fault tests always use the local redis-server.
# To use existing servers instead, set
#   SEATALLOCATION_POSTGRES  an Npgsql connection string
#   SEATALLOCATION_REDIS     a StackExchange.Redis configuration string
# (a binary is not required when its variable is set). eng/docker-test.sh runs the tests in Docker.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf 'eng/test.sh: %s\n' "$*"; }
fail() { printf 'eng/test.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh

# --- 1. .NET SDK ----------------------------------------------------------------------------------
require_dotnet

# --- 2. Server binaries, and a browser ------------------------------------------------------------
require_servers
require_chromium

# --- 3. Tests -------------------------------------------------------------------------------------
if [[ -n "${SEATALLOCATION_POSTGRES:-}" ]]; then
  say "PostgreSQL: SEATALLOCATION_POSTGRES is set; using that server"
else
  say "PostgreSQL: the tests start a throwaway server (SEATALLOCATION_TEST_SERVERS=${SEATALLOCATION_TEST_SERVERS:-auto}: Docker when it answers, else $(command -v initdb 2>/dev/null || echo initdb)); each test host says which"
fi

# VSTest kills a test host 100 ms after asking it to exit, which cuts short the fixtures' exit-time
# clean-up (stopping their throwaway servers). A healthy host still exits at once.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-30000}"

set +e
# A hung test fails the run with a mini dump after 10 minutes instead of holding CI to its limit.
dotnet test SeatAllocation.sln -c Release --logger "console;verbosity=normal" --blame-hang-timeout 10m --blame-hang-dump-type mini "$@"
rc=$?
set -e
if ((rc == 0)); then say "tests passed"; else say "tests FAILED (dotnet test exit code $rc)"; fi
exit "$rc"
