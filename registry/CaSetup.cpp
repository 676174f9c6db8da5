// CaSetup: setting up a CA — a self-signed root, or a subordinate CA's key and request and, later,
// the certificate its parent issued: checked as a CA checks a certificate it is to work under
// (pki::CaCertificateCheck), against the pending key, against its parent's signature and validity (the
// parent a CA of this register, or its certificate given after the CA's in the same file), and against the
// names of the register's other CAs.
#include "registry/CaSetup.h"
#include "pki/CaCertificateCheck.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "pki/Profile.h"
#include "pki/SubjectName.h"
#include "registry/CaDirectory.h"
#include "registry/CertifiedKeys.h"
#include "registry/Database.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Rules.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>

#include <algorithm>

namespace tirkeu::registry {

using detail::wholeSeconds;

namespace {

// The subject (DER) of a subordinate CA's waiting request (PEM), as the request carries it; empty when none.
QByteArray requestSubject(const QString& pem) {
    return pki::Csr::subjectDerOf(pem.toLatin1());
}

} // namespace

Result<CaInitResult> CaSetup::createRootCa(const Session& by, const QString& caCode, pki::KeyAlgorithm algorithm,
                                           const QString& keyPath, const QString& passphrase, int validityYears,
                                           const QString& organisation) {
    CaKeySpec key;
    key.algorithm = algorithm;
    key.keyPath = keyPath;
    key.passphrase = passphrase;
    return setUpCaKey(by, caCode, key, true, validityYears, organisation);
}

Result<CaInitResult> CaSetup::createRootCa(const Session& by, const QString& caCode, const CaKeySpec& key,
                                           int validityYears, const QString& organisation) {
    return setUpCaKey(by, caCode, key, true, validityYears, organisation);
}

Result<CaInitResult> CaSetup::createSubordinateCa(const Session& by, const QString& caCode, const CaKeySpec& key,
                                                  const QString& organisation) {
    return setUpCaKey(by, caCode, key, false, 0, organisation);
}

Result<CaInitResult> CaSetup::setUpCaKey(const Session& by, const QString& caCode, const CaKeySpec& keySpec, bool root,
                                         int validityYears, const QString& organisation) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s.error();
    if (root && (validityYears < 1 || validityYears > 30))
        return makeError(ErrorCode::Invalid, tr("A CA certificate is valid for 1 to 30 years."));
    const bool existing = !keySpec.existingUri.trimmed().isEmpty();
    QString path;
    if (!existing) {
        if (Status s = Rules::caPassphrase(keySpec.passphrase); !s)
            return s.error();
        if (keySpec.keyPath.isEmpty())
            return makeError(ErrorCode::Usage, tr("No file given for the CA key."));
        path = QFileInfo(keySpec.keyPath).absoluteFilePath();
        if (QFileInfo::exists(path))
            return makeError(ErrorCode::Conflict,
                             tr("%1 already exists; a CA key file is never overwritten.").arg(path));
    }
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (!ca->certificateDer.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 already has a certificate.").arg(caCode));
    if (!ca->keyUri.isEmpty())
        return makeError(
            ErrorCode::Conflict,
            tr("The CA %1 already has a key waiting for its certificate: import the certificate its parent "
               "issued (Settings → CAs → Import certificate…, or the command ca import-cert).")
                .arg(caCode));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has ceased operation.").arg(caCode));

    // The key: a new one (written encrypted below, inside the transaction), or one already on a token.
    std::unique_ptr<pki::CaKey> opened;
    pki::EvpPkeyPtr generated;
    EVP_PKEY* key = nullptr;
    QString uri;
    if (existing) {
        auto k = pki::CaKey::open(keySpec.existingUri.trimmed(), keySpec.existingSecret);
        if (!k)
            return k.error();
        opened = std::move(k.value());
        key = opened->pkey();
        uri = opened->uri().isEmpty() ? keySpec.existingUri.trimmed() : opened->uri();
    } else {
        auto k = pki::KeyGenerator::generate(keySpec.algorithm);
        if (!k)
            return k.error();
        generated = std::move(k.value());
        key = generated.get();
        uri = QStringLiteral("file:") + path;
    }
    // One public key, one use (registry/CertifiedKeys.h): never a holder's, another CA's or a signer's key.
    if (Status s = CertifiedKeys::checkCaKey(m_reg.db(), ca->id, pki::KeyPolicy::spkiSha256Hex(key),
                                             pki::CaKey::fingerprintOf(key));
        !s)
        return s.error();
    // C=KZ, CN=<name> by default; O from --organisation or the subject_organisation setting (optional).
    const pki::SubjectName subject = CaDirectory::caSubject(*ca, organisation);
    // No other CA's name (its certificate's subject or the one its settings compose): a register from before
    // 2026-12-07 may hold a CA whose name another CA's certificate carries (attack of session 28, F9).
    {
        auto subjectDer = subject.toDer();
        if (!subjectDer)
            return subjectDer.error();
        auto all = m_reg.cas().list();
        if (!all)
            return all.error();
        if (std::optional<CaRecord> other = CaDirectory::caNamed(*all, *subjectDer, ca->id))
            return makeError(ErrorCode::Conflict,
                             tr("The CA %1 would issue under the name %2, which is the name of the CA %3 of this "
                                "register (its certificate's subject, or the name its settings compose): each CA's "
                                "name is its own (it names the issuer of every certificate and CRL). Register this CA "
                                "anew under another name (Settings → CAs, or the command ca add).")
                                 .arg(caCode, subject.display(), other->code));
    }
    CaInitResult result;
    result.keyUri = uri;
    result.fingerprint = pki::CaKey::fingerprintOf(key);
    QByteArray der;
    if (root) {
        pki::CertificateSpec spec;
        spec.subject = subject;
        spec.profile = pki::Profile(pki::ProfileKind::RootCa); // self-signed, whatever the CA's kind
        spec.notBefore = wholeSeconds(m_reg.clock().now());
        spec.notAfter = spec.notBefore.addYears(validityYears);
        auto built = pki::CertificateBuilder::build(spec, nullptr, nullptr, key);
        if (!built)
            return built.error();
        auto cert = pki::Certificate::parse(*built);
        if (!cert)
            return cert.error();
        der = *built;
        result.serialHex = cert->serialHex();
        result.certificateDer = der;
        result.notBefore = cert->notBefore();
        result.notAfter = cert->notAfter();
    } else {
        auto csr = pki::Csr::create(key, subject);
        if (!csr)
            return csr.error();
        result.csrPem = *csr;
    }

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto has = m_reg.db().scalar(
        QStringLiteral("SELECT certificate_der IS NOT NULL OR key_uri IS NOT NULL FROM cas WHERE id = ?"), {ca->id});
    if (!has)
        return has.error();
    if (has->toInt() != 0)
        return makeError(ErrorCode::Conflict, tr("The CA %1 already has a certificate.").arg(caCode));
    if (!existing) {
        if (Status written = pki::CaKey::writeEncryptedPkcs8(key, path, keySpec.passphrase); !written)
            return written.error();
    }
    // From here on a failure must not leave a key file behind that the register does not know.
    auto removeKey = qScopeGuard([&] {
        if (!existing)
            QFile::remove(path);
    });
    QJsonObject settings = ca->settings;
    if (!root) {
        settings.insert(QStringLiteral("pending_key_fingerprint"), result.fingerprint);
        settings.insert(QStringLiteral("pending_csr"), QString::fromLatin1(result.csrPem));
    }
    auto up =
        m_reg.db().exec(QStringLiteral("UPDATE cas SET key_uri = ?, certificate_der = ?, settings = ? WHERE id = ?"),
                        {uri, root ? QVariant(der) : QVariant(QMetaType(QMetaType::QByteArray)),
                         QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)), ca->id});
    if (!up)
        return up.error();
    QJsonObject details{{QStringLiteral("key_algorithm"),
                         existing ? pki::KeyGenerator::describe(key) : pki::KeyGenerator::name(keySpec.algorithm)},
                        {QStringLiteral("key_uri"), uri},
                        {QStringLiteral("key_fingerprint"), result.fingerprint}};
    if (root) {
        details.insert(QStringLiteral("serial"), result.serialHex);
        details.insert(QStringLiteral("not_after"), toDbTime(result.notAfter));
    }
    auto ev = m_reg.audit().append(by.login, caCode,
                                   root ? QStringLiteral("ca.initialised") : QStringLiteral("ca.key_created"), details,
                                   {RowRef::row(QStringLiteral("cas"), ca->id)}, root ? result.notAfter : QDateTime());
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeKey.dismiss();
    return result;
}

