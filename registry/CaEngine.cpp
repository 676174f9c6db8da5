#include "registry/CaEngine.h"

#include "registry/Applications.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/Profile.h"
#include "pki/SubjectName.h"
#include "registry/CaDirectory.h"
#include "registry/Register.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>

namespace tirkeu::registry {

namespace {
// The translated name of a stored status id, for messages.
QString statusText(const QString& id) {
    ApplicationStatus status;
    return Applications::statusFromId(id, &status) ? Applications::statusName(status) : id;
}
} // namespace

namespace {

constexpr int kSerialAttempts = 5;

QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().trimmed();
}

QDateTime wholeSeconds(const QDateTime& t) {
    return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC);
}

QString serialText(const QByteArray& bytes) {
    return QString::fromLatin1(bytes.toHex().toUpper());
}

// What a certificate for an application will look like, decided from the form and its data alone.
struct IssuePlan {
    pki::Profile profile;
    pki::SubjectName subject;
    QString email;
    int years = CaEngine::kFileKeyYears;
    QStringList notes;
};

Result<IssuePlan> planFor(const QString& formCode, const QJsonObject& d) {
    const bool individual = formCode == u"NCA-ISSUE-IND";
    const bool legal = formCode == u"NCA-ISSUE-LEGAL";
    if (!individual && !legal)
        return makeError(ErrorCode::Invalid,
                         CaEngine::tr("Issuing from a CSR is not available for the form %1 yet (only NCA-ISSUE-IND and "
                                      "NCA-ISSUE-LEGAL).")
                             .arg(formCode));
    const QJsonArray usage = d.value(QStringLiteral("usage")).toArray();
    const bool sign = usage.contains(QJsonValue(QStringLiteral("sign")));
    const bool auth = usage.contains(QJsonValue(QStringLiteral("auth")));
    if (!sign && !auth)
        return makeError(ErrorCode::Invalid, CaEngine::tr("The application asks for neither signing nor "
                                                          "authentication; there is no certificate to issue."));
    IssuePlan plan;
    if (sign && auth)
        plan.notes << CaEngine::tr("The application asks for signing and authentication: this issued the signing "
                                   "certificate only; the authentication certificate needs its own CSR and issuance.");
    if (individual) {
        plan.profile = pki::Profile(sign ? pki::ProfileKind::IndividualSign : pki::ProfileKind::IndividualAuth);
        plan.subject = pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"), str(d, "iin"));
    } else {
        const std::optional<pki::LegalRole> role = pki::Profile::parseRole(str(d, "role"));
        if (!role || *role == pki::LegalRole::None)
            return makeError(ErrorCode::Invalid,
                             CaEngine::tr("The application names no role of the applicant in the organisation; the "
                                          "legal-entity profiles need one."));
        plan.profile = pki::Profile(sign ? pki::ProfileKind::LegalSign : pki::ProfileKind::LegalAuth, *role);
        // O= is the short name the form limits to 64 characters; the full name when none was given.
        const QString org = !str(d, "short_name").isEmpty() ? str(d, "short_name") : str(d, "org_name");
        plan.subject = pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"), str(d, "iin"),
                                                org, str(d, "bin"));
    }
    plan.email = str(d, "email");
    plan.years = str(d, "key_media") == u"token" ? CaEngine::kTokenKeyYears : CaEngine::kFileKeyYears;
    if (Status ok = plan.profile.validate(); !ok)
        return ok.error();
    if (Status ok = plan.subject.validate(); !ok)
        return ok.error();
    return plan;
}

} // namespace

Result<QString> CaEngine::normaliseSerial(const QString& text) {
    QString hex = text.trimmed();
    if (hex.startsWith(u"0x", Qt::CaseInsensitive))
        hex = hex.mid(2);
    hex.remove(u':');
    hex.remove(u' ');
    hex = hex.toUpper();
    static const QRegularExpression hexRe(QStringLiteral("^[0-9A-F]{1,64}$"));
    if (!hexRe.match(hex).hasMatch())
        return makeError(
            ErrorCode::Invalid,
            tr("\"%1\" is not a certificate serial number (hexadecimal digits, colons allowed).").arg(text));
    while (hex.size() > 1 && hex.startsWith(u'0'))
        hex.remove(0, 1);
    if (hex.size() % 2)
        hex.prepend(u'0');
    if (hex.size() > 40)
        return makeError(ErrorCode::Invalid, tr("A certificate serial number has at most 20 bytes: %1").arg(text));
    return hex;
}

