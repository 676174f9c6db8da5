#!/usr/bin/env bash
# Attack replay for Tirkeu issues 12 (register integrity) and 13 (issuance refusals).
#
#   replay.sh BUILD_DIR [ATTACK...]        run every attack (or only the named ones)
#   replay.sh --list                       list the attacks
#
# Each attack runs in its own fresh temporary folder (a new SQLite register set up with the documented
# CLI), under a timeout, headless (QT_QPA_PLATFORM=offscreen), with HOME/XDG folders pointing into
# that temporary folder, and prints exactly one line:
#   ATTACK name: DETECTED|REFUSED|SILENT|N/A|ERROR (details)
# DETECTED: the change went in but `audit verify` (with --anchors/--crl when the build has them) exits 8.
# REFUSED:  the database or the CLI refused the attack; nothing changed.
# SILENT:   the attack succeeded and `audit verify` says intact — the failure the issues are about.
# N/A:      the build lacks a command the attack needs.   ERROR: the replay itself went wrong (see log).
# Needs: bash, coreutils timeout, sqlite3, openssl, python3 with python3-cryptography.
# Environment: ATTACK_TIMEOUT (seconds per attack, default 300), KEEP=1 keeps the temporary folders.
set -u

SELF=$(readlink -f "$0")

ATTACKS=(
    db-backup-without-signin
    db-restore-without-signin
    db-migrate-without-signin
    backup-revoke-publish-restore
    backup-restore-accept-rollback
    file-copy-rollback
    update-status-valid
    update-status-valid-no-triggers
    delete-revocation
    delete-revocation-no-triggers
    shorten-retention
    sweep-flag-then-delete
    replace-audit-event
    replace-certificate
    replace-revocation
    replace-certificate-der-no-triggers
    truncate-audit-tail
    forged-appended-event
    forged-event-rebinds-rows
    forged-event-hides-unpublished-revocation
    rehash-whole-chain
    rehash-signed-day
    truncate-signed-day
    fake-archive-batch
    signin-30-wrong-then-right
    signin-unknown-login-timing
    csr-rsa-e1
    csr-rsa-e3
    csr-ec-explicit-curve
    csr-reused-key
    csr-key-compromised-key
    name-nul
    name-bidi-u202e
    name-zero-width
)

# ---------------------------------------------------------------- helpers (used inside one attack)

log() { echo "[$(date -u +%T)] $*" >>"$W/log"; }

result() { # OUTCOME DETAILS
    echo "ATTACK $NAME: $1 (${2:-})"
    exit 0
}

# cli ARGS…: tirkeu-cli on this attack's register, output in $W/out / $W/err, exit code returned.
cli() {
    log "cli $*"
    local rc try
    for try in 1 2 3 4 5 6; do # 126/127: the binary is being relinked right now; wait for it
        timeout -k 5 "${CLI_TIMEOUT:-90}" "$CLI" --db "$DB" --lang en "$@" >"$W/out" 2>"$W/err" </dev/null
        rc=$?
        [ $rc = 126 ] || [ $rc = 127 ] || break
        log "  rc=$rc (binary not runnable), retrying in 20 s"
        sleep 20
    done
    { echo "  rc=$rc"; sed 's/^/  out: /' "$W/out" | head -40; sed 's/^/  err: /' "$W/err" | head -20; } >>"$W/log"
    return $rc
}
as() { # LOGIN ARGS…
    local who=$1
    shift
    cli --as "$who" --password-file "$W/$who.pw" "$@"
}
errline() { tr '\n' ' ' <"$W/err" | sed 's/tirkeu-cli: error: //; s/  */ /g' | cut -c1-160; }
jget() { # KEY: a top-level value of the JSON in $W/out
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2], ""); print(v if not isinstance(v, bool) else str(v).lower())' "$W/out" "$1" 2>/dev/null
}
sql() { # SQL…: sqlite3 on the register (stderr in $W/sqlerr); prints the output
    log "sqlite3: $*"
    timeout 30 sqlite3 -batch "$DB" "$@" 2>"$W/sqlerr"
    local rc=$?
    sed 's/^/  sqlerr: /' "$W/sqlerr" >>"$W/log"
    return $rc
}
sqlerr() { tr '\n' ' ' <"$W/sqlerr" | cut -c1-160; }

has_command() { # "audit key init": the build's tirkeu-cli knows that command
    timeout 30 "$CLI" --help 2>/dev/null | grep -qE "^  $1 "
}
has_option() { # COMMAND-WORDS… OPTION: `tirkeu-cli COMMAND --help` lists OPTION
    local opt=${*: -1}
    local cmd=("${@:1:$#-1}")
    timeout 30 "$CLI" "${cmd[@]}" --help 2>/dev/null | grep -q -- "$opt"
}

# A fresh register: administrator "admin", operator "op", officers "off1" and "off2", auditor "aud",
# a national CA NCA (P-256 key, publication pointers set), and, when the build has it, the audit
# signing key (public key kept outside the register in $W/keep/audit-pub.pem).
setup() {
    mkdir -p "$W/pub" "$W/keep"
    for who in admin op off1 off2 aud; do echo "$who-Password-2026" >"$W/$who.pw"; done
    echo "ca-Passphrase-2026-xyz" >"$W/ca.pass"
    echo "audit-Passphrase-2026-xyz" >"$W/audit.pass"
    cli db init --admin admin --admin-name "Admin" --admin-password-file "$W/admin.pw" ||
        result ERROR "set-up: db init failed: $(errline)"
    local lr
    for lr in op:operator off1:officer off2:officer aud:auditor; do
        TIRKEU_NEW_PASSWORD="${lr%%:*}-Password-2026" as admin operator add --login "${lr%%:*}" \
            --name "Test ${lr%%:*}" --role "${lr##*:}" || result ERROR "set-up: operator add ${lr%%:*}: $(errline)"
    done
    as admin ca add --code NCA --name "Attack Test CA" --kind national || result ERROR "set-up: ca add: $(errline)"
    as admin ca init --code NCA --key-algorithm p256 --key-out "$W/nca.p8" --passphrase-file "$W/ca.pass" \
        --cert-out "$W/nca.pem" || result ERROR "set-up: ca init: $(errline)"
    if has_command "ca set"; then
        as admin ca set --code NCA cdp_url=http://crl.example.kz/NCA.crl freshest_url=http://crl.example.kz/NCA-delta.crl \
            aia_url=http://ca.example.kz/NCA.cer ocsp_url=http://ocsp.example.kz cps_uri=http://example.kz/cps ||
            log "ca set failed (continuing)"
    fi
    AUDIT_KEY=0
    if has_command "audit key init"; then
        if as admin audit key init --key-out "$W/keep/audit.p8" --key-passphrase-file "$W/audit.pass" \
            --public-out "$W/keep/audit-pub.pem"; then
            AUDIT_KEY=1
        else
            log "audit key init failed (anchors not signed)"
        fi
    fi
}

