#pragma once
// What a CA certificate must be for a CA of this register to work under it (attack of session 27, F2): the
// checks a CA applies to a certificate it is given for its own key (`ca import-cert`), here in one place.
//   - basicConstraints CA:TRUE, marked critical (RFC 5280 §4.2.1.9);
//   - keyUsage present with keyCertSign and cRLSign (§4.2.1.3): the CA signs certificates and CRLs;
//   - no critical extension OpenSSL does not process, and no nameConstraints (the register's CAs issue
//     under Kazakh names a constraint may exclude; their holders' certificates would not verify);
//   - a serial number that is positive and at most 20 octets (§4.1.2.2);
//   - signed with SHA-256 or stronger (SHA-1 and MD5 signatures are refused, as is RSA-PSS here);
//   - never outliving its issuer's certificate, and really signed by its issuer's key (signedBy);
//   - an issuer's key that meets pki::KeyPolicy (issuerKey), when the issuer is not one of the register's CAs;
//     such an issuer's certificate is itself held to check() and must be valid now (outsideIssuer);
//   - room in every pathLenConstraint above it (pathLengths): an ancestor d CA certificates above has a
//     pathLen of at least d, plus the certificate's own pathLen when it has one (attack of session 28, F7/F8).
// Names are compared as OpenSSL compares them in a chain (X509_NAME_cmp: the canonical encoding, so a name
// re-encoded as PrintableString instead of UTF8String, or in another ASCII case, is the same name).

#include "pki/Certificate.h"
#include "pki/Result.h"

#include <QCoreApplication>

namespace tirkeu::pki {

class CaCertificateCheck {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CaCertificateCheck)
public:
    // The rules above that the certificate alone can be judged by; ErrorCode::Invalid with the reason.
    static Status check(const Certificate& cert);
    // True when `cert` names `issuer`'s subject as its issuer (canonically) and `issuer`'s key verifies it.
    static bool signedBy(const Certificate& cert, const Certificate& issuer);
    // `cert` does not outlive `issuer` (its notAfter is not after the issuer's); ErrorCode::Invalid naming both
    // validities otherwise.
    static Status withinIssuerValidity(const Certificate& cert, const Certificate& issuer);
    // An issuer outside the register: a CA certificate whose key meets KeyPolicy and whose own signature
    // is SHA-256 or stronger.
    static Status issuerKey(const Certificate& issuer);
    // An issuer outside the register that can certify a CA of this register (attack of session 28, F7): its key
    // and signature as issuerKey wants them, the rules of check() (critical CA:TRUE, keyCertSign and cRLSign, a
    // valid serial…), and valid at `now` (notBefore <= now <= notAfter). ErrorCode::Invalid with the reason.
    static Status outsideIssuer(const Certificate& issuer, const QDateTime& now);
    // The pathLenConstraints above `cert` leave room for it (attack of session 28, F7/F8). `above` lists the
    // certificates over it, its issuer's first, then that one's issuer's, and so on; `labels` names each for the
    // message (its subject when missing). An ancestor with d non-self-issued CA certificates from it down to
    // `cert` (d = 1 for the issuer) needs pathLen >= d, plus `cert`'s own pathLen when `cert` has one; otherwise
    // every certificate the CA issues fails validation ("path length constraint exceeded"). ErrorCode::Invalid
    // naming the ancestor and its pathLen.
    static Status pathLengths(const Certificate& cert, const QList<Certificate>& above, const QStringList& labels = {});
    // Two DER names are the same name (X509_NAME_cmp). False when either is not a name.
    static bool sameName(const QByteArray& derA, const QByteArray& derB);
};

} // namespace tirkeu::pki