int CaEngine::reasonFromName(const QString& nameOrNumber) {
    const QString t = nameOrNumber.trimmed().toLower().replace(u'-', u'_');
    bool isNumber = false;
    const int n = t.toInt(&isNumber);
    if (isNumber)
        return n >= 0 && n <= 10 && n != 7 ? n : -1;
    for (int code = 0; code <= 10; ++code) {
        const QString name = reasonName(code);
        if (!name.isEmpty() && (name == t || QString(name).remove(u'_') == t))
            return code;
    }
    return -1;
}

QString CaEngine::reasonName(int code) {
    static const char* const names[] = {"unspecified",         "key_compromise", "ca_compromise",
                                        "affiliation_changed", "superseded",     "cessation_of_operation",
                                        "certificate_hold",    nullptr,          "remove_from_crl",
                                        "privilege_withdrawn", "aa_compromise"};
    if (code < 0 || code > 10 || !names[code])
        return {};
    return QString::fromLatin1(names[code]);
}

QStringList CaEngine::basisKinds() {
    return {QStringLiteral("holder_application"), QStringLiteral("court_decision"), QStringLiteral("ca_termination"),
            QStringLiteral("holder_left_job")};
}

QString CaEngine::crlLockPath(const QString& outDir, const QString& caCode) {
    return QDir(outDir).absoluteFilePath(caCode + QStringLiteral(".crl.lock"));
}

Result<CaEngine::Signer> CaEngine::openSigner(const CaRecord& ca, const pki::SecretSource& caKeySecret) {
    auto caCert = pki::Certificate::parse(ca.certificateDer);
    if (!caCert)
        return caCert.error();
    auto key = pki::CaKey::open(ca.keyUri, caKeySecret);
    if (!key)
        return key.error();
    auto years = recordYears(ca);
    if (!years)
        return years.error();
    return Signer{caCert->toX509(), std::move(key.value()), *years};
}

Result<int> CaEngine::recordYears(const CaRecord& ca) {
    auto y = m_reg.db().scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = ?"),
                               {forms::caKindId(ca.kind)});
    if (!y)
        return y.error();
    return qMax(1, y->toInt());
}

