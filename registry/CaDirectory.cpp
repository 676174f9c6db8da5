#include "registry/CaDirectory.h"

#include "forms/Validation.h"

#include "pki/CaCertificateCheck.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/SubjectName.h"

#include "registry/CrlPartitions.h"
#include "registry/Database.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace tirkeu::registry {

namespace {
const char kColumns[] =
    "id, code, name, kind, coalesce(parent_id, 0), settings, key_uri, certificate_der, created_at, terminated_at";

// The register's own entries among a CA's settings: a subordinate CA's key waiting for its certificate
// (written by ca init --subordinate, removed by ca import-cert). checkSettings carries them over; a user
// never sets them (updateSettings refuses them as unknown keys). Attack of session 27, F5.
bool isInternalCaSetting(const QString& key) {
    return key == u"pending_csr" || key == u"pending_key_fingerprint";
}

CaRecord recordFrom(const QSqlQuery& q) {
    CaRecord r;
    r.id = q.value(0).toLongLong();
    r.code = q.value(1).toString();
    r.name = q.value(2).toString();
    forms::caKindFromId(q.value(3).toString(), &r.kind);
    r.parentId = q.value(4).toLongLong();
    // Stored settings over the defaults: a CA registered before a setting existed reads its default.
    r.settings = CaDirectory::defaultSettings();
    const QJsonObject stored = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    for (auto it = stored.begin(); it != stored.end(); ++it)
        r.settings.insert(it.key(), it.value());
    r.keyUri = q.value(6).toString();
    r.certificateDer = q.value(7).toByteArray();
    r.createdAt = fromDbTime(q.value(8).toString());
    if (!q.value(9).isNull())
        r.terminatedAt = fromDbTime(q.value(9).toString());
    return r;
}
} // namespace

QJsonObject CaDirectory::defaultSettings() {
    // National CA practice (FACTS.md): full CRL about daily with nextUpdate ~27 h, delta every few hours;
    // a root CA signs CRLs rarely (offline key): a month by default.
    return {{QStringLiteral("crl_period_hours"), 27},
            {QStringLiteral("delta_period_hours"), 8},
            {QStringLiteral("root_crl_period_hours"), 720},
            {QStringLiteral("cdp_url"), QString()},
            {QStringLiteral("freshest_url"), QString()},
            {QStringLiteral("aia_url"), QString()},
            {QStringLiteral("ocsp_url"), QString()},
            {QStringLiteral("cps_uri"), QString()},
            {QStringLiteral("subca_policy_oids"), QString()},
            {QStringLiteral("subject_layout"), pki::SubjectName::defaultCaLayout().join(u',')},
            {QStringLiteral("subject_organisation"), QString()},
            {QStringLiteral("hold_allowed"), true},
            {QStringLiteral("publish_dir"), QString()},
            {QStringLiteral("crl_event_log_oid"), QString()},
            {QStringLiteral("crl_partition"), QStringLiteral("none")},
            {QStringLiteral("crl_partition_min_bytes"), 0}};
}

QStringList CaDirectory::settingKeys() {
    QStringList keys = defaultSettings().keys();
    keys.sort();
    return keys;
}

QString CaDirectory::canonicalSettingKey(const QString& key) {
    const QString k = key.trimmed().toLower();
    if (k == u"crl_url")
        return QStringLiteral("cdp_url");
    if (k == u"delta_crl_url")
        return QStringLiteral("freshest_url");
    if (k == u"ca_issuers_url")
        return QStringLiteral("aia_url");
    return k;
}

Result<QJsonValue> CaDirectory::parseSettingValue(const QString& key, const QString& text) {
    const QString k = canonicalSettingKey(key);
    const QJsonObject defaults = defaultSettings();
    if (!defaults.contains(k))
        return makeError(
            ErrorCode::Invalid,
            tr("Unknown CA setting: %1. Known settings: %2.").arg(key, settingKeys().join(QStringLiteral(", "))));
    const QJsonValue model = defaults.value(k);
    const QString t = text.trimmed();
    if (model.isDouble()) {
        bool ok = false;
        const int n = t.toInt(&ok);
        if (!ok && k == u"crl_partition_min_bytes")
            return makeError(ErrorCode::Invalid, tr("%1 must be a whole number of bytes: %2").arg(k, text));
        if (!ok)
            return makeError(ErrorCode::Invalid, tr("%1 must be a whole number of hours: %2").arg(k, text));
        return QJsonValue(n);
    }
    if (model.isBool()) {
        const QString l = t.toLower();
        if (l == u"true" || l == u"yes" || l == u"1" || l == u"on")
            return QJsonValue(true);
        if (l == u"false" || l == u"no" || l == u"0" || l == u"off")
            return QJsonValue(false);
        return makeError(ErrorCode::Invalid, tr("%1 is true or false: %2").arg(k, text));
    }
    return QJsonValue(t);
}

