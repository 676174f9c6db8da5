#include "registry/Revocations.h"
#include "forms/Validation.h"

#include "registry/FaultInjection.h"
#include "registry/Notifications.h"

#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CertificateQueries.h"
#include "registry/Database.h"
#include "registry/HolderSnapshot.h"
#include "registry/Internal.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/SignedRevocationRequests.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace tirkeu::registry {

bool Revocations::reasonFits(int reason, const QString& profile) {
    if (reason != kCaCompromise && reason != kAaCompromise)
        return true;
    return profile == u"subordinate_ca" || profile == u"root_ca";
}

using detail::str;

// ---- reasons, bases and what a form names ----

int Revocations::reasonFromName(const QString& nameOrNumber) {
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

QString Revocations::reasonName(int code) {
    static const char* const names[] = {"unspecified",         "key_compromise", "ca_compromise",
                                        "affiliation_changed", "superseded",     "cessation_of_operation",
                                        "certificate_hold",    nullptr,          "remove_from_crl",
                                        "privilege_withdrawn", "aa_compromise"};
    if (code < 0 || code > 10 || !names[code])
        return {};
    return QString::fromLatin1(names[code]);
}

QStringList Revocations::basisKinds() {
    return {QStringLiteral("holder_application"), QStringLiteral("court_decision"), QStringLiteral("ca_termination"),
            QStringLiteral("holder_left_job")};
}

int Revocations::reasonOfForm(const QString& formReason) {
    // The Government Bodies CA's "damaged key media" is not an RFC 5280 reason: published as unspecified.
    if (formReason == u"damaged_key_media" || formReason.isEmpty())
        return 0;
    const int code = reasonFromName(formReason);
    return code < 0 ? 0 : code;
}

QList<RevocationTarget> Revocations::revocationTargets(const QJsonObject& data) {
    QList<QJsonObject> rows;
    if (data.contains(QStringLiteral("persons"))) {
        for (const QJsonValue& v : data.value(QStringLiteral("persons")).toArray())
            rows << v.toObject();
    } else {
        rows << data;
    }
    QList<RevocationTarget> out;
    for (const QJsonObject& row : rows) {
        const QString serial = str(row, "cert_serial");
        if (!serial.isEmpty())
            out << RevocationTarget{
                serial, reasonOfForm(!str(row, "reason").isEmpty() ? str(row, "reason") : str(data, "reason"))};
    }
    return out;
}

QString Revocations::publishDir(const CaRecord& ca) {
    return CrlPublisher::publishDir(ca);
}

bool Revocations::publishesAtOnce(const CaRecord& ca, int reasonCode) {
    return (reasonCode == kKeyCompromise || reasonCode == kCaCompromise) && !publishDir(ca).isEmpty();
}

// ---- the one revocation path ----

Result<RevokeRequest> Revocations::checked(const RevokeRequest& request, const CaRecord& ca) {
    const int reason = request.reasonCode;
    if (reason < 0 || reason > 10 || reason == 7)
        return makeError(ErrorCode::Invalid,
                         tr("%1 is not an RFC 5280 revocation reason code (0 to 10, except 7).").arg(reason));
    if (reason == kRemoveFromCrl)
        return makeError(ErrorCode::Invalid, tr("remove_from_crl only takes a certificate off hold in a delta CRL; it "
                                                "is not a reason to revoke."));
    // certificateHold (6) only where the CA allows holds (ca set hold_allowed=false turns them off).
    if (reason == 6 && !ca.settings.value(QStringLiteral("hold_allowed")).toBool(true))
        return makeError(ErrorCode::Invalid, tr("The CA %1 does not put certificates on hold (hold_allowed is false): "
                                                "revoke with a final reason instead.")
                                                 .arg(ca.code));
    if (!basisKinds().contains(request.basisKind))
        return makeError(ErrorCode::Invalid, tr("Unknown basis of revocation %1: use %2.")
                                                 .arg(request.basisKind, basisKinds().join(QStringLiteral(", "))));
    if (const QString why = forms::Validator::forbiddenCharacterIn(request.basisDocument, tr("Basis document"));
        !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    if (request.basisDocument.trimmed().size() > kMaxBasisDocument)
        return makeError(ErrorCode::Invalid, tr("The basis document takes at most %1 characters (%2 given).")
                                                 .arg(kMaxBasisDocument)
                                                 .arg(request.basisDocument.trimmed().size()));
    // A court decision or the CA's termination is a document: its number and date are the journal's basis column
    // (attack of session 32, B10: "Court decision" was printed with nothing to find it by).
    if ((request.basisKind == u"court_decision" || request.basisKind == u"ca_termination") &&
        request.basisDocument.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("A revocation on the basis %1 names its document (number and date): "
                                                "give the basis document.")
                                                 .arg(request.basisKind));
    auto serial = CertificateQueries::normaliseSerial(request.serial);
    if (!serial)
        return serial.error();
    const QDateTime now = m_reg.clock().now();
    const QDateTime revokedAt = request.revokedAt.isValid() ? request.revokedAt.toUTC() : now;
    if (revokedAt > now.addSecs(300))
        return makeError(ErrorCode::Invalid, tr("The revocation time cannot be in the future."));
    if (request.invalidityDate.isValid()) {
        const QDateTime invalidity = request.invalidityDate.toUTC();
        if (reason == kCertificateHold)
            return makeError(ErrorCode::Invalid, tr("A hold does not say since when the key is invalid: give no "
                                                    "invalidity date with certificate_hold."));
        if (invalidity > now)
            return makeError(ErrorCode::Invalid,
                             tr("The invalidity date %1 is in the future: it is when the key is known or suspected "
                                "to have been compromised.")
                                 .arg(invalidity.toString(Qt::ISODate)));
        if (invalidity > revokedAt)
            return makeError(ErrorCode::Invalid,
                             tr("The invalidity date %1 is after the revocation time %2: the key "
                                "became invalid before it was revoked, not after.")
                                 .arg(invalidity.toString(Qt::ISODate), revokedAt.toString(Qt::ISODate)));
    }
    RevokeRequest out = request;
    out.caCode = ca.code;
    out.serial = *serial;
    out.revokedAt = revokedAt;
    return out;
}

Result<std::shared_ptr<Revocations::Publication>>
Revocations::carryOut(const Session& by, const CaRecord& ca, QList<RevokeRequest> requests,
                      const std::optional<pki::SecretSource>& caKeySecret, const Step& before, const Step& after) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s.error();
    bool compromise = false;
    bool fullCrl = false; // a CA compromise: the whole CRL at once, not a delta
    for (RevokeRequest& r : requests) {
        auto ok = checked(r, ca);
        if (!ok)
            return ok.error();
        r = *ok;
        compromise = compromise || publishesAtOnce(ca, r.reasonCode);
        fullCrl = fullCrl || (publishesAtOnce(ca, r.reasonCode) && r.reasonCode == kCaCompromise);
    }
    auto years = detail::recordYears(m_reg, ca);
    if (!years)
        return years.error();
    // A CRL due at once must be possible before anything is written: right, folder and CA key.
    if (compromise && caKeySecret) {
        if (Status s = Roles::require(by, Permission::PublishCrl); !s)
            return s.error();
        if (!QFileInfo(publishDir(ca)).isDir())
            return makeError(ErrorCode::Io,
                             tr("The CA %1 publishes its CRLs into %2, which does not exist; nothing was revoked.")
                                 .arg(ca.code, publishDir(ca)));
        auto key = m_reg.keyring().signer(ca, *caKeySecret); // kept unlocked for the publication
        if (!key)
            return makeError(key.code(),
                             tr("The CA key could not be unlocked, so nothing was revoked: %1").arg(key.message()));
    }

    auto publication = std::make_shared<Publication>();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    const auto failed = [&tx](const Error& e) {
        tx.fail(e);
        return e;
    };
    if (before) {
        if (Status s = before(requests); !s)
            return failed(s.error());
    }
    for (const RevokeRequest& r : std::as_const(requests)) {
        if (Status s = record(by, ca, r, *years); !s)
            return failed(s.error());
        // The CRL this compromise makes due is owed from this very commit until a publication covers
        // it (CrlPublisher settles it): a failure or a crash after the commit cannot lose it.
        if (publishesAtOnce(ca, r.reasonCode)) {
            auto owed = m_reg.db().exec(QStringLiteral("INSERT INTO crl_owed (ca_id, serial, reason_code, recorded_at) "
                                                       "VALUES (?, ?, ?, ?)"),
                                        {ca.id, r.serial, r.reasonCode, toDbTime(m_reg.clock().now())});
            if (!owed)
                return failed(owed.error());
        }
    }
    if (after) {
        if (Status s = after(requests); !s)
            return failed(s.error());
    }
    // Key compromise: relying parties must learn it before the next scheduled CRL — once the
    // revocations are really recorded, never before.
    if (compromise) {
        if (!caKeySecret) {
            publication->problem =
                fullCrl ? tr("No CA key passphrase was given: publish the CRL now (Certificates → Publish CRL…, or "
                             "the command crl publish).")
                        : tr("No CA key passphrase was given: publish the delta CRL now (Certificates → Publish CRL…, "
                             "or the command crl publish --delta).");
        } else {
            if (tx.joined())
                publication->problem = tr("The delta CRL is published when the enclosing change is recorded.");
            // The hook may outlive this object (a joined transaction): it holds the register only.
            m_reg.db().afterCommit([reg = &m_reg, by, caId = ca.id, secret = *caKeySecret, publication, fullCrl] {
                faultPoint("revoke-before-crl"); // committed; the CRL is owed (crl_owed)
                publication->problem.clear();
                auto current = reg->cas().find(caId);
                if (!current) {
                    publication->problem =
                        (fullCrl ? tr("The CRL was not published: %1") : tr("The delta CRL was not published: %1"))
                            .arg(current.message());
                    return;
                }
                auto published = CrlPublisher(*reg).publishAfterCompromise(by, *current, secret, fullCrl);
                if (published)
                    publication->crl = *published;
                else
                    publication->problem =
                        (fullCrl ? tr("The CRL was not published: %1") : tr("The delta CRL was not published: %1"))
                            .arg(published.message());
            });
        }
    }
    if (Status s = tx.commit(); !s)
        return s.error();
    return publication;
}

Status Revocations::record(const Session& by, const CaRecord& ca, const RevokeRequest& request, int years) {
    const int reason = request.reasonCode;
    const QString& serialHex = request.serial;
    const QDateTime& revokedAt = request.revokedAt;
    const QDateTime now = m_reg.clock().now();
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT id, status, not_before, profile, not_after FROM certificates WHERE ca_id = ? AND "
                       "serial = ?"),
        {ca.id, serialHex});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound,
                         tr("The CA %1 has no certificate with the serial number %2.").arg(ca.code, serialHex));
    const qint64 certificateId = q->value(0).toLongLong();
    // A certificate on hold is revoked for good (RFC 5280 §5.3.1: a hold may end in a revocation) without ever
    // leaving the CRLs: the hold is superseded in this transaction (attack of session 32, B1: the only way was a
    // release, and OCSP said "good" and a delta removed it before the key compromise was recorded).
    QVariantList heldRow;
    if (q->value(1).toString() == u"revoked") {
        auto held = m_reg.db().row(QStringLiteral("SELECT id, reason_code, revoked_at, recorded_at, recorded_by, "
                                                  "basis_kind, coalesce(basis_document, '') FROM revocations WHERE "
                                                  "certificate_id = ?"),
                                   {certificateId});
        if (!held)
            return held.error();
        if (held->isEmpty() || held->at(1).toInt() != kCertificateHold || reason == kCertificateHold)
            return makeError(ErrorCode::Conflict, tr("The certificate %1 is already revoked.").arg(serialHex));
        if (revokedAt < fromDbTime(held->at(2).toString()))
            return makeError(ErrorCode::Invalid,
                             tr("The certificate %1 is on hold since %2: its revocation is not dated before that.")
                                 .arg(serialHex, displayDateTime(fromDbTime(held->at(2).toString()), true)));
        heldRow = *held;
    }
    // aACompromise (10) concerns an attribute authority: never the reason for a holder's certificate.
    const QString profile = q->value(3).toString();
    if (reason == kAaCompromise && !reasonFits(reason, profile))
        return makeError(ErrorCode::Invalid, tr("aa_compromise is for attribute authorities; the certificate %1 is an "
                                                "end-entity certificate (%2): use key_compromise.")
                                                 .arg(serialHex, profile));
    // cACompromise says the issuing CA's key is compromised: a CA's certificate is revoked for it at its parent.
    // On a holder's certificate it would tell relying parties the wrong story (attack of session 24, F7).
    if (reason == kCaCompromise && !reasonFits(reason, profile))
        return makeError(ErrorCode::Invalid,
                         tr("ca_compromise is for a CA's certificate, revoked at its parent; the certificate %1 is an "
                            "end-entity certificate (%2): use key_compromise for a compromised key.")
                             .arg(serialHex, profile));
    const QDateTime notBefore = fromDbTime(q->value(2).toString());
    const QDateTime notAfter = fromDbTime(q->value(4).toString());
    if (revokedAt < notBefore)
        return makeError(ErrorCode::Invalid, tr("The revocation time is before the certificate was issued."));
    // A certificate cannot become invalid before it is valid: a key compromised before the certificate was
    // issued makes it invalid from its first moment (attack of session 24, F11: 0001-01-01 reached the CRL).
    if (request.invalidityDate.isValid() && request.invalidityDate.toUTC() < notBefore)
        return makeError(
            ErrorCode::Invalid,
            tr("The invalidity date %1 is before the certificate %2 became valid (%3). If the key was "
               "compromised before that, give the beginning of the certificate's validity.")
                .arg(displayDateTime(request.invalidityDate, true), serialHex, displayDateTime(notBefore, true)));
    if (request.applicationId > 0) {
        if (Status s = m_reg.applications().checkRevocationBasis(ca.id, request.applicationId, serialHex, reason); !s)
            return s;
    }
    if (!heldRow.isEmpty()) {
        // The hold's row, kept whole in hold_releases (released by this revocation), then removed: the new
        // revocation takes its place; one certificate.released event says so (superseded_by), as a release does.
        const QString heldAt = heldRow.at(2).toString();
        auto kept = endHold(by, ca.id, certificateId, serialHex,
                            {heldRow.at(0), heldRow.at(2), heldRow.at(3), heldRow.at(4), heldRow.at(5), heldRow.at(6)},
                            request.basisKind, request.basisDocument.trimmed(), now);
        if (!kept)
            return kept.error();
        const qint64 releaseId = *kept;
        QJsonObject details{{QStringLiteral("ca"), ca.code},
                            {QStringLiteral("held_at"), heldAt},
                            {QStringLiteral("basis"), request.basisKind},
                            {QStringLiteral("released_at"), toDbTime(now)},
                            {QStringLiteral("superseded_by"), reasonName(reason)}};
        auto ev = m_reg.audit().append(by.login, serialHex, QStringLiteral("certificate.released"), details,
                                       {RowRef::row(QStringLiteral("certificates"), certificateId),
                                        RowRef::row(QStringLiteral("hold_releases"), releaseId),
                                        RowRef::row(QStringLiteral("revocations"), heldRow.at(0).toLongLong())});
        if (!ev)
            return ev.error();
    }
    // The holder as recorded at the revocation: what the journals print for it from now on.
    auto holder = HolderSnapshot::ofCertificate(m_reg.db(), certificateId);
    if (!holder)
        return holder.error();
    // The id is above every revocation id used so far, also of a hold released since (its row is deleted):
    // a delta CRL lists the revocations above its base's highest id (CrlPublisher). SQLite would hand out
    // a deleted highest id again; PostgreSQL's identity never does (NULL there: its default).
    const QString id = m_reg.db().sqlite() ? QStringLiteral("(SELECT max(i) + 1 FROM (SELECT max(id) AS i FROM "
                                                            "revocations UNION ALL SELECT max(revocation_id) FROM "
                                                            "hold_releases))")
                                           : QStringLiteral("DEFAULT");
    auto ins = m_reg.db().exec(
        QStringLiteral("INSERT INTO revocations (id, certificate_id, ca_id, serial, reason_code, basis_kind, "
                       "basis_document, application_id, revoked_at, recorded_at, recorded_by, holder_snapshot) "
                       "VALUES (") +
            id + QStringLiteral(", ?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?)"),
        {certificateId, ca.id, serialHex, reason, request.basisKind, request.basisDocument.trimmed(),
         request.applicationId > 0 ? QVariant(request.applicationId) : QVariant(), toDbTime(revokedAt), toDbTime(now),
         by.operatorId, HolderSnapshot::column(holder)});
    if (!ins)
        return ins.error();
    const qint64 revocationId = ins->lastInsertId().toLongLong();
    // Then status and retention, in one statement: the database allows a shorter retention only so, with the
    // revocation recorded and the retention not ending before the revocation's (migration 22).
    // Kept the record years after the revocation, and never less than until the certificate ends: it stays on the
    // CRLs until then (the sweep also waits for its end; attack of session 32, B13).
    const QDateTime retention = qMax(revokedAt.addYears(years), notAfter);
    auto up =
        m_reg.db().exec(QStringLiteral("UPDATE certificates SET status = 'revoked', retention_until = ? WHERE id = ?"),
                        {toDbTime(retention), certificateId});
    if (!up)
        return up.error();
    QList<RowRef> bound{RowRef::row(QStringLiteral("certificates"), certificateId),
                        RowRef::row(QStringLiteral("revocations"), revocationId)};
    // The invalidity date in a table of its own: the revocations rows (and their hashes) stay as they were.
    if (request.invalidityDate.isValid()) {
        auto inv = m_reg.db().exec(QStringLiteral("INSERT INTO revocation_invalidity (revocation_id, serial, "
                                                  "invalidity_date) VALUES (?, ?, ?)"),
                                   {revocationId, serialHex, toDbTime(request.invalidityDate.toUTC())});
        if (!inv)
            return inv.error();
        bound << RowRef::row(QStringLiteral("revocation_invalidity"), revocationId);
    }
    QJsonObject details{{QStringLiteral("ca"), ca.code},
                        {QStringLiteral("reason"), reasonName(reason)},
                        {QStringLiteral("reason_code"), reason},
                        {QStringLiteral("basis"), request.basisKind},
                        {QStringLiteral("revoked_at"), toDbTime(revokedAt)}};
    if (request.invalidityDate.isValid())
        details.insert(QStringLiteral("invalidity_date"), toDbTime(request.invalidityDate.toUTC()));
    if (!request.basisDocument.trimmed().isEmpty())
        details.insert(QStringLiteral("basis_document"), request.basisDocument.trimmed());
    if (request.applicationId > 0)
        details.insert(QStringLiteral("application"), request.applicationId);
    // The holder's IIN/BIN in every holder-related event (seed 001).
    auto holderIds = HolderSnapshot::eventIds(m_reg.db(), certificateId);
    if (!holderIds)
        return holderIds.error();
    for (auto it = holderIds->begin(); it != holderIds->end(); ++it)
        details.insert(it.key(), it.value());
    // The holder's notice, in this same transaction: queued only if the revocation is recorded, and
    // named in its event.
    auto notice = Notifications::queueRevocation(m_reg, certificateId, ca.code, serialHex, reason, revokedAt);
    if (!notice)
        return notice.error();
    if (*notice) {
        details.insert(QStringLiteral("notice"), (*notice)->id);
        details.insert(QStringLiteral("notice_to"), (*notice)->recipient);
        details.insert(QStringLiteral("notice_sha256"), (*notice)->digest);
    }
    // The certificate's new status and retention and the revocation row are bound to this event.
    auto ev =
        m_reg.audit().append(by.login, serialHex, QStringLiteral("certificate.revoked"), details, bound, revokedAt);
    if (!ev)
        return ev.error();
    return {};
}

