// tirkeu-cli commands run in-process through CliApp::run, plus the real binary for --version.
#include "app/cli/CliApp.h"
#include "app/cli/PrintableOutput.h"
#include "app/cli/Table.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Schema.h"
#include "tests/common/TestDb.h"
#include "tests/common/TestPointers.h"
#include "tests/common/Tools.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace tirkeu;

class TestCli : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
    };

    QTemporaryDir m_dir;
    QString m_db;

    QString file(const QString& name, const QByteArray& content) {
        const QString path = m_dir.filePath(name);
        if (!test::writeFile(path, content)) // owner only: it may be a secret file
            qFatal("cannot write test file");
        return path;
    }

    Run cli(QStringList args) {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        args.prepend(m_db);
        args.prepend(QStringLiteral("--db"));
        args << QStringLiteral("--lang") << QStringLiteral("en");
        r.code = cli::CliApp::run(args, out, err);
        out.flush();
        err.flush();
        return r;
    }
    Run as(const QString& login, QStringList args) {
        args.prepend(m_dir.filePath(login + QStringLiteral(".pw")));
        args.prepend(QStringLiteral("--password-file"));
        args.prepend(login);
        args.prepend(QStringLiteral("--as"));
        return cli(args);
    }
    int count(const QString& table) {
        auto db = registry::Database::open(m_db);
        if (!db)
            return -1;
        return (*db)->scalar(QStringLiteral("SELECT count(*) FROM ") + table)->toInt();
    }
    QString validApplication(const QString& iin = QStringLiteral("900701300108")) {
        QJsonObject o{{QStringLiteral("iin"), iin},
                      {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                      {QStringLiteral("name"), QStringLiteral("Әлия")},
                      {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                      {QStringLiteral("city"), QStringLiteral("Қонаев")},
                      {QStringLiteral("email"), QStringLiteral("aliya@example.kz")},
                      {QStringLiteral("phone"), QStringLiteral("+77011234567")},
                      {QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")}},
                      {QStringLiteral("validity"), QStringLiteral("1y")},
                      {QStringLiteral("key_media"), QStringLiteral("file")},
                      {QStringLiteral("application_date"), QStringLiteral("2026-11-20")}};
        return file(QStringLiteral("app-%1.json").arg(iin), QJsonDocument(o).toJson());
    }
    Run submit(const QString& login, const QString& dataFile, bool consent = true) {
        QStringList args{QStringLiteral("application"),   QStringLiteral("submit"),
                         QStringLiteral("--ca"),          QStringLiteral("NCA"),
                         QStringLiteral("--form"),        QStringLiteral("NCA-ISSUE-IND"),
                         QStringLiteral("--data"),        dataFile,
                         QStringLiteral("--attachments"), QStringLiteral("identity_document_copy"),
                         QStringLiteral("--json")};
        if (consent)
            args << QStringLiteral("--consent");
        return as(login, args);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = test::newRegisterLocation(QDir(m_dir.path()), QStringLiteral("register.sqlite"));
        QVERIFY(!m_db.isEmpty());
        for (const char* who : {"admin", "op", "off1", "off2", "aud"})
            file(QString::fromLatin1(who) + QStringLiteral(".pw"), QByteArray(who) + "-password-123\n");
    }

    void commandOnMissingRegisterSaysHowToCreateIt() {
        const Run r = cli({QStringLiteral("db"), QStringLiteral("info")});
        QCOMPARE(r.code, int(ErrorCode::NotFound));
        QVERIFY2(r.err.contains(QStringLiteral("db init")), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_db));
    }

    void dbInitCreatesRegisterAndFirstAdministrator() {
        const Run r =
            cli({QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin"),
                 QStringLiteral("--admin-name"), QStringLiteral("Әкімші Бас"), QStringLiteral("--admin-password-file"),
                 m_dir.filePath(QStringLiteral("admin.pw")), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().object().value(QStringLiteral("administrator_created")).toString(), QStringLiteral("admin"));
        QCOMPARE(r.json().object().value(QStringLiteral("schema_version")).toInt(), registry::Schema::latestVersion());
        QCOMPARE(count(QStringLiteral("operators")), 1);
    }

    void secondFirstAdministratorIsRefused() {
        const Run r =
            cli({QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("other"),
                 QStringLiteral("--admin-password-file"), m_dir.filePath(QStringLiteral("admin.pw"))});
        QCOMPARE(r.code, int(ErrorCode::Conflict));
        QCOMPARE(count(QStringLiteral("operators")), 1);
    }

    void helpForEveryCommand() {
        const Run general = cli({QStringLiteral("--help")});
        QCOMPARE(general.code, 0);
        for (const auto& c : cli::CliApp::commands()) {
            QVERIFY2(general.out.contains(c->name()), qPrintable(c->name()));
            QStringList args = c->name().split(u' ');
            args << QStringLiteral("--help");
            const Run r = cli(args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains(QStringLiteral("Usage: tirkeu-cli ") + c->name()), qPrintable(r.out));
        }
    }

    void unknownCommandAndBadOptionAreUsageErrors() {
        QCOMPARE(cli({QStringLiteral("frobnicate")}).code, int(ErrorCode::Usage));
        const Run r =
            cli({QStringLiteral("calendar"), QStringLiteral("show"), QStringLiteral("--year"), QStringLiteral("abc")});
        QCOMPARE(r.code, int(ErrorCode::Usage));
        QVERIFY(!r.err.isEmpty());
        QCOMPARE(
            cli({QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("db"), QStringLiteral("info")}).code,
            int(ErrorCode::Usage));
    }

    void wrongPasswordIsRefused() {
        const QString bad = file(QStringLiteral("bad.pw"), "nope-nope-nope\n");
        const Run r = cli({QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), bad,
                           QStringLiteral("operator"), QStringLiteral("list")});
        QCOMPARE(r.code, int(ErrorCode::Forbidden));
        // The failure starts a sign-in delay (wall clock here); the tests that follow sign in as admin.
        QTest::qWait(registry::Operators::delaySeconds(1) * 1000 + 200);
    }

    // A password file other users can read is refused before anyone signs in (exit 4, the file and its mode
    // named, how to mend it said), and nothing is written; once it is the owner's only, the same command runs.
    void passwordFileOthersCanReadIsRefused() {
        const QString open = file(QStringLiteral("open.pw"), "admin-password-123\n");
        QVERIFY(QFile::setPermissions(open, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                                QFileDevice::ReadOther));
        const qint64 operators = count(QStringLiteral("operators"));
        const qint64 events = count(QStringLiteral("audit_events"));
        qputenv("TIRKEU_NEW_PASSWORD", "x-password-123");
        const QStringList add{QStringLiteral("--as"),
                              QStringLiteral("admin"),
                              QStringLiteral("--password-file"),
                              open,
                              QStringLiteral("operator"),
                              QStringLiteral("add"),
                              QStringLiteral("--login"),
                              QStringLiteral("xop"),
                              QStringLiteral("--name"),
                              QStringLiteral("Тест Қызметкер"),
                              QStringLiteral("--role"),
                              QStringLiteral("operator")};
        const Run r = cli(add);
        QCOMPARE(r.code, int(ErrorCode::Forbidden));
        QVERIFY2(r.err.contains(open) && r.err.contains(u"0644") && r.err.contains(u"chmod 0600"), qPrintable(r.err));
        QCOMPARE(count(QStringLiteral("operators")), operators);
        QCOMPARE(count(QStringLiteral("audit_events")), events);
        QVERIFY(QFile::setPermissions(open, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run again = cli(add);
        qunsetenv("TIRKEU_NEW_PASSWORD");
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(count(QStringLiteral("operators")), operators + 1);
    }

    void administratorSetsUpOperatorsAndCa() {
        const struct {
            const char* login;
            const char* role;
        } accounts[] = {{"op", "operator"}, {"off1", "officer"}, {"off2", "officer"}, {"aud", "auditor"}};
        for (const auto& a : accounts) {
            qputenv("TIRKEU_NEW_PASSWORD", QByteArray(a.login) + "-password-123");
            const Run r = as(QStringLiteral("admin"),
                             {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("--login"),
                              QString::fromLatin1(a.login), QStringLiteral("--name"), QStringLiteral("Тест Қызметкер"),
                              QStringLiteral("--role"), QString::fromLatin1(a.role)});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        qunsetenv("TIRKEU_NEW_PASSWORD");
        const Run ca =
            as(QStringLiteral("admin"),
               QStringList{QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), QStringLiteral("NCA"),
                           QStringLiteral("--name"), QStringLiteral("Ұлттық куәландырушы орталық"),
                           QStringLiteral("--kind"), QStringLiteral("national"), QStringLiteral("--setting"),
                           QStringLiteral("crl_period_hours=24")} +
                   tirkeu::test::testPointerArgs());
        QVERIFY2(ca.code == 0, qPrintable(ca.err));
        const Run list =
            as(QStringLiteral("aud"), {QStringLiteral("ca"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.code, 0);
        const QJsonObject nca = list.json().array().first().toObject();
        QCOMPARE(nca.value(QStringLiteral("name")).toString(), QStringLiteral("Ұлттық куәландырушы орталық"));
        QCOMPARE(nca.value(QStringLiteral("settings")).toObject().value(QStringLiteral("crl_period_hours")).toInt(),
                 24);
        // An operator may not add operators.
        qputenv("TIRKEU_NEW_PASSWORD", "whatever-123");
        QCOMPARE(as(QStringLiteral("op"), {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("--login"),
                                           QStringLiteral("x1"), QStringLiteral("--name"), QStringLiteral("X"),
                                           QStringLiteral("--role"), QStringLiteral("operator")})
                     .code,
                 int(ErrorCode::Forbidden));
        qunsetenv("TIRKEU_NEW_PASSWORD");
    }

    void submitValidApplication() {
        const Run r = submit(QStringLiteral("op"), validApplication());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = r.json().object();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("registered"));
        QCOMPARE(o.value(QStringLiteral("subject")).toString(), QStringLiteral("900701300108"));
        QCOMPARE(o.value(QStringLiteral("data")).toObject().value(QStringLiteral("surname")).toString(),
                 QStringLiteral("Қасымова"));
    }

    void invalidSubmissionsWriteNothing() {
        const int apps = count(QStringLiteral("applications"));
        const int events = count(QStringLiteral("audit_events"));
        const Run badIin = submit(QStringLiteral("op"), validApplication(QStringLiteral("900701300107")));
        QCOMPARE(badIin.code, int(ErrorCode::Invalid));
        QVERIFY2(badIin.err.contains(QStringLiteral("check digit")), qPrintable(badIin.err));
        QCOMPARE(submit(QStringLiteral("op"), validApplication(), false).code, int(ErrorCode::Invalid));
        QCOMPARE(submit(QStringLiteral("op"), file(QStringLiteral("broken.json"), "{not json")).code,
                 int(ErrorCode::Invalid));
        QCOMPARE(submit(QStringLiteral("aud"), validApplication()).code, int(ErrorCode::Forbidden));
        // A device (/dev/zero: endless) is no form data or filled form: refused at once, unread.
        const Run endless = submit(QStringLiteral("op"), QStringLiteral("/dev/zero"));
        QCOMPARE(endless.code, int(ErrorCode::Invalid));
        QVERIFY2(endless.err.contains(u"/dev/zero") && endless.err.contains(u"regular file"), qPrintable(endless.err));
        const Run endlessPdf =
            as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"),
                                      QStringLiteral("NCA"), QStringLiteral("--pdf"), QStringLiteral("/dev/zero")});
        QCOMPARE(endlessPdf.code, int(ErrorCode::Invalid));
        QVERIFY2(endlessPdf.err.contains(u"/dev/zero") && endlessPdf.err.contains(u"regular file"),
                 qPrintable(endlessPdf.err));
        QCOMPARE(count(QStringLiteral("applications")), apps);
        QCOMPARE(count(QStringLiteral("audit_events")), events);
    }

    void fourEyesAndWorkflow() {
        // off1 registers application 2; off1 may not approve it, off2 may.
        const Run sub = submit(QStringLiteral("off1"), validApplication(QStringLiteral("050311600009")));
        QVERIFY2(sub.code == 0, qPrintable(sub.err));
        const QString id = QString::number(sub.json().object().value(QStringLiteral("id")).toInteger());
        const Run own = as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("approve"), id});
        QCOMPARE(own.code, int(ErrorCode::Forbidden));
        QVERIFY2(own.err.contains(QStringLiteral("Four-eyes")), qPrintable(own.err));
        QCOMPARE(as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("done"), id}).code,
                 int(ErrorCode::Conflict));
        QCOMPARE(as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("approve"), id}).code, 0);
        QCOMPARE(as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("approve"), id}).code,
                 int(ErrorCode::Conflict));
        QCOMPARE(as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("done"), id}).code, 0);
        const Run show = as(QStringLiteral("aud"),
                            {QStringLiteral("application"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(show.code, 0);
        const QJsonArray history = show.json().object().value(QStringLiteral("history")).toArray();
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(1).toObject().value(QStringLiteral("operator")).toString(), QStringLiteral("off2"));
        QCOMPARE(show.json().object().value(QStringLiteral("status")).toString(), QStringLiteral("done"));
    }

    void rejectNeedsReason() {
        QCOMPARE(
            as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("reject"), QStringLiteral("1")})
                .code,
            int(ErrorCode::Usage));
        // Free text is not a ground; another CA kind's ground is not either.
        QCOMPARE(
            as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("reject"), QStringLiteral("1"),
                                        QStringLiteral("--reason-code"), QStringLiteral("Құжат көшірмесі жоқ")})
                .code,
            int(ErrorCode::Invalid));
        const Run wrongKind =
            as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("reject"), QStringLiteral("1"),
                                        QStringLiteral("--reason-code"), QStringLiteral("ROOT-FALSE-INFO")});
        QCOMPARE(wrongKind.code, int(ErrorCode::Invalid));
        QVERIFY2(wrongKind.err.contains(u"NCA-DOCS-MISSING"), qPrintable(wrongKind.err)); // lists the grounds
        QCOMPARE(
            as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("reject"), QStringLiteral("1"),
                                        QStringLiteral("--reason-code"), QStringLiteral("NCA-DOCS-MISSING"),
                                        QStringLiteral("--note"), QStringLiteral("Құжат көшірмесі жоқ")})
                .code,
            0);
        const Run list =
            as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("list"), QStringLiteral("--status"),
                                      QStringLiteral("rejected"), QStringLiteral("--json")});
        QCOMPARE(list.json().array().size(), 1);
        const QJsonObject row = list.json().array().first().toObject();
        QCOMPARE(row.value(QStringLiteral("reject_reason_code")).toString(), QStringLiteral("NCA-DOCS-MISSING"));
        QCOMPARE(row.value(QStringLiteral("reject_note")).toString(), QStringLiteral("Құжат көшірмесі жоқ"));
        const Run show =
            as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("show"), QStringLiteral("1")});
        QVERIFY2(show.out.contains(u"NCA-DOCS-MISSING"), qPrintable(show.out));
    }

    void refusalReasonsListed() {
        const Run all =
            cli({QStringLiteral("application"), QStringLiteral("refusal-reasons"), QStringLiteral("--json")});
        QCOMPARE(all.code, 0);
        QStringList codes;
        for (const QJsonValue& v : all.json().array())
            codes << v.toObject().value(QStringLiteral("code")).toString();
        QVERIFY(codes.contains(QStringLiteral("ROOT-DOCS-MISSING")));
        QVERIFY(codes.contains(QStringLiteral("ROOT-FALSE-INFO")));
        QVERIFY(codes.contains(QStringLiteral("GOV-KEY-HELD")));
        const Run root = cli({QStringLiteral("application"), QStringLiteral("refusal-reasons"),
                              QStringLiteral("--kind"), QStringLiteral("root")});
        QCOMPARE(root.code, 0);
        QVERIFY(root.out.contains(u"ROOT-FALSE-INFO") && !root.out.contains(u"NCA-"));
        QCOMPARE(cli({QStringLiteral("application"), QStringLiteral("refusal-reasons"), QStringLiteral("--kind"),
                      QStringLiteral("moon")})
                     .code,
                 int(ErrorCode::Usage));
        const Run help = cli({QStringLiteral("application"), QStringLiteral("reject"), QStringLiteral("--help")});
        QVERIFY2(help.out.contains(u"--reason-code") && help.out.contains(u"NCA-DATA-MISMATCH"), qPrintable(help.out));
    }

    void missingDocumentsAndIdentification() {
        // Received without the identity document copy: registered (--documents-missing) with how the holder
        // was identified, never approved, refused on the ground of missing documents.
        const QString data = validApplication(QStringLiteral("850312400227"));
        const QStringList base{QStringLiteral("application"), QStringLiteral("submit"),
                               QStringLiteral("--ca"),        QStringLiteral("NCA"),
                               QStringLiteral("--form"),      QStringLiteral("NCA-ISSUE-IND"),
                               QStringLiteral("--data"),      data,
                               QStringLiteral("--consent"),   QStringLiteral("--json")};
        QCOMPARE(as(QStringLiteral("op"), base).code, int(ErrorCode::Invalid));
        QCOMPARE(as(QStringLiteral("op"), QStringList(base)
                                              << QStringLiteral("--documents-missing")
                                              << QStringLiteral("--identified-by") << QStringLiteral("telepathy"))
                     .code,
                 int(ErrorCode::Invalid));
        const Run r = as(QStringLiteral("op"), QStringList(base)
                                                   << QStringLiteral("--documents-missing")
                                                   << QStringLiteral("--identified-by") << QStringLiteral("in_person"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject app = r.json().object();
        QCOMPARE(app.value(QStringLiteral("identification")).toString(), QStringLiteral("in_person"));
        QCOMPARE(app.value(QStringLiteral("missing_documents")).toArray(),
                 QJsonArray{QStringLiteral("identity_document_copy")});
        const QString id = QString::number(app.value(QStringLiteral("id")).toInteger());
        QCOMPARE(as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("approve"), id}).code,
                 int(ErrorCode::Conflict));
        QCOMPARE(as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("reject"), id,
                                             QStringLiteral("--reason-code"), QStringLiteral("NCA-DOCS-MISSING")})
                     .code,
                 0);
        const Run show = as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("show"), id});
        QVERIFY2(show.out.contains(u"in person", Qt::CaseInsensitive), qPrintable(show.out));
        QVERIFY2(show.out.contains(u"NCA-DOCS-MISSING"), qPrintable(show.out));
    }

    void calendarShowsNauryz2026AndComputesDeadlines() {
        const Run show = cli({QStringLiteral("calendar"), QStringLiteral("show"), QStringLiteral("--year"),
                              QStringLiteral("2026"), QStringLiteral("--json")});
        QCOMPARE(show.code, 0);
        QStringList off;
        for (const QJsonValue& d : show.json().object().value(QStringLiteral("days")).toArray())
            if (!d.toObject().value(QStringLiteral("working")).toBool())
                off << d.toObject().value(QStringLiteral("date")).toString();
        QVERIFY(off.contains(QStringLiteral("2026-03-23")));
        QVERIFY(off.contains(QStringLiteral("2026-03-24")));
        QVERIFY(off.contains(QStringLiteral("2026-03-25")));
        QVERIFY(!off.contains(QStringLiteral("2026-03-26")));
        const Run deadline = cli({QStringLiteral("calendar"), QStringLiteral("deadline"), QStringLiteral("--from"),
                                  QStringLiteral("2026-03-20"), QStringLiteral("--working-days"), QStringLiteral("2"),
                                  QStringLiteral("--json")});
        QCOMPARE(deadline.json().object().value(QStringLiteral("deadline")).toString(), QStringLiteral("2026-03-27"));
    }

    void calendarOverrideNeedsAdministrator() {
        const QStringList args{QStringLiteral("calendar"),   QStringLiteral("set"),       QStringLiteral("--date"),
                               QStringLiteral("2026-03-26"), QStringLiteral("--day-off"), QStringLiteral("--note"),
                               QStringLiteral("Decree")};
        QCOMPARE(as(QStringLiteral("off1"), args).code, int(ErrorCode::Forbidden));
        QCOMPARE(as(QStringLiteral("admin"), args).code, 0);
        const Run deadline = cli({QStringLiteral("calendar"), QStringLiteral("deadline"), QStringLiteral("--from"),
                                  QStringLiteral("2026-03-20"), QStringLiteral("--working-days"), QStringLiteral("2"),
                                  QStringLiteral("--json")});
        QCOMPARE(deadline.json().object().value(QStringLiteral("deadline")).toString(), QStringLiteral("2026-03-30"));
        QCOMPARE(
            as(QStringLiteral("admin"), {QStringLiteral("calendar"), QStringLiteral("set"), QStringLiteral("--date"),
                                         QStringLiteral("2026-03-26"), QStringLiteral("--clear")})
                .code,
            0);
    }

    void retentionDryRunAndPolicies() {
        const Run dry = as(QStringLiteral("admin"), {QStringLiteral("retention"), QStringLiteral("sweep"),
                                                     QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QCOMPARE(dry.code, 0);
        QCOMPARE(dry.json().object().value(QStringLiteral("total")).toInteger(), 0);
        QCOMPARE(as(QStringLiteral("off1"),
                    {QStringLiteral("retention"), QStringLiteral("sweep"), QStringLiteral("--dry-run")})
                     .code,
                 int(ErrorCode::Forbidden));
        QCOMPARE(
            as(QStringLiteral("admin"), {QStringLiteral("retention"), QStringLiteral("set"), QStringLiteral("--kind"),
                                         QStringLiteral("government"), QStringLiteral("--record-years"),
                                         QStringLiteral("0"), QStringLiteral("--event-log-years"), QStringLiteral("1")})
                .code,
            int(ErrorCode::Invalid));
        // Issue 14: below the legal minimum (10 years for the Government Bodies CA) is refused, naming it.
        const Run belowMinimum = as(QStringLiteral("admin"),
                                    {QStringLiteral("retention"), QStringLiteral("set"), QStringLiteral("--kind"),
                                     QStringLiteral("government"), QStringLiteral("--record-years"),
                                     QStringLiteral("1"), QStringLiteral("--event-log-years"), QStringLiteral("1")});
        QCOMPARE(belowMinimum.code, int(ErrorCode::Invalid));
        QVERIFY2(belowMinimum.err.contains(u"10") && belowMinimum.err.contains(u"Order No. 348") &&
                     !belowMinimum.err.contains(u"seed"),
                 qPrintable(belowMinimum.err));
        const Run show =
            as(QStringLiteral("aud"), {QStringLiteral("retention"), QStringLiteral("show"), QStringLiteral("--json")});
        bool sawGovernment = false;
        for (const QJsonValue& p : show.json().array()) {
            if (p.toObject().value(QStringLiteral("ca_kind")).toString() == u"government") {
                QCOMPARE(p.toObject().value(QStringLiteral("record_years")).toInt(), 10);
                sawGovernment = true;
            }
        }
        QVERIFY(sawGovernment);
    }

    void auditVerifyAndExportAnchor() {
        const Run ok = as(QStringLiteral("aud"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.contains(QStringLiteral("intact")));
        const QString anchor = m_dir.filePath(QStringLiteral("anchor.txt"));
        const Run exp =
            as(QStringLiteral("aud"),
               {QStringLiteral("audit"), QStringLiteral("export-anchor"), QStringLiteral("--date"),
                // Today in Almaty (the register's day), not the machine's: from 19:00 UTC on they differ.
                QDateTime::currentDateTimeUtc().toTimeZone(registry::Clock::zone()).date().toString(Qt::ISODate),
                QStringLiteral("--out"), anchor});
        QVERIFY2(exp.code == 0, qPrintable(exp.err));
        QFile f(anchor);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("head-sha256: "));
        QCOMPARE(as(QStringLiteral("op"), {QStringLiteral("audit"), QStringLiteral("verify")}).code,
                 int(ErrorCode::Forbidden));
    }

    void tamperedAuditLogFailsVerifyWithTheRow() {
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db);
            // What an attacker with file access would do: drop the guard, then edit a row.
            QVERIFY((*db)->execScript(
                test::dropTriggerSql(**db, QStringLiteral("audit_events_immutable"), QStringLiteral("audit_events"))));
            QVERIFY(
                (*db)->exec(QStringLiteral("UPDATE audit_events SET details = '{\"application\":99}' WHERE seq = 3")));
        }
        const Run r =
            as(QStringLiteral("aud"), {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QCOMPARE(r.code, int(ErrorCode::Integrity));
        QCOMPARE(r.json().object().value(QStringLiteral("first_bad_seq")).toInteger(), 3);
        QVERIFY2(r.err.contains(QStringLiteral("event 3")), qPrintable(r.err));
    }

    void realBinaryPrintsVersion() {
        if (test::cliBinary().isEmpty())
            QSKIP("TIRKEU_CLI is set by ctest");
        const test::ToolRun r = test::cliBinaryRun({QStringLiteral("--version")});
        QVERIFY2(r.ok(), qPrintable(r.output));
        QVERIFY(r.out.startsWith(u"tirkeu-cli "));
    }

    // Attack of session 33, C5: `form template --out` (no sign-in needed) wrote through a symbolic link planted at its
    // name, over the file it pointed to; a dangling link created the file where it pointed. Refused now, nothing
    // written, and written once the name is free.
    void formTemplateIsNeverWrittenThroughALink() {
        if (test::cliBinary().isEmpty())
            QSKIP("TIRKEU_CLI is set by ctest");
        const QString victim = m_dir.filePath(QStringLiteral("c5-victim.pdf"));
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("victim") == 6);
        }
        const QString link = m_dir.filePath(QStringLiteral("c5-template.pdf"));
        const QString dangling = m_dir.filePath(QStringLiteral("c5-dangling.pdf"));
        const QString planted = m_dir.filePath(QStringLiteral("c5-planted.pdf"));
        QVERIFY(QFile::link(victim, link) && QFile::link(planted, dangling));
        for (const QString& out : {link, dangling}) {
            const test::ToolRun run =
                test::cliBinaryRun({QStringLiteral("form"), QStringLiteral("template"), QStringLiteral("--form"),
                                    QStringLiteral("NCA-ISSUE-IND"), QStringLiteral("--out"), out,
                                    QStringLiteral("--lang"), QStringLiteral("en")});
            QCOMPARE(run.code, int(ErrorCode::Conflict));
            QVERIFY2(run.output.contains(QStringLiteral("symbolic link")), qPrintable(run.output));
        }
        QCOMPARE(test::readFile(victim), QByteArray("victim"));
        QVERIFY(!QFileInfo::exists(planted));
        QVERIFY(QFile::remove(link));
        const test::ToolRun written =
            test::cliBinaryRun({QStringLiteral("form"), QStringLiteral("template"), QStringLiteral("--form"),
                                QStringLiteral("NCA-ISSUE-IND"), QStringLiteral("--out"), link});
        QVERIFY2(written.code == 0, qPrintable(written.output));
        QVERIFY(test::readFile(link).startsWith("%PDF"));
    }

    // Attack of session 27: a command that prints (QtGui) without XDG_RUNTIME_DIR used $TMPDIR/tirkeu-runtime-<uid>
    // as it found it: a symbolic link another user planted there was followed (the folder it named made 0700 and
    // used), and so was a folder another user owns. The program now uses that name only when it is a real
    // folder of its own that no one else may enter, and otherwise a new private folder of its own.
    void runtimeFolderIsNeverALinkOrAnotherUsers() {
        if (test::cliBinary().isEmpty())
            QSKIP("TIRKEU_CLI is set by ctest");
        const QString name = QStringLiteral("tirkeu-runtime-%1").arg(::getuid());
        const auto modeOf = [](const QString& p) {
            struct stat st {};
            return ::lstat(QFile::encodeName(p).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
        };
        const auto ownerOf = [](const QString& p) {
            struct stat st {};
            return ::lstat(QFile::encodeName(p).constData(), &st) == 0 ? qint64(st.st_uid) : qint64(-1);
        };
        const auto printWith = [](const QString& tmp) {
            test::ToolOptions options;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
            env.insert(QStringLiteral("TMPDIR"), tmp);
            options.env = env;
            // Usage error (no --form) once the QGuiApplication runs: the runtime folder is chosen before.
            return test::cliBinaryRun({QStringLiteral("form"), QStringLiteral("template")}, options);
        };
        // A link to a folder of the user's (another user cannot write into /tmp/<name>, but can plant the link).
        const QString linked = m_dir.filePath(QStringLiteral("rt-link"));
        const QString victim = m_dir.filePath(QStringLiteral("rt-victim"));
        QVERIFY(QDir().mkpath(linked) && QDir().mkpath(victim));
        QVERIFY(::chmod(QFile::encodeName(victim).constData(), 0755) == 0);
        QVERIFY(QFile::link(victim, linked + u'/' + name));
        const test::ToolRun viaLink = printWith(linked);
        QVERIFY2(viaLink.code == int(ErrorCode::Usage), qPrintable(viaLink.output));
        QCOMPARE(modeOf(victim), 0755); // followed: made 0700
        QVERIFY(QFileInfo(linked + u'/' + name).isSymLink());
        QCOMPARE(QDir(linked).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size(),
                 1); // nothing left
        // Another user's folder (root here may chown; as another user it is the planted folder itself).
        if (::getuid() == 0) {
            const QString foreign = m_dir.filePath(QStringLiteral("rt-foreign"));
            QVERIFY(QDir().mkpath(foreign + u'/' + name));
            QVERIFY(::chown(QFile::encodeName(foreign + u'/' + name).constData(), 65534, 65534) == 0);
            QVERIFY(::chmod(QFile::encodeName(foreign + u'/' + name).constData(), 0777) == 0);
            const test::ToolRun viaForeign = printWith(foreign);
            QVERIFY2(viaForeign.code == int(ErrorCode::Usage), qPrintable(viaForeign.output));
            QCOMPARE(modeOf(foreign + u'/' + name), 0777); // taken: made 0700 and used
            QCOMPARE(ownerOf(foreign + u'/' + name), qint64(65534));
        }
        // A folder of the user's that others may enter is not used either, nor changed.
        const QString open = m_dir.filePath(QStringLiteral("rt-open"));
        QVERIFY(QDir().mkpath(open + u'/' + name));
        QVERIFY(::chmod(QFile::encodeName(open + u'/' + name).constData(), 0755) == 0);
        const test::ToolRun viaOpen = printWith(open);
        QVERIFY2(viaOpen.code == int(ErrorCode::Usage), qPrintable(viaOpen.output));
        QCOMPARE(modeOf(open + u'/' + name), 0755);
        // None there: made 0700 whatever the umask.
        const QString fresh = m_dir.filePath(QStringLiteral("rt-fresh"));
        QVERIFY(QDir().mkpath(fresh));
        const mode_t previous = ::umask(0);
        const test::ToolRun made = printWith(fresh);
        ::umask(previous);
        QVERIFY2(made.code == int(ErrorCode::Usage), qPrintable(made.output));
        QCOMPARE(modeOf(fresh + u'/' + name), 0700);
    }

    // Attack of session 26, F6: register text (a login typed at a failed sign-in, a name, an SMTP server's reply)
    // reached the terminal as it was: escape sequences cleared the auditor's screen, set the window title and
    // wrote the clipboard. Every table escapes control characters (C0, DEL, C1: ESC included) visibly.
    void tablesEscapeControlCharacters() {
        const QString evil = QStringLiteral("Evil") + QChar(0x1b) + QStringLiteral("[2J") + QChar(0x07) +
                             QStringLiteral(" Name") + QChar(0x7f) + QChar(0x9b) + QStringLiteral("31m") +
                             QChar(u'\r') + QStringLiteral("x");
        {
            QString text;
            QTextStream out(&text);
            cli::Table t({QStringLiteral("A"), QStringLiteral("B")});
            t.add({evil, QStringLiteral("ok")});
            t.print(out);
            for (const QChar c : text)
                QVERIFY2(c == u'\n' || !(c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f)),
                         qPrintable(QStringLiteral("raw U+%1 in the table").arg(int(c.unicode()), 4, 16, QChar(u'0'))));
            QVERIFY2(text.contains(QStringLiteral("Evil\\x1b[2J\\x07 Name\\x7f\\x9b31m\\x0dx")), qPrintable(text));
        }
        // End to end: such a name is not stored at all since session 29 (F2: an operator's name obeys the forms'
        // rule); the refusal names the character, escaped, and the list is unchanged.
        const Run before = as(QStringLiteral("admin"), {QStringLiteral("operator"), QStringLiteral("list")});
        qputenv("TIRKEU_NEW_PASSWORD", "evil-password-123");
        const Run added =
            as(QStringLiteral("admin"), {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("--login"),
                                         QStringLiteral("evil.name"), QStringLiteral("--name"), evil,
                                         QStringLiteral("--role"), QStringLiteral("operator")});
        qunsetenv("TIRKEU_NEW_PASSWORD");
        QCOMPARE(added.code, int(ErrorCode::Invalid));
        QVERIFY2(added.err.contains(QStringLiteral("U+001B")) && !added.err.contains(QChar(0x1b)),
                 qPrintable(added.err));
        const Run listed = as(QStringLiteral("admin"), {QStringLiteral("operator"), QStringLiteral("list")});
        QVERIFY2(listed.code == 0, qPrintable(listed.err));
        QCOMPARE(listed.out, before.out);
    }

    // Attack of session 27: the "field: value" lines of application show (and of every command printing fields
    // one per line) wrote register text as it was; an applicant's name or e-mail holding an escape sequence, a
    // carriage return or a NUL (a multi-line field may hold CR; the rest written into the register outside
    // Tirkeu) reached the terminal raw. They are escaped like the tables' cells.
    void fieldLinesEscapeControlCharacters() {
        const Run sub = submit(QStringLiteral("op"), validApplication(QStringLiteral("750101300103")));
        QVERIFY2(sub.code == 0, qPrintable(sub.err));
        const qint64 id = sub.json().object().value(QStringLiteral("id")).toInteger();
        {
            auto db = registry::Database::open(m_db);
            QVERIFY(db);
            auto data = (*db)->scalar(QStringLiteral("SELECT data FROM applications WHERE id = ?"), {id});
            QVERIFY(data);
            QJsonObject o = QJsonDocument::fromJson(data->toString().toUtf8()).object();
            o.insert(QStringLiteral("surname"), QString(QStringLiteral("Evil") + QChar(0x1b) + QStringLiteral("[2J")));
            o.insert(QStringLiteral("email"),
                     QString(QStringLiteral("a@b.kz") + QChar(u'\r') + QStringLiteral("Status: done") + QChar(0) +
                             QChar(0x9b) + QStringLiteral("31m")));
            QVERIFY((*db)->exec(QStringLiteral("UPDATE applications SET data = ? WHERE id = ?"),
                                {QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)), id}));
        }
        const Run show =
            as(QStringLiteral("aud"), {QStringLiteral("application"), QStringLiteral("show"), QString::number(id)});
        QVERIFY2(show.code == 0, qPrintable(show.err));
        for (const QChar c : show.out)
            QVERIFY2(
                c == u'\n' || !(c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f)),
                qPrintable(QStringLiteral("raw U+%1 in: %2").arg(int(c.unicode()), 4, 16, QChar(u'0')).arg(show.out)));
        QVERIFY2(show.out.contains(QStringLiteral("Applicant: Evil\\x1b[2J")), qPrintable(show.out));
        QVERIFY2(show.out.contains(QStringLiteral("  surname: Evil\\x1b[2J\n")), qPrintable(show.out));
        QVERIFY2(show.out.contains(QStringLiteral("  email: a@b.kz\\x0dStatus: done\\x00\\x9b31m\n")),
                 qPrintable(show.out));
    }

    // The register's address from a file only its owner reads (--db-file), so that a PostgreSQL password stays out
    // of the process list (attack of session 28, F5); a file others can read is refused like every secret file; a
    // password in --db itself is warned about.
    void registerAddressFromAPrivateFile() {
        const auto raw = [](const QStringList& args) {
            Run r;
            QTextStream out(&r.out);
            QTextStream err(&r.err);
            r.code = cli::CliApp::run(args + QStringList{QStringLiteral("--lang"), QStringLiteral("en")}, out, err);
            out.flush();
            err.flush();
            return r;
        };
        const QString location = file(QStringLiteral("register.location"), m_db.toUtf8() + "\n");
        const Run info = raw({QStringLiteral("--db-file"), location, QStringLiteral("db"), QStringLiteral("info")});
        QVERIFY2(info.code == 0 && info.out.contains(m_db), qPrintable(info.out + info.err));
        QVERIFY(QFile::setPermissions(location, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const Run open = raw({QStringLiteral("--db-file"), location, QStringLiteral("db"), QStringLiteral("info")});
        QCOMPARE(open.code, int(ErrorCode::Forbidden));
        QVERIFY2(open.err.contains(location) && open.err.contains(QStringLiteral("0644")), qPrintable(open.err));
        QVERIFY(open.out.isEmpty());
        const Run both = raw({QStringLiteral("--db"), m_db, QStringLiteral("--db-file"), location, QStringLiteral("db"),
                              QStringLiteral("info")});
        QCOMPARE(both.code, int(ErrorCode::Usage));
        const Run secret = raw({QStringLiteral("--db"), QStringLiteral("postgresql://app:S3cret-Pw@127.0.0.1:1/none"),
                                QStringLiteral("db"), QStringLiteral("info")});
        QVERIFY2(secret.err.contains(QStringLiteral("Warning: the register address given with --db holds a password")),
                 qPrintable(secret.err));
        QVERIFY2(!secret.err.contains(QStringLiteral("S3cret-Pw")), qPrintable(secret.err));
        const Run plain = raw({QStringLiteral("--db"), m_db, QStringLiteral("db"), QStringLiteral("info")});
        QVERIFY2(plain.code == 0 && !plain.err.contains(QStringLiteral("Warning")), qPrintable(plain.err));
    }

    // A message that repeats text as it was given (here a file name on the command line, written by a script
    // from a file's contents) never reaches the terminal as control characters either: everything a command
    // prints passes through PrintableOutput. Before it, "Anchor written to …" printed the raw ESC and BEL.
    void everyMessageEscapesControlCharacters() {
        const QString name = m_dir.filePath(QStringLiteral("anchor") + QChar(0x1b) + QStringLiteral("]0;owned") +
                                            QChar(0x07) + QStringLiteral("\tқ.txt"));
        const Run made =
            as(QStringLiteral("aud"),
               {QStringLiteral("audit"), QStringLiteral("export-anchor"), QStringLiteral("--date"),
                QDateTime::currentDateTimeUtc().toTimeZone(registry::Clock::zone()).date().toString(Qt::ISODate),
                QStringLiteral("--out"), name});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        QVERIFY(QFileInfo::exists(name)); // the file is the one asked for
        for (const QChar c : QString(made.out + made.err))
            QVERIFY2(
                c == u'\n' || c == u'\t' || !(c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f)),
                qPrintable(QStringLiteral("raw U+%1 in: %2").arg(int(c.unicode()), 4, 16, QChar(u'0')).arg(made.out)));
        QVERIFY2(made.out.contains(QStringLiteral("anchor\\x1b]0;owned\\x07\tқ.txt")), qPrintable(made.out));
    }

    // The filter decodes UTF-8 across writes: a Kazakh letter or an 8-bit CSI (U+009B, C2 9B) split between two
    // writes is one character, kept or escaped.
    void printableOutputJoinsCharactersSplitBetweenWrites() {
        QString text;
        QTextStream target(&text);
        cli::PrintableOutput device(target);
        const QByteArray bytes = QStringLiteral("Ә\u009b2J\nқ").toUtf8();
        for (const char b : bytes)
            QCOMPARE(device.write(&b, 1), 1); // byte by byte
        target.flush();
        QCOMPARE(text, QStringLiteral("Ә\\x9b2J\nқ"));
    }

    // Bidirectional controls and zero-width characters (Unicode format characters) are shown, not obeyed: a basis
    // document "No 12<U+202E>34-5" read "No 125-43" on the terminal (attack of session 29, F2).
    void printableOutputShowsFormatCharacters() {
        QCOMPARE(cli::PrintableOutput::escaped(QStringLiteral("№ 12\u202E34-5 \u200Bx")),
                 QStringLiteral("№ 12\\u202e34-5 \\u200bx"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