APP_N=0
# issue_cert [IIN] [CSR]: submit, approve (four eyes) and issue; sets SERIAL and APP; CSR default: fresh RSA key.
issue_cert() {
    local iin=${1:-900701300108} csr=${2:-}
    APP_N=$((APP_N + 1))
    if [ -z "$csr" ]; then
        csr="$W/holder$APP_N.csr"
        openssl req -new -newkey rsa:2048 -nodes -keyout "$W/holder$APP_N.key" -subj "/CN=holder" -out "$csr" \
            2>>"$W/log" || result ERROR "set-up: openssl req failed"
    fi
    write_app_json "$W/app$APP_N.json" "$iin" Kasymova Aliya
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/app$APP_N.json" \
        --attachments identity_document_copy --consent --json || return 1
    APP=$(jget id)
    as off2 application approve "$APP" || return 1
    as off1 certificate issue --application "$APP" --csr "$csr" --out "$W/cert$APP_N.pem" \
        --ca-passphrase-file "$W/ca.pass" --json || return 1
    SERIAL=$(jget serial)
    [ -n "$SERIAL" ]
}
write_app_json() { # FILE IIN SURNAME NAME  (names are JSON string literals' contents, escapes allowed)
    cat >"$1" <<EOF
{"iin":"$2","surname":"$3","name":"$4","region":"Almaty","city":"Konaev","email":"a@example.kz",
 "phone":"+77011234567","usage":["sign"],"validity":"1y","key_media":"file","application_date":"$(date -u +%F)"}
EOF
}
revoke() { # SERIAL [REASON]
    as off1 certificate revoke --ca NCA --serial "$1" --reason "${2:-superseded}" --basis holder_application \
        --ca-passphrase-file "$W/ca.pass" --json
}
publish() { # publishes the full CRL into $W/pub; sets CRL_NO, CRL_ENTRIES; keeps a copy in $W/keep
    as off1 crl publish --ca NCA --out "$W/pub" --ca-passphrase-file "$W/ca.pass" --json || return 1
    CRL_NO=$(jget crl_number)
    CRL_ENTRIES=$(jget entries)
    cp "$W/pub/NCA.crl" "$W/keep/NCA-$CRL_NO-$(date +%s%N).crl"
}
# A register with one certificate, revoked, and a CRL that lists it; SERIAL, REVOKED_CRL set.
setup_revoked() {
    setup
    issue_cert || result ERROR "set-up: issue failed: $(errline)"
    publish || result ERROR "set-up: crl publish: $(errline)"
    revoke "$SERIAL" || result ERROR "set-up: revoke: $(errline)"
    publish || result ERROR "set-up: crl publish: $(errline)"
    [ "$CRL_ENTRIES" = 1 ] || result ERROR "set-up: CRL has $CRL_ENTRIES entries"
    REVOKED_CRL=$(ls -t "$W"/keep/NCA-*.crl | head -1)
    if has_command "audit publish-anchors" && [ "$AUDIT_KEY" = 1 ]; then
        as admin audit publish-anchors --out "$W/keep/anchors" --key-passphrase-file "$W/audit.pass" ||
            log "publish-anchors failed"
    fi
}

# verify: audit verify as the auditor (administrator when the auditor may not), with every outside
# evidence the build can check. Sets VRC (exit code) and VMSG.
verify() {
    local extra=()
    if has_option audit verify --anchors && [ -d "$W/keep/anchors" ]; then
        extra+=(--anchors "$W/keep/anchors")
        [ -f "$W/keep/audit-pub.pem" ] && has_option audit verify --anchor-key && extra+=(--anchor-key "$W/keep/audit-pub.pem")
    fi
    if has_option audit verify --crl; then
        local f
        for f in "$W"/keep/NCA-*.crl; do [ -f "$f" ] && extra+=(--crl "$f"); done
    fi
    if has_option audit verify --archive && [ -d "$W/keep/archive" ]; then extra+=(--archive "$W/keep/archive"); fi
    local who
    for who in aud admin; do
        as "$who" audit verify "${extra[@]}"
        VRC=$?
        [ $VRC = 4 ] || break
    done
    VMSG="$(cat "$W/out" "$W/err" | tr '\n' ' ' | sed 's/tirkeu-cli: error: //; s/  */ /g' | cut -c1-200)"
    [ ${#extra[@]} -gt 0 ] && VMSG="[verify ${extra[*]//$W\//}] $VMSG"
}
# judge WHAT: after a tampering that went in, verify and print the outcome.
judge() {
    verify
    case $VRC in
    8) result DETECTED "$1; verify exit 8: $VMSG" ;;
    0) result SILENT "$1; verify: $VMSG" ;;
    *) result DETECTED "$1; verify exit $VRC (not 8): $VMSG" ;;
    esac
}
drop_triggers() {
    local t
    for t in $(sql "SELECT name FROM sqlite_master WHERE type='trigger'"); do
        sql "DROP TRIGGER \"$t\"" || log "cannot drop $t: $(sqlerr)"
    done
}
cert_status() { sql "SELECT status FROM certificates WHERE serial='$1'"; }
rev_count() { sql "SELECT count(*) FROM revocations WHERE serial='$1'"; }

