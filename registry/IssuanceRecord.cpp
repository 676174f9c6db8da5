// The recording step of an issuance (IssuanceSteps.h): inside the caller's open write transaction, what
// another officer may have changed is checked again, the certificates are signed (or the batch's presigned
// ones taken) and recorded with the application's new state and the audit events. Issuance.cpp prepares
// (before the write lock) and commits; IssuanceBatch.cpp records many in groups.
#include "forms/Validation.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Pkcs12.h"
#include "registry/Applications.h"
#include "registry/AuditLog.h"
#include "registry/CaDirectory.h"
#include "registry/CaSigner.h"
#include "registry/CertifiedKeys.h"
#include "registry/CrlPartitions.h"
#include "registry/Database.h"
#include "registry/HolderSnapshot.h"
#include "registry/Internal.h"
#include "registry/IssuanceSteps.h"
#include "registry/Register.h"
#include "registry/Revocations.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QJsonArray>

namespace tirkeu::registry::issuance {

namespace {

constexpr int kSerialAttempts = 5;

// A serial as the register stores it: upper-case hexadecimal.
QString serialText(const QByteArray& bytes) {
    return QString::fromLatin1(bytes.toHex().toUpper());
}

} // namespace

using detail::str;

// 5a. Re-issue: the replaced certificate, revoked as superseded first when asked (so that the one-key
// rule sees it revoked) — through the one revocation path, inside the issuing transaction.
Result<QString> replacedCertificate(Register& reg, const Session& by, const ApplicationRow& app,
                                    const IssueOptions& options, const QDateTime& now) {
    if (app.replacesId <= 0)
        return QString();
    auto old = reg.db().exec(QStringLiteral("SELECT c.serial, c.status, a.code FROM certificates c "
                                            "JOIN cas a ON a.id = c.ca_id WHERE c.id = ?"),
                             {app.replacesId});
    if (!old)
        return old.error();
    if (!old->next())
        return QString();
    const QString serial = old->value(0).toString();
    const QString status = old->value(1).toString();
    const QString caCode = old->value(2).toString();
    old->finish();
    if (!options.revokeReplaced)
        return serial;
    // Checked again before the replaced certificate is revoked: an application registered before the rule (attack of
    // session 33, C1) revokes nothing of another holder.
    if (Status s = reg.applications().checkReplacement(app.caId, app.formCode, app.data, app.replacesId); !s)
        return s.error();
    if (status == u"revoked")
        return makeError(ErrorCode::Conflict, Issuance::tr("The certificate %1 is already revoked.").arg(serial));
    RevokeRequest superseded;
    superseded.caCode = caCode;
    superseded.serial = serial;
    superseded.reasonCode = Revocations::kSuperseded;
    superseded.basisKind = QStringLiteral("holder_application");
    superseded.basisDocument = Issuance::tr("re-issue, application %1").arg(app.id);
    superseded.revokedAt = now;
    if (Status s = Revocations(reg).revoke(by, superseded); !s)
        return s.error();
    return serial;
}

// 5b. The person the certificate is for (letters: the chosen person of the list).
Result<qint64> holderPerson(Database& db, const ApplicationRow& app, const IssuePlan& plan) {
    if (plan.personIin.isEmpty() || (app.personId != 0 && plan.personCount <= 1 && !plan.government))
        return app.personId;
    auto p = db.scalar(QStringLiteral("SELECT id FROM persons WHERE iin = ?"), {plan.personIin});
    if (!p)
        return p.error();
    return p->isValid() ? p->toLongLong() : app.personId;
}

// 5c. A free serial: the write lock is held, so a serial checked here stays free until the commit;
// UNIQUE (ca_id, serial) remains the last guard.
Result<QByteArray> freeSerial(Database& db, qint64 caId) {
    for (int attempt = 0; attempt < kSerialAttempts; ++attempt) {
        const QByteArray candidate = pki::CertificateBuilder::newSerial();
        auto used = db.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE ca_id = ? AND serial = ?"),
                              {caId, serialText(candidate)});
        if (!used)
            return used.error();
        if (used->toInt() == 0)
            return candidate;
    }
    return makeError(ErrorCode::Crypto, Issuance::tr("No unused serial number was found; check the random generator."));
}

// 5d. The signed certificate, and the holder's PKCS#12 when the key was generated here.
// The signature alone (no register, no Qt SQL): what a batch's signing threads run, each with its own
// copy of the issuer certificate; the CA's opened key is shared (OpenSSL signs with one EVP_PKEY from
// several threads, each with its own EVP_PKEY_CTX).
Result<Signed> signCertificate(const pki::CertificateSpec& spec, const pki::EncodedKey& holderKey, const X509* issuer,
                               EVP_PKEY* caKey) {
    auto cert = pki::CertificateBuilder::buildCertificate(spec, holderKey, issuer, caKey);
    if (!cert)
        return cert.error();
    Signed out;
    out.der = cert->der();
    out.cert.emplace(std::move(cert.value()));
    return out;
}

