#!/usr/bin/env bash
# `cmake --install` into a DESTDIR: the Runtime component (the install rules that exist without
# -DTIRKEU_PACKAGING, declared outside packaging/Packaging.cmake) puts both programs, the desktop
# entry and the icon under the prefix, and the installed tirkeu-cli runs; then the whole install
# (with the package's files when packaging is on) works too.
set -euo pipefail
build="${TIRKEU_BINARY_DIR:?ctest sets TIRKEU_BINARY_DIR}"
work=$(mktemp -d "${TMPDIR:-/tmp}/tirkeu-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}

# 1. Runtime only.
DESTDIR="$work/runtime" cmake --install "$build" --prefix /usr --component Runtime >"$work/runtime.log" 2>&1 ||
    { cat "$work/runtime.log"; fail "cmake --install --component Runtime failed"; }
root="$work/runtime/usr"
for f in bin/tirkeu bin/tirkeu-cli; do
    [ -x "$root/$f" ] || fail "$f is not installed (or not executable)"
done
for f in share/applications/kz.tirkeu.Tirkeu.desktop share/icons/hicolor/scalable/apps/kz.tirkeu.Tirkeu.svg; do
    [ -s "$root/$f" ] || fail "$f is not installed"
done
version=$("$root/bin/tirkeu-cli" --version) || fail "the installed tirkeu-cli does not run"
[[ "$version" == tirkeu-cli\ * ]] || fail "unexpected --version output: $version"
# Nothing of the package alone (man pages, units, /etc) in the Runtime component.
[ ! -e "$work/runtime/etc" ] && [ ! -e "$root/share/man" ] || fail "the Runtime component holds package-only files"
# Installed programs are position-independent with full RELRO (the hardening flags reached the link).
if command -v readelf >/dev/null; then
    readelf -h "$root/bin/tirkeu-cli" | grep -q 'DYN (Position-Independent Executable file)\|Type: *DYN' ||
        fail "tirkeu-cli is not a position-independent executable"
    readelf -d "$root/bin/tirkeu-cli" | grep -q 'BIND_NOW\|FLAGS_1.*NOW' || fail "tirkeu-cli is not linked with -z now"
    readelf -lW "$root/bin/tirkeu-cli" | grep -q GNU_RELRO || fail "tirkeu-cli has no RELRO segment"
fi

# 2. Everything the build declares, into its own DESTDIR (absolute /etc and /lib paths included).
DESTDIR="$work/all" cmake --install "$build" --prefix /usr >"$work/all.log" 2>&1 ||
    { cat "$work/all.log"; fail "cmake --install failed"; }
[ -x "$work/all/usr/bin/tirkeu-cli" ] || fail "the full install has no tirkeu-cli"
echo "installed: $(cd "$work/runtime" && find . -type f | sort | tr '\n' ' ')"