# Python helpers: audit-chain hashing (registry/AuditEncoding.h: SHA-256 over "len:utf8;" of seq, ts, operator,
# subject, type, details, retention_until, prev_hash) and crafted CSRs.
py_chain() {
    python3 - "$DB" "$@" <<'PY'
import hashlib, sqlite3, sys, json
db, op = sys.argv[1], sys.argv[2]
def put(s):
    b = str(s).encode("utf-8")
    return str(len(b)).encode() + b":" + b + b";"
def h(seq, ts, who, subj, typ, det, ret, prev):
    return hashlib.sha256(b"".join(put(x) for x in (seq, ts, who, subj, typ, det, ret, prev))).hexdigest()
con = sqlite3.connect(db)
cols = "seq, ts, operator, subject, event_type, details, retention_until, prev_hash, hash"
rows = con.execute(f"SELECT {cols} FROM audit_events ORDER BY seq").fetchall()
if op == "append":  # a forged event after the head, with a correct hash
    last = rows[-1]
    seq, prev = last[0] + 1, last[8]
    ev = (seq, last[1], "off2", sys.argv[3], "certificate.revoked",
          json.dumps({"reason": "superseded", "note": "forged"}, separators=(",", ":")), last[6], prev)
    con.execute(f"INSERT INTO audit_events ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", ev + (h(*ev),))
elif op == "replace":  # INSERT OR REPLACE an existing event with changed details and a recomputed hash
    target = [r for r in rows if r[4] == sys.argv[3]][-1]
    det = target[5].replace(sys.argv[4], sys.argv[5])
    if det == target[5]:
        det = target[5][:-1] + ',"x":"forged"}'
    ev = target[:5] + (det, target[6], target[7])
    con.execute(f"INSERT OR REPLACE INTO audit_events ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", ev + (h(*ev),))
elif op == "rehash":  # change one event's details, then recompute every hash after it and the anchors
    target = [r for r in rows if r[4] == sys.argv[3]][-1]
    prev = None
    con.execute("DELETE FROM audit_events")
    for r in rows:
        r = list(r)
        if prev is not None:
            r[7] = prev
        if r[0] == target[0]:
            r[5] = r[5][:-1] + ',"x":"rewritten"}' if r[5].endswith("}") else r[5] + "x"
        r[8] = h(*r[:8])
        prev = r[8]
        con.execute(f"INSERT INTO audit_events ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", r)
    for (day, last) in con.execute("SELECT day, last_seq FROM audit_anchors").fetchall():
        hh = con.execute("SELECT hash FROM audit_events WHERE seq=?", (last,)).fetchone()
        if hh:
            con.execute("UPDATE audit_anchors SET head_hash=? WHERE day=?", (hh[0], day))
elif op == "rebind":  # append an event that binds the current (tampered) rows, as Tirkeu's own writers do
    serial = sys.argv[3]
    COLS = {"certificates": "id,ca_id,serial,subject,person_id,organisation_id,profile,not_before,not_after,"
                            "key_media_serial,blank_numbers,der,status,application_id,issued_by,issued_at,"
                            "replaces_certificate_id,retention_until,holder_snapshot,spki_sha256",
            "revocations": "id,certificate_id,ca_id,serial,reason_code,basis_kind,basis_document,application_id,"
                           "requested_at,revoked_at,recorded_at,recorded_by,holder_snapshot"}
    def row_hash(table, values):
        out = put(table)
        for v in values:
            if v is None: out += b"~;"
            elif isinstance(v, bytes): out += put(v.hex())
            else: out += put(v)
        return hashlib.sha256(out).hexdigest()
    refs = []
    for table in ("certificates", "revocations"):
        cols_t = COLS[table]
        try:
            found = con.execute(f"SELECT {cols_t} FROM {table} WHERE serial=?", (serial,)).fetchall()
        except sqlite3.OperationalError:  # a build without some of these columns: bind what exists
            found = []
        for r in found:
            refs.append([table, str(r[0]), row_hash(table, r)])
    gone = sys.argv[4:]  # table:key of rows deleted
    for g in gone:
        t, k = g.split(":")
        refs.append([t, k, None])
    last = rows[-1]
    det = json.dumps({"serial": serial, "note": "reinstated after review", "rows": refs}, separators=(",", ":"))
    ev = (last[0] + 1, last[1], "off2", serial, "certificate.revoked", det, last[6], last[8])
    con.execute(f"INSERT INTO audit_events ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", ev + (h(*ev),))
elif op == "backdate":  # move the whole history one day back (chain kept valid; triggers kept)
    import datetime
    trig = con.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'").fetchall()
    for (name, _) in trig:
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("DELETE FROM audit_events")
    prev = None
    for r in rows:
        r = list(r)
        t = datetime.datetime.strptime(r[1], "%Y-%m-%dT%H:%M:%S.%fZ") - datetime.timedelta(days=1)
        r[1] = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
        if prev is not None:
            r[7] = prev
        r[8] = h(*r[:8])
        prev = r[8]
        con.execute(f"INSERT INTO audit_events ({cols}) VALUES (?,?,?,?,?,?,?,?,?)", r)
    for (_, sql) in trig:
        con.execute(sql)
elif op == "truncate-to-day":  # delete every event after the last one of the earliest day (tail of a signed day)
    day = rows[0][1][:10]
    last = [r for r in rows if r[1][:10] == day]
    keep = last[-4][0] if len(last) > 4 else last[0][0]
    con.execute("DELETE FROM audit_events WHERE seq > ?", (keep,))
    con.execute("DELETE FROM audit_anchors WHERE last_seq > ?", (keep,))
con.commit()
print("ok")
PY
}
py_csr() { # KIND OUT [KEYFILE]: crafted PKCS#10
    python3 - "$@" <<'PY'
import sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
kind, out = sys.argv[1], sys.argv[2]
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "holder")])
if kind == "e3":
    key = rsa.generate_private_key(public_exponent=3, key_size=2048)