Result<Signed> sign(const pki::CertificateSpec& spec, const HolderKey& key, const CaSigner& signer,
                    const KeyOnMedia* media) {
    auto made = signCertificate(spec, *key.encoded, signer.issuer.get(), signer.key->pkey());
    if (!made)
        return made.error();
    Signed out = std::move(made.value());
    if (key.generated) {
        pki::X509Ptr x509 = out.cert->toX509();
        auto p12 = pki::Pkcs12::create(key.generated.get(), x509.get(), {signer.issuer.get()},
                                       out.cert->subjectDisplay(), media->password);
        if (!p12)
            return p12.error();
        out.pkcs12 = *p12;
    }
    return out;
}

// 5e. The application's new state: done, or still open while persons of a letter wait.
Result<bool> advanceApplication(Database& db, const Session& by, const ApplicationRow& app, IssuePlan& plan,
                                const QString& serialHex, const QDateTime& retention, const QString& nowText) {
    bool applicationDone = true;
    if (plan.personCount > 1) {
        auto issued = db.scalar(
            QStringLiteral("SELECT count(DISTINCT person_id) FROM certificates WHERE application_id = ?"), {app.id});
        if (!issued)
            return issued.error();
        applicationDone = issued->toInt() >= plan.personCount;
        if (!applicationDone)
            plan.notes << Issuance::tr("%1 of %2 persons of the letter have their certificate; the application stays "
                                       "open.")
                              .arg(issued->toInt())
                              .arg(plan.personCount);
    }
    const QString note =
        (QStringList{Issuance::tr("certificate %1").arg(serialHex)} + plan.notes).join(QStringLiteral("; "));
    if (applicationDone) {
        auto done = db.write(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, completed_by = "
                                            "?, retention_until = CASE WHEN retention_until < ? THEN ? ELSE "
                                            "retention_until END WHERE id = ? AND status = 'approved'"),
                             {nowText, by.operatorId, toDbTime(retention), toDbTime(retention), app.id});
        if (!done)
            return done.error();
    } else {
        auto keep = db.write(QStringLiteral("UPDATE applications SET retention_until = CASE WHEN "
                                            "retention_until < ? THEN ? ELSE retention_until END WHERE id = ?"),
                             {toDbTime(retention), toDbTime(retention), app.id});
        if (!keep)
            return keep.error();
    }
    auto hist = db.write(
        QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                       "operator_id, note) VALUES (?, ?, ?, ?, ?)"),
        {app.id, applicationDone ? QStringLiteral("done") : QStringLiteral("approved"), nowText, by.operatorId, note});
    if (!hist)
        return hist.error();
    return applicationDone;
}