Result<CaInitResult> CaEngine::createRootCa(const Session& by, const QString& caCode, pki::KeyAlgorithm algorithm,
                                            const QString& keyPath, const QString& passphrase, int validityYears,
                                            const QString& organisation) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s.error();
    if (validityYears < 1 || validityYears > 30)
        return makeError(ErrorCode::Invalid, tr("A CA certificate is valid for 1 to 30 years."));
    if (passphrase.size() < 12)
        return makeError(ErrorCode::Invalid, tr("The CA key passphrase must have at least 12 characters."));
    if (keyPath.isEmpty())
        return makeError(ErrorCode::Usage, tr("No file given for the CA key."));
    const QString path = QFileInfo(keyPath).absoluteFilePath();
    if (QFileInfo::exists(path))
        return makeError(ErrorCode::Conflict, tr("%1 already exists; a CA key file is never overwritten.").arg(path));
    auto ca = m_reg.cas().find(caCode);
    if (!ca)
        return ca.error();
    if (!ca->certificateDer.isEmpty())
        return makeError(ErrorCode::Conflict, tr("The CA %1 already has a certificate.").arg(caCode));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has ceased operation.").arg(caCode));

    auto key = pki::KeyGenerator::generate(algorithm);
    if (!key)
        return key.error();
    pki::CertificateSpec spec;
    spec.subject = pki::SubjectName::ca(ca->name, organisation.trimmed().isEmpty() ? ca->name : organisation.trimmed());
    spec.profile = pki::Profile(pki::ProfileKind::RootCa); // self-signed, whatever the CA's kind
    spec.notBefore = wholeSeconds(m_reg.clock().now());
    spec.notAfter = spec.notBefore.addYears(validityYears);
    spec.caIssuersUrl = ca->settings.value(QStringLiteral("aia_url")).toString();
    spec.crlUrl = ca->settings.value(QStringLiteral("cdp_url")).toString();
    auto der = pki::CertificateBuilder::build(spec, nullptr, nullptr, key->get());
    if (!der)
        return der.error();
    auto cert = pki::Certificate::parse(*der);
    if (!cert)
        return cert.error();

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto has = m_reg.db().scalar(QStringLiteral("SELECT certificate_der IS NOT NULL FROM cas WHERE id = ?"), {ca->id});
    if (!has)
        return has.error();
    if (has->toInt() != 0)
        return makeError(ErrorCode::Conflict, tr("The CA %1 already has a certificate.").arg(caCode));
    if (Status written = pki::CaKey::writeEncryptedPkcs8(key->get(), path, passphrase); !written)
        return written.error();
    // From here on a failure must not leave a key file behind that the register does not know.
    auto removeKey = qScopeGuard([&] { QFile::remove(path); });
    const QString uri = QStringLiteral("file:") + path;
    auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET key_uri = ?, certificate_der = ? WHERE id = ?"),
                              {uri, *der, ca->id});
    if (!up)
        return up.error();
    const QString fingerprint = pki::CaKey::fingerprintOf(key->get());
    auto ev = m_reg.audit().append(by.login, caCode, QStringLiteral("ca.initialised"),
                                   {{QStringLiteral("key_algorithm"), pki::KeyGenerator::name(algorithm)},
                                    {QStringLiteral("key_uri"), uri},
                                    {QStringLiteral("key_fingerprint"), fingerprint},
                                    {QStringLiteral("serial"), cert->serialHex()},
                                    {QStringLiteral("not_after"), toDbTime(cert->notAfter())}},
                                   cert->notAfter());
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    removeKey.dismiss();
    return CaInitResult{uri, fingerprint, cert->serialHex(), *der, cert->notBefore(), cert->notAfter()};
}

