// Issue 14 through tirkeu-cli: `rules show [--at DATE]` and `rules load FILE` (administrators, audited,
// a bad file changes nothing), and the National CA's validity following the rules in force: the form's
// "1 жыл / 1 год" by default — a 3-year token application is cut to 1 year with a note — and 3 years
// only from a rules edition that allows it.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/RulesBook.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace tirkeu;

class TestRulesCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    // A 3-year application for a key on a token, approved, issued from a new CSR: the issue output.
    QJsonObject issueThreeYearToken(const QString& name) {
        QJsonObject data = holderData();
        data.insert(QStringLiteral("validity"), QStringLiteral("3y"));
        data.insert(QStringLiteral("key_media"), QStringLiteral("token"));
        const QString app =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), data,
                             QStringLiteral("identity_document_copy"), {}, name + QStringLiteral(".json"));
        if (app.isEmpty())
            return {};
        const Run r = as(QStringLiteral("off1"),
                         issueArgs(app, name + QStringLiteral(".csr"), newCsr(), name + QStringLiteral(".pem")));
        if (r.code != 0)
            qWarning("%s", qPrintable(r.err));
        return r.code == 0 ? r.json() : QJsonObject();
    }
    static int years(const QJsonObject& issued) {
        const QDateTime from =
            QDateTime::fromString(issued.value(QStringLiteral("not_before")).toString(), Qt::ISODate);
        const QDateTime to = QDateTime::fromString(issued.value(QStringLiteral("not_after")).toString(), Qt::ISODate);
        return from.addYears(3) == to ? 3 : from.addYears(1) == to ? 1 : -1;
    }
    Run show(const QStringList& extra = {}) {
        return as(QStringLiteral("op"),
                  QStringList{QStringLiteral("rules"), QStringLiteral("show"), QStringLiteral("--json")} + extra);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
    }

    void showPrintsTheBuiltInRules() {
        const Run r = show();
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("version")).toString(), QStringLiteral("builtin-1"));
        QVERIFY(o.value(QStringLiteral("built_in")).toBool());
        const QJsonObject e = o.value(QStringLiteral("edition")).toObject();
        QCOMPARE(e.value(QStringLiteral("validity"))
                     .toObject()
                     .value(QStringLiteral("NCA-ISSUE-IND"))
                     .toObject()
                     .value(QStringLiteral("token"))
                     .toInt(),
                 1);
        const QJsonArray root =
            e.value(QStringLiteral("refusal_reasons")).toObject().value(QStringLiteral("root")).toArray();
        QCOMPARE(root.size(), 2);
        QCOMPARE(root.at(1).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("ROOT-FALSE-INFO"));
        QVERIFY(!root.at(1).toObject().value(QStringLiteral("kk")).toString().isEmpty());
        QCOMPARE(e.value(QStringLiteral("key_backup")).toObject().value(QStringLiteral("threshold")).toInt(), 3);
        // The text form names the clause of each rule.
        const Run text = as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("show")});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(u"Order 348, App. 1, cl. 7") && text.out.contains(u"at least 3 of 5"),
                 qPrintable(text.out));
        QCOMPARE(show({QStringLiteral("--at"), QStringLiteral("31.12.2026")}).code, int(ErrorCode::Usage));
    }

    void loadIsAdministratorsOnlyAndABadFileChangesNothing() {
        const int events = count(QStringLiteral("audit_events"));
        QJsonObject bad = QJsonDocument::fromJson(registry::RulesBook::builtIn().content).object();
        bad.insert(QStringLiteral("version"), QStringLiteral("bad-1"));
        QJsonArray editions = bad.value(QStringLiteral("editions")).toArray();
        QJsonObject e = editions.at(0).toObject();
        QJsonObject backup = e.value(QStringLiteral("key_backup")).toObject();
        backup.insert(QStringLiteral("threshold"), 2);
        backup.insert(QStringLiteral("shares"), 2);
        e.insert(QStringLiteral("key_backup"), backup);
        editions.replace(0, e);
        bad.insert(QStringLiteral("editions"), editions);
        const QString badFile = file(QStringLiteral("bad-rules.json"), QJsonDocument(bad).toJson());
        const Run endless =
            as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("load"), QStringLiteral("/dev/zero")});
        QCOMPARE(endless.code, int(ErrorCode::Invalid)); // a device: refused unread
        QVERIFY2(endless.err.contains(u"/dev/zero") && endless.err.contains(u"regular file"), qPrintable(endless.err));
        const Run refused = as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("load"), badFile});
        QCOMPARE(refused.code, int(ErrorCode::Invalid));
        QVERIFY2(refused.err.contains(u"key_backup.threshold") && refused.err.contains(u"3 of 5"),
                 qPrintable(refused.err));
        const QString good = file(QStringLiteral("good-rules.json"), registry::RulesBook::builtIn().content);
        QCOMPARE(as(QStringLiteral("op"), {QStringLiteral("rules"), QStringLiteral("load"), good}).code,
                 int(ErrorCode::Forbidden));
        QCOMPARE(as(QStringLiteral("admin"),
                    {QStringLiteral("rules"), QStringLiteral("load"), path(QStringLiteral("none.json"))})
                     .code,
                 int(ErrorCode::Io));
        // The built-in version cannot be loaded again under the same version.
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("load"), good}).code,
                 int(ErrorCode::Conflict));
        QCOMPARE(count(QStringLiteral("rules_files")), 0);
        QCOMPARE(count(QStringLiteral("audit_events")), events);
    }

    void validityFollowsTheRulesInForce() {
        // Default rules: the form's "1 жыл / 1 год" — the 3-year token application is cut to 1 year, with a note.
        const QJsonObject first = issueThreeYearToken(QStringLiteral("first"));
        QVERIFY(!first.isEmpty());
        QCOMPARE(years(first), 1);
        const QString note = first.value(QStringLiteral("notes")).toArray().first().toString();
        QVERIFY2(note.contains(u"rules in force") && note.contains(u"builtin-1@2010-12-30"), qPrintable(note));

        // A rules file whose edition from today allows 3 years on a token.
        const QDate today = registry::SystemClock().today();
        QJsonObject rules = QJsonDocument::fromJson(registry::RulesBook::builtIn().content).object();
        rules.insert(QStringLiteral("version"), QStringLiteral("cli-3y"));
        QJsonArray editions = rules.value(QStringLiteral("editions")).toArray();
        QJsonObject next = editions.at(0).toObject();
        next.insert(QStringLiteral("effective_from"), today.toString(Qt::ISODate));
        QJsonObject validity = next.value(QStringLiteral("validity")).toObject();
        validity.insert(QStringLiteral("NCA-ISSUE-IND"),
                        QJsonObject{{QStringLiteral("file"), 1},
                                    {QStringLiteral("token"), 3},
                                    {QStringLiteral("clause"), QStringLiteral("test")}});
        next.insert(QStringLiteral("validity"), validity);
        editions.append(next);
        rules.insert(QStringLiteral("editions"), editions);
        const QByteArray content = QJsonDocument(rules).toJson();
        const Run loaded =
            as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("load"),
                                         file(QStringLiteral("cli-3y.json"), content), QStringLiteral("--json")});
        QVERIFY2(loaded.code == 0, qPrintable(loaded.err));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        QCOMPARE(loaded.json().value(QStringLiteral("sha256")).toString(), sha);
        QCOMPARE(scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = 'rules.loaded'"))
                     .toString()
                     .contains(sha),
                 true);
        const QString tag = QStringLiteral("cli-3y@") + today.toString(Qt::ISODate);
        QCOMPARE(show().json().value(QStringLiteral("edition")).toObject().value(QStringLiteral("tag")).toString(),
                 tag);
        QCOMPARE(show({QStringLiteral("--at"), today.addDays(-1).toString(Qt::ISODate)})
                     .json()
                     .value(QStringLiteral("edition"))
                     .toObject()
                     .value(QStringLiteral("tag"))
                     .toString(),
                 QStringLiteral("cli-3y@2010-12-30"));

        const QJsonObject second = issueThreeYearToken(QStringLiteral("second"));
        QVERIFY(!second.isEmpty());
        QCOMPARE(years(second), 3);
        QVERIFY(second.value(QStringLiteral("notes")).toArray().isEmpty());
        // Each certificate records the rules edition it was issued under.
        QCOMPARE(scalar(QStringLiteral("SELECT ra.rules_version FROM rules_applied ra JOIN certificates c ON "
                                       "ra.record = 'certificate' AND ra.record_id = c.id WHERE c.serial = ?"),
                        {first.value(QStringLiteral("serial")).toString()})
                     .toString(),
                 QStringLiteral("builtin-1@2010-12-30"));
        QCOMPARE(scalar(QStringLiteral("SELECT ra.rules_version FROM rules_applied ra JOIN certificates c ON "
                                       "ra.record = 'certificate' AND ra.record_id = c.id WHERE c.serial = ?"),
                        {second.value(QStringLiteral("serial")).toString()})
                     .toString(),
                 tag);
        const Run verified = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verified.code == 0, qPrintable(verified.out + verified.err));
    }

    // Next year's rules loaded in advance (attack of session 28): the file loads, `rules load` and `rules show`
    // say when it takes effect and which file applies until then, and a 3-year token application issued today
    // follows the rules in force today (3 years, from cli-3y above), not those of 2099 (which allow only 1
    // here, to tell them apart). Before: the newest file's first edition answered for today.
    void rulesLoadedAheadOfTheirDateWaitForIt() {
        QJsonObject rules = QJsonDocument::fromJson(registry::RulesBook::builtIn().content).object();
        rules.insert(QStringLiteral("version"), QStringLiteral("cli-2099"));
        QJsonObject only = rules.value(QStringLiteral("editions")).toArray().at(0).toObject();
        only.insert(QStringLiteral("effective_from"), QStringLiteral("2099-01-01"));
        rules.insert(QStringLiteral("editions"), QJsonArray{only});
        const Run loaded =
            as(QStringLiteral("admin"), {QStringLiteral("rules"), QStringLiteral("load"),
                                         file(QStringLiteral("cli-2099.json"), QJsonDocument(rules).toJson())});
        QVERIFY2(loaded.code == 0, qPrintable(loaded.err));
        QVERIFY2(loaded.out.contains(QStringLiteral("It takes effect on 01.01.2099; until then the rules file cli-3y "
                                                    "applies.")),
                 qPrintable(loaded.out));
        const Run text = as(QStringLiteral("op"), {QStringLiteral("rules"), QStringLiteral("show")});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.startsWith(QStringLiteral("Rules file cli-3y")) &&
                     text.out.contains(QStringLiteral("The rules file cli-2099, loaded by admin, takes effect on "
                                                      "01.01.2099; until then this file applies.")),
                 qPrintable(text.out));
        QCOMPARE(show().json().value(QStringLiteral("newest_version")).toString(), QStringLiteral("cli-2099"));
        QVERIFY(show()
                    .json()
                    .value(QStringLiteral("edition"))
                    .toObject()
                    .value(QStringLiteral("tag"))
                    .toString()
                    .startsWith(QStringLiteral("cli-3y@")));
        QCOMPARE(show({QStringLiteral("--at"), QStringLiteral("2099-01-01")})
                     .json()
                     .value(QStringLiteral("edition"))
                     .toObject()
                     .value(QStringLiteral("tag"))
                     .toString(),
                 QStringLiteral("cli-2099@2099-01-01"));
        const QJsonObject third = issueThreeYearToken(QStringLiteral("third"));
        QVERIFY(!third.isEmpty());
        QCOMPARE(years(third), 3);
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestRulesCli)
#include "tst_rules_cli.moc"