// Inside the caller's open write transaction: checks again what another officer may have changed, then
// signs (or takes the presigned certificates) and records the certificates, the application's new state
// and the audit events. Commits nothing; on failure the caller rolls back what this step wrote.
Result<RecordedIssue> recordIssue(Register& reg, const Session& by, const IssueContext& context, Prepared& p,
                                  const CaSigner& signer, const KeyOnMedia* media, const IssueOptions& options,
                                  std::vector<Presigned>* presigned) {
    const qint64 applicationId = p.app.id;
    const CaRecord& ca = p.ca->ca;
    const RulesEdition& rules = *context.rules;
    const QDateTime& now = context.now;
    // Another officer may have issued it while the key was being unlocked.
    auto again = reg.db().scalar(QStringLiteral("SELECT status FROM applications WHERE id = ?"), {applicationId});
    if (!again)
        return again.error();
    if (Status s = Rules::onlyApprovedIsIssued(applicationId, again->toString()); !s)
        return s.error();
    // Nor has the CA's own certificate been revoked meanwhile (attack of session 29, F6; one indexed read).
    if (Status s = CaDirectory::checkCertificateNotRevoked(reg.db(), ca.parentId, p.ca->certificateSerial, ca.code); !s)
        return s.error();
    RecordedIssue out;
    auto replacedSerial = replacedCertificate(reg, by, p.app, options, now);
    if (!replacedSerial)
        return replacedSerial.error();
    out.replacedSerial = *replacedSerial;
    auto personId = holderPerson(reg.db(), p.app, p.plan);
    if (!personId)
        return personId.error();
    if (p.plan.government) {
        if (Status s = Rules::oneKeyPerHolder(reg.db(), ca.id, *personId, p.plan.personIin, now); !s)
            return s.error();
    }
    const QString nowText = toDbTime(now);
    out.mediaSerial = media ? media->mediaSerial.trimmed() : options.mediaSerial.trimmed();
    if (const QString why = forms::Validator::forbiddenCharacterIn(out.mediaSerial, Issuance::tr("Key media serial"));
        !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);

    // Each certificate: its key checked against the register, a free serial, signed and recorded.
    for (std::size_t i = 0; i < p.plans.size(); ++i) {
        const HolderKey& key = p.keys[i];
        const QString& spki = p.spki.at(int(i));
        // 5b'. Never a key certified before, nor a CA's or OCSP signer's key (registry/CertifiedKeys.h).
        if (Status s = CertifiedKeys::checkHolderKey(reg.db(), spki, context.serviceKeys, p.plan.caCertificate); !s)
            return s.error();
        // 5b''. A subordinate CA's certificate: under a register CA's name only for that CA's own key.
        if (p.plans[i].caCertificate) {
            auto subjectDer = p.plans[i].subject.toDer();
            if (!subjectDer)
                return subjectDer.error();
            if (Status s = subordinateCaCertificate(reg.db(), ca.id, p.plans[i].holder, *subjectDer, spki); !s)
                return s.error();
        }
        std::optional<Signed> made;
        QByteArray serial;
        if (presigned && i < presigned->size()) {
            Presigned& ahead = (*presigned)[i];
            if (!ahead.made)
                return ahead.made.error();
            auto used =
                reg.db().scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE ca_id = ? AND serial = ?"),
                                {ca.id, serialText(ahead.serial)});
            if (!used)
                return used.error();
            if (used->toInt() == 0) {
                serial = ahead.serial;
                made.emplace(std::move(ahead.made.value()));
            }
        }
        if (!made) {
            auto free = freeSerial(reg.db(), ca.id);
            if (!free)
                return free.error();
            serial = *free;
            pki::CertificateSpec spec = certificateSpec(ca, p.plans[i], now);
            spec.serial = serial;
            if (Status s = CrlPartitions::assign(reg.db(), ca, spec); !s) // its partition's CDP (partitioned CRLs)
                return s.error();
            auto signedNow = sign(spec, key, signer, media);
            if (!signedNow)
                return signedNow.error();
            made.emplace(std::move(signedNow.value()));
        }
        const pki::Certificate& cert = *made->cert;
        const QString serialHex = serialText(serial);
        const QDateTime retention = cert.notAfter().addYears(p.ca->years);
        // The holder as recorded now: what the journals print for this certificate from now on.
        auto holder = HolderSnapshot::take(reg.db(), *personId > 0 ? QVariant(*personId) : QVariant(),
                                           p.app.organisationId > 0 ? QVariant(p.app.organisationId) : QVariant(),
                                           applicationId, cert.subjectDisplay());
        if (!holder)
            return holder.error();
        auto ins = reg.db().insert(
            QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, person_id, organisation_id, profile, "
                           "not_before, not_after, key_media_serial, der, status, application_id, issued_by, "
                           "issued_at, replaces_certificate_id, retention_until, holder_snapshot, spki_sha256) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, 'valid', ?, ?, ?, ?, ?, ?, ?)"),
            {ca.id, serialHex, cert.subjectDisplay(), *personId > 0 ? QVariant(*personId) : QVariant(),
             p.app.organisationId > 0 ? QVariant(p.app.organisationId) : QVariant(), p.plans[i].profile.id(),
             toDbTime(cert.notBefore()), toDbTime(cert.notAfter()), out.mediaSerial, made->der, applicationId,
             by.operatorId, nowText, p.app.replacesId > 0 ? QVariant(p.app.replacesId) : QVariant(),
             toDbTime(retention), HolderSnapshot::column(holder), spki});
        if (!ins)
            return ins.error();
        const qint64 certificateId = ins->toLongLong();
        if (Status s = reg.rules().recordApplied(QStringLiteral("certificate"), certificateId, rules.tag()); !s)
            return s.error();
        out.recorded.push_back(Recorded{certificateId, serialHex, std::move(*made), retention});
    }
    QStringList serials;
    for (const Recorded& r : out.recorded)
        serials << r.serialHex;
    QDateTime retention = out.recorded.front().retention;
    for (const Recorded& r : out.recorded)
        retention = qMax(retention, r.retention);
    auto applicationDone =
        advanceApplication(reg.db(), by, p.app, p.plan, serials.join(QStringLiteral(", ")), retention, nowText);
    if (!applicationDone)
        return applicationDone.error();
    out.applicationDone = *applicationDone;

    // The audit events: the application done (when it is), then each certificate. Nothing between them
    // changes the application or its history, so their rows are read and hashed once for all of them.
    BoundRowHashes applicationRows;
    if (out.applicationDone) {
        const QString appSubject = !str(p.app.data, "iin").isEmpty()   ? str(p.app.data, "iin")
                                   : !str(p.app.data, "bin").isEmpty() ? str(p.app.data, "bin")
                                                                       : p.plan.holder;
        QJsonObject appDetails{{QStringLiteral("application"), applicationId},
                               {QStringLiteral("form"), p.app.formCode},
                               {QStringLiteral("certificate"), serials.front()}};
        if (serials.size() > 1)
            appDetails.insert(QStringLiteral("auth_certificate"), serials.at(1));
        auto appEvent = reg.audit().append(
            by.login, appSubject, QStringLiteral("application.done"), appDetails,
            {RowRef::row(QStringLiteral("applications"), applicationId),
             RowRef::rowsWhere(QStringLiteral("application_history"), QStringLiteral("application_id"), applicationId)},
            {}, &applicationRows);
        if (!appEvent)
            return appEvent.error();
    }
    for (std::size_t i = 0; i < out.recorded.size(); ++i) {
        const pki::Certificate& cert = *out.recorded[i].made.cert;
        QJsonObject details{{QStringLiteral("ca"), ca.code},
                            {QStringLiteral("application"), applicationId},
                            {QStringLiteral("profile"), p.plans[i].profile.id()},
                            {QStringLiteral("holder"), p.plan.holder},
                            {QStringLiteral("not_after"), toDbTime(cert.notAfter())},
                            {QStringLiteral("key"), p.keys[i].description},
                            {QStringLiteral("key_source"),
                             p.keys[i].generated ? QStringLiteral("generated_pkcs12") : QStringLiteral("csr")},
                            {QStringLiteral("rules"), rules.tag()}};
        if (!out.mediaSerial.isEmpty())
            details.insert(QStringLiteral("key_media_serial"), out.mediaSerial);
        if (p.plan.government) { // Rules::governmentIssuance
            details.insert(QStringLiteral("media_recipient"), options.mediaRecipient.toJson());
            if (!p.keys[i].generated)
                details.insert(QStringLiteral("outside_csr_reason"), options.outsideCsrReason.trimmed());
        }
        if (!out.replacedSerial.isEmpty())
            details.insert(QStringLiteral("replaces"), out.replacedSerial);
        if (p.plans[i].profile.role() != pki::LegalRole::None)
            details.insert(QStringLiteral("role"), p.plans[i].profile.roleIdString());
        // sign+auth: each event names the other certificate of the same application.
        if (out.recorded.size() > 1)
            details.insert(QStringLiteral("issued_with"), out.recorded[1 - i].serialHex);
        if (!p.plans[i].notes.isEmpty())
            details.insert(QStringLiteral("notes"), QJsonArray::fromStringList(p.plans[i].notes));
        // The holder's IIN/BIN in every holder-related event (seed 001).
        auto holderIds = HolderSnapshot::eventIds(reg.db(), out.recorded[i].id);
        if (!holderIds)
            return holderIds.error();
        for (auto it = holderIds->begin(); it != holderIds->end(); ++it)
            details.insert(it.key(), it.value());
        // The certificate and the application it advanced (retention, history) are bound to this event.
        auto ev = reg.audit().append(
            by.login, out.recorded[i].serialHex, QStringLiteral("certificate.issued"), details,
            {RowRef::row(QStringLiteral("certificates"), out.recorded[i].id),
             RulesBook::appliedRow(QStringLiteral("certificate"), out.recorded[i].id),
             RowRef::row(QStringLiteral("applications"), applicationId),
             RowRef::rowsWhere(QStringLiteral("application_history"), QStringLiteral("application_id"), applicationId)},
            cert.notAfter(), &applicationRows);
        if (!ev)
            return ev.error();
    }
    return out;
}