Status CaDirectory::checkSettings(const QJsonObject& merged) {
    const QJsonObject defaults = defaultSettings();
    for (auto it = merged.begin(); it != merged.end(); ++it) {
        if (isInternalCaSetting(it.key()))
            continue;
        if (!defaults.contains(it.key()))
            return makeError(ErrorCode::Invalid, tr("Unknown CA setting: %1. Known settings: %2.")
                                                     .arg(it.key(), settingKeys().join(QStringLiteral(", "))));
        const QJsonValue model = defaults.value(it.key());
        if (model.isDouble() && !it.value().isDouble())
            return makeError(ErrorCode::Invalid, tr("%1 must be a whole number of hours.").arg(it.key()));
        if (model.isBool() && !it.value().isBool())
            return makeError(ErrorCode::Invalid, tr("%1 is true or false.").arg(it.key()));
        if (model.isString() && !it.value().isString())
            return makeError(ErrorCode::Invalid, tr("%1 must be a text.").arg(it.key()));
    }
    const auto value = [&](const char* key) { return merged.value(QLatin1String(key)); };
    const double crl = value("crl_period_hours").toDouble();
    const double delta = value("delta_period_hours").toDouble();
    const double root = value("root_crl_period_hours").toDouble();
    if (crl != std::floor(crl) || crl < 1 || crl > 720)
        return makeError(ErrorCode::Invalid, tr("The CRL period is a whole number of hours from 1 to 720."));
    if (delta != std::floor(delta) || delta < 1 || delta > crl)
        return makeError(ErrorCode::Invalid,
                         tr("The delta CRL period is a whole number of hours from 1 to the CRL period (%1).").arg(crl));
    if (root != std::floor(root) || root < 1 || root > 8760)
        return makeError(ErrorCode::Invalid, tr("The root CRL period is a whole number of hours from 1 to 8760."));
    static const QRegularExpression urlRe(QStringLiteral("^(https?|ldap)://[^\\s]+$"),
                                          QRegularExpression::CaseInsensitiveOption);
    for (const char* key : {"cdp_url", "freshest_url", "aia_url", "ocsp_url", "cps_uri"}) {
        const QString url = value(key).toString();
        if (url.isEmpty())
            continue;
        if (!urlRe.match(url).hasMatch())
            return makeError(ErrorCode::Invalid,
                             tr("%1 is not an http, https or ldap address: %2").arg(QLatin1String(key), url));
        if (Status usable = pki::CertificateBuilder::checkUrl(url); !usable)
            return makeError(ErrorCode::Invalid, QLatin1String(key) + QStringLiteral(": ") + usable.message());
    }
    for (const QString& oid : value("subca_policy_oids").toString().split(u',', Qt::SkipEmptyParts)) {
        if (!pki::CertificateBuilder::isOid(oid.trimmed()))
            return makeError(ErrorCode::Invalid,
                             tr("subca_policy_oids: \"%1\" is not a policy OID (dotted digits, e.g. 1.2.398.3.3.2.1).")
                                 .arg(oid.trimmed()));
    }
    if (Result<QStringList> layout = pki::SubjectName::parseCaLayout(value("subject_layout").toString()); !layout)
        return makeError(ErrorCode::Invalid, QStringLiteral("subject_layout: ") + layout.message());
    const QString organisation = value("subject_organisation").toString();
    if (organisation.size() > 64)
        return makeError(ErrorCode::Invalid, tr("subject_organisation is longer than 64 characters (RFC 5280)."));
    pki::SubjectName probe = pki::SubjectName::ca(QStringLiteral("probe"), organisation);
    if (Status clean = probe.validate(); !clean)
        return makeError(ErrorCode::Invalid, QStringLiteral("subject_organisation: ") + clean.message());
    // The OID of the event-log head extension of this CA's CRLs (README "Every CRL attests the event
    // log"): from the CA's own registered arc; small arcs, which every relying party's parser reads.
    const QString headOid = value("crl_event_log_oid").toString().trimmed();
    if (!headOid.isEmpty()) {
        bool small = pki::CertificateBuilder::isOid(headOid);
        for (const QString& arc : headOid.split(u'.'))
            small = small && arc.size() <= 9;
        if (!small)
            return makeError(ErrorCode::Invalid, tr("crl_event_log_oid: \"%1\" is not an OID of dotted numbers of at "
                                                    "most 9 digits each (one from the CA's own registered arc).")
                                                     .arg(headOid));
    }
    // Partitioned CRLs (registry/CrlPartitions.h): a partition's URL is made from cdp_url.
    auto partitioning = CrlPartitioning::parse(value("crl_partition").toString());
    if (!partitioning)
        return partitioning.error();
    if (partitioning->kind != CrlPartitioning::Kind::None && value("cdp_url").toString().trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("crl_partition needs cdp_url: each partition's CRL address is made "
                                                "from it (e.g. http://crl.example.kz/NCA.crl → NCA-s07.crl)."));
    const double minBytes = value("crl_partition_min_bytes").toDouble();
    if (minBytes != std::floor(minBytes) || minBytes < 0)
        return makeError(ErrorCode::Invalid, tr("crl_partition_min_bytes is a whole number of bytes, 0 or more."));
    const QString dir = value("publish_dir").toString();
    if (!dir.isEmpty() && !QDir::isAbsolutePath(dir))
        return makeError(ErrorCode::Invalid, tr("The publish folder must be an absolute path: %1").arg(dir));
    return {};
}

