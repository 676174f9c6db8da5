#!/usr/bin/env bash
# Shared helpers of the session-28 attack scripts (input files). Source it; set NAME first.
#   CLI : tirkeu-cli binary (default: /work/attack28/bin/tirkeu-cli, built from main 23d89c5)
#   W   : the script's work folder (/work/attack28/work/$NAME, recreated)
#   DB  : the register (SQLite file in $W)
set -u
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
ATTACK_ROOT=${ATTACK_ROOT:-/work/attack28} # session 29 sources this file with /work/attack29
CLI=${CLI:-$ATTACK_ROOT/bin/tirkeu-cli}

W=$ATTACK_ROOT/work/${NAME:?}
rm -rf "$W"; mkdir -p "$W"; chmod 700 "$W"
export HOME=$W/home XDG_DATA_HOME=$W/home/.local/share XDG_CONFIG_HOME=$W/home/.config
mkdir -p "$HOME"
DB=${DB:-$W/register.sqlite}
say() { echo "== $*"; }
cli() { "$CLI" --db "$DB" --lang en "$@" >"$W/out" 2>"$W/err" </dev/null; }
as() { local who=$1; shift; cli --as "$who" --password-file "$W/$who.pw" "$@"; }
show() { local rc=$1; echo "   rc=$rc out: $(head -c ${SHOWN:-500} "$W/out" | tr '\n' ' ')"; [ -s "$W/err" ] && echo "   err: $(head -c ${SHOWN:-500} "$W/err" | tr '\n' ' ')"; return 0; }
jget() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2], ""); print(v)' "$W/out" "$1" 2>/dev/null; }
verify() { as aud audit verify; local rc=$?; echo "   audit verify: rc=$rc $(head -c 200 "$W/out" "$W/err" | tr '\n' ' ')"; }
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
staff() { # admin, op, off1, off2, aud
    for who in admin op off1 off2 aud; do echo "$who-Password-2026" >"$W/$who.pw"; chmod 600 "$W/$who.pw"; done
    echo "ca-Passphrase-2026-xyz" >"$W/ca.pass"; chmod 600 "$W/ca.pass"
    cli db init --admin admin --admin-name "Admin" --admin-password-file "$W/admin.pw" || { show $?; return 1; }
    local lr
    for lr in op:operator off1:officer off2:officer aud:auditor; do
        TIRKEU_NEW_PASSWORD="${lr%%:*}-Password-2026" as admin operator add --login "${lr%%:*}" --name "Test ${lr%%:*}" --role "${lr##*:}" || { show $?; return 1; }
    done
}
pointers() { # CODE
    as admin ca set --code "$1" cdp_url=http://crl.example.kz/$1.crl freshest_url=http://crl.example.kz/$1-delta.crl \
        aia_url=http://ca.example.kz/$1.cer ocsp_url=http://ocsp.example.kz cps_uri=http://example.kz/cps || { show $?; return 1; }
}
setup() { # staff + NCA (self-signed national CA, P-256) with pointers
    staff || return 1
    as admin ca add --code NCA --name "Attack Test CA" --kind national || { show $?; return 1; }
    as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/nca.pem" || { show $?; return 1; }
    pointers NCA
}
setup_sub() { # staff + ROOT (root, p256) + SUB (national, subordinate, p256, key waiting): $W/root.p8 $W/sub.p8 $W/sub.csr
    staff || return 1
    as admin ca add --code ROOT --name "Attack Root CA" --kind root || { show $?; return 1; }
    as admin ca init --code ROOT --key-algorithm p256 --key-out "$W/root.p8" --passphrase-file "$W/ca.pass" --cert-out "$W/root.pem" || { show $?; return 1; }
    as admin ca add --code SUB --name "Attack Sub CA" --kind national || { show $?; return 1; }
    pointers SUB || return 1   # before the key: 'ca set' is refused while a key waits for its certificate (finding)
    as admin ca init --code SUB --key-algorithm p256 --key-out "$W/sub.p8" --passphrase-file "$W/ca.pass" --subordinate --csr-out "$W/sub.csr" || { show $?; return 1; }
}
N_APP=0
submit_approve() { # [IIN] [SURNAME] [CA] -> APP ; registered by op, approved by off2
    N_APP=$((N_APP+1))
    local iin=${1:-$(newiin $N_APP)}
    write_app "$W/app$N_APP.json" "$iin" "${2:-Kasymova}" "Aliya"
    as op application submit --ca "${3:-NCA}" --form NCA-ISSUE-IND --data "$W/app$N_APP.json" --attachments identity_document_copy --consent --json || { show $?; return 1; }
    APP=$(jget id)
    as off2 application approve "$APP" || { show $?; return 1; }
}
mkcsr() { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "${2:-$1.key}" -subj "/CN=holder" -out "$1" 2>/dev/null; }
issue() { # APP CSR OUT [CA-PASS]-> SERIAL
    as off1 certificate issue --application "$1" --csr "$2" --out "$3" --ca-passphrase-file "$W/ca.pass" --json || return $?
    SERIAL=$(jget serial)
}
q() { sqlite3 "$DB" "$@"; }

