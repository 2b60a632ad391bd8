#!/usr/bin/env bash
# Runs the HTTP race demo:  eng/demo.sh [--clients N] [--seats N] [--keep]
#
# The Web API sample (samples/WebApiSample) serves a show once per strategy (in-memory, PostgreSQL
# pessimistic, PostgreSQL optimistic) on Kestrel on a loopback port; 1000 HTTP clients rush its last
# 10 seats at the same instant; a table per scenario shows, for each strategy, how many were booked
# (201), rejected (409) or told to retry (503), errors, p50/p99 latency, PostgreSQL round trips per
# request and the verdict of the app's verifier.
#
# 1. checks for the .NET 10 SDK;
# 2. makes sure the PostgreSQL server binaries (initdb, pg_ctl) and redis-server are installed (as
#    root it installs the Debian packages `postgresql` and `redis-server`; otherwise it says how),
#    unless SEATALLOCATION_POSTGRES / SEATALLOCATION_REDIS name servers to use instead;
# 3. builds and runs samples/RaceDemo, which starts throwaway PostgreSQL and Redis servers on free
#    loopback ports and hosts the sample once per strategy. Everything it started stops when it
#    exits (and when this script is interrupted). With --keep the APIs stay up after the race,
#    with their URLs and OpenAPI addresses printed, until Ctrl+C.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'eng/demo.sh: %s\n' "$*"; }
fail() { printf 'eng/demo.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh

# --- 1. .NET SDK ----------------------------------------------------------------------------------
require_dotnet

# --- 2. Server binaries ---------------------------------------------------------------------------
require_servers

# --- 3. The demo ----------------------------------------------------------------------------------
export DOTNET_NOLOGO=1
# Local servers even when Docker runs: the demo's latencies should not include Docker's port mapping.
export SEATALLOCATION_TEST_SERVERS="${SEATALLOCATION_TEST_SERVERS:-local}"
say "building samples/RaceDemo and samples/WebApiSample (Release)"
dotnet build samples/RaceDemo -c Release --nologo -v quiet -clp:NoSummary >/dev/null ||
  dotnet build samples/RaceDemo -c Release --nologo -v quiet -clp:NoSummary

# In the background (run_stoppable) so that whatever ends this script stops the demo, which then
# stops the APIs and the throwaway servers it started.
run_stoppable dotnet samples/RaceDemo/bin/Release/net10.0/RaceDemo.dll "$@"
