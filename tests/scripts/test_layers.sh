#!/usr/bin/env bash
# The layer rules of docs/ARCHITECTURE.md, checked on the source tree (prints every violation, exit 1
# on any): widgets only in app/gui; QtSql and SQL only in registry; OpenSSL only in pki; the library
# dependencies go one way (pki, forms <- registry <- reports, forms/pdf <- app/cli, app/gui); the
# test-only cheap key derivation is never called by a program or library; the registry's public
# headers expose neither QtSql nor OpenSSL, and the programs never reach its internal headers.
# Usage: test_layers.sh [SOURCE_DIR]   (default: $TIRKEU_SOURCE_DIR, else the tree this script is in)
set -uo pipefail
root="${1:-${TIRKEU_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}}"
cd "$root" || exit 2
violations=0
violation() {
    echo "LAYER VIOLATION: $*"
    violations=$((violations + 1))
}

# Source files of a layer: "forms" means forms/*.{h,cpp} without the forms/pdf sub-library.
files_of() {
    case "$1" in
    forms) find forms -maxdepth 1 -type f \( -name '*.h' -o -name '*.cpp' \) ;;
    *) find "$1" -type f \( -name '*.h' -o -name '*.cpp' \) ;;
    esac
}
# grep -nE PATTERN over the files of a layer, "file:line:text" per hit; a hit only in a // comment
# does not count.
hits() {
    local layer=$1 pattern=$2
    files_of "$layer" | sort | xargs -r grep -nE "$pattern" /dev/null 2>/dev/null |
        PATTERN="$pattern" perl -ne 'my ($loc, $text) = /^([^:]*:\d+:)(.*)$/ or next; (my $code = $text) =~ s{//.*}{};
            print if $code =~ /$ENV{PATTERN}/'
}

# 1. QtWidgets only in app/gui: any header of the QtWidgets module (the installed list, so a new
#    widget class is caught too), or the module include itself.
qt_widgets_dir=$(find /usr/include -maxdepth 3 -type d -path '*qt6/QtWidgets' 2>/dev/null | head -n 1)
widget_headers='QtWidgets|QWidget|QDialog|QMainWindow|QMessageBox|QApplication'
if [ -n "$qt_widgets_dir" ]; then
    widget_headers="QtWidgets|$(find "$qt_widgets_dir" -maxdepth 1 -type f -name 'Q[A-Za-z]*' ! -name '*.h' -printf '%f\n' |
        sort | paste -sd '|')"
fi
for layer in pki forms forms/pdf registry reports app/cli; do
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: QtWidgets outside app/gui"
    done < <(hits "$layer" "^\s*#\s*include\s*<($widget_headers)(/[^>]*)?>")
done

# 2. QtSql only in registry.
for layer in pki forms forms/pdf reports app/cli app/gui; do
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: QtSql outside registry/"
    done < <(hits "$layer" '^\s*#\s*include\s*<(QtSql|QSql[A-Za-z]*)(/[^>]*)?>')
done

# 3. SQL runs only in registry (Qt's SQL classes or the sqlite3 C API).
for layer in pki forms forms/pdf reports app/cli app/gui; do
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: SQL outside registry/"
    done < <(hits "$layer" '\b(QSqlQuery|QSqlDatabase|sqlite3_[a-z_]+)\b|#\s*include\s*[<"]sqlite3\.h[>"]')
done

# 4. OpenSSL only in pki.
for layer in forms forms/pdf registry reports app/cli app/gui; do
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: OpenSSL outside pki/"
    done < <(hits "$layer" '^\s*#\s*include\s*<openssl/')
done

# 5. One-way dependencies: the project headers each layer may include.
allowed_for() {
    case "$1" in
    pki) echo "pki" ;;
    forms) echo "forms" ;;
    registry) echo "pki forms registry" ;;
    reports) echo "pki forms registry reports" ;;
    forms/pdf) echo "pki forms forms/pdf registry reports" ;;
    app/cli) echo "pki forms forms/pdf registry reports app/cli" ;;
    app/gui) echo "pki forms forms/pdf registry reports app/gui" ;;
    esac
}
for layer in pki forms registry reports forms/pdf app/cli app/gui; do
    allowed=" $(allowed_for "$layer") "
    while IFS=: read -r file line text; do
        [ -n "$file" ] || continue
        # Bash matching, no process per include (a fork each made this test take ~20 s).
        [[ "$text" =~ \"([^\"]+)\" ]] || continue
        inc=${BASH_REMATCH[1]}
        case "$inc" in
        forms/pdf/*) target=forms/pdf ;;
        app/*/*) target=${inc%/*} ;;
        */*) target=${inc%%/*} ;;
        *) target="" ;;
        esac
        [ -n "$target" ] || continue
        case "$target" in pki | forms | forms/pdf | registry | reports | app/cli | app/gui) ;; *) continue ;; esac
        [[ "$allowed" == *" $target "* ]] || violation "$file:$line: $layer includes $inc ($target): dependencies go one way"
    done < <(hits "$layer" '^\s*#\s*include\s*"[a-z]+/')
done

# 6. Cheap key derivation is for test programs only (a program that honoured it would be downgraded).
while IFS= read -r hit; do
    [ -n "$hit" ] && violation "$hit: the test-only cheap key derivation is used outside tests/"
done < <(for layer in forms forms/pdf registry reports app; do hits "$layer" 'useCheapKeyDerivationForTests'; done)
while IFS= read -r hit; do
    [ -n "$hit" ] && violation "$hit: pki itself must not switch to the cheap key derivation"
done < <(hits pki 'useCheapKeyDerivationForTests\s*\(' | grep -vE ':\s*(static\s+)?void\s')

# 7. The registry's public headers expose neither QtSql nor OpenSSL, so the compiler keeps SQL in the
#    registry (it links QtSql privately): the headers below are internal to the registry (the
#    connection, the schema, SQL helpers, the unlocked signer); the programs never include them, never
#    reach the connection through .db(), and never include a QtSql or OpenSSL header themselves.
registry_internal_headers="BackupSteps.h Database.h Internal.h Schema.h SchemaCheck.h SchemaPg.h SchemaSql.h CrlNumbers.h CaSigner.h IssuanceSteps.h CrlRevokedRows.h"
internal_pattern="registry/($(tr ' ' '\n' <<<"$registry_internal_headers" | sed 's/\./\\./' | paste -sd '|'))"
while IFS= read -r header; do
    name=${header#registry/}
    case " $registry_internal_headers " in *" $name "*) continue ;; esac
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: a public registry header exposes QtSql, OpenSSL or an internal registry header"
    done < <(grep -nE "^\s*#\s*include\s*(<(QtSql|QSql[A-Za-z]*|openssl/)[^>]*>|\"(pki/Ossl\.h|$internal_pattern)\")" "$header" /dev/null)
done < <(find registry -maxdepth 1 -name '*.h' | sort)
for layer in app; do
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: the programs use the registry's public interface only (no internal header, no .db())"
    done < <(hits "$layer" "#\s*include\s*\"$internal_pattern\"|(\.|->)db\(\)")
    while IFS= read -r hit; do
        [ -n "$hit" ] && violation "$hit: QtSql or OpenSSL header in a program"
    done < <(hits "$layer" '^\s*#\s*include\s*(<(QtSql|QSql[A-Za-z]*|openssl/)[^>]*>|"pki/Ossl\.h")')
done

if [ "$violations" -gt 0 ]; then
    echo "$violations layer violation(s); see docs/ARCHITECTURE.md"
    exit 1
fi
echo "layer rules hold"
