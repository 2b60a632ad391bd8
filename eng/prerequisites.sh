# Shared by eng/test.sh and eng/demo.sh (sourced, not run): checks for the .NET 10 SDK and installs
# missing server packages. Callers define `say` and `fail` first.

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 ||
    fail "'dotnet' is not on PATH. Install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
    fail "the .NET 10 SDK is required (global.json); 'dotnet --list-sdks' shows: $(dotnet --list-sdks 2>&1 | tr '\n' ' ')"
}

# Newest /usr/lib/postgresql/<version>/bin holding initdb (Debian's layout; not on PATH there).
newest_postgres_bin() {
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
# redis-cli (Debian: redis-tools, which redis-server depends on) creates the Redis Cluster of the cluster tests.
have_redis() { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; }

# install_packages PACKAGE...: installs Debian packages as root, without starting their services
# (the scripts start throwaway servers and must not depend on the packaged ones); otherwise says how.
install_packages() {
  if [[ "$(id -u)" -ne 0 ]]; then
    fail "missing prerequisites: $*.
Install them (Debian/Ubuntu):  sudo apt-get install -y --no-install-recommends $*
or point at existing servers: SEATALLOCATION_POSTGRES (Npgsql connection string),
SEATALLOCATION_REDIS (StackExchange.Redis configuration string)."
  fi
  command -v apt-get >/dev/null 2>&1 ||
    fail "missing prerequisites: $*, and apt-get is not available to install them. Install them with your package manager."

  say "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  local policy=/usr/sbin/policy-rc.d remove_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# added by eng/prerequisites.sh while installing packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    remove_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update
  # --no-upgrade: installing must not upgrade what the machine already has (its PostgreSQL among them).
  apt-get install -y --no-install-recommends --no-upgrade "$@"
  if ((remove_policy)); then
    rm -f "$policy"
    trap - EXIT
  fi
}

# Debian installs initdb/pg_ctl off PATH; put them on it (the fixtures also look there themselves).
put_postgres_on_path() {
  local pg_bin
  if ! command -v initdb >/dev/null 2>&1 && pg_bin="$(newest_postgres_bin)"; then
    export PATH="$pg_bin:$PATH"
  fi
}

# Makes sure the PostgreSQL server binaries and redis-server are there (installing the Debian
# packages when root) unless SEATALLOCATION_POSTGRES / SEATALLOCATION_REDIS name servers to use,
# and puts PostgreSQL's binaries on PATH. Uses the caller's fail().
require_servers() {
  local missing=()
  if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then missing+=(postgresql); fi
  if [[ -z "${SEATALLOCATION_REDIS:-}" ]] && ! have_redis; then missing+=(redis-server redis-tools); fi
  if ((${#missing[@]})); then
    install_packages "${missing[@]}"
    if [[ -z "${SEATALLOCATION_POSTGRES:-}" ]] && ! have_postgres; then fail "PostgreSQL server binaries still not found after installing postgresql"; fi
    if [[ -z "${SEATALLOCATION_REDIS:-}" ]] && ! have_redis; then fail "redis-server or redis-cli still not found after installing redis-server redis-tools"; fi
  fi
  put_postgres_on_path
}

# Makes sure a Chromium is on PATH for the Web API sample's browser test of /docs (installing
# Debian's `chromium` when root). Uses the caller's fail().
require_chromium() {
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
    install_packages chromium
    command -v chromium >/dev/null 2>&1 || fail "chromium still not found after installing it"
  fi
}

# Runs "$@" in the background and exits with its exit code. The background keeps it stoppable:
# whatever ends the calling script (Ctrl+C, SIGTERM, an error) sends it SIGTERM and waits, so it can
# stop the apps and throwaway servers it started. A background job ignores Ctrl+C itself, so the
# traps forward it.
run_stoppable() {
  stoppable_pid=
  trap 'if [[ -n "$stoppable_pid" ]] && kill -0 "$stoppable_pid" 2>/dev/null; then kill -TERM "$stoppable_pid" 2>/dev/null || true; wait "$stoppable_pid" 2>/dev/null || true; fi' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "$@" &
  stoppable_pid=$!
  local rc=0
  wait "$stoppable_pid" || rc=$?
  stoppable_pid=
  exit "$rc"
}
