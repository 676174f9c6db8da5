#!/usr/bin/env bash
# Installs the Debian 12 packages Tirkeu needs to build, run and test. Idempotent: only what is
# missing is installed (dpkg-query first, apt-get only when needed).
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git clang-format
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-sqlite libqt6sql6-psql libqt6opengl6-dev libgl-dev
  libssl-dev openssl libsqlite3-dev sqlite3
  libpoppler-qt6-dev poppler-utils
  libboost-program-options-dev
  libmicrohttpd-dev libcurl4-openssl-dev python3-aiosmtpd
  fonts-dejavu-core
  softhsm2 libengine-pkcs11-openssl opensc gnutls-bin libnss3-tools python3-cryptography
  postgresql postgresql-client
  xvfb xauth openbox x11-utils
  librsvg2-bin dpkg-dev lintian desktop-file-utils appstream adduser
  time faketime
  python3-pypdf pdftk-java qpdf
  libreoffice-calc-nogui
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
