// Issuance::issueBatchFromCsrs: many approved applications from holder CSRs, in groups, each group one
// durable transaction; requests checked and certificates signed ahead on signing threads. The rules are
// those of the one-by-one path: the same steps (IssuanceSteps.h, in Issuance.cpp).
#include "registry/CertifiedKeys.h"
#include "registry/Issuance.h"

#include "pki/CertificateBuilder.h"
#include "registry/CaKeyring.h"
#include "registry/CaSigner.h"
#include "registry/CrlPartitions.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/IssuanceSteps.h"
#include "registry/Register.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace tirkeu::registry {

using namespace issuance;

namespace {

// SAVEPOINT, ROLLBACK TO, RELEASE: statements run as they are (PostgreSQL cannot prepare them).
Status savepointStep(Database& db, const char* statement) {
    QSqlQuery q(db.handle());
    if (!q.exec(QString::fromLatin1(statement)))
        return makeError(ErrorCode::Database,
                         Issuance::tr("Register query failed: %1").arg(q.lastError().text().trimmed()));
    return {};
}

// SQLite keeps the original of every page a savepoint changes in a sub-journal, which becomes a temporary
// file once it outgrows 64 KiB; each item of a batch (its own savepoint) changes about twenty pages, so
// without this every item wrote them to that file again (perf: a sixth of the recording thread in pwrite).
// While the batch runs, the connection keeps its temporary storage in memory: the sub-journal is then
// emptied at each RELEASE, so it never holds more than one item's pages. It only serves to roll an item
// back inside its group's transaction; durability is the WAL's, unchanged. Restored afterwards, because a
// big sort (an export of millions of rows) must spill to disk rather than to memory. Best effort: where
// the setting cannot change (PostgreSQL, or a transaction already open) the batch runs as before.
class TemporaryStorageInMemory {
public:
    explicit TemporaryStorageInMemory(Database& db)
        : m_db(db.inTransaction() ? nullptr : db.sqlite()) {
        if (!m_db)
            return;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, "PRAGMA temp_store", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            m_before = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (m_before < 0 || sqlite3_exec(m_db, "PRAGMA temp_store=MEMORY", nullptr, nullptr, nullptr) != SQLITE_OK)
            m_db = nullptr;
    }
    ~TemporaryStorageInMemory() {
        if (m_db)
            sqlite3_exec(m_db, QByteArray("PRAGMA temp_store=" + QByteArray::number(m_before)).constData(), nullptr,
                         nullptr, nullptr);
    }
    TemporaryStorageInMemory(const TemporaryStorageInMemory&) = delete;
    TemporaryStorageInMemory& operator=(const TemporaryStorageInMemory&) = delete;

private:
    sqlite3* m_db;
    int m_before = -1;
};

// The threads that sign a batch's certificates ahead of the recording thread (which alone talks to the
// register). Each thread keeps its own copy of every issuer certificate; the CA's opened key is shared.
class SigningPool {
public:
    // One item: its requests read and checked (attachKeys), then its certificate(s) signed.
    struct Job {
        Prepared* prepared = nullptr;
        const QByteArray* csr = nullptr;
        const IssueOptions* options = nullptr;
        std::vector<pki::CertificateSpec> specs; // with their serials
        const CaSigner* signer = nullptr;
        std::vector<Presigned>* out = nullptr; // as many as specs
        Status keys;                           // attachKeys' verdict
        bool done = false;
    };

    explicit SigningPool(int threads) {
        for (int i = 0; i < threads; ++i)
            m_threads.emplace_back([this] { run(); });
    }
    ~SigningPool() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
            m_queue.clear();
        }
        m_work.notify_all();
        for (std::thread& t : m_threads)
            t.join();
    }
    SigningPool(const SigningPool&) = delete;
    SigningPool& operator=(const SigningPool&) = delete;

    int threads() const { return int(m_threads.size()); }
    void submit(Job* job) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_queue.push_back(job);
        }
        m_work.notify_one();
    }
    void wait(Job* job) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_done.wait(lock, [job] { return job->done; });
    }

