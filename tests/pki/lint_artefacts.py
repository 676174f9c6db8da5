#!/usr/bin/python3
"""Lint of Tirkeu's certificates and CRLs with python3-cryptography (Debian package), a parser that
shares no code with OpenSSL. Usage: lint_artefacts.py MANIFEST.json

The manifest is a list of artefacts:
  {"path": "x.der", "type": "cert", "profile": "individual_auth" | ... | "subordinate_ca" | "root_ca" |
   "ocsp_signing", "expect": {"crl": URL, "delta": URL, "ca_issuers": URL, "ocsp": URL, "cps": URI,
   "policies": [OID...], "any_policy": bool}}
  {"path": "x.crl", "type": "crl", "delta": bool, "expect": {"freshest": URL,
   "invalidity": {"SERIALHEX": "YYYY-mm-ddTHH:MM:SS"}, "remove": ["SERIALHEX"], "absent": ["SERIALHEX"],
   "present": ["SERIALHEX"], "next_update_hours": N}}
Every rule of issue 13 that can be judged on the artefact is checked; each violation is printed as
"FAIL <path>: <rule>" and the exit code is 1 when there is any. "OK <n> artefacts" otherwise.
"""
import datetime
import json
import re
import sys
import unicodedata

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import CRLEntryExtensionOID, ExtensionOID, ExtendedKeyUsageOID, NameOID, AuthorityInformationAccessOID

ANY_POLICY = "2.5.29.32.0"
HOLDER_POLICIES = {
    "individual_sign": "1.2.398.3.3.2.3",
    "individual_auth": "1.2.398.3.3.2.4",
    "legal_sign": "1.2.398.3.3.2.1",
    "legal_auth": "1.2.398.3.3.2.2",
    "government_employee": "1.2.398.3.3.2",
}
BOUNDS = {NameOID.COMMON_NAME: 64, NameOID.ORGANIZATION_NAME: 64, NameOID.ORGANIZATIONAL_UNIT_NAME: 64,
          NameOID.LOCALITY_NAME: 128, NameOID.STATE_OR_PROVINCE_NAME: 128, NameOID.SERIAL_NUMBER: 64,
          NameOID.EMAIL_ADDRESS: 255}
FORBIDDEN = re.compile("[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                       "\u200b-\u200d\u2060\ufeff\ue000-\uf8ff]")

failures = []


def fail(path, rule):
    failures.append(f"FAIL {path}: {rule}")


def ext(obj, oid):
    try:
        return obj.extensions.get_extension_for_oid(oid)
    except x509.ExtensionNotFound:
        return None


def uris(general_names):
    return [g.value for g in general_names if isinstance(g, x509.UniformResourceIdentifier)]


def check_name(path, name):
    for attr in name:
        value = attr.value
        if FORBIDDEN.search(value) or any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in value):
            fail(path, f"name attribute {attr.oid.dotted_string} holds a control/invisible character: {value!r}")
        if unicodedata.normalize("NFC", value) != value:
            fail(path, f"name attribute {attr.oid.dotted_string} is not NFC")
        bound = BOUNDS.get(attr.oid)
        if bound and len(value) > bound:
            fail(path, f"{attr.oid._name} longer than {bound}")
        if attr.oid == NameOID.ORGANIZATIONAL_UNIT_NAME and value.startswith("BIN") and \
                not re.fullmatch(r"BIN[0-9]{12}", value):
            fail(path, f"OU={value!r} is not BIN + 12 digits")


