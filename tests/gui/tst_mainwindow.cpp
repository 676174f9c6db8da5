// The desktop application driven through its widgets, offscreen, on a real register file: the way in
// (first administrator, sign-in), the application queue with its roles, paging, filters and marks,
// the register tab, and switching the language at runtime. Dialogs the windows would open are
// answered by a Prompter that never blocks. With $TIRKEU_SCREENSHOT_DIR set, the windows are saved
// there as PNGs.

#include "app/gui/ApplicationQueueModel.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/FirstAdminDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterInfoPage.h"
#include "app/gui/SignInDialog.h"
#include "app/gui/TodayPage.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "registry/Language.h"
#include "registry/Operators.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"
#include "tests/common/TestPointers.h"

#include <algorithm>

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace tirkeu;
using namespace tirkeu::test;
using tirkeu::gui::ApplicationQueueModel;
using tirkeu::registry::ApplicationStatus;

namespace {

// Wraps every string of the GUI in «…», so a test can see that a widget re-read its texts.
class MarkingTranslator final : public QTranslator {
public:
    QString translate(const char* context, const char* source, const char*, int) const override {
        if (QByteArrayView(context).startsWith("tirkeu::gui::"))
            return u'«' + QString::fromUtf8(source) + u'»';
        return {};
    }
    bool isEmpty() const override { return false; }
};

// Pseudo-Kazakh: every GUI string grows by about half, as Kazakh labels do, to find clipped texts.
class LongTextTranslator final : public QTranslator {
public:
    QString translate(const char* context, const char* source, const char*, int) const override {
        if (!QByteArrayView(context).startsWith("tirkeu::gui::"))
            return {};
        const QString text = QString::fromUtf8(source);
        return text + u' ' + QString(qMax<qsizetype>(3, text.size() / 2), QChar(0x04D9)); // ә
    }
    bool isEmpty() const override { return false; }
};

class LanguageChangeCounter final : public QObject {
public:
    int count = 0;
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::LanguageChange)
            ++count;
        return false;
    }
};

const QString kSerial = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900AB");

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstAdminDialogRefusesDifferentPasswords();
    void firstAdminDialogShowsTheRegistryRefusal();
    void signInWithWrongPasswordShowsErrorAndNoSession();
    void signInWithRightPasswordReturnsTheSession();
    void titleAndStatusBarNameRegisterAndOperator();
    void operatorSeesTheQueueButMayNotDecide();
    void officerApprovesTheSelectedApplication();
    void fourEyesRefusalIsShown();
    void rejectAsksForAReasonAndRecordsIt();
    void queueLoadsOnePageAtATime();
    void filtersNarrowTheQueue();
    void overdueAndDueTodayRowsAreMarked();
    void registerTabShowsInfoAndF5RereadsIt();
    void languageSwitchRetranslatesAtRuntime();
    void longTextsAreNotClipped();

private:
    struct Window : TestWindow {
        ApplicationQueueModel* model() const { return window->queuePage()->model(); }
        QPushButton* button(const char* name) const { return child<QPushButton>(window.get(), name); }
    };
    Window openWindow(const Session& session);
    void clickRow(const Window& w, qint64 applicationId);
    QString cell(const Window& w, qint64 applicationId, int column, int role = Qt::DisplayRole);

    RegistryFixture m_base; // built once: first administrator (through the dialog), staff, CA, two applications
    std::unique_ptr<RegistryFixture> m_f; // each test's own copy of it
    qint64 m_operatorApp = 0;             // registered by the counter operator
    qint64 m_officerApp = 0;              // registered by officer.a (four-eyes: officer.a may not decide it)
};

