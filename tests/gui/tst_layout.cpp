// Issue 16, "Layout test at real widths": every page of the main window and the dialogs a user opens, in
// kk, ru and en, at 1280×800 and 1024×768, with nothing cut: no label, button, check box, combo box or
// group title narrower than its text needs, no tab or column header elided, no toolbar action pushed
// into the overflow menu, no window wider or taller than the screen size under test. Runs offscreen
// (gui.tst_layout) and on a real X server with a window manager (gui.tst_layout.xvfb: Xvfb + openbox,
// tests/gui/xvfb_wm.sh), where the window manager's frame and the font hinting of a real display apply.
#include "app/gui/AboutDialog.h"
#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/BatchIssueDialog.h"
#include "app/gui/CaKeySetupDialog.h"
#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/CrlPublishDialog.h"
#include "app/gui/DraftsDialog.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/KeyBackupDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/RevokeDialog.h"
#include "app/gui/SettingsDialog.h"
#include "app/gui/SignInDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/CertificateQueries.h"
#include "registry/Drafts.h"
#include "registry/Language.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QScreen>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

#include <functional>
#include <memory>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

const QString kLayoutSerial = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900C1");

QString describe(QWidget* w, const QString& text) {
    return QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()), text);
}

// What is cut on `top` as it is shown now (visible widgets only).
QStringList cut(QWidget* top) {
    QStringList out;
    QCoreApplication::sendPostedEvents(); // layouts settle
    for (QWidget* w : top->findChildren<QWidget*>()) {
        if (!w->isVisible() || w->window() != top)
            continue;
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->wordWrap() || label->text().isEmpty() || !label->pixmap().isNull() ||
                label->textFormat() == Qt::RichText)
                continue;
            if (label->width() < label->minimumSizeHint().width())
                out << describe(w, label->text()) + QStringLiteral(" is %1 px wide, needs %2")
                                                        .arg(label->width())
                                                        .arg(label->minimumSizeHint().width());
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            if (button->text().isEmpty() || button->inherits("QToolBarExtension"))
                continue;
            if (button->width() < button->minimumSizeHint().width())
                out << describe(w, button->text()) + QStringLiteral(" is %1 px wide, needs %2")
                                                         .arg(button->width())
                                                         .arg(button->minimumSizeHint().width());
        } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
            // The closed combo box shows its current text whole.
            const int needed = combo->fontMetrics().horizontalAdvance(combo->currentText());
            QStyleOptionComboBox option;
            option.initFrom(combo);
            const QRect edit =
                combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
            if (qEnvironmentVariableIsSet("TIRKEU_LAYOUT_DEBUG"))
                qWarning("combo %s w=%d hint=%d min=%d win=%d winhint=%d", qPrintable(combo->currentText()),
                         combo->width(), combo->sizeHint().width(), combo->minimumSizeHint().width(),
                         combo->window()->width(), combo->window()->sizeHint().width());
            if (!combo->isEditable() && edit.width() + 2 < needed)
                out << describe(w, combo->currentText()) +
                           QStringLiteral(" shows %1 px of %2").arg(edit.width()).arg(needed);
        } else if (auto* group = qobject_cast<QGroupBox*>(w)) {
            const int needed = group->fontMetrics().horizontalAdvance(group->title()) + 16;
            if (!group->title().isEmpty() && group->width() < needed)
                out << describe(w, group->title()) + QStringLiteral(" is %1 px wide").arg(group->width());
        } else if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                QString text = tabs->tabText(i);
                text.remove(u'&');
                const int needed = tabs->fontMetrics().horizontalAdvance(text) +
                                   tabs->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, tabs) +
                                   (tabs->tabIcon(i).isNull() ? 0 : tabs->iconSize().width() + 4);
                if (tabs->isTabVisible(i) && tabs->tabRect(i).width() < needed)
                    out << describe(w, text) +
                               QStringLiteral(" tab is %1 px, needs %2").arg(tabs->tabRect(i).width()).arg(needed);
            }
            for (QAbstractButton* scroll : tabs->findChildren<QAbstractButton*>())
                if (scroll->isVisible())
                    out << describe(w, tabs->tabText(0)) + QStringLiteral(": the tabs do not fit (scroll buttons)");
        } else if (auto* header = qobject_cast<QHeaderView*>(w)) {
            if (header->orientation() != Qt::Horizontal || !header->model())
                continue;
            for (int i = 0; i < header->count(); ++i) {
                if (header->isSectionHidden(i) || (header->stretchLastSection() && i == header->count() - 1 &&
                                                   header->sectionSize(i) >= header->sectionSizeHint(i)))
                    continue;
                if (header->sectionSize(i) < header->sectionSizeHint(i))
                    out << describe(w, header->model()->headerData(i, Qt::Horizontal).toString()) +
                               QStringLiteral(" column header is %1 px, needs %2")
                                   .arg(header->sectionSize(i))
                                   .arg(header->sectionSizeHint(i));
            }
        } else if (auto* bar = qobject_cast<QToolBar*>(w)) {
            for (QWidget* more : bar->findChildren<QWidget*>())
                if (more->inherits("QToolBarExtension") && more->isVisible())
                    out << describe(w, bar->windowTitle()) + QStringLiteral(": actions in the overflow menu");
        }
    }
    return out;
}

} // namespace

class LayoutTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;
    RegistryFixture m_f;
    qint64 m_approved = 0;
    qint64 m_registered = 0;

    // `top` at `size` (a dialog at its own size, at most that), in the current language.
    void checkAt(QWidget* top, const QSize& size, const QString& name) {
        if (!qobject_cast<QDialog*>(top))
            top->resize(size);
        else if (top->testAttribute(Qt::WA_Resized)) // a dialog opens at the size it chose, within the screen
            top->resize(top->size().boundedTo(size));
        top->show();
        QVERIFY(QTest::qWaitForWindowExposed(top));
        QTest::qWait(30);
        QStringList problems = cut(top);
        // The window fits the screen size under test (a minimum size above it would push it off screen).
        const QSize least = top->minimumSizeHint().expandedTo(top->minimumSize());
        if (least.width() > size.width() || least.height() > size.height()) {
            problems << QStringLiteral("needs at least %1×%2").arg(least.width()).arg(least.height());
            // The widest parts, to say where the width goes.
            for (QWidget* w : top->findChildren<QWidget*>())
                if (w->isVisible() && w->minimumSizeHint().width() > size.width() * 3 / 4 &&
                    (qEnvironmentVariableIsSet("TIRKEU_LAYOUT_DEBUG") || w->findChildren<QWidget*>().size() < 40))
                    problems << describe(w, w->objectName()) +
                                    QStringLiteral(" needs %1 px").arg(w->minimumSizeHint().width());
            if (qEnvironmentVariableIsSet("TIRKEU_LAYOUT_DEBUG"))
                for (QWidget* w : top->findChildren<QWidget*>())
                    if (w->minimumSizeHint().width() > size.width() * 3 / 4)
                        problems << describe(w, w->objectName()) +
                                        QStringLiteral(" (hidden) needs %1 px").arg(w->minimumSizeHint().width());
        }
        if (top->frameGeometry().width() > size.width() + 16 || top->height() > size.height())
            problems << QStringLiteral("is %1×%2").arg(top->frameGeometry().width()).arg(top->height());
        snapshot(top, QStringLiteral("layout-%1-%2-%3x%4")
                          .arg(registry::Language::current(), name)
                          .arg(size.width())
                          .arg(size.height()));
        QVERIFY2(problems.isEmpty(), qPrintable(name + QStringLiteral(": ") + problems.join(QStringLiteral("; "))));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("tirkeu-test-layout"));
        QVERIFY2(m_f.create(almaty(2026, 3, 2, 10)), qPrintable(m_f.error));
        Applications& apps = m_f.reg->applications();
        auto approved = apps.submit(m_f.operatorA, kNca, kIssueInd, ncaIssueIndividual());
        TIRKEU_VERIFY_OK(approved);
        TIRKEU_VERIFY_OK(apps.approve(m_f.officerA, *approved));
        m_approved = *approved;
        auto registered = apps.submit(m_f.operatorA, kGov, kGovIssue, govIssue());
        TIRKEU_VERIFY_OK(registered);
        m_registered = *registered;
        TIRKEU_VERIFY_OK(m_f.insertCertificate(m_f.ncaId, kLayoutSerial, kIinAliya, almaty(2026, 3, 2, 9), *approved));
        registry::Draft draft; // one draft of each kind of applicant, for My drafts
        draft.caCode = kGov;
        draft.formCode = kGovIssue;
        draft.submission = govIssue();
        TIRKEU_VERIFY_OK(registry::Drafts(*m_f.reg).save(m_f.operatorA, draft));
        draft.caCode = kNca;
        draft.formCode = kIssueLegal;
        draft.submission = ncaIssueLegal();
        TIRKEU_VERIFY_OK(registry::Drafts(*m_f.reg).save(m_f.operatorA, draft));
    }

    void cleanupTestCase() { registry::Language::install(QStringLiteral("en")); }

    void everyPageAndDialog_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QSize>("size");
        for (const char* lang : {"kk", "ru", "en"})
            for (const QSize& size : {QSize(1280, 800), QSize(1024, 768)})
                QTest::addRow("%s-%dx%d", lang, size.width(), size.height()) << QString::fromLatin1(lang) << size;
    }

    void everyPageAndDialog() {
        QFETCH(QString, lang);
        QFETCH(QSize, size);
        QVERIFY(registry::Language::install(lang));
        AnsweringPrompter prompter;

        // The main window of an administrator (every tab), each tab in turn.
        for (const Session* who : {&m_f.admin, &m_f.officerA}) {
            gui::MainWindow window(*m_f.reg, *who, std::make_unique<AnsweringPrompter>());
            for (int i = 0; i < window.tabs()->count(); ++i) {
                window.tabs()->setCurrentIndex(i);
                checkAt(&window, size, QStringLiteral("main-%1-tab%2").arg(who->login).arg(i));
                if (QTest::currentTestFailed())
                    return;
            }
        }

        CertificateQueries queries(*m_f.reg);
        auto certificate = queries.certificate(m_f.officerA, kNca, kLayoutSerial);
        TIRKEU_VERIFY_OK(certificate);
        const std::vector<std::pair<QString, std::function<QWidget*()>>> dialogs = {
            {QStringLiteral("sign-in"), [&] { return new gui::SignInDialog(*m_f.reg); }},
            {QStringLiteral("about"), [&] { return new gui::AboutDialog(gui::AboutDialog::Kind::About); }},
            {QStringLiteral("guide"), [&] { return new gui::AboutDialog(gui::AboutDialog::Kind::Guide); }},
            {QStringLiteral("new-application"), [&] { return new gui::NewApplicationDialog(*m_f.reg, m_f.operatorA); }},
            {QStringLiteral("drafts"), [&] { return new gui::DraftsDialog(*m_f.reg, m_f.operatorA, prompter); }},
            {QStringLiteral("application-details"),
             [&] { return new gui::ApplicationDetailsDialog(*m_f.reg, m_f.officerA, m_registered); }},
            {QStringLiteral("issuance"),
             [&] { return new gui::IssuanceDialog(*m_f.reg, m_f.officerA, prompter, m_approved); }},
            {QStringLiteral("certificate-details"),
             [&] { return new gui::CertificateDetailsDialog(*m_f.reg, m_f.officerA, prompter, kNca, kLayoutSerial); }},
            {QStringLiteral("revoke"),
             [&] { return new gui::RevokeDialog(*m_f.reg, m_f.officerA, prompter, *certificate); }},
            {QStringLiteral("crl-publish"),
             [&] { return new gui::CrlPublishDialog(*m_f.reg, m_f.officerA, prompter); }},
            {QStringLiteral("batch-issue"),
             [&] { return new gui::BatchIssueDialog(*m_f.reg, m_f.officerA, prompter); }},
            {QStringLiteral("settings"), [&] { return new gui::SettingsDialog(*m_f.reg, m_f.admin, prompter); }},
            {QStringLiteral("ca-key-setup"),
             [&] { return new gui::CaKeySetupDialog(*m_f.reg, m_f.admin, prompter, kNca); }},
            {QStringLiteral("key-backup"),
             [&] {
                 return new gui::KeyBackupDialog(*m_f.reg, m_f.admin, prompter, kNca,
                                                 gui::KeyBackupDialog::Mode::Backup);
             }},
        };
        for (const auto& [name, make] : dialogs) {
            std::unique_ptr<QWidget> dialog(make());
            checkAt(dialog.get(), size, name);
            if (QTest::currentTestFailed())
                return;
        }
    }
};

TIRKEU_TEST_MAIN(LayoutTest)
#include "tst_layout.moc"