// After the commit: what the caller gets (the signing certificate first, the authentication one in
// alsoIssued).
IssueResult resultOf(const Prepared& p, const RecordedIssue& r) {
    std::vector<IssueResult> results;
    for (std::size_t i = 0; i < r.recorded.size(); ++i) {
        const pki::Certificate& cert = *r.recorded[i].made.cert;
        IssueResult result;
        result.certificateId = r.recorded[i].id;
        result.serialHex = r.recorded[i].serialHex;
        result.der = r.recorded[i].made.der;
        result.profile = p.plans[i].profile.id();
        result.role = p.plans[i].profile.roleIdString();
        result.subject = cert.subjectDisplay();
        result.notBefore = cert.notBefore();
        result.notAfter = cert.notAfter();
        result.notes = p.plans[i].notes;
        result.pkcs12 = r.recorded[i].made.pkcs12;
        result.keyMediaSerial = r.mediaSerial;
        result.replacedSerial = r.replacedSerial;
        result.applicationDone = r.applicationDone;
        result.pkcs12Written = p.writesKeyFile;
        results.push_back(std::move(result));
    }
    IssueResult first = std::move(results.front());
    for (std::size_t i = 1; i < results.size(); ++i)
        first.alsoIssued.push_back(std::move(results[i]));
    return first;
}

} // namespace tirkeu::registry::issuance