void MainWindowTest::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_base.create(kMondayMorning, false), qPrintable(m_base.error));

    // The first administrator comes in through the dialog, typed like a user would.
    gui::FirstAdminDialog dialog(*m_base.reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("admin"));
    auto* fullName = child<QLineEdit>(&dialog, "fullName");
    fullName->setFocus();
    typeText(fullName, QStringLiteral("Жұмабаева Гүлнар"));
    QCOMPARE(fullName->text(), QStringLiteral("Жұмабаева Гүлнар"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    child<QLineEdit>(&dialog, "repeatPassword")->setText(kPassword);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY2(dialog.message().isEmpty(), qPrintable(dialog.message()));
    QVERIFY(dialog.session().has_value());
    QCOMPARE(dialog.session()->login, QStringLiteral("admin"));
    QCOMPARE(dialog.session()->fullName, QStringLiteral("Жұмабаева Гүлнар"));
    QCOMPARE(dialog.session()->role, Role::Administrator);
    auto any = m_base.reg->operators().any();
    TIRKEU_VERIFY_OK(any);
    QVERIFY(*any);
    m_base.admin = *dialog.session();

    // The rest through the registry, as the administrator's other tools would.
    auto op = m_base.reg->operators().add(m_base.admin, QStringLiteral("operator"), QStringLiteral("Сәрсенова Айгүл"),
                                          Role::Operator, kPassword);
    TIRKEU_VERIFY_OK(op);
    m_base.operatorA = Session{*op, QStringLiteral("operator"), QStringLiteral("Сәрсенова Айгүл"), Role::Operator};
    auto officer = m_base.reg->operators().add(m_base.admin, QStringLiteral("officer.a"),
                                               QStringLiteral("Төлеуов Бауыржан"), Role::Officer, kPassword);
    TIRKEU_VERIFY_OK(officer);
    m_base.officerA = Session{*officer, QStringLiteral("officer.a"), QStringLiteral("Төлеуов Бауыржан"), Role::Officer};
    auto nca = m_base.reg->cas().add(m_base.admin, kNca, QStringLiteral("ҚР Ұлттық куәландырушы орталығы (RSA)"),
                                     forms::CaKind::National, tirkeu::test::testPointers());
    TIRKEU_VERIFY_OK(nca);
    m_base.ncaId = *nca;

    auto app = m_base.reg->applications().submit(m_base.operatorA, kNca, kIssueInd, ncaIssueIndividual());
    TIRKEU_VERIFY_OK(app);
    m_operatorApp = *app;
    auto own = m_base.reg->applications().submit(
        m_base.officerA, kNca, kIssueInd,
        ncaIssueIndividual(kIinSecond, QStringLiteral("Нұрланов"), QStringLiteral("Ерлан")));
    TIRKEU_VERIFY_OK(own);
    m_officerApp = *own;
    m_base.close();
}

void MainWindowTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
}

void MainWindowTest::cleanup() {
    m_f.reset();
    registry::Language::install(QStringLiteral("en"));
}

MainWindowTest::Window MainWindowTest::openWindow(const Session& session) {
    Window w;
    static_cast<TestWindow&>(w) = openMainWindow(*m_f->reg, session);
    return w;
}

