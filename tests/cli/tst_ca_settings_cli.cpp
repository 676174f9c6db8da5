// `ca set` and `ca show` through tirkeu-cli, in-process: every CA setting can be changed after `ca add`,
// with the aliases of the publication pointers; each change is audited with old and new values; bad
// values (unknown key, non-http URL, bad OID, bad name layout, not a boolean) are refused with a message
// naming the key and change nothing; only administrators may change settings.

#include "app/cli/CliApp.h"
#include "common/CliHarness.h"
#include "common/TestDb.h"
#include "common/TestMain.h"
#include "registry/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tirkeu;

class TestCaSettingsCli : public QObject, protected test::CliHarness {
    Q_OBJECT

    QJsonObject show() {
        const Run r = as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("show"), QStringLiteral("--code"),
                                                QStringLiteral("NCA"), QStringLiteral("--json")});
        if (r.code != 0)
            qWarning("%s", qPrintable(r.err));
        return r.json();
    }
    int settingEvents() const {
        auto db = registry::Database::open(m_db);
        return db ? (*db)
                        ->scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = "
                                                "'ca.settings_changed'"))
                        ->toInt()
                  : -1;
    }
    Run set(const QStringList& assignments, const QString& login = QStringLiteral("admin")) {
        return as(login, QStringList{QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"),
                                     QStringLiteral("NCA")} +
                             assignments);
    }

