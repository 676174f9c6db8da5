#!/bin/bash
# Build-time generators of the Debian package (called by packaging/Packaging.cmake):
#   generate.sh cli-man TIRKEU_CLI OUT.1.gz      tirkeu-cli(1) from `tirkeu-cli --man` (the --help tables)
#   generate.sh gui-man TIRKEU OUT.1.gz          tirkeu(1) from `tirkeu --help` (its QCommandLineParser)
#   generate.sh completion TIRKEU_CLI OUT        bash completion from `tirkeu-cli --bash-completion`
#   generate.sh icon SVG SIZE OUT.png            a PNG size of the hand-drawn SVG icon (rsvg-convert)
#   generate.sh gzip IN OUT.gz                   gzip -9n (no time stamp: reproducible, as lintian wants)
set -euo pipefail
export LC_ALL=C.UTF-8 TIRKEU_LANG=en QT_QPA_PLATFORM=offscreen

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "$1" in
cli-man)
    "$2" --man >"$tmp/page"
    grep -q '^\.SH' "$tmp/page"
    gzip -9n -c "$tmp/page" >"$3"
    ;;
gui-man)
    # The default register path in --help names the home folder of whoever runs it: show it as ~
    # (a short stand-in keeps the path on one line of --help).
    fakehome=/~
    HOME=$fakehome XDG_DATA_HOME='' XDG_RUNTIME_DIR=$tmp "$2" --help >"$tmp/help" 2>/dev/null
    version=$(HOME=$fakehome XDG_RUNTIME_DIR=$tmp "$2" --version 2>/dev/null | awk '{print $NF; exit}')
    sed -i 's|/~/|~/|g' "$tmp/help"
    {
        printf '%s\n' '.\" Generated from `tirkeu --help` (its QCommandLineParser) at build time; do not edit.'
        printf '.TH TIRKEU 1 "" "Tirkeu %s" "Tirkeu manual"\n' "$version"
        printf '.SH NAME\ntirkeu \\- %s\n' "$(sed -n 2p "$tmp/help" | sed 's/^[^:]*: *//; s/\.$//; s/-/\\-/g')"
        printf '.SH SYNOPSIS\n.B tirkeu\n[\\fIoptions\\fR]\n'
        cat <<'EOF'
.SH DESCRIPTION
The desktop program of a Kazakhstan certification authority's registration centre. Operators
register the official issuance and revocation forms (Kazakh or Russian), CA officers approve them
(never their own), issue registration certificates, revoke them and publish CRLs; auditors verify
the event log. On the first start on an empty register, tirkeu asks for the first administrator's
login, name and password; later starts ask to sign in.
.PP
The same register can be used from the command line with
.BR tirkeu\-cli (1),
which also publishes CRLs unattended (systemd timers tirkeu\-crl\-full.timer and
tirkeu\-crl\-delta.timer, or /etc/cron.d/tirkeu).
.SH OPTIONS
EOF
        awk '
            function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); if (s ~ /^[.'"'"']/) s = "\\&" s; return s }
            function flush(   n, i, p, arg, line, parts) {
                if (opt == "") return
                print ".TP"
                n = split(opt, parts, /, /)
                line = ""
                for (i = 1; i <= n; i++) {
                    p = parts[i]; arg = ""
                    if (match(p, / <[^>]*>$/)) { arg = substr(p, RSTART + 2, RLENGTH - 3); p = substr(p, 1, RSTART - 1) }
                    line = line (i > 1 ? ", " : "") "\\fB" esc(p) "\\fR" (arg != "" ? " \\fI" esc(arg) "\\fR" : "")
                }
                print line
                print esc(desc)
                opt = ""; desc = ""
            }
            /^Options:/ { inopts = 1; next }
            /^[A-Z][A-Za-z ]*:$/ { flush(); inopts = 0; next }
            inopts && /^  -/ {
                flush()
                line = substr($0, 3)
                if (match(line, /  +/)) { opt = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH) }
                else { opt = line; desc = "" }
                skip = (opt == "--help-all")
                if (skip) opt = ""
                next
            }
            inopts && /^ +[^ ]/ && !skip { d = $0; sub(/^ +/, "", d); desc = desc " " d; next }
            END { flush() }
        ' "$tmp/help"
        cat <<'EOF'
.SH ENVIRONMENT
.TP
.B TIRKEU_DB
the register to open when \fB\-\-db\fR is not given
.TP
.B TIRKEU_LANG
the language of the program (kk, ru or en); else the system locale
.SH FILES
.TP
.I ~/.local/share/tirkeu/tirkeu/register.sqlite
the default register (created on first start)
.SH SEE ALSO
.BR tirkeu\-cli (1)
EOF
    } >"$tmp/page"
    grep -q -- '\\fB\\-\\-db\\fR' "$tmp/page" || { echo "generate.sh: no --db option in tirkeu --help" >&2; exit 1; }
    gzip -9n -c "$tmp/page" >"$3"
    ;;
completion)
    "$2" --bash-completion >"$tmp/completion"
    bash -n "$tmp/completion"
    cp "$tmp/completion" "$3"
    ;;
icon)
    rsvg-convert --width "$3" --height "$3" --format png "$2" --output "$4"
    ;;
gzip)
    gzip -9n -c "$2" >"$3"
    ;;
*)
    echo "generate.sh: unknown generator $1" >&2
    exit 2
    ;;
esac