elif kind == "e1":
    # cryptography refuses e = 1, so the request is built by hand. With e = 1 the "signature" of a
    # PKCS#1 v1.5 block is the block itself: anyone can sign for this key without its private half.
    import hashlib
    def tlv(tag, body):
        n = len(body)
        if n < 128: ln = bytes([n])
        else:
            b = n.to_bytes((n.bit_length() + 7) // 8, "big"); ln = bytes([0x80 | len(b)]) + b
        return bytes([tag]) + ln + body
    def integer(v):
        b = v.to_bytes((v.bit_length() + 8) // 8, "big") if v else b"\0"
        return tlv(0x02, b)
    nn = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers().n
    alg = tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    spki = tlv(0x30, alg + tlv(0x03, b"\0" + tlv(0x30, integer(nn) + integer(1))))
    info = tlv(0x30, integer(0) + name.public_bytes() + spki + tlv(0xA0, b""))
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(info).digest()
    k = (nn.bit_length() + 7) // 8
    em = b"\0\x01" + b"\xff" * (k - 3 - len(digest_info)) + b"\0" + digest_info
    sigalg = tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d01010b")) + b"\x05\x00")
    der = tlv(0x30, info + sigalg + tlv(0x03, b"\0" + em))
    import base64
    pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + "\n".join(
        base64.b64encode(der).decode()[i:i + 64] for i in range(0, len(base64.b64encode(der)), 64)) + \
        "\n-----END CERTIFICATE REQUEST-----\n"
    open(out, "w").write(pem)
    print(1)
    sys.exit(0)
csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
open(out, "wb").write(csr.public_bytes(serialization.Encoding.PEM))
print(csr.public_key().public_numbers().e)
PY
}

# ---------------------------------------------------------------- the attacks

atk_db-backup-without-signin() {
    setup
    has_command "db backup" || result N/A "command missing: db backup"
    cli db backup --out "$W/stolen.sqlite"
    local rc=$?
    if [ $rc = 0 ] && [ -s "$W/stolen.sqlite" ]; then
        result SILENT "db backup without --as: exit 0, copy of every holder's data written ($(stat -c %a "$W/stolen.sqlite"))"
    fi
    result REFUSED "exit $rc: $(errline)"
}

atk_db-restore-without-signin() {
    setup_revoked
    has_command "db restore" || result N/A "command missing: db restore"
    # An attacker's backup: a copy of the register taken before the revocation would do; here a copy with
    # the revocation deleted (made with sqlite3 on a copy; the register itself is untouched).
    cp "$DB" "$W/evil.sqlite"
    sqlite3 "$W/evil.sqlite" "PRAGMA wal_checkpoint;" >/dev/null 2>&1
    cli db restore --from "$W/evil.sqlite" --replace
    local rc=$?
    [ $rc = 0 ] && result SILENT "db restore --replace without --as: exit 0, the register was replaced"
    result REFUSED "exit $rc: $(errline)"
}

atk_db-migrate-without-signin() {
    setup
    has_command "db migrate" || result N/A "command missing: db migrate"
    cli db migrate --from "sqlite:$DB" --to "$W/copy.sqlite"
    local rc=$?
    if [ $rc = 0 ]; then
        result SILENT "db migrate without --as: exit 0, whole register copied to $(basename "$W/copy.sqlite")"
    fi
    result REFUSED "exit $rc: $(errline)"
}

atk_backup-revoke-publish-restore() {
    setup
    has_command "db backup" && has_command "db restore" || result N/A "command missing: db backup/restore"
    issue_cert || result ERROR "set-up: issue: $(errline)"
    publish || result ERROR "set-up: publish: $(errline)"
    as admin db backup --out "$W/keep/before.sqlite" || cli db backup --out "$W/keep/before.sqlite" ||
        result ERROR "backup failed: $(errline)"
    revoke "$SERIAL" || result ERROR "revoke: $(errline)"
    publish || result ERROR "publish: $(errline)"
    local revoked_no=$CRL_NO revoked_sha
    revoked_sha=$(sha256sum "$W/pub/NCA.crl" | cut -c1-16)
    local restored=0
    if as admin db restore --from "$W/keep/before.sqlite" --replace; then
        restored=1
    else
        local why
        why=$(errline)
        if cli db restore --from "$W/keep/before.sqlite" --replace; then restored=1; else
            result REFUSED "restore of the older backup refused: $why"
        fi
    fi
    local st
    st=$(cert_status "$SERIAL")
    publish || result ERROR "publish after restore: $(errline)"
    local note="after restore certificate is $st; republished CRL #$CRL_NO ($CRL_ENTRIES entries) vs #$revoked_no (1 entry)"
    [ "$CRL_NO" -le "$revoked_no" ] && note="$note — CRL number REUSED/went back"
    if [ "$st" = revoked ] && [ "$CRL_ENTRIES" = 1 ]; then
        result REFUSED "restore went in but kept the revocation: $note"
    fi
    judge "$note"
}

atk_backup-restore-accept-rollback() {
    setup
    has_command "db backup" && has_command "db restore" || result N/A "command missing: db backup/restore"
    has_option db restore --accept-rollback || result N/A "db restore has no --accept-rollback"
    issue_cert || result ERROR "set-up: issue: $(errline)"
    publish || result ERROR "set-up: publish: $(errline)"
    as admin db backup --out "$W/keep/before.sqlite" || result ERROR "backup failed: $(errline)"
    revoke "$SERIAL" || result ERROR "revoke: $(errline)"
    publish || result ERROR "publish: $(errline)"
    local revoked_no=$CRL_NO
    as admin db restore --from "$W/keep/before.sqlite" --replace --accept-rollback --reason "attack replay" ||
        result REFUSED "even an accepted rollback was refused: $(errline)"
    local st events
    st=$(cert_status "$SERIAL")
    events=$(sql "SELECT count(*) FROM audit_events WHERE event_type LIKE 'register.restored%'")
    # A second folder: the CRL number must go above what the replaced register published, not only
    # above the files in the folder being written.
    mkdir -p "$W/pub2"
    as off1 crl publish --ca NCA --out "$W/pub2" --ca-passphrase-file "$W/ca.pass" --json ||
        result ERROR "publish after restore: $(errline)"
    local no
    no=$(jget crl_number)
    [ "$no" -le "$revoked_no" ] && result SILENT "accepted rollback: CRL number $no reused (register had published $revoked_no), certificate $st"
    [ "$events" -ge 1 ] || result SILENT "accepted rollback left no register.restored event (certificate $st, next CRL #$no)"
    result REFUSED "accepted rollback recorded ($events register.restored event); next CRL #$no > #$revoked_no; certificate $st again (by the documented choice)"
}

atk_file-copy-rollback() {
    setup
    issue_cert || result ERROR "set-up: issue: $(errline)"
    publish || result ERROR "set-up: publish: $(errline)"
    sql "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$DB" "$W/keep/copy.sqlite"
    revoke "$SERIAL" || result ERROR "revoke: $(errline)"
    publish || result ERROR "publish: $(errline)"
    local revoked_no=$CRL_NO
    # Someone with write access to the file puts the old copy back (no tirkeu-cli involved).
    sql "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    rm -f "$DB-wal" "$DB-shm"
    cp "$W/keep/copy.sqlite" "$DB"
    local st
    st=$(cert_status "$SERIAL")
    local no same
    mkdir -p "$W/pub2"
    as off1 crl publish --ca NCA --out "$W/pub2" --ca-passphrase-file "$W/ca.pass" --json && no=$(jget crl_number)
    publish && same=$CRL_NO
    local note="register file replaced by an older copy: certificate $st again; next CRL into a fresh folder #${no:-refused}, then into the old folder #${same:-refused} (before: #$revoked_no with the entry)"
    [ -n "$no" ] && [ "$no" -le "$revoked_no" ] && note="$note — CRL number $no issued twice with different contents"
    judge "$note"
}

atk_update-status-valid() {
    setup_revoked
    sql "UPDATE certificates SET status='valid' WHERE serial='$SERIAL'" ||
        result REFUSED "sqlite3: $(sqlerr)"
    [ "$(cert_status "$SERIAL")" = valid ] || result REFUSED "statement ran but status still $(cert_status "$SERIAL")"
    judge "revoked certificate flipped back to valid"
}

atk_update-status-valid-no-triggers() {
    setup_revoked
    drop_triggers
    sql "UPDATE certificates SET status='valid' WHERE serial='$SERIAL'" || result REFUSED "sqlite3: $(sqlerr)"
    [ "$(cert_status "$SERIAL")" = valid ] || result REFUSED "status still $(cert_status "$SERIAL")"
    judge "triggers dropped, revoked certificate flipped back to valid"
}

atk_delete-revocation() {
    setup_revoked
    sql "DELETE FROM revocations WHERE serial='$SERIAL'" || result REFUSED "sqlite3: $(sqlerr)"
    [ "$(rev_count "$SERIAL")" = 0 ] || result REFUSED "statement ran, revocation still there"
    judge "revocation row deleted"
}

atk_delete-revocation-no-triggers() {
    setup_revoked
    drop_triggers
    sql "DELETE FROM revocations WHERE serial='$SERIAL'; UPDATE certificates SET status='valid' WHERE serial='$SERIAL';" ||
        result REFUSED "sqlite3: $(sqlerr)"
    [ "$(rev_count "$SERIAL")" = 0 ] || result REFUSED "revocation still there"
    publish >/dev/null 2>&1
    judge "triggers dropped, revocation deleted and certificate valid; next CRL #${CRL_NO:-?} has ${CRL_ENTRIES:-?} entries"
}

atk_shorten-retention() {
    setup_revoked
    local before how="directly"
    before=$(sql "SELECT retention_until FROM certificates WHERE serial='$SERIAL'")
    if ! sql "UPDATE certificates SET retention_until='2000-01-01T00:00:00.000Z' WHERE serial='$SERIAL'"; then
        local first
        first=$(sqlerr)
        # The trigger lets a retention shrink together with a valid → revoked move: make one.
        how="by flipping the status to valid and back to revoked (direct UPDATE refused: $first)"
        sql "UPDATE certificates SET status='valid' WHERE serial='$SERIAL';
             UPDATE certificates SET status='revoked', retention_until='2000-01-01T00:00:00.000Z' WHERE serial='$SERIAL'" ||
            result REFUSED "sqlite3: $first; via status flip: $(sqlerr)"
    fi
    [ "$(sql "SELECT retention_until FROM certificates WHERE serial='$SERIAL'")" != "$before" ] ||
        result REFUSED "statements ran, retention unchanged"
    judge "retention_until of a revoked certificate shortened to 2000-01-01 $how"
}

atk_sweep-flag-then-delete() {
    setup_revoked
    # The issue's sequence with the triggers in place: set the sweep flag outside a sweep, shorten the
    # retention (directly, or by flipping the status first), then delete revocation and certificate.
    local s
    local refused=""
    for s in "UPDATE maintenance SET sweep_active=1 WHERE id=1" \
        "UPDATE certificates SET status='valid' WHERE serial='$SERIAL'" \
        "UPDATE certificates SET status='revoked', retention_until='2000-01-01T00:00:00.000Z' WHERE serial='$SERIAL'" \
        "DELETE FROM revocations WHERE serial='$SERIAL'" \
        "DELETE FROM certificates WHERE serial='$SERIAL'" \
        "UPDATE maintenance SET sweep_active=0 WHERE id=1"; do
        sql "$s" || { log "refused: $s: $(sqlerr)"; refused="$refused [${s:0:40}…: $(sqlerr | cut -c1-80)]"; }
    done
    local flag
    flag=$(sql "SELECT sweep_active FROM maintenance WHERE id=1")
    if [ "$(rev_count "$SERIAL")" != 0 ]; then
        result REFUSED "revocation survived (sweep flag now '${flag}', status $(cert_status "$SERIAL")); refused:$refused"
    fi
    publish >/dev/null 2>&1
    judge "sweep flag set by hand; revocation deleted$([ -z "$(cert_status "$SERIAL")" ] && echo ' and certificate deleted'); next CRL ${CRL_ENTRIES:-?} entries"
}

atk_replace-audit-event() {
    setup_revoked
    py_chain replace certificate.revoked superseded key_compromise >/dev/null 2>"$W/sqlerr" ||
        result REFUSED "INSERT OR REPLACE on audit_events: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    judge "INSERT OR REPLACE rewrote the revocation event (hash recomputed)"
}

atk_replace-certificate() {
    setup_revoked
    sql "INSERT OR REPLACE INTO certificates SELECT id, ca_id, serial, 'CN=FORGED', person_id, organisation_id, profile,
         not_before, not_after, key_media_serial, blank_numbers, der, 'valid', application_id, issued_by, issued_at,
         replaces_certificate_id, retention_until, holder_snapshot, spki_sha256 FROM certificates WHERE serial='$SERIAL'" ||
        result REFUSED "sqlite3: $(sqlerr)"
    [ "$(cert_status "$SERIAL")" = valid ] || result REFUSED "statement ran, status $(cert_status "$SERIAL")"
    judge "INSERT OR REPLACE: revoked certificate row replaced (status valid, subject CN=FORGED)"
}

atk_replace-revocation() {
    setup_revoked
    sql "INSERT OR REPLACE INTO revocations SELECT id, certificate_id, ca_id, serial, 1, basis_kind, basis_document,
         application_id, requested_at, '2020-01-01T00:00:00.000Z', recorded_at, recorded_by, holder_snapshot
         FROM revocations WHERE serial='$SERIAL'" || result REFUSED "sqlite3: $(sqlerr)"
    [ "$(sql "SELECT reason_code||' '||revoked_at FROM revocations WHERE serial='$SERIAL'")" = "1 2020-01-01T00:00:00.000Z" ] ||
        result REFUSED "statement ran, revocation unchanged"
    judge "INSERT OR REPLACE: revocation reason → keyCompromise, date → 2020-01-01"
}

atk_replace-certificate-der-no-triggers() {
    setup_revoked
    drop_triggers
    # Another certificate's DER (the CA's own) in place of the holder's.
    sql "UPDATE certificates SET der=(SELECT certificate_der FROM cas WHERE code='NCA'), subject='CN=FORGED'
         WHERE serial='$SERIAL'" || result REFUSED "sqlite3: $(sqlerr)"
    judge "triggers dropped, certificate DER and subject replaced"
}

atk_truncate-audit-tail() {
    setup_revoked
    drop_triggers
    local before after
    before=$(sql "SELECT max(seq) FROM audit_events")
    sql "DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 3 FROM audit_events)" || result REFUSED "sqlite3: $(sqlerr)"
    after=$(sql "SELECT max(seq) FROM audit_events")
    judge "triggers dropped, last 3 events deleted (head $before → $after: the revocation and CRL events)"
}

atk_forged-appended-event() {
    setup_revoked
    py_chain append "$SERIAL" >/dev/null 2>"$W/sqlerr" || result REFUSED "append: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    judge "forged certificate.revoked event appended by off2 with a correct hash"
}

atk_forged-event-rebinds-rows() {
    setup_revoked
    drop_triggers
    local rid
    rid=$(sql "SELECT id FROM revocations WHERE serial='$SERIAL'")
    sql "DELETE FROM revocations WHERE serial='$SERIAL'; UPDATE certificates SET status='valid' WHERE serial='$SERIAL';" ||
        result REFUSED "sqlite3: $(sqlerr)"
    py_chain rebind "$SERIAL" "revocations:$rid" >/dev/null 2>"$W/sqlerr" ||
        result REFUSED "append: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    publish >/dev/null 2>&1
    judge "triggers dropped, revocation deleted, certificate valid, and a forged event (correct chain hash) binding the new rows appended; next CRL ${CRL_ENTRIES:-?} entries"
}

atk_forged-event-hides-unpublished-revocation() {
    setup
    issue_cert || result ERROR "set-up: issue: $(errline)"
    publish || result ERROR "set-up: publish: $(errline)"
    revoke "$SERIAL" || result ERROR "set-up: revoke: $(errline)"
    # Before the next CRL: the revocation vanishes and a forged event explains the rows.
    drop_triggers
    local rid
    rid=$(sql "SELECT id FROM revocations WHERE serial='$SERIAL'")
    sql "DELETE FROM revocations WHERE serial='$SERIAL'; UPDATE certificates SET status='valid' WHERE serial='$SERIAL';" ||
        result REFUSED "sqlite3: $(sqlerr)"
    py_chain rebind "$SERIAL" "revocations:$rid" >/dev/null 2>"$W/sqlerr" ||
        result REFUSED "append: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    publish >/dev/null 2>&1
    judge "revocation not yet on a CRL deleted, certificate valid, forged event binding the new rows appended; next CRL ${CRL_ENTRIES:-?} entries"
}

atk_rehash-whole-chain() {
    setup_revoked
    drop_triggers
    py_chain rehash certificate.revoked >/dev/null 2>"$W/sqlerr" || result REFUSED "rehash: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    judge "triggers dropped, revocation event rewritten and every later hash and anchor recomputed"
}

# A register whose history (set-up, issue, revocation, CRLs) lies in yesterday's finished day, anchored
# by a new event today, and — where the build can — yesterday's signed anchor published outside.
setup_history_yesterday() {
    setup_revoked
    rm -rf "$W/keep/anchors"
    py_chain backdate >/dev/null 2>"$W/sqlerr" || result ERROR "backdating the history failed: $(tail -1 "$W/sqlerr")"
    verify
    [ "$VRC" = 0 ] || result ERROR "backdated history does not verify before the attack: $VMSG"
    # Today's first write anchors yesterday (AuditLog anchors the previous day on append).
    TIRKEU_NEW_PASSWORD="late-Password-2026" as admin operator add --login late --name "Late" --role operator ||
        result ERROR "operator add: $(errline)"
    if has_command "audit publish-anchors" && [ "$AUDIT_KEY" = 1 ]; then
        as admin audit publish-anchors --out "$W/keep/anchors" --key-passphrase-file "$W/audit.pass" ||
            result ERROR "publish-anchors: $(errline)"
    fi
    ANCHORS=$(sql "SELECT count(*) FROM audit_anchors")
    SIGNED=$(ls "$W/keep/anchors" 2>/dev/null | wc -l)
}

atk_rehash-signed-day() {
    setup_history_yesterday
    drop_triggers
    py_chain rehash certificate.revoked >/dev/null 2>"$W/sqlerr" || result REFUSED "rehash: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    judge "yesterday's revocation event rewritten, chain and $ANCHORS in-register anchors recomputed ($SIGNED signed anchor files outside)"
}

atk_truncate-signed-day() {
    setup_history_yesterday
    drop_triggers
    py_chain truncate-to-day >/dev/null 2>"$W/sqlerr" || result REFUSED "truncate: $(tail -1 "$W/sqlerr" | cut -c1-160)"
    judge "tail of yesterday (revocation, CRL events) and today deleted with their in-register anchors ($SIGNED signed anchor files outside)"
}

atk_fake-archive-batch() {
    setup_revoked
    # A batch as the sweep writes it when it archived records but no events (no audit checkpoint),
    # naming an archive and manifest that never existed: cover for rows deleted by hand.
    sql "INSERT INTO archive_batches (created_at, created_by, archive_file, manifest_sha256, counts, audit_last_seq, audit_last_hash)
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), 1, '$W/keep/archive/tirkeu-archive-fake.jsonl',
         '$(printf 0%.0s {1..64})', '{\"certificates\":1,\"revocations\":1}', NULL, NULL)" ||
        result REFUSED "sqlite3: $(sqlerr)"
    mkdir -p "$W/keep/archive"
    judge "archive_batches row (no audit checkpoint) pointing at a non-existent archive"
}