void MainWindowTest::clickRow(const Window& w, qint64 applicationId) {
    QTableView* view = w.queue()->view();
    const int row = w.model()->rowOf(applicationId);
    QVERIFY2(row >= 0, "the application is not on the page");
    const QRect rect = view->visualRect(w.model()->index(row, ApplicationQueueModel::ApplicantColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(w.queue()->selectedRecord());
    QCOMPARE(w.queue()->selectedRecord()->id, applicationId);
}

QString MainWindowTest::cell(const Window& w, qint64 applicationId, int column, int role) {
    const int row = w.model()->rowOf(applicationId);
    return row < 0 ? QString() : w.model()->index(row, column).data(role).toString();
}

void MainWindowTest::firstAdminDialogRefusesDifferentPasswords() {
    RegistryFixture fresh;
    QVERIFY2(fresh.create(kMondayMorning, false), qPrintable(fresh.error));
    gui::FirstAdminDialog dialog(*fresh.reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("admin"));
    child<QLineEdit>(&dialog, "fullName")->setText(QStringLiteral("Жұмабаева Гүлнар"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    child<QLineEdit>(&dialog, "repeatPassword")->setText(kPassword + u'!');
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);

    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.session());
    QVERIFY(!dialog.message().isEmpty());
    QVERIFY(child<QLabel>(&dialog, "message")->isVisible());
    QVERIFY(child<QLineEdit>(&dialog, "repeatPassword")->text().isEmpty());
    auto any = fresh.reg->operators().any();
    TIRKEU_VERIFY_OK(any);
    QVERIFY(!*any);
    snapshot(&dialog, QStringLiteral("first-admin-passwords-differ"));
}

void MainWindowTest::firstAdminDialogShowsTheRegistryRefusal() {
    RegistryFixture fresh;
    QVERIFY2(fresh.create(kMondayMorning, false), qPrintable(fresh.error));
    gui::FirstAdminDialog dialog(*fresh.reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString badLogin = QStringLiteral("Admin With Spaces");
    child<QLineEdit>(&dialog, "login")->setText(badLogin);
    child<QLineEdit>(&dialog, "fullName")->setText(QStringLiteral("Жұмабаева Гүлнар"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    child<QLineEdit>(&dialog, "repeatPassword")->setText(kPassword);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);

    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.session());
    // Exactly the registry's words (the same refusal, asked directly, changes nothing either).
    auto direct =
        fresh.reg->operators().createFirstAdministrator(badLogin, QStringLiteral("Жұмабаева Гүлнар"), kPassword);
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Invalid);
    QCOMPARE(dialog.message(), direct.message());
    auto any = fresh.reg->operators().any();
    TIRKEU_VERIFY_OK(any);
    QVERIFY(!*any);
}

void MainWindowTest::signInWithWrongPasswordShowsErrorAndNoSession() {
    gui::SignInDialog dialog(*m_f->reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(child<QLineEdit>(&dialog, "login"), QStringLiteral("officer.a"));
    auto* password = child<QLineEdit>(&dialog, "password");
    password->setFocus();
    typeText(password, QStringLiteral("Қате-құпия-сөз"));
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);

    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.session());
    // Past the delay the dialog's failure starts, so the direct attempt is checked, not throttled.
    m_f->clock.advanceSecs(registry::Operators::delaySeconds(1));
    auto direct = m_f->reg->operators().signIn(QStringLiteral("officer.a"), QStringLiteral("Қате-құпия-сөз"));
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Forbidden);
    QCOMPARE(dialog.message(), direct.message());
    QVERIFY(password->text().isEmpty()); // typed again, never kept
    snapshot(&dialog, QStringLiteral("sign-in-refused"));
}

void MainWindowTest::signInWithRightPasswordReturnsTheSession() {
    gui::SignInDialog dialog(*m_f->reg);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QLineEdit>(&dialog, "login")->setText(QStringLiteral("officer.a"));
    child<QLineEdit>(&dialog, "password")->setText(kPassword);
    QTest::keyClick(child<QLineEdit>(&dialog, "password"), Qt::Key_Return);

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.session().has_value());
    QCOMPARE(dialog.session()->operatorId, m_f->officerA.operatorId);
    QCOMPARE(dialog.session()->role, Role::Officer);
    QVERIFY(dialog.message().isEmpty());
}

void MainWindowTest::titleAndStatusBarNameRegisterAndOperator() {
    Window w = openWindow(m_f->officerA);
    QVERIFY(w.window->windowTitle().startsWith(QStringLiteral("Tirkeu — ")));
    QVERIFY(w.window->windowTitle().endsWith(QFileInfo(m_f->path()).fileName()));
    const QString signedIn = child<QLabel>(w.window.get(), "signedIn")->text();
    QVERIFY2(signedIn.contains(m_f->officerA.fullName), qPrintable(signedIn));
    QVERIFY2(signedIn.contains(registry::Roles::displayName(Role::Officer)), qPrintable(signedIn));
    QCOMPARE(w.window->tabs()->count(), 7); // Today first; + Search and Expiring (tst_registerflow), Reports, Notices
    QCOMPARE(w.window->tabs()->tabText(0), QStringLiteral("Today"));
    QCOMPARE(w.window->tabs()->widget(0), static_cast<QWidget*>(w.window->todayPage())); // GuiApp opens it on sign-in
    QCOMPARE(w.window->tabs()->tabText(1), QStringLiteral("Applications"));
    QCOMPARE(w.window->tabs()->tabText(2), QStringLiteral("Register"));
    QCOMPARE(w.window->tabs()->tabText(5), QStringLiteral("Reports"));
    QCOMPARE(w.window->tabs()->tabText(6), QStringLiteral("Notices"));
}

