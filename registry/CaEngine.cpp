#include "registry/CaEngine.h"

#include "registry/Internal.h"

#include "registry/Applications.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/Pkcs12.h"
#include "pki/Profile.h"
#include "pki/SubjectName.h"
#include "registry/CaDirectory.h"
#include "registry/Register.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

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

using detail::str;

using detail::wholeSeconds;

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
    QString holder;          // IIN (people) or the CA name (CA certificates): what the audit event is about
    QString personIin;       // the person the certificate is for (letters: the chosen person)
    int personCount = 1;     // letters list several persons, each gets a certificate
    bool government = false; // one valid key per holder
    bool caCertificate = false;
};

// "1y", "3y", "10y" → years; 0 when the field is blank or malformed.
int validityYears(const QJsonObject& d) {
    static const QRegularExpression re(QStringLiteral("^(\\d{1,2})y$"));
    const auto m = re.match(str(d, "validity"));
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

Result<IssuePlan> planFor(const QString& formCode, const QJsonObject& d, int personIndex) {
    IssuePlan plan;
    if (formCode == u"ROOT-ISSUE") {
        // A subordinate CA's certificate from the Root CA: subject from the application, key from its CSR.
        plan.caCertificate = true;
        plan.profile = pki::Profile(pki::ProfileKind::SubordinateCa);
        plan.subject = pki::SubjectName::ca(str(d, "ca_name"), str(d, "org_name"));
        plan.years = validityYears(d) > 0 ? validityYears(d) : 10;
        plan.holder = str(d, "ca_name");
    } else if (formCode == u"GOV-ISSUE") {
        const QJsonArray persons = d.value(QStringLiteral("persons")).toArray();
        plan.personCount = int(persons.size());
        if (persons.isEmpty())
            return makeError(ErrorCode::Invalid, CaEngine::tr("The letter lists no persons."));
        if (personIndex < 0 && persons.size() > 1)
            return makeError(ErrorCode::Usage,
                             CaEngine::tr("The letter lists %1 persons: choose whose certificate to issue (1 to %1).")
                                 .arg(persons.size()));
        const int i = personIndex < 0 ? 0 : personIndex;
        if (i >= persons.size())
            return makeError(
                ErrorCode::Invalid,
                CaEngine::tr("The letter lists %1 persons; there is no person %2.").arg(persons.size()).arg(i + 1));
        const QJsonObject p = persons.at(i).toObject();
        plan.government = true;
        plan.profile = pki::Profile(pki::ProfileKind::GovernmentEmployee);
        const QString org = !str(p, "organisation").isEmpty() ? str(p, "organisation") : str(d, "org_name");
        plan.subject = pki::SubjectName::person(str(p, "surname"), str(p, "name"), str(p, "patronymic"), str(p, "iin"),
                                                org, QString());
        plan.years = 1; // the only validity the Government Bodies CA grants
        plan.personIin = str(p, "iin");
        plan.holder = plan.personIin;
    } else if (formCode == u"NCA-ISSUE-IND" || formCode == u"NCA-ISSUE-LEGAL") {
        const bool individual = formCode == u"NCA-ISSUE-IND";
        const QJsonArray usage = d.value(QStringLiteral("usage")).toArray();
        const bool sign = usage.contains(QJsonValue(QStringLiteral("sign")));
        const bool auth = usage.contains(QJsonValue(QStringLiteral("auth")));
        if (!sign && !auth)
            return makeError(ErrorCode::Invalid, CaEngine::tr("The application asks for neither signing nor "
                                                              "authentication; there is no certificate to issue."));
        if (sign && auth)
            plan.notes << CaEngine::tr("The application asks for signing and authentication: this issued the "
                                       "signing certificate only; the authentication certificate needs its own "
                                       "issuance.");
        if (individual) {
            plan.profile = pki::Profile(sign ? pki::ProfileKind::IndividualSign : pki::ProfileKind::IndividualAuth);
            plan.subject =
                pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"), str(d, "iin"));
        } else {
            const std::optional<pki::LegalRole> role = pki::Profile::parseRole(str(d, "role"));
            if (!role || *role == pki::LegalRole::None)
                return makeError(ErrorCode::Invalid,
                                 CaEngine::tr("The application names no role of the applicant in the organisation; "
                                              "the legal-entity profiles need one."));
            plan.profile = pki::Profile(sign ? pki::ProfileKind::LegalSign : pki::ProfileKind::LegalAuth, *role);
            // O= is the short name the form limits to 64 characters; the full name when none was given.
            const QString org = !str(d, "short_name").isEmpty() ? str(d, "short_name") : str(d, "org_name");
            plan.subject = pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"),
                                                    str(d, "iin"), org, str(d, "bin"));
        }
        plan.email = str(d, "email");
        const bool token = str(d, "key_media") == u"token";
        plan.years =
            token && validityYears(d) == CaEngine::kTokenKeyYears ? CaEngine::kTokenKeyYears : CaEngine::kFileKeyYears;
        plan.personIin = str(d, "iin");
        plan.holder = plan.personIin;
    } else {
        return makeError(ErrorCode::Invalid,
                         CaEngine::tr("Form %1 is not an application for a certificate.").arg(formCode));
    }
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

QByteArray CaEngine::secretIdOf(const pki::SecretSource& caKeySecret) {
    switch (caKeySecret.kind) {
    case pki::SecretSource::Literal:
        return "L" + QCryptographicHash::hash(caKeySecret.value.toUtf8(), QCryptographicHash::Sha256);
    case pki::SecretSource::File:
        return "F" + caKeySecret.value.toUtf8();
    case pki::SecretSource::Env:
        return "E" + caKeySecret.value.toUtf8() + '=' +
               QCryptographicHash::hash(qgetenv(caKeySecret.value.toLocal8Bit().constData()),
                                        QCryptographicHash::Sha256);
    case pki::SecretSource::Prompt:
        break; // asked every time
    }
    return {};
}

CaEngine::Signer* CaEngine::cachedSigner(const CaRecord& ca, const QByteArray& secretId) {
    auto cached = m_signers.find(ca.id);
    if (cached == m_signers.end() || secretId.isEmpty() || cached->second->secretId != secretId ||
        cached->second->certificateDer != ca.certificateDer || cached->second->keyUri != ca.keyUri)
        return nullptr;
    return cached->second.get();
}

Result<CaEngine::Signer*> CaEngine::openSigner(const CaRecord& ca, const pki::SecretSource& caKeySecret) {
    const QByteArray secretId = secretIdOf(caKeySecret);
    auto years = recordYears(ca);
    if (!years)
        return years.error();
    if (Signer* cached = cachedSigner(ca, secretId)) {
        cached->recordYears = *years;
        return cached;
    }
    m_signers.erase(ca.id);
    auto caCert = pki::Certificate::parse(ca.certificateDer);
    if (!caCert)
        return caCert.error();
    auto key = pki::CaKey::open(ca.keyUri, caKeySecret);
    if (!key)
        return key.error();
    auto signer = std::make_unique<Signer>();
    signer->issuer = caCert->toX509();
    signer->key = std::move(key.value());
    signer->recordYears = *years;
    signer->certificateDer = ca.certificateDer;
    signer->keyUri = ca.keyUri;
    signer->secretId = secretId;
    Signer* out = signer.get();
    m_signers[ca.id] = std::move(signer);
    return out;
}

Result<int> CaEngine::recordYears(const CaRecord& ca) {
    auto y = m_reg.db().scalar(QStringLiteral("SELECT record_years FROM retention_policies WHERE ca_kind = ?"),
                               {forms::caKindId(ca.kind)});
    if (!y)
        return y.error();
    return qMax(1, y->toInt());
}

Result<IssueResult> CaEngine::issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                           const pki::SecretSource& caKeySecret, const IssueOptions& options) {
    return issue(by, applicationId, &csr, nullptr, caKeySecret, options);
}