Result<IssueResult> CaEngine::issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csrBytes,
                                           const pki::SecretSource& caKeySecret) {
    if (Status s = Roles::require(by, Permission::IssueCertificate); !s)
        return s.error();
    const QString appSql = QStringLiteral("SELECT ca_id, form_code, purpose, status, data, coalesce(person_id, 0), "
                                          "coalesce(organisation_id, 0) FROM applications WHERE id = ?");
    auto app = m_reg.db().exec(appSql, {applicationId});
    if (!app)
        return app.error();
    if (!app->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(applicationId));
    const qint64 caId = app->value(0).toLongLong();
    const QString formCode = app->value(1).toString();
    const QString status = app->value(3).toString();
    const QJsonObject data = QJsonDocument::fromJson(app->value(4).toString().toUtf8()).object();
    const qint64 personId = app->value(5).toLongLong();
    const qint64 organisationId = app->value(6).toLongLong();
    if (app->value(2).toString() != u"issue")
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 is not an application for a certificate.").arg(applicationId));
    if (status != u"approved")
        return makeError(ErrorCode::Conflict, tr("Application %1 is %2: only approved applications can be issued.")
                                                  .arg(applicationId)
                                                  .arg(statusText(status)));
    auto ca = m_reg.cas().find(caId);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(ErrorCode::Conflict,
                         tr("The CA %1 has no key and certificate yet (tirkeu-cli ca init).").arg(ca->code));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, tr("The CA %1 has ceased operation.").arg(ca->code));
    auto plan = planFor(formCode, data);
    if (!plan)
        return plan.error();
    auto csr = pki::Csr::parse(csrBytes);
    if (!csr)
        return makeError(ErrorCode::Invalid, tr("The certificate request is refused: %1").arg(csr.message()));
    auto signer = openSigner(*ca, caKeySecret);
    if (!signer)
        return signer.error();

    const QDateTime now = m_reg.clock().now();
    pki::CertificateSpec spec;
    spec.subject = plan->subject;
    spec.profile = plan->profile;
    spec.notBefore = wholeSeconds(now);
    spec.notAfter = spec.notBefore.addYears(plan->years);
    spec.email = plan->email;
    spec.caIssuersUrl = ca->settings.value(QStringLiteral("aia_url")).toString();
    spec.crlUrl = ca->settings.value(QStringLiteral("cdp_url")).toString();
    spec.freshestCrlUrl = ca->settings.value(QStringLiteral("freshest_url")).toString();

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    // Another officer may have issued it while the key was being unlocked.
    auto again = m_reg.db().scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {applicationId});
    if (!again)
        return again.error();
    if (again->toString() != u"approved")
        return makeError(ErrorCode::Conflict, tr("Application %1 is %2: only approved applications can be issued.")
                                                  .arg(applicationId)
                                                  .arg(statusText(again->toString())));
    // A free serial: the write lock is held, so a serial checked here stays free until the commit;
    // UNIQUE (ca_id, serial) remains the last guard.
    QByteArray serial;
    for (int attempt = 0; attempt < kSerialAttempts && serial.isEmpty(); ++attempt) {
        const QByteArray candidate = pki::CertificateBuilder::newSerial();
        auto used =
            m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE ca_id = ? AND serial = ?"),
                              {caId, serialText(candidate)});
        if (!used)
            return used.error();
        if (used->toInt() == 0)
            serial = candidate;
    }
    if (serial.isEmpty())
        return makeError(ErrorCode::Crypto, tr("No unused serial number was found; check the random generator."));
    spec.serial = serial;
    auto der = pki::CertificateBuilder::build(spec, csr->publicKey(), signer->issuer.get(), signer->key->pkey());
    if (!der)
        return der.error();
    auto cert = pki::Certificate::parse(*der);
    if (!cert)
        return cert.error();
    const QString serialHex = serialText(serial);
    const QDateTime retention = cert->notAfter().addYears(signer->recordYears);
    const QString nowText = toDbTime(now);
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, person_id, organisation_id, profile, "
                       "not_before, not_after, der, status, application_id, issued_by, issued_at, retention_until) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?, ?)"),
        {caId, serialHex, cert->subjectDisplay(), personId > 0 ? QVariant(personId) : QVariant(),
         organisationId > 0 ? QVariant(organisationId) : QVariant(), plan->profile.id(), toDbTime(cert->notBefore()),
         toDbTime(cert->notAfter()), *der, applicationId, by.operatorId, nowText, toDbTime(retention)});
    if (!ins)
        return ins.error();
    const qint64 certificateId = ins->lastInsertId().toLongLong();
    const QString note = (QStringList{tr("certificate %1").arg(serialHex)} + plan->notes).join(QStringLiteral("; "));
    auto done = m_reg.db().exec(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, "
                                               "completed_by = ?, retention_until = greatest(retention_until, ?) "
                                               "WHERE id = ? AND status = 'approved'"),
                                {nowText, by.operatorId, toDbTime(retention), applicationId});
    if (!done)
        return done.error();
    auto hist = m_reg.db().exec(QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                                               "operator_id, note) VALUES (?, 'done', ?, ?, ?)"),
                                {applicationId, nowText, by.operatorId, note});
    if (!hist)
        return hist.error();
    const QString holder = !str(data, "iin").isEmpty() ? str(data, "iin") : str(data, "bin");
    auto appEvent = m_reg.audit().append(by.login, holder, QStringLiteral("application.done"),
                                         {{QStringLiteral("application"), applicationId},
                                          {QStringLiteral("form"), formCode},
                                          {QStringLiteral("certificate"), serialHex}});
    if (!appEvent)
        return appEvent.error();
    QJsonObject details{{QStringLiteral("ca"), ca->code},
                        {QStringLiteral("application"), applicationId},
                        {QStringLiteral("profile"), plan->profile.id()},
                        {QStringLiteral("holder"), holder},
                        {QStringLiteral("not_after"), toDbTime(cert->notAfter())},
                        {QStringLiteral("key"), csr->keyDescription()}};
    if (plan->profile.role() != pki::LegalRole::None)
        details.insert(QStringLiteral("role"), plan->profile.roleIdString());
    if (!plan->notes.isEmpty())
        details.insert(QStringLiteral("notes"), QJsonArray::fromStringList(plan->notes));
    auto ev =
        m_reg.audit().append(by.login, serialHex, QStringLiteral("certificate.issued"), details, cert->notAfter());
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return IssueResult{certificateId,
                       serialHex,
                       *der,
                       plan->profile.id(),
                       plan->profile.roleIdString(),
                       cert->subjectDisplay(),
                       cert->notBefore(),
                       cert->notAfter(),
                       plan->notes};
}

