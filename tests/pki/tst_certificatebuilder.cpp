// CertificateBuilder and Certificate: a root, subordinate CAs and a holder certificate for every profile,
// checked by OpenSSL, GnuTLS certtool and python3-cryptography, not only by our own parser.

#include "PkiTestSupport.h"
#include "common/TestMain.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "pki/SignatureAlgorithm.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/x509v3.h>

using namespace tirkeu;
using namespace tirkeu::pki;
using namespace tirkeu::pki::test;

class TestCertificateBuilder : public QObject {
    Q_OBJECT

private:
    TestCa m_root;   // RSA-2048
    TestCa m_ecSub;  // P-384: holders signed with ecdsa-with-SHA384
    TestCa m_rsaSub; // RSA-2048: holders signed with sha256WithRSAEncryption
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_root = makeRoot(rsaKey());
        QVERIFY(m_root.cert);
        m_ecSub = makeSub(m_root, ecKey("P-384"), QStringLiteral("Issuing CA P-384"));
        QVERIFY(m_ecSub.cert);
        m_rsaSub = makeSub(m_root, rsaKey(), QStringLiteral("Issuing CA RSA"));
        QVERIFY(m_rsaSub.cert);
        QVERIFY(writeFile(path(QStringLiteral("root.pem")), certPem(m_root.der)));
        QVERIFY(writeFile(path(QStringLiteral("ecsub.pem")), certPem(m_ecSub.der)));
        QVERIFY(writeFile(path(QStringLiteral("rsasub.pem")), certPem(m_rsaSub.der)));
    }

    void rootIsSelfSignedCa() {
        Result<Certificate> root = Certificate::parse(m_root.der);
        QVERIFY(root.ok());
        QVERIFY(root->isCa());
        QVERIFY(root->isSelfSigned());
        QCOMPARE(root->keyUsage(), QStringList({QStringLiteral("keyCertSign"), QStringLiteral("cRLSign")}));
        QVERIFY(root->keyUsageCritical());
        QCOMPARE(root->subjectKeyId(), root->authorityKeyId());
        QCOMPARE(root->profile()->kind(), ProfileKind::RootCa);
        QCOMPARE(root->signatureAlgorithm(), QStringLiteral("sha256WithRSAEncryption"));

        const ProcessResult text = run(QStringLiteral("openssl"),
                                       {QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("root.pem")),
                                        QStringLiteral("-noout"), QStringLiteral("-text")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.output.contains(QStringLiteral("X509v3 Basic Constraints: critical\n                CA:TRUE")),
                 qPrintable(text.output));
        QVERIFY(text.output.contains(QStringLiteral("Certificate Sign, CRL Sign")));
    }

    void subordinateHasPathLengthZero() {
        const ProcessResult text = run(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-in"),
                                                                   path(QStringLiteral("ecsub.pem")),
                                                                   QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.output.contains(QStringLiteral("CA:TRUE, pathlen:0")), qPrintable(text.output));
        QVERIFY(text.output.contains(QStringLiteral("X509v3 Key Usage: critical")));
        QVERIFY(text.output.contains(QStringLiteral("CA Issuers - URI:http://pki.example.kz/root.cer")));
        Result<Certificate> sub = Certificate::parse(m_ecSub.der);
        QVERIFY(sub.ok());
        QCOMPARE(sub->profile()->kind(), ProfileKind::SubordinateCa);
        QCOMPARE(sub->authorityKeyId(), Certificate::parse(m_root.der)->subjectKeyId());
        QCOMPARE(sub->keyDescription(), QStringLiteral("ECDSA P-384"));
    }

    void everyProfileVerifiesWithPeerValidators_data() {
        QTest::addColumn<QString>("profileId");
        QTest::addColumn<QString>("roleId");
        QTest::addColumn<bool>("rsaIssuer");
        QTest::addColumn<bool>("rsaHolder");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("keyUsageText");
        QTest::addColumn<QString>("ekuText");
        const QString sign = QStringLiteral("Digital Signature, Non Repudiation");
        const QString auth = QStringLiteral("Digital Signature, Key Encipherment");
        QTest::newRow("individual_sign") << "individual_sign" << QString() << false << false << "1.2.398.3.3.2.3"
                                         << sign << "E-mail Protection, 1.2.398.3.3.4.1.1";
        QTest::newRow("individual_auth") << "individual_auth" << QString() << true << true << "1.2.398.3.3.2.4" << auth
                                         << "TLS Web Client Authentication, 1.2.398.3.3.4.1.1";
        QTest::newRow("legal_sign first_head") << "legal_sign"
                                               << "first_head" << false << true << "1.2.398.3.3.2.1" << sign
                                               << "E-mail Protection, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.1";
        QTest::newRow("legal_auth signer") << "legal_auth"
                                           << "signer" << true << false << "1.2.398.3.3.2.2" << auth
                                           << "TLS Web Client Authentication, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.2";
        QTest::newRow("legal_sign financial_signer") << "legal_sign"
                                                     << "financial_signer" << true << false << "1.2.398.3.3.2.1" << sign
                                                     << "E-mail Protection, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.3";
        QTest::newRow("legal_auth hr") << "legal_auth"
                                       << "hr" << false << false << "1.2.398.3.3.2.2" << auth
                                       << "TLS Web Client Authentication, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.4";
        QTest::newRow("legal_sign employee") << "legal_sign"
                                             << "employee" << false << true << "1.2.398.3.3.2.1" << sign
                                             << "E-mail Protection, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.5";
        QTest::newRow("government_employee")
            << "government_employee" << QString() << true << true << "1.2.398.3.3.2"
            << "Digital Signature, Non Repudiation, Key Encipherment"
            << "E-mail Protection, TLS Web Client Authentication, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.5";
    }
    void everyProfileVerifiesWithPeerValidators() {
        QFETCH(QString, profileId);
        QFETCH(QString, roleId);
        QFETCH(bool, rsaIssuer);
        QFETCH(bool, rsaHolder);
        QFETCH(QString, policy);
        QFETCH(QString, keyUsageText);
        QFETCH(QString, ekuText);
        if (!rsaHolder) // RFC 5480: an EC key is never certified for keyEncipherment
            keyUsageText.remove(QStringLiteral(", Key Encipherment"));

        Result<Profile> profile = Profile::fromIds(profileId, roleId);
        QVERIFY2(profile.ok(), qPrintable(profile.message()));
        const TestCa& issuer = rsaIssuer ? m_rsaSub : m_ecSub;
        EvpPkeyPtr holderKey = rsaHolder ? rsaKey() : ecKey();
        const CertificateSpec spec = holderSpec(*profile);
        Result<QByteArray> der = CertificateBuilder::build(spec, holderKey.get(), issuer.cert.get(), issuer.key.get());
        QVERIFY2(der.ok(), qPrintable(der.message()));

        const QString holderPath = path(profileId + roleId + QStringLiteral(".pem"));
        const QString subPath = path(rsaIssuer ? QStringLiteral("rsasub.pem") : QStringLiteral("ecsub.pem"));
        QVERIFY(writeFile(holderPath, certPem(*der)));

        const ProcessResult verify =
            run(QStringLiteral("openssl"),
                {QStringLiteral("verify"), QStringLiteral("-CAfile"), path(QStringLiteral("root.pem")),
                 QStringLiteral("-untrusted"), subPath, holderPath});
        QVERIFY2(verify.exitCode == 0 && verify.output.contains(QStringLiteral(": OK")), qPrintable(verify.output));

        if (haveTool(QStringLiteral("certtool"))) {
            const QString chainPath = holderPath + QStringLiteral(".chain");
            QVERIFY(writeFile(chainPath, certPem(*der) + readFile(subPath)));
            const ProcessResult gnutls = run(QStringLiteral("certtool"),
                                             {QStringLiteral("--verify"), QStringLiteral("--load-ca-certificate"),
                                              path(QStringLiteral("root.pem")), QStringLiteral("--infile"), chainPath});
            QVERIFY2(gnutls.exitCode == 0 && gnutls.output.contains(QStringLiteral("Verified")),
                     qPrintable(gnutls.output));
        }

        const ProcessResult text =
            run(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-in"), holderPath,
                                            QStringLiteral("-noout"), QStringLiteral("-text")});
        QCOMPARE(text.exitCode, 0);
        const QString& t = text.output;
        QVERIFY2(t.contains(QStringLiteral("Policy: ") + policy + u'\n'), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("X509v3 Key Usage: critical\n                ") + keyUsageText + u'\n'),
                 qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("X509v3 Extended Key Usage: \n                ") + ekuText + u'\n'),
                 qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("X509v3 Freshest CRL: \n")), qPrintable(t));
        QVERIFY(t.contains(QStringLiteral("URI:http://pki.example.kz/issuing_delta.crl")));
        QVERIFY(t.contains(QStringLiteral("email:aliya@example.kz")));
        QVERIFY(t.contains(QStringLiteral("X509v3 Authority Key Identifier")));
        QVERIFY(
            t.contains(rsaIssuer ? QStringLiteral("sha256WithRSAEncryption") : QStringLiteral("ecdsa-with-SHA384")));
        QVERIFY(!t.contains(QStringLiteral("CA:TRUE")));

        Result<Certificate> cert = Certificate::parse(*der);
        QVERIFY(cert.ok());
        QCOMPARE(cert->profile(), std::optional<Profile>(*profile));
        QCOMPARE(cert->policyOids(), profile->policyOids());
        QCOMPARE(cert->extendedKeyUsageOids(), profile->extendedKeyUsageOids());
        QCOMPARE(cert->subject().iin, QStringLiteral("900701300108"));
        QCOMPARE(cert->subject().bin, profile->isLegal() ? QStringLiteral("230340123459") : QString());
        QCOMPARE(cert->emails(), QStringList{QStringLiteral("aliya@example.kz")});
        QCOMPARE(cert->keyDescription(), rsaHolder ? QStringLiteral("RSA 2048") : QStringLiteral("ECDSA P-256"));
    }

    // buildCertificate() reads the certificate it signed instead of parsing its DER back (issuance's signing
    // threads): every field must be what parsing that DER gives, for every profile, both key types, a root.
    void subjectKeyIsStoredAsX509SetPubkeyWould() {
        // CertificateBuilder stores the holder's key without X509_set_pubkey's decoding round: the certificate's
        // SubjectPublicKeyInfo must be byte for byte what X509_set_pubkey stores, for every kind of key,
        // including an EC key whose point OpenSSL encodes compressed — stored uncompressed since attack 32's B6,
        // as X509_set_pubkey stores the same key set to the uncompressed form.
        EvpPkeyPtr compressed = ecKey("P-256");
        QVERIFY(EVP_PKEY_set_utf8_string_param(compressed.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                               OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED) == 1);
        std::vector<EvpPkeyPtr> keys;
        keys.push_back(rsaKey());
        keys.push_back(ecKey("P-256"));
        keys.push_back(ecKey("P-384"));
        keys.push_back(std::move(compressed));
        for (const EvpPkeyPtr& key : keys) {
            X509Ptr reference(X509_new());
            EvpPkeyPtr uncompressed = uncompressedDup(key.get());
            QVERIFY(uncompressed);
            QVERIFY(X509_set_pubkey(reference.get(), uncompressed.get()) == 1);
            const QByteArray expected = toDer(X509_get_X509_PUBKEY(reference.get()), i2d_X509_PUBKEY);
            QVERIFY(!expected.isEmpty());
            for (const TestCa* issuer : {&m_rsaSub, &m_ecSub}) {
                Result<Certificate> built = CertificateBuilder::buildCertificate(
                    holderSpec(Profile(ProfileKind::IndividualSign)), key.get(), issuer->cert.get(), issuer->key.get());
                QVERIFY2(built.ok(), qPrintable(built.message()));
                const auto* p = reinterpret_cast<const unsigned char*>(built->der().constData());
                X509Ptr parsed(d2i_X509(nullptr, &p, long(built->der().size())));
                QVERIFY(parsed);
                QCOMPARE(toDer(X509_get_X509_PUBKEY(parsed.get()), i2d_X509_PUBKEY).toHex(), expected.toHex());
                QVERIFY(EVP_PKEY_eq(X509_get0_pubkey(parsed.get()), key.get()) == 1);
                QCOMPARE(built->publicKeyFingerprint(), Certificate::parse(built->der())->publicKeyFingerprint());
                QCOMPARE(built->keyDescription(), KeyGenerator::describe(key.get()));
                QVERIFY(!built->isSelfSigned());
                // The same through a key encoded once (issuance): the same certificate but for its serial.
                auto encoded = EncodedKey::of(key.get());
                QVERIFY(encoded.ok());
                Result<Certificate> viaEncoded = CertificateBuilder::buildCertificate(
                    holderSpec(Profile(ProfileKind::IndividualSign)), *encoded, issuer->cert.get(), issuer->key.get());
                QVERIFY2(viaEncoded.ok(), qPrintable(viaEncoded.message()));
                const auto* q = reinterpret_cast<const unsigned char*>(viaEncoded->der().constData());
                X509Ptr again(d2i_X509(nullptr, &q, long(viaEncoded->der().size())));
                QVERIFY(again);
                QCOMPARE(toDer(X509_get_X509_PUBKEY(again.get()), i2d_X509_PUBKEY).toHex(), expected.toHex());
                QCOMPARE(viaEncoded->publicKeyFingerprint(), built->publicKeyFingerprint());
                QCOMPARE(viaEncoded->keyDescription(), built->keyDescription());
            }
        }
    }

    // Attack of session 32, B6: a request's compressed EC point was certified as sent (33 bytes), and GnuTLS cannot
    // import such a certificate's key. The certificate holds the uncompressed point (RFC 5480 2.2: the form every
    // implementation supports), of the very same key, its SubjectKeyIdentifier computed from those bytes, and the
    // register's never-twice fingerprint unchanged — through the request's encoded key (issuance) and the key alone.
    void compressedPointIsCertifiedUncompressed_data() {
        QTest::addColumn<QByteArray>("curve");
        QTest::addColumn<int>("pointBytes");
        QTest::newRow("P-256") << QByteArray("P-256") << 65;
        QTest::newRow("P-384") << QByteArray("P-384") << 97;
    }
    void compressedPointIsCertifiedUncompressed() {
        QFETCH(QByteArray, curve);
        QFETCH(int, pointBytes);
        EvpPkeyPtr key = ecKey(curve.constData());
        const QString fingerprint = KeyPolicy::spkiSha256Hex(key.get());
        QCOMPARE(EVP_PKEY_set_utf8_string_param(key.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                                OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED),
                 1);
        const Result<Csr> csr = Csr::parse(requestDer(key.get()));
        QVERIFY2(csr.ok(), qPrintable(csr.message()));
        // The request really carries the compressed point (1 + the coordinate's length).
        X509Ptr sent(X509_new());
        QVERIFY(X509_set_pubkey(sent.get(), csr->publicKey()) == 1);
        QCOMPARE(ASN1_STRING_length(X509_get0_pubkey_bitstr(sent.get())), 1 + (pointBytes - 1) / 2);
        auto encoded = csr->encodedKey();
        QVERIFY2(encoded.ok(), qPrintable(encoded.message()));
        QCOMPARE(KeyPolicy::spkiSha256Hex(*encoded), fingerprint);

        int n = 0;
        for (const TestCa* issuer : {&m_ecSub, &m_rsaSub}) {
            const CertificateSpec spec = holderSpec(Profile(ProfileKind::IndividualSign));
            Result<Certificate> viaEncoded =
                CertificateBuilder::buildCertificate(spec, *encoded, issuer->cert.get(), issuer->key.get());
            QVERIFY2(viaEncoded.ok(), qPrintable(viaEncoded.message()));
            Result<QByteArray> viaKey =
                CertificateBuilder::build(spec, csr->publicKey(), issuer->cert.get(), issuer->key.get());
            QVERIFY2(viaKey.ok(), qPrintable(viaKey.message()));
            for (const QByteArray& der : {viaEncoded->der(), *viaKey}) {
                X509Ptr cert = parseDer(der);
                QVERIFY(cert);
                const ASN1_BIT_STRING* point = X509_get0_pubkey_bitstr(cert.get());
                QVERIFY(point);
                QCOMPARE(ASN1_STRING_length(point), pointBytes);
                QCOMPARE(int(ASN1_STRING_get0_data(point)[0]), 0x04);
                QCOMPARE(EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()), 1);
                // The certificate's own SubjectPublicKeyInfo is what the never-twice index digests.
                QCOMPARE(QString::fromLatin1(
                             QCryptographicHash::hash(toDer(X509_get_X509_PUBKEY(cert.get()), i2d_X509_PUBKEY),
                                                      QCryptographicHash::Sha256)
                                 .toHex()),
                         fingerprint);
                QCOMPARE(Certificate::parse(der)->spkiSha256Hex(), fingerprint);
                // SubjectKeyIdentifier: SHA-1 of the subjectPublicKey bits the certificate holds (RFC 5280 4.2.1.2).
                const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(cert.get());
                QVERIFY(ski);
                QCOMPARE(
                    QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ski)), ASN1_STRING_length(ski))
                        .toHex(),
                    QCryptographicHash::hash(QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(point)),
                                                        ASN1_STRING_length(point)),
                                             QCryptographicHash::Sha1)
                        .toHex());
                const QString certPath =
                    path(QStringLiteral("compressed-%1-%2.pem").arg(QString::fromLatin1(curve)).arg(n++));
                QVERIFY(writeFile(certPath, certPem(der)));
                const ProcessResult verify = run(
                    QStringLiteral("openssl"),
                    {QStringLiteral("verify"), QStringLiteral("-CAfile"), path(QStringLiteral("root.pem")),
                     QStringLiteral("-untrusted"),
                     path(issuer == &m_ecSub ? QStringLiteral("ecsub.pem") : QStringLiteral("rsasub.pem")), certPath});
                QVERIFY2(verify.exitCode == 0 && verify.output.contains(QStringLiteral(": OK")),
                         qPrintable(verify.output));
                if (haveTool(QStringLiteral("certtool"))) {
                    const ProcessResult gnutls =
                        run(QStringLiteral("certtool"), {QStringLiteral("-i"), QStringLiteral("--infile"), certPath});
                    QVERIFY2(gnutls.exitCode == 0 && !gnutls.output.contains(QStringLiteral("rror")),
                             qPrintable(gnutls.output));
                }
            }
        }
    }

    void builtCertificateReadsAsItsParsedDer_data() { everyProfileVerifiesWithPeerValidators_data(); }
    void builtCertificateReadsAsItsParsedDer() {
        QFETCH(QString, profileId);
        QFETCH(QString, roleId);
        QFETCH(bool, rsaIssuer);
        QFETCH(bool, rsaHolder);
        Result<Profile> profile = Profile::fromIds(profileId, roleId);
        QVERIFY2(profile.ok(), qPrintable(profile.message()));
        const TestCa& issuer = rsaIssuer ? m_rsaSub : m_ecSub;
        EvpPkeyPtr holderKey = rsaHolder ? rsaKey() : ecKey();
        const auto compare = [](const Certificate& built) {
            Result<Certificate> parsed = Certificate::parse(built.der());
            QVERIFY2(parsed.ok(), qPrintable(parsed.message()));
            QVERIFY(!built.der().isEmpty());
            QCOMPARE(built.der(), parsed->der());
            QCOMPARE(built.serialHex(), parsed->serialHex());
            QCOMPARE(built.serial(), parsed->serial());
            QCOMPARE(built.subjectDisplay(), parsed->subjectDisplay());
            QCOMPARE(built.issuerDisplay(), parsed->issuerDisplay());
            QCOMPARE(built.subjectDer(), parsed->subjectDer());
            QCOMPARE(built.issuerDer(), parsed->issuerDer());
            QCOMPARE(built.notBefore(), parsed->notBefore());
            QCOMPARE(built.notAfter(), parsed->notAfter());
            QCOMPARE(built.keyAlgorithm(), parsed->keyAlgorithm());
            QCOMPARE(built.keyDescription(), parsed->keyDescription());
            QCOMPARE(built.keyBits(), parsed->keyBits());
            QCOMPARE(built.publicKeyFingerprint(), parsed->publicKeyFingerprint());
            QCOMPARE(built.signatureAlgorithm(), parsed->signatureAlgorithm());
            QCOMPARE(built.sha256Fingerprint(), parsed->sha256Fingerprint());
            QCOMPARE(built.policyOids(), parsed->policyOids());
            QCOMPARE(built.keyUsage(), parsed->keyUsage());
            QCOMPARE(built.keyUsageCritical(), parsed->keyUsageCritical());
            QCOMPARE(built.extendedKeyUsageOids(), parsed->extendedKeyUsageOids());
            QCOMPARE(built.emails(), parsed->emails());
            QCOMPARE(built.subjectKeyId(), parsed->subjectKeyId());
            QCOMPARE(built.authorityKeyId(), parsed->authorityKeyId());
            QCOMPARE(built.isCa(), parsed->isCa());
            QCOMPARE(built.isSelfSigned(), parsed->isSelfSigned());
            QCOMPARE(built.sha256Fingerprint(),
                     QCryptographicHash::hash(built.der(), QCryptographicHash::Sha256)); // of the DER handed out
        };
        Result<Certificate> built = CertificateBuilder::buildCertificate(holderSpec(*profile), holderKey.get(),
                                                                         issuer.cert.get(), issuer.key.get());
        QVERIFY2(built.ok(), qPrintable(built.message()));
        QVERIFY(!built->isCa());
        compare(*built);
        if (QTest::currentTestFailed())
            return;
        // A self-signed root (no issuer certificate): the CA flag and self-signature read as parsed.
        CertificateSpec rootSpec;
        rootSpec.subject = SubjectName::ca(QStringLiteral("Тексеру түбір КО"), QStringLiteral("Тіркеу АҚ"));
        rootSpec.profile = Profile(ProfileKind::RootCa);
        rootSpec.notBefore = utcNow();
        rootSpec.notAfter = rootSpec.notBefore.addYears(5);
        Result<Certificate> root = CertificateBuilder::buildCertificate(rootSpec, nullptr, nullptr, issuer.key.get());
        QVERIFY2(root.ok(), qPrintable(root.message()));
        QVERIFY(root->isCa() && root->isSelfSigned());
        compare(*root);
    }

    void serialIsTwentyPositiveBytes() {
        for (int i = 0; i < 200; ++i) {
            const QByteArray serial = CertificateBuilder::newSerial();
            QCOMPARE(serial.size(), 20);
            QVERIFY(serial.at(0) != 0);
            QVERIFY((serial.at(0) & 0x80) == 0);
        }
        EvpPkeyPtr key = ecKey();
        Result<QByteArray> der = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(),
                                                           m_ecSub.cert.get(), m_ecSub.key.get());
        QVERIFY(der.ok());
        X509Ptr x = parseDer(*der);
        const ASN1_INTEGER* serial = X509_get0_serialNumber(x.get());
        QCOMPARE(ASN1_STRING_type(serial), V_ASN1_INTEGER); // positive
        QCOMPARE(ASN1_STRING_length(serial), 20);
        Result<Certificate> cert = Certificate::parse(*der);
        QCOMPARE(cert->serialHex().size(), 40);
        QCOMPARE(cert->serialHex(), cert->serialHex().toUpper());
    }

    void certificateValueTypeMatchesOpenssl() {
        EvpPkeyPtr key = rsaKey();
        CertificateSpec spec = holderSpec(Profile(ProfileKind::IndividualAuth));
        spec.serial = QByteArray::fromHex("0123456789abcdef0123456789abcdef01234567");
        Result<QByteArray> der = CertificateBuilder::build(spec, key.get(), m_rsaSub.cert.get(), m_rsaSub.key.get());
        QVERIFY(der.ok());
        Result<Certificate> cert = Certificate::parse(certPem(*der)); // PEM in
        QVERIFY2(cert.ok(), qPrintable(cert.message()));
        QCOMPARE(cert->der(), *der);
        QCOMPARE(Certificate::parse(cert->pem())->der(), *der); // PEM out
        QCOMPARE(cert->serialHex(), QStringLiteral("0123456789ABCDEF0123456789ABCDEF01234567"));
        QCOMPARE(cert->notBefore(), spec.notBefore.addMSecs(-spec.notBefore.time().msec()));
        QCOMPARE(cert->notAfter(), spec.notAfter.addMSecs(-spec.notAfter.time().msec()));
        QCOMPARE(cert->keyAlgorithm(), QStringLiteral("RSA"));
        QCOMPARE(cert->keyBits(), 2048);
        QCOMPARE(cert->keyUsage(),
                 QStringList({QStringLiteral("digitalSignature"), QStringLiteral("keyEncipherment")}));
        QVERIFY(cert->issuerDisplay().contains(QStringLiteral("CN=Issuing CA RSA")));
        QVERIFY(cert->subjectDisplay().contains(QStringLiteral("CN=ҚАСЫМОВА ӘЛИЯ")));

        const QString pemPath = path(QStringLiteral("fingerprint.pem"));
        QVERIFY(writeFile(pemPath, cert->pem()));
        const ProcessResult fp = run(QStringLiteral("openssl"),
                                     {QStringLiteral("x509"), QStringLiteral("-in"), pemPath, QStringLiteral("-noout"),
                                      QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
        QVERIFY2(fp.output.contains(cert->sha256FingerprintHex()), qPrintable(fp.output));
    }

    void pythonCryptographyAgrees() {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
        if (python.isEmpty())
            QSKIP("no /usr/bin/python3");
        EvpPkeyPtr key = ecKey();
        Result<QByteArray> der =
            CertificateBuilder::build(holderSpec(Profile(ProfileKind::LegalSign, LegalRole::Signer)), key.get(),
                                      m_ecSub.cert.get(), m_ecSub.key.get());
        QVERIFY(der.ok());
        const QString certPath = path(QStringLiteral("python.der"));
        QVERIFY(writeFile(certPath, *der));
        const QString script = QStringLiteral(
            "import sys\n"
            "from cryptography import x509\n"
            "from cryptography.x509.oid import ExtensionOID, NameOID\n"
            "c = x509.load_der_x509_certificate(open(sys.argv[1], 'rb').read())\n"
            "ku = c.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE)\n"
            "pol = c.extensions.get_extension_for_oid(ExtensionOID.CERTIFICATE_POLICIES).value\n"
            "eku = c.extensions.get_extension_for_oid(ExtensionOID.EXTENDED_KEY_USAGE).value\n"
            "assert ku.critical and ku.value.digital_signature and ku.value.content_commitment\n"
            "assert [p.policy_identifier.dotted_string for p in pol] == ['1.2.398.3.3.2.1']\n"
            "assert '1.2.398.3.3.4.1.2.2' in [o.dotted_string for o in eku]\n"
            "assert 0 < c.serial_number < 2**159\n"
            "cn = c.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value\n"
            "assert cn == '\\u049a\\u0410\\u0421\\u042b\\u041c\\u041e\\u0412\\u0410 \\u04d8\\u041b\\u0418\\u042f', cn\n"
            "print('python ok')\n");
        const ProcessResult r = run(python, {QStringLiteral("-c"), script, certPath});
        QVERIFY2(r.exitCode == 0 && r.output.contains(QStringLiteral("python ok")), qPrintable(r.output));
    }

    void signatureAlgorithmMatchesWhatOpensslWrites() {
        for (const TestCa* ca : {&m_root, &m_ecSub}) { // both signed by the RSA root
            const X509_ALGOR* algorithm = nullptr;
            X509_get0_signature(nullptr, &algorithm, ca->cert.get());
            QCOMPARE(SignatureAlgorithm::algorithmIdentifierDer(m_root.key.get()).value(),
                     toDer(algorithm, i2d_X509_ALGOR));
        }
        EvpPkeyPtr key = ecKey();
        Result<QByteArray> der = CertificateBuilder::build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(),
                                                           m_ecSub.cert.get(), m_ecSub.key.get());
        X509Ptr x = parseDer(*der);
        const X509_ALGOR* algorithm = nullptr;
        X509_get0_signature(nullptr, &algorithm, x.get());
        QCOMPARE(SignatureAlgorithm::algorithmIdentifierDer(m_ecSub.key.get()).value(),
                 toDer(algorithm, i2d_X509_ALGOR));
    }

    void badRequestsAreRefused() {
        EvpPkeyPtr key = ecKey();
        const auto build = [&](const CertificateSpec& spec, EVP_PKEY* subjectKey, const TestCa& ca) {
            return CertificateBuilder::build(spec, subjectKey, ca.cert.get(), ca.key.get());
        };
        CertificateSpec individualWithOrg = holderSpec(Profile(ProfileKind::LegalSign, LegalRole::Signer));
        individualWithOrg.profile = Profile(ProfileKind::IndividualSign);
        QCOMPARE(build(individualWithOrg, key.get(), m_ecSub).code(), ErrorCode::Invalid);

        CertificateSpec legalNoRole = holderSpec(Profile(ProfileKind::LegalAuth));
        QCOMPARE(build(legalNoRole, key.get(), m_ecSub).code(), ErrorCode::Invalid);

        CertificateSpec legalNoOrg = holderSpec(Profile(ProfileKind::IndividualAuth));
        legalNoOrg.profile = Profile(ProfileKind::LegalAuth, LegalRole::Hr);
        QCOMPARE(build(legalNoOrg, key.get(), m_ecSub).code(), ErrorCode::Invalid);

        EvpPkeyPtr weak = rsaKey(1024);
        QCOMPARE(build(holderSpec(Profile(ProfileKind::IndividualSign)), weak.get(), m_ecSub).code(),
                 ErrorCode::Invalid);

        CertificateSpec tooLong = holderSpec(Profile(ProfileKind::IndividualSign), utcNow(), 365 * 20);
        Result<QByteArray> outlives = build(tooLong, key.get(), m_ecSub);
        QCOMPARE(outlives.code(), ErrorCode::Invalid);
        QVERIFY(outlives.message().contains(QStringLiteral("outlive")));
        // Nor begins before it (attack of session 25, F16: a clock put right after the CA was set up a year ahead).
        CertificateSpec early = holderSpec(Profile(ProfileKind::IndividualSign), utcNow().addYears(-1), 30);
        Result<QByteArray> beforeItsCa = build(early, key.get(), m_ecSub);
        QCOMPARE(beforeItsCa.code(), ErrorCode::Invalid);
        QVERIFY2(beforeItsCa.message().contains(QStringLiteral("begin before its CA certificate")),
                 qPrintable(beforeItsCa.message()));

        CertificateSpec badUrl = holderSpec(Profile(ProfileKind::IndividualSign));
        badUrl.crlUrl = QStringLiteral("http://pki.example.kz/a,b.crl");
        QCOMPARE(build(badUrl, key.get(), m_ecSub).code(), ErrorCode::Invalid);

        CertificateSpec badMail = holderSpec(Profile(ProfileKind::IndividualSign));
        badMail.email = QStringLiteral("әлия@example.kz");
        QCOMPARE(build(badMail, key.get(), m_ecSub).code(), ErrorCode::Invalid);
        // Attack of session 32, B16: nor a host that is no domain name (an rfc822Name is an RFC 5321 mailbox).
        for (const char* host : {"a@-x.kz", "a@x_y.kz", "a@x..kz", "a@kz", "a@мысал.kz"}) {
            badMail.email = QString::fromUtf8(host);
            QVERIFY2(build(badMail, key.get(), m_ecSub).code() == ErrorCode::Invalid, host);
        }
        badMail.email = QStringLiteral("a'b@xn--80awbu3c.xn--80ao21a");
        QVERIFY(build(badMail, key.get(), m_ecSub).ok());

        CertificateSpec holderUnderRootProfile = holderSpec(Profile(ProfileKind::RootCa));
        QCOMPARE(build(holderUnderRootProfile, key.get(), m_ecSub).code(), ErrorCode::Invalid);

        // The key does not belong to the issuing certificate: refused after signing, nothing returned.
        TestCa wrongKey{rsaKey(), m_rsaSub.der, parseDer(m_rsaSub.der)};
        Result<QByteArray> mismatch = build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(), wrongKey);
        QCOMPARE(mismatch.code(), ErrorCode::Crypto);

        // A holder certificate cannot issue.
        Result<QByteArray> holder = build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(), m_ecSub);
        QVERIFY(holder.ok());
        TestCa notCa{ecKey(), *holder, parseDer(*holder)};
        QCOMPARE(build(holderSpec(Profile(ProfileKind::IndividualSign)), key.get(), notCa).code(), ErrorCode::Invalid);

        QCOMPARE(Certificate::parse(QByteArray("not a certificate")).code(), ErrorCode::Invalid);
    }

    // crlDistributionPointOf walks the DER instead of decoding the whole certificate (crl publish calls it
    // for every revoked certificate of a partitioned CA); it must find what OpenSSL's full decoding finds:
    // the first URI, "" for none, nullopt for what is not a certificate.
    void distributionPointAgreesWithOpenSslDecoding() {
        // The oracle: OpenSSL decodes the whole certificate and finds the extension (none, or twice:
        // X509_get_ext_d2i gives no value then); the URI is read from that extension's value.
        const auto full = [](const QByteArray& der) -> std::optional<QString> {
            X509Ptr cert = parseDer(der);
            if (!cert)
                return std::nullopt;
            const int at = X509_get_ext_by_NID(cert.get(), NID_crl_distribution_points, -1);
            if (at < 0 || X509_get_ext_by_NID(cert.get(), NID_crl_distribution_points, at) >= 0)
                return QString();
            const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(cert.get(), at));
            return Certificate::firstDistributionPointUri(
                QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)), ASN1_STRING_length(value)));
        };
        QList<QPair<QString, QByteArray>> cases; // what, DER
        CertificateSpec spec = holderSpec(Profile(ProfileKind::IndividualSign));
        spec.crlUrl = QStringLiteral("http://crl.example.kz/NCA-s0003.crl");
        EvpPkeyPtr holderKey = ecKey();
        Result<QByteArray> partitioned =
            CertificateBuilder::build(spec, holderKey.get(), m_rsaSub.cert.get(), m_rsaSub.key.get());
        QVERIFY2(partitioned.ok(), qPrintable(partitioned.message()));
        cases << qMakePair(QStringLiteral("holder, partition URL"), *partitioned);
        spec.crlUrl.clear();
        Result<QByteArray> none =
            CertificateBuilder::build(spec, holderKey.get(), m_ecSub.cert.get(), m_ecSub.key.get());
        QVERIFY2(none.ok(), qPrintable(none.message()));
        cases << qMakePair(QStringLiteral("holder, no distribution point"), *none);
        cases << qMakePair(QStringLiteral("root"), m_root.der) << qMakePair(QStringLiteral("sub"), m_rsaSub.der);
        // Made by openssl: two distribution points (a directory name first), and no extensions at all.
        const QString conf = path(QStringLiteral("cdp.cnf"));
        QVERIFY(writeFile(conf, "[v3]\ncrlDistributionPoints=dp1,dp2\n[dp1]\nfullname=dirName:dn\n[dp2]\n"
                                "fullname=URI:http://second.example.kz/b.crl\n[dn]\nCN=Directory\n[v1]\n"));
        QVERIFY(writeFile(path(QStringLiteral("rsasub.key")), keyPem(m_rsaSub.key.get())));
        QVERIFY(writeFile(path(QStringLiteral("holder.key")), keyPem(holderKey.get())));
        const ProcessResult csr = run(QStringLiteral("openssl"),
                                      {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"),
                                       path(QStringLiteral("holder.key")), QStringLiteral("-subj"),
                                       QStringLiteral("/CN=Holder"), QStringLiteral("-outform"), QStringLiteral("DER"),
                                       QStringLiteral("-out"), path(QStringLiteral("h.csr"))});
        QVERIFY2(csr.exitCode == 0, qPrintable(csr.output));
        for (const QString& section : {QStringLiteral("v3"), QStringLiteral("v1")}) {
            const ProcessResult made =
                run(QStringLiteral("openssl"), {QStringLiteral("x509"),        QStringLiteral("-req"),
                                                QStringLiteral("-inform"),     QStringLiteral("DER"),
                                                QStringLiteral("-in"),         path(QStringLiteral("h.csr")),
                                                QStringLiteral("-CA"),         path(QStringLiteral("rsasub.pem")),
                                                QStringLiteral("-CAkey"),      path(QStringLiteral("rsasub.key")),
                                                QStringLiteral("-set_serial"), QStringLiteral("7"),
                                                QStringLiteral("-days"),       QStringLiteral("2"),
                                                QStringLiteral("-extfile"),    conf,
                                                QStringLiteral("-extensions"), section,
                                                QStringLiteral("-outform"),    QStringLiteral("DER"),
                                                QStringLiteral("-out"),        path(section + QStringLiteral(".der"))});
            QVERIFY2(made.exitCode == 0, qPrintable(made.output));
            QFile f(path(section + QStringLiteral(".der")));
            QVERIFY(f.open(QIODevice::ReadOnly));
            cases << qMakePair(QStringLiteral("openssl ") + section, f.readAll());
        }
        QFile csrFile(path(QStringLiteral("h.csr")));
        QVERIFY(csrFile.open(QIODevice::ReadOnly));
        const QByteArray csrDer = csrFile.readAll();
        // Not certificates, or damaged ones.
        cases << qMakePair(QStringLiteral("empty"), QByteArray()) << qMakePair(QStringLiteral("a CSR"), csrDer)
              << qMakePair(QStringLiteral("truncated"), partitioned->left(partitioned->size() - 9))
              << qMakePair(QStringLiteral("trailing bytes"), *partitioned + QByteArray(3, '\0'))
              << qMakePair(QStringLiteral("text"), QByteArray("-----BEGIN CERTIFICATE-----"));
        QByteArray outerTooLong = *partitioned;
        outerTooLong[3] = char(quint8(outerTooLong[3]) + 1); // the outer SEQUENCE's length one past the end
        cases << qMakePair(QStringLiteral("outer length"), outerTooLong);
        for (const auto& [what, der] : cases) {
            const auto fast = Certificate::crlDistributionPointOf(der);
            const auto expected = full(der);
            QVERIFY2(fast == expected, qPrintable(what + u": " + fast.value_or(QStringLiteral("<nullopt>")) + u" vs " +
                                                  expected.value_or(QStringLiteral("<nullopt>"))));
        }
        QCOMPARE(Certificate::crlDistributionPointOf(*partitioned),
                 QStringLiteral("http://crl.example.kz/NCA-s0003.crl"));
        QCOMPARE(Certificate::crlDistributionPointOf(*none), QString());
        QCOMPARE(cases.at(4).first, QStringLiteral("openssl v3"));
        QCOMPARE(Certificate::crlDistributionPointOf(cases.at(4).second),
                 QStringLiteral("http://second.example.kz/b.crl"));
        QCOMPARE(Certificate::crlDistributionPointOf(csrDer), std::nullopt);
    }

    void profileIdsRoundTrip() {
        for (ProfileKind kind : Profile::kinds())
            QCOMPARE(Profile::parseKind(Profile::kindId(kind)), std::optional<ProfileKind>(kind));
        QCOMPARE(Profile::kindId(ProfileKind::LegalAuth), QStringLiteral("legal_auth"));
        QCOMPARE(Profile::roleId(LegalRole::FinancialSigner), QStringLiteral("financial_signer"));
        QCOMPARE(Profile::roleOid(LegalRole::Hr), QStringLiteral("1.2.398.3.3.4.1.2.4"));
        QCOMPARE(Profile::fromIds(QStringLiteral("legal_sign"), QStringLiteral("signer"))->role(), LegalRole::Signer);
        QCOMPARE(Profile::fromIds(QStringLiteral("nonsense")).code(), ErrorCode::Invalid);
        QCOMPARE(Profile::fromIds(QStringLiteral("individual_sign"), QStringLiteral("hr")).code(), ErrorCode::Invalid);
        QCOMPARE(Profile::fromIds(QStringLiteral("legal_auth")).code(), ErrorCode::Invalid);
        QCOMPARE(Profile::fromIds(QStringLiteral("government_employee"))->role(), LegalRole::Employee);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCertificateBuilder)
#include "tst_certificatebuilder.moc"
