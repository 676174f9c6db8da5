// Issue 18, bulk issuance: Issuance::issueBatchFromCsrs issues many approved applications (and the persons
// of a government body's letter) from the holders' requests with the rules of issueFromCsr, unlocks the CA
// key once, records in groups (each one durable transaction with its audit events) and reports each
// certificate only after its group committed. A refused request (weak key, bad signature, a key already
// certified — also earlier in the same batch) records nothing and the others go on; an operator or a
// session without sign-in is refused before anything happens; a callback that stops the batch keeps what
// committed. The event log verifies after every batch.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/KeyPolicy.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/CaKeyring.h"

#include <QObject>
#include <QTemporaryDir>

#include <QSqlDriver>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sqlite3.h>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

QByteArray aliyaCsrFor(EVP_PKEY* key) {
    auto csr = pki::Csr::create(
        key, pki::SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), {}, kIinAliya));
    return csr ? *csr : QByteArray();
}

QByteArray newCsr() {
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    return key ? aliyaCsrFor(key->get()) : QByteArray();
}

// An RSA key with public exponent 3: refused by the key policy.
QByteArray exponentThreeRsaCsr() {
    pki::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    pki::BnPtr e(BN_new());
    BN_set_word(e.get(), 3);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return {};
    pki::EvpPkeyPtr key(raw);
    pki::X509ReqPtr req(X509_REQ_new());
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("X"), -1, -1, 0);
    if (X509_REQ_set_pubkey(req.get(), key.get()) != 1 || X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0)
        return {};
    return pki::toDer(req.get(), i2d_X509_REQ);
}

// A valid request whose signature no longer matches (one byte of the signature flipped).
QByteArray badSignatureCsr() {
    QByteArray der = newCsr();
    if (!der.isEmpty())
        der[der.size() - 5] = char(der[der.size() - 5] ^ 0x55);
    return der;
}

} // namespace

class IssueBatchTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

    CaEngine engine() { return CaEngine(*m_fx.reg); }
    pki::SecretSource secret() const { return pki::SecretSource::literal(kCaPassphrase); }
    qint64 approved() {
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinAliya));
        if (!id || !m_fx.reg->applications().approve(m_fx.officerB, *id))
            return 0;
        return *id;
    }
    std::vector<BatchItem> freshItems(int n) {
        std::vector<BatchItem> items;
        for (int i = 0; i < n; ++i) {
            BatchItem item;
            item.applicationId = approved();
            item.csr = newCsr();
            item.label = QString::number(item.applicationId);
            items.push_back(item);
        }
        return items;
    }
    ApplicationStatus statusOf(qint64 application) {
        return m_fx.reg->applications().get(m_fx.officerA, application)->status;
    }
    void verifyAudit() {
        auto report = m_fx.reg->audit().verify();
        TIRKEU_VERIFY_OK(report);
        TIRKEU_VERIFY_INTACT(report);
    }

    // The certificates recorded for these applications.
    int certificatesOf(const std::vector<BatchItem>& items, std::size_t from, std::size_t to) {
        int n = 0;
        for (std::size_t i = from; i < to; ++i)
            n += m_fx.reg->db()
                     .scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE application_id = ?"),
                             {items[i].applicationId})
                     ->toInt();
        return n;
    }
    sqlite3* sqliteOf() { return m_fx.reg->db().sqlite(); }
    static int failCommit(void*) { return 1; } // the COMMIT becomes a ROLLBACK (SQLITE_CONSTRAINT_COMMITHOOK)

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(engine().createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256,
                                               m_out.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
    }

    // Seven applications in groups of three: three durable groups, every certificate in the register with
    // its events when the callback hears of it, the CA key unlocked at most once.
    void issuesEveryItemInGroups() {
        for (int threads : {2, 0}) {
            std::vector<BatchItem> items = freshItems(7);
            const qint64 certificatesBefore = m_fx.count(QStringLiteral("certificates"));
            const int unlocksBefore = m_fx.reg->keyring().unlocks();
            BatchOptions options;
            options.groupSize = 3;
            options.groupMillis = 60000;
            options.signingThreads = threads;
            int callbacks = 0;
            QStringList problems;
            auto result = engine().issueBatchFromCsrs(
                m_fx.officerA, items, secret(), options,
                [&](const BatchResult& soFar, const std::vector<std::size_t>& committed) {
                    ++callbacks;
                    for (std::size_t i : committed) {
                        const BatchItemResult& r = soFar.items[i];
                        if (r.outcome != BatchOutcome::Issued || r.group != callbacks)
                            problems << QStringLiteral("item %1 reported before it was issued").arg(i);
                        // Committed: visible in the register with its issuance event.
                        if (m_fx.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE serial = ?"),
                                        {r.issued.serialHex})
                                    .toInt() != 1 ||
                            m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE subject = ? AND "
                                                       "event_type = 'certificate.issued'"),
                                        {r.issued.serialHex})
                                    .toInt() != 1)
                            problems << QStringLiteral("%1 not in the register").arg(r.issued.serialHex);
                    }
                    return true;
                });
            TIRKEU_VERIFY_OK(result);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
            QCOMPARE(result->issued, 7);
            QCOMPARE(result->refused, 0);
            QCOMPARE(result->groups, 3);
            QCOMPARE(callbacks, 3);
            QVERIFY(!result->cancelled);
            QVERIFY(result->failure.isEmpty());
            QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificatesBefore + 7);
            QVERIFY(m_fx.reg->keyring().unlocks() - unlocksBefore <= 1);
            QSet<QString> serials;
            for (std::size_t i = 0; i < items.size(); ++i) {
                QCOMPARE(result->items[i].outcome, BatchOutcome::Issued);
                QCOMPARE(statusOf(items[i].applicationId), ApplicationStatus::Done);
                serials.insert(result->items[i].issued.serialHex);
                QCOMPARE(m_fx.scalar(QStringLiteral("SELECT application_id FROM certificates WHERE serial = ?"),
                                     {result->items[i].issued.serialHex})
                             .toLongLong(),
                         items[i].applicationId);
            }
            QCOMPARE(serials.size(), 7);
            verifyAudit();
        }
    }

    // Refused in the middle: a weak key (e = 3), a broken signature, not a request at all, and the same
    // key as an earlier item of the same batch (in the same group). The others are issued; the refused
    // ones record nothing and their applications stay approved.
    void refusedItemsRecordNothing() {
        std::vector<BatchItem> items = freshItems(6);
        items[1].csr = exponentThreeRsaCsr();
        QVERIFY(!items[1].csr.isEmpty());
        items[2].csr = badSignatureCsr();
        items[3].csr = QByteArray("not a certificate request");
        items[4].csr = items[0].csr; // the same key twice in one batch
        const qint64 certificatesBefore = m_fx.count(QStringLiteral("certificates"));
        const qint64 eventsBefore = m_fx.count(QStringLiteral("audit_events"));
        BatchOptions oneGroup;
        oneGroup.groupMillis = 60000; // all six in one group, however slow the machine
        auto result = engine().issueBatchFromCsrs(m_fx.officerA, items, secret(), oneGroup);
        TIRKEU_VERIFY_OK(result);
        QCOMPARE(result->issued, 2);
        QCOMPARE(result->refused, 4);
        QCOMPARE(result->groups, 1);
        QCOMPARE(result->items[0].outcome, BatchOutcome::Issued);
        QCOMPARE(result->items[5].outcome, BatchOutcome::Issued);
        for (int i : {1, 2, 3, 4}) {
            const BatchItemResult& r = result->items[std::size_t(i)];
            QCOMPARE(r.outcome, BatchOutcome::Refused);
            QVERIFY2(!r.error.isEmpty(), "a refusal must say why");
            QVERIFY(r.issued.serialHex.isEmpty());
            QCOMPARE(statusOf(items[std::size_t(i)].applicationId), ApplicationStatus::Approved);
            QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE application_id = ?"),
                                 {items[std::size_t(i)].applicationId})
                         .toInt(),
                     0);
        }
        QCOMPARE(result->items[1].code, ErrorCode::Invalid);
        QCOMPARE(result->items[4].code, ErrorCode::Conflict);
        QVERIFY2(result->items[4].error.contains(result->items[0].issued.serialHex),
                 qPrintable(result->items[4].error));
        // Two certificates, each with its application.done and certificate.issued events.
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificatesBefore + 2);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), eventsBefore + 4);
        verifyAudit();
    }

    // A whole round refused when it is recorded (keys already certified) does not end the batch: the
    // requests after it are still prepared and issued.
    void aRefusedRoundDoesNotEndTheBatch() {
        std::vector<BatchItem> first = freshItems(2);
        auto issued = engine().issueBatchFromCsrs(m_fx.officerA, first, secret());
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->issued, 2);
        std::vector<BatchItem> items = freshItems(3);
        items[0].csr = first[0].csr;
        items[1].csr = first[1].csr;
        BatchOptions options;
        options.groupSize = 1;
        auto result = engine().issueBatchFromCsrs(m_fx.officerA, items, secret(), options);
        TIRKEU_VERIFY_OK(result);
        QCOMPARE(result->refused, 2);
        QCOMPARE(result->issued, 1);
        QCOMPARE(result->notIssued, 0);
        QCOMPARE(result->items[2].outcome, BatchOutcome::Issued);
        verifyAudit();
    }

    // The persons of a government body's letter are not issued in a batch (Rules::governmentIssuance): the
    // Government Bodies CA generates each key onto its media and records the employee who receives it. Each
    // item is refused with that reason; nothing is recorded and the letter stays approved.
    void refusesTheLettersPersons() {
        TIRKEU_VERIFY_OK(engine().createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256,
                                               m_out.filePath(QStringLiteral("gov.p8")), kCaPassphrase, 10));
        forms::Submission letter = govIssue(kIinThird);
        QJsonArray persons = letter.data.value(QStringLiteral("persons")).toArray();
        QVERIFY(!persons.isEmpty());
        for (const QString& iin : {kIinFourth, kIinFifth}) {
            QJsonObject p = persons.at(0).toObject();
            p.insert(QStringLiteral("iin"), iin);
            persons.append(p);
        }
        letter.data.insert(QStringLiteral("persons"), persons);
        auto id = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, letter);
        TIRKEU_VERIFY_OK(id);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *id));
        std::vector<BatchItem> items;
        for (int person : {0, 1, 1, 2}) {
            BatchItem item;
            item.applicationId = *id;
            item.personIndex = person;
            item.csr = newCsr();
            item.mediaSerial = QStringLiteral("TOKEN-%1").arg(person);
            items.push_back(item);
        }
        const qint64 certificates = m_fx.count(QStringLiteral("certificates"));
        auto result = engine().issueBatchFromCsrs(m_fx.officerA, items, secret());
        TIRKEU_VERIFY_OK(result);
        QCOMPARE(result->issued, 0);
        QCOMPARE(result->refused, 4);
        for (const BatchItemResult& item : result->items) {
            QCOMPARE(item.outcome, BatchOutcome::Refused);
            QVERIFY2(item.error.contains(QStringLiteral("does not issue in a batch")), qPrintable(item.error));
        }
        QCOMPARE(statusOf(*id), ApplicationStatus::Approved);
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificates);
        verifyAudit();
    }

    // Stopping after the first group keeps that group; the rest is not issued and stays approved.
    void stopAfterAGroupKeepsWhatCommitted() {
        std::vector<BatchItem> items = freshItems(5);
        BatchOptions options;
        options.groupSize = 2;
        options.groupMillis = 60000;
        auto result =
            engine().issueBatchFromCsrs(m_fx.officerA, items, secret(), options,
                                        [](const BatchResult&, const std::vector<std::size_t>&) { return false; });
        TIRKEU_VERIFY_OK(result);
        QVERIFY(result->cancelled);
        QCOMPARE(result->issued, 2);
        QCOMPARE(result->notIssued, 3);
        for (std::size_t i = 0; i < items.size(); ++i)
            QCOMPARE(statusOf(items[i].applicationId), i < 2 ? ApplicationStatus::Done : ApplicationStatus::Approved);
        verifyAudit();
    }

    // SQLite: while a batch runs, its connection keeps temporary storage (the savepoints' sub-journal) in
    // memory, and afterwards it is what it was, so that a later big sort (an export) spills to disk again.
    // A refused item in the middle of a group (rolled back to its savepoint from that in-memory sub-journal)
    // leaves nothing, and the items around it are recorded whole.
    void temporaryStorageInMemoryOnlyWhileTheBatchRuns() {
        if (m_fx.reg->db().engine() != Engine::Sqlite)
            QSKIP("temp_store is SQLite's");
        const auto tempStore = [this] { return m_fx.reg->db().scalar(QStringLiteral("PRAGMA temp_store"))->toInt(); };
        for (int before : {0, 1}) {
            TIRKEU_VERIFY_OK(m_fx.reg->db().exec(QStringLiteral("PRAGMA temp_store = %1").arg(before)));
            std::vector<BatchItem> items = freshItems(5);
            items[2].csr = items[0].csr; // refused when recorded: the key was certified by item 0 of this group
            BatchOptions options;
            options.groupSize = 5;
            options.groupMillis = 60000;
            QList<int> during;
            auto result = engine().issueBatchFromCsrs(m_fx.officerA, items, secret(), options,
                                                      [&](const BatchResult&, const std::vector<std::size_t>&) {
                                                          during << tempStore();
                                                          return true;
                                                      });
            TIRKEU_VERIFY_OK(result);
            QCOMPARE(during, QList<int>{2}); // one group, MEMORY
            QCOMPARE(tempStore(), before);
            QCOMPARE(result->issued, 4);
            QCOMPARE(result->items[2].outcome, BatchOutcome::Refused);
            QCOMPARE(certificatesOf(items, 2, 3), 0);
            QCOMPARE(statusOf(items[2].applicationId), ApplicationStatus::Approved);
            for (std::size_t i : {0, 1, 3, 4}) {
                QCOMPARE(certificatesOf(items, i, i + 1), 1);
                QCOMPARE(statusOf(items[i].applicationId), ApplicationStatus::Done);
            }
        }
        verifyAudit();
    }

    // The disk fills after the first group (max_page_count at the register's size on the batch's own
    // connection: SQLITE_FULL): nothing of the later requests is recorded or reported as issued, the
    // first group stays, the batch does not end as a success, the event log verifies.
    void diskFullAfterTheFirstGroup() {
        if (m_fx.reg->db().engine() != Engine::Sqlite)
            QSKIP("SQLite file register only (max_page_count)");
        std::vector<BatchItem> items = freshItems(6);
        BatchOptions options;
        options.groupSize = 2;
        options.groupMillis = 60000;
        const QVariant before = m_fx.reg->db().scalar(QStringLiteral("PRAGMA max_page_count")).value();
        auto result = engine().issueBatchFromCsrs(
            m_fx.officerA, items, secret(), options, [this](const BatchResult& r, const std::vector<std::size_t>&) {
                if (r.groups == 1) {
                    auto pages = m_fx.reg->db().scalar(QStringLiteral("PRAGMA page_count"));
                    (void)m_fx.reg->db().exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages->toLongLong()));
                }
                return true;
            });
        TIRKEU_VERIFY_OK(m_fx.reg->db().exec(QStringLiteral("PRAGMA max_page_count = %1").arg(before.toLongLong())));
        TIRKEU_VERIFY_OK(result);
        // The first group is kept; after it, exactly the requests reported issued have a certificate (the
        // freed pages may still take one), the others none and their applications are still approved.
        QVERIFY(result->groups >= 1);
        QVERIFY(result->issued >= 2);
        QVERIFY(result->issued < int(items.size())); // the disk full is never a success
        int full = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const BatchItemResult& r = result->items[i];
            const bool issued = r.outcome == BatchOutcome::Issued;
            QVERIFY(i >= 2 || issued);
            QCOMPARE(certificatesOf(items, i, i + 1), issued ? 1 : 0);
            QCOMPARE(statusOf(items[i].applicationId), issued ? ApplicationStatus::Done : ApplicationStatus::Approved);
            if (r.outcome == BatchOutcome::Lost) { // the group that met the full register
                QCOMPARE(r.code, ErrorCode::Database);
                full += r.error.contains(QStringLiteral("full")) ? 1 : 0;
            } else if (!issued) {
                QCOMPARE(r.outcome, BatchOutcome::NotIssued); // after the batch stopped
            }
        }
        QVERIFY(full > 0);
        // The register failing while a request is recorded is not the request's fault: the batch stops like a
        // failed commit (Lost, failure set), no request is reported refused.
        QCOMPARE(result->refused, 0);
        QVERIFY2(!result->failure.isEmpty(), "the batch must say why it stopped");
        verifyAudit();
    }

    // The second group's COMMIT itself fails (a commit hook turns it into a rollback, as a full disk or an
    // I/O error at commit would): its items are Lost, the batch stops with the reason, the first group is
    // kept, nothing of the second is recorded, the event log verifies.
    void commitFailsAtTheSecondGroup() {
        sqlite3* handle = sqliteOf();
        if (!handle)
            QSKIP("SQLite file register only (commit hook)");
        std::vector<BatchItem> items = freshItems(5);
        BatchOptions options;
        options.groupSize = 2;
        options.groupMillis = 60000;
        auto result = engine().issueBatchFromCsrs(
            m_fx.officerA, items, secret(), options, [handle](const BatchResult& r, const std::vector<std::size_t>&) {
                if (r.groups == 1)
                    sqlite3_commit_hook(handle, &IssueBatchTest::failCommit, nullptr);
                return true;
            });
        sqlite3_commit_hook(handle, nullptr, nullptr);
        TIRKEU_VERIFY_OK(result);
        QCOMPARE(result->groups, 1);
        QCOMPARE(result->issued, 2);
        QCOMPARE(result->lost, 2);
        QCOMPARE(result->notIssued, 1);
        QVERIFY2(result->failure.contains(QStringLiteral("Group 2")), qPrintable(result->failure));
        QCOMPARE(certificatesOf(items, 0, 2), 2);
        QCOMPARE(certificatesOf(items, 2, items.size()), 0);
        for (std::size_t i = 2; i < items.size(); ++i)
            QCOMPARE(statusOf(items[i].applicationId), ApplicationStatus::Approved);
        verifyAudit();
        // The same requests again: issued now (nothing of the lost group stands in their way).
        std::vector<BatchItem> rest(items.begin() + 2, items.end());
        auto again = engine().issueBatchFromCsrs(m_fx.officerA, rest, secret(), options);
        TIRKEU_VERIFY_OK(again);
        QCOMPARE(again->issued, 3);
        verifyAudit();
    }

    // Without the right to issue, or without signing in, nothing at all happens.
    void refusedWithoutTheRight() {
        std::vector<BatchItem> items = freshItems(2);
        const qint64 certificates = m_fx.count(QStringLiteral("certificates"));
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        TIRKEU_VERIFY_ERROR(engine().issueBatchFromCsrs(m_fx.operatorA, items, secret()), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(engine().issueBatchFromCsrs(Session{}, items, secret()), ErrorCode::Forbidden);
        TIRKEU_VERIFY_ERROR(engine().issueBatchFromCsrs(m_fx.officerA, {}, secret()), ErrorCode::Usage);
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificates);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        for (const BatchItem& item : items)
            QCOMPARE(statusOf(item.applicationId), ApplicationStatus::Approved);
    }

    // A wrong CA passphrase refuses every item (asked once), records nothing.
    void wrongPassphraseRefusesEveryItem() {
        m_fx.reg->keyring().forget();
        std::vector<BatchItem> items = freshItems(3);
        const qint64 certificates = m_fx.count(QStringLiteral("certificates"));
        auto result = engine().issueBatchFromCsrs(m_fx.officerA, items,
                                                  pki::SecretSource::literal(QStringLiteral("wrong passphrase")));
        TIRKEU_VERIFY_OK(result);
        QCOMPARE(result->refused, 3);
        QCOMPARE(result->issued, 0);
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), certificates);
    }
};

TIRKEU_TEST_GUILESS_MAIN(IssueBatchTest)
#include "tst_issue_batch.moc"