// ---- lifting a hold ----

Status Revocations::release(const Session& by, const ReleaseRequest& request) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s;
    auto ca = m_reg.cas().find(request.caCode);
    if (!ca)
        return ca.error();
    if (!basisKinds().contains(request.basisKind))
        return makeError(ErrorCode::Invalid, tr("Unknown basis of revocation %1: use %2.")
                                                 .arg(request.basisKind, basisKinds().join(QStringLiteral(", "))));
    if (const QString why = forms::Validator::forbiddenCharacterIn(request.basisDocument, tr("Basis document"));
        !why.isEmpty())
        return makeError(ErrorCode::Invalid, why);
    const QString basisDocument = request.basisDocument.trimmed();
    if (basisDocument.size() > kMaxBasisDocument)
        return makeError(ErrorCode::Invalid, tr("The basis document takes at most %1 characters (%2 given).")
                                                 .arg(kMaxBasisDocument)
                                                 .arg(basisDocument.size()));
    auto serial = CertificateQueries::normaliseSerial(request.serial);
    if (!serial)
        return serial.error();
    auto years = detail::recordYears(m_reg, *ca);
    if (!years)
        return years.error();

    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    const auto failed = [&tx](const Error& e) -> Status {
        tx.fail(e);
        return e;
    };
    auto q = m_reg.db().exec(
        QStringLiteral("SELECT c.id, c.status, c.not_after, r.id, r.reason_code, r.revoked_at, r.recorded_at, "
                       "r.recorded_by, r.basis_kind, coalesce(r.basis_document, ''), c.profile, c.person_id, "
                       "coalesce(p.iin, '') FROM certificates c LEFT JOIN revocations r ON r.certificate_id = c.id "
                       "LEFT JOIN persons p ON p.id = c.person_id WHERE c.ca_id = ? AND c.serial = ?"),
        {ca->id, *serial});
    if (!q)
        return failed(q.error());
    if (!q->next())
        return failed(makeError(ErrorCode::NotFound,
                                tr("The CA %1 has no certificate with the serial number %2.").arg(ca->code, *serial)));
    const qint64 certificateId = q->value(0).toLongLong();
    if (q->value(1).toString() != u"revoked" || q->value(3).isNull())
        return failed(makeError(ErrorCode::Conflict,
                                tr("The certificate %1 is not on hold: only a certificate held (certificate_hold) "
                                   "is released.")
                                    .arg(*serial)));
    if (q->value(4).toInt() != kCertificateHold)
        return failed(
            makeError(ErrorCode::Conflict, tr("The certificate %1 is revoked for %2, which is final: only a hold "
                                              "(certificate_hold) is released.")
                                               .arg(*serial, reasonName(q->value(4).toInt()))));
    const qint64 revocationId = q->value(3).toLongLong();
    const QDateTime now = m_reg.clock().now();
    const QString heldAt = q->value(5).toString();
    // Valid again only where the holder has no other key at a CA of one key per holder (the issuance's rule; the
    // same profile as the database's guard of migration 4).
    if (q->value(10).toString() == u"government_employee") {
        if (Status s = Rules::oneKeyPerHolder(m_reg.db(), ca->id, q->value(11).toLongLong(), q->value(12).toString(),
                                              now, certificateId);
            !s)
            return failed(s.error());
    }
    // The hold's row, kept whole, then removed from the revocations: the certificate leaves the CRLs.
    auto kept = endHold(by, ca->id, certificateId, *serial,
                        {revocationId, heldAt, q->value(6), q->value(7), q->value(8), q->value(9)}, request.basisKind,
                        basisDocument, now);
    if (!kept)
        return failed(kept.error());
    const qint64 releaseId = *kept;
    // Valid again, kept as long as a valid certificate is (the hold had shortened nothing it may not).
    const QString retention = toDbTime(fromDbTime(q->value(2).toString()).addYears(*years));
    auto up = m_reg.db().exec(QStringLiteral("UPDATE certificates SET status = 'valid', retention_until = CASE WHEN "
                                             "retention_until < ? THEN ? ELSE retention_until END WHERE id = ?"),
                              {retention, retention, certificateId});
    if (!up)
        return failed(up.error());
    QJsonObject details{{QStringLiteral("ca"), ca->code},
                        {QStringLiteral("held_at"), heldAt},
                        {QStringLiteral("basis"), request.basisKind},
                        {QStringLiteral("released_at"), toDbTime(now)}};
    if (!basisDocument.isEmpty())
        details.insert(QStringLiteral("basis_document"), basisDocument);
    // Explains every change: the certificate valid again, the hold moved to hold_releases, its
    // revocations row gone.
    auto ev = m_reg.audit().append(by.login, *serial, QStringLiteral("certificate.released"), details,
                                   {RowRef::row(QStringLiteral("certificates"), certificateId),
                                    RowRef::row(QStringLiteral("hold_releases"), releaseId),
                                    RowRef::row(QStringLiteral("revocations"), revocationId)});
    if (!ev)
        return failed(ev.error());
    return tx.commit();
}