Result<IssueResult> CaEngine::issueWithGeneratedKey(const Session& by, qint64 applicationId, const KeyOnMedia& media,
                                                    const pki::SecretSource& caKeySecret, const IssueOptions& options) {
    return issue(by, applicationId, nullptr, &media, caKeySecret, options);
}

Result<IssueResult> CaEngine::issue(const Session& by, qint64 applicationId, const QByteArray* csrBytes,
                                    const KeyOnMedia* media, const pki::SecretSource& caKeySecret,
                                    const IssueOptions& options) {
    if (Status s = Roles::require(by, Permission::IssueCertificate); !s)
        return s.error();
    const QString appSql = QStringLiteral("SELECT ca_id, form_code, purpose, status, data, coalesce(person_id, 0), "
                                          "coalesce(organisation_id, 0), coalesce(replaces_certificate_id, 0) "
                                          "FROM applications WHERE id = ?");
    auto app = m_reg.db().exec(appSql, {applicationId});
    if (!app)
        return app.error();
    if (!app->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(applicationId));
    const qint64 caId = app->value(0).toLongLong();
    const QString formCode = app->value(1).toString();
    const QString status = app->value(3).toString();
    const QJsonObject data = QJsonDocument::fromJson(app->value(4).toString().toUtf8()).object();
    qint64 personId = app->value(5).toLongLong();
    const qint64 organisationId = app->value(6).toLongLong();
    const qint64 replacesId = app->value(7).toLongLong();
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
    auto plan = planFor(formCode, data, options.personIndex);
    if (!plan)
        return plan.error();
    if (options.revokeReplaced && replacesId == 0)
        return makeError(
            ErrorCode::Invalid,
            tr("Application %1 replaces no certificate; there is nothing to revoke as superseded.").arg(applicationId));

    // The holder's public key: from the CSR (proof of possession checked), or a key pair made here.
    std::optional<pki::Csr> csr;
    pki::EvpPkeyPtr generated;
    EVP_PKEY* publicKey = nullptr;
    QString keyDescription;
    if (csrBytes) {
        auto parsed = pki::Csr::parse(*csrBytes);
        if (!parsed)
            return makeError(ErrorCode::Invalid, tr("The certificate request is refused: %1").arg(parsed.message()));
        csr.emplace(std::move(parsed.value()));
        publicKey = csr->publicKey();
        keyDescription = csr->keyDescription();
    } else {
        if (plan->caCertificate)
            return makeError(ErrorCode::Invalid, tr("A CA generates its own key: issue a CA certificate from the "
                                                    "CA's certificate request."));
        if (media->password.size() < 8)
            return makeError(ErrorCode::Invalid,
                             tr("The holder's password for the key file must have at least 8 characters."));
        if (plan->government && media->mediaSerial.trimmed().isEmpty())
            return makeError(ErrorCode::Invalid, tr("The Government Bodies CA records the serial number of the key "
                                                    "media: enter it."));
        auto key = pki::KeyGenerator::generate(media->algorithm);
        if (!key)
            return key.error();
        generated = std::move(key.value());
        publicKey = generated.get();
        keyDescription = pki::KeyGenerator::describe(media->algorithm);
    }
    auto opened = openSigner(*ca, caKeySecret);
    if (!opened)
        return opened.error();
    Signer* signer = *opened;

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
    // A subordinate CA's certificate never outlives its issuer.
    if (plan->caCertificate) {
        auto issuerCert = pki::Certificate::parse(ca->certificateDer);
        if (issuerCert && spec.notAfter > issuerCert->notAfter())
            spec.notAfter = wholeSeconds(issuerCert->notAfter());
    }

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
    // Re-issue: the replaced certificate goes first, so that the one-key rule sees it revoked.
    QString replacedSerial;
    if (replacesId > 0) {
        auto old = m_reg.db().exec(QStringLiteral("SELECT serial, status, ca_id FROM certificates WHERE id = ?"),
                                   {replacesId});
        if (!old)
            return old.error();
        if (old->next()) {
            replacedSerial = old->value(0).toString();
            if (options.revokeReplaced) {
                if (old->value(1).toString() == u"revoked")
                    return makeError(ErrorCode::Conflict,
                                     tr("The certificate %1 is already revoked.").arg(replacedSerial));
                auto oldCa = m_reg.cas().find(old->value(2).toLongLong());
                if (!oldCa)
                    return oldCa.error();
                auto oldYears = recordYears(*oldCa);
                if (!oldYears)
                    return oldYears.error();
                RevokeRequest superseded;
                superseded.reasonCode = 4; // superseded
                superseded.basisKind = QStringLiteral("holder_application");
                superseded.basisDocument = tr("re-issue, application %1").arg(applicationId);
                if (Status s = revokeInTransaction(by, *oldCa, replacedSerial, superseded, now, *oldYears); !s)
                    return s.error();
            }
        }
    }
    if (!plan->personIin.isEmpty() && (personId == 0 || plan->personCount > 1 || plan->government)) {
        auto p = m_reg.db().scalar(QStringLiteral("SELECT id FROM persons WHERE iin = ?"), {plan->personIin});
        if (!p)
            return p.error();
        if (p->isValid())
            personId = p->toLongLong();
    }
    if (plan->government && personId > 0) {
        // Government Bodies CA: one valid private key per holder.
        auto held = m_reg.db().scalar(QStringLiteral("SELECT serial FROM certificates WHERE ca_id = ? AND person_id = "
                                                     "? AND status = 'valid' AND not_after > ? LIMIT 1"),
                                      {caId, personId, toDbTime(now)});
        if (!held)
            return held.error();
        if (held->isValid())
            return makeError(ErrorCode::Conflict,
                             tr("The holder %1 already has a valid certificate %2 at this CA: one key per holder; "
                                "revoke it first.")
                                 .arg(plan->personIin, held->toString()));
    }
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
    auto der = pki::CertificateBuilder::build(spec, publicKey, signer->issuer.get(), signer->key->pkey());
    if (!der)
        return der.error();
    auto cert = pki::Certificate::parse(*der);
    if (!cert)
        return cert.error();
    const QString serialHex = serialText(serial);
    QByteArray pkcs12;
    if (generated) {
        pki::X509Ptr x509 = cert->toX509();
        auto p12 = pki::Pkcs12::create(generated.get(), x509.get(), {signer->issuer.get()}, cert->subjectDisplay(),
                                       media->password);
        if (!p12)
            return p12.error();
        pkcs12 = *p12;
    }
    const QDateTime retention = cert->notAfter().addYears(signer->recordYears);
    const QString nowText = toDbTime(now);
    const QString mediaSerial = media ? media->mediaSerial.trimmed() : QString();
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, person_id, organisation_id, profile, "
                       "not_before, not_after, key_media_serial, der, status, application_id, issued_by, issued_at, "
                       "replaces_certificate_id, retention_until) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, 'valid', ?, ?, ?, ?, ?)"),
        {caId, serialHex, cert->subjectDisplay(), personId > 0 ? QVariant(personId) : QVariant(),
         organisationId > 0 ? QVariant(organisationId) : QVariant(), plan->profile.id(), toDbTime(cert->notBefore()),
         toDbTime(cert->notAfter()), mediaSerial, *der, applicationId, by.operatorId, nowText,
         replacesId > 0 ? QVariant(replacesId) : QVariant(), toDbTime(retention)});
    if (!ins)
        return ins.error();
    const qint64 certificateId = ins->lastInsertId().toLongLong();

    // A letter is done when every listed person has a certificate from it.
    bool applicationDone = true;
    if (plan->personCount > 1) {
        auto issued = m_reg.db().scalar(
            QStringLiteral("SELECT count(DISTINCT person_id) FROM certificates WHERE application_id = ?"),
            {applicationId});
        if (!issued)
            return issued.error();
        applicationDone = issued->toInt() >= plan->personCount;
        if (!applicationDone)
            plan->notes << tr("%1 of %2 persons of the letter have their certificate; the application stays open.")
                               .arg(issued->toInt())
                               .arg(plan->personCount);
    }
    const QString note = (QStringList{tr("certificate %1").arg(serialHex)} + plan->notes).join(QStringLiteral("; "));
    if (applicationDone) {
        auto done =
            m_reg.db().exec(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, completed_by = "
                                           "?, retention_until = CASE WHEN retention_until < ? THEN ? ELSE "
                                           "retention_until END WHERE id = ? AND status = 'approved'"),
                            {nowText, by.operatorId, toDbTime(retention), toDbTime(retention), applicationId});
        if (!done)
            return done.error();
    } else {
        auto keep = m_reg.db().exec(QStringLiteral("UPDATE applications SET retention_until = CASE WHEN "
                                                   "retention_until < ? THEN ? ELSE retention_until END WHERE id = ?"),
                                    {toDbTime(retention), toDbTime(retention), applicationId});
        if (!keep)
            return keep.error();
    }
    auto hist = m_reg.db().exec(QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                                               "operator_id, note) VALUES (?, ?, ?, ?, ?)"),
                                {applicationId, applicationDone ? QStringLiteral("done") : QStringLiteral("approved"),
                                 nowText, by.operatorId, note});
    if (!hist)
        return hist.error();
    if (applicationDone) {
        const QString appSubject = !str(data, "iin").isEmpty()   ? str(data, "iin")
                                   : !str(data, "bin").isEmpty() ? str(data, "bin")
                                                                 : plan->holder;
        auto appEvent = m_reg.audit().append(by.login, appSubject, QStringLiteral("application.done"),
                                             {{QStringLiteral("application"), applicationId},
                                              {QStringLiteral("form"), formCode},
                                              {QStringLiteral("certificate"), serialHex}});
        if (!appEvent)
            return appEvent.error();
    }
    QJsonObject details{
        {QStringLiteral("ca"), ca->code},
        {QStringLiteral("application"), applicationId},
        {QStringLiteral("profile"), plan->profile.id()},
        {QStringLiteral("holder"), plan->holder},
        {QStringLiteral("not_after"), toDbTime(cert->notAfter())},
        {QStringLiteral("key"), keyDescription},
        {QStringLiteral("key_source"), generated ? QStringLiteral("generated_pkcs12") : QStringLiteral("csr")}};
    if (!mediaSerial.isEmpty())
        details.insert(QStringLiteral("key_media_serial"), mediaSerial);
    if (!replacedSerial.isEmpty())
        details.insert(QStringLiteral("replaces"), replacedSerial);
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
    IssueResult result;
    result.certificateId = certificateId;
    result.serialHex = serialHex;
    result.der = *der;
    result.profile = plan->profile.id();
    result.role = plan->profile.roleIdString();
    result.subject = cert->subjectDisplay();
    result.notBefore = cert->notBefore();
    result.notAfter = cert->notAfter();
    result.notes = plan->notes;
    result.pkcs12 = pkcs12;
    result.keyMediaSerial = mediaSerial;
    result.replacedSerial = replacedSerial;
    result.applicationDone = applicationDone;
    return result;
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
