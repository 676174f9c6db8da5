// tirkeu-cli application drafts / draft-submit / draft-delete: the signed-in operator's drafts
// (registry/Drafts.h, typed in the GUI) listed as text and --json; a draft registered from the CLI is
// checked as any application and its draft deleted; another operator's draft is never found; nothing
// without signing in.
#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Drafts.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QJsonArray>
#include <QTest>

using namespace tirkeu;

class TestDraftsCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    // A draft of `login` typed "in the GUI": saved through the registry as the window does.
    qint64 typeDraft(const QString& login, bool complete) {
        auto reg = registry::Register::open(m_db, registry::Register::OpenMode::Existing);
        if (!reg)
            return -1;
        auto session = (*reg)->operators().signIn(login, QString::fromLatin1(login.toLatin1() + "-password-123"));
        if (!session)
            return -2;
        registry::Draft d;
        d.caCode = QStringLiteral("NCA");
        d.formCode = QStringLiteral("NCA-ISSUE-IND");
        d.submission = test::ncaIssueIndividual(); // the fixtures' Aliya, as the window would keep her
        d.submission.consent = complete;
        d.submission.identification = QStringLiteral("in_person");
        auto id = registry::Drafts(**reg).save(*session, d);
        return id ? *id : -3;
    }

    int applications() {
        const Run r = as(QStringLiteral("off1"),
                         {QStringLiteral("application"), QStringLiteral("list"), QStringLiteral("--json")});
        return r.code == 0 ? int(QJsonDocument::fromJson(r.out.toUtf8()).array().size()) : -1;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca = addNationalCa();
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
    }

    void listSubmitAndDelete() {
        const Run empty = as(QStringLiteral("op"),
                             {QStringLiteral("application"), QStringLiteral("drafts"), QStringLiteral("--json")});
        QVERIFY2(empty.code == 0, qPrintable(empty.err));
        QVERIFY(QJsonDocument::fromJson(empty.out.toUtf8()).array().isEmpty());

        const qint64 incomplete = typeDraft(QStringLiteral("op"), false);
        QVERIFY2(incomplete > 0, qPrintable(QString::number(incomplete)));
        const qint64 other = typeDraft(QStringLiteral("off1"), true);
        QVERIFY(other > 0);

        const Run text = as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("drafts")});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QStringLiteral("900701300108 — Қасымова Әлия")), qPrintable(text.out));
        const Run json = as(QStringLiteral("op"),
                            {QStringLiteral("application"), QStringLiteral("drafts"), QStringLiteral("--json")});
        const QJsonArray list = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(list.size(), 1); // the officer's draft is not the operator's
        QCOMPARE(list.first().toObject().value(QStringLiteral("id")).toInteger(), incomplete);
        QCOMPARE(list.first().toObject().value(QStringLiteral("form")).toString(), QStringLiteral("NCA-ISSUE-IND"));

        // Registered from the CLI: checked as any application (no consent yet: refused, nothing changes).
        const int before = applications();
        QVERIFY(before >= 0);
        const Run refused = as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("draft-submit"),
                                                      QString::number(incomplete)});
        QVERIFY(refused.code != 0);
        QVERIFY2(refused.err.contains(QStringLiteral("consent"), Qt::CaseInsensitive), qPrintable(refused.err));
        QCOMPARE(applications(), before);

        // Someone else's draft: not found, not registered, not deleted.
        for (const char* action : {"draft-submit", "draft-delete"}) {
            const Run r = as(QStringLiteral("op"),
                             {QStringLiteral("application"), QString::fromLatin1(action), QString::number(other)});
            QVERIFY(r.code != 0);
            QVERIFY2(r.err.contains(QString::number(other)), qPrintable(r.err));
        }
        QCOMPARE(applications(), before);
        const Run ok = as(QStringLiteral("off1"), {QStringLiteral("application"), QStringLiteral("draft-submit"),
                                                   QString::number(other), QStringLiteral("--json")});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QVERIFY(ok.json().value(QStringLiteral("id")).toInteger() > 0);
        QCOMPARE(applications(), before + 1);
        // Submitted again (a second terminal, or the window that typed it): refused, naming the application.
        const Run twice = as(QStringLiteral("off1"),
                             {QStringLiteral("application"), QStringLiteral("draft-submit"), QString::number(other)});
        QVERIFY(twice.code != 0);
        const QString registeredAs = QString::number(ok.json().value(QStringLiteral("id")).toInteger());
        QVERIFY2(twice.err.contains(registeredAs), qPrintable(twice.err));
        QCOMPARE(applications(), before + 1);
        const Run gone = as(QStringLiteral("off1"),
                            {QStringLiteral("application"), QStringLiteral("drafts"), QStringLiteral("--json")});
        QVERIFY(QJsonDocument::fromJson(gone.out.toUtf8()).array().isEmpty());

        const Run bad = as(QStringLiteral("op"),
                           {QStringLiteral("application"), QStringLiteral("draft-delete"), QStringLiteral("x1")});
        QVERIFY(bad.code != 0);
        const Run del = as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("draft-delete"),
                                                  QString::number(incomplete)});
        QVERIFY2(del.code == 0, qPrintable(del.err));
        const Run after = as(QStringLiteral("op"),
                             {QStringLiteral("application"), QStringLiteral("drafts"), QStringLiteral("--json")});
        QVERIFY(QJsonDocument::fromJson(after.out.toUtf8()).array().isEmpty());
    }

    void refusedWithoutSignIn() {
        const Run anonymous = cli({QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                                   QStringLiteral("application"), QStringLiteral("drafts")});
        QVERIFY(anonymous.code != 0);
        QVERIFY2(anonymous.out.isEmpty(), qPrintable(anonymous.out));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestDraftsCli)
#include "tst_drafts_cli.moc"