atk_signin-30-wrong-then-right() {
    setup
    echo "wrong-password" >"$W/wrong.pw"
    # 30 wrong passwords, each after any announced delay has passed (a patient attacker), then the right one.
    local i t0 t1 checked=0 wait_s
    t0=$(date +%s)
    for i in $(seq 1 30); do
        cli --as off1 --password-file "$W/wrong.pw" certificate list
        grep -qi "wrong login or password" "$W/err" && checked=$((checked + 1))
        wait_s=$(grep -oE 'try again in [0-9]+' "$W/err" | grep -oE '[0-9]+$')
        if [ -n "$wait_s" ] && [ $(($(date +%s) - t0 + wait_s)) -lt 150 ]; then sleep $((wait_s + 1)); fi
        [ $(($(date +%s) - t0)) -gt 150 ] && break
    done
    wait_s=$(grep -oE 'try again in [0-9]+' "$W/err" | grep -oE '[0-9]+$')
    [ -n "$wait_s" ] && [ "$wait_s" -lt 60 ] && sleep $((wait_s + 1))
    t1=$(date +%s)
    local events
    events=$(sql "SELECT count(*) FROM audit_events WHERE event_type LIKE '%signin%' OR event_type LIKE '%lock%'")
    if as off1 certificate list; then
        result SILENT "$i wrong passwords ($checked of them actually checked) in $((t1 - t0)) s, then the right one signs in; sign-in events logged: $events"
    fi
    result REFUSED "$i wrong passwords ($checked checked) in $((t1 - t0)) s, right password then refused: $(errline); sign-in events logged: $events"
}