QStringList CaDirectory::missingPointers(const CaRecord& ca) {
    // A root certifies only subordinate CAs: where its CRL and its certificate are published is what a relying
    // party needs to check them (FACTS.md; attack of session 29, F7: a bare root certified CAs with neither).
    const QList<const char*> keys =
        ca.kind == forms::CaKind::Root
            ? QList<const char*>{"cdp_url", "aia_url"}
            : QList<const char*>{"cdp_url", "freshest_url", "aia_url", "ocsp_url", "cps_uri"};
    QStringList missing;
    for (const char* key : keys) {
        if (ca.settings.value(QLatin1String(key)).toString().trimmed().isEmpty())
            missing << QLatin1String(key);
    }
    return missing;
}

namespace {

// The revocation of the CA certificate `serialHex` by the register CA `issuerId`: reason, revoked_at, the
// issuer's code; an empty row when it is not revoked (or issued outside the register).
Result<QVariantList> caCertificateRevocation(Database& db, qint64 issuerId, const QString& serialHex) {
    if (issuerId == 0 || serialHex.isEmpty())
        return QVariantList(); // a root, or a parent outside the register (its CRL is not kept here)
    return db.row(QStringLiteral("SELECT r.reason_code, r.revoked_at, i.code FROM certificates c "
                                 "JOIN revocations r ON r.certificate_id = c.id JOIN cas i ON i.id = c.ca_id "
                                 "WHERE c.ca_id = ? AND c.serial = ?"),
                  {issuerId, serialHex});
}

} // namespace

Status CaDirectory::checkCertificateNotRevoked(Database& db, qint64 issuerId, const QString& serialHex,
                                               const QString& caCode) {
    auto row = caCertificateRevocation(db, issuerId, serialHex);
    if (!row)
        return row.error();
    if (row->isEmpty())
        return {};
    return makeError(ErrorCode::Conflict,
                     tr("The certificate of the CA %1 (serial %2) was revoked by the CA %3 on %4 (%5): its key "
                        "certifies nothing any more.")
                         .arg(caCode, serialHex, row->at(2).toString(), row->at(1).toString(),
                              Revocations::reasonName(row->at(0).toInt())));
}

QString CaDirectory::describe(const CaCertificateState& state, const QString& reasonText) {
    switch (state.kind) {
    case CaCertificateState::Kind::NoKey:
        return tr("no key yet");
    case CaCertificateState::Kind::Waiting:
        return tr("waiting for the parent CA's certificate");
    case CaCertificateState::Kind::Unreadable:
        return tr("certificate unreadable");
    case CaCertificateState::Kind::NotYetValid:
        return tr("certificate valid from %1").arg(displayDate(state.notBefore));
    case CaCertificateState::Kind::Valid:
        return tr("certificate valid until %1").arg(displayDate(state.notAfter));
    case CaCertificateState::Kind::Expired:
        return tr("certificate expired on %1").arg(displayDate(state.notAfter));
    case CaCertificateState::Kind::Revoked:
        if (state.reason == Revocations::kCertificateHold)
            return tr("certificate on hold by the CA %1 since %2: certifies nothing")
                .arg(state.revokedBy, displayDateTime(state.revokedAt));
        return tr("certificate revoked by the CA %1 on %2 (%3): certifies nothing")
            .arg(state.revokedBy, displayDateTime(state.revokedAt),
                 reasonText.isEmpty() ? Revocations::reasonName(state.reason) : reasonText);
    }
    return {};
}

