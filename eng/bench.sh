#!/usr/bin/env bash
# Runs the benchmarks and writes the report:  eng/bench.sh [--quick | --full] [--durable] [--out FILE] [harness options]
#
#   --quick      (default) short scenarios; a run of one scenario takes one to two minutes on 2 cores, baselines included
#   --full       longer scenarios, plus the BenchmarkDotNet suites (their tables go into the report),
#                plus the hot scenarios raced again on a durable PostgreSQL server (fsync and
#                synchronous_commit on, baselines of its own), compared in the report: the published report
#   --durable    run everything on a durable PostgreSQL server instead of the test settings (fsync off)
#   --out FILE   where the markdown report goes (default docs/benchmarks/report.md); the same results
#                go next to it as <name>.json, the chart as <name>-chart.svg and <name>-chart.png
#   anything else is passed to the race harness, e.g. --banner TEXT, --scenarios a,b,
#   --strategies x,y, --duration SECONDS, --durable-rerun a,b|none
#   (see benchmarks/SeatAllocation.Benchmarks/HarnessOptions.cs)
#
# 1. checks for the .NET 10 SDK;
# 2. makes sure the PostgreSQL server binaries with pgbench and redis-server with redis-benchmark
#    are installed (as root it installs the Debian packages `postgresql`, `redis-server` and
#    `redis-tools`; otherwise it says how);
# 3. builds the benchmarks in Release and runs them. The harness starts a throwaway PostgreSQL and
#    a throwaway Redis on free loopback ports (or uses SEATALLOCATION_POSTGRES / SEATALLOCATION_REDIS),
#    measures the machine's limits with pgbench (including the group-commit limits: 64 allocations
#    in one statement) and redis-benchmark, races every strategy through every scenario, verifies
#    every show, and writes the report (markdown, JSON and chart).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf 'eng/bench.sh: %s\n' "$*"; }
fail() { printf 'eng/bench.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh

mode=--quick
out=docs/benchmarks/report.md
harness_args=()
while (($#)); do
  case "$1" in
    --quick | --full) mode="$1" ;;
    --out)
      (($# >= 2)) || fail "--out needs a file name"
      out="$2"
      shift
      ;;
    -h | --help)
      sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) harness_args+=("$1") ;;
  esac
  shift
done

# --- 1. .NET SDK ----------------------------------------------------------------------------------
require_dotnet

# --- 2. Servers and the baseline tools ------------------------------------------------------------
have_pgbench() { command -v pgbench >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/pgbench' >/dev/null; }
have_redis_benchmark() { command -v redis-benchmark >/dev/null 2>&1; }
missing=()
if { [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; } || ! have_pgbench; then missing+=(postgresql); fi
if [[ -z "${SEATALLOCATION_REDIS:-}" ]] && ! have_redis; then missing+=(redis-server); fi
if ! have_redis_benchmark; then missing+=(redis-tools); fi
if ((${#missing[@]})); then
  install_packages "${missing[@]}"
fi
have_pgbench || fail "pgbench still not found after installing postgresql"
have_redis_benchmark || fail "redis-benchmark still not found after installing redis-tools"
put_postgres_on_path

# --- 3. Build and run -----------------------------------------------------------------------------
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
say "building benchmarks/SeatAllocation.Benchmarks (Release)"
dotnet build benchmarks/SeatAllocation.Benchmarks/SeatAllocation.Benchmarks.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
bench_dll=benchmarks/SeatAllocation.Benchmarks/bin/Release/net10.0/SeatAllocation.Benchmarks.dll

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then commit="$commit (with uncommitted changes)"; fi
export SEATALLOCATION_BENCH_COMMIT="$commit"
# Local servers even when Docker runs: the report compares the strategies with pgbench on the same
# local server, and a container would add Docker's port mapping to every round trip.
export SEATALLOCATION_TEST_SERVERS="${SEATALLOCATION_TEST_SERVERS:-local}"

started=$SECONDS
bdn_args=()
if [[ "$mode" == --full ]]; then
  artifacts="$repo_root/artifacts/benchmarks"
  rm -rf "$artifacts"
  say "running the BenchmarkDotNet suites (results in ${artifacts#"$repo_root"/})"
  dotnet "$bench_dll" bdn --filter '*' --artifacts "$artifacts"
  bdn_args=(--bdn-results "$artifacts/results")
fi

say "running the race harness ($mode); the report goes to $out"
# The report names the command that made it, harness options (such as --durable) included.
command_line="eng/bench.sh $mode"
if ((${#harness_args[@]})); then command_line+="$(printf ' %q' "${harness_args[@]}")"; fi
dotnet "$bench_dll" race "$mode" --out "$out" --command "$command_line" "${bdn_args[@]}" "${harness_args[@]}"
say "done in $((SECONDS - started)) s: $out"