atk_signin-unknown-login-timing() {
    setup
    echo "wrong-password" >"$W/wrong.pw"
    # First failure of a fresh known login vs a fresh unknown login (median of 3 each, new logins each time).
    local known=() unknown=() i s e
    for i in 1 2 3; do
        TIRKEU_NEW_PASSWORD="k$i-Password-2026" as admin operator add --login "known$i" --name "K $i" --role operator
        s=$(date +%s%N); cli --as "known$i" --password-file "$W/wrong.pw" certificate list; e=$(date +%s%N)
        known+=($(((e - s) / 1000000)))
        s=$(date +%s%N); cli --as "ghost$i" --password-file "$W/wrong.pw" certificate list; e=$(date +%s%N)
        unknown+=($(((e - s) / 1000000)))
    done
    local k u
    k=$(printf '%s\n' "${known[@]}" | sort -n | sed -n 2p)
    u=$(printf '%s\n' "${unknown[@]}" | sort -n | sed -n 2p)
    local diff=$((k > u ? k - u : u - k))
    if [ $diff -gt 40 ] && [ $((diff * 100)) -gt $((k * 25)) ]; then
        result SILENT "known login ${k} ms vs unknown ${u} ms (median of 3): the timing tells which logins exist"
    fi
    result REFUSED "known login ${k} ms vs unknown ${u} ms (median of 3): no usable difference"
}