void MainWindowTest::operatorSeesTheQueueButMayNotDecide() {
    Window w = openWindow(m_f->operatorA);
    QCOMPARE(w.model()->rowCount(), 2);
    QCOMPARE(w.model()->columnCount(), int(ApplicationQueueModel::ColumnCount));
    auto rec = m_f->reg->applications().get(m_f->operatorA, m_operatorApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::NumberColumn), QString::number(m_operatorApp));
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::CaColumn), kNca);
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::FormColumn), kIssueInd);
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::StatusColumn), QStringLiteral("registered"));
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::ReceivedColumn), QStringLiteral("02.03.2026 10:00"));
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::DeadlineColumn), QStringLiteral("—")); // no legal deadline
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::SubjectColumn), kIinAliya);
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::ApplicantColumn), rec->applicantName);
    QVERIFY(rec->applicantName.contains(QStringLiteral("Әлия")));

    clickRow(w, m_operatorApp);
    QPushButton* approve = w.button("approveButton");
    QPushButton* reject = w.button("rejectButton");
    QVERIFY(!approve->isEnabled());
    QVERIFY(!reject->isEnabled());
    const QString why = registry::Roles::permissionName(registry::Permission::DecideApplication);
    QVERIFY2(approve->toolTip().contains(why), qPrintable(approve->toolTip()));
    QVERIFY2(reject->toolTip().contains(why), qPrintable(reject->toolTip()));

    // Neither a click nor a direct call gets past the disabled button.
    QTest::mouseClick(approve, Qt::LeftButton);
    w.queue()->approveSelected();
    QVERIFY(w.prompter->questions.isEmpty());
    auto after = m_f->reg->applications().get(m_f->operatorA, m_operatorApp);
    TIRKEU_VERIFY_OK(after);
    QCOMPARE(after->status, ApplicationStatus::Registered);
    snapshot(w.window.get(), QStringLiteral("main-operator"));
}

void MainWindowTest::officerApprovesTheSelectedApplication() {
    Window w = openWindow(m_f->officerA);
    QPushButton* approve = w.button("approveButton");
    QVERIFY(!approve->isEnabled()); // nothing selected yet
    QVERIFY(!approve->toolTip().isEmpty());

    clickRow(w, m_operatorApp);
    QVERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);

    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(w.prompter->questions.size(), 1); // asked to confirm
    auto rec = m_f->reg->applications().get(m_f->officerA, m_operatorApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Approved);
    QCOMPARE(rec->decidedBy, m_f->officerA.login);
    QCOMPARE(cell(w, m_operatorApp, ApplicationQueueModel::StatusColumn),
             registry::Applications::statusName(ApplicationStatus::Approved));
    QCOMPARE(w.queue()->selectedRecord()->id, m_operatorApp); // still selected after the reload
    QVERIFY(w.window->statusBar()->currentMessage().contains(QString::number(m_operatorApp)));
}

void MainWindowTest::fourEyesRefusalIsShown() {
    Window w = openWindow(m_f->officerA);
    clickRow(w, m_officerApp);
    // The registry's four-eyes rule disables Approve and Reject for one's own registration, and says why.
    QPushButton* approve = w.button("approveButton");
    QVERIFY(!approve->isEnabled());
    QVERIFY(!w.button("rejectButton")->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    QVERIFY(w.prompter->errors.isEmpty());
    auto direct = m_f->reg->applications().approve(m_f->officerA, m_officerApp);
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Forbidden);
    QCOMPARE(approve->toolTip(), direct.message());
    auto rec = m_f->reg->applications().get(m_f->officerA, m_officerApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);
    QCOMPARE(cell(w, m_officerApp, ApplicationQueueModel::StatusColumn), QStringLiteral("registered"));
}

