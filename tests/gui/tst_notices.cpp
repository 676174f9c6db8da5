// The Notices tab (app/gui/NoticesPage): the outbox of notices to holders as `tirkeu-cli notify list`
// shows it, filtered by state; an officer queues expiry reminders for the certificates ending within N
// days (= `notify queue-expiring`), once per certificate; an operator sees the list but not the button.
#include "app/gui/MainWindow.h"
#include "app/gui/NoticesPage.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Language.h"
#include "registry/Notifications.h"

#include <QComboBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {
const QString kEnding = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900D1");
const QString kLater = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900D2");
} // namespace

class NoticesTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;
    RegistryFixture m_f;

    std::unique_ptr<gui::MainWindow> open(const Session& who) {
        auto w = std::make_unique<gui::MainWindow>(*m_f.reg, who, std::make_unique<AnsweringPrompter>());
        w->resize(1280, 800);
        w->show();
        return w;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("tirkeu-test-notices"));
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QVERIFY2(m_f.create(almaty(2026, 3, 2, 10)), qPrintable(m_f.error));
        // Әлия (with an e-mail address) holds a certificate ending in 10 days and one ending in a year.
        auto app = m_f.reg->applications().submit(m_f.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(
            m_f.insertCertificate(m_f.ncaId, kEnding, kIinAliya, m_f.clock.now().addYears(-1).addDays(10), *app));
        TIRKEU_VERIFY_OK(m_f.insertCertificate(m_f.ncaId, kLater, kIinAliya, m_f.clock.now(), *app));
    }

    void officerQueuesRemindersOnceAndFilters() {
        auto w = open(m_f.officerA);
        gui::NoticesPage* page = w->noticesPage();
        QVERIFY(page);
        QCOMPARE(page->table()->rowCount(), 0);
        QCOMPARE(page->statusText(), QStringLiteral("No notices."));
        QVERIFY(page->queueButton()->isVisibleTo(page));

        page->days()->setValue(30);
        QTest::mouseClick(page->queueButton(), Qt::LeftButton);
        QCOMPARE(page->statusText(), QStringLiteral("1 expiry reminder queued."));
        QCOMPARE(page->table()->rowCount(), 1);
        QCOMPARE(page->table()->item(0, 1)->text(), QStringLiteral("expiry reminder"));
        QCOMPARE(page->table()->item(0, 2)->text(), kEnding);
        QCOMPARE(page->table()->item(0, 3)->text(), QStringLiteral("aliya.kassymova@example.kz"));
        QVERIFY(page->table()->item(0, 4)->text().startsWith(QStringLiteral("queued")));
        // The same as the registry's outbox.
        auto outbox = Notifications(*m_f.reg).list(m_f.auditor);
        TIRKEU_VERIFY_OK(outbox);
        QCOMPARE(outbox->size(), 1);
        QCOMPARE(outbox->first().serial, kEnding);

        // Once per certificate: a second click queues nothing more.
        QTest::mouseClick(page->queueButton(), Qt::LeftButton);
        QCOMPARE(page->statusText(), QStringLiteral("0 expiry reminders queued."));
        QCOMPARE(page->table()->rowCount(), 1);

        // The state filter.
        page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(QStringLiteral("sent")));
        QCOMPARE(page->table()->rowCount(), 0);
        page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(QStringLiteral("queued")));
        QCOMPARE(page->table()->rowCount(), 1);
    }

    void operatorSeesTheListOnly() {
        auto w = open(m_f.operatorA);
        gui::NoticesPage* page = w->noticesPage();
        QVERIFY(page);
        QVERIFY(!page->queueButton()->isVisibleTo(page));
        QCOMPARE(page->table()->rowCount(), 1); // what the officer queued
    }

    void kazakhLabels() {
        QVERIFY(registry::Language::install(QStringLiteral("kk")));
        auto w = open(m_f.officerA);
        const int tab = w->tabs()->indexOf(w->noticesPage());
        QVERIFY(tab >= 0);
        QVERIFY(w->tabs()->tabText(tab) != QStringLiteral("Notices"));
        QVERIFY(w->noticesPage()->table()->item(0, 1)->text() != QStringLiteral("expiry reminder"));
        QVERIFY(registry::Language::install(QStringLiteral("en")));
    }
};

TIRKEU_TEST_MAIN(NoticesTest)
#include "tst_notices.moc"
