#!/usr/bin/env python3
# Append an event with a correct hash to a Tirkeu register's audit_events through psql (PostgreSQL URL) or sqlite3
# (file path). Hash: SHA-256 over "len:utf8;" of seq, ts, operator, subject, type, details, retention_until, prev_hash
# (registry/AuditEncoding.h, as docs/wip/attack-replay.sh computes it).
# usage: [FORGE_TS=2099-12-31T19:00:00.000Z] forge_event.py DB OPERATOR TYPE SUBJECT DETAILS_JSON
import hashlib, json, subprocess, sys
db, who, typ, subj, det = sys.argv[1:6]
det = json.dumps(json.loads(det), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
def put(s):
    b = str(s).encode("utf-8"); return str(len(b)).encode() + b":" + b + b";"
def run(sql):
    if db.startswith("postgresql://"):
        return subprocess.run(["psql", db, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    return subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)
r = run("SELECT json_build_object('seq',seq,'ts',ts,'ret',retention_until,'hash',hash) FROM audit_events ORDER BY seq DESC LIMIT 1"
        if db.startswith("postgresql://") else
        "SELECT json_object('seq',seq,'ts',ts,'ret',retention_until,'hash',hash) FROM audit_events ORDER BY seq DESC LIMIT 1")
last = json.loads(r.stdout.strip())
seq = int(last["seq"]) + 1
import os
ts = os.environ.get("FORGE_TS") or last["ts"]
ev = (seq, ts, who, subj, typ, det, last["ret"], last["hash"])
h = hashlib.sha256(b"".join(put(x) for x in ev)).hexdigest()
q = lambda s: "'" + str(s).replace("'", "''") + "'"
sql = ("INSERT INTO audit_events (seq, ts, operator, subject, event_type, details, retention_until, prev_hash, hash) VALUES (%d, %s)"
       % (seq, ", ".join(q(x) for x in ev[1:] + (h,))))
r = run(sql)
print("forged event %d %s rc=%d %s" % (seq, typ, r.returncode, (r.stderr or r.stdout).strip()[:300]))