# issue_with_csr CSR WHAT: submit+approve an application and try to issue from CSR.
issue_refusal() {
    local csr=$1 what=$2
    local before
    before=$(sql "SELECT count(*) FROM certificates")
    APP_N=$((APP_N + 1))
    write_app_json "$W/app$APP_N.json" 870412300416 Seitkali Nurlan
    as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/app$APP_N.json" \
        --attachments identity_document_copy --consent --json || result ERROR "submit: $(errline)"
    local app
    app=$(jget id)
    as off2 application approve "$app" || result ERROR "approve: $(errline)"
    as off1 certificate issue --application "$app" --csr "$csr" --out "$W/crafted.pem" \
        --ca-passphrase-file "$W/ca.pass" --json
    local rc=$? after
    [ $rc = 0 ] && result SILENT "$what certified: serial $(jget serial)"
    after=$(sql "SELECT count(*) FROM certificates")
    [ "$after" = "$before" ] || result SILENT "$what: exit $rc but certificates $before → $after"
    [ -e "$W/crafted.pem" ] && result SILENT "$what: exit $rc but the output file was written"
    result REFUSED "exit $rc: $(errline)"
}

atk_csr-rsa-e1() {
    setup
    local e
    e=$(py_csr e1 "$W/e1.csr" 2>>"$W/log") || result ERROR "could not craft an e=1 CSR (python3-cryptography)"
    issue_refusal "$W/e1.csr" "RSA key with e=$e"
}

atk_csr-rsa-e3() {
    setup
    local e
    e=$(py_csr e3 "$W/e3.csr" 2>>"$W/log") || result ERROR "could not craft an e=3 CSR (python3-cryptography)"
    issue_refusal "$W/e3.csr" "RSA key with e=$e"
}

atk_csr-ec-explicit-curve() {
    setup
    openssl ecparam -name prime256v1 -param_enc explicit -genkey -noout -out "$W/explicit.key" 2>>"$W/log" &&
        openssl req -new -key "$W/explicit.key" -subj /CN=holder -out "$W/explicit.csr" 2>>"$W/log" ||
        result ERROR "openssl could not make an explicit-curve CSR"
    openssl req -in "$W/explicit.csr" -noout -text 2>/dev/null | grep -q "Field Type" ||
        result ERROR "the crafted CSR does not carry explicit parameters"
    issue_refusal "$W/explicit.csr" "EC key with explicit curve parameters"
}