Result<QList<CertificateRecord>> CaEngine::query(const QString& where, const QVariantList& binds) {
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.id, a.code, c.serial, c.subject, c.profile, c.not_before, c.not_after, c.der, "
                       "c.status, coalesce(c.application_id, 0), o.login, c.issued_at, c.retention_until, "
                       "r.revoked_at, r.reason_code, r.basis_kind, r.basis_document "
                       "FROM certificates c JOIN cas a ON a.id = c.ca_id "
                       "LEFT JOIN operators o ON o.id = c.issued_by "
                       "LEFT JOIN revocations r ON r.certificate_id = c.id ") +
            where,
        binds);
    if (!q)
        return q.error();
    QList<CertificateRecord> out;
    while (q->next()) {
        CertificateRecord r;
        r.id = q->value(0).toLongLong();
        r.caCode = q->value(1).toString();
        r.serialHex = q->value(2).toString();
        r.subject = q->value(3).toString();
        r.profile = q->value(4).toString();
        r.notBefore = fromDbTime(q->value(5).toString());
        r.notAfter = fromDbTime(q->value(6).toString());
        r.der = q->value(7).toByteArray();
        r.status = q->value(8).toString();
        r.applicationId = q->value(9).toLongLong();
        r.issuedBy = q->value(10).toString();
        r.issuedAt = fromDbTime(q->value(11).toString());
        r.retentionUntil = fromDbTime(q->value(12).toString());
        if (!q->value(13).isNull()) {
            r.revokedAt = fromDbTime(q->value(13).toString());
            r.reasonCode = q->value(14).toInt();
            r.basisKind = q->value(15).toString();
            r.basisDocument = q->value(16).toString();
        }
        out.append(r);
    }
    return out;
}

Result<QList<CertificateRecord>> CaEngine::certificates(const Session& by, const CertificateFilter& f) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    QString where = QStringLiteral("WHERE 1 = 1");
    QVariantList binds;
    if (!f.caCode.isEmpty()) {
        where += QStringLiteral(" AND a.code = ?");
        binds << f.caCode;
    }
    if (!f.status.isEmpty()) {
        if (f.status != u"valid" && f.status != u"revoked")
            return makeError(ErrorCode::Invalid, tr("A certificate status is valid or revoked: %1").arg(f.status));
        where += QStringLiteral(" AND c.status = ?");
        binds << f.status;
    }
    binds << qBound(1, f.limit, 10000) << qMax(0, f.offset);
    return query(where + QStringLiteral(" ORDER BY c.id LIMIT ? OFFSET ?"), binds);
}

Result<CertificateRecord> CaEngine::certificate(const Session& by, const QString& caCode, const QString& serialText) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    auto serial = normaliseSerial(serialText);
    if (!serial)
        return serial.error();
    auto found = caCode.isEmpty() ? query(QStringLiteral("WHERE c.serial = ?"), {*serial})
                                  : query(QStringLiteral("WHERE c.serial = ? AND a.code = ?"), {*serial, caCode});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no certificate with the serial number %1.").arg(*serial));
    if (found->size() > 1)
        return makeError(ErrorCode::Conflict,
                         tr("Several CAs issued a certificate with the serial number %1; name the CA.").arg(*serial));
    return found->first();
}

} // namespace tirkeu::registry