Status CaDirectory::checkIssuedThroughRegister(Database& db, qint64 issuerId, const QString& issuerCode,
                                               const QString& serialHex, const QByteArray& der) {
    auto recorded =
        db.scalar(QStringLiteral("SELECT der FROM certificates WHERE ca_id = ? AND serial = ?"), {issuerId, serialHex});
    if (!recorded)
        return recorded.error();
    if (recorded->isNull() || recorded->toByteArray() != der)
        return makeError(
            ErrorCode::Invalid,
            tr("The CA %1 of this register has no record of issuing the certificate %2: it was signed with %1's key "
               "outside Tirkeu, so it is in no journal and %1 could never revoke it. Have %1 issue the "
               "certificate through a ROOT-ISSUE application, and investigate how its key came to be "
               "used outside Tirkeu.")
                .arg(issuerCode, serialHex));
    return {};
}

Result<CaCertificateState> CaDirectory::certificateState(const CaRecord& ca) {
    CaCertificateState state;
    if (ca.keyUri.isEmpty())
        return state;
    if (ca.certificateDer.isEmpty()) {
        state.kind = CaCertificateState::Kind::Waiting;
        return state;
    }
    auto cert = pki::Certificate::parse(ca.certificateDer);
    if (!cert) {
        state.kind = CaCertificateState::Kind::Unreadable;
        return state;
    }
    state.notBefore = cert->notBefore();
    state.notAfter = cert->notAfter();
    auto revoked = caCertificateRevocation(m_reg.db(), ca.parentId, cert->serialHex());
    if (!revoked)
        return revoked.error();
    const QDateTime now = m_reg.clock().now();
    if (!revoked->isEmpty()) {
        state.kind = CaCertificateState::Kind::Revoked;
        state.reason = revoked->at(0).toInt();
        state.revokedAt = fromDbTime(revoked->at(1).toString());
        state.revokedBy = revoked->at(2).toString();
    } else if (now > state.notAfter) {
        state.kind = CaCertificateState::Kind::Expired;
    } else if (now < state.notBefore) {
        state.kind = CaCertificateState::Kind::NotYetValid;
    } else {
        state.kind = CaCertificateState::Kind::Valid;
    }
    return state;
}

Status CaDirectory::checkCertificateNotRevoked(Database& db, const CaRecord& ca, QString* serialHex) {
    if (ca.certificateDer.isEmpty())
        return {};
    auto cert = pki::Certificate::parse(ca.certificateDer);
    if (!cert)
        return cert.error();
    if (serialHex)
        *serialHex = cert->serialHex();
    return checkCertificateNotRevoked(db, ca.parentId, cert->serialHex(), ca.code);
}

Status CaDirectory::checkReadyToIssue(const CaRecord& ca) {
    const QStringList missing = missingPointers(ca);
    if (missing.isEmpty())
        return {};
    return makeError(ErrorCode::Conflict,
                     tr("The CA %1 does not issue until its publication pointers are set: %2 (Settings → CAs, or "
                        "the command ca set --code %1 KEY=VALUE).")
                         .arg(ca.code, missing.join(QStringLiteral(", "))));
}

void CaDirectory::applyPointers(const CaRecord& issuer, pki::CertificateSpec& spec) {
    const auto text = [&](const char* key) { return issuer.settings.value(QLatin1String(key)).toString().trimmed(); };
    spec.crlUrl = text("cdp_url");
    spec.freshestCrlUrl = text("freshest_url");
    spec.caIssuersUrl = text("aia_url");
    spec.ocspUrl = text("ocsp_url");
    spec.cpsUri = text("cps_uri");
    spec.policyOids.clear();
    if (spec.profile.kind() == pki::ProfileKind::SubordinateCa) {
        for (const QString& oid : text("subca_policy_oids").split(u',', Qt::SkipEmptyParts))
            spec.policyOids << oid.trimmed();
    }
}