Result<qint64> Revocations::endHold(const Session& by, qint64 caId, qint64 certificateId, const QString& serial,
                                    const QVariantList& hold, const QString& basisKind, const QString& basisDocument,
                                    const QDateTime& now) {
    auto kept = m_reg.db().exec(
        QStringLiteral("INSERT INTO hold_releases (revocation_id, certificate_id, ca_id, serial, held_at, "
                       "hold_recorded_at, hold_recorded_by, hold_basis_kind, hold_basis_document, released_at, "
                       "recorded_by, basis_kind, basis_document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, "
                       "?, ?, nullif(?, ''))"),
        {hold.at(0).toLongLong(), certificateId, caId, serial, hold.at(1).toString(), hold.at(2).toString(),
         hold.at(3).toLongLong(), hold.at(4).toString(), hold.at(5).toString(), toDbTime(now), by.operatorId, basisKind,
         basisDocument});
    if (!kept)
        return kept.error();
    auto removed = m_reg.db().exec(QStringLiteral("DELETE FROM revocations WHERE id = ?"), {hold.at(0).toLongLong()});
    if (!removed)
        return removed.error();
    return kept->lastInsertId().toLongLong();
}

// ---- the three ways in ----

Status Revocations::revoke(const Session& by, const RevokeRequest& request, RevokeOutcome* outcome) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s;
    auto ca = m_reg.cas().find(request.caCode);
    if (!ca)
        return ca.error();
    auto done = carryOut(by, *ca, {request}, request.caKeySecret);
    if (!done)
        return done.error();
    if (outcome) {
        auto serial = CertificateQueries::normaliseSerial(request.serial);
        outcome->serial = serial ? *serial : request.serial;
        outcome->delta = (*done)->crl;
        outcome->deltaProblem = (*done)->problem;
    }
    return {};
}

