#!/usr/bin/env bash
# The Debian package end to end: cpack builds it from the build folder; lintian finds no error; the
# desktop entry and metainfo validate; apt-get installs it; the installed tirkeu-cli answers
# --version, has its translations embedded and its completion works; a register with a CA is set up
# and the CRL job publishes a full and a delta CRL through the installed unit's ExecStart (as the
# service user, secrets handed over from root-only files); a failing and an overlapping run behave;
# apt-get remove --purge leaves nothing behind. Needs root and apt (else skipped: exit 77).
# Uses temp folders only; the package itself is system-wide, hence RESOURCE_LOCK in tests/CMakeLists.txt
# and a machine-wide flock.
set -euo pipefail
SKIP=77
build=${TIRKEU_BINARY_DIR:?TIRKEU_BINARY_DIR is set by ctest}
passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok: $*"
}
bad() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: installing a package needs root"
    exit $SKIP
fi
for tool in apt-get dpkg dpkg-deb cpack setpriv flock openssl; do
    command -v "$tool" >/dev/null || {
        echo "SKIP: $tool is not available"
        exit $SKIP
    }
done
[ -f "$build/CPackConfig.cmake" ] || {
    echo "SKIP: no CPackConfig.cmake in $build (configured with -DTIRKEU_PACKAGING=OFF?)"
    exit $SKIP
}
command -v lintian >/dev/null || {
    echo "FAIL: lintian is missing (scripts/install-deps.sh installs it)"
    exit 1
}

