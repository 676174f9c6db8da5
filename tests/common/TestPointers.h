// Publication pointers for the test CAs: a national or government CA refuses to issue without them, a root
// without its CRL and AIA pointers (CaDirectory::checkReadyToIssue), so every fixture that issues registers its
// CAs with these.
#pragma once

#include <QJsonObject>
#include <QStringList>

namespace tirkeu::test {

inline QJsonObject testPointers() {
    return {{QStringLiteral("cdp_url"), QStringLiteral("http://crl.test.kz/ca.crl")},
            {QStringLiteral("freshest_url"), QStringLiteral("http://crl.test.kz/ca-delta.crl")},
            {QStringLiteral("aia_url"), QStringLiteral("http://pki.test.kz/ca.cer")},
            {QStringLiteral("ocsp_url"), QStringLiteral("http://ocsp.test.kz")},
            {QStringLiteral("cps_uri"), QStringLiteral("https://pki.test.kz/cps")}};
}

// A root's: where its CRL and its certificate are published (what its subordinates' certificates point to).
inline QJsonObject testRootPointers() {
    return {{QStringLiteral("cdp_url"), QStringLiteral("http://crl.test.kz/root.crl")},
            {QStringLiteral("aia_url"), QStringLiteral("http://pki.test.kz/root.cer")}};
}

// The same pointers as `ca add` arguments (--setting KEY=VALUE …).
inline QStringList testPointerArgs(bool root = false) {
    QStringList args;
    const QJsonObject p = root ? testRootPointers() : testPointers();
    for (auto it = p.begin(); it != p.end(); ++it)
        args << QStringLiteral("--setting") << it.key() + u'=' + it.value().toString();
    return args;
}

} // namespace tirkeu::test
