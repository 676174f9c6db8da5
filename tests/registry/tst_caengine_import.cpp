// What `ca import-cert` takes for a subordinate CA whose key waits (CaEngineTestSupport.h: the National CA of the
// register certified by its Root CA): only a certificate a CA can work under (attack of session 27, F2; hand-made
// certificates, each with one flaw), with room in the pathLenConstraint of every CA above it (session 28, F7, F8)
// and the CA's own name in the form its settings compose (F9), and, when its issuer is a CA of the register, one
// that CA issued through the register (attack of session 30, A7): a certificate a register CA's key signed outside
// Tirkeu is refused, so the certificates taken under the Root CA here are issued through ROOT-ISSUE. The tests build
// on each other (declaration order). The subordinate set-up itself: tst_caengine_subordinate.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/CaEngineTestSupport.h"

#include <QJsonDocument>

#include <openssl/x509v3.h>

#include <functional>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// A CA certificate for `subjectKey`, made by hand with whatever flaw a case asks for (attack of session 27, F2).
struct HandMadeCa {
    QByteArray subjectDer;                      // the subject name (DER)
    QByteArray issuerDer;                       // the issuer name (DER); the subject's when empty
    QList<QPair<int, QString>> extensions;      // (NID, OpenSSL config value)
    QList<QPair<QString, QString>> rawCritical; // (OID, DER hex) of critical extensions OpenSSL does not know
    QDateTime notBefore, notAfter;
    QByteArray serialHex = "1F2E3D4C";
    bool negativeSerial = false;
    const EVP_MD* digest = EVP_sha256();
};

QByteArray handMadeCa(const HandMadeCa& spec, EVP_PKEY* subjectKey, EVP_PKEY* signingKey) {
    pki::X509Ptr x(X509_new());
    X509_set_version(x.get(), X509_VERSION_3);
    BIGNUM* bn = nullptr;
    BN_hex2bn(&bn, spec.serialHex.constData());
    pki::BnPtr serialBn(bn);
    BN_set_negative(serialBn.get(), spec.negativeSerial ? 1 : 0);
    pki::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(serialBn.get(), nullptr));
    X509_set_serialNumber(x.get(), serial.get());
    const auto name = [](const QByteArray& der) {
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        return pki::X509NamePtr(d2i_X509_NAME(nullptr, &p, long(der.size())));
    };
    pki::X509NamePtr subject = name(spec.subjectDer);
    pki::X509NamePtr issuer = name(spec.issuerDer.isEmpty() ? spec.subjectDer : spec.issuerDer);
    X509_set_subject_name(x.get(), subject.get());
    X509_set_issuer_name(x.get(), issuer.get());
    pki::Asn1TimePtr from(ASN1_TIME_set(nullptr, time_t(spec.notBefore.toSecsSinceEpoch())));
    pki::Asn1TimePtr to(ASN1_TIME_set(nullptr, time_t(spec.notAfter.toSecsSinceEpoch())));
    X509_set1_notBefore(x.get(), from.get());
    X509_set1_notAfter(x.get(), to.get());
    X509_set_pubkey(x.get(), subjectKey);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : spec.extensions) {
        pki::X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.toLatin1().constData()));
        if (!ext || X509_add_ext(x.get(), ext.get(), -1) != 1)
            return {};
    }
    for (const auto& [oid, hex] : spec.rawCritical) {
        pki::Asn1ObjectPtr obj(OBJ_txt2obj(oid.toLatin1().constData(), 1));
        const QByteArray value = QByteArray::fromHex(hex.toLatin1());
        pki::Asn1OctetStringPtr octets(ASN1_OCTET_STRING_new());
        ASN1_OCTET_STRING_set(octets.get(), reinterpret_cast<const unsigned char*>(value.constData()),
                              int(value.size()));
        pki::X509ExtPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), 1, octets.get()));
        if (!ext || X509_add_ext(x.get(), ext.get(), -1) != 1)
            return {};
    }
    if (X509_sign(x.get(), signingKey, spec.digest) <= 0)
        return {};
    return pki::toDer(x.get(), i2d_X509);
}

// The extensions of a CA certificate: basicConstraints as given, keyUsage keyCertSign and cRLSign (critical),
// and a subject key identifier.
QList<QPair<int, QString>> caExtensions(const QString& basicConstraints) {
    return {{NID_basic_constraints, basicConstraints},
            {NID_key_usage, QStringLiteral("critical,keyCertSign,cRLSign")},
            {NID_subject_key_identifier, QStringLiteral("hash")}};
}

// The words of the refusal of a CA certificate its register parent never issued (attack of session 30, A7).
constexpr const char* kUnrecorded = "has no record of issuing";

} // namespace