Result<CaInitResult> CaSetup::importCaCertificate(const Session& by, const QString& caCode,
                                                  const QByteArray& certificate) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s.error();
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (!ca->certificateDer.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 already has a certificate.").arg(caCode));
    const QString pending = ca->settings.value(QStringLiteral("pending_key_fingerprint")).toString();
    if (ca->keyUri.isEmpty() || pending.isEmpty())
        return makeError(
            ErrorCode::Conflict,
            tr("The CA %1 has no key waiting for a certificate: make its key and request first (Settings → CAs → "
               "Set up key…, or the command ca init --subordinate).")
                .arg(caCode));
    // The CA's certificate first; its issuer's may follow in the same PEM file (a parent outside the register).
    auto chain = pki::Certificate::parseAll(certificate);
    if (!chain)
        return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(chain.message()));
    const std::optional<pki::Certificate> cert = chain->first();
    if (!cert->isCa())
        return makeError(ErrorCode::Invalid, tr("The certificate is not a CA certificate (basicConstraints CA:TRUE)."));
    if (cert->publicKeyFingerprint() != pending)
        return makeError(ErrorCode::Invalid,
                         tr("The certificate is for another key than the one the CA %1 created.").arg(caCode));
    const QDateTime now = m_reg.clock().now();
    if (cert->notAfter() <= now || cert->notBefore() > now.addSecs(300))
        return makeError(ErrorCode::Invalid,
                         tr("The certificate is not valid now (%1 to %2).")
                             .arg(displayDateTime(cert->notBefore()), displayDateTime(cert->notAfter())));
    // What a CA needs of its own certificate (attack of session 27, F2): critical CA:TRUE, keyCertSign and
    // cRLSign, no unknown critical extension nor name constraints, a valid serial, a strong signature.
    if (Status s = pki::CaCertificateCheck::check(*cert); !s)
        return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
    // Its subject is this CA's own name (attack of session 28, F9): the one its settings compose, as a ROOT-ISSUE
    // certificate names it, or the one its waiting request carries (ca init --organisation adds an O there).
    QList<QByteArray> ownNames;
    if (auto composed = CaDirectory::caSubject(*ca).toDer())
        ownNames << *composed;
    if (const QByteArray request = requestSubject(ca->settings.value(QStringLiteral("pending_csr")).toString());
        !request.isEmpty())
        ownNames << request;
    bool own = false;
    for (const QByteArray& name : ownNames)
        own = own || pki::CaCertificateCheck::sameName(name, cert->subjectDer());
    if (!own)
        return makeError(ErrorCode::Invalid,
                         tr("The certificate's subject (%1) is not the own name of the CA %2, %3 (its name composed "
                            "with its settings subject_layout and subject_organisation, as a ROOT-ISSUE certificate "
                            "names it; names are compared attribute by attribute, in their order): each CA issues "
                            "under its own name only. Ask the parent for a certificate with "
                            "that subject, or, when the parent's form of the name is the one to keep, set "
                            "subject_layout and subject_organisation (Settings → CAs, or the command ca set) so that "
                            "they compose it, and import again.")
                             .arg(cert->subjectDisplay(), caCode, CaDirectory::caSubject(*ca).display()));
    auto all = m_reg.cas().list();
    if (!all)
        return all.error();
    // Its subject is no other CA's name: that CA's certificate's subject, or the one its settings compose
    // (names compared as a chain compares them, so a re-encoded name is the same name).
    if (std::optional<CaRecord> other = CaDirectory::caNamed(*all, cert->subjectDer(), ca->id))
        return makeError(ErrorCode::Invalid,
                         tr("The certificate's subject (%1) is the name of the CA %2 of this register: each "
                            "CA's name is its own (it names the issuer of every certificate and CRL).")
                             .arg(cert->subjectDisplay(), other->code));
    // Its parent: a CA of this register of the issuer's name (every one of that name is tried) must really have
    // signed it, and it lies within that CA's validity.
    std::optional<CaRecord> parent;
    QStringList namedIssuers;
    for (const CaRecord& other : *all) {
        if (other.id == ca->id || other.certificateDer.isEmpty())
            continue;
        auto otherCert = pki::Certificate::parse(other.certificateDer);
        if (!otherCert || !pki::CaCertificateCheck::sameName(otherCert->subjectDer(), cert->issuerDer()))
            continue;
        namedIssuers << other.code;
        if (!pki::CaCertificateCheck::signedBy(*cert, *otherCert))
            continue;
        if (Status s = pki::CaCertificateCheck::withinIssuerValidity(*cert, *otherCert); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        // Every register CA above leaves room for it in its pathLenConstraint, the parent and its parents up to
        // the root (attack of session 28, F8): otherwise every certificate this CA issued would fail validation.
        QList<pki::Certificate> above{*otherCert};
        QStringList labels{tr("the CA %1 of this register").arg(other.code)};
        QSet<qint64> seen{ca->id, other.id};
        for (qint64 up = other.parentId; up != 0 && !seen.contains(up);) {
            seen.insert(up);
            auto ancestor = std::find_if(all->cbegin(), all->cend(), [up](const CaRecord& r) { return r.id == up; });
            if (ancestor == all->cend())
                break;
            auto ancestorCert = pki::Certificate::parse(ancestor->certificateDer);
            if (!ancestorCert)
                break;
            above << *ancestorCert;
            labels << tr("the CA %1 of this register").arg(ancestor->code);
            up = ancestor->parentId;
        }
        if (Status s = pki::CaCertificateCheck::pathLengths(*cert, above, labels); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        // Nor a certificate its parent has revoked already (attack of session 29, F6).
        if (Status s = CaDirectory::checkCertificateNotRevoked(m_reg.db(), other.id, cert->serialHex(), caCode); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        // Nor one the parent never issued through the register (attack of session 30, A7).
        if (Status s = CaDirectory::checkIssuedThroughRegister(m_reg.db(), other.id, other.code, cert->serialHex(),
                                                               cert->der());
            !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        parent = other;
        break;
    }
    if (!parent && !namedIssuers.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("The certificate names the CA %1 as its issuer but its signature does not "
                            "verify with that CA's key.")
                             .arg(namedIssuers.join(QStringLiteral(", "))));
    // A parent outside the register: its certificate follows the CA's in the file, signed the CA's, holds a key
    // the key policy accepts and covers the CA's validity. Without it the signature cannot be checked: refused.
    QString outsideIssuer;
    if (!parent) {
        if (chain->size() < 2 || !pki::CaCertificateCheck::signedBy(*cert, chain->at(1)))
            return makeError(ErrorCode::Invalid,
                             tr("The certificate's issuer (%1) is not a CA of this register: give the issuer's "
                                "certificate after the CA's in the same PEM file, so that its signature and key can be "
                                "checked.")
                                 .arg(cert->issuerDisplay()));
        const pki::Certificate& issuer = chain->at(1);
        // A parent that can certify this CA (attack of session 28, F7): held to the rules of a CA's own
        // certificate and valid now, besides its key and signature.
        if (Status s = pki::CaCertificateCheck::outsideIssuer(issuer, now); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        if (Status s = pki::CaCertificateCheck::withinIssuerValidity(*cert, issuer); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        // The pathLenConstraints of the parent and of the certificates given after it that certify it in turn
        // (up to a self-signed one) leave room for this CA (F7/F8).
        QList<pki::Certificate> above{issuer};
        for (qsizetype i = 2; i < chain->size(); ++i) {
            const pki::Certificate& below = chain->at(i - 1);
            if (below.isSelfSigned() || !pki::CaCertificateCheck::signedBy(below, chain->at(i)))
                break;
            above << chain->at(i);
        }
        if (Status s = pki::CaCertificateCheck::pathLengths(*cert, above); !s)
            return makeError(ErrorCode::Invalid, tr("The CA certificate is refused: %1").arg(s.message()));
        outsideIssuer = issuer.sha256FingerprintHex();
    }
    QJsonObject settings = ca->settings;
    settings.remove(QStringLiteral("pending_key_fingerprint"));
    settings.remove(QStringLiteral("pending_csr"));
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto up = m_reg.db().exec(
        QStringLiteral("UPDATE cas SET certificate_der = ?, settings = ?, parent_id = coalesce(?, parent_id) "
                       "WHERE id = ? AND certificate_der IS NULL"),
        {cert->der(), QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)),
         parent ? QVariant(parent->id) : QVariant(QMetaType(QMetaType::LongLong)), ca->id});
    if (!up)
        return up.error();
    QJsonObject details{{QStringLiteral("serial"), cert->serialHex()},
                        {QStringLiteral("issuer"), cert->issuerDisplay()},
                        {QStringLiteral("not_after"), toDbTime(cert->notAfter())}};
    if (parent)
        details.insert(QStringLiteral("parent"), parent->code);
    else
        details.insert(QStringLiteral("issuer_certificate_sha256"), outsideIssuer);
    auto ev = m_reg.audit().append(by.login, caCode, QStringLiteral("ca.certificate_imported"), details,
                                   {RowRef::row(QStringLiteral("cas"), ca->id)}, cert->notAfter());
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    CaInitResult result;
    result.keyUri = ca->keyUri;
    result.fingerprint = pending;
    result.serialHex = cert->serialHex();
    result.certificateDer = cert->der();
    result.notBefore = cert->notBefore();
    result.notAfter = cert->notAfter();
    result.parentCode = parent ? parent->code : QString();
    return result;
}

} // namespace tirkeu::registry
