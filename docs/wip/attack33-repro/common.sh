#!/usr/bin/env bash
# Session-33 attack helpers: session 28's common.sh with ATTACK_ROOT=/work/attack33. Set NAME first.
ATTACK_ROOT=${ATTACK_ROOT:-/work/attack33}
CLI=${CLI:-$ATTACK_ROOT/bin/tirkeu-cli}
OCSP=${OCSP:-$ATTACK_ROOT/bin/tirkeu-ocsp}
source /work/wt-lead/docs/wip/attack28-repro/common.sh
step() { local d=$1; shift; "$@"; local rc=$?; say "$d"; show $rc; return $rc; }
