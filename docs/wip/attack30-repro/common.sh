#!/usr/bin/env bash
# Session-30 attack helpers: session 28's common.sh (via 29's) with ATTACK_ROOT=/work/attack30. Set NAME first.
ATTACK_ROOT=${ATTACK_ROOT:-/work/attack30}  # archived copy: docs/wip/attack30-repro
source /work/wt-lead/docs/wip/attack28-repro/common.sh
