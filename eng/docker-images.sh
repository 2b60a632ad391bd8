#!/usr/bin/env bash
# Builds local Docker images of PostgreSQL and Redis from this machine's installed binaries, for
# machines whose Docker engine cannot pull images (CI here has no registry):
#
#   eng/docker-images.sh            builds seatallocation-local/postgres:<major> and seatallocation-local/redis:<major>
#   eng/docker-images.sh --print    builds them, then prints only the `export` lines for the fixtures
#
# With a registry, none of this is needed: the fixtures pull the official postgres and redis images.
# Each image is a folder holding the server binaries, the shared libraries `ldd` lists for them and
# busybox as /bin/sh, made into an image with `tar | docker import` (which keeps the files' owners, so
# the data directory belongs to the postgres user; a Dockerfile COPY made it root's and initdb failed).
# The entrypoints do what the tests rely on in the official images' entrypoints:
#   PostgreSQL: initdb with POSTGRES_USER / POSTGRES_PASSWORD, POSTGRES_DB created, password auth over
#               TCP, extra arguments passed to postgres (`-c fsync=off` ...), pg_isready on PATH;
#   Redis:      redis-server with protected mode off (clients come through Docker's port mapping),
#               extra arguments passed on, redis-cli on PATH.
# Needs root (to give files to uid 999), docker, busybox-static, and the PostgreSQL server and
# redis-server packages. Takes about 10 s.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'eng/docker-images.sh: %s\n' "$*" >&2; }
fail() { printf 'eng/docker-images.sh: error: %s\n' "$*" >&2; exit 1; }

print_exports=0
if [[ "${1:-}" == "--print" ]]; then print_exports=1; fi

# shellcheck source=eng/prerequisites.sh
source "$repo_root/eng/prerequisites.sh"

[[ "$(id -u)" -eq 0 ]] || fail "run as root (the images' files must belong to uid 999)"
command -v docker >/dev/null 2>&1 || fail "docker is not installed"
docker info >/dev/null 2>&1 || fail "the Docker engine does not answer (is dockerd running? DOCKER_API_VERSION=${DOCKER_API_VERSION:-unset})"
busybox="$(command -v busybox || true)"
# ldd fails on a static executable, which is what the images need (they hold no libc for busybox).
if [[ -z "$busybox" ]] || ldd "$busybox" >/dev/null 2>&1; then
  fail "a statically linked busybox is required (apt-get install busybox-static)"
fi
pg_bin="$(newest_postgres_bin)" || fail "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
redis_server="$(command -v redis-server || true)"
redis_cli="$(command -v redis-cli || true)"
[[ -n "$redis_server" && -n "$redis_cli" ]] || fail "redis-server and redis-cli are required (apt-get install redis-server)"

pg_major="$(basename "$(dirname "$pg_bin")")"
pg_share="/usr/share/postgresql/$pg_major"
pg_lib="/usr/lib/postgresql/$pg_major/lib"
redis_major="$("$redis_server" --version | sed -n 's/.* v=\([0-9]*\)\..*/\1/p')"
postgres_image="seatallocation-local/postgres:$pg_major"
redis_image="seatallocation-local/redis:$redis_major"

work="$(mktemp -d /tmp/seatallocation-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# new_root DIR: an empty merged-/usr root (like Debian's) with busybox as /bin/sh and its applets.
new_root() {
  local root=$1 applet
  mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,usr/local/bin,etc,tmp,var/run}
  ln -s usr/bin "$root/bin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  cp "$busybox" "$root/usr/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ -e "$root/usr/bin/$applet" ]] || ln -s busybox "$root/usr/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
}

# copy_with_libraries ROOT FILE...: copies each file (following links) and every library ldd lists for it.
copy_with_libraries() {
  local root=$1 file library
  shift
  for file in "$@"; do
    mkdir -p "$root$(dirname "$file")"
    cp -L "$file" "$root$file"
    while read -r library; do
      if [[ -n "$library" && ! -e "$root$library" ]]; then
        mkdir -p "$root$(dirname "$library")"
        cp -L "$library" "$root$library"
      fi
    done < <(ldd "$file" 2>/dev/null | grep -o '/[^ ]*' || true)
  done
}

