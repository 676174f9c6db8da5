// registry::Language: the three catalogues load, and English plurals read as English ("1 row.", "3 rows."),
// not as the source's "row(s)" (tirkeu_en.ts holds the plural forms, written by scripts/english-plurals.py).
#include "common/TestMain.h"
#include "registry/Language.h"

#include <QCoreApplication>
#include <QTest>

using namespace tirkeu;

class TestLanguage : public QObject {
    Q_OBJECT

    static QString rows(int n) {
        return QCoreApplication::translate("tirkeu::gui::CertificateListPage", "%n row(s).", nullptr, n);
    }

private Q_SLOTS:
    void englishPluralsReadAsEnglish() {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QCOMPARE(rows(1), QStringLiteral("1 row."));
        QCOMPARE(rows(3), QStringLiteral("3 rows."));
        QCOMPARE(rows(0), QStringLiteral("0 rows."));
        QCOMPARE(QCoreApplication::translate("tirkeu::gui::SettingsDialog", "%n working day(s)", nullptr, 2),
                 QStringLiteral("2 working days"));
    }

    void kazakhAndRussianHaveTheirOwn() {
        QVERIFY(registry::Language::install(QStringLiteral("kk")));
        QVERIFY(!rows(3).contains(QStringLiteral("row")));
        QVERIFY(registry::Language::install(QStringLiteral("ru")));
        QVERIFY(!rows(3).contains(QStringLiteral("row")));
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QCOMPARE(registry::Language::current(), QStringLiteral("en"));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