pki::SubjectName CaDirectory::caSubject(const CaRecord& ca, const QString& organisationOverride) {
    const QString organisation = !organisationOverride.trimmed().isEmpty()
                                     ? organisationOverride.trimmed()
                                     : ca.settings.value(QStringLiteral("subject_organisation")).toString().trimmed();
    Result<QStringList> layout =
        pki::SubjectName::parseCaLayout(ca.settings.value(QStringLiteral("subject_layout")).toString());
    return pki::SubjectName::ca(ca.name, organisation, {}, layout ? *layout : QStringList());
}

std::optional<CaRecord> CaDirectory::caNamed(const QList<CaRecord>& cas, const QByteArray& subjectDer, qint64 self) {
    for (const CaRecord& other : cas) {
        if (other.id == self)
            continue;
        QList<QByteArray> names;
        if (!other.certificateDer.isEmpty()) {
            if (auto cert = pki::Certificate::parse(other.certificateDer))
                names << cert->subjectDer();
        }
        if (auto composed = caSubject(other).toDer())
            names << *composed;
        for (const QByteArray& name : names)
            if (pki::CaCertificateCheck::sameName(name, subjectDer))
                return other;
    }
    return std::nullopt;
}

Result<qint64> CaDirectory::add(const Session& by, const QString& code, const QString& name, forms::CaKind kind,
                                const QJsonObject& settings) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s.error();
    static const QRegularExpression codeRe(QStringLiteral("^[A-Z0-9][A-Z0-9_-]{1,31}$"));
    if (!codeRe.match(code).hasMatch())
        return makeError(ErrorCode::Invalid, tr("A CA code is 2 to 32 characters: capital Latin letters, digits, dash "
                                                "or underscore (e.g. NCA-RSA)."));
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, tr("The CA name is required."));
    // The name becomes the CN of the CA certificate: the same hygiene and RFC 5280 bound as any name.
    if (Status clean = pki::SubjectName::ca(name.trimmed()).validate(); !clean)
        return clean.error();
    if (const QString mixed = forms::mixedAlphabetProblem(name.trimmed(), tr("CA name")); !mixed.isEmpty())
        return makeError(ErrorCode::Invalid, mixed);
    QJsonObject merged = defaultSettings();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const QString key = canonicalSettingKey(it.key());
        if (!merged.contains(key))
            return makeError(ErrorCode::Invalid, tr("Unknown CA setting: %1. Known settings: %2.")
                                                     .arg(it.key(), settingKeys().join(QStringLiteral(", "))));
        merged.insert(key, it.value().isString() ? QJsonValue(it.value().toString().trimmed()) : it.value());
    }
    if (Status valid = checkSettings(merged); !valid)
        return valid.error();
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto exists = m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM cas WHERE code = ?"), {code});
    if (!exists)
        return exists.error();
    if (exists->toInt() > 0)
        return makeError(ErrorCode::Conflict, tr("A CA with the code %1 already exists.").arg(code));
    // The name is the CA certificate's CN: two CAs of one name would issue under one issuer name, and a relying
    // party could not tell their certificates and CRLs apart (attack of session 25, F6).
    auto names = m_reg.db().rows(QStringLiteral("SELECT code, name FROM cas"));
    if (!names)
        return names.error();
    for (const QVariantList& other : *names) {
        if (other.at(1).toString().trimmed().toCaseFolded() == name.trimmed().toCaseFolded())
            return makeError(ErrorCode::Conflict, tr("The CA %1 already has the name %2: each CA's name is its own "
                                                     "(it names the issuer of every certificate and CRL).")
                                                      .arg(other.at(0).toString(), name.trimmed()));
        // Nor a name that only looks different in its letters (attack of session 32, B9).
        if (forms::confusableSkeleton(other.at(1).toString()) == forms::confusableSkeleton(name))
            return makeError(ErrorCode::Conflict,
                             tr("The name %1 reads as the name %2 of the CA %3 (letters of another "
                                "alphabet that look the same): each CA's name is its own.")
                                 .arg(name.trimmed(), other.at(1).toString(), other.at(0).toString()));
    }
    // Nor the name of a CA's certificate (its subject) or the one its settings compose, as a chain compares names:
    // names differing in spaces compose one issuer name, and a certificate imported before 2026-12-07 may name
    // another CA than its own (attack of session 28, F9).
    CaRecord added;
    added.name = name.trimmed();
    added.settings = merged;
    auto subject = caSubject(added).toDer();
    if (!subject)
        return subject.error();
    auto cas = listIn(m_reg.db());
    if (!cas)
        return cas.error();
    if (std::optional<CaRecord> other = caNamed(*cas, *subject))
        return makeError(
            ErrorCode::Conflict,
            tr("The name %1 makes the issuer name %2, which is the name of the CA %3 of this register (its "
               "certificate's subject, or the name its settings compose): each CA's name is its own (it "
               "names the issuer of every certificate and CRL).")
                .arg(name.trimmed(), caSubject(added).display(), other->code));
    auto q = m_reg.db().exec(
        QStringLiteral("INSERT INTO cas (code, name, kind, settings, created_at) VALUES (?, ?, ?, ?, ?)"),
        {code, name.trimmed(), forms::caKindId(kind),
         QString::fromUtf8(QJsonDocument(merged).toJson(QJsonDocument::Compact)), toDbTime(m_reg.clock().now())});
    if (!q)
        return q.error();
    const qint64 id = q->lastInsertId().toLongLong();
    auto ev = m_reg.audit().append(by.login, code, QStringLiteral("ca.added"),
                                   {{QStringLiteral("code"), code},
                                    {QStringLiteral("name"), name.trimmed()},
                                    {QStringLiteral("kind"), forms::caKindId(kind)}},
                                   {RowRef::row(QStringLiteral("cas"), id)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    return id;
}

Status CaDirectory::updateSettings(const Session& by, const QString& code, const QJsonObject& changes) {
    if (Status s = Roles::require(by, Permission::ManageCas); !s)
        return s;
    const QJsonObject defaults = defaultSettings();
    QJsonObject canonical;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QString key = canonicalSettingKey(it.key());
        if (!defaults.contains(key))
            return makeError(ErrorCode::Invalid, tr("Unknown CA setting: %1. Known settings: %2.")
                                                     .arg(it.key(), settingKeys().join(QStringLiteral(", "))));
        canonical.insert(key, it.value().isString() ? QJsonValue(it.value().toString().trimmed()) : it.value());
    }
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status();
    auto ca = find(code);
    if (!ca)
        return ca.error();
    QJsonObject merged = defaults;
    for (auto it = ca->settings.begin(); it != ca->settings.end(); ++it)
        merged.insert(it.key(), it.value());
    QJsonObject before;
    QJsonObject after;
    for (auto it = canonical.begin(); it != canonical.end(); ++it) {
        if (merged.value(it.key()) == it.value())
            continue;
        before.insert(it.key(), merged.value(it.key()));
        after.insert(it.key(), it.value());
        merged.insert(it.key(), it.value());
    }
    if (Status valid = checkSettings(merged); !valid)
        return valid;
    if (after.isEmpty())
        return {}; // nothing changes, nothing to record
    auto up = m_reg.db().exec(QStringLiteral("UPDATE cas SET settings = ? WHERE id = ?"),
                              {QString::fromUtf8(QJsonDocument(merged).toJson(QJsonDocument::Compact)), ca->id});
    if (!up)
        return up.error();
    auto ev = m_reg.audit().append(by.login, code, QStringLiteral("ca.settings_changed"),
                                   {{QStringLiteral("before"), before}, {QStringLiteral("after"), after}},
                                   {RowRef::row(QStringLiteral("cas"), ca->id)});
    if (!ev)
        return ev.error();
    return tx.commit();
}

Result<CaRecord> CaDirectory::findWhere(const QString& column, const QVariant& value) {
    auto q = m_reg.db().exec(QStringLiteral("SELECT %1 FROM cas WHERE %2 = ?").arg(QLatin1String(kColumns), column),
                             {value});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("There is no CA %1 in this register.").arg(value.toString()));
    return recordFrom(*q);
}

Result<CaRecord> CaDirectory::find(const QString& code) {
    return findWhere(QStringLiteral("code"), code);
}
Result<CaRecord> CaDirectory::find(qint64 id) {
    return findWhere(QStringLiteral("id"), id);
}

Result<QList<CaRecord>> CaDirectory::list(const Session& by) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    return list();
}

Result<QList<CaRecord>> CaDirectory::list() {
    return listIn(m_reg.db());
}

Result<QList<CaRecord>> CaDirectory::listIn(Database& db) {
    auto q = db.exec(QStringLiteral("SELECT %1 FROM cas ORDER BY code").arg(QLatin1String(kColumns)));
    if (!q)
        return q.error();
    QList<CaRecord> out;
    while (q->next())
        out.append(recordFrom(*q));
    return out;
}

} // namespace tirkeu::registry