def check_cert(path, item):
    profile = item["profile"]
    expect = item.get("expect", {})
    with open(path, "rb") as f:
        data = f.read()
    cert = x509.load_pem_x509_certificate(data) if data.startswith(b"-----") else x509.load_der_x509_certificate(data)
    if cert.version != x509.Version.v3:
        fail(path, "not a v3 certificate")
    serial = cert.serial_number
    if serial <= 0 or serial.bit_length() > 159:
        fail(path, "serial not positive or longer than 20 octets")
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.public_numbers().e != 65537:
            fail(path, f"RSA exponent {key.public_numbers().e}")
        if not 2048 <= key.key_size <= 8192:
            fail(path, f"RSA size {key.key_size}")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in ("secp256r1", "secp384r1"):
            fail(path, f"curve {key.curve.name}")
    else:
        fail(path, f"key type {type(key).__name__}")
    check_name(path, cert.subject)
    check_name(path, cert.issuer)

    bc = ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
    ku = ext(cert, ExtensionOID.KEY_USAGE)
    eku = ext(cert, ExtensionOID.EXTENDED_KEY_USAGE)
    cp = ext(cert, ExtensionOID.CERTIFICATE_POLICIES)
    cdp = ext(cert, ExtensionOID.CRL_DISTRIBUTION_POINTS)
    fresh = ext(cert, ExtensionOID.FRESHEST_CRL)
    aia = ext(cert, ExtensionOID.AUTHORITY_INFORMATION_ACCESS)
    ski = ext(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    aki = ext(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
    nocheck = ext(cert, ExtensionOID.OCSP_NO_CHECK)
    is_ca = profile in ("root_ca", "subordinate_ca")

    if ku is None or not ku.critical:
        fail(path, "keyUsage missing or not critical")
    if ski is None:
        fail(path, "no subjectKeyIdentifier")
    if aki is None or aki.value.key_identifier is None:
        fail(path, "no authorityKeyIdentifier keyid")
    if ku is not None and isinstance(key, ec.EllipticCurvePublicKey) and ku.value.key_encipherment:
        fail(path, "keyEncipherment on an EC key")
    if is_ca:
        countries = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)]
        names = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        if countries != ["KZ"] or len(names) != 1 or not names[0].strip():
            fail(path, f"CA subject must name C=KZ and one CN (got {cert.subject.rfc4514_string()})")
        if bc is None or not bc.critical or not bc.value.ca:
            fail(path, "CA without critical basicConstraints CA:TRUE")
        if ku is not None and not (ku.value.key_cert_sign and ku.value.crl_sign):
            fail(path, "CA keyUsage lacks keyCertSign/cRLSign")
        if eku is not None:
            fail(path, "CA certificate with extendedKeyUsage")
    elif bc is not None and bc.value.ca:
        fail(path, "end-entity certificate says CA:TRUE")

    if profile == "root_ca":
        if cert.subject != cert.issuer:
            fail(path, "root not self-issued")
        for name, e in (("CDP", cdp), ("freshestCRL", fresh), ("AIA", aia)):
            if e is not None:
                fail(path, f"root certificate carries {name}")
        return

    # Pointers set by `ca set` must all be there.
    if "crl" in expect:
        got = [u for dp in (cdp.value if cdp else []) for u in uris(dp.full_name or [])]
        if expect["crl"] not in got:
            fail(path, f"CDP {expect['crl']} missing (got {got})")
    elif cdp is not None:
        fail(path, "CDP present although none was set")
    if "delta" in expect:
        got = [u for dp in (fresh.value if fresh else []) for u in uris(dp.full_name or [])]
        if expect["delta"] not in got:
            fail(path, f"freshestCRL {expect['delta']} missing (got {got})")
        if fresh is not None and fresh.critical:
            fail(path, "freshestCRL must be non-critical")
    access = {}
    for d in (aia.value if aia else []):
        access.setdefault(d.access_method, []).append(d.access_location.value)
    if "ca_issuers" in expect and expect["ca_issuers"] not in access.get(AuthorityInformationAccessOID.CA_ISSUERS, []):
        fail(path, f"AIA caIssuers {expect['ca_issuers']} missing")
    if "ocsp" in expect and expect["ocsp"] not in access.get(AuthorityInformationAccessOID.OCSP, []):
        fail(path, f"AIA OCSP {expect['ocsp']} missing")

    policies = [p.policy_identifier.dotted_string for p in (cp.value if cp else [])]
    if profile == "ocsp_signing":
        if eku is None or list(eku.value) != [ExtendedKeyUsageOID.OCSP_SIGNING]:
            fail(path, "OCSP responder EKU must be id-kp-OCSPSigning alone")
        if nocheck is None:
            fail(path, "OCSP responder without id-pkix-ocsp-nocheck")
        if ku is not None and (not ku.value.digital_signature or ku.value.key_cert_sign or ku.value.crl_sign):
            fail(path, "OCSP responder keyUsage must be digitalSignature")
        return
    if profile == "subordinate_ca":
        wanted = expect.get("policies")
        if wanted is not None and sorted(policies) != sorted(wanted):
            fail(path, f"sub-CA policies {policies}, expected {wanted}")
        if ANY_POLICY in policies and not expect.get("any_policy"):
            fail(path, "sub-CA asserts anyPolicy although not configured")
        if not policies:
            fail(path, "sub-CA without explicit policies")
    else:
        wanted = HOLDER_POLICIES.get(profile)
        if wanted and policies != [wanted]:
            fail(path, f"policies {policies}, expected [{wanted}]")
        if eku is None:
            fail(path, "holder certificate without extendedKeyUsage")
        sign = profile.endswith("_sign") or profile == "government_employee"
        auth = profile.endswith("_auth") or profile == "government_employee"
        if ku is not None:
            if sign and not ku.value.content_commitment:
                fail(path, "signing certificate without nonRepudiation")
            if auth and not ku.value.digital_signature:
                fail(path, "authentication certificate without digitalSignature")
            if isinstance(key, rsa.RSAPublicKey) and profile.endswith("_auth") and not ku.value.key_encipherment:
                fail(path, "RSA authentication certificate without keyEncipherment")
        if profile.startswith("legal") or profile == "government_employee":
            if not cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME):
                fail(path, "legal/government certificate without O")
        if profile == "government_employee" and expect.get("bin") is None:
            if cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME):
                fail(path, "government certificate with an OU but no BIN")
        if "bin" in expect:
            ous = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
            if ous != ["BIN" + expect["bin"]]:
                fail(path, f"OU {ous}, expected BIN{expect['bin']}")
        if "not_after_days" in expect:
            days = (cert.not_valid_after - cert.not_valid_before).days
            if abs(days - expect["not_after_days"]) > 1:
                fail(path, f"validity {days} days, expected {expect['not_after_days']}")
    if "cps" in expect:
        for p in (cp.value if cp else []):
            if expect["cps"] not in [q for q in (p.policy_qualifiers or []) if isinstance(q, str)]:
                fail(path, f"policy {p.policy_identifier.dotted_string} without CPS {expect['cps']}")


