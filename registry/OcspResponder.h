#pragma once
// The OCSP responder's answers, without HTTP (tirkeu-ocsp wraps this in libmicrohttpd): a DER
// request in, a DER OCSPResponse out, for every CA configured with a delegated signer.
//
// - Status from the register (registry/OcspStatus.h), one read connection per calling thread.
// - Signed by the CA's delegated OCSP signing certificate (pki::OcspSigner), never the CA key; the
//   certificate is the configured file or, by default, the newest valid "ocsp_signing" certificate of
//   the CA in the register that matches the key (so a renewal is picked up without a restart). Either way it
//   signs only while OcspStatus::checkSigner holds (recorded by the register as the CA's OCSP signing
//   certificate, neither revoked nor on hold, within its dates): checked at start (else no start), on every
//   change of the register and reload (else that CA is answered unauthorized), and its dates for every answer.
//   nextUpdate is never later than the signer's end.
// - Pre-computed responses: a request with one CertID and no nonce is answered from a cache keyed by
//   (CA, serial, CertID hash), served only to the same CertID bytes; an entry lives cacheSeconds (and
//   never past its nextUpdate) and is dropped as soon as the register reports a new certificate or
//   revocation of that serial (refresh(), called on ChangeNotifier::changed()). Requests with a nonce
//   are signed each time.
// - Every SingleResponse carries the CertID exactly as asked; a negative serial, or one longer than the
//   register holds, is answered "unknown" (never looked up).
// - Errors: malformed DER, no CertID or more than maxCertificates, a critical extension not understood
//   → malformedRequest; a CertID of a CA without a signer here → unauthorized; the register
//   unreachable → tryLater; a signing failure → internalError. Nothing here throws or crashes on bad
//   input.

#include "pki/OcspTypes.h"
#include "pki/Result.h"
#include "registry/Clock.h"
#include "registry/OcspStatus.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QString>

#include <atomic>
#include <memory>
#include <unordered_map>

namespace tirkeu::pki {
class CaKey;
class OcspSigner;
} // namespace tirkeu::pki

namespace tirkeu::registry {

class ChangeNotifier;

struct OcspCaConfig {
    QString code;            // CA code in the register
    QString keyUri;          // the delegated signer's key: "file:/path", a path, or "pkcs11:…"
    QString secretFile;      // first line: the key's passphrase or the token PIN
    QString certificateFile; // optional PEM/DER; empty: the newest one in the register
};

struct OcspResponderConfig {
    QString location; // the register
    QList<OcspCaConfig> cas;
    int maxCertificates = 16;     // CertIDs in one request
    int nextUpdateMinutes = 60;   // nextUpdate = thisUpdate + this
    int cacheSeconds = 300;       // how long a pre-computed response is served
    qint64 cacheEntries = 200000; // bound of the cache (entries)
    const Clock* clock = nullptr; // the time of answers and signer checks (nullptr: the system clock; tests)
};

// What happened to one request (one log line).
struct OcspOutcome {
    QByteArray der;
    pki::OcspStatusCode status = pki::OcspStatusCode::InternalError;
    QString ca;     // CA code, when known
    QString detail; // "SERIAL=good,SERIAL=revoked" or the reason of an error
    bool cached = false;
    bool nonce = false;
};

class OcspResponder {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::OcspResponder)
public:
    explicit OcspResponder(OcspResponderConfig config);
    ~OcspResponder();

    // Opens the control connection, loads every configured CA's signer key and certificate.
    // Refuses a configuration naming an unknown CA, a CA without certificate, or a key that cannot be
    // opened; a CA whose register holds no usable signing certificate yet is an error too.
    Status start();
    // Answers one request (any thread; each thread gets its own read connection).
    OcspOutcome answer(const QByteArray& der);
    // Looks for changes in the register (call from the thread that called start(), e.g. on
    // ChangeNotifier::changed() and from a timer): drops the cached responses of every serial issued
    // or revoked since the last call, and reloads the signing certificates when one was issued or
    // `reloadSigners` is set. Returns the number of changes seen.
    Result<int> refresh(bool reloadSigners = false);

    // Watches the register through the control connection (call in the thread that called start(),
    // after start()): changed() fires when another connection commits (see ChangeNotifier).
    std::unique_ptr<ChangeNotifier> watchChanges(int pollMs);
    qint64 cacheSize() const;
    // The CAs answered for, with their signer certificate's serial and expiry (for the start log line).
    QStringList describeSigners() const;
    // A warning line for every signer ending within `days` (the scheduled job renews 7 days before the end, and
    // the responder signs with the newest: one still ending within 6 days was not renewed), for the log.
    QStringList signersEndingWithin(int days) const;

private:
    struct Signer {
        qint64 caId = 0;
        QString code;
        std::shared_ptr<pki::OcspSigner> signer;
    };
    struct SignerSet {
        QList<Signer> signers;
        quint64 generation = 0;
    };
    struct CacheEntry {
        QByteArray der;
        QString detail;
        QByteArray certIdDer; // the CertID answered, as asked (a hit must echo the same bytes)
        qint64 expires = 0;   // seconds since the epoch
        quint64 generation = 0;
    };
    struct Shard {
        mutable QMutex mutex;
        std::unordered_map<std::string, CacheEntry> map;
        quint64 epoch = 0; // moves on every invalidation: a lookup that raced one is not cached
    };
    static constexpr int kShards = 32;

    QDateTime currentTime() const { return m_config.clock ? m_config.clock->now() : QDateTime::currentDateTimeUtc(); }
    Status loadSigners();
    // ErrorCode::Conflict when the register was moved (db migrate): from then on every request gets tryLater.
    Status refuseMovedRegister();
    std::shared_ptr<const SignerSet> signers() const;
    OcspStatus* threadStatus(QString* problem);
    static std::string cacheKey(qint64 caId, const QString& serialHex, int hashNid);
    Shard& shardFor(const std::string& key) const;
    void invalidate(qint64 caId, const QString& serialHex);
    void invalidateAll();

    OcspResponderConfig m_config;
    std::unique_ptr<OcspStatus> m_control;
    QHash<QString, std::shared_ptr<pki::CaKey>> m_keys; // by CA code, opened once at start()
    mutable QMutex m_signersMutex;
    std::shared_ptr<const SignerSet> m_signers;
    std::atomic<quint64> m_generation{0};
    // The control thread's: the CAs loadSigners left out (the register is older than their CRLs), and for each CA
    // the CrlNumbers::folderCoverState of its last passed check.
    QSet<qint64> m_staleCas;
    QHash<qint64, QString> m_covered;
    std::atomic<bool> m_moved{false};
    QString m_movedTo; // under m_signersMutex
    OcspCursor m_cursor;
    std::unique_ptr<Shard[]> m_shards;
    std::atomic<qint64> m_cacheCount{0};
    quint64 m_instance = 0; // tells the per-thread connections of two responders apart
};

} // namespace tirkeu::registry
