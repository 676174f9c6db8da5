// tirkeu-cli today: the Today agenda (registry/Agenda.h) for the signed-in role, as text and --json;
// nothing due says so; a bad option is refused and changes nothing.
#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestMain.h"

#include <QJsonArray>
#include <QTest>

using namespace tirkeu;

class TestTodayCli : public QObject, protected test::CliHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
    }

    void nothingDueInAnEmptyRegister() {
        const Run text = as(QStringLiteral("off1"), {QStringLiteral("today")});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QStringLiteral("Nothing is due.")), qPrintable(text.out));
        const Run json = as(QStringLiteral("off1"), {QStringLiteral("today"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        QCOMPARE(json.json().value(QStringLiteral("role")).toString(), QStringLiteral("officer"));
        QVERIFY(json.json().value(QStringLiteral("items")).toArray().isEmpty());
    }

    void unpublishedAnchorsAreListedForTheRolesThatKeepThem() {
        QDir(m_dir.path()).mkpath(QStringLiteral("anchors")); // empty: yesterday's anchor is missing
        const QStringList args{QStringLiteral("today"), QStringLiteral("--anchors"), path(QStringLiteral("anchors")),
                               QStringLiteral("--json")};
        const Run officer = as(QStringLiteral("off1"), args);
        QVERIFY2(officer.code == 0, qPrintable(officer.err));
        const QJsonArray items = officer.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("anchors_unpublished"));
        QCOMPARE(items.first().toObject().value(QStringLiteral("count")).toInt(), 1);
        // An operator does not keep the event log: nothing due.
        const Run op = as(QStringLiteral("op"), args);
        QVERIFY2(op.code == 0, qPrintable(op.err));
        QVERIFY(op.json().value(QStringLiteral("items")).toArray().isEmpty());
        // As text: the line and its count.
        const Run text = as(QStringLiteral("off1"),
                            {QStringLiteral("today"), QStringLiteral("--anchors"), path(QStringLiteral("anchors"))});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(QStringLiteral("Audit anchors not published")), qPrintable(text.out));
    }

    // Without signing in, or with a wrong password, nothing of the register is shown (the wrong password is
    // the operator's: a failed sign-in delays that login's next one).
    void refusedWithoutSignIn() {
        const Run anonymous = cli({QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                                   QStringLiteral("today"), QStringLiteral("--json")});
        QVERIFY(anonymous.code != 0);
        QVERIFY2(anonymous.err.contains(QStringLiteral("--as")), qPrintable(anonymous.err));
        QVERIFY2(anonymous.out.isEmpty(), qPrintable(anonymous.out));
        file(QStringLiteral("wrong.pw"), "not-the-password\n");
        const Run wrong = cli({QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                               QStringLiteral("--as"), QStringLiteral("op"), QStringLiteral("--password-file"),
                               path(QStringLiteral("wrong.pw")), QStringLiteral("today")});
        QVERIFY(wrong.code != 0);
        QVERIFY2(wrong.out.isEmpty(), qPrintable(wrong.out));
    }

    void badWindowIsRefused() {
        const Run r =
            as(QStringLiteral("off1"), {QStringLiteral("today"), QStringLiteral("--days"), QStringLiteral("0")});
        QCOMPARE(r.code, int(ErrorCode::Invalid));
        QVERIFY2(r.err.contains(QStringLiteral("between 1 and 3660")), qPrintable(r.err));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestTodayCli)
#include "tst_today_cli.moc"