def check_crl(path, item):
    expect = item.get("expect", {})
    with open(path, "rb") as f:
        data = f.read()
    crl = x509.load_pem_x509_crl(data) if data.startswith(b"-----") else x509.load_der_x509_crl(data)
    delta = ext(crl, ExtensionOID.DELTA_CRL_INDICATOR)
    fresh = ext(crl, ExtensionOID.FRESHEST_CRL)
    if item.get("delta"):
        if delta is None or not delta.critical:
            fail(path, "delta CRL without a critical deltaCRLIndicator")
        if fresh is not None:
            fail(path, "delta CRL carries freshestCRL")
    else:
        if delta is not None:
            fail(path, "full CRL with deltaCRLIndicator")
        if "freshest" in expect:
            got = [u for dp in (fresh.value if fresh else []) for u in uris(dp.full_name or [])]
            if expect["freshest"] not in got:
                fail(path, f"full CRL without freshestCRL {expect['freshest']} (got {got})")
    if ext(crl, ExtensionOID.CRL_NUMBER) is None or ext(crl, ExtensionOID.AUTHORITY_KEY_IDENTIFIER) is None:
        fail(path, "CRL without cRLNumber or AKI")
    if "next_update_hours" in expect:
        hours = (crl.next_update - crl.last_update).total_seconds() / 3600
        if abs(hours - expect["next_update_hours"]) > 0.02:
            fail(path, f"nextUpdate {hours:.2f} h after thisUpdate, expected {expect['next_update_hours']}")
    entries = {format(r.serial_number, "X"): r for r in crl}
    norm = lambda s: s.upper().lstrip("0") or "0"
    for serial in expect.get("present", []):
        if norm(serial) not in entries:
            fail(path, f"{serial} is not listed")
    for serial in expect.get("absent", []):
        if norm(serial) in entries:
            fail(path, f"{serial} is listed although it must not be")
    for serial in expect.get("remove", []):
        r = entries.get(norm(serial))
        reason = ext(r, CRLEntryExtensionOID.CRL_REASON) if r else None
        if reason is None or reason.value.reason != x509.ReasonFlags.remove_from_crl:
            fail(path, f"{serial} has no removeFromCRL entry")
    for r in crl:
        reason = ext(r, CRLEntryExtensionOID.CRL_REASON)
        if reason is not None and reason.value.reason == x509.ReasonFlags.remove_from_crl and not item.get("delta"):
            fail(path, "removeFromCRL in a full CRL")
    for serial, when in expect.get("invalidity", {}).items():
        r = entries.get(norm(serial))
        inv = ext(r, CRLEntryExtensionOID.INVALIDITY_DATE) if r else None
        if inv is None:
            fail(path, f"{serial} without invalidityDate")
        elif inv.value.invalidity_date != datetime.datetime.fromisoformat(when):
            fail(path, f"{serial} invalidityDate {inv.value.invalidity_date}, expected {when}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    for item in manifest:
        try:
            (check_cert if item["type"] == "cert" else check_crl)(item["path"], item)
        except Exception as e:  # a parse failure is a finding too
            fail(item["path"], f"cannot be parsed: {e}")
    for line in failures:
        print(line)
    if failures:
        return 1
    print(f"OK {len(manifest)} artefacts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
