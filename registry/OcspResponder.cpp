#include "registry/OcspResponder.h"

#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/InputFiles.h"
#include "pki/Ocsp.h"
#include "registry/CaDirectory.h"
#include "registry/ChangeNotifier.h"
#include "registry/CrlNumbers.h"
#include "registry/Database.h"

#include <unordered_map>

namespace tirkeu::registry {

namespace {

std::atomic<quint64> g_instances{0};

// Each thread's read connections, one per responder instance.
thread_local std::unordered_map<quint64, std::unique_ptr<OcspStatus>> t_status;

QString stateName(pki::OcspCertState s) {
    switch (s) {
    case pki::OcspCertState::Good:
        return QStringLiteral("good");
    case pki::OcspCertState::Revoked:
        return QStringLiteral("revoked");
    case pki::OcspCertState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

} // namespace

OcspResponder::OcspResponder(OcspResponderConfig config)
    : m_config(std::move(config))
    , m_shards(new Shard[kShards])
    , m_instance(++g_instances) {
    m_config.maxCertificates = qBound(1, m_config.maxCertificates, 1000);
    m_config.nextUpdateMinutes = qBound(1, m_config.nextUpdateMinutes, 7 * 24 * 60);
    m_config.cacheSeconds = qBound(0, m_config.cacheSeconds, 24 * 3600);
    m_config.cacheEntries = qMax<qint64>(0, m_config.cacheEntries);
}

OcspResponder::~OcspResponder() {
    t_status.erase(m_instance);
}

std::unique_ptr<ChangeNotifier> OcspResponder::watchChanges(int pollMs) {
    return std::make_unique<ChangeNotifier>(m_control->db(), nullptr, pollMs);
}

Status OcspResponder::start() {
    if (m_config.cas.isEmpty())
        return makeError(ErrorCode::Usage, tr("No CA is configured for the OCSP responder."));
    auto control = OcspStatus::open(m_config.location);
    if (!control)
        return control.error();
    m_control = std::move(control.value());
    if (Status s = refuseMovedRegister(); !s)
        return s;
    for (const OcspCaConfig& ca : std::as_const(m_config.cas)) {
        if (m_keys.contains(ca.code))
            return makeError(ErrorCode::Usage, tr("The CA %1 is configured twice.").arg(ca.code));
        auto key = pki::CaKey::open(ca.keyUri, pki::SecretSource::fromFile(ca.secretFile));
        if (!key)
            return makeError(key.code(),
                             tr("The OCSP signing key of CA %1 (%2): %3").arg(ca.code, ca.keyUri, key.message()));
        std::shared_ptr<pki::CaKey> owner(std::move(key.value()));
        m_keys.insert(ca.code, std::move(owner));
    }
    if (Status s = loadSigners(); !s)
        return s;
    auto positioned = m_control->changesSince(m_cursor);
    if (!positioned)
        return positioned.error();
    return {};
}

Status OcspResponder::loadSigners() {
    auto cas = m_control->cas();
    if (!cas)
        return cas.error();
    auto set = std::make_shared<SignerSet>();
    set->generation = ++m_generation;
    QStringList problems;
    QSet<qint64> stale;
    const QDateTime now = currentTime();
    for (const OcspCaConfig& conf : std::as_const(m_config.cas)) {
        const OcspCaRecord* ca = nullptr;
        for (const OcspCaRecord& c : std::as_const(*cas)) {
            if (c.code == conf.code)
                ca = &c;
        }
        if (!ca) {
            problems << tr("The register has no CA %1.").arg(conf.code);
            continue;
        }
        if (ca->certificateDer.isEmpty()) {
            problems << tr("The CA %1 has no certificate yet.").arg(conf.code);
            continue;
        }
        // A CA whose own certificate its register parent revoked gets no answer: its signer was certified by a
        // key that certifies nothing any more (attack of session 29, F6). Requests about it: unauthorized.
        if (auto caCert = pki::Certificate::parse(ca->certificateDer); caCert) {
            if (Status s = CaDirectory::checkCertificateNotRevoked(m_control->db(), ca->parentId, caCert->serialHex(),
                                                                   ca->code);
                !s) {
                problems << s.message();
                continue;
            }
            // Nor for a CA whose certificate has ended (attack of session 29, F8): no certificate under it is valid.
            if (caCert->notAfter() <= now) {
                problems << tr("The certificate of the CA %1 ended on %2: no answer is given for it.")
                                .arg(ca->code, caCert->notAfter().toString(Qt::ISODate));
                continue;
            }
        }
        // Nor from a register older than the CA's published CRLs (a backup restored into a new file or database):
        // it would say "good" for a certificate the CRL lists as revoked (attack of session 30, A2). Answered again
        // once the register revokes them too (a change of that CA reloads the signers).
        // (Checked again only when the folder or the register's revocations changed since it last passed.)
        auto coverState = CrlNumbers::folderCoverState(m_control->db(), ca->id, ca->publishDir, ca->code);
        if (!coverState)
            return coverState.error();
        if (m_covered.value(ca->id) != *coverState) {
            m_covered.remove(ca->id);
            if (Status s = CrlNumbers::checkFolderCovered(m_control->db(), ca->id, ca->publishDir, ca->code); !s) {
                if (s.code() == ErrorCode::Database)
                    return s;
                stale.insert(ca->id);
                problems << tr("No answer is given for the CA %1: %2").arg(ca->code, s.message());
                continue;
            }
            m_covered.insert(ca->id, *coverState);
        }
        QList<QByteArray> candidates;
        if (!conf.certificateFile.isEmpty()) {
            auto read = pki::InputFiles::read(conf.certificateFile);
            if (!read) {
                problems << read.message();
                continue;
            }
            QByteArray bytes = *read;
            if (bytes.contains("-----BEGIN CERTIFICATE-----")) {
                const qsizetype b = bytes.indexOf('\n', bytes.indexOf("-----BEGIN CERTIFICATE-----"));
                const qsizetype e = bytes.indexOf("-----END CERTIFICATE-----");
                bytes = b >= 0 && e > b ? QByteArray::fromBase64(bytes.mid(b + 1, e - b - 1)) : QByteArray();
            }
            candidates << bytes;
        } else {
            auto listed = m_control->signerCertificates(ca->id, now);
            if (!listed)
                return listed.error();
            candidates = *listed;
        }
        std::shared_ptr<pki::OcspSigner> chosen;
        QString why = tr("no valid OCSP signing certificate in the register (the command ocsp init-signer)");
        const std::shared_ptr<pki::CaKey> owner = m_keys.value(conf.code);
        const std::shared_ptr<EVP_PKEY> key(owner, owner ? owner->pkey() : nullptr);
        for (const QByteArray& der : std::as_const(candidates)) {
            // The same rule for the register's certificate and the file's: recorded by the register as this CA's,
            // neither revoked nor on hold, within its dates.
            if (Status s = m_control->checkSigner(*ca, der, now); !s) {
                if (s.code() == ErrorCode::Database)
                    return s;
                why = s.message();
                continue;
            }
            auto signer = pki::OcspSigner::create(ca->certificateDer, der, key, conf.keyUri.startsWith(u"pkcs11:"));
            if (signer) {
                chosen = *signer;
                break;
            }
            why = signer.message();
        }
        if (!chosen) {
            problems << tr("CA %1: %2").arg(conf.code, why);
            continue;
        }
        set->signers.append({ca->id, ca->code, chosen});
    }
    {
        QMutexLocker lock(&m_signersMutex);
        m_signers = set;
    }
    m_staleCas = stale;
    if (!problems.isEmpty())
        return makeError(ErrorCode::Crypto, problems.join(QLatin1Char(' ')));
    return {};
}

std::shared_ptr<const OcspResponder::SignerSet> OcspResponder::signers() const {
    QMutexLocker lock(&m_signersMutex);
    return m_signers;
}

QStringList OcspResponder::describeSigners() const {
    QStringList out;
    if (auto set = signers()) {
        for (const Signer& s : std::as_const(set->signers))
            out << tr("%1 (signer %2, valid until %3)")
                       .arg(s.code, s.signer->signerSerialHex(), s.signer->signerNotAfter().toString(Qt::ISODate));
    }
    return out;
}

QStringList OcspResponder::signersEndingWithin(int days) const {
    QStringList out;
    const QDateTime limit = currentTime().addDays(days);
    if (auto set = signers()) {
        for (const Signer& s : std::as_const(set->signers)) {
            if (s.signer->signerNotAfter() <= limit)
                out << tr("warning: the OCSP signing certificate %1 of the CA %2 ends on %3 and has not been renewed "
                          "(the command ocsp renew-signer; is the scheduled job running?)")
                           .arg(s.signer->signerSerialHex(), s.code, s.signer->signerNotAfter().toString(Qt::ISODate));
        }
    }
    return out;
}

OcspStatus* OcspResponder::threadStatus(QString* problem) {
    auto it = t_status.find(m_instance);
    if (it != t_status.end())
        return it->second.get();
    auto opened = OcspStatus::open(m_config.location, true);
    if (!opened) {
        *problem = opened.message();
        return nullptr;
    }
    OcspStatus* raw = opened->get();
    t_status.emplace(m_instance, std::move(opened.value()));
    return raw;
}

std::string OcspResponder::cacheKey(qint64 caId, const QString& serialHex, int hashNid) {
    std::string key = std::to_string(caId);
    key += ':';
    key += std::to_string(hashNid);
    key += ':';
    key += serialHex.toStdString();
    return key;
}

OcspResponder::Shard& OcspResponder::shardFor(const std::string& key) const {
    return m_shards[std::hash<std::string>{}(key) % kShards];
}

void OcspResponder::invalidate(qint64 caId, const QString& serialHex) {
    for (int nid : pki::Ocsp::supportedHashNids()) {
        const std::string key = cacheKey(caId, serialHex, nid);
        Shard& shard = shardFor(key);
        QMutexLocker lock(&shard.mutex);
        ++shard.epoch;
        if (shard.map.erase(key))
            --m_cacheCount;
    }
}

void OcspResponder::invalidateAll() {
    for (int i = 0; i < kShards; ++i) {
        Shard& shard = m_shards[i];
        QMutexLocker lock(&shard.mutex);
        ++shard.epoch;
        m_cacheCount -= qint64(shard.map.size());
        shard.map.clear();
    }
}

qint64 OcspResponder::cacheSize() const {
    return m_cacheCount.load();
}

// A register moved by db migrate takes no revocation any more (its writes are refused; they are made in the new
// register): answers from it would say "good" for certificates revoked since. Until 2026-12-07 the responder went
// on answering from it, for as long as its configuration named it.
Status OcspResponder::refuseMovedRegister() {
    const Database::MoveState state = m_control->db().moveState();
    using Kind = Database::MoveState::Kind;
    if (state.kind == Kind::InUse)
        return {};
    const QString from = state.kind == Kind::UnconfirmedCopy ? state.location : QString();
    const QString to = state.kind == Kind::Moved ? state.location
                       : state.kind == Kind::UnexplainedMark
                           ? tr("(an address no event records: the mark was written outside Tirkeu)")
                           : QString();
    {
        QMutexLocker lock(&m_signersMutex);
        m_movedTo = to.isEmpty() ? from + QStringLiteral(" (unfinished copy)") : to;
    }
    m_moved = true;
    invalidateAll();
    if (to.isEmpty()) // a copy db migrate was making when it stopped: the register in use may be the source still
        return makeError(ErrorCode::Conflict,
                         tr("The register %1 is an unfinished copy of %2 (db migrate stopped before %2 was retired): "
                            "no answer is given from it.")
                             .arg(Database::redactedLocation(m_config.location), from));
    return makeError(ErrorCode::Conflict,
                     tr("The register %1 was moved to %2 (db migrate) and takes no revocations any more: no answer is "
                        "given from it. Set register = %2 in the responder's configuration and restart it.")
                         .arg(Database::redactedLocation(m_config.location), to));
}

Result<int> OcspResponder::refresh(bool reloadSigners) {
    if (!m_control)
        return makeError(ErrorCode::Failure, tr("The OCSP responder is not started."));
    if (Status s = refuseMovedRegister(); !s)
        return s.error();
    auto changes = m_control->changesSince(m_cursor);
    if (!changes)
        return changes.error();
    bool signerIssued = false;
    if (m_cursor.rewritten) {
        // The register was replaced under the responder (a backup restored over it): no answer computed before
        // may stand, and the signers' certificates may be others. Before 2026-12-07 the scan went on from ids the
        // restored register had not reached yet, and a revocation taking such an id stayed "good" in the cache
        // (attack of session 28).
        m_cursor.rewritten = false;
        invalidateAll();
        signerIssued = true;
    }
    for (const OcspChange& c : std::as_const(*changes)) {
        invalidate(c.caId, c.serialHex);
        // A new or revoked signer certificate, or a CA certificate revoked (its CA is answered for no more).
        signerIssued = signerIssued || c.profile == QLatin1String(OcspStatus::kSignerProfile) ||
                       c.profile == u"subordinate_ca" || c.profile == u"root_ca";
        // A CA left out for a register older than its CRLs: answered again as soon as it covers them.
        signerIssued = signerIssued || m_staleCas.contains(c.caId);
    }
    if (signerIssued || reloadSigners) {
        if (Status s = loadSigners(); !s)
            return s.error();
    }
    return int(changes->size());
}

OcspOutcome OcspResponder::answer(const QByteArray& der) {
    OcspOutcome out;
    auto fail = [&out](pki::OcspStatusCode code, const QString& why) {
        out.status = code;
        out.der = pki::Ocsp::errorResponse(code);
        out.detail = why;
        return out;
    };
    pki::OcspParsed parsed = pki::Ocsp::parseRequest(der, m_config.maxCertificates);
    if (parsed.status != pki::OcspStatusCode::Successful)
        return fail(parsed.status, parsed.problem);
    const pki::OcspRequestInfo& request = parsed.request;
    out.nonce = request.hasNonce;
    if (m_moved) {
        QMutexLocker lock(&m_signersMutex);
        return fail(pki::OcspStatusCode::TryLater, QStringLiteral("register moved to ") + m_movedTo);
    }
    auto set = signers();
    if (!set)
        return fail(pki::OcspStatusCode::TryLater, QStringLiteral("responder not started"));
    const Signer* signer = nullptr;
    for (const pki::OcspCertRef& ref : request.certs) {
        const Signer* match = nullptr;
        for (const Signer& s : set->signers) {
            if (s.signer->issued(ref)) {
                match = &s;
                break;
            }
        }
        if (!match)
            return fail(pki::OcspStatusCode::Unauthorized, QStringLiteral("issuer not served here"));
        if (signer && signer != match)
            return fail(pki::OcspStatusCode::Unauthorized, QStringLiteral("certificates of several CAs"));
        signer = match;
    }
    out.ca = signer->code;

    const qint64 nowSecs = currentTime().toSecsSinceEpoch();
    const QDateTime thisUpdate = QDateTime::fromSecsSinceEpoch(nowSecs, Qt::UTC);
    // The signer's dates against the clock, for every answer (a cached one too): the reload that drops an ended
    // signer comes only every minute (attack of session 30, A14).
    if (Status s = OcspStatus::checkSignerDates(signer->code, signer->signer->signerSerialHex(),
                                                signer->signer->signerNotBefore(), signer->signer->signerNotAfter(),
                                                thisUpdate);
        !s)
        return fail(pki::OcspStatusCode::Unauthorized, s.message());
    const bool cacheable = request.certs.size() == 1 && !request.hasNonce && m_config.cacheSeconds > 0 &&
                           m_config.cacheEntries > 0 && request.certs.first().serialValid;
    std::string key;
    quint64 epoch = 0;
    if (cacheable) {
        const pki::OcspCertRef& ref = request.certs.first();
        key = cacheKey(signer->caId, ref.serialHex, ref.hashNid);
        Shard& shard = shardFor(key);
        QMutexLocker lock(&shard.mutex);
        auto it = shard.map.find(key);
        if (it != shard.map.end() && it->second.expires > nowSecs && it->second.generation == set->generation &&
            it->second.certIdDer == ref.certIdDer) {
            out.der = it->second.der;
            out.detail = it->second.detail;
            out.status = pki::OcspStatusCode::Successful;
            out.cached = true;
            return out;
        }
        epoch = shard.epoch;
    }

    QString problem;
    OcspStatus* status = threadStatus(&problem);
    if (!status)
        return fail(pki::OcspStatusCode::TryLater, problem);
    QList<pki::OcspAnswer> answers;
    QStringList details;
    for (const pki::OcspCertRef& ref : request.certs) {
        pki::OcspAnswer a;
        if (ref.serialValid) {
            auto found = status->lookup(signer->caId, ref.serialHex);
            if (!found)
                return fail(pki::OcspStatusCode::TryLater, found.message());
            a = *found;
        }
        answers.append(a);
        details << (ref.serialValid ? ref.serialHex : QStringLiteral("(serial out of range)")) + u'=' +
                       stateName(a.state);
    }
    // Never past the signer's end, as the signer never runs past the CA certificate's (attack of session 29, F8):
    // after it, a relying party cannot check the answer (attack of session 30, A14).
    const QDateTime nextUpdate =
        std::min(thisUpdate.addSecs(qint64(m_config.nextUpdateMinutes) * 60), signer->signer->signerNotAfter());
    auto signedDer = signer->signer->respond(request.certs, answers, request.hasNonce ? request.raw.get() : nullptr,
                                             thisUpdate, nextUpdate);
    if (!signedDer)
        return fail(pki::OcspStatusCode::InternalError, signedDer.message());
    out.der = *signedDer;
    out.status = pki::OcspStatusCode::Successful;
    out.detail = details.join(u',');
    if (cacheable) {
        Shard& shard = shardFor(key);
        QMutexLocker lock(&shard.mutex);
        if (shard.epoch == epoch) {
            if (m_cacheCount.load() >= m_config.cacheEntries) {
                m_cacheCount -= qint64(shard.map.size());
                shard.map.clear();
            }
            const qint64 expires = qMin(nowSecs + m_config.cacheSeconds, nextUpdate.toSecsSinceEpoch());
            auto [it, inserted] = shard.map.insert_or_assign(
                key, CacheEntry{out.der, out.detail, request.certs.first().certIdDer, expires, set->generation});
            Q_UNUSED(it);
            if (inserted)
                ++m_cacheCount;
        }
    }
    return out;
}

} // namespace tirkeu::registry
