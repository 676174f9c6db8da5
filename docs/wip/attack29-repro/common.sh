#!/usr/bin/env bash
# Shared helpers of the session-29 attack scripts: session 28's (../attack28-repro/common.sh), with the paths of
# session 29. Source it; set NAME first.
#   CLI : tirkeu-cli binary (default: /work/attack29/bin/tirkeu-cli, built from 01d9bdb)
#   OCSP: tirkeu-ocsp binary (default: /work/attack29/bin/tirkeu-ocsp)
#   W   : the script's work folder (/work/attack29/work/$NAME, recreated)
ATTACK_ROOT=${ATTACK_ROOT:-/work/attack29}
# shellcheck source=../attack28-repro/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../attack28-repro/common.sh"
