#!/usr/bin/env bash
# The consumer test:  eng/consumer-test.sh [STACKEXCHANGE_REDIS_VERSION...]   (default: 2.13.23 3.4.35)
#
# Proves the packed packages work the way users get them: after `dotnet pack`, it builds
# tests/PackageConsumer — an application referencing SeatAllocation.Postgres and SeatAllocation.Redis
# from artifacts/packages (not project references) plus the given, newer StackExchange.Redis — once
# per version, and runs it against a throwaway PostgreSQL and redis-server on loopback ports. It fails
# when a package does not restore, build or run with that client. Then it runs `dotnet test` on
# tests/PackageConsumer.Testing, a third party's test project on the packed SeatAllocation.Testing: a
# strategy derived from AllocationStrategy and one test class derived from the conformance suite, which
# must run every test of the suite and pass.
#
# Packages restore into artifacts/consumer/packages, not the machine's NuGet cache: NuGet never
# re-extracts a version it has cached, so a cached SeatAllocation 0.1.0 would hide a fresh pack. The
# script also checks that each SeatAllocation package restored is byte for byte the packed one.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf 'eng/consumer-test.sh: %s\n' "$*"; }
fail() { printf 'eng/consumer-test.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh
require_dotnet
# The servers are started here, so the binaries are needed even when SEATALLOCATION_* are set.
unset SEATALLOCATION_POSTGRES SEATALLOCATION_REDIS
require_servers

versions=("$@")
if ((${#versions[@]} == 0)); then versions=(2.13.23 3.4.35); fi

# --- the packed packages ---------------------------------------------------------------------------
shopt -s nullglob
redis_packages=(artifacts/packages/SeatAllocation.Redis.*.nupkg)
shopt -u nullglob
((${#redis_packages[@]} == 1)) ||
  fail "expected one artifacts/packages/SeatAllocation.Redis.*.nupkg, found ${#redis_packages[@]}; run 'dotnet pack -c Release' first (.ci/run does)"
package_version="$(basename "${redis_packages[0]}" .nupkg)"
package_version="${package_version#SeatAllocation.Redis.}"
for id in SeatAllocation.Core SeatAllocation.Postgres SeatAllocation.Redis SeatAllocation.Testing; do
  [[ -f "artifacts/packages/$id.$package_version.nupkg" ]] || fail "artifacts/packages/$id.$package_version.nupkg is missing; run 'dotnet pack -c Release'"
done
say "SeatAllocation packages $package_version from artifacts/packages"
packages_folder="$repo_root/artifacts/consumer/packages"

# --- throwaway servers -----------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/seatallocation-consumer-XXXXXX")"
redis_pid=""
pg_ctl_as=()
cleanup() {
  if [[ -n "$redis_pid" ]]; then kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true; fi
  if [[ -f "$work/pg/PG_VERSION" ]]; then "${pg_ctl_as[@]}" pg_ctl stop -D "$work/pg" -m immediate >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return
    fi
  done
}

# initdb refuses to run as root: then the server runs as the postgres system user (as ThrowawayPostgres does).
if [[ "$(id -u)" -eq 0 ]]; then
  chown postgres "$work"
  pg_ctl_as=(runuser -u postgres --)
fi
"${pg_ctl_as[@]}" initdb -D "$work/pg" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; fail "initdb failed"; }
for attempt in 1 2 3 4 5; do
  pg_port="$(free_port)"
  if "${pg_ctl_as[@]}" pg_ctl start -D "$work/pg" -l "$work/pg/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off" >/dev/null; then
    break
  fi
  ((attempt < 5)) || { cat "$work/pg/server.log" >&2; fail "PostgreSQL did not start"; }
done
say "PostgreSQL on 127.0.0.1:$pg_port"

for attempt in 1 2 3 4 5; do
  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
    >"$work/redis.log" 2>&1 </dev/null &
  redis_pid=$!
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null || ! kill -0 "$redis_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if kill -0 "$redis_pid" 2>/dev/null; then break; fi
  redis_pid=""
  ((attempt < 5)) || { cat "$work/redis.log" >&2; fail "redis-server did not start"; }
done
say "redis-server on 127.0.0.1:$redis_port"

# --- one build and run per StackExchange.Redis version -----------------------------------------------
for version in "${versions[@]}"; do
  say "== StackExchange.Redis $version"
  started=$SECONDS
  rm -rf "$packages_folder"/seatallocation.*
  dotnet build tests/PackageConsumer/PackageConsumer.csproj -c Release -nologo \
    -p:SeatAllocationVersion="$package_version" -p:StackExchangeRedisVersion="$version" \
    -p:RestorePackagesPath="$packages_folder"

  for id in SeatAllocation.Core SeatAllocation.Postgres SeatAllocation.Redis; do
    lower="${id,,}"
    restored="$(cat "$packages_folder/$lower/$package_version/$lower.$package_version.nupkg.sha512")"
    packed="$(openssl dgst -sha512 -binary "artifacts/packages/$id.$package_version.nupkg" | base64 -w0)"
    [[ "$restored" == "$packed" ]] || fail "$id $package_version was restored from somewhere other than artifacts/packages"
  done

  CONSUMER_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
  CONSUMER_REDIS="127.0.0.1:$redis_port" \
  CONSUMER_EXPECTED_REDIS_CLIENT="$version" \
  DOTNET_ENVIRONMENT=Production \
    dotnet "artifacts/consumer/$version/bin/Release/net10.0/PackageConsumer.dll"
  say "StackExchange.Redis $version: passed in $((SECONDS - started)) s"
done

# --- the conformance kit ----------------------------------------------------------------------------
say "== SeatAllocation.Testing: a third party's test project deriving from the packed suite"
started=$SECONDS
rm -rf "$packages_folder"/seatallocation.*
dotnet test tests/PackageConsumer.Testing/PackageConsumer.Testing.csproj -c Release -nologo \
  -p:SeatAllocationVersion="$package_version" -p:RestorePackagesPath="$packages_folder" \
  --logger "console;verbosity=minimal" --logger "trx;LogFileName=kit.trx" --results-directory "$work/kit"
for id in SeatAllocation.Core SeatAllocation.Testing; do
  lower="${id,,}"
  restored="$(cat "$packages_folder/$lower/$package_version/$lower.$package_version.nupkg.sha512")"
  packed="$(openssl dgst -sha512 -binary "artifacts/packages/$id.$package_version.nupkg" | base64 -w0)"
  [[ "$restored" == "$packed" ]] || fail "$id $package_version was restored from somewhere other than artifacts/packages"
done
# Every test of every suite, through the derived classes (one per suite), ran and passed: a suite whose tests xunit
# did not find in the package would "pass" with zero tests.
suite_tests="$(grep -rho '^ *\[Fact\]' src/SeatAllocation.Testing --include='*.cs' | wc -l)"
counters="$(grep -o '<Counters [^>]*>' "$work/kit/kit.trx")"
[[ "$counters" == *" total=\"$suite_tests\""* && "$counters" == *" passed=\"$suite_tests\""* ]] ||
  fail "expected the $suite_tests tests of the suite to run and pass, got: $counters"
say "SeatAllocation.Testing: $suite_tests suite tests passed in $((SECONDS - started)) s"
say "consumer test passed: ${versions[*]}, and the conformance kit"
