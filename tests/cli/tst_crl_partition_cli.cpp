// Issue 18, partitioned CRLs through the real tirkeu-cli: a CA set to crl_partition=serial-range:4
// issues certificates whose cRLDistributionPoints names their partition's URL; `crl publish` writes
// the CA's own CRL and one CRL per partition, each with a critical issuingDistributionPoint naming its
// URL; every revoked certificate is in exactly one of them (its partition's); openssl verify
// -crl_check with a partition's CRL accepts a valid certificate of that partition and rejects a
// revoked one; delta CRLs are refused; a process killed inside one partition's publication is
// repaired by the next run like any other; audit verify --crl accepts the partition CRLs.
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "pki/CrlNumber.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;

class TestCrlPartitionCli : public QObject, public CliHarness {
    Q_OBJECT

    struct Holder {
        QString serial;
        QString pem;           // the certificate file
        QString cdp;           // its cRLDistributionPoints URL
        bool freshest = false; // it has a freshestCRL pointer
    };
    QList<Holder> m_holders;
    QJsonObject m_published;

    QString crlDir() const { return path(QStringLiteral("crl")); }
    Holder issueHolder(int n) {
        const QString tag = QStringLiteral("h%1").arg(n);
        const Run issued = issueIndividual(tag);
        if (issued.code != 0)
            return {};
        Holder h;
        h.serial = issued.json().value(QStringLiteral("serial")).toString();
        h.pem = path(tag + QStringLiteral(".pem"));
        const Tool ext = openssl({QStringLiteral("x509"), QStringLiteral("-in"), h.pem, QStringLiteral("-noout"),
                                  QStringLiteral("-ext"), QStringLiteral("crlDistributionPoints,freshestCRL")});
        const auto m = QRegularExpression(QStringLiteral("URI:(\\S+)")).match(ext.output);
        h.cdp = m.captured(1);
        h.freshest = ext.output.contains(QStringLiteral("Freshest"));
        return h;
    }
    Run revoke(const QString& serial) { return revokeSuperseded(serial, QStringLiteral("өтініш №18")); }
    // Every published CRL of the run: {der, distribution_point, entries}.
    static QList<QJsonObject> crlsOf(const QJsonObject& published) {
        QList<QJsonObject> out{published};
        for (const QJsonValue& v : published.value(QStringLiteral("partitions")).toArray())
            out << v.toObject();
        return out;
    }
    static QString dp(const QJsonObject& crl) { return crl.value(QStringLiteral("distribution_point")).toString(); }
    static QString der(const QJsonObject& crl) { return crl.value(QStringLiteral("der")).toString(); }
    bool killedAt(const QString& step) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_FAULT_AT"), step);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"),
                QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                            QStringLiteral("--as"), QStringLiteral("off1"), QStringLiteral("--password-file"),
                            path(QStringLiteral("off1.pw"))} +
                    publish());
        return p.waitForFinished(60000) && p.exitStatus() == QProcess::CrashExit;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        QVERIFY(QDir().mkpath(crlDir()));
    }

    void badSettingsAreRefused() {
        for (const QString& bad :
             {QStringLiteral("crl_partition=serial-range:1"), QStringLiteral("crl_partition=weekly"),
              QStringLiteral("crl_partition=period:0"), QStringLiteral("crl_partition_min_bytes=-5")}) {
            const Run r = as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("set"),
                                                       QStringLiteral("--code"), QStringLiteral("NCA"), bad});
            QVERIFY2(r.code != 0, qPrintable(bad));
            QVERIFY2(r.err.contains(QStringLiteral("crl_partition")), qPrintable(r.err));
        }
        QCOMPARE(count(QStringLiteral("crl_partitions")), 0);
    }

    void certificatesNameTheirPartition() {
        // One certificate before partitioning (the CA's own cdp_url), then partitions at once.
        const Holder before = issueHolder(0);
        QCOMPARE(before.cdp, QStringLiteral("http://crl.test.kz/ca.crl"));
        QVERIFY(before.freshest);
        m_holders << before;
        const Run set =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"), QStringLiteral("NCA"),
                QStringLiteral("crl_partition=serial-range:4"), QStringLiteral("crl_partition_min_bytes=0")});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        static const QRegularExpression partitionUrl(QStringLiteral("^http://crl\\.test\\.kz/ca-s[0-3]\\.crl$"));
        for (int i = 1; i <= 8; ++i) {
            const Holder h = issueHolder(i);
            QVERIFY2(partitionUrl.match(h.cdp).hasMatch(), qPrintable(h.serial + QStringLiteral(": ") + h.cdp));
            QVERIFY(!h.freshest); // a partitioned CA publishes no delta CRLs
            m_holders << h;
        }
        QCOMPARE(count(QStringLiteral("crl_partition_members")), 8);
    }

    void eachRevokedCertificateIsInItsPartitionOnly() {
        // Revoke every other holder (the pre-partition one included).
        for (int i = 0; i < m_holders.size(); i += 2) {
            const Run r = revoke(m_holders.at(i).serial);
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 0, qPrintable(published.err));
        m_published = published.json();
        const QList<QJsonObject> crls = crlsOf(m_published);
        QVERIFY(crls.size() >= 2);
        QCOMPARE(dp(crls.first()), QStringLiteral("http://crl.test.kz/ca.crl"));
        QSet<quint64> numbers;
        for (const QJsonObject& crl : crls) {
            const Tool text =
                openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                         der(crl), QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-CAfile"),
                         path(QStringLiteral("nca.pem"))});
            QVERIFY2(text.code == 0 && text.output.contains(QStringLiteral("verify OK")), qPrintable(text.output));
            QVERIFY2(text.output.contains(QStringLiteral("X509v3 Issuing Distribution Point: critical")),
                     qPrintable(text.output));
            QVERIFY2(text.output.contains(QStringLiteral("URI:") + dp(crl)), qPrintable(text.output));
            QVERIFY2(!text.output.contains(QStringLiteral("Freshest CRL")), qPrintable(text.output));
            numbers.insert(quint64(crl.value(QStringLiteral("crl_number")).toInteger()));
            // Exactly the revoked certificates whose CDP is this CRL's distribution point.
            for (int i = 0; i < m_holders.size(); ++i) {
                const Holder& h = m_holders.at(i);
                const bool listed = text.output.contains(QStringLiteral("Serial Number: ") + h.serial.toUpper());
                QCOMPARE(listed, i % 2 == 0 && h.cdp == dp(crl));
            }
        }
        QCOMPARE(numbers.size(), crls.size()); // one sequence: every scope its own number
        qint64 entries = 0;
        for (const QJsonObject& crl : crls)
            entries += crl.value(QStringLiteral("entries")).toInteger();
        QCOMPARE(entries, qint64((m_holders.size() + 1) / 2));
    }

    void opensslVerifiesWithThePartitionCrl() {
        for (int i = 1; i < m_holders.size(); ++i) {
            const Holder& h = m_holders.at(i);
            QString crlPem;
            for (const QJsonObject& crl : crlsOf(m_published))
                if (dp(crl) == h.cdp)
                    crlPem = crl.value(QStringLiteral("pem")).toString();
            QVERIFY2(!crlPem.isEmpty(), qPrintable(h.cdp));
            const Tool v = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                    path(QStringLiteral("nca.pem")), QStringLiteral("-CRLfile"), crlPem, h.pem});
            if (i % 2 == 0) {
                QVERIFY2(v.code != 0 && v.output.contains(QStringLiteral("certificate revoked")), qPrintable(v.output));
            } else {
                QVERIFY2(v.code == 0 && v.output.contains(QStringLiteral(": OK")), qPrintable(v.output));
            }
        }
    }

    void deltaIsRefused() {
        const qint64 before = count(QStringLiteral("crl_pending"));
        const Run delta = as(QStringLiteral("off1"), publish(true));
        QVERIFY(delta.code != 0);
        QVERIFY2(delta.err.contains(QStringLiteral("partitioned CRLs")) && delta.err.contains(QStringLiteral("delta")),
                 qPrintable(delta.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), before); // nothing reserved
    }

    void auditVerifyAcceptsThePartitionCrls() {
        QStringList args{QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--crl")};
        for (const QJsonObject& crl : crlsOf(m_published))
            args << der(crl);
        const Run verify = as(QStringLiteral("admin"), args);
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

    void killedInsideAPartitionIsRepaired_data() {
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("state");
        QTest::addRow("after reserve") << "crl-partition-after-reserve"
                                       << "abandoned";
        QTest::addRow("after DER rename") << "crl-partition-after-der-rename"
                                          << "published";
    }
    void killedInsideAPartitionIsRepaired() {
        if (!registry::faultInjectionBuilt())
            QSKIP("built without TIRKEU_FAULT_INJECTION");
        QFETCH(QString, step);
        QFETCH(QString, state);
        QVERIFY2(QFile::exists(qEnvironmentVariable("TIRKEU_CLI")), "TIRKEU_CLI is not set");
        QVERIFY(killedAt(step));
        const QVariant pending =
            scalar(QStringLiteral("SELECT max(id) FROM crl_pending WHERE state IN ('reserved', 'written')"));
        QVERIFY(!pending.isNull());
        const QString base =
            scalar(QStringLiteral("SELECT file_base FROM crl_pending WHERE id = ?"), {pending}).toString();
        QVERIFY2(base.startsWith(QStringLiteral("NCA-s")), qPrintable(base)); // a partition's, not the CA's own
        // Every CRL file in the folder is complete and recorded with exactly its content.
        for (const QString& name : QDir(crlDir()).entryList({QStringLiteral("NCA*.crl")}, QDir::Files)) {
            const QByteArray content = read(QDir(crlDir()).filePath(name));
            auto n = pki::CrlNumber::read(content);
            QVERIFY2(n && n->has_value(), qPrintable(name));
            const QString sha =
                QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
            const QVariant recorded = scalar(
                QStringLiteral("SELECT coalesce((SELECT sha256 FROM crls WHERE crl_number = ?), (SELECT der_sha256 "
                               "FROM crl_pending WHERE crl_number = ? AND state <> 'reserved'))"),
                {qint64(**n), qint64(**n)});
            QCOMPARE(recorded.toString(), sha);
        }
        // The next run finishes (content recorded) or abandons (only reserved) it and publishes again.
        const Run next = as(QStringLiteral("off1"), publish());
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QCOMPARE(scalar(QStringLiteral("SELECT state FROM crl_pending WHERE id = ?"), {pending}).toString(), state);
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM crl_pending WHERE state IN ('reserved', 'written')")).toInt(),
            0);
        for (const QString& name : QDir(crlDir()).entryList(QDir::Files | QDir::Hidden))
            QVERIFY2(!name.endsWith(QLatin1String(".tmp")), qPrintable(name));
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

    // The attacker (sqlite3 on the file, or the application's role on PostgreSQL: the partition tables
    // have no guard) moves, deletes or adds a certificate's partition membership, or changes a
    // partition's URL, so that a revocation would leave the CRL its certificate names. The publisher
    // refuses to publish (nothing reserved) and audit verify names the certificate; put back, both work.
    void membershipTamperIsRefusedAndDetected_data() {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<int>("holder");
        QTest::addRow("moved, revoked") << "moved" << 2;
        QTest::addRow("deleted, revoked") << "deleted" << 4;
        QTest::addRow("added, pre-partition revoked") << "added" << 0;
        QTest::addRow("partition URL changed") << "url" << 6;
    }
    void membershipTamperIsRefusedAndDetected() {
        QFETCH(QString, attack);
        QFETCH(int, holder);
        const Holder& h = m_holders.at(holder);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM certificates WHERE serial = ?"), {h.serial}).toString(),
                 QStringLiteral("revoked"));
        const QVariant label =
            scalar(QStringLiteral("SELECT label FROM crl_partition_members WHERE serial = ?"), {h.serial});
        const QVariant url = scalar(QStringLiteral("SELECT url FROM crl_partitions WHERE label = ?"), {label});
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            const QString nca = QStringLiteral("(SELECT id FROM cas WHERE code = 'NCA')");
            auto done =
                attack == u"moved"
                    ? (*db)->exec(QStringLiteral("UPDATE crl_partition_members SET label = (SELECT min(label) "
                                                 "FROM crl_partitions WHERE label <> ?) WHERE serial = ?"),
                                  {label, h.serial})
                : attack == u"deleted"
                    ? (*db)->exec(QStringLiteral("DELETE FROM crl_partition_members WHERE serial = ?"), {h.serial})
                : attack == u"added"
                    ? (*db)->exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) SELECT ") +
                                      nca + QStringLiteral(", ?, min(label) FROM crl_partitions"),
                                  {h.serial})
                    : (*db)->exec(QStringLiteral("UPDATE crl_partitions SET url = "
                                                 "'http://crl.test.kz/elsewhere.crl' WHERE label = ?"),
                                  {label});
            QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        }
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        if (published.code == 0) {
            // Show what a relying party following the certificate's CDP would see.
            bool listed = false;
            for (const QJsonObject& crl : crlsOf(published.json()))
                if (dp(crl) == h.cdp)
                    listed =
                        openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                 QStringLiteral("-in"), der(crl), QStringLiteral("-noout"), QStringLiteral("-text")})
                            .output.contains(QStringLiteral("Serial Number: ") + h.serial.toUpper());
            QFAIL(qPrintable(QStringLiteral("published after the tamper; revocation of %1 in its CDP's CRL (%2): %3")
                                 .arg(h.serial, h.cdp, listed ? QStringLiteral("yes") : QStringLiteral("NO"))));
        }
        QCOMPARE(published.code, 8);
        // The certificate named: the one tampered with (a changed URL: the first of that partition's).
        const QString named = attack == u"url" ? QStringLiteral("elsewhere.crl") : h.serial;
        QVERIFY2(published.err.contains(named), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved); // nothing reserved
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(named), qPrintable(verify.out + verify.err));
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            auto undone =
                attack == u"added"
                    ? (*db)->exec(QStringLiteral("DELETE FROM crl_partition_members WHERE serial = ?"), {h.serial})
                : attack == u"url"
                    ? (*db)->exec(QStringLiteral("UPDATE crl_partitions SET url = ? WHERE label = ?"), {url, label})
                    : (*db)->exec(QStringLiteral("DELETE FROM crl_partition_members WHERE serial = ?"), {h.serial});
            QVERIFY(undone.ok());
            if (attack == u"moved" || attack == u"deleted")
                undone = (*db)->exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) SELECT "
                                                    "id, ?, ? FROM cas WHERE code = 'NCA'"),
                                     {h.serial, label});
            QVERIFY2(undone.ok(), qPrintable(undone.ok() ? QString() : undone.error().message));
        }
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // Every partition and every membership of the CA deleted: the CA looks as if it never partitioned
    // and would list everything in its own CRL only. Its partitions' published CRLs (crls, evidence)
    // still name them: refused and found.
    void allPartitionsDeletedAreFound() {
        QList<QVariantList> partitions;
        QList<QVariantList> members;
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            auto p = (*db)->exec(QStringLiteral("SELECT ca_id, label, url, created_at FROM crl_partitions"));
            QVERIFY(p.ok());
            while (p->next())
                partitions << QVariantList{p->value(0), p->value(1), p->value(2), p->value(3)};
            auto m = (*db)->exec(QStringLiteral("SELECT ca_id, serial, label FROM crl_partition_members"));
            QVERIFY(m.ok());
            while (m->next())
                members << QVariantList{m->value(0), m->value(1), m->value(2)};
            QVERIFY(!partitions.isEmpty() && !members.isEmpty());
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM crl_partition_members")).ok());
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM crl_partitions")).ok());
        }
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(QStringLiteral("crl_partitions")), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("crl_partitions")),
                 qPrintable(verify.out + verify.err));
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            for (const QVariantList& row : std::as_const(partitions))
                QVERIFY((*db)
                            ->exec(QStringLiteral("INSERT INTO crl_partitions (ca_id, label, url, created_at) "
                                                  "VALUES (?, ?, ?, ?)"),
                                   row)
                            .ok());
            for (const QVariantList& row : std::as_const(members))
                QVERIFY((*db)
                            ->exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) VALUES "
                                                  "(?, ?, ?)"),
                                   row)
                            .ok());
        }
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // A certificate in two partitions: the primary key refuses the second row.
    void twoPartitionsAreRefused() {
        auto db = registry::Database::open(m_db);
        QVERIFY(db.ok());
        QVERIFY(!(*db)
                     ->exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) SELECT ca_id, "
                                           "serial, 'sX' FROM crl_partition_members WHERE serial = ?"),
                            {m_holders.at(2).serial})
                     .ok());
    }

    // A partition deleted with its only member before its first CRL was published: no crls row names
    // it, yet the revoked certificate's own cRLDistributionPoints names its URL (a partition's form of
    // the CA's cdp_url). Refused by crl publish and found by audit verify, naming the certificate.
    void unpublishedPartitionDeletedIsFound() {
        const Run set =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                         QStringLiteral("NCA"), QStringLiteral("crl_partition=period:1")});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        const Holder h = issueHolder(20);
        QVERIFY2(
            QRegularExpression(QStringLiteral("^http://crl\\.test\\.kz/ca-p[0-9]{6}\\.crl$")).match(h.cdp).hasMatch(),
            qPrintable(h.cdp));
        const Run revoked = revoke(h.serial);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const QVariant label =
            scalar(QStringLiteral("SELECT label FROM crl_partition_members WHERE serial = ?"), {h.serial});
        QVERIFY(label.toString().startsWith(u'p'));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM crls WHERE file_name LIKE ?"),
                        {QString(QStringLiteral("%-") + label.toString() + QStringLiteral(".crl"))})
                     .toInt(),
                 0); // never published
        QVariantList partition;
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            auto p = (*db)->exec(
                QStringLiteral("SELECT ca_id, label, url, created_at FROM crl_partitions WHERE label = ?"), {label});
            QVERIFY(p.ok() && p->next());
            partition = {p->value(0), p->value(1), p->value(2), p->value(3)};
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM crl_partition_members WHERE label = ?"), {label}).ok());
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM crl_partitions WHERE label = ?"), {label}).ok());
        }
        const qint64 reserved = count(QStringLiteral("crl_pending"));
        const Run published = as(QStringLiteral("off1"), publish());
        QCOMPARE(published.code, 8);
        QVERIFY2(published.err.contains(h.serial), qPrintable(published.err));
        QVERIFY2(published.err.contains(h.cdp), qPrintable(published.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), reserved);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 8);
        QVERIFY2(QString(verify.out + verify.err).contains(h.serial), qPrintable(verify.out + verify.err));
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            QVERIFY((*db)
                        ->exec(QStringLiteral(
                                   "INSERT INTO crl_partitions (ca_id, label, url, created_at) VALUES (?, ?, ?, ?)"),
                               partition)
                        .ok());
            QVERIFY(
                (*db)
                    ->exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) VALUES (?, ?, ?)"),
                           {partition.at(0), h.serial, label})
                    .ok());
        }
        const Run again = as(QStringLiteral("off1"), publish());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Run clean = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
    }

    // Attack of session 30, A1 (b): a backup older than a revocation, restored into a new register, published CRLs
    // that left the revoked certificate out of its partition's CRL whenever the newest file in the folder was
    // another partition's (only that one was read). Every CRL of the CA numbered above what the register recorded
    // is read: refused, naming the certificate, and nothing published. The certificate is one of a serial range
    // whose CRL is not the run's last (highest-numbered) one.
    void restoredOlderRegisterKeepsEveryPartitionsRevocations() {
        const Run ranges =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                         QStringLiteral("NCA"), QStringLiteral("crl_partition=serial-range:4")});
        QVERIFY2(ranges.code == 0, qPrintable(ranges.err));
        // Certificates in several ranges (a partition exists from its first certificate on), then one publication:
        // the partition whose CRL a run numbers last is known, and the victim is in another.
        QList<Holder> fresh;
        for (int i = 40; i < 48; ++i) {
            fresh << issueHolder(i);
            QVERIFY(!fresh.last().serial.isEmpty());
        }
        const Run first = as(QStringLiteral("off1"), publish());
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QString last;
        qint64 lastNumber = -1;
        for (const QJsonObject& crl : crlsOf(first.json()))
            if (crl.value(QStringLiteral("crl_number")).toInteger() > lastNumber) {
                lastNumber = crl.value(QStringLiteral("crl_number")).toInteger();
                last = dp(crl);
            }
        Holder victim;
        for (const Holder& h : std::as_const(fresh))
            if (h.cdp != last)
                victim = h;
        QVERIFY2(!victim.serial.isEmpty(), qPrintable(last));
        const QString backup = path(QStringLiteral("before-revocation.backup"));
        const Run saved = as(QStringLiteral("admin"),
                             {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), backup});
        QVERIFY2(saved.code == 0, qPrintable(saved.err));
        const Run r = revoke(victim.serial);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Run published = as(QStringLiteral("off1"), publish());
        QVERIFY2(published.code == 0, qPrintable(published.err));
        // The victim's CRL is not the folder's newest: another partition's is.
        qint64 victimNumber = -1;
        qint64 newest = -1;
        for (const QJsonObject& crl : crlsOf(published.json())) {
            const qint64 n = crl.value(QStringLiteral("crl_number")).toInteger();
            newest = std::max(newest, n);
            if (dp(crl) == victim.cdp)
                victimNumber = n;
        }
        QVERIFY2(victimNumber > 0 && victimNumber < newest,
                 qPrintable(QStringLiteral("%1 of %2").arg(victimNumber).arg(newest)));

        const QString restored = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("restored.sqlite"));
        QVERIFY(!restored.isEmpty());
        const Run put = runCliAs(restored, QStringLiteral("admin"), path(QStringLiteral("admin.pw")),
                                 {QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), backup});
        QVERIFY2(put.code == 0, qPrintable(put.err));
        const auto folderState = [this] {
            QStringList out;
            for (const QString& name : QDir(crlDir()).entryList(QDir::Files))
                out << name + QLatin1Char(':') +
                           QString::fromLatin1(
                               QCryptographicHash::hash(read(QDir(crlDir()).filePath(name)), QCryptographicHash::Sha256)
                                   .toHex());
            return out;
        };
        const QStringList before = folderState();
        const Run refused = runCliAs(restored, QStringLiteral("off1"), path(QStringLiteral("off1.pw")), publish());
        QCOMPARE(refused.code, int(ErrorCode::Conflict));
        const QString asListed = victim.serial.toUpper().remove(QRegularExpression(QStringLiteral("^0+")));
        QVERIFY2(refused.err.contains(asListed), qPrintable(asListed + QStringLiteral(": ") + refused.err));
        QCOMPARE(folderState(), before);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCrlPartitionCli)
#include "tst_crl_partition_cli.moc"