Result<FormRevocationResult> Revocations::revokeFromApplication(const Session& by, qint64 applicationId,
                                                                const std::optional<pki::SecretSource>& caKeySecret) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s.error();
    auto app = m_reg.db().exec(
        QStringLiteral("SELECT a.purpose, a.status, a.data, a.form_code, c.code, coalesce(a.basis_letter_no, '') "
                       "FROM applications a JOIN cas c ON c.id = a.ca_id WHERE a.id = ?"),
        {applicationId});
    if (!app)
        return app.error();
    if (!app->next())
        return makeError(ErrorCode::NotFound, tr("There is no application number %1.").arg(applicationId));
    if (app->value(0).toString() != u"revoke")
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 is not an application for revocation.").arg(applicationId));
    if (app->value(1).toString() != u"approved")
        return makeError(ErrorCode::Conflict,
                         tr("Application %1 is not approved: a revocation application is carried out after another "
                            "officer approved it.")
                             .arg(applicationId));
    const QJsonObject data = QJsonDocument::fromJson(app->value(2).toString().toUtf8()).object();
    FormRevocationResult result;
    result.caCode = app->value(4).toString();
    const QString letter = app->value(5).toString();

    QList<RevokeRequest> requests;
    for (const RevocationTarget& t : revocationTargets(data)) {
        RevokeRequest r;
        r.caCode = result.caCode;
        r.serial = t.serial;
        r.reasonCode = t.reasonCode;
        r.basisKind = QStringLiteral("holder_application");
        r.basisDocument = letter.isEmpty() ? tr("application %1").arg(applicationId)
                                           : tr("application %1, letter %2").arg(applicationId).arg(letter);
        r.applicationId = applicationId;
        requests << r;
        result.serials << t.serial;
        result.reasonCodes << t.reasonCode;
    }
    if (requests.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("Application %1 names no certificate serial number to revoke.").arg(applicationId));
    auto ca = m_reg.cas().find(result.caCode);
    if (!ca)
        return ca.error();
    // One CRL for all the compromised keys of this application, after the commit.
    auto done = carryOut(by, *ca, requests, caKeySecret, {}, [&](QList<RevokeRequest>& checkedRequests) -> Status {
        result.serials.clear();
        for (const RevokeRequest& r : std::as_const(checkedRequests))
            result.serials << r.serial;
        return m_reg.applications().markDone(by, applicationId,
                                             tr("revoked: %1").arg(result.serials.join(QStringLiteral(", "))));
    });
    if (!done)
        return done.error();
    result.crl = (*done)->crl;
    result.crlProblem = (*done)->problem;
    return result;
}

