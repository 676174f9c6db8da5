#pragma once
// Helpers shared by the pki tests: throwaway keys, a small CA hierarchy, files and peer validators.

#include "common/Tools.h"
#include "pki/CertificateBuilder.h"
#include "pki/Ossl.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <openssl/pem.h>

namespace tirkeu::pki::test {

inline EvpPkeyPtr rsaKey(int bits = 2048) {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits)));
}
inline EvpPkeyPtr ecKey(const char* curve = "P-256") {
    return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

inline X509Ptr parseDer(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &p, long(der.size())));
}

inline QByteArray certPem(const QByteArray& der) {
    X509Ptr cert = parseDer(der);
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    return bioContents(bio.get());
}

inline QByteArray keyPem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioContents(bio.get());
}

using tirkeu::test::haveTool;
using tirkeu::test::readFile;
using tirkeu::test::writeFile;

struct ProcessResult {
    int exitCode = -1;
    QString output; // stdout and stderr merged
};

// The shared tool runner (tests/common/Tools.h), both channels in order.
inline ProcessResult run(const QString& program, const QStringList& args) {
    tirkeu::test::ToolOptions options;
    options.mergeChannels = true;
    const tirkeu::test::ToolRun t = tirkeu::test::runTool(program, args, options);
    return {t.code, t.output};
}

// A CA certificate with its key.
struct TestCa {
    EvpPkeyPtr key;
    QByteArray der;
    X509Ptr cert;
};

inline QDateTime utcNow() {
    return QDateTime::currentDateTimeUtc().addSecs(-60);
}

inline TestCa makeRoot(EvpPkeyPtr key, const QString& name = QStringLiteral("Tirkeu Test Root CA"), int years = 10) {
    TestCa ca;
    ca.key = std::move(key);
    CertificateSpec spec;
    spec.subject = SubjectName::ca(name, QStringLiteral("Тіркеу АҚ"));
    spec.profile = Profile(ProfileKind::RootCa);
    spec.notBefore = utcNow();
    spec.notAfter = spec.notBefore.addYears(years);
    Result<QByteArray> der = CertificateBuilder::build(spec, nullptr, nullptr, ca.key.get());
    if (der) {
        ca.der = *der;
        ca.cert = parseDer(ca.der);
    } else {
        qWarning("root: %s", qPrintable(der.message()));
    }
    return ca;
}

inline TestCa makeSub(const TestCa& root, EvpPkeyPtr key,
                      const QString& name = QStringLiteral("Tirkeu Test Issuing CA"), int years = 5) {
    TestCa ca;
    ca.key = std::move(key);
    CertificateSpec spec;
    spec.subject = SubjectName::ca(name, QStringLiteral("Тіркеу АҚ"), QStringLiteral("Ұлттық куәландырушы орталық"));
    spec.profile = Profile(ProfileKind::SubordinateCa);
    spec.notBefore = utcNow();
    spec.notAfter = spec.notBefore.addYears(years);
    spec.caIssuersUrl = QStringLiteral("http://pki.example.kz/root.cer");
    spec.crlUrl = QStringLiteral("http://pki.example.kz/root.crl");
    Result<QByteArray> der = CertificateBuilder::build(spec, ca.key.get(), root.cert.get(), root.key.get());
    if (der) {
        ca.der = *der;
        ca.cert = parseDer(ca.der);
    } else {
        qWarning("sub: %s", qPrintable(der.message()));
    }
    return ca;
}

inline CertificateSpec holderSpec(Profile profile, const QDateTime& from = utcNow(), int days = 365) {
    CertificateSpec spec;
    if (profile.isLegal())
        spec.subject = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                           QStringLiteral("Серікқызы"), QStringLiteral("900701300108"),
                                           QStringLiteral("ТОО «Өрнек»"), QStringLiteral("230340123459"));
    else
        spec.subject = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                           QStringLiteral("Серікқызы"), QStringLiteral("900701300108"));
    spec.profile = profile;
    spec.notBefore = from;
    spec.notAfter = from.addDays(days);
    spec.email = QStringLiteral("aliya@example.kz");
    spec.caIssuersUrl = QStringLiteral("http://pki.example.kz/issuing.cer");
    spec.crlUrl = QStringLiteral("http://pki.example.kz/issuing.crl");
    spec.freshestCrlUrl = QStringLiteral("http://pki.example.kz/issuing_delta.crl");
    return spec;
}

} // namespace tirkeu::pki::test