# One package test per machine, also across build folders and worktrees (RESOURCE_LOCK covers one ctest).
lockdir=/run/lock
[ -d "$lockdir" ] || lockdir=/tmp
exec 8>"$lockdir/tirkeu-package-test.lock"
flock -w 600 8 || {
    echo "FAIL: another package test holds $lockdir/tirkeu-package-test.lock for 10 minutes"
    exit 1
}
tmp=$(mktemp -d /tmp/tirkeu-package-test.XXXXXX)
installed=0
cleanup() {
    if [ "$installed" -eq 1 ] && dpkg-query -W -f='${Status}' tirkeu 2>/dev/null | grep -q installed; then
        DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq tirkeu >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
chmod 0755 "$tmp"
export DEBIAN_FRONTEND=noninteractive

# --- build -------------------------------------------------------------------------------------
start=$(date +%s)
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 || {
    cat "$tmp/cpack.log"
    bad "cpack builds the package"
    finish
}
deb=$(ls "$tmp"/pkg/tirkeu_*.deb)
ok "cpack built $(basename "$deb") ($(du -k "$deb" | cut -f1) KB) in $(($(date +%s) - start)) s"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/tirkeu /usr/bin/tirkeu-cli /usr/share/applications/kz.tirkeu.Tirkeu.desktop \
    /usr/share/metainfo/kz.tirkeu.Tirkeu.metainfo.xml /usr/share/icons/hicolor/scalable/apps/kz.tirkeu.Tirkeu.svg \
    /usr/share/icons/hicolor/48x48/apps/kz.tirkeu.Tirkeu.png /usr/share/icons/hicolor/256x256/apps/kz.tirkeu.Tirkeu.png \
    /usr/share/man/man1/tirkeu.1.gz /usr/share/man/man1/tirkeu-cli.1.gz /usr/share/bash-completion/completions/tirkeu-cli \
    /usr/share/doc/tirkeu/copyright /usr/share/doc/tirkeu/changelog.Debian.gz /usr/lib/tirkeu/tirkeu-crl-job \
    /lib/systemd/system/tirkeu-crl@.service /lib/systemd/system/tirkeu-crl-full.timer \
    /lib/systemd/system/tirkeu-crl-delta.timer /etc/tirkeu/tirkeu.conf /etc/cron.d/tirkeu /usr/lib/tmpfiles.d/tirkeu.conf; do
    grep -qx -- "$f" "$tmp/contents" || bad "the package holds $f"
done
ok "the package holds the programs, desktop files, man pages, completion, units and configuration"

depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6core6 libqt6widgets6 libqt6sql6 libssl3 libboost-program-options libc6 fonts-dejavu-core \
    libqt6sql6-sqlite qt6-qpa-plugins adduser; do
    [[ $depends == *"$d"* ]] || bad "Depends names $d (got: $depends)"
done
ok "Depends from dpkg-shlibdeps plus the run-time packages: $depends"
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
check "/etc files are conffiles" [ "$conffiles" = $'/etc/tirkeu/tirkeu.conf\n/etc/tirkeu/ocsp.conf\n/etc/cron.d/tirkeu' ]

# --- lint --------------------------------------------------------------------------------------
lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.log" 2>&1 || true
errors=$(grep -c '^E: ' "$tmp/lintian.log" || true)
warnings=$(grep -c '^W: ' "$tmp/lintian.log" || true)
sed 's/^/  lintian: /' "$tmp/lintian.log"
check "lintian: $errors errors, $warnings warnings" [ "$errors" -eq 0 ]

mkdir "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
if command -v desktop-file-validate >/dev/null; then
    check "desktop-file-validate" desktop-file-validate "$tmp/x/usr/share/applications/kz.tirkeu.Tirkeu.desktop"
fi
check "desktop entry named in Kazakh and Russian" grep -q '^Name\[kk\]=Тіркеу' "$tmp/x/usr/share/applications/kz.tirkeu.Tirkeu.desktop"
check "desktop entry commented in Russian" grep -q '^Comment\[ru\]=.*удостоверяющего центра' "$tmp/x/usr/share/applications/kz.tirkeu.Tirkeu.desktop"
if command -v appstreamcli >/dev/null; then
    check "appstreamcli validate" appstreamcli validate --no-net "$tmp/x/usr/share/metainfo/kz.tirkeu.Tirkeu.metainfo.xml"
fi
check "the 48 px icon is a 48x48 PNG" bash -c "file '$tmp/x/usr/share/icons/hicolor/48x48/apps/kz.tirkeu.Tirkeu.png' | grep -q '48 x 48'"

# --- install -----------------------------------------------------------------------------------
installed=1
apt-get install -y -qq -o DPkg::Lock::Timeout=120 "$deb" >"$tmp/apt.log" 2>&1 || {
    cat "$tmp/apt.log"
    bad "apt-get install ./$(basename "$deb")"
    finish
}
ok "apt-get install $(basename "$deb")"
version=$(dpkg-deb -f "$deb" Version)
check "tirkeu-cli --version" [ "$(/usr/bin/tirkeu-cli --version)" = "tirkeu-cli ${version%-*}" ]
kk=$(/usr/bin/tirkeu-cli --lang kk --help)
en=$(/usr/bin/tirkeu-cli --lang en --help)
check "translations are embedded (Kazakh --help differs and has Kazakh letters)" \
    bash -c '[ "$1" != "$2" ] && grep -q "[әғқңөұүһі]" <<<"$1"' _ "$kk" "$en"
check "the man page lists every command of --help" bash -c \
    "zcat /usr/share/man/man1/tirkeu-cli.1.gz | grep -q '^\.SS \"crl publish\"' && zcat /usr/share/man/man1/tirkeu-cli.1.gz | grep -q 'ca\\\\-passphrase\\\\-file'"
check "tirkeu(1) documents --db" bash -c "zcat /usr/share/man/man1/tirkeu.1.gz | grep -q '^\\\\fB\\\\-\\\\-db\\\\fR'"
complete_words() { # complete_words WORD... -> the completions of the last word
    bash -c 'source /usr/share/bash-completion/completions/tirkeu-cli
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tirkeu_cli; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
check "completion: crl pu -> publish" [ "$(complete_words tirkeu-cli crl pu)" = publish ]
check "completion: options of crl publish" bash -c "[ \"\$(printf '%s ' \$1)\" = '--delta ' ]" _ \
    "$(complete_words tirkeu-cli --db x.sqlite crl publish --ca NCA --del)"
check "completion: --lang values" [ "$(complete_words tirkeu-cli --lang r)" = ru ]
check "the service user exists" bash -c "getent passwd tirkeu | grep -q ':/var/lib/tirkeu:/usr/sbin/nologin$'"
check "/var/lib/tirkeu/crl belongs to tirkeu" [ "$(stat -c %U /var/lib/tirkeu/crl)" = tirkeu ]
if command -v systemd-analyze >/dev/null; then
    check "systemd-analyze verify of the units" bash -c \
        "systemd-analyze verify /lib/systemd/system/tirkeu-crl-full.timer /lib/systemd/system/tirkeu-crl-delta.timer /lib/systemd/system/tirkeu-crl@full.service >'$tmp/verify.log' 2>&1 || { cat '$tmp/verify.log'; false; }"
fi

# --- a register with a CA, set up by the administrator -------------------------------------------
data=$tmp/data
etc=$tmp/etc
mkdir -p "$data/keys" "$data/crl" "$etc"
chmod 0700 "$etc"
printf 'admin-secret-1\n' >"$etc/operator.password"
printf 'ca passphrase for the test\n' >"$etc/ca-TST.passphrase"
chmod 0600 "$etc"/*
cli=(/usr/bin/tirkeu-cli --db "$data/register.sqlite")
"${cli[@]}" db init --admin admin --admin-name "Әкімші" --admin-password-file "$etc/operator.password" >/dev/null
"${cli[@]}" --as admin --password-file "$etc/operator.password" ca add --code TST --name "Сынақ КО" --kind national >/dev/null
"${cli[@]}" --as admin --password-file "$etc/operator.password" ca init --code TST --key-algorithm p256 \
    --key-out "$data/keys/TST.key" --passphrase-file "$etc/ca-TST.passphrase" --cert-out "$data/TST.pem" >/dev/null
chown -R tirkeu:tirkeu "$data"
chmod 0700 "$data"
ok "db init, ca add, ca init with the installed tirkeu-cli"
check "the service user cannot read the root-only secrets" bash -c \
    "! setpriv --reuid=tirkeu --regid=tirkeu --init-groups cat '$etc/operator.password' 2>/dev/null"

cat >"$etc/tirkeu.conf" <<EOF
# test configuration
TIRKEU_DB=$data/register.sqlite
CAS="TST"
OUTPUT_DIR=$data/crl
OPERATOR=admin
OPERATOR_PASSWORD_FILE=$etc/operator.password
CA_PASSPHRASE_FILE=$etc/ca-{CA}.passphrase
LOCK_FILE=$tmp/job.lock
LOCK_WAIT=2
EOF

# The command line of the installed unit, as systemd would run it for tirkeu-crl@KIND.service.
unit=/lib/systemd/system/tirkeu-crl@.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
unit_user=$(sed -n 's/^User=//p' "$unit")
run_unit() { # run_unit KIND [CONF] -> exit code of the unit's command
    local kind=$1 conf=${2:-$etc/tirkeu.conf} cmd
    cmd=${exec_start//%i/$kind}
    local rundir=$tmp/run/tirkeu-crl-$kind
    rm -rf "$rundir"
    mkdir -p "$rundir"
    chmod 0711 "$rundir"
    local prefix=()
    [ -z "$unit_user" ] || prefix=(setpriv --reuid="$unit_user" --regid="$unit_user" --init-groups)
    # shellcheck disable=SC2086 # ExecStart is split into words as systemd does (no quotes in it)
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 RUNTIME_DIRECTORY="$rundir" TIRKEU_CRL_CONF="$conf" \
        "${prefix[@]}" $cmd
}
check "the unit runs the installed job" [ "$exec_start" = "/usr/lib/tirkeu/tirkeu-crl-job %i" ]

set +e
run_unit full >"$tmp/full.log" 2>&1
code=$?
set -e
sed 's/^/  job: /' "$tmp/full.log"
check "full CRL job exits 0" [ "$code" -eq 0 ]
check "the full CRL is written by the service user" [ "$(stat -c %U "$data/crl/TST.crl" 2>/dev/null)" = tirkeu ]
check "the full CRL verifies against the CA certificate" bash -c \
    "openssl crl -in '$data/crl/TST.crl.pem' -CAfile '$data/TST.pem' -noout 2>&1 | grep -q 'verify OK'"
check "no secret is left in the runtime folder" bash -c "[ -z \"\$(ls -A '$tmp/run/tirkeu-crl-full')\" ]"
number_hex=$(openssl crl -inform DER -in "$data/crl/TST.crl" -noout -crlnumber | sed 's/.*=0x//')
number_full=$((16#$number_hex))

set +e
run_unit delta >"$tmp/delta.log" 2>&1
code=$?
set -e
sed 's/^/  job: /' "$tmp/delta.log"
check "delta CRL job exits 0" [ "$code" -eq 0 ]
check "the delta CRL has a critical deltaCRLIndicator on the full CRL $number_full" bash -c \
    "[ \"\$(openssl crl -inform DER -in '$data/crl/TST-delta.crl' -noout -text | grep -A1 'Delta CRL Indicator: critical' | tail -1 | tr -d ' ')\" = '$number_full' ]"

# A wrong CA passphrase: non-zero exit, one clear line, the published CRL untouched.
printf 'not the passphrase at all\n' >"$etc/ca-WRONG.passphrase"
chmod 0600 "$etc/ca-WRONG.passphrase"
sed "s|^CA_PASSPHRASE_FILE=.*|CA_PASSPHRASE_FILE=$etc/ca-WRONG.passphrase|" "$etc/tirkeu.conf" >"$etc/wrong.conf"
before=$(sha256sum <"$data/crl/TST.crl")
set +e
run_unit full "$etc/wrong.conf" >"$tmp/wrong.log" 2>&1
code=$?
set -e
sed 's/^/  job: /' "$tmp/wrong.log"
check "a failing run exits non-zero ($code)" [ "$code" -ne 0 ]
check "a failing run logs one FAILED line naming the CA" [ "$(grep -c 'FAILED: full CRL of CA TST' "$tmp/wrong.log")" -eq 1 ]
check "a failing run leaves the published CRL" [ "$(sha256sum <"$data/crl/TST.crl")" = "$before" ]

# An overlapping run waits for the lock (LOCK_WAIT=2 s here), then gives up cleanly with exit 75.
export -f run_unit
export exec_start unit_user tmp etc
set +e
flock "$tmp/job.lock" bash -c 'run_unit full' >"$tmp/overlap.log" 2>&1
code=$?
set -e
sed 's/^/  job: /' "$tmp/overlap.log"
check "an overlapping run is skipped with exit 75 and a log line" \
    bash -c "[ $code -eq 75 ] && grep -q 'another CRL job still runs' '$tmp/overlap.log'"
check "a bad configuration is refused with exit 2" bash -c \
    "printf 'NOPE=1\n' >'$etc/bad.conf'; TIRKEU_CRL_CONF='$etc/bad.conf' /usr/lib/tirkeu/tirkeu-crl-job full 2>&1 | grep -q 'unknown setting NOPE'; [ \${PIPESTATUS[0]} -eq 2 ]"

# --- remove ------------------------------------------------------------------------------------
install -m 0600 /dev/null /etc/tirkeu/operator.password # a secret the administrator added
apt-get remove --purge -y -qq -o DPkg::Lock::Timeout=120 tirkeu >"$tmp/remove.log" 2>&1 || {
    cat "$tmp/remove.log"
    bad "apt-get remove --purge tirkeu"
}
installed=0
check "the package is gone" bash -c "! dpkg-query -W -f='\${Status}' tirkeu 2>/dev/null | grep -q 'install ok'"
leftover=""
for f in /usr/bin/tirkeu /usr/bin/tirkeu-cli /usr/lib/tirkeu /etc/tirkeu /etc/cron.d/tirkeu /var/lib/tirkeu \
    /lib/systemd/system/tirkeu-crl@.service /usr/share/man/man1/tirkeu-cli.1.gz /usr/share/doc/tirkeu; do
    [ ! -e "$f" ] || leftover="$leftover $f"
done
check "purge leaves no file behind${leftover:+ (left:$leftover)}" [ -z "$leftover" ]
check "purge removes the service user and group" bash -c "! getent passwd tirkeu && ! getent group tirkeu"
echo "total $(($(date +%s) - start)) s"
finish