void MainWindowTest::rejectAsksForAReasonAndRecordsIt() {
    Window w = openWindow(m_f->officerA);
    clickRow(w, m_operatorApp);

    // Cancelled: nothing happens.
    w.prompter->choiceAnswer.reset();
    QTest::mouseClick(w.button("rejectButton"), Qt::LeftButton);
    QCOMPARE(w.prompter->questions.size(), 1);
    // The choices are the National CA's grounds of refusal, code and label (seed 002 App. 3 §4-5).
    auto nationalGrounds = m_f->reg->rules().refusalReasons(forms::CaKind::National);
    TIRKEU_VERIFY_OK(nationalGrounds);
    const QList<registry::RefusalReason> grounds = *nationalGrounds;
    QCOMPARE(w.prompter->choicesOffered.size(), grounds.size());
    QVERIFY(w.prompter->choicesOffered.first().startsWith(grounds.first().code));
    auto rec = m_f->reg->applications().get(m_f->officerA, m_operatorApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);

    // No ground chosen: the registry refuses and says why.
    w.prompter->choiceAnswer = gui::Prompter::ChoiceAnswer{-1, QStringLiteral("   ")};
    QTest::mouseClick(w.button("rejectButton"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 1);
    rec = m_f->reg->applications().get(m_f->officerA, m_operatorApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);

    const QString reason = QStringLiteral("Жеке куәлігінің көшірмесі оқылмайды");
    w.prompter->choiceAnswer = gui::Prompter::ChoiceAnswer{0, reason};
    QTest::mouseClick(w.button("rejectButton"), Qt::LeftButton);
    QCOMPARE(w.prompter->errors.size(), 1);
    rec = m_f->reg->applications().get(m_f->officerA, m_operatorApp);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Rejected);
    QCOMPARE(rec->rejectReasonCode, grounds.first().code);
    QCOMPARE(rec->rejectReason, reason);
    // "Open only" is on by default: the rejected application leaves the queue.
    QVERIFY(child<QCheckBox>(w.window.get(), "openOnly")->isChecked());
    QCOMPARE(w.model()->rowOf(m_operatorApp), -1);
    QCOMPARE(w.model()->rowCount(), 1);
}

void MainWindowTest::queueLoadsOnePageAtATime() {
    Window w = openWindow(m_f->officerA);
    w.model()->setPageSize(1);
    QVERIFY(w.model()->reload().ok());
    QPushButton* previous = w.button("previousPageButton");
    QPushButton* next = w.button("nextPageButton");
    QCOMPARE(w.model()->rowCount(), 1);
    QCOMPARE(w.model()->record(0)->id, m_operatorApp);
    QVERIFY(!previous->isEnabled());
    QVERIFY(next->isEnabled());
    QCOMPARE(child<QLabel>(w.window.get(), "pageLabel")->text(), QStringLiteral("Page 1 of 2 · rows 1–1 of 2"));

    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(w.model()->page(), 1);
    QCOMPARE(w.model()->rowCount(), 1);
    QCOMPARE(w.model()->record(0)->id, m_officerApp);
    QVERIFY(previous->isEnabled());
    QVERIFY(!next->isEnabled());
    QCOMPARE(child<QLabel>(w.window.get(), "pageLabel")->text(), QStringLiteral("Page 2 of 2 · rows 2–2 of 2"));

    QTest::mouseClick(previous, Qt::LeftButton);
    QCOMPARE(w.model()->page(), 0);
    QCOMPARE(w.model()->record(0)->id, m_operatorApp);
}