# ---- OCSP (session 28) ----
OCSP=${OCSP:-$ATTACK_ROOT/bin/tirkeu-ocsp}
OCSP_PID=
ocsp_signer() { # CODE : delegated signer $W/ocsp-CODE.p8
    echo "ocsp-Passphrase-2026-xyz" >$W/ocsp.pass; chmod 600 $W/ocsp.pass
    as off1 ocsp init-signer --ca "$1" --key-out $W/ocsp-$1.p8 --passphrase-file $W/ocsp.pass --ca-passphrase-file $W/ca.pass --cert-out $W/ocsp-$1.pem || { show $?; return 1; }
}
ocsp_start() { # CODE... (register $DB unless REG= given); extra [responder] lines in OCSP_EXTRA
    { echo "[responder]"; echo "register = ${REG:-$DB}"; echo "listen = 127.0.0.1"; echo "port = 0"; echo "threads = 2"
      echo "cache_seconds = ${CACHE_SECONDS:-300}"; echo "poll_ms = 200"; echo "log_requests = true"; echo "${OCSP_EXTRA:-}"
      for c in "$@"; do echo "[ca $c]"; echo "key = file:$W/ocsp-$c.p8"; echo "secret_file = $W/ocsp.pass"; done; } >$W/ocsp.conf
    chmod 600 $W/ocsp.conf; rm -f $W/ocsp.port
    "$OCSP" --config $W/ocsp.conf --port-file $W/ocsp.port >$W/ocsp.log 2>&1 &
    OCSP_PID=$!
    for _ in $(seq 50); do [ -s $W/ocsp.port ] && break; sleep 0.2; done
    [ -s $W/ocsp.port ] || { echo "responder did not start: $(cat $W/ocsp.log)"; return 1; }
    OCSP_URL=http://127.0.0.1:$(cat $W/ocsp.port)
    trap 'ocsp_stop' EXIT
}
ocsp_stop() { [ -n "$OCSP_PID" ] && kill "$OCSP_PID" 2>/dev/null; wait "$OCSP_PID" 2>/dev/null; OCSP_PID=; }
# ocspq ISSUER.pem CERT.pem|-serial N [openssl ocsp options...] -> status line(s)
ocspq() {
    local issuer=$1; shift
    local what=(-cert "$1"); case "$1" in -serial) what=(-serial "$2"); shift;; esac; shift
    openssl ocsp "$@" -issuer "$issuer" "${what[@]}" -url "$OCSP_URL" -noverify -resp_text 2>&1 |
        grep -E "OCSP Response Status|Cert Status|Revocation Reason|^[^ ].*: (good|revoked|unknown)|Error|unauthorized|malformed" | tr -s ' ' | tr '\n' ' '
}