atk_csr-reused-key() {
    setup
    issue_cert 900701300108 || result ERROR "first issue: $(errline)"
    issue_refusal "$W/holder$APP_N.csr" "the same CSR (key of $SERIAL) for another holder"
}

atk_csr-key-compromised-key() {
    setup
    issue_cert 900701300108 || result ERROR "first issue: $(errline)"
    local first=$SERIAL
    revoke "$first" key_compromise || result ERROR "revoke keyCompromise: $(errline)"
    # A new CSR over the compromised key (not the same request bytes).
    openssl req -new -key "$W/holder$APP_N.key" -subj /CN=again -out "$W/again.csr" 2>>"$W/log" || result ERROR "openssl req"
    issue_refusal "$W/again.csr" "the key of $first, revoked for keyCompromise"
}

# name_attack ESCAPE WHAT: the surname carries the JSON escape ESCAPE.
name_attack() {
    setup
    local csr="$W/n.csr"
    openssl req -new -newkey rsa:2048 -nodes -keyout "$W/n.key" -subj /CN=holder -out "$csr" 2>>"$W/log"
    write_app_json "$W/name.json" 870412300416 "Seit$1kali" "Nurlan"
    if ! as op application submit --ca NCA --form NCA-ISSUE-IND --data "$W/name.json" \
        --attachments identity_document_copy --consent --json; then
        result REFUSED "application submit: $(errline)"
    fi
    local app
    app=$(jget id)
    as off2 application approve "$app" || result ERROR "approve: $(errline)"
    if as off1 certificate issue --application "$app" --csr "$csr" --out "$W/n.pem" --ca-passphrase-file "$W/ca.pass" --json; then
        local subj
        subj=$(openssl x509 -in "$W/n.pem" -noout -subject -nameopt esc_ctrl,esc_msb,utf8 2>/dev/null | cut -c1-120)
        result SILENT "$2 accepted and certified: $subj"
    fi
    result REFUSED "accepted at submit, refused at issue: $(errline)"
}
atk_name-nul() { name_attack '\u0000' "NUL in the surname"; }
atk_name-bidi-u202e() { name_attack '\u202e' "U+202E (right-to-left override) in the surname"; }
atk_name-zero-width() { name_attack '\u200b' "U+200B (zero-width space) in the surname"; }

# ---------------------------------------------------------------- driver

if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${ATTACKS[@]}"
    exit 0
fi

if [ "${1:-}" = "--one" ]; then # internal: --one NAME CLI DIR
    NAME=$2
    CLI=$3
    W=$4
    DB="$W/reg.sqlite"
    export HOME="$W/home" XDG_DATA_HOME="$W/home/data" XDG_CONFIG_HOME="$W/home/config" \
        XDG_CACHE_HOME="$W/home/cache" XDG_RUNTIME_DIR="$W/home/run" TMPDIR="$W/tmp"
    mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$TMPDIR"
    chmod 700 "$XDG_RUNTIME_DIR" "$W"
    export QT_QPA_PLATFORM=offscreen TIRKEU_LANG=en TIRKEU_DB="$DB"
    unset TIRKEU_PASSWORD TIRKEU_CA_PASSPHRASE TIRKEU_NEW_PASSWORD TIRKEU_NEW_CA_PASSPHRASE DISPLAY WAYLAND_DISPLAY \
        PGHOST PGPASSWORD PGUSER PGDATABASE
    umask 077
    cd "$W" || exit 1
    "atk_$NAME"
    result ERROR "attack ended without an outcome"
fi

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 BUILD_DIR [ATTACK...]   (or --list)" >&2
    exit 2
fi
BUILD=$(readlink -f "$1")
shift
CLI=""
for c in "$BUILD/tirkeu-cli" "$BUILD/app/cli/tirkeu-cli" "$BUILD/bin/tirkeu-cli"; do
    [ -x "$c" ] && CLI=$c && break
done
[ -n "$CLI" ] || {
    echo "no tirkeu-cli under $BUILD" >&2
    exit 2
}
for tool in sqlite3 openssl python3 timeout; do
    command -v $tool >/dev/null || {
        echo "missing tool: $tool (apt-get install -y sqlite3 openssl python3-cryptography)" >&2
        exit 2
    }
done
python3 -c 'import cryptography' 2>/dev/null || {
    echo "missing python3-cryptography (apt-get install -y python3-cryptography)" >&2
    exit 2
}

SELECTED=("$@")
[ ${#SELECTED[@]} -eq 0 ] && SELECTED=("${ATTACKS[@]}")
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/tirkeu-attack.XXXXXX")
echo "# tirkeu attack replay: $CLI ($(QT_QPA_PLATFORM=offscreen timeout 20 "$CLI" --version 2>/dev/null | head -1)); logs in $ROOT"
declare -A COUNT=()
for name in "${SELECTED[@]}"; do
    if ! declare -F "atk_$name" >/dev/null; then
        line="ATTACK $name: ERROR (unknown attack; see --list)"
    else
        W="$ROOT/$name"
        mkdir -p "$W"
        line=$(timeout -k 10 "${ATTACK_TIMEOUT:-300}" bash "$SELF" --one "$name" "$CLI" "$W" 2>>"$W/log" | grep '^ATTACK ' | tail -1)
        rc=${PIPESTATUS[0]}
        [ -n "$line" ] || line="ATTACK $name: ERROR ($([ "$rc" = 124 ] && echo "timed out after ${ATTACK_TIMEOUT:-300} s" || echo "no outcome, exit $rc"); log: $W/log)"
    fi
    echo "$line"
    outcome=$(sed -E 's/^ATTACK [^:]+: ([A-Z/]+).*/\1/' <<<"$line")
    COUNT[$outcome]=$((${COUNT[$outcome]:-0} + 1))
done
summary="SUMMARY: ${#SELECTED[@]} attacks"
for k in DETECTED REFUSED SILENT N/A ERROR; do summary="$summary, $k ${COUNT[$k]:-0}"; done
echo "$summary"
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$ROOT"; else echo "# kept $ROOT"; fi
[ "${COUNT[SILENT]:-0}" = 0 ] && [ "${COUNT[ERROR]:-0}" = 0 ]