void MainWindowTest::filtersNarrowTheQueue() {
    Window w = openWindow(m_f->officerA);
    auto* ca = child<QComboBox>(w.window.get(), "caFilter");
    auto* status = child<QComboBox>(w.window.get(), "statusFilter");
    auto* openOnly = child<QCheckBox>(w.window.get(), "openOnly");
    QCOMPARE(ca->count(), 2); // all CAs + NCA-RSA
    QCOMPARE(status->count(), 5);

    status->setCurrentIndex(status->findData(QStringLiteral("approved")));
    QCOMPARE(w.model()->rowCount(), 0);
    QCOMPARE(child<QLabel>(w.window.get(), "pageLabel")->text(), QStringLiteral("No applications match the filter."));
    status->setCurrentIndex(status->findData(QStringLiteral("registered")));
    QCOMPARE(w.model()->rowCount(), 2);
    status->setCurrentIndex(0);
    openOnly->setChecked(false);
    QCOMPARE(w.model()->rowCount(), 2);
    QVERIFY(!w.model()->filter().openOnly);

    // By form: one of the catalogue's codes, or all.
    auto* form = child<QComboBox>(w.window.get(), "formFilter");
    QCOMPARE(form->count(), int(forms::FormCatalog::codes().size()) + 1);
    const QString shown = w.model()->record(0)->formCode;
    form->setCurrentIndex(form->findData(shown));
    QCOMPARE(w.model()->filter().formCode, shown);
    QVERIFY(w.model()->rowCount() >= 1);
    for (int i = 0; i < w.model()->rowCount(); ++i)
        QCOMPARE(w.model()->record(i)->formCode, shown);
    form->setCurrentIndex(form->findData(QStringLiteral("ROOT-ISSUE")));
    QCOMPARE(w.model()->rowCount(), 0);
    form->setCurrentIndex(0);
    QCOMPARE(w.model()->rowCount(), 2);

    // A CA added elsewhere appears after a refresh; its queue is empty.
    auto gov =
        m_f->reg->cas().add(m_f->admin, kGov, QStringLiteral("ҚР Мемлекеттік органдарының куәландырушы орталығы"),
                            forms::CaKind::Government);
    TIRKEU_VERIFY_OK(gov);
    ca->setCurrentIndex(ca->findData(kNca));
    QCOMPARE(w.model()->rowCount(), 2);
    w.window->refreshAction()->trigger();
    QCOMPARE(ca->count(), 3);
    QCOMPARE(ca->currentData().toString(), kNca); // the choice survives the refresh
    ca->setCurrentIndex(ca->findData(kGov));
    QCOMPARE(w.model()->filter().caCode, kGov);
    QCOMPARE(w.model()->rowCount(), 0);
}

void MainWindowTest::overdueAndDueTodayRowsAreMarked() {
    // A revocation request has a legal deadline of two working days.
    auto cert = m_f->insertCertificate(m_f->ncaId, kSerial, kIinAliya, m_f->clock.now(), m_operatorApp);
    TIRKEU_VERIFY_OK(cert);
    auto revoke = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kRevokeInd,
        ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial), kIinAliya, kMondayMorning.date()));
    TIRKEU_VERIFY_OK(revoke);
    auto rec = m_f->reg->applications().get(m_f->officerA, *revoke);
    TIRKEU_VERIFY_OK(rec);
    QVERIFY(rec->deadline.isValid());

    m_f->clock.set(QDateTime(rec->deadline, QTime(9, 0), registry::Clock::zone()));
    Window w = openWindow(m_f->officerA);
    QCOMPARE(w.model()->rowCount(), 3);
    QCOMPARE(w.model()->record(0)->id, *revoke); // the queue is ordered by deadline
    QCOMPARE(cell(w, *revoke, ApplicationQueueModel::DeadlineColumn), rec->deadline.toString(u"dd.MM.yyyy"));
    QVERIFY(cell(w, *revoke, ApplicationQueueModel::StatusColumn, Qt::ToolTipRole).contains(u"Due today"));
    const QVariant dueTodayColour =
        w.model()->index(0, ApplicationQueueModel::ApplicantColumn).data(Qt::ForegroundRole);
    QVERIFY(dueTodayColour.isValid());
    // Rows without a deadline carry no mark.
    QVERIFY(!w.model()->index(1, ApplicationQueueModel::ApplicantColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(cell(w, m_operatorApp, ApplicationQueueModel::StatusColumn, Qt::ToolTipRole).isEmpty());

    // One day later the same row is overdue (F5 reads the register again).
    m_f->clock.set(QDateTime(rec->deadline.addDays(1), QTime(9, 0), registry::Clock::zone()));
    w.window->refreshAction()->trigger();
    const QString tip = cell(w, *revoke, ApplicationQueueModel::ApplicantColumn, Qt::ToolTipRole);
    QVERIFY2(tip.contains(u"Overdue") && tip.contains(rec->deadline.toString(u"dd.MM.yyyy")), qPrintable(tip));
    const QVariant overdueColour = w.model()->index(0, ApplicationQueueModel::ApplicantColumn).data(Qt::ForegroundRole);
    QVERIFY(overdueColour.isValid());
    QVERIFY(overdueColour != dueTodayColour);

    // A due-today row next to the overdue one, for the screenshot and the colours side by side.
    auto today = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kRevokeInd,
        ncaRevokeIndividual(kSerial, m_f->issuedOn(kSerial), kIinAliya, rec->deadline.addDays(-1)),
        QDateTime(rec->deadline.addDays(-1), QTime(9, 30), registry::Clock::zone()).toUTC());
    TIRKEU_VERIFY_OK(today);
    w.window->refreshAction()->trigger();
    QVERIFY(cell(w, *today, ApplicationQueueModel::StatusColumn, Qt::ToolTipRole).contains(u"Due today"));
    clickRow(w, m_operatorApp);
    snapshot(w.window.get(), QStringLiteral("main-queue"));
}