# import ROOT IMAGE CHANGE...: the folder as an image (tar keeps owners; --numeric-owner keeps uid 999).
import() {
  local root=$1 image=$2 arguments=() change
  shift 2
  for change in "$@"; do arguments+=(--change "$change"); done
  tar --numeric-owner -C "$root" -c . | docker import "${arguments[@]}" - "$image" >/dev/null
  say "built $image"
}

started=$SECONDS

# --- PostgreSQL -----------------------------------------------------------------------------------
root="$work/postgres"
new_root "$root"
printf 'postgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n' >>"$root/etc/passwd"
printf 'postgres:x:999:\n' >>"$root/etc/group"
# Every server binary and extension library (auto_explain among them), without the JIT (LLVM is large
# and a test server has no use for it; PostgreSQL runs without JIT when its provider is missing).
mapfile -t pg_files < <(find "$pg_bin" "$pg_lib" -type f ! -name 'llvmjit*' ! -path '*/bitcode/*')
copy_with_libraries "$root" "${pg_files[@]}"
mkdir -p "$root$pg_share" "$root/usr/share"
cp -a "$pg_share/." "$root$pg_share/"
# Debian builds PostgreSQL against the system time zone database.
cp -a /usr/share/zoneinfo "$root/usr/share/zoneinfo"
mkdir -p "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Local test image (eng/docker-images.sh): what the tests use of the official image's entrypoint.
set -eu
case "${1:-}" in -*|'') set -- postgres "$@" ;; esac
if [ "$1" = postgres ]; then
  shift
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set, as with the official image}"
    password_file="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
    initdb -D "$PGDATA" -U "$user" --pwfile="$password_file" -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$password_file"
    printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    if [ "$database" != postgres ]; then
      printf 'CREATE DATABASE "%s"\n' "$database" | postgres --single -D "$PGDATA" postgres >/dev/null
    fi
  fi
  exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
EOF
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
import "$root" "$postgres_image" \
  "ENV PATH=$pg_bin:/usr/local/bin:/usr/bin" \
  'ENV PGDATA=/var/lib/postgresql/data' \
  'USER postgres' \
  'WORKDIR /var/lib/postgresql' \
  'EXPOSE 5432' \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["postgres"]'

# --- Redis ----------------------------------------------------------------------------------------
root="$work/redis"
new_root "$root"
printf 'redis:x:999:999:redis:/data:/bin/sh\n' >>"$root/etc/passwd"
printf 'redis:x:999:\n' >>"$root/etc/group"
# Debian's redis-server is a link to redis-check-rdb, which acts by the name it is run as: copy it under its own name.
copy_with_libraries "$root" "$redis_cli"
cp -L "$redis_server" "$root/usr/bin/redis-server"
copy_with_libraries "$root" "$(readlink -f "$redis_server")"
mkdir -p "$root/data"
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Local test image (eng/docker-images.sh): like the official image, protected mode is off (clients
# come through Docker's port mapping) and arguments starting with '-' go to redis-server.
set -eu
case "${1:-}" in -*|'') set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  shift
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
EOF
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
chown -R 999:999 "$root/data"
import "$root" "$redis_image" \
  'ENV PATH=/usr/local/bin:/usr/bin' \
  'USER redis' \
  'WORKDIR /data' \
  'EXPOSE 6379' \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["redis-server"]'

say "images built in $((SECONDS - started)) s; the fixtures use them with:"
exports="export SEATALLOCATION_POSTGRES_IMAGE=$postgres_image
export SEATALLOCATION_REDIS_IMAGE=$redis_image"
if ((print_exports)); then printf '%s\n' "$exports"; else printf '%s\n' "$exports" >&2; fi
