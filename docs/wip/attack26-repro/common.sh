#!/usr/bin/env bash
# Shared helpers of the session-26 attack scripts. Source it; set NAME first.
#   CLI  : tirkeu-cli binary (default: the one found under /work/cold/build*)
#   W    : the script's work folder (/work/attack26/work/$NAME, recreated)
#   DB   : the register (SQLite file in $W, or a PostgreSQL URL after pg_up)
set -u
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
CLI=${CLI:-/work/attack26/bin/tirkeu-cli}
OCSP=${OCSP:-/work/attack26/bin/tirkeu-ocsp}
[ -x "$CLI" ] || { echo "tirkeu-cli not found (set CLI=)"; exit 99; }
W=/work/attack26/work/${NAME:?}
rm -rf "$W"; mkdir -p "$W"; chmod 700 "$W"
export HOME=$W/home XDG_DATA_HOME=$W/home/.local/share XDG_CONFIG_HOME=$W/home/.config
mkdir -p "$HOME"
DB=${DB:-$W/register.sqlite}
say() { echo "== $*"; }
# cli ARGS: run tirkeu-cli on $DB; stdout in $W/out, stderr in $W/err; prints "rc=N"
cli() { "$CLI" --db "$DB" --lang en "$@" >"$W/out" 2>"$W/err" </dev/null; local rc=$?; return $rc; }
as() { local who=$1; shift; cli --as "$who" --password-file "$W/$who.pw" "$@"; }
show() { local rc=$1; echo "   rc=$rc out: $(head -c 400 "$W/out" | tr '\n' ' ')"; [ -s "$W/err" ] && echo "   err: $(head -c 400 "$W/err" | tr '\n' ' ')"; return 0; }
jget() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2], ""); print(v)' "$W/out" "$1" 2>/dev/null; }
newiin() { # a valid IIN: YYMMDD + century/sex digit + 4 digits + check digit
    python3 - "$1" <<'PY'
import sys, random
random.seed(int(sys.argv[1]))
while True:
    d = "9%d%02d%02d3%04d" % (random.randint(0,9), random.randint(1,12), random.randint(1,28), random.randint(0,9999))
    d = [int(c) for c in d]
    w1 = list(range(1,12)); w2 = [3,4,5,6,7,8,9,10,11,1,2]
    c = sum(a*b for a,b in zip(d,w1)) % 11
    if c == 10:
        c = sum(a*b for a,b in zip(d,w2)) % 11
        if c == 10: continue
    print("".join(map(str,d)) + str(c)); break
PY
}
write_app() { # FILE IIN SURNAME NAME [EMAIL]
    cat >"$1" <<J
{"iin":"$2","surname":"$3","name":"$4","region":"Almaty","city":"Konaev","email":"${5:-a@example.kz}",
 "phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":"$(TZ=Asia/Almaty date +%F)"}
J
}
setup() { # a register with admin, op, off1, off2, aud; NCA with a P-256 key and pointers
    for who in admin op off1 off2 aud; do echo "$who-Password-2026" >"$W/$who.pw"; chmod 600 "$W/$who.pw"; done
    echo "ca-Passphrase-2026-xyz" >"$W/ca.pass"; chmod 600 "$W/ca.pass"
    cli db init --admin admin --admin-name "Admin" --admin-password-file "$W/admin.pw" ${APPROLE:+--app-role $APPROLE} || { show $?; return 1; }
    local lr
    for lr in op:operator off1:officer off2:officer aud:auditor; do
        TIRKEU_NEW_PASSWORD="${lr%%:*}-Password-2026" as admin operator add --login "${lr%%:*}" --name "Test ${lr%%:*}" --role "${lr##*:}" || { show $?; return 1; }
    done
    as admin ca add --code NCA --name "Attack Test CA" --kind national || { show $?; return 1; }
    as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" || { show $?; return 1; }
    as admin ca set --code NCA cdp_url=http://crl.example.kz/NCA.crl freshest_url=http://crl.example.kz/NCA-delta.crl \
        aia_url=http://ca.example.kz/NCA.cer ocsp_url=http://ocsp.example.kz cps_uri=http://example.kz/cps || { show $?; return 1; }
}
N_APP=0
submit_approve() { # [IIN] [SURNAME] -> APP ; registered by op, approved by off2
    N_APP=$((N_APP+1))
    local iin=${1:-$(newiin $N_APP)}
    write_app "$W/app$N_APP.json" "$iin" "${2:-Kasymova}" "Aliya"
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/app$N_APP.json" --attachments identity_document_copy --consent --json || { show $?; return 1; }
    APP=$(jget id)
    as off2 application approve "$APP" || { show $?; return 1; }
}
mkcsr() { # OUT.csr [KEY] : a fresh P-256 request
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "${2:-$1.key}" -subj "/CN=holder" -out "$1" 2>/dev/null
}
issue() { # APP CSR OUT -> SERIAL
    as off1 certificate issue --application "$1" --csr "$2" --out "$3" --ca-passphrase-file "$W/ca.pass" --json || return $?
    SERIAL=$(jget serial)
}
# ---- PostgreSQL: a private server (as tests/pg/pg_server.sh), roles tirkeu_owner / tirkeu_app
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGDIR=/work/attack26/pg
PGPORT=${PGPORT:-55426}
pg_up() {
    export PGHOST=127.0.0.1 PGPORT PGUSER=tirkeu
    if ! "$PG_BIN/pg_isready" -h 127.0.0.1 -p $PGPORT -q 2>/dev/null; then
        if [ ! -d "$PGDIR/data" ]; then
            mkdir -p "$PGDIR"; chown postgres: "$PGDIR"; chmod 700 "$PGDIR"
            runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDIR/data" -U tirkeu --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log"; return 1; }
        fi
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=200" start >/dev/null || { cat "$PGDIR/server.log"; return 1; }
        psql -q -d postgres -c "CREATE ROLE tirkeu_owner LOGIN CREATEDB" -c "CREATE ROLE tirkeu_app LOGIN" 2>/dev/null
    fi
}
pg_newdb() { # NAME -> sets DB_OWNER, DB (app role)
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER tirkeu_owner" >/dev/null
    psql -q -d $1 -c "REVOKE ALL ON SCHEMA public FROM PUBLIC" -c "ALTER SCHEMA public OWNER TO tirkeu_owner" >/dev/null 2>&1
    DB_OWNER="postgresql://tirkeu_owner@127.0.0.1:$PGPORT/$1"
    DB_APP="postgresql://tirkeu_app@127.0.0.1:$PGPORT/$1"
}
pg_down() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop; }