private:
    void run() {
        std::map<const CaSigner*, pki::X509Ptr> issuers;
        for (;;) {
            Job* job = nullptr;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_work.wait(lock, [this] { return m_stop || !m_queue.empty(); });
                if (m_stop)
                    return;
                job = m_queue.front();
                m_queue.pop_front();
            }
            pki::X509Ptr& issuer = issuers[job->signer];
            if (!issuer)
                issuer = pki::copyOf(job->signer->issuer.get());
            job->keys = attachKeys(*job->prepared, job->csr, nullptr, *job->options);
            if (job->keys) {
                for (std::size_t k = 0; k < job->specs.size(); ++k)
                    (*job->out)[k].made =
                        issuer ? signCertificate(job->specs[k], *job->prepared->keys[k].encoded, issuer.get(),
                                                 job->signer->key->pkey())
                               : Result<Signed>(makeError(ErrorCode::Crypto, Issuance::tr("Cannot copy the CA "
                                                                                          "certificate.")));
            }
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                job->done = true;
            }
            m_done.notify_all();
        }
    }
    std::mutex m_mutex;
    std::condition_variable m_work;
    std::condition_variable m_done;
    std::deque<Job*> m_queue;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

} // namespace

Result<BatchResult> Issuance::issueBatchFromCsrs(const Session& by, const std::vector<BatchItem>& items,
                                                 const pki::SecretSource& caKeySecret, const BatchOptions& options,
                                                 const BatchCommitted& onCommitted) {
    if (Status s = Roles::require(by, Permission::IssueCertificate); !s)
        return s.error();
    if (items.empty())
        return makeError(ErrorCode::Usage, tr("The batch holds no certificate requests."));
    const std::size_t groupSize = std::size_t(qBound(1, options.groupSize, 100000));
    BatchResult result;
    result.items.resize(items.size());
    IssueContext context;

    // Per item: what was prepared, the certificates signed ahead, what was recorded.
    struct Work {
        std::optional<Prepared> prepared;
        IssueOptions options;
        const CaSigner* signer = nullptr;
        std::vector<Presigned> presigned;
        std::unique_ptr<SigningPool::Job> job;
        std::optional<RecordedIssue> recorded;
    };
    std::vector<Work> work(items.size());
    std::map<qint64, CaSigner*> signers;    // the CA key is unlocked once per CA for the whole batch
    std::map<qint64, Error> signerFailures; // … and a CA key that cannot be unlocked is not asked for again
    std::map<qint64, bool> partitionedCas;  // whether the CA partitions its CRLs, read once per CA
    // Declared after `work`: destroyed (its threads stopped) before the jobs it points into.
    SigningPool pool(qBound(0, options.signingThreads, 16));
    const TemporaryStorageInMemory subJournalInMemory(m_reg.db());

    const auto settle = [&result](std::size_t i, BatchOutcome outcome, const Error& e = {}) {
        BatchItemResult& r = result.items[i];
        r.outcome = outcome;
        r.code = e.code;
        r.error = e.message;
    };
    std::deque<std::size_t> ready; // prepared, waiting for their group
    std::size_t nextToPrepare = 0;
    const auto prepareOne = [&](std::size_t i) {
        const BatchItem& item = items[i];
        Work& w = work[i];
        w.options.personIndex = item.personIndex;
        w.options.authCsr = item.authCsr;
        w.options.mediaSerial = item.mediaSerial;
        auto prepared = prepareIssue(m_reg, context, item.applicationId, &item.csr, nullptr, w.options, true);
        if (!prepared)
            return settle(i, BatchOutcome::Refused, prepared.error());
        const CaRecord& ca = prepared->ca->ca;
        if (auto failure = signerFailures.find(ca.id); failure != signerFailures.end())
            return settle(i, BatchOutcome::Refused, failure->second);
        auto known = signers.find(ca.id);
        if (known == signers.end()) {
            auto signer = m_reg.keyring().signer(ca, caKeySecret);
            if (!signer) {
                signerFailures.emplace(ca.id, signer.error());
                return settle(i, BatchOutcome::Refused, signer.error());
            }
            known = signers.emplace(ca.id, *signer).first;
        }
        w.signer = known->second;
        w.prepared.emplace(std::move(prepared.value()));
        // Keys in files: the requests are checked and the certificates signed ahead on the signing threads;
        // with a key on a token, by the recording step.
        // A CA that partitions its CRLs: the partition (its CDP) is chosen and recorded with the serial inside the
        // group's transaction, so its certificates are signed by the recording step.
        auto partitioned = partitionedCas.find(ca.id);
        if (partitioned == partitionedCas.end()) {
            auto active = CrlPartitions::active(m_reg.db(), ca);
            if (!active)
                return settle(i, BatchOutcome::Refused, active.error());
            partitioned = partitionedCas.emplace(ca.id, *active).first;
        }
        if (pool.threads() > 0 && !partitioned->second && !w.signer->key->uri().startsWith(QStringLiteral("pkcs11:"))) {
            const Prepared& p = *w.prepared;
            w.presigned.resize(p.plans.size());
            w.job = std::make_unique<SigningPool::Job>();
            w.job->prepared = &*w.prepared;
            w.job->csr = &item.csr;
            w.job->options = &w.options;
            w.job->signer = w.signer;
            w.job->out = &w.presigned;
            for (std::size_t k = 0; k < p.plans.size(); ++k) {
                pki::CertificateSpec spec = certificateSpec(ca, p.plans[k], context.now);
                spec.serial = pki::CertificateBuilder::newSerial();
                w.presigned[k].serial = spec.serial;
                w.job->specs.push_back(std::move(spec));
            }
            pool.submit(w.job.get());
        } else if (Status keys = attachKeys(*w.prepared, &item.csr, nullptr, w.options); !keys) {
            w.prepared.reset();
            return settle(i, BatchOutcome::Refused, keys.error());
        }
        ready.push_back(i);
    };
    // Two groups ahead: the signing threads sign the next group while this one is recorded and committed.
    // Prepared between groups only, so that no key is unlocked while the write lock is held.
    const auto fill = [&] {
        while (nextToPrepare < items.size() && ready.size() < 2 * groupSize)
            prepareOne(nextToPrepare++);
    };

    for (;;) {
        fill(); // also after a round whose items were all refused
        if (ready.empty())
            break;
        Transaction tx(m_reg.db());
        if (!tx.ok()) {
            result.failure = tx.status().message();
            break;
        }
        // The CAs' and OCSP signers' keys as this group's transaction sees them (a handful of certificates).
        auto serviceKeys = CertifiedKeys::serviceKeys(m_reg.db());
        if (!serviceKeys) {
            result.failure = serviceKeys.error().message;
            tx.fail(serviceKeys.error());
            break;
        }
        context.serviceKeys = std::move(serviceKeys.value());
        QElapsedTimer age;
        age.start();
        std::vector<std::size_t> group;
        std::optional<Error> registerFailure; // the register failed while recording: the batch stops
        while (!ready.empty() && group.size() < groupSize &&
               (group.empty() || age.elapsed() < qint64(qMax(1, options.groupMillis)))) {
            const std::size_t i = ready.front();
            ready.pop_front();
            Work& w = work[i];
            if (w.job) {
                pool.wait(w.job.get());
                if (!w.job->keys) {
                    settle(i, BatchOutcome::Refused, w.job->keys.error());
                    w.job.reset();
                    w.prepared.reset();
                    continue;
                }
            }
            // Each item inside a savepoint: a refused one leaves nothing behind, the group goes on.
            if (Status sp = savepointStep(m_reg.db(), "SAVEPOINT issue_batch_item"); !sp) {
                settle(i, BatchOutcome::Refused, sp.error());
                tx.fail(sp.error());
                break;
            }
            const int storageFailures = m_reg.db().storageFailures();
            auto recorded = recordIssue(m_reg, by, context, *w.prepared, *w.signer, nullptr, w.options,
                                        w.job ? &w.presigned : nullptr);
            if (!recorded && m_reg.db().storageFailures() != storageFailures) {
                // The register itself failed (a full disk, an I/O error), not this request: the group cannot be
                // recorded, so it fails like a failed commit and the batch stops.
                settle(i, BatchOutcome::Lost, recorded.error());
                tx.fail(recorded.error());
                registerFailure = recorded.error();
                break;
            }
            if (!recorded) {
                settle(i, BatchOutcome::Refused, recorded.error());
                Status back = savepointStep(m_reg.db(), "ROLLBACK TO SAVEPOINT issue_batch_item");
                Status release = savepointStep(m_reg.db(), "RELEASE SAVEPOINT issue_batch_item");
                if (!back || !release) {
                    tx.fail(!back ? back.error() : release.error());
                    break;
                }
                w.job.reset();
                w.prepared.reset();
                w.presigned.clear();
                continue;
            }
            if (Status release = savepointStep(m_reg.db(), "RELEASE SAVEPOINT issue_batch_item"); !release) {
                settle(i, BatchOutcome::Refused, release.error());
                tx.fail(release.error());
                break;
            }
            w.recorded.emplace(std::move(recorded.value()));
            group.push_back(i);
        }
        const int number = result.groups + 1;
        if (registerFailure) {
            // Nothing of the group is recorded (the transaction rolls back): none of its certificates exists.
            for (std::size_t i : group) {
                settle(i, BatchOutcome::Lost, *registerFailure);
                work[i].recorded.reset();
            }
            result.failure = tr("Group %1 of the batch could not be recorded, so none of its certificates was "
                                "issued; the batch stopped there: %2")
                                 .arg(number)
                                 .arg(registerFailure->message);
            break;
        }
        if (group.empty())
            continue; // every item of this round was refused: nothing to commit
        faultPoint(QByteArray("issue-batch-before-commit-" + QByteArray::number(number)).constData());
        if (Status s = tx.commit(); !s) {
            // Nothing of the group is recorded: none of its certificates exists.
            for (std::size_t i : group) {
                settle(i, BatchOutcome::Lost, s.error());
                work[i].recorded.reset();
            }
            result.failure = tr("Group %1 of the batch (%2 certificate requests) could not be recorded, so none of "
                                "its certificates was issued; the batch stopped there: %3")
                                 .arg(number)
                                 .arg(group.size())
                                 .arg(s.message());
            break;
        }
        result.groups = number;
        std::vector<std::size_t> committed;
        for (std::size_t i : group) {
            Work& w = work[i];
            BatchItemResult& r = result.items[i];
            r.outcome = BatchOutcome::Issued;
            r.group = number;
            r.issued = resultOf(*w.prepared, *w.recorded);
            w.recorded.reset();
            w.job.reset();
            w.prepared.reset();
            w.presigned.clear();
            committed.push_back(i);
        }
        faultPoint(QByteArray("issue-batch-after-commit-" + QByteArray::number(number)).constData());
        if (onCommitted && !onCommitted(result, committed)) {
            result.cancelled = true;
            break;
        }
    }
    for (const BatchItemResult& r : result.items) {
        switch (r.outcome) {
        case BatchOutcome::Issued:
            ++result.issued;
            break;
        case BatchOutcome::Refused:
            ++result.refused;
            break;
        case BatchOutcome::Lost:
            ++result.lost;
            break;
        case BatchOutcome::NotIssued:
            ++result.notIssued;
            break;
        }
    }
    return result;
}

} // namespace tirkeu::registry