class CaEngineImportTest : public QObject, CaEngineHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { createRegisterWithNationalCa(); }

    // `ca import-cert` takes only a certificate a CA can work under (attack of session 27, F2): each case is a
    // subordinate CA of its own whose key waits, given a hand-made certificate for that key with one flaw.
    // Every one is refused and changes nothing; the flawless one is taken.
    void importTakesOnlyACertificateACaCanWorkUnder() {
        auto root = m_fx.reg->cas().find(kRoot);
        auto nca = m_fx.reg->cas().find(kNca);
        TIRKEU_VERIFY_OK(root);
        TIRKEU_VERIFY_OK(nca);
        auto rootKey = pki::CaKey::open(root->keyUri, secret());
        TIRKEU_VERIFY_OK(rootKey);
        auto rootCert = pki::Certificate::parse(root->certificateDer);
        auto ncaCert = pki::Certificate::parse(nca->certificateDer);
        TIRKEU_VERIFY_OK(rootCert);
        TIRKEU_VERIFY_OK(ncaCert);
        auto stranger = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(stranger);
        pki::EvpPkeyPtr weak(EVP_RSA_gen(1024));
        QVERIFY(weak);
        const QDateTime now = m_fx.clock.now();
        const QList<QPair<int, QString>> good = caExtensions(QStringLiteral("critical,CA:TRUE,pathlen:0"));
        // The Root CA's name with its C= re-encoded as a UTF8String: the same name to OpenSSL's chain building.
        pki::X509NamePtr reEncoded(X509_NAME_new());
        X509_NAME_add_entry_by_txt(reEncoded.get(), "C", V_ASN1_UTF8STRING,
                                   reinterpret_cast<const unsigned char*>("KZ"), -1, -1, 0);
        const QByteArray rootCn = root->name.toUtf8();
        X509_NAME_add_entry_by_txt(reEncoded.get(), "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(rootCn.constData()), int(rootCn.size()), -1,
                                   0);
        const QByteArray reEncodedDer = pki::toDer(reEncoded.get(), i2d_X509_NAME);
        QVERIFY(!reEncodedDer.isEmpty() && reEncodedDer != rootCert->subjectDer());

        // A stranger's CA outside the register (its certificate given after the CA's), P-256 and RSA-1024; with a
        // flaw of its own for the cases of attack of session 28, F7.
        const auto nameDer = [](const char* cn) {
            pki::X509NamePtr n(X509_NAME_new());
            X509_NAME_add_entry_by_txt(n.get(), "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                                       0);
            return pki::toDer(n.get(), i2d_X509_NAME);
        };
        const auto outsider = [&](EVP_PKEY* key, const char* cn,
                                  const std::function<void(HandMadeCa&)>& flaw = nullptr) {
            HandMadeCa spec;
            spec.subjectDer = nameDer(cn);
            spec.extensions = good;
            spec.extensions[0].second = QStringLiteral("critical,CA:TRUE"); // a root: no pathLenConstraint
            spec.notBefore = now.addDays(-1);
            spec.notAfter = now.addYears(15);
            if (flaw)
                flaw(spec);
            return handMadeCa(spec, key, key);
        };
        const QByteArray strangerRoot = outsider(stranger->get(), "Stranger Root");
        const QByteArray weakRoot = outsider(weak.get(), "Weak Root");
        QVERIFY(!strangerRoot.isEmpty() && !weakRoot.isEmpty());
        const auto pem = [](const QByteArray& der) { return pki::Certificate::parse(der)->pem(); };
        const auto subjectOf = [](const QByteArray& der) { return pki::Certificate::parse(der)->subjectDer(); };
        // Outside parents that cannot certify a CA (F7), each signed by the stranger's key.
        const QByteArray pathLen0Root = outsider(stranger->get(), "Outside pathlen 0", [](HandMadeCa& c) {
            c.extensions[0].second = QStringLiteral("critical,CA:TRUE,pathlen:0");
        });
        const QByteArray noCertSignRoot = outsider(stranger->get(), "Outside no keyCertSign", [](HandMadeCa& c) {
            c.extensions[1].second = QStringLiteral("critical,digitalSignature");
        });
        const QByteArray notYetValidRoot =
            outsider(stranger->get(), "Outside not yet valid", [&](HandMadeCa& c) { c.notBefore = now.addYears(1); });
        const QByteArray invertedRoot = outsider(stranger->get(), "Outside inverted", [&](HandMadeCa& c) {
            c.notBefore = QDateTime(QDate(2037, 1, 1), QTime(0, 0), Qt::UTC);
            c.notAfter = QDateTime(QDate(2036, 1, 1), QTime(0, 0), Qt::UTC);
        });
        const QByteArray serial0Root =
            outsider(stranger->get(), "Outside serial 0", [](HandMadeCa& c) { c.serialHex = "0"; });
        const QByteArray negativeRoot = outsider(stranger->get(), "Outside negative serial", [](HandMadeCa& c) {
            c.serialHex = "05";
            c.negativeSerial = true;
        });
        // A chain of two outside the register: an intermediate (no pathLen) under a root whose pathLen counts this
        // CA and the intermediate (F8, generalised): pathlen:1 leaves no room, pathlen:2 does.
        auto middleKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(middleKey);
        const auto outsideChain = [&](int rootPathLen) {
            const QByteArray top = outsider(stranger->get(), "Outside chain root", [&](HandMadeCa& c) {
                c.extensions[0].second = QStringLiteral("critical,CA:TRUE,pathlen:%1").arg(rootPathLen);
            });
            HandMadeCa mid;
            mid.subjectDer = nameDer("Outside chain intermediate");
            mid.issuerDer = subjectOf(top);
            mid.extensions = good;
            mid.extensions[0].second = QStringLiteral("critical,CA:TRUE");
            mid.notBefore = now.addDays(-1);
            mid.notAfter = now.addYears(10);
            const QByteArray middle = handMadeCa(mid, middleKey->get(), stranger->get());
            return std::pair<QByteArray, QByteArray>{middle, pem(middle) + pem(top)};
        };
        const auto [middle1, chain1] = outsideChain(1);
        const auto [middle2, chain2] = outsideChain(2);
        QVERIFY(!pathLen0Root.isEmpty() && !noCertSignRoot.isEmpty() && !notYetValidRoot.isEmpty() &&
                !invertedRoot.isEmpty() && !serial0Root.isEmpty() && !negativeRoot.isEmpty() && !middle1.isEmpty() &&
                !middle2.isEmpty());
        // The National CA of this register, certified by ROOT-ISSUE with pathlen:0 (F8).
        auto ncaKey = pki::CaKey::open(nca->keyUri, secret());
        TIRKEU_VERIFY_OK(ncaKey);
        QVERIFY(ncaCert->toX509() && X509_get_pathlen(ncaCert->toX509().get()) == 0);
        const auto outsideParent = [&](const QByteArray& parent) {
            return [issuer = subjectOf(parent)](HandMadeCa& c) { c.issuerDer = issuer; };
        };

        struct Case {
            Case(const char* w, std::function<void(HandMadeCa&)> f, EVP_PKEY* s = nullptr, QByteArray c = {},
                 QStringList r = {}, bool a = false, bool t = false)
                : what(w)
                , flaw(std::move(f))
                , signer(s)
                , chainAfter(std::move(c))
                , reason(std::move(r))
                , accepted(a)
                , throughRegister(t) {}
            const char* what;
            std::function<void(HandMadeCa&)> flaw;
            EVP_PKEY* signer;      // the Root CA's key when null
            QByteArray chainAfter; // issuer certificates given after the CA's (PEM)
            QStringList reason;    // words the refusal must contain
            bool accepted;         // accepted although it has a `flaw` (a variant of the flawless one)
            bool throughRegister;  // not hand-made: the Root CA issues it from the CA's request (ROOT-ISSUE)
        };
        const auto words = [](std::initializer_list<const char*> list) {
            QStringList out;
            for (const char* w : list)
                out << QString::fromUtf8(w);
            return out;
        };
        const QList<Case> cases{
            {"keyUsage digitalSignature only",
             [](HandMadeCa& c) { c.extensions[1].second = QStringLiteral("critical,digitalSignature"); }},
            {"no keyUsage", [](HandMadeCa& c) { c.extensions.removeAt(1); }},
            {"basicConstraints not critical",
             [](HandMadeCa& c) { c.extensions[0].second = QStringLiteral("CA:TRUE,pathlen:0"); }},
            {"unknown critical extension",
             [](HandMadeCa& c) { c.rawCritical << qMakePair(QStringLiteral("1.2.3.4.5"), QStringLiteral("0500")); }},
            {"name constraints",
             [](HandMadeCa& c) {
                 c.extensions << qMakePair(int(NID_name_constraints), QStringLiteral("permitted;email:.ru"));
             }},
            {"outlives the Root CA", [&](HandMadeCa& c) { c.notAfter = rootCert->notAfter().addYears(5); }},
            {"serial 0", [](HandMadeCa& c) { c.serialHex = "0"; }},
            {"negative serial",
             [](HandMadeCa& c) {
                 c.serialHex = "05";
                 c.negativeSerial = true;
             }},
            {"21-octet serial", [](HandMadeCa& c) { c.serialHex = "010000000000000000000000000000000000000000"; }},
            {"SHA-1 signature", [](HandMadeCa& c) { c.digest = EVP_sha1(); }},
            {"MD5 signature", [](HandMadeCa& c) { c.digest = EVP_md5(); }},
            {"the Root CA's name re-encoded, a stranger's signature",
             [&](HandMadeCa& c) { c.issuerDer = reEncodedDer; }, stranger->get()},
            {"issuer outside the register, no issuer certificate",
             [&](HandMadeCa& c) { c.issuerDer = pki::Certificate::parse(strangerRoot)->subjectDer(); },
             stranger->get()},
            {"issuer outside the register with an RSA-1024 key",
             [&](HandMadeCa& c) { c.issuerDer = pki::Certificate::parse(weakRoot)->subjectDer(); }, weak.get(),
             pem(weakRoot)},
            {"the National CA's subject", [&](HandMadeCa& c) { c.subjectDer = ncaCert->subjectDer(); }},
            {"the Root CA's subject", [&](HandMadeCa& c) { c.subjectDer = rootCert->subjectDer(); }},
            // Attack of session 28, F9: a subject no CA has, but not this CA's own name either.
            {"a subject that is not the CA's own name",
             [&](HandMadeCa& c) {
                 pki::X509NamePtr n(X509_NAME_new());
                 X509_NAME_add_entry_by_txt(n.get(), "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("KZ"),
                                            -1, -1, 0);
                 X509_NAME_add_entry_by_txt(n.get(), "CN", MBSTRING_UTF8,
                                            reinterpret_cast<const unsigned char*>("Shadow CA"), -1, -1, 0);
                 c.subjectDer = pki::toDer(n.get(), i2d_X509_NAME);
             },
             nullptr,
             {},
             words({"Shadow CA", "own name", "subject_layout"})},
            // Attack of session 28, F7: an outside parent that cannot certify a CA.
            {"outside parent with pathlen:0", outsideParent(pathLen0Root), stranger->get(), pem(pathLen0Root),
             words({"Outside pathlen 0", "pathlen:0"})},
            {"outside parent without keyCertSign", outsideParent(noCertSignRoot), stranger->get(), pem(noCertSignRoot),
             words({"keyCertSign"})},
            {"outside parent not yet valid", outsideParent(notYetValidRoot), stranger->get(), pem(notYetValidRoot),
             words({"not valid now"})},
            {"outside parent whose notBefore is after its notAfter", outsideParent(invertedRoot), stranger->get(),
             pem(invertedRoot), words({"not valid now"})},
            {"outside parent with serial 0", outsideParent(serial0Root), stranger->get(), pem(serial0Root),
             words({"serial number"})},
            {"outside parent with a negative serial", outsideParent(negativeRoot), stranger->get(), pem(negativeRoot),
             words({"serial number"})},
            {"outside chain whose root's pathlen:1 leaves no room", outsideParent(middle1), middleKey->get(), chain1,
             words({"Outside chain root", "pathlen:1"})},
            // Attack of session 28, F8: the National CA's pathlen:0 leaves no room for a CA below it.
            {"signed by the National CA (pathlen:0)",
             [&](HandMadeCa& c) {
                 c.issuerDer = ncaCert->subjectDer();
                 c.notAfter = ncaCert->notAfter().addDays(-1);
             },
             (*ncaKey)->pkey(),
             {},
             words({"NCA-RSA", "pathlen:0"})},
            {"outside chain whose root's pathlen:2 leaves room",
             outsideParent(middle2),
             middleKey->get(),
             chain2,
             {},
             true},
            {"outside parent, flawless", outsideParent(strangerRoot), stranger->get(), pem(strangerRoot), {}, true},
            // Attack of session 30, A7: the flawless certificate signed with the Root CA's key outside the register
            // (the Root CA has no record of it, so it could never revoke it).
            {"flawless, but signed with the Root CA's key outside the register",
             [](HandMadeCa&) {},
             nullptr,
             {},
             words({"ROOT", "1F2E3D4C", kUnrecorded})},
            {"flawless, issued through the register (ROOT-ISSUE)", nullptr, nullptr, {}, {}, false, true},
        };
        QStringList wrong;
        int n = 0;
        for (const Case& c : cases) {
            ++n;
            const QString code = QStringLiteral("SUBX-%1").arg(n);
            auto csr = waitingCa(code, QStringLiteral("Test Sub CA %1").arg(n));
            TIRKEU_VERIFY_OK(csr);
            HandMadeCa spec;
            spec.subjectDer = *csr->subject().toDer();
            spec.issuerDer = rootCert->subjectDer();
            spec.extensions = good;
            spec.notBefore = rootCert->notBefore(); // not before its issuer's
            spec.notAfter = now.addYears(5);
            if (c.flaw)
                c.flaw(spec);
            QByteArray der;
            if (c.throughRegister) {
                const qint64 app =
                    approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(m_fx.reg->cas().find(code)->name));
                QVERIFY2(app > 0, c.what);
                auto issued = engine().issueFromCsr(m_fx.officerA, app, csr->pem(), secret());
                TIRKEU_VERIFY_OK(issued);
                der = issued->der;
            } else {
                der = handMadeCa(spec, csr->publicKey(), c.signer ? c.signer : (*rootKey)->pkey());
            }
            QVERIFY2(!der.isEmpty(), c.what);
            const QByteArray file = c.chainAfter.isEmpty() ? der : pem(der) + c.chainAfter;
            const QByteArray before = caSettings(code);
            const qint64 eventsBefore = count("audit_events");
            auto imported = engine().importCaCertificate(m_fx.admin, code, file);
            if (c.flaw && !c.accepted) {
                bool named = true;
                for (const QString& w : c.reason)
                    named = named && !imported && imported.message().contains(w);
                // Refused for its own flaw, not only because the Root CA never issued it (A7): the hand-made
                // certificates the Root CA's key signs here are all outside the register.
                if (!imported && !c.reason.contains(QLatin1String(kUnrecorded)))
                    named = named && !imported.message().contains(QLatin1String(kUnrecorded));
                if (imported || imported.code() != ErrorCode::Invalid || !named) {
                    wrong << QStringLiteral("%1: %2").arg(QString::fromLatin1(c.what),
                                                          imported ? QStringLiteral("accepted") : imported.message());
                    continue;
                }
                QCOMPARE(caSettings(code), before);
                QVERIFY(caColumn("certificate_der", code).isNull());
                QCOMPARE(count("audit_events"), eventsBefore);
            } else if (!imported) {
                wrong << QStringLiteral("%1: %2").arg(QString::fromLatin1(c.what), imported.message());
            } else {
                QCOMPARE(imported->parentCode, c.chainAfter.isEmpty() ? kRoot : QString());
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("\n"))));
    }

    // Attack of session 30, A7: a subordinate CA's certificate signed with the Root CA's key outside Tirkeu
    // (openssl x509 -req -CA root.pem -CAkey root.p8 -set_serial 0x5ab1) was taken and linked to the Root CA, which
    // had no record of it: in no journal, and the Root CA could never revoke it ("no certificate with the serial
    // number 5AB1"), so F6's rule could never apply. Refused now, naming the Root CA and the serial, nothing
    // written; so is a certificate with the serial of one the Root CA issued through the register but other bytes.
    // The one it issued (ROOT-ISSUE) is taken, and the Root CA can revoke it: the CA then certifies nothing.
    void aCaCertificateItsRegisterParentNeverIssuedIsRefused() {
        const QString code = QStringLiteral("A7-30");
        auto csr = waitingCa(code, QStringLiteral("Unrecorded test CA"));
        TIRKEU_VERIFY_OK(csr);
        auto root = m_fx.reg->cas().find(kRoot);
        TIRKEU_VERIFY_OK(root);
        auto rootKey = pki::CaKey::open(root->keyUri, secret());
        TIRKEU_VERIFY_OK(rootKey);
        auto rootCert = pki::Certificate::parse(root->certificateDer);
        TIRKEU_VERIFY_OK(rootCert);
        const QDateTime now = m_fx.clock.now();
        // What openssl x509 -req makes of the CA's own request with the Root CA's key: a certificate flawless but
        // for its issuance.
        const auto outsideTirkeu = [&](const QByteArray& serialHex, const QDateTime& notAfter) {
            HandMadeCa spec;
            spec.subjectDer = *csr->subject().toDer();
            spec.issuerDer = rootCert->subjectDer();
            spec.extensions = caExtensions(QStringLiteral("critical,CA:TRUE,pathlen:0"));
            spec.notBefore = rootCert->notBefore();
            spec.notAfter = notAfter;
            spec.serialHex = serialHex;
            return handMadeCa(spec, csr->publicKey(), (*rootKey)->pkey());
        };
        // Refused (ErrorCode::Invalid) naming the Root CA and `serial`, and nothing written.
        const auto refusedUnrecorded = [&](const QByteArray& file, const QString& serial) {
            const QByteArray settingsBefore = caSettings(code);
            const qint64 casBefore = count("cas");
            const qint64 certificatesBefore = count("certificates");
            const qint64 eventsBefore = count("audit_events");
            auto refused = engine().importCaCertificate(m_fx.admin, code, file);
            if (refused || refused.code() != ErrorCode::Invalid)
                return refused ? QStringLiteral("accepted") : refused.message();
            for (const QString& w : {kRoot, serial, QString::fromLatin1(kUnrecorded)})
                if (!refused.message().contains(w))
                    return QStringLiteral("%1 (without \"%2\")").arg(refused.message(), w);
            if (caSettings(code) != settingsBefore || !caColumn("certificate_der", code).isNull() ||
                m_fx.scalar(QStringLiteral("SELECT coalesce(parent_id, 0) FROM cas WHERE code = ?"), {code})
                        .toLongLong() != 0 ||
                count("cas") != casBefore || count("certificates") != certificatesBefore ||
                count("audit_events") != eventsBefore)
                return QStringLiteral("the refusal changed the register");
            return QString();
        };

        const QByteArray outside = outsideTirkeu("5AB1", now.addDays(800));
        QVERIFY(!outside.isEmpty());
        QCOMPARE(pki::Certificate::parse(outside)->serialHex(), QStringLiteral("5AB1"));
        const QString refusedOutside = refusedUnrecorded(outside, QStringLiteral("5AB1"));
        QVERIFY2(refusedOutside.isEmpty(), qPrintable(refusedOutside));
        // The Root CA can revoke no such certificate: it has none of that serial (the finding's symptom).
        RevokeRequest revoke{kRoot,
                             QStringLiteral("5AB1"),
                             2,
                             QStringLiteral("holder_application"),
                             QStringLiteral("A7-30 compromise"),
                             0,
                             {},
                             {}};
        TIRKEU_VERIFY_ERROR(engine().revoke(m_fx.officerA, revoke), ErrorCode::NotFound);

        // Through the register: a ROOT-ISSUE application, issued from the CA's own request, recorded by the Root CA.
        const qint64 app =
            approved(kRoot, QStringLiteral("ROOT-ISSUE"), rootIssue(QStringLiteral("Unrecorded test CA")));
        QVERIFY(app > 0);
        auto issued = engine().issueFromCsr(m_fx.officerA, app, csr->pem(), secret());
        TIRKEU_VERIFY_OK(issued);
        auto issuedCert = pki::Certificate::parse(issued->der);
        TIRKEU_VERIFY_OK(issuedCert);
        const QString serial = issuedCert->serialHex();
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT der FROM certificates WHERE ca_id = ? AND serial = ?"),
                             {root->id, serial})
                     .toByteArray(),
                 issued->der);
        // Its serial, other bytes (signed outside Tirkeu with the Root CA's key, another validity): refused.
        const QByteArray twin = outsideTirkeu(serial.toLatin1(), issuedCert->notAfter().addDays(-1));
        QVERIFY(!twin.isEmpty() && twin != issued->der);
        QCOMPARE(pki::Certificate::parse(twin)->serialHex(), serial);
        const QString refusedTwin = refusedUnrecorded(twin, serial);
        QVERIFY2(refusedTwin.isEmpty(), qPrintable(refusedTwin));

        // The one the Root CA recorded: taken, linked to the Root CA.
        const qint64 eventsBefore = count("audit_events");
        auto imported = engine().importCaCertificate(m_fx.admin, code, issuedCert->pem());
        TIRKEU_VERIFY_OK(imported);
        QCOMPARE(imported->parentCode, kRoot);
        QCOMPARE(imported->serialHex, serial);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT parent_id FROM cas WHERE code = ?"), {code}).toLongLong(),
                 root->id);
        QCOMPARE(count("audit_events"), eventsBefore + 1);
        auto ca = m_fx.reg->cas().find(code);
        TIRKEU_VERIFY_OK(ca);
        auto state = m_fx.reg->cas().certificateState(*ca);
        TIRKEU_VERIFY_OK(state);
        QCOMPARE(state->kind, CaCertificateState::Kind::Valid);

        // And the Root CA revokes it (CA compromise): the CA's certificate is revoked, it certifies nothing.
        revoke.serial = serial;
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, revoke));
        state = m_fx.reg->cas().certificateState(*ca);
        TIRKEU_VERIFY_OK(state);
        QCOMPARE(state->kind, CaCertificateState::Kind::Revoked);
        QCOMPARE(state->revokedBy, kRoot);
        TIRKEU_VERIFY_ERROR(CaDirectory::checkCertificateNotRevoked(m_fx.reg->db(), *ca), ErrorCode::Conflict);
    }

    // The pathLenConstraint of every register CA above the imported one (attack of session 28, F8, generalised):
    // MID-28 (certified by the Root CA with pathlen:1) and LOW-28 under it (no pathLen) are linked; a CA under MID-28
    // with pathlen:0 is taken, but one under LOW-28 is refused — MID-28 is then two CA certificates above it and its
    // pathlen:1 leaves room for one — naming MID-28 and its pathlen, changing nothing. Before, only the issuer's
    // signature and validity were checked and every certificate of such a CA failed validation.
    // The register itself certifies a CA with pathlen:0 only (ROOT-ISSUE), so MID-28's and LOW-28's certificates are
    // signed with their parents' keys outside it: refused since attack of session 30, A7, they are linked here as
    // `ca import-cert` linked them in a register from before that check. BESIDE-28 is certified through the
    // register: MID-28 is a root-kind CA (it takes ROOT-ISSUE applications) whose key waited for its certificate.
    void registerParentsLeaveRoomInTheirPathLength() {
        auto root = m_fx.reg->cas().find(kRoot);
        TIRKEU_VERIFY_OK(root);
        auto rootKey = pki::CaKey::open(root->keyUri, secret());
        TIRKEU_VERIFY_OK(rootKey);
        const QDateTime now = m_fx.clock.now();
        int years = 5;
        // A subordinate CA whose key waits, given a certificate under `issuerCode`'s name and key.
        const auto certified = [&](const QString& code, const QString& issuerCode, EVP_PKEY* signer,
                                   const QString& basicConstraints,
                                   forms::CaKind kind = forms::CaKind::National) -> QByteArray {
            auto csr = waitingCa(code, QStringLiteral("Chain test CA %1").arg(code), kind);
            auto issuer = m_fx.reg->cas().find(issuerCode);
            if (!csr || !issuer)
                return {};
            auto issuerCert = pki::Certificate::parse(issuer->certificateDer);
            if (!issuerCert)
                return {};
            HandMadeCa spec;
            spec.subjectDer = *csr->subject().toDer();
            spec.issuerDer = issuerCert->subjectDer();
            spec.extensions = caExtensions(basicConstraints);
            spec.notBefore = issuerCert->notBefore();
            spec.notAfter = now.addYears(years--);
            return handMadeCa(spec, csr->publicKey(), signer);
        };
        // `der` signed with `parentCode`'s key outside the register: refused, naming that CA, changing nothing (A7);
        // then written as `ca import-cert` wrote it before that check (its row only: certificate, parent, settings
        // without the waiting request).
        const auto linkedAsBefore = [&](const QString& code, const QString& parentCode, const QByteArray& der) {
            const QByteArray settingsBefore = caSettings(code);
            const qint64 eventsBefore = count("audit_events");
            auto refused = engine().importCaCertificate(m_fx.admin, code, der);
            if (refused || refused.code() != ErrorCode::Invalid || !refused.message().contains(parentCode) ||
                !refused.message().contains(QLatin1String(kUnrecorded)))
                return QStringLiteral("%1: %2").arg(code, refused ? QStringLiteral("accepted") : refused.message());
            if (caSettings(code) != settingsBefore || !caColumn("certificate_der", code).isNull() ||
                count("audit_events") != eventsBefore)
                return QStringLiteral("%1: the refusal changed the register").arg(code);
            auto ca = m_fx.reg->cas().find(code);
            auto parent = m_fx.reg->cas().find(parentCode);
            if (!ca || !parent)
                return QStringLiteral("%1: not found").arg(code);
            QJsonObject settings = ca->settings;
            settings.remove(QStringLiteral("pending_key_fingerprint"));
            settings.remove(QStringLiteral("pending_csr"));
            auto up = m_fx.reg->db().exec(
                QStringLiteral("UPDATE cas SET certificate_der = ?, settings = ?, parent_id = ? WHERE id = ?"),
                {der, QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)), parent->id, ca->id});
            return up ? QString() : up.message();
        };
        // MID-28: a root-kind CA whose key waits, with the Root CA's publication pointers (it certifies BESIDE-28).
        const QByteArray mid = certified(QStringLiteral("MID-28"), kRoot, (*rootKey)->pkey(),
                                         QStringLiteral("critical,CA:TRUE,pathlen:1"), forms::CaKind::Root);
        QVERIFY(!mid.isEmpty());
        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(
            m_fx.admin, QStringLiteral("MID-28"),
            {{QStringLiteral("cdp_url"), root->settings.value(QStringLiteral("cdp_url"))},
             {QStringLiteral("aia_url"), root->settings.value(QStringLiteral("aia_url"))}}));
        const QString midLinked = linkedAsBefore(QStringLiteral("MID-28"), kRoot, mid);
        QVERIFY2(midLinked.isEmpty(), qPrintable(midLinked));
        auto midKey = pki::CaKey::open(m_fx.reg->cas().find(QStringLiteral("MID-28"))->keyUri, secret());
        TIRKEU_VERIFY_OK(midKey);
        const QByteArray low = certified(QStringLiteral("LOW-28"), QStringLiteral("MID-28"), (*midKey)->pkey(),
                                         QStringLiteral("critical,CA:TRUE"));
        QVERIFY(!low.isEmpty());
        const QString lowLinked = linkedAsBefore(QStringLiteral("LOW-28"), QStringLiteral("MID-28"), low);
        QVERIFY2(lowLinked.isEmpty(), qPrintable(lowLinked));

        // BESIDE-28 under MID-28 with pathlen:0 (ROOT-ISSUE at MID-28, one year within MID-28's validity): taken.
        auto besideCsr = waitingCa(QStringLiteral("BESIDE-28"), QStringLiteral("Chain test CA BESIDE-28"));
        TIRKEU_VERIFY_OK(besideCsr);
        forms::Submission besideForm = rootIssue(QStringLiteral("Chain test CA BESIDE-28"));
        besideForm.data.insert(QStringLiteral("validity"), QStringLiteral("1y"));
        const qint64 besideApp = approved(QStringLiteral("MID-28"), QStringLiteral("ROOT-ISSUE"), besideForm);
        QVERIFY(besideApp > 0);
        auto beside = engine().issueFromCsr(m_fx.officerA, besideApp, besideCsr->pem(), secret());
        TIRKEU_VERIFY_OK(beside);
        auto besideCert = pki::Certificate::parse(beside->der);
        TIRKEU_VERIFY_OK(besideCert);
        QVERIFY(besideCert->toX509() && X509_get_pathlen(besideCert->toX509().get()) == 0);
        auto besideImported = engine().importCaCertificate(m_fx.admin, QStringLiteral("BESIDE-28"), beside->der);
        TIRKEU_VERIFY_OK(besideImported);
        QCOMPARE(besideImported->parentCode, QStringLiteral("MID-28"));

        auto lowKey = pki::CaKey::open(m_fx.reg->cas().find(QStringLiteral("LOW-28"))->keyUri, secret());
        TIRKEU_VERIFY_OK(lowKey);
        const QString code = QStringLiteral("DEEP-28");
        const QByteArray deep =
            certified(code, QStringLiteral("LOW-28"), (*lowKey)->pkey(), QStringLiteral("critical,CA:TRUE,pathlen:0"));
        QVERIFY(!deep.isEmpty());
        const QByteArray settingsBefore = caSettings(code);
        const qint64 eventsBefore = count("audit_events");
        auto refused = engine().importCaCertificate(m_fx.admin, code, deep);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(u"MID-28") && refused.message().contains(u"pathlen:1"),
                 qPrintable(refused.message()));
        QCOMPARE(caSettings(code), settingsBefore);
        QVERIFY(caColumn("certificate_der", code).isNull());
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT coalesce(parent_id, 0) FROM cas WHERE code = ?"), {code}).toLongLong(),
            qint64(0));
        QCOMPARE(count("audit_events"), eventsBefore);
    }

    // The CA's own name (attack of session 28, F9) and a parent outside the register that names it in its own
    // form (here with an O the CA's settings do not compose): refused, naming the settings that compose the name;
    // once subject_organisation composes the parent's form (ca set, allowed while the key waits), the same file
    // is taken. The legitimate flow the check must keep.
    void aParentsFormOfTheCaNameIsTakenOnceTheSettingsComposeIt() {
        const QString code = QStringLiteral("ORG-28");
        auto csr = waitingCa(code, QStringLiteral("Org test CA"));
        TIRKEU_VERIFY_OK(csr);
        auto outsideKey = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(outsideKey);
        const QDateTime now = m_fx.clock.now();
        const auto name = [](const QList<QPair<const char*, QByteArray>>& entries) {
            pki::X509NamePtr n(X509_NAME_new());
            for (const auto& [field, value] : entries)
                X509_NAME_add_entry_by_txt(n.get(), field, MBSTRING_UTF8,
                                           reinterpret_cast<const unsigned char*>(value.constData()), int(value.size()),
                                           -1, 0);
            return pki::toDer(n.get(), i2d_X509_NAME);
        };
        HandMadeCa parentSpec;
        parentSpec.subjectDer = name({{"C", "KZ"}, {"O", "Outside Org"}, {"CN", "Outside Root 28"}});
        parentSpec.extensions = caExtensions(QStringLiteral("critical,CA:TRUE"));
        parentSpec.notBefore = now.addDays(-30);
        parentSpec.notAfter = now.addYears(10);
        const QByteArray parent = handMadeCa(parentSpec, outsideKey->get(), outsideKey->get());
        HandMadeCa spec = parentSpec;
        spec.subjectDer = name({{"C", "KZ"}, {"O", "Outside Org"}, {"CN", "Org test CA"}});
        spec.issuerDer = parentSpec.subjectDer;
        spec.extensions[0].second = QStringLiteral("critical,CA:TRUE,pathlen:0");
        spec.notBefore = now.addDays(-1);
        spec.notAfter = now.addYears(3);
        spec.serialHex = "2A2B2C";
        const QByteArray der = handMadeCa(spec, csr->publicKey(), outsideKey->get());
        QVERIFY(!parent.isEmpty() && !der.isEmpty());
        const QByteArray file = pki::Certificate::parse(der)->pem() + pki::Certificate::parse(parent)->pem();

        const qint64 eventsBefore = count("audit_events");
        auto refused = engine().importCaCertificate(m_fx.admin, code, file);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(u"subject_organisation") && refused.message().contains(u"Outside Org"),
                 qPrintable(refused.message()));
        QCOMPARE(count("audit_events"), eventsBefore);
        QVERIFY(caColumn("certificate_der", code).isNull());

        TIRKEU_VERIFY_OK(m_fx.reg->cas().updateSettings(
            m_fx.admin, code, {{QStringLiteral("subject_organisation"), QStringLiteral("Outside Org")}}));
        auto imported = engine().importCaCertificate(m_fx.admin, code, file);
        TIRKEU_VERIFY_OK(imported);
        QVERIFY(imported->parentCode.isEmpty());
    }
};

TIRKEU_TEST_GUILESS_MAIN(CaEngineImportTest)
#include "tst_caengine_import.moc"
