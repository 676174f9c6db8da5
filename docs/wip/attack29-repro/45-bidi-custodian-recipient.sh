#!/usr/bin/env bash
CLI=${CLI:-/work/attack29/bin/tirkeu-cli}; export CLI
# U+202E in the CA key backup's custodian names (printed hand-over record) and in the GOV media recipient fields.
NAME=bidi-custodian; . "$(dirname "$0")/common.sh"
setup >/dev/null || { echo setup failed; cat $W/err; exit 1; }
RLO=$'\u202e'
mkdir -p $W/kb; chmod 700 $W/kb
as admin ca backup --ca NCA --out $W/kb --shares 5 --threshold 3 --custodian "Серіков ${RLO}Нұрлан;бас маман" --custodian "Ахметова Дана;сарапшы" --custodian "Омаров Ерлан;№ 12${RLO}34 бұйрық" --custodian "Бек Әли;маман" --custodian "Нұр Ай;маман" --ca-passphrase-file $W/ca.pass
echo "## ca backup with RLO in custodians: rc=$? $(head -c 300 $W/out $W/err | tr '\n' ' ')"
ls $W/kb
[ -f $W/kb/NCA-handover.pdf ] && { pdftotext -layout $W/kb/NCA-handover.pdf - | grep -E 'Серіков|Омаров|бұйрық|Нұрлан|лнаҰ' | head -5; pdftoppm -r 90 -png -f 1 -l 1 $W/kb/NCA-handover.pdf $W/handover; }
exit 0
