#!/usr/bin/env bash
# `ca set` on a subordinate CA whose key waits for its certificate is refused: the stored pending_csr /
# pending_key_fingerprint are checked as if the administrator had typed them. The pointers README's own
# "Root CA -> National CA" example needs (a national CA issues nothing without them) cannot be set in that window.
NAME=ca-set-pending; . "$(dirname "$0")/common.sh"
staff >/dev/null || exit 1
as admin ca add --code ROOT --name "Attack Root CA" --kind root
as admin ca init --code ROOT --key-algorithm p256 --key-out $W/root.p8 --passphrase-file $W/ca.pass --cert-out $W/root.pem >/dev/null
as admin ca add --code NCA --name "National CA" --kind national
as admin ca init --code NCA --key-algorithm p256 --key-out $W/nca.p8 --passphrase-file $W/ca.pass --subordinate --csr-out $W/nca.csr; show $?
say "ca set while the key waits (expected: the pointers are set)"
as admin ca set --code NCA cdp_url=http://crl.example.kz/NCA.crl; show $?
as admin ca set --code NCA hold_allowed=false; show $?
