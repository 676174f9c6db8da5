// Backup, restore and migration of a whole register, the change notifier, and the PostgreSQL schema
// protections. Runs on SQLite (pg.tst_backup) and against a real PostgreSQL server (pg.tst_backup.pg).

#include "app/cli/CliApp.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/AuditLog.h"
#include "registry/Backup.h"
#include "registry/ChangeNotifier.h"
#include "registry/Schema.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QUrl>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class BackupTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QStringList m_dropLater; // PostgreSQL databases created by single tests

    struct Run {
        int code = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    };
    // db backup / restore / migrate are administrators' work: the fixtures' first administrator signs in.
    Run admin(const QStringList& args) {
        const QString pw = m_out.filePath(QStringLiteral("admin.pw"));
        if (!QFileInfo::exists(pw)) {
            if (!writeFile(pw, kPassword.toUtf8() + '\n')) // owner only (a secret file)
                qWarning("cannot write %s", qPrintable(pw));
        }
        return cli(QStringList{QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), pw} +
                   args);
    }
    Run cli(QStringList args) {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        args << QStringLiteral("--lang") << QStringLiteral("en");
        // By the fixture's clock, as every other write of the register here (an event dated months after the
        // clock is refused as the log's floor: attack of session 30, A6).
        r.code = cli::CliApp::run(args, out, err, &m_fx.clock);
        out.flush();
        err.flush();
        return r;
    }
    QString newLocation(const QString& name) {
        const QString loc = newRegisterLocation(QDir(m_out.path()), name);
        if (onPostgres())
            m_dropLater << loc;
        return loc;
    }
    // Rows of every table, for comparing two registers.
    static QMap<QString, qint64> counts(Database& db) {
        QMap<QString, qint64> out;
        auto tables = db.schemaObjects(QStringLiteral("table"));
        if (!tables)
            return out;
        for (const QString& t : *tables)
            out.insert(t, db.scalar(QStringLiteral("SELECT count(*) FROM ") + t)->toLongLong());
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        (void)onPostgresInitially(); // the engine under test, before a test switches the variable
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        auto cert = m_fx.insertCertificate(m_fx.ncaId, QStringLiteral("7F01"), kIinAliya, m_fx.clock.now(), *app);
        TIRKEU_VERIFY_OK(cert);
        // Bound to the chain as the issuing workflow does (issue 12), so the copies verify.
        Transaction tx(m_fx.reg->db());
        QVERIFY(tx.ok());
        TIRKEU_VERIFY_OK(m_fx.reg->audit().append(m_fx.officerA.login, QStringLiteral("7F01"),
                                                  QStringLiteral("certificate.issued"), {},
                                                  {RowRef::row(QStringLiteral("certificates"), *cert)}));
        TIRKEU_VERIFY_OK(tx.commit());
    }
    void cleanupTestCase() {
        for (const QString& loc : m_dropLater)
            dropPgDatabase(loc);
    }

    void backupAndRestoreRoundTrip() {
        const QString file = m_out.filePath(QStringLiteral("register.backup"));
        const Run b = admin({QStringLiteral("--db"), m_fx.location(), QStringLiteral("db"), QStringLiteral("backup"),
                             QStringLiteral("--out"), file, QStringLiteral("--json")});
        QVERIFY2(b.code == 0, qPrintable(b.err));
        QVERIFY(QFileInfo(file).size() > 0);
        QCOMPARE(b.json().value(QStringLiteral("method")).toString(),
                 onPostgres() ? QStringLiteral("pg_dump") : QStringLiteral("sqlite-online-backup"));
        // Never over an existing file.
        const Run again = admin({QStringLiteral("--db"), m_fx.location(), QStringLiteral("db"),
                                 QStringLiteral("backup"), QStringLiteral("--out"), file});
        QCOMPARE(again.code, int(ErrorCode::Conflict));

        const QString target = newLocation(QStringLiteral("restored.sqlite"));
        const Run r = admin({QStringLiteral("--db"), target, QStringLiteral("db"), QStringLiteral("restore"),
                             QStringLiteral("--from"), file, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.json().value(QStringLiteral("audit_events_verified")).toInteger() > 0);
        auto restored = Register::open(target, Register::OpenMode::Existing);
        TIRKEU_VERIFY_OK(restored);
        QCOMPARE(counts((*restored)->db()), counts(m_fx.reg->db()));
        QCOMPARE((*restored)->info()->registerId, m_fx.reg->info()->registerId);
        // Kazakh letters survive.
        QCOMPARE((*restored)
                     ->db()
                     .scalar(QStringLiteral("SELECT full_name FROM operators WHERE login = 'auditor'"))
                     ->toString(),
                 QStringLiteral("Құрманов Ғалым"));
        auto verified = (*restored)->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY(verified->ok);

        // Restoring over a register that is not empty is refused and changes nothing.
        restored->reset();
        const Run over = admin({QStringLiteral("--db"), target, QStringLiteral("db"), QStringLiteral("restore"),
                                QStringLiteral("--from"), file});
        QCOMPARE(over.code, int(ErrorCode::Conflict));
        // Something that is not a backup is refused.
        const QString junk = m_out.filePath(QStringLiteral("junk.bin"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a backup at all");
        f.close();
        const Run bad = admin({QStringLiteral("--db"), newLocation(QStringLiteral("x.sqlite")), QStringLiteral("db"),
                               QStringLiteral("restore"), QStringLiteral("--from"), junk});
        QCOMPARE(bad.code, int(ErrorCode::Invalid));
    }

    void migrateCopiesEverythingIntoAnEmptyRegister() {
        // SQLite -> the engine under test (PostgreSQL under .pg): the move a site makes to share its register.
        RegistryFixture source;
        const QString sourceFile = source.path();
        {
            qputenv("TIRKEU_TEST_DB", "sqlite");
            const bool ok = source.create(almaty(2026, 3, 2));
            qputenv("TIRKEU_TEST_DB", onPostgresInitially() ? "postgresql" : "sqlite");
            QVERIFY2(ok, qPrintable(source.error));
        }
        auto app = source.reg->applications().submit(source.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinThird));
        TIRKEU_VERIFY_OK(app);
        const QMap<QString, qint64> before = counts(source.reg->db());
        source.close();

        const QString target = newLocation(QStringLiteral("migrated.sqlite"));
        const Run m =
            admin({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--from"),
                   QStringLiteral("sqlite:") + sourceFile, QStringLiteral("--to"), target, QStringLiteral("--json")});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        QCOMPARE(m.json().value(QStringLiteral("total_rows")).toInteger() > 0, true);
        // The copy holds every source row (read after the run: signing in may itself be audited in the source)
        // plus the one register.migrated event written into the target after the copy.
        QMap<QString, qint64> expected;
        {
            auto src = Register::open(QStringLiteral("sqlite:") + sourceFile, Register::OpenMode::Existing);
            TIRKEU_VERIFY_OK(src);
            expected = counts((*src)->db());
        }
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QVERIFY2(expected.value(it.key()) >= it.value(), qPrintable(it.key()));
        expected[QStringLiteral("audit_events")] += 1;
        // The source keeps the mark of its move (meta moved_to), the copy does not (attack of session 28, F6).
        expected[QStringLiteral("meta")] -= 1;
        auto moved = Register::open(target, Register::OpenMode::Existing);
        TIRKEU_VERIFY_OK(moved);
        QMap<QString, qint64> got = counts((*moved)->db());
        // The event may also close a day's anchor in the target.
        const QString anchors = QStringLiteral("audit_anchors");
        QVERIFY(got.value(anchors) >= expected.value(anchors));
        QVERIFY(got.value(anchors) <= expected.value(anchors) + 1);
        got.remove(anchors);
        expected.remove(anchors);
        QCOMPARE(got, expected);
        QCOMPARE((*moved)
                     ->db()
                     .scalar(QStringLiteral("SELECT event_type FROM audit_events ORDER BY seq DESC LIMIT 1"))
                     ->toString(),
                 QStringLiteral("register.migrated"));
        // New rows continue after the copied ids, and the chain goes on.
        auto next = (*moved)->applications().submit(source.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFourth));
        TIRKEU_VERIFY_OK(next);
        QVERIFY(*next > *app);
        auto verified = (*moved)->audit().verify();
        TIRKEU_VERIFY_OK(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
        moved->reset();

        // A second migration into the now non-empty target is refused.
        const Run twice = admin({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--from"),
                                 QStringLiteral("sqlite:") + sourceFile, QStringLiteral("--to"), target});
        QCOMPARE(twice.code, int(ErrorCode::Conflict));
    }

    // Attack of session 26 (F8): a pg_dump carrying a SECURITY DEFINER function and a trigger of its own was
    // given to pg_restore as the schema owner; the trigger ran on the restore's own event (also when the
    // restorer's sign-in then failed) and changed that role's password. A dump is refused when its table of
    // contents names anything Tirkeu's schema does not have: no role changed, nothing left in the target.
    void hostileDumpRunsNothing() {
        if (!onPostgres())
            QSKIP("a pg_dump file exists only on PostgreSQL");
        // As README's two roles: the schema owner (not a superuser) owns the databases and restores.
        QUrl owner(qEnvironmentVariable("TIRKEU_TEST_PG_OWNER"));
        QVERIFY(owner.isValid() && !owner.userName().isEmpty());
        const QString role = owner.userName();
        const auto ownedDatabase = [&](const QString& name) -> QString {
            const QString db = pgDatabaseName(newLocation(name));
            if (db.isEmpty() || !pgAdmin(QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(db, role)))
                return {};
            QUrl url = owner;
            url.setPath(u'/' + db);
            return url.toString();
        };
        const auto password = [&role]() -> QString {
            auto su = Database::open(qEnvironmentVariable("TIRKEU_TEST_PG"));
            if (!su)
                return QStringLiteral("unreadable");
            auto v = (*su)->scalar(
                QStringLiteral("SELECT coalesce(rolpassword, '(none)') FROM pg_authid WHERE rolname = ?"), {role});
            return v ? v->toString() : QStringLiteral("unreadable");
        };
        const QString before = password();
        QVERIFY(before != u"unreadable" && !before.isEmpty());

        // The register of the backup, owned by the schema owner; a dump of it as it is restores.
        const QString source = ownedDatabase(QStringLiteral("hostile-source"));
        QVERIFY(!source.isEmpty());
        // (Copied by a backup and its restore: a db migrate would retire the fixture's register, attack of
        // session 28, F6.)
        const QString original = m_out.filePath(QStringLiteral("fixture.dump"));
        const Run ob = admin({QStringLiteral("--db"), m_fx.location(), QStringLiteral("db"), QStringLiteral("backup"),
                              QStringLiteral("--out"), original});
        QVERIFY2(ob.code == 0, qPrintable(ob.err));
        const Run copied = admin({QStringLiteral("--db"), source, QStringLiteral("db"), QStringLiteral("restore"),
                                  QStringLiteral("--from"), original});
        QVERIFY2(copied.code == 0, qPrintable(copied.err));
        const QString clean = m_out.filePath(QStringLiteral("owned.dump"));
        const Run cb = admin({QStringLiteral("--db"), source, QStringLiteral("db"), QStringLiteral("backup"),
                              QStringLiteral("--out"), clean});
        QVERIFY2(cb.code == 0, qPrintable(cb.err));
        const QString restored = ownedDatabase(QStringLiteral("clean-target"));
        const Run ok = admin({QStringLiteral("--db"), restored, QStringLiteral("db"), QStringLiteral("restore"),
                              QStringLiteral("--from"), clean});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));

        // The attacker adds a function and a trigger of their own (firing on the restore's event and on a failed
        // sign-in, not on the backup's own events here) and dumps it again.
        {
            auto db = Database::open(source);
            TIRKEU_VERIFY_OK(db);
            TIRKEU_VERIFY_OK((*db)->execScript(
                QStringLiteral("CREATE FUNCTION zz_on_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS "
                               "$$ BEGIN EXECUTE 'ALTER ROLE ' || quote_ident(current_user) || ' PASSWORD "
                               "''owned-by-the-backup'''; RETURN NEW; END $$")));
            TIRKEU_VERIFY_OK((*db)->execScript(QStringLiteral(
                "CREATE TRIGGER zz_on_write AFTER INSERT ON audit_events FOR EACH ROW WHEN (NEW.event_type IN "
                "('register.restored', 'operator.signin_failed')) EXECUTE FUNCTION zz_on_write()")));
        }
        const QString dump = m_out.filePath(QStringLiteral("hostile.dump"));
        const Run b = admin({QStringLiteral("--db"), source, QStringLiteral("db"), QStringLiteral("backup"),
                             QStringLiteral("--out"), dump});
        QVERIFY2(b.code == 0, qPrintable(b.err));

        const QString wrong = m_out.filePath(QStringLiteral("wrong.pw"));
        QVERIFY(writeFile(wrong, "not-the-password\n"));
        for (const bool rightPassword : {true, false}) {
            const QString target = ownedDatabase(QStringLiteral("hostile-target"));
            QVERIFY(!target.isEmpty());
            const QStringList args{QStringLiteral("--db"),   target, QStringLiteral("db"), QStringLiteral("restore"),
                                   QStringLiteral("--from"), dump};
            const Run r = rightPassword ? admin(args)
                                        : cli(QStringList{QStringLiteral("--as"), QStringLiteral("admin"),
                                                          QStringLiteral("--password-file"), wrong} +
                                              args);
            QCOMPARE(password(), before);
            QVERIFY2(r.code == int(ErrorCode::Integrity), qPrintable(r.out + r.err));
            QVERIFY2(r.err.contains(QStringLiteral("zz_on_write")), qPrintable(r.err));
            // Nothing left in the target: no table, no function.
            auto db = Database::open(target);
            TIRKEU_VERIFY_OK(db);
            QCOMPARE((*db)->schemaObjects(QStringLiteral("table"))->size(), 0);
            QCOMPARE((*db)
                         ->scalar(QStringLiteral("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                                                 "p.pronamespace WHERE n.nspname = 'public'"))
                         ->toLongLong(),
                     qint64(0));
        }
        if (password() != before) // never leave the changed role behind for the other tests
            (void)pgAdmin(QStringLiteral("ALTER ROLE %1 PASSWORD NULL").arg(role));
    }

    void otherConnectionsChangesAreSignalled() {
        ChangeNotifier notifier(m_fx.reg->db(), nullptr, 100);
        QCOMPARE(notifier.isPushed(), onPostgres());
        QSignalSpy spy(&notifier, &ChangeNotifier::changed);
        // Another workstation: its own connection.
        FixedClock clock(m_fx.clock.now());
        auto other = Register::open(m_fx.location(), Register::OpenMode::Existing, &clock);
        TIRKEU_VERIFY_OK(other);
        QTest::qWait(300);
        QCOMPARE(spy.count(), 0);
        auto id = (*other)->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual(kIinFifth));
        TIRKEU_VERIFY_OK(id);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.count(), 1); // a burst of statements is one signal
    }

    void protectionsHoldOnThisEngine() {
        // The same trigger names on both engines, and they refuse what they must.
        auto triggers = m_fx.reg->db().schemaObjects(QStringLiteral("trigger"));
        TIRKEU_VERIFY_OK(triggers);
        for (const char* t : {"audit_events_immutable", "audit_events_retention", "certificates_der_immutable",
                              "certificates_retention_kept", "revocations_immutable", "archive_batches_kept"})
            QVERIFY2(triggers->contains(QString::fromLatin1(t)), t);
        auto indexes = m_fx.reg->db().schemaObjects(QStringLiteral("index"));
        TIRKEU_VERIFY_OK(indexes);
        QVERIFY(indexes->contains(QStringLiteral("applications_queue")));
        const Status upd = m_fx.exec(QStringLiteral("UPDATE audit_events SET details = '{}' WHERE seq = 1"));
        QVERIFY(!upd.ok());
        QVERIFY2(upd.message().contains(u"audit: events cannot be changed"), qPrintable(upd.message()));
        const Status del = m_fx.exec(QStringLiteral("DELETE FROM certificates"));
        QVERIFY(!del.ok());
        QVERIFY2(del.message().contains(u"retention: a certificate"), qPrintable(del.message()));
        const Status der = m_fx.exec(QStringLiteral("UPDATE certificates SET serial = 'FF'"));
        QVERIFY2(der.message().contains(u"an issued certificate cannot be changed"), qPrintable(der.message()));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT serial FROM certificates")).toString(), QStringLiteral("7F01"));
        // greatest()/least() exist on both engines.
        QCOMPARE(
            m_fx.scalar(QStringLiteral("SELECT greatest('2026-01-01', ?)"), {QStringLiteral("2027-01-01")}).toString(),
            QStringLiteral("2027-01-01"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT least(3, 5)")).toLongLong(), qint64(3));
    }

    void badAddressesAreRefusedClearly() {
        auto noDb = Database::open(QStringLiteral("postgresql://user@localhost:5432/"));
        TIRKEU_VERIFY_ERROR(noDb, ErrorCode::Usage);
        auto noHost = Database::open(QStringLiteral("postgresql:///tirkeu"));
        TIRKEU_VERIFY_ERROR(noHost, ErrorCode::Usage);
        QCOMPARE(Database::redactedLocation(QStringLiteral("postgresql://ca:s3cret@db.example.kz:5433/tirkeu")),
                 QStringLiteral("postgresql://ca@db.example.kz:5433/tirkeu"));
        // A password given as a libpq option of the query is a password too (attack of session 25, F9).
        QCOMPARE(Database::redactedLocation(QStringLiteral(
                     "postgresql://ca@db.example.kz/tirkeu?sslmode=require&password=s3cret&sslpassword=k3y")),
                 QStringLiteral("postgresql://ca@db.example.kz/tirkeu?sslmode=require"));
        // Unreachable server: a database error naming the address, never the password.
        auto down = Database::open(QStringLiteral("postgresql://ca:s3cret@127.0.0.1:1/tirkeu?connect_timeout=2"));
        TIRKEU_VERIFY_ERROR(down, ErrorCode::Database);
        QVERIFY(!down.message().contains(u"s3cret"));
        auto downQuery =
            Database::open(QStringLiteral("postgresql://ca@127.0.0.1:1/tirkeu?connect_timeout=2&password=s3cret"));
        TIRKEU_VERIFY_ERROR(downQuery, ErrorCode::Database);
        QVERIFY2(!downQuery.message().contains(u"s3cret"), qPrintable(downQuery.message()));
    }

private:
    static bool onPostgresInitially() {
        static const bool pg = onPostgres();
        return pg;
    }
};

TIRKEU_TEST_GUILESS_MAIN(BackupTest)
#include "tst_backup.moc"