private Q_SLOTS:
    void initTestCase() {
        const QString problem = createRegisterWithStaff();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString add = addCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық КО"), QStringLiteral("national"),
                                  /*withPointers=*/false);
        QVERIFY2(add.isEmpty(), qPrintable(add));
    }

    void showListsEverySettingAndWhatIsMissing() {
        const QJsonObject ca = show();
        QCOMPARE(ca.value(QStringLiteral("code")).toString(), QStringLiteral("NCA"));
        const QJsonObject settings = ca.value(QStringLiteral("settings")).toObject();
        for (const char* key : {"crl_period_hours", "delta_period_hours", "root_crl_period_hours", "cdp_url",
                                "freshest_url", "aia_url", "ocsp_url", "cps_uri", "subca_policy_oids", "subject_layout",
                                "subject_organisation", "hold_allowed", "publish_dir"})
            QVERIFY2(settings.contains(QLatin1String(key)), key);
        QCOMPARE(settings.value(QStringLiteral("subject_layout")).toString(), QStringLiteral("C,O,OU,CN"));
        QCOMPARE(settings.value(QStringLiteral("hold_allowed")).toBool(), true);
        QCOMPARE(ca.value(QStringLiteral("missing_pointers")).toArray().size(), 5);
        // The table form names what a national CA still needs.
        const Run text = as(QStringLiteral("op"), {QStringLiteral("ca"), QStringLiteral("show"),
                                                   QStringLiteral("--code"), QStringLiteral("NCA")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("ocsp_url")) && text.out.contains(QStringLiteral("Not set yet")),
                 qPrintable(text.out));
    }

    void setChangesEverySettingAndIsAudited() {
        const int before = settingEvents();
        const Run r = set({QStringLiteral("crl_url=http://crl.example.kz/nca.crl"),
                           QStringLiteral("delta_crl_url=http://crl.example.kz/nca-delta.crl"),
                           QStringLiteral("ca_issuers_url=http://pki.example.kz/nca.cer"),
                           QStringLiteral("ocsp_url=http://ocsp.example.kz"),
                           QStringLiteral("cps_uri=https://pki.example.kz/cps"),
                           QStringLiteral("subca_policy_oids=1.2.398.3.3.2.1,1.2.398.3.3.2.3"),
                           QStringLiteral("subject_layout=C,CN"), QStringLiteral("subject_organisation=Тіркеу АҚ"),
                           QStringLiteral("hold_allowed=no"), QStringLiteral("crl_period_hours=24"),
                           QStringLiteral("delta_period_hours=6"), QStringLiteral("root_crl_period_hours=2160"),
                           QStringLiteral("publish_dir=") + path(QStringLiteral("pub"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject settings = show().value(QStringLiteral("settings")).toObject();
        QCOMPARE(settings.value(QStringLiteral("cdp_url")).toString(), QStringLiteral("http://crl.example.kz/nca.crl"));
        QCOMPARE(settings.value(QStringLiteral("freshest_url")).toString(),
                 QStringLiteral("http://crl.example.kz/nca-delta.crl"));
        QCOMPARE(settings.value(QStringLiteral("aia_url")).toString(), QStringLiteral("http://pki.example.kz/nca.cer"));
        QCOMPARE(settings.value(QStringLiteral("ocsp_url")).toString(), QStringLiteral("http://ocsp.example.kz"));
        QCOMPARE(settings.value(QStringLiteral("cps_uri")).toString(), QStringLiteral("https://pki.example.kz/cps"));
        QCOMPARE(settings.value(QStringLiteral("subject_layout")).toString(), QStringLiteral("C,CN"));
        QCOMPARE(settings.value(QStringLiteral("subject_organisation")).toString(), QStringLiteral("Тіркеу АҚ"));
        QCOMPARE(settings.value(QStringLiteral("hold_allowed")).toBool(), false);
        QCOMPARE(settings.value(QStringLiteral("crl_period_hours")).toInt(), 24);
        QCOMPARE(settings.value(QStringLiteral("root_crl_period_hours")).toInt(), 2160);
        QVERIFY(show().value(QStringLiteral("missing_pointers")).toArray().isEmpty());
        QCOMPARE(settingEvents(), before + 1);

        // The event says what changed from what.
        auto db = registry::Database::open(m_db);
        QVERIFY(db);
        auto details = (*db)->scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = "
                                                    "'ca.settings_changed' ORDER BY seq DESC LIMIT 1"));
        QVERIFY(details);
        const QJsonObject event = QJsonDocument::fromJson(details->toString().toUtf8()).object();
        QCOMPARE(event.value(QStringLiteral("before")).toObject().value(QStringLiteral("ocsp_url")).toString(),
                 QString());
        QCOMPARE(event.value(QStringLiteral("after")).toObject().value(QStringLiteral("ocsp_url")).toString(),
                 QStringLiteral("http://ocsp.example.kz"));

        // Setting the same values again records nothing; clearing a URL is a change.
        QCOMPARE(set({QStringLiteral("ocsp_url=http://ocsp.example.kz")}).code, 0);
        QCOMPARE(settingEvents(), before + 1);
        QCOMPARE(set({QStringLiteral("ocsp_url=")}).code, 0);
        QCOMPARE(settingEvents(), before + 2);
        QCOMPARE(show().value(QStringLiteral("missing_pointers")).toArray(), QJsonArray{QStringLiteral("ocsp_url")});
        QCOMPARE(set({QStringLiteral("ocsp_url=http://ocsp.example.kz")}).code, 0);
    }

    void badValuesAreRefusedAndChangeNothing_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << "colour=blue" << 3 << "Known settings: aia_url, cdp_url";
        QTest::newRow("ftp URL") << "ocsp_url=ftp://ocsp.example.kz" << 3 << "ocsp_url";
        QTest::newRow("URL with a comma") << "cdp_url=http://a.kz/x,y" << 3 << "cdp_url";
        QTest::newRow("not a URL") << "cps_uri=cps" << 3 << "cps_uri";
        QTest::newRow("bad OID") << "subca_policy_oids=1.2.398.3.3.2.1,anyPolicy" << 3 << "anyPolicy";
        QTest::newRow("layout without CN") << "subject_layout=C,O" << 3 << "subject_layout";
        QTest::newRow("not a boolean") << "hold_allowed=maybe" << 3 << "hold_allowed";
        QTest::newRow("hours as text") << "crl_period_hours=daily" << 3 << "crl_period_hours";
        QTest::newRow("delta over the CRL period") << "delta_period_hours=100" << 3 << "delta CRL period";
        QTest::newRow("root CRL over a year") << "root_crl_period_hours=9000" << 3 << "root CRL period";
        QTest::newRow("relative folder") << "publish_dir=crl" << 3 << "absolute";
        QTest::newRow("bidi in the organisation")
            << QStringLiteral("subject_organisation=Тіркеу\u202EАҚ") << 3 << "subject_organisation";
        QTest::newRow("no equals sign") << "ocsp_url" << 2 << "KEY=VALUE";
    }
    void badValuesAreRefusedAndChangeNothing() {
        QFETCH(QString, assignment);
        QFETCH(int, code);
        QFETCH(QString, message);
        const QJsonObject before = show();
        const int events = settingEvents();
        const Run r = set({QStringLiteral("cps_uri=https://pki.example.kz/cps2"), assignment});
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(show(), before); // all or nothing: the valid cps_uri beside it is not saved either
        QCOMPARE(settingEvents(), events);
    }

    void onlyAdministratorsChangeSettings() {
        const QJsonObject before = show();
        const Run r = set({QStringLiteral("ocsp_url=http://evil.example.kz")}, QStringLiteral("off1"));
        QCOMPARE(r.code, 4);
        QCOMPARE(show(), before);
        QCOMPARE(set({}).code, 2); // nothing to set
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestCaSettingsCli)
#include "tst_ca_settings_cli.moc"
