#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL server: initdb in a temporary directory, postgres on
# a free loopback port (socket in the same directory; no system service, nothing outside the temp
# dir), then `"$@"` with
#   TIRKEU_TEST_DB=postgresql
#   TIRKEU_TEST_PG=postgresql://tirkeu@127.0.0.1:PORT/postgres   (superuser; tests create databases)
# and the server is stopped and removed afterwards, whatever the command's outcome.
# The two roles of the production set-up (README "Trust model") exist too, without superuser rights:
#   tirkeu_owner  the schema owner (db init / db migrate), CREATEDB
#   tirkeu_app    the application role; db init --app-role tirkeu_app grants it what it needs
# (TIRKEU_TEST_PG_OWNER / TIRKEU_TEST_PG_APP hold their addresses of the maintenance database).
# As root, initdb/postgres (which refuse to run as root) run as the `postgres` system user.
# Usage: pg_server.sh COMMAND [ARGS...]      (PG_BIN overrides /usr/lib/postgresql/<newest>/bin)
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "pg_server.sh: PostgreSQL server binaries not found (install the Debian package postgresql)" >&2
    exit 77
fi

# The server's files live in a RAM file system when it has room (TIRKEU_PG_TMPDIR overrides): every
# CREATE and DROP DATABASE creates and deletes some 300 files, and on ext4 finding free inodes among the
# recently deleted ones (recently_deleted/find_inode_bit) was half of the PostgreSQL servers' CPU time in
# a -j2 run of the .pg tests (perf). /dev/shm can be small (64 MiB in a container): /tmp then.
base=${TIRKEU_PG_TMPDIR:-}
if [ -z "$base" ]; then
    base=/tmp
    shm_free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
    if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${shm_free:-0}" -ge 1048576 ]; then
        base=/dev/shm
    fi
fi
tmp=$(mktemp -d "$base/tirkeu-pg.XXXXXX")
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$tmp"
    as_owner=(runuser -u postgres --)
fi
chmod 700 "$tmp"

cleanup() {
    if [ -f "$tmp/data/postmaster.pid" ]; then
        "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

initdb_into() { # $1: a new data directory
    "${as_owner[@]}" "$PG_BIN/initdb" -D "$1" -U tirkeu --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; return 1; }
}
# initdb takes about a second and the same cluster serves every test: with TIRKEU_PG_TEMPLATE (ctest
# sets it to a folder of the build tree) it runs once per PostgreSQL version, under a lock, into a
# staging folder renamed when complete, and each test starts from a copy (cp -a keeps the owner and
# the 0700 mode postgres insists on).
if [ -n "${TIRKEU_PG_TEMPLATE:-}" ]; then
    # Keyed by the server's version and the initdb options above (change "o1" when they change).
    version=$("$PG_BIN/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)
    template="$TIRKEU_PG_TEMPLATE/pg$version-o1"
    if [ ! -f "$template/ready" ]; then
        mkdir -p "$TIRKEU_PG_TEMPLATE"
        (
            flock 9
            if [ ! -f "$template/ready" ]; then
                staging=$(mktemp -d "$TIRKEU_PG_TEMPLATE/staging.XXXXXX")
                [ "$(id -u)" -eq 0 ] && chown postgres: "$staging"
                chmod 700 "$staging"
                initdb_into "$staging/data" || { rm -rf "$staging"; exit 1; }
                touch "$staging/ready"
                rm -rf "$template"
                mv "$staging" "$template"
            fi
        ) 9>"$TIRKEU_PG_TEMPLATE/.lock" || exit 1
    fi
    cp -a "$template/data" "$tmp/data"
else
    initdb_into "$tmp/data" || exit 1
fi
# Debian's python3 (scripts/install-deps.sh installs it) when there: a python3 found first on the PATH
# may be a version manager's shim that takes 0.3 s to start (pyenv, seen), once per test.
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
# A free loopback port: ask the kernel, then release it for postgres. Tests run in parallel (ctest -j),
# so another test may take the port in between: then try again with a new one.
for attempt in 1 2 3 4 5; do
    port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        break
    fi
    if [ "$attempt" -eq 5 ] || ! grep -qiE 'could not (bind|create listen socket)|address already in use' "$tmp/server.log"; then
        cat "$tmp/server.log" >&2
        exit 1
    fi
done

"${as_owner[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U tirkeu -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE tirkeu_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE" \
    -c "CREATE ROLE tirkeu_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" >"$tmp/roles.log" 2>&1 ||
    { cat "$tmp/roles.log" >&2; exit 1; }

export TIRKEU_TEST_DB=postgresql
export TIRKEU_TEST_PG="postgresql://tirkeu@127.0.0.1:$port/postgres"
export TIRKEU_TEST_PG_OWNER="postgresql://tirkeu_owner@127.0.0.1:$port/postgres"
export TIRKEU_TEST_PG_APP="postgresql://tirkeu_app@127.0.0.1:$port/postgres"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=tirkeu
set +e
"$@"
rc=$?
set -e
exit $rc
