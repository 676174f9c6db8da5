#!/usr/bin/env bash
# Every user-visible string has a finished Kazakh and Russian translation.
exec bash "$TIRKEU_SOURCE_DIR/scripts/check-translations.sh"
