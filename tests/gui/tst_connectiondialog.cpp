// The connection dialog: a pasted postgresql:// address fills the fields, the fields build the
// address (password kept for opening, never shown), and an unreachable server is refused inline.
#include "app/gui/ConnectionDialog.h"
#include "common/TestMain.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>

using namespace tirkeu::gui;

class ConnectionDialogTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sqliteLocationIsTheFile() {
        ConnectionDialog d(QStringLiteral("sqlite:/tmp/тіркеу/register.sqlite"));
        QCOMPARE(d.findChild<QComboBox*>(QStringLiteral("engine"))->currentIndex(), 0);
        QCOMPARE(d.location(), QStringLiteral("/tmp/тіркеу/register.sqlite"));
    }

    void addressFillsTheFields() {
        ConnectionDialog d(QStringLiteral("postgresql://ca:s3cret@db.example.kz:5433/tirkeu"));
        QCOMPARE(d.findChild<QComboBox*>(QStringLiteral("engine"))->currentIndex(), 1);
        QCOMPARE(d.findChild<QLineEdit*>(QStringLiteral("host"))->text(), QStringLiteral("db.example.kz"));
        QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("port"))->value(), 5433);
        QCOMPARE(d.findChild<QLineEdit*>(QStringLiteral("database"))->text(), QStringLiteral("tirkeu"));
        QCOMPARE(d.findChild<QLineEdit*>(QStringLiteral("user"))->text(), QStringLiteral("ca"));
        // The address field never shows the password; location() carries it for opening.
        QVERIFY(!d.findChild<QLineEdit*>(QStringLiteral("url"))->text().contains(u"s3cret"));
        QCOMPARE(d.location(), QStringLiteral("postgresql://ca:s3cret@db.example.kz:5433/tirkeu"));
    }

    void specialCharactersAreEncoded() {
        const QString url = ConnectionDialog::postgresUrl(QStringLiteral("10.0.0.5"), 5432, QStringLiteral("reg"),
                                                          QStringLiteral("оператор"), QStringLiteral("p@ss:w/rd"));
        QVERIFY(!url.contains(u"p@ss:w/rd"));
        const QUrl parsed(url);
        QCOMPARE(parsed.password(), QStringLiteral("p@ss:w/rd"));
        QCOMPARE(parsed.userName(), QStringLiteral("оператор"));
        QCOMPARE(parsed.host(), QStringLiteral("10.0.0.5"));
    }

    void unreachableServerIsRefusedInline() {
        ConnectionDialog d(QStringLiteral("postgresql://ca@127.0.0.1:1/tirkeu"));
        d.show();
        d.accept();
        QVERIFY(d.isVisible());
        QVERIFY(!d.message().isEmpty());
        d.findChild<QLineEdit*>(QStringLiteral("database"))->clear();
        d.accept();
        QVERIFY(d.isVisible());
        QVERIFY(d.message().contains(u"database"));
    }
};

TIRKEU_TEST_MAIN(ConnectionDialogTest)
#include "tst_connectiondialog.moc"