void MainWindowTest::registerTabShowsInfoAndF5RereadsIt() {
    Window w = openWindow(m_f->officerA);
    gui::RegisterInfoPage* info = w.window->registerPage();
    w.window->tabs()->setCurrentWidget(info);
    QCOMPARE(info->value(gui::RegisterInfoPage::Location),
             QDir::toNativeSeparators(QFileInfo(m_f->path()).absoluteFilePath()));
    QCOMPARE(info->value(gui::RegisterInfoPage::Operators), QStringLiteral("3"));
    QCOMPARE(info->value(gui::RegisterInfoPage::Cas), QStringLiteral("1"));
    QCOMPARE(info->value(gui::RegisterInfoPage::Applications), QStringLiteral("2"));
    QVERIFY(!info->value(gui::RegisterInfoPage::Schema).isEmpty());
    QVERIFY(!info->value(gui::RegisterInfoPage::RegisterId).isEmpty());
    snapshot(w.window.get(), QStringLiteral("main-register"));

    auto app = m_f->reg->applications().submit(
        m_f->operatorA, kNca, kIssueInd,
        ncaIssueIndividual(kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет")));
    TIRKEU_VERIFY_OK(app);
    w.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    QTest::keyClick(w.window.get(), Qt::Key_F5);
    QCOMPARE(info->value(gui::RegisterInfoPage::Applications), QStringLiteral("3"));
    QCOMPARE(w.model()->rowCount(), 3);
}

void MainWindowTest::languageSwitchRetranslatesAtRuntime() {
    Window w = openWindow(m_f->officerA);
    gui::SignInDialog dialog(*m_f->reg);
    dialog.show();
    QVERIFY(w.window->languageAction(QStringLiteral("en"))->isChecked());

    // Every string the windows show is read again from tr() on QEvent::LanguageChange.
    MarkingTranslator marker;
    QVERIFY(QCoreApplication::installTranslator(&marker));
    QTRY_COMPARE(w.window->tabs()->tabText(1), QStringLiteral("«Applications»"));
    QCOMPARE(w.window->tabs()->tabText(2), QStringLiteral("«Register»"));
    QCOMPARE(w.button("approveButton")->text(), QStringLiteral("«&Approve»"));
    QCOMPARE(w.model()->headerData(ApplicationQueueModel::StatusColumn, Qt::Horizontal).toString(),
             QStringLiteral("«Status»"));
    QVERIFY(child<QLabel>(w.window.get(), "signedIn")->text().startsWith(u'«'));
    QVERIFY(w.window->windowTitle().startsWith(u'«'));
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("«Tirkeu — sign in»"));
    QVERIFY(QCoreApplication::removeTranslator(&marker));
    QTRY_COMPARE(w.window->tabs()->tabText(1), QStringLiteral("Applications"));

    // The Language menu switches the running application: Kazakh, then back to English.
    QCoreApplication::sendPostedEvents(); // nothing left over from the marker
    LanguageChangeCounter counter;
    w.window->installEventFilter(&counter);
    w.window->languageAction(QStringLiteral("kk"))->trigger();
    QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    QCOMPARE(registry::Language::current(), QStringLiteral("kk"));
    QVERIFY(w.window->languageAction(QStringLiteral("kk"))->isChecked());
    QTRY_VERIFY(counter.count > 0);
    // Whatever the Kazakh catalogue holds by now, the tab shows its current translation.
    QCOMPARE(w.window->tabs()->tabText(1), QCoreApplication::translate("tirkeu::gui::MainWindow", "Applications"));
    QCOMPARE(w.window->tabs()->tabText(2), QCoreApplication::translate("tirkeu::gui::MainWindow", "Register"));
    // The catalogues are complete: the tab reads in Kazakh (Cyrillic), then in Russian.
    const auto cyrillic = [](const QString& text) {
        return std::any_of(text.begin(), text.end(),
                           [](QChar c) { return c.unicode() >= 0x0400 && c.unicode() <= 0x04FF; });
    };
    const QString kazakhTab = w.window->tabs()->tabText(1);
    QVERIFY2(cyrillic(kazakhTab), qPrintable(kazakhTab));
    snapshot(w.window.get(), QStringLiteral("main-kk"));
    w.window->languageAction(QStringLiteral("ru"))->trigger();
    QCOMPARE(registry::Language::current(), QStringLiteral("ru"));
    QTRY_VERIFY(w.window->tabs()->tabText(1) != kazakhTab);
    QVERIFY2(cyrillic(w.window->tabs()->tabText(1)), qPrintable(w.window->tabs()->tabText(1)));
    snapshot(w.window.get(), QStringLiteral("main-ru"));

    const int before = counter.count;
    w.window->languageAction(QStringLiteral("en"))->trigger();
    QCOMPARE(registry::Language::current(), QStringLiteral("en"));
    QVERIFY(w.window->languageAction(QStringLiteral("en"))->isChecked());
    QTRY_VERIFY(counter.count > before);
    QCOMPARE(w.window->tabs()->tabText(1), QStringLiteral("Applications"));
    w.window->removeEventFilter(&counter);
}

void MainWindowTest::longTextsAreNotClipped() {
    Window w = openWindow(m_f->officerA);
    LongTextTranslator longer;
    QVERIFY(QCoreApplication::installTranslator(&longer));
    QTRY_VERIFY(w.window->tabs()->tabText(1).endsWith(QChar(0x04D9)));
    clickRow(w, m_operatorApp);

    for (QWidget* page : {static_cast<QWidget*>(w.queue()), static_cast<QWidget*>(w.window->registerPage())}) {
        w.window->tabs()->setCurrentWidget(page);
        QCoreApplication::sendPostedEvents(); // layouts settle
        const QList<QWidget*> widgets = page->findChildren<QWidget*>();
        for (QWidget* widget : widgets) {
            if (!widget->isVisible())
                continue;
            auto* label = qobject_cast<QLabel*>(widget);
            if (label && label->wordWrap())
                continue; // wraps instead of clipping
            if (label || qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget))
                QVERIFY2(widget->width() >= widget->minimumSizeHint().width(),
                         qPrintable(QStringLiteral("%1 \"%2\" is %3 px wide, needs %4")
                                        .arg(QString::fromLatin1(widget->metaObject()->className()),
                                             label ? label->text() : widget->property("text").toString())
                                        .arg(widget->width())
                                        .arg(widget->minimumSizeHint().width())));
        }
        snapshot(w.window.get(), page == w.queue() ? QStringLiteral("main-queue-long-texts")
                                                   : QStringLiteral("main-register-long-texts"));
    }
    QHeaderView* header = w.queue()->view()->horizontalHeader();
    for (int i = 0; i < header->count() - 1; ++i) // the last section stretches
        QVERIFY2(header->sectionSize(i) >= header->sectionSizeHint(i),
                 qPrintable(w.model()->headerData(i, Qt::Horizontal).toString()));
    const int last = header->count() - 1;
    QVERIFY(header->sectionViewportPosition(last) + header->sectionSize(last) >= header->viewport()->width());
    QVERIFY(QCoreApplication::removeTranslator(&longer));
}

TIRKEU_TEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
