#!/usr/bin/env bash
# Runs the PostgreSQL and Redis tests against servers in Docker, through Testcontainers, with no
# fallback to the local binaries (SEATALLOCATION_TEST_SERVERS=docker):
#
#   eng/docker-test.sh [--no-build]
#
# 1. installs Debian's docker.io when docker is missing (as root; --no-upgrade, which keeps apt from
#    upgrading the installed PostgreSQL), and busybox-static for the local images;
# 2. starts dockerd when no engine answers, and stops it again at the end;
# 3. uses the images in SEATALLOCATION_POSTGRES_IMAGE / SEATALLOCATION_REDIS_IMAGE when set, else the
#    official postgres:15 and redis:7 when present or pullable, else builds local ones from this
#    machine's binaries (eng/docker-images.sh; CI here reaches no image registry);
# 4. runs every PostgreSQL test, and the Redis conformance suites (each strategy behind the Redis gate).
#    Tests that need the local binaries whatever the mode (the Redis fault tests restart Redis on its
#    port; the durable-server test of the benchmarks) are not part of this run; eng/test.sh runs them.
#
# Against an engine older than the client's default API (Docker 20.10 speaks 1.41, Testcontainers 4.16
# asks for 1.44) DOCKER_API_VERSION is set to the engine's version. Testcontainers' resource reaper
# (ryuk) is off unless TESTCONTAINERS_RYUK_DISABLED says otherwise: its image cannot be pulled
# without a registry, and the fixtures remove their containers themselves (a watchdog does it when
# the test host is killed).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf 'eng/docker-test.sh: %s\n' "$*"; }
fail() { printf 'eng/docker-test.sh: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=eng/prerequisites.sh
source eng/prerequisites.sh

build_args=()
if [[ "${1:-}" == "--no-build" ]]; then build_args=(--no-build); fi

require_dotnet
started=$SECONDS

# --- 1. Docker ------------------------------------------------------------------------------------
missing=()
if ! command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then missing+=(docker.io); fi
if [[ -z "${SEATALLOCATION_POSTGRES_IMAGE:-}" || -z "${SEATALLOCATION_REDIS_IMAGE:-}" ]]; then
  if ! command -v busybox >/dev/null 2>&1 || ldd "$(command -v busybox)" >/dev/null 2>&1; then missing+=(busybox-static); fi
fi
if ((${#missing[@]})); then
  [[ "$(id -u)" -eq 0 ]] || fail "missing: ${missing[*]}. Install them (Debian/Ubuntu): sudo apt-get install --no-upgrade ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || fail "missing: ${missing[*]}, and apt-get is not available to install them"
  # As checked on CI's machines: recommended packages included, and --no-upgrade, without which apt
  # also upgrades the installed PostgreSQL. The package does not start dockerd (no init system).
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-upgrade "${missing[@]}"
fi
command -v docker >/dev/null 2>&1 || fail "docker is still not installed"

# --- 2. The engine --------------------------------------------------------------------------------
dockerd_pid=
dockerd_log=
stop_dockerd() {
  if [[ -n "$dockerd_pid" ]] && kill -0 "$dockerd_pid" 2>/dev/null; then
    say "stopping the dockerd this script started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [[ -n "$dockerd_log" ]]; then rm -f "$dockerd_log"; fi
}
trap stop_dockerd EXIT

if ! docker info >/dev/null 2>&1; then
  [[ "$(id -u)" -eq 0 ]] || fail "no Docker engine answers; start one (e.g. sudo dockerd &) or run this script as root"
  dockerd_log="$(mktemp /tmp/seatallocation-dockerd.XXXXXX.log)"
  say "starting dockerd (log: $dockerd_log)"
  dockerd >"$dockerd_log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { cat "$dockerd_log" >&2; fail "dockerd exited"; }
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -n 40 "$dockerd_log" >&2; fail "dockerd did not answer within 30 s"; }
fi

engine_api="$(docker version --format '{{.Server.APIVersion}}')"
if [[ -z "${DOCKER_API_VERSION:-}" ]] && [[ "$(printf '%s\n' "$engine_api" 1.44 | sort -V | head -n 1)" != 1.44 ]]; then
  export DOCKER_API_VERSION="$engine_api"
fi
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
say "Docker engine $(docker version --format '{{.Server.Version}}') (API $engine_api); DOCKER_API_VERSION=${DOCKER_API_VERSION:-unset}, TESTCONTAINERS_RYUK_DISABLED=$TESTCONTAINERS_RYUK_DISABLED"

# --- 3. Images ------------------------------------------------------------------------------------
have_image() { docker image inspect "$1" >/dev/null 2>&1 || docker pull --quiet "$1" >/dev/null 2>&1; }
if [[ -z "${SEATALLOCATION_POSTGRES_IMAGE:-}" || -z "${SEATALLOCATION_REDIS_IMAGE:-}" ]]; then
  if have_image postgres:15 && have_image redis:7; then
    say "using the official images postgres:15 and redis:7"
  else
    say "the official images cannot be pulled; building local ones (eng/docker-images.sh)"
    image_exports="$(bash eng/docker-images.sh --print)" # an assignment, so a failed build stops the script
    eval "$image_exports"
  fi
fi
say "images: SEATALLOCATION_POSTGRES_IMAGE=${SEATALLOCATION_POSTGRES_IMAGE:-postgres:15 (default)}, SEATALLOCATION_REDIS_IMAGE=${SEATALLOCATION_REDIS_IMAGE:-redis:7 (default)}"

# --- 4. Tests -------------------------------------------------------------------------------------
export SEATALLOCATION_TEST_SERVERS=docker
# The fixtures must start their own containers, not use servers named in the environment.
unset SEATALLOCATION_POSTGRES SEATALLOCATION_REDIS
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-30000}"
# Normal verbosity shows the fixtures' lines saying which container each test host used.
test_args=(-c Release "${build_args[@]}" --logger "console;verbosity=normal" --blame-hang-timeout 5m --blame-hang-dump-type mini)

say "PostgreSQL tests in Docker"
dotnet test tests/SeatAllocation.Postgres.Tests "${test_args[@]}"
say "Redis conformance suites in Docker"
dotnet test tests/SeatAllocation.Redis.Tests "${test_args[@]}" --filter "FullyQualifiedName~ConformanceTests"

# The fixtures remove their containers when the test host exits (or their watchdogs do, just after).
for _ in $(seq 1 20); do
  leftover="$(docker ps -aq --filter label=org.seatallocation.tests)"
  [[ -z "$leftover" ]] && break
  sleep 0.5
done
if [[ -n "$leftover" ]]; then
  docker rm -f -v $leftover >/dev/null
  fail "the fixtures left containers behind: $(echo $leftover)"
fi
say "tests in Docker passed in $((SECONDS - started)) s"
