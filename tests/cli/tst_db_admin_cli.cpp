// Attack replay (issue 12, item 1): `db backup`, `db restore` and `db migrate` are administrator
// commands, audited, backups are private, and restoring an older backup can neither silently roll back
// published CRLs nor make a CRL number repeat. The tests build on each other in one register
// (declaration order), on the real clock, with openssl as the independent judge of the CRLs.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>

using namespace tirkeu;

class TestDbAdminCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    QString m_serial;
    QString m_backup;

    // tirkeu-cli ARGS with --db and --lang en, signed in as nobody.
    Run anonymous(const QStringList& args) {
        return cli(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en")} + args);
    }
    int events(const QString& type) const {
        const QVariant n = scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = ?"), {type});
        return n.isValid() ? n.toInt() : -1;
    }
    QJsonObject lastEventDetails(const QString& type) const {
        const QVariant d = scalar(
            QStringLiteral("SELECT details FROM audit_events WHERE event_type = ? ORDER BY seq DESC LIMIT 1"), {type});
        return QJsonDocument::fromJson(d.toString().toUtf8()).object();
    }
    // The cRLNumber of a published DER CRL, read by openssl.
    qint64 crlNumberOf(const QString& file) {
        const Tool t = openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                QStringLiteral("-in"), file, QStringLiteral("-noout"), QStringLiteral("-crlnumber")});
        static const QRegularExpression re(QStringLiteral("crlNumber=(?:0x)?([0-9A-Fa-f]+)"));
        const auto m = re.match(t.output);
        return m.hasMatch() ? m.captured(1).toLongLong(nullptr, 16) : -1;
    }

    // The register as bytes: the file and its write-ahead log (empty when every connection is closed).
    QByteArray registerBytes() const {
        QCryptographicHash h(QCryptographicHash::Sha256);
        for (const QString& f : QStringList{m_db, m_db + QStringLiteral("-wal")}) {
            QFile in(f);
            if (in.open(QIODevice::ReadOnly))
                h.addData(in.readAll());
            h.addData("|");
        }
        return h.result().toHex();
    }
    // A copy of the backup `from` named `name`, changed by `statements` (what anyone who can write the backup
    // storage can do with sqlite3); empty on failure.
    QString tamperedCopy(const QString& from, const QString& name, const QStringList& statements) {
        const QString out = path(QStringLiteral("backups/") + name);
        QFile::remove(out);
        if (!QFile::copy(from, out))
            return {};
        {
            auto db = registry::Database::open(out);
            if (!db)
                return {};
            for (const QString& sql : statements)
                if (!(*db)->exec(sql))
                    return {};
        }
        for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(out + suffix);
        return out;
    }
    // A backup of the register as it is now.
    QString freshBackup(const QString& name) {
        const QString out = path(QStringLiteral("backups/") + name);
        const Run b =
            as(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), out});
        return b.code == 0 ? out : QString();
    }
    Run revokeSerial(const QString& db) {
        return test::runCliAs(db, QStringLiteral("off1"), path(QStringLiteral("off1.pw")),
                              {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"),
                               QStringLiteral("NCA"), QStringLiteral("--serial"), m_serial, QStringLiteral("--reason"),
                               QStringLiteral("key_compromise"), QStringLiteral("--basis"),
                               QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                               QStringLiteral("өтініш №28")},
                              m_clock);
    }
    Run restoreOver(const QString& backup, const QStringList& more = {}) {
        return as(QStringLiteral("admin"), QStringList{QStringLiteral("db"), QStringLiteral("restore"),
                                                       QStringLiteral("--from"), backup, QStringLiteral("--replace")} +
                                               more);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        if (registry::Database::isPostgresUrl(m_db))
            QSKIP("restoring over a register is a SQLite-file test (PostgreSQL restores into a new database)");
        QVERIFY(QDir().mkpath(path(QStringLiteral("crl"))));
        QVERIFY(QDir().mkpath(path(QStringLiteral("backups"))));
        QVERIFY(QFile::setPermissions(path(QStringLiteral("backups")),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QString ca = addNationalCa();
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        const QString init =
            initCa(QStringLiteral("NCA"), QStringLiteral("p256"), QStringLiteral("nca.p8"), QStringLiteral("nca.pem"));
        QVERIFY2(init.isEmpty(), qPrintable(init));
        const QString app = submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                                             QStringLiteral("identity_document_copy"));
        QVERIFY(!app.isEmpty());
        const QByteArray csr = newCsr();
        QVERIFY(!csr.isEmpty());
        const Run issued =
            as(QStringLiteral("off1"), issueArgs(app, QStringLiteral("holder.csr"), csr, QStringLiteral("holder.pem")));
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        m_serial = issued.json().value(QStringLiteral("serial")).toString();
        const Run first = as(QStringLiteral("off1"), publish());
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QCOMPARE(first.json().value(QStringLiteral("crl_number")).toInteger(), 1);
    }

    void registerCommandsNeedAnAdministrator() {
        const QString out = path(QStringLiteral("backups/anonymous.backup"));
        const Run noOne = anonymous({QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), out});
        QCOMPARE(noOne.code, int(ErrorCode::Forbidden));
        const Run officer =
            as(QStringLiteral("off1"), {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), out});
        QCOMPARE(officer.code, int(ErrorCode::Forbidden));
        QVERIFY(!QFile::exists(out));

        const QString other = path(QStringLiteral("other.sqlite"));
        const Run restore = cli({QStringLiteral("--db"), other, QStringLiteral("--lang"), QStringLiteral("en"),
                                 QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), m_db});
        QCOMPARE(restore.code, int(ErrorCode::Forbidden));
        const Run migrate =
            cli({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("db"), QStringLiteral("migrate"),
                 QStringLiteral("--from"), m_db, QStringLiteral("--to"), path(QStringLiteral("moved.sqlite"))});
        QCOMPARE(migrate.code, int(ErrorCode::Forbidden));
        const Run migrateAsOp =
            as(QStringLiteral("op"), {QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--from"), m_db,
                                      QStringLiteral("--to"), path(QStringLiteral("moved.sqlite"))});
        QCOMPARE(migrateAsOp.code, int(ErrorCode::Forbidden));
        QCOMPARE(events(QStringLiteral("register.backed_up")), 0);
        // Attack of session 32, B22: a password in --to is said to be in the process list, as for --db (the move
        // fails all the same: an operator moves no register, and nothing listens there).
        const Run withPassword =
            as(QStringLiteral("op"),
               {QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--from"), m_db, QStringLiteral("--to"),
                QStringLiteral("postgresql://owner:Sch3maOwnerPass@127.0.0.1:1/tirkeu")});
        QVERIFY(withPassword.code != 0);
        QVERIFY2(withPassword.err.contains(QStringLiteral("--to holds a password")), qPrintable(withPassword.err));
    }

    void backupIsPrivateAndAudited() {
        // A folder others can read is refused: a backup holds every holder's personal data.
        QVERIFY(QDir().mkpath(path(QStringLiteral("open"))));
        QVERIFY(QFile::setPermissions(path(QStringLiteral("open")), QFile::ReadOwner | QFile::WriteOwner |
                                                                        QFile::ExeOwner | QFile::ReadOther |
                                                                        QFile::ExeOther));
        const Run open = as(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"),
                                                      QStringLiteral("--out"), path(QStringLiteral("open/x.backup"))});
        QCOMPARE(open.code, int(ErrorCode::Io));
        QVERIFY(!QFile::exists(path(QStringLiteral("open/x.backup"))));

        m_backup = path(QStringLiteral("backups/before-revocation.backup"));
        const Run b = as(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"),
                                                   QStringLiteral("--out"), m_backup, QStringLiteral("--json")});
        QVERIFY2(b.code == 0, qPrintable(b.err));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(m_backup).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(events(QStringLiteral("register.backed_up")), 1);
        const QJsonObject d = lastEventDetails(QStringLiteral("register.backed_up"));
        QCOMPARE(d.value(QStringLiteral("file")).toString(), m_backup);
        QCOMPARE(d.value(QStringLiteral("sha256")).toString().size(), 64);
    }

    // Attack of session 24 (F2): a dangling symbolic link at the backup's name, pointing into a folder others
    // can enter, received the whole register with the umask's mode (QFile::rename fell back to copying
    // through the link). Refused now like an existing file; nothing appears where the link points.
    void backupNeverWritesThroughASymbolicLink() {
        const QString link = path(QStringLiteral("backups/through-link.backup"));
        const QString target = path(QStringLiteral("open/leak.backup"));
        QVERIFY(QFile::link(target, link));
        const int before = events(QStringLiteral("register.backup_started"));
        const Run r = as(QStringLiteral("admin"),
                         {QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--out"), link});
        QCOMPARE(r.code, int(ErrorCode::Conflict));
        QVERIFY2(r.err.contains(QStringLiteral("already exists")), qPrintable(r.err));
        QVERIFY(!QFile::exists(target));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(events(QStringLiteral("register.backup_started")), before);
        QVERIFY(QFile::remove(link));
    }

    void rollbackOverPublishedCrlsIsRefused() {
        const Run revoked =
            as(QStringLiteral("off1"),
               {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                QStringLiteral("--serial"), m_serial, QStringLiteral("--reason"), QStringLiteral("key_compromise"),
                QStringLiteral("--basis"), QStringLiteral("holder_application"), QStringLiteral("--basis-document"),
                QStringLiteral("өтініш №17")});
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const Run second = as(QStringLiteral("off1"), publish());
        QVERIFY2(second.code == 0, qPrintable(second.err));
        const qint64 published = second.json().value(QStringLiteral("crl_number")).toInteger();
        QVERIFY(published >= 2);
        QCOMPARE(count(QStringLiteral("revocations")), 1);

        const QStringList restore{QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), m_backup,
                                  QStringLiteral("--replace")};
        const Run anon = anonymous(restore);
        QCOMPARE(anon.code, int(ErrorCode::Forbidden));
        const Run officer = as(QStringLiteral("off1"), restore);
        QCOMPARE(officer.code, int(ErrorCode::Forbidden));
        const Run refused = as(QStringLiteral("admin"), restore);
        QCOMPARE(refused.code, int(ErrorCode::Conflict));
        QVERIFY2(refused.err.contains(QStringLiteral("--accept-rollback")) &&
                     refused.err.contains(QString::number(published)),
                 qPrintable(refused.err));
        // Nothing changed.
        QCOMPARE(count(QStringLiteral("revocations")), 1);
        const Run noReason = as(QStringLiteral("admin"), restore + QStringList{QStringLiteral("--accept-rollback")});
        QCOMPARE(noReason.code, int(ErrorCode::Usage));
        QCOMPARE(count(QStringLiteral("revocations")), 1);
    }

    // Attack of session 26 (F9): one crl_number_floors row added to the old backup (bound to nothing) made it
    // "know" the CRL numbers the register had published: restored without --accept-rollback, the key-compromise
    // revocation was gone and the next CRL omitted it. Only what the backup's event log proves counts now. Since
    // session 29 (F12) a floor no restore recorded fails the backup's own audit verify: refused as damaged.
    void floorAddedToAnOldBackupDoesNotHideTheRollback() {
        const qint64 published = scalar(QStringLiteral("SELECT max(crl_number) FROM crls")).toLongLong();
        QVERIFY(published >= 2);
        const QString forged = tamperedCopy(
            m_backup, QStringLiteral("with-floor.backup"),
            {QStringLiteral("INSERT INTO crl_number_floors (ca_id, highest_published, recorded_at) SELECT id, %1, "
                            "'2026-12-07T00:00:00.000Z' FROM cas WHERE code = 'NCA'")
                 .arg(published)});
        QVERIFY(!forged.isEmpty());
        const QByteArray before = registerBytes();
        const Run r = restoreOver(forged);
        QVERIFY2(r.code == int(ErrorCode::Integrity), qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("written outside Tirkeu")) && r.err.contains(QString::number(published)),
                 qPrintable(r.err));
        QCOMPARE(registerBytes(), before);
        QCOMPARE(count(QStringLiteral("revocations")), 1);
        QCOMPARE(events(QStringLiteral("register.restored")), 0);
    }

    // Attack of session 26 (F3): a trigger added to a backup ran on the restore's own register.restored event
    // (it rewrote every holder's e-mail); the restore noticed only after it had overwritten the register. Bad
    // input changes nothing: refused before the register is touched, which stays byte for byte as it was.
    void hostileTriggerInABackupChangesNothing() {
        const QString backup = freshBackup(QStringLiteral("for-trigger.backup"));
        QVERIFY(!backup.isEmpty());
        const QString hostile =
            tamperedCopy(backup, QStringLiteral("with-trigger.backup"),
                         {QStringLiteral("CREATE TRIGGER zz_on_restore AFTER INSERT ON audit_events WHEN "
                                         "NEW.event_type = 'register.restored' BEGIN UPDATE persons SET email = "
                                         "'attacker@evil.example'; END")});
        QVERIFY(!hostile.isEmpty());
        // The register moves on after the backup.
        QVERIFY(!freshBackup(QStringLiteral("later.backup")).isEmpty());
        const int backedUp = events(QStringLiteral("register.backed_up"));
        const QByteArray before = registerBytes();
        const Run r = restoreOver(hostile);
        QVERIFY2(r.code == int(ErrorCode::Integrity), qPrintable(r.out + r.err));
        QCOMPARE(registerBytes(), before);
        QVERIFY2(r.err.contains(QStringLiteral("zz_on_restore")) &&
                     r.err.contains(QStringLiteral("Nothing was changed")),
                 qPrintable(r.err));
        QCOMPARE(events(QStringLiteral("register.backed_up")), backedUp);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM persons WHERE email = 'attacker@evil.example'")).toInt(),
                 0);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }

    // Attack of session 26 (F4): a backup's schema was taken as it was — every guard trigger dropped, the
    // attacker's own triggers added (one emptied signin_failures on every sign-in). A backup whose tables,
    // indexes, triggers or views are not exactly the ones Tirkeu's migrations create is refused; nothing changes.
    void backupWithChangedSchemaIsRefused() {
        const QString backup = freshBackup(QStringLiteral("for-schema.backup"));
        QVERIFY(!backup.isEmpty());
        const struct {
            const char* name;
            QStringList statements;
            QString named; // what the refusal names
        } cases[] = {
            {"dropped-guard.backup",
             {QStringLiteral("DROP TRIGGER revocations_retention")},
             QStringLiteral("trigger revocations_retention missing")},
            {"changed-guard.backup",
             {QStringLiteral("DROP TRIGGER revocations_immutable"),
              QStringLiteral("CREATE TRIGGER revocations_immutable BEFORE UPDATE ON revocations WHEN 0 BEGIN "
                             "SELECT 1; END")},
             QStringLiteral("trigger revocations_immutable changed")},
            {"added-trigger.backup",
             {QStringLiteral("CREATE TRIGGER zz_no_lockout AFTER INSERT ON signin_failures BEGIN DELETE FROM "
                             "signin_failures WHERE login = NEW.login; END")},
             QStringLiteral("trigger zz_no_lockout added")},
            {"added-view.backup",
             {QStringLiteral("CREATE VIEW zz_view AS SELECT login FROM operators")},
             QStringLiteral("view zz_view added")},
            {"added-table.backup",
             {QStringLiteral("CREATE TABLE zz_table (x TEXT)")},
             QStringLiteral("table zz_table added")},
        };
        for (const auto& c : cases) {
            const QString changed = tamperedCopy(backup, QString::fromLatin1(c.name), c.statements);
            QVERIFY2(!changed.isEmpty(), c.name);
            const QByteArray before = registerBytes();
            const Run r = restoreOver(changed);
            QVERIFY2(r.code == int(ErrorCode::Integrity), qPrintable(QString::fromLatin1(c.name) + r.out + r.err));
            QVERIFY2(r.err.contains(c.named), qPrintable(r.err));
            QCOMPARE(registerBytes(), before);
            QCOMPARE(events(QStringLiteral("register.restored")), 0);
        }
    }

    void acceptedRollbackIsRecordedAndCrlNumbersNeverRepeat() {
        const qint64 before = crlNumberOf(path(QStringLiteral("crl/NCA.crl")));
        QVERIFY(before >= 2);
        const QString reason = QStringLiteral("register disk failed; restored from the night backup");
        const Run r =
            as(QStringLiteral("admin"),
               {QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), m_backup,
                QStringLiteral("--replace"), QStringLiteral("--accept-rollback"), QStringLiteral("--reason"), reason});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("revocations")), 0); // the backup's state
        // The restore is in the restored register's event log, after the backup's own events.
        QCOMPARE(events(QStringLiteral("register.restored")), 1);
        const QJsonObject d = lastEventDetails(QStringLiteral("register.restored"));
        QCOMPARE(d.value(QStringLiteral("rollback")).toBool(), true);
        QCOMPARE(d.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(d.value(QStringLiteral("crl_numbers_lost")).toObject().value(QStringLiteral("NCA")).toInteger(),
                 before);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));

        // The next CRL is above every number ever published, never a second number `before`.
        const Run next = as(QStringLiteral("off1"), publish());
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QVERIFY2(next.json().value(QStringLiteral("crl_number")).toInteger() > before, qPrintable(next.out));
        QVERIFY(crlNumberOf(path(QStringLiteral("crl/NCA.crl"))) > before);
    }

    void publishFolderNumberIsRespected() {
        // A register put back outside tirkeu-cli (a plain file copy of the old backup) knows nothing of the
        // later CRLs; the publish folder's current number still wins.
        const qint64 inFolder = crlNumberOf(path(QStringLiteral("crl/NCA.crl")));
        QVERIFY(inFolder >= 3);
        for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_db + suffix);
        QVERIFY(QFile::remove(m_db));
        QVERIFY(QFile::copy(m_backup, m_db));
        const Run next = as(QStringLiteral("off1"), publish());
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QCOMPARE(next.json().value(QStringLiteral("crl_number")).toInteger(), inFolder + 1);
        QCOMPARE(crlNumberOf(path(QStringLiteral("crl/NCA.crl"))), inFolder + 1);
    }

    // Attack of session 25 (F20): anyone who could write one file into the publish folder set the CA's numbers:
    // a stranger's CRL (the CA's own name, another key) numbered 2^63 - 1 made the next CRL 2^63, recorded as a
    // negative number, and blocked publication for good. A number above the register's counts only for a CRL
    // the CA issued and signed; the stranger's file is refused by name and nothing is reserved.
    void aStrangersCrlInTheFolderSetsNoNumber() {
        const QString key = path(QStringLiteral("stranger.key"));
        QCOMPARE(openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                          QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"),
                          key})
                     .code,
                 0);
        // The CA's own certificate, re-signed with the stranger's key: the same subject, another key.
        const QString cert = path(QStringLiteral("stranger.pem"));
        QCOMPARE(openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("nca.pem")),
                          QStringLiteral("-signkey"), key, QStringLiteral("-out"), cert})
                     .code,
                 0);
        file(QStringLiteral("stranger-index.txt"), QByteArray());
        file(QStringLiteral("stranger-crlnumber"), "7FFFFFFFFFFFFFFF\n");
        const QString conf =
            file(QStringLiteral("stranger-ca.cnf"),
                 "[ca]\ndefault_ca = x\n[x]\ndatabase = " + path(QStringLiteral("stranger-index.txt")).toUtf8() +
                     "\ncrlnumber = " + path(QStringLiteral("stranger-crlnumber")).toUtf8() +
                     "\ndefault_md = sha256\ndefault_crl_days = 1\n");
        const QString planted = path(QStringLiteral("crl/NCA-delta.crl"));
        QFile::remove(planted);
        const Tool made =
            openssl({QStringLiteral("ca"), QStringLiteral("-config"), conf, QStringLiteral("-gencrl"),
                     QStringLiteral("-keyfile"), key, QStringLiteral("-cert"), cert, QStringLiteral("-out"), planted});
        QVERIFY2(made.code == 0, qPrintable(made.output));
        const int pending = count(QStringLiteral("crl_pending"));
        const Run refused = as(QStringLiteral("off1"), publish());
        QVERIFY2(refused.code == int(ErrorCode::Invalid) &&
                     refused.err.contains(QStringLiteral("not a CRL of the CA NCA")) &&
                     refused.err.contains(QStringLiteral("NCA-delta.crl")),
                 qPrintable(refused.out + refused.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), pending);
        // Moved away: the CA continues from its own numbers.
        const qint64 inFolder = crlNumberOf(path(QStringLiteral("crl/NCA.crl")));
        QVERIFY(QFile::remove(planted));
        const Run next = as(QStringLiteral("off1"), publish());
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QCOMPARE(next.json().value(QStringLiteral("crl_number")).toInteger(), inFolder + 1);
    }

    void rolledBackRegisterRefusesAFolderWithoutItsCrls() {
        // The same file-level rollback, then a publication into another, empty folder (a second web root,
        // a manual run with another --out): the folder cannot tell the numbers relying parties have seen,
        // so it is refused and nothing is reserved; the operator can confirm a folder that really is new.
        for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_db + suffix);
        QVERIFY(QFile::remove(m_db));
        QVERIFY(QFile::copy(m_backup, m_db));
        const QString fresh = path(QStringLiteral("other-web-root"));
        QVERIFY(QDir().mkpath(fresh));
        const int pending = count(QStringLiteral("crl_pending"));
        const int crls = count(QStringLiteral("crls"));
        const QStringList args{QStringLiteral("crl"),
                               QStringLiteral("publish"),
                               QStringLiteral("--ca"),
                               QStringLiteral("NCA"),
                               QStringLiteral("--out"),
                               fresh,
                               QStringLiteral("--ca-passphrase-file"),
                               path(QStringLiteral("ca.pass")),
                               QStringLiteral("--json")};
        const Run refused = as(QStringLiteral("off1"), args);
        QVERIFY2(refused.code == int(ErrorCode::Conflict) && refused.err.contains(QStringLiteral("holds none")),
                 qPrintable(refused.out + refused.err));
        QCOMPARE(count(QStringLiteral("crl_pending")), pending);
        QCOMPARE(count(QStringLiteral("crls")), crls);
        QVERIFY(QDir(fresh).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());

        const Run confirmed = as(QStringLiteral("off1"), args + QStringList{QStringLiteral("--new-folder")});
        QVERIFY2(confirmed.code == 0, qPrintable(confirmed.err));
        QVERIFY(QFile::exists(QDir(fresh).filePath(QStringLiteral("NCA.crl"))));
        QCOMPARE(lastEventDetails(QStringLiteral("crl.reserved")).value(QStringLiteral("new_folder")).toBool(), true);
        // Once the folder holds the CA's CRL, it continues without confirmation.
        const Run next = as(QStringLiteral("off1"), args);
        QVERIFY2(next.code == 0, qPrintable(next.err));
        QVERIFY(!lastEventDetails(QStringLiteral("crl.reserved")).contains(QStringLiteral("new_folder")));
    }

    // Attack of session 27: db restore --replace wrote the backup over the register and kept nothing of what it
    // replaced (a wrong backup restored by mistake, or by an intruder with an administrator's password, took the
    // newest records with it for good). The replaced register is kept beside the new one as
    // <name>.replaced-<UTC time>, with the register's own mode (never readable by others), and the command and
    // the register.restored event name it.
    void replacedRegisterIsKeptBesideTheNewOne() {
        const QString backup = freshBackup(QStringLiteral("before-keep.backup"));
        QVERIFY(!backup.isEmpty());
        // Something the backup does not have: the replaced register's newest event.
        const Run unlocked = as(QStringLiteral("admin"), {QStringLiteral("operator"), QStringLiteral("lockout"),
                                                          QStringLiteral("--max-failures"), QStringLiteral("7")});
        QVERIFY2(unlocked.code == 0, qPrintable(unlocked.err));
        QVERIFY(::chmod(QFile::encodeName(m_db).constData(), 0644) == 0); // as an administrator may have left it
        const qint64 eventsBefore = count(QStringLiteral("audit_events"));
        const QString headBefore =
            scalar(QStringLiteral("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1")).toString();
        QVERIFY(!headBefore.isEmpty());
        const QStringList before =
            QDir(QFileInfo(m_db).path()).entryList({QFileInfo(m_db).fileName() + QStringLiteral(".replaced-*")});
        // Attack of session 33, C2: a restore took back what was recorded after the backup (here the lockout
        // policy; there a dismissed officer's disabling) without a word. Refused now, naming it, nothing changed ...
        const Run refused = restoreOver(backup);
        QCOMPARE(refused.code, int(ErrorCode::Conflict));
        QVERIFY2(refused.err.contains(QStringLiteral("operator.signin_policy_changed")), qPrintable(refused.err));
        QCOMPARE(count(QStringLiteral("audit_events")), eventsBefore);
        // ... and done when the rollback is accepted, with what it took back in the restore's event.
        const Run r = restoreOver(backup, {QStringLiteral("--accept-rollback"), QStringLiteral("--reason"),
                                           QStringLiteral("диск ауыстырылды / замена диска")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(lastEventDetails(QStringLiteral("register.restored"))
                     .value(QStringLiteral("events_taken_back"))
                     .toObject()
                     .value(QStringLiteral("operator.signin_policy_changed"))
                     .toInteger(),
                 1);
        QStringList kept = QDir(QFileInfo(m_db).path())
                               .entryList({QFileInfo(m_db).fileName() + QStringLiteral(".replaced-*")}, QDir::Files);
        for (const QString& k : before)
            kept.removeAll(k);
        kept.removeIf([](const QString& k) { return k.endsWith(u"-wal") || k.endsWith(u"-shm"); });
        QCOMPARE(kept.size(), 1);
        static const QRegularExpression name(QStringLiteral("\\.replaced-\\d{8}T\\d{6}Z(-\\d+)?$"));
        QVERIFY2(name.match(kept.first()).hasMatch(), qPrintable(kept.first()));
        const QString keptPath = QDir(QFileInfo(m_db).path()).filePath(kept.first());
        struct stat st {};
        QVERIFY(::stat(QFile::encodeName(keptPath).constData(), &st) == 0);
        QCOMPARE(int(st.st_mode & 0777), 0640); // the register's mode, less what others could read
        QVERIFY2(r.out.contains(keptPath), qPrintable(r.out));
        // The kept file is the replaced register, whole: its newest event is the lockout change the backup lacks.
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE hash = ?"), {headBefore}).toInt() == 0);
        {
            auto old = registry::Database::open(keptPath);
            QVERIFY(old.ok());
            QCOMPARE((*old)->scalar(QStringLiteral("SELECT count(*) FROM audit_events"))->toLongLong(), eventsBefore);
            QCOMPARE(
                (*old)->scalar(QStringLiteral("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1"))->toString(),
                headBefore);
        }
        QCOMPARE(
            lastEventDetails(QStringLiteral("register.restored")).value(QStringLiteral("replaced_kept_as")).toString(),
            keptPath);
    }

    // Attack of session 28 (F4): a revocation OCSP had already signed was taken back by db restore --replace
    // without a word (no CRL had been published since, so the CRL-number check saw nothing), and the responder
    // then signed "good". Refused now unless accepted; accepted, every serial taken back is printed and recorded.
    void restoreTakingBackARevocationIsRefused() {
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM revocations WHERE serial = ?"), {m_serial}).toInt(), 0);
        const QString backup = freshBackup(QStringLiteral("before-f4.backup"));
        QVERIFY(!backup.isEmpty());
        const Run revoked = revokeSerial(m_db);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        const int restoredBefore = events(QStringLiteral("register.restored"));
        const QByteArray before = registerBytes();
        const Run refused = restoreOver(backup);
        QVERIFY2(refused.code == int(ErrorCode::Conflict), qPrintable(refused.out + refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("1 revocation")) && refused.err.contains(m_serial) &&
                     refused.err.contains(QStringLiteral("NCA")) &&
                     refused.err.contains(QStringLiteral("--accept-rollback")),
                 qPrintable(refused.err));
        QCOMPARE(registerBytes(), before);
        QCOMPARE(events(QStringLiteral("register.restored")), restoredBefore);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM revocations WHERE serial = ?"), {m_serial}).toInt(), 1);

        const Run accepted = as(QStringLiteral("admin"),
                                {QStringLiteral("db"), QStringLiteral("restore"), QStringLiteral("--from"), backup,
                                 QStringLiteral("--replace"), QStringLiteral("--accept-rollback"),
                                 QStringLiteral("--reason"), QStringLiteral("wrong register restored by mistake")});
        QVERIFY2(accepted.code == 0, qPrintable(accepted.err));
        QVERIFY2(accepted.out.contains(m_serial) && accepted.out.contains(QStringLiteral("revoke")),
                 qPrintable(accepted.out));
        const QJsonArray taken = lastEventDetails(QStringLiteral("register.restored"))
                                     .value(QStringLiteral("revocations_taken_back"))
                                     .toArray();
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().toObject().value(QStringLiteral("serial")).toString(), m_serial);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM revocations WHERE serial = ?"), {m_serial}).toInt(), 0);
        // The officer revokes it again at once.
        const Run again = revokeSerial(m_db);
        QVERIFY2(again.code == 0, qPrintable(again.err));
    }

    // Attack of session 30 (A10): signin_failures rows added to a backup (99 failures, locked) locked every
    // account after db restore --replace, the sole administrator included, and neither operator unlock nor another
    // restore could run. The counters are transient state, not evidence: a restore carries none of them, and the
    // register.restored event records how many it left behind.
    void restoreCarriesNoSignInFailures() {
        const QString backup = freshBackup(QStringLiteral("for-a10.backup"));
        QVERIFY(!backup.isEmpty());
        const QString at = registry::toDbTime(QDateTime::currentDateTimeUtc());
        const QString locked = tamperedCopy(backup, QStringLiteral("locked.backup"),
                                            {QStringLiteral("INSERT INTO signin_failures (login, failures, "
                                                            "last_failure_at, locked_at) VALUES ('admin', 99, '%1', "
                                                            "'%1'), ('off1', 99, '%1', '%1')")
                                                 .arg(at)});
        QVERIFY(!locked.isEmpty());
        const Run r = restoreOver(locked);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("signin_failures")), 0);
        QCOMPARE(lastEventDetails(QStringLiteral("register.restored"))
                     .value(QStringLiteral("signin_failures_forgotten"))
                     .toInteger(),
                 2);
        const QStringList lockout{QStringLiteral("operator"), QStringLiteral("lockout"),
                                  QStringLiteral("--max-failures"), QStringLiteral("5")};
        const Run admin = as(QStringLiteral("admin"), lockout);
        QVERIFY2(admin.code == 0, qPrintable(admin.err));
        const Run off1 = as(QStringLiteral("off1"), {QStringLiteral("crl"), QStringLiteral("status"),
                                                     QStringLiteral("--ca"), QStringLiteral("NCA")});
        QVERIFY2(off1.code == 0, qPrintable(off1.err));
    }

    // Attack of session 30 (A3): the mark meta moving_from written by the application's database role into the
    // register in use stopped every write as "the copy db migrate was making", audit verify said intact, and
    // db migrate told the administrator to drop the register as never used. A mark its event log does not explain
    // refuses writes naming no register, audit verify fails on meta, and db migrate advises to remove nothing.
    void plantedMovingFromMarkAdvisesNoRemoval() {
        const QString other = freshBackup(QStringLiteral("other-register.sqlite")); // another register file
        QVERIFY(!other.isEmpty());
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            QVERIFY(
                (*db)->exec(QStringLiteral("INSERT INTO meta (key, value) VALUES ('moving_from', ?)"), {other}).ok());
        }
        const qint64 eventsBefore = count(QStringLiteral("audit_events"));
        const Run write = as(QStringLiteral("admin"), {QStringLiteral("operator"), QStringLiteral("lockout"),
                                                       QStringLiteral("--max-failures"), QStringLiteral("5")});
        QVERIFY2(write.code == int(ErrorCode::Integrity), qPrintable(write.out + write.err));
        QVERIFY2(write.err.contains(QStringLiteral("outside Tirkeu")) && !write.err.contains(other),
                 qPrintable(write.err));
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == int(ErrorCode::Integrity), qPrintable(verify.out + verify.err));
        QVERIFY2(QString(verify.out + verify.err).contains(QStringLiteral("moving_from")),
                 qPrintable(verify.out + verify.err));
        const Run migrate =
            as(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--from"),
                                         other, QStringLiteral("--to"), m_db});
        QVERIFY2(migrate.code != 0, qPrintable(migrate.out));
        QVERIFY2(!migrate.err.contains(QStringLiteral("never used")) && !migrate.err.contains(QStringLiteral("Remove")),
                 qPrintable(migrate.err));
        QCOMPARE(count(QStringLiteral("audit_events")), eventsBefore);
        {
            auto source = registry::Database::open(other);
            QVERIFY(source.ok());
            QCOMPARE((*source)
                         ->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type LIKE "
                                                 "'register.migrat%'"))
                         ->toInt(),
                     0);
        }
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM meta WHERE key = 'moving_from'")).ok());
        }
    }

    // Attack of session 28 (F6): db migrate left the source live and unaware; a revocation made there afterwards
    // (the officer's --db not yet changed) was missing from the new register. The source now names the move
    // before the copy (register.migrating) and is retired once the copy is complete: every write refused (exit
    // 6) naming the new location, reads still work. Last: the register stays retired.
    void migrateRetiresTheSource() {
        const QString target = path(QStringLiteral("moved.sqlite"));
        const qint64 head = scalar(QStringLiteral("SELECT max(seq) FROM audit_events")).toLongLong();
        const Run m = as(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("migrate"),
                                                   QStringLiteral("--from"), m_db, QStringLiteral("--to"), target});
        QVERIFY2(m.code == 0, qPrintable(m.err));
        QVERIFY2(m.out.contains(target) && m.out.contains(QStringLiteral("read only")), qPrintable(m.out));
        {
            auto db = registry::Database::open(target);
            QVERIFY(db.ok());
            QCOMPARE((*db)
                         ->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = "
                                                 "'register.migrated' AND operator = 'admin'"))
                         ->toInt(),
                     1);
        }
        // The source names the copy, before and after.
        QCOMPARE(scalar(QStringLiteral("SELECT event_type FROM audit_events WHERE seq = ?"), {head + 1}).toString(),
                 QStringLiteral("register.migrating"));
        QCOMPARE(lastEventDetails(QStringLiteral("register.migrating")).value(QStringLiteral("to")).toString(), target);
        QCOMPARE(events(QStringLiteral("register.migrated_out")), 1);
        // A write on the old register is refused, naming the new one; nothing is recorded there.
        const qint64 eventsBefore = count(QStringLiteral("audit_events"));
        const QStringList lockout{QStringLiteral("operator"), QStringLiteral("lockout"),
                                  QStringLiteral("--max-failures"), QStringLiteral("6")};
        const Run refused = as(QStringLiteral("admin"), lockout);
        QVERIFY2(refused.code == int(ErrorCode::Conflict), qPrintable(refused.out + refused.err));
        QVERIFY2(refused.err.contains(target), qPrintable(refused.err));
        QCOMPARE(count(QStringLiteral("audit_events")), eventsBefore);
        // Reading works; audit verify names the move.
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
        QVERIFY2(QString(verify.out + verify.err).contains(target), qPrintable(verify.out + verify.err));
        // The new register takes the write.
        const Run there =
            test::runCliAs(target, QStringLiteral("admin"), path(QStringLiteral("admin.pw")), lockout, m_clock);
        QVERIFY2(there.code == 0, qPrintable(there.err));
        // The mark deleted with sqlite3: the chain still says the register was moved, audit verify fails it.
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db.ok());
            QVERIFY((*db)->exec(QStringLiteral("DELETE FROM meta WHERE key = 'moved_to'")).ok());
        }
        const Run tampered = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(tampered.code == int(ErrorCode::Integrity), qPrintable(tampered.out + tampered.err));
        QVERIFY2(QString(tampered.out + tampered.err).contains(target), qPrintable(tampered.out + tampered.err));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestDbAdminCli)
#include "tst_db_admin_cli.moc"
