#!/usr/bin/env bash
# Runs the fault soak (issue 13):  eng/soak.sh [--quick | --long] [--seed N] [--out FILE]
#
# tools/SeatAllocation.Soak starts a throwaway PostgreSQL and Redis from the local binaries and two
# processes of samples/WebApiSample per PostgreSQL-backed strategy (pessimistic, optimistic, group
# commit, Redis admission over pessimistic), each strategy in its own database. Seeded HTTP clients
# (8 per strategy) send a random mix of holds, bookings, confirms, releases, cancels, replays, reused
# keys and reads while a seeded nemesis, every 2-5 s, terminates the apps' PostgreSQL backends,
# restarts PostgreSQL (pg_ctl restart -m fast), flushes, restarts or pauses Redis, or kills an app
# instance with SIGKILL and starts it again. Then the faults stop: every ambiguous request is
# replayed, every free seat is sold, availability is read through every instance, and a checker runs
# over the recorded history plus the database (and the library's own verifier).
#
#   --quick      (default) 90 s of faults and workload; about 3 minutes in all on 2 cores
#   --long       until 1,000,000 operations; report in docs/reliability/report.md
#   --seed N     the workload's and the nemesis's seed (printed by every run, failing or not)
#   --out FILE   the markdown report (default artifacts/soak/report.md); FILE.json and
#                FILE.history.jsonl (every invocation, completion and fault) are written beside it
#
# Exit code 0 when the checker finds nothing, 1 on any violation.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'eng/soak.sh: %s\n' "$*"; }
fail() { printf 'eng/soak.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh
require_dotnet
require_servers

export DOTNET_NOLOGO=1
say "building samples/WebApiSample and tools/SeatAllocation.Soak (Release)"
for project in samples/WebApiSample tools/SeatAllocation.Soak; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:NoSummary >/dev/null ||
    dotnet build "$project" -c Release --nologo -v quiet -clp:NoSummary
done

# In the background (run_stoppable) so that whatever ends this script stops the soak, which then
# stops its app processes and throwaway servers.
run_stoppable dotnet tools/SeatAllocation.Soak/bin/Release/net10.0/SeatAllocation.Soak.dll \
  --app samples/WebApiSample/bin/Release/net10.0/WebApiSample.dll "$@"