Result<SignedRevocationResult> Revocations::revokeSigned(const Session& by, const QByteArray& cms,
                                                         const QString& caCode,
                                                         const std::optional<pki::SecretSource>& caKeySecret) {
    if (Status s = Roles::require(by, Permission::RevokeCertificate); !s)
        return s.error();
    if (Status s = Roles::require(by, Permission::RegisterApplication); !s)
        return s.error();
    auto request = SignedRevocationRequests(m_reg).verify(cms, caCode);
    if (!request)
        return request.error();
    const QDateTime now = m_reg.clock().now();
    auto ca = m_reg.cas().find(request->caCode);
    if (!ca)
        return ca.error();
    auto years = detail::recordYears(m_reg, *ca);
    if (!years)
        return years.error();

    SignedRevocationResult result{0,
                                  request->caCode,
                                  request->targetSerial,
                                  request->signerSerial,
                                  request->holder,
                                  request->formCode,
                                  request->reasonCode,
                                  request->cmsSha256,
                                  {},
                                  {}};
    RevokeRequest r;
    r.caCode = ca->code;
    r.serial = request->targetSerial;
    r.reasonCode = request->reasonCode;
    r.basisKind = QStringLiteral("holder_application");
    r.revokedAt = now;
    // Register the application and finish it, then revoke: all in one transaction.
    const auto registerApplication = [&](QList<RevokeRequest>& requests) -> Status {
        forms::Submission submission;
        submission.data = request->data;
        auto applicationId = m_reg.applications().submit(by, ca->code, request->formCode, submission, now);
        if (!applicationId)
            return makeError(applicationId.code(),
                             tr("The signed revocation request is refused: %1").arg(applicationId.message()));
        result.applicationId = *applicationId;
        const QString nowText = toDbTime(now);
        const QString note = tr("electronic application signed with certificate %1; certificate %2 revoked")
                                 .arg(request->signerSerial, request->targetSerial);
        auto done = m_reg.db().exec(QStringLiteral("UPDATE applications SET status = 'done', completed_at = ?, "
                                                   "completed_by = ?, retention_until = greatest(retention_until, ?) "
                                                   "WHERE id = ? AND status = 'registered'"),
                                    {nowText, by.operatorId, toDbTime(now.addYears(*years)), *applicationId});
        if (!done)
            return done.error();
        auto hist = m_reg.db().exec(QStringLiteral("INSERT INTO application_history (application_id, status, at, "
                                                   "operator_id, note) VALUES (?, 'done', ?, ?, ?)"),
                                    {*applicationId, nowText, by.operatorId, note});
        if (!hist)
            return hist.error();
        for (RevokeRequest& each : requests) {
            each.applicationId = *applicationId;
            each.basisDocument =
                tr("electronic application %1, CMS SHA-256 %2").arg(*applicationId).arg(request->cmsSha256);
        }
        return {};
    };
    const auto applicationDone = [&](QList<RevokeRequest>&) -> Status {
        QJsonObject details{{QStringLiteral("application"), result.applicationId},
                            {QStringLiteral("form"), request->formCode},
                            {QStringLiteral("ca"), ca->code},
                            {QStringLiteral("certificate"), request->targetSerial},
                            {QStringLiteral("signer_certificate"), request->signerSerial},
                            {QStringLiteral("cms_sha256"), request->cmsSha256}};
        if (request->signingTime.isValid())
            details.insert(QStringLiteral("signing_time"), toDbTime(request->signingTime));
        auto ev = m_reg.audit().append(by.login, request->holder, QStringLiteral("application.done"), details,
                                       {RowRef::row(QStringLiteral("applications"), result.applicationId),
                                        RowRef::rowsWhere(QStringLiteral("application_history"),
                                                          QStringLiteral("application_id"), result.applicationId)});
        if (!ev)
            return ev.error();
        return {};
    };
    auto done = carryOut(by, *ca, {r}, caKeySecret, registerApplication, applicationDone);
    if (!done)
        return done.error();
    result.delta = (*done)->crl;
    result.deltaProblem = (*done)->problem;
    return result;
}

} // namespace tirkeu::registry
