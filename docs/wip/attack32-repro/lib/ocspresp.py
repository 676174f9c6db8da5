#!/usr/bin/env python3
# ocspresp.py RESP.der : prints status, cert status, times, nonce length
import sys
from cryptography.x509 import ocsp
from cryptography import x509
r = ocsp.load_der_ocsp_response(open(sys.argv[1],'rb').read())
print("status", r.response_status.name, end=' ')
if r.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL:
    print("cert", r.certificate_status.name, "produced", r.produced_at_utc, "this", r.this_update_utc, "next", r.next_update_utc, end=' ')
    if r.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        print("revoked", r.revocation_time_utc, r.revocation_reason, end=' ')
    for e in r.extensions:
        if isinstance(e.value, x509.OCSPNonce): print("nonce_len", len(e.value.nonce), end=' ')
print()
