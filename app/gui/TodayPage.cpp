#include "app/gui/TodayPage.h"

#include "app/gui/SettingsDialog.h"

#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/AuditLogPage.h"
#include "app/gui/CrlPublishDialog.h"
#include "app/gui/DraftsDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterSearchPage.h"
#include "registry/Clock.h"
#include "registry/Register.h"

#include <QComboBox>
#include <QCommandLinkButton>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
const QString kAnchorsKey = QStringLiteral("today/anchorsDir");
}

TodayPage::TodayPage(MainWindow& window, registry::Register& reg, const registry::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_window(window)
    , m_reg(reg)
    , m_session(session) {
    setObjectName(QStringLiteral("todayPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("todayTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("todayEmpty"));
    m_empty->setWordWrap(true);

    auto* linesHost = new QWidget(this);
    m_lines = new QVBoxLayout(linesHost);
    m_lines->setContentsMargins(0, 0, 0, 0);
    m_lines->setSpacing(4);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(linesHost);

    m_anchors = new QPushButton(this);
    m_anchors->setObjectName(QStringLiteral("todayAnchorsDir"));
    m_anchors->setVisible(registry::Agenda::relevant(session.role, registry::AgendaKind::AnchorsUnpublished));
    connect(m_anchors, &QPushButton::clicked, this, &TodayPage::chooseAnchorsDir);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_anchors);
    bottom->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 12);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_empty);
    layout->addWidget(scroll, 1);
    layout->addLayout(bottom);
    retranslateUi();
    refresh();
}

QString TodayPage::anchorsDir() {
    return QSettings().value(kAnchorsKey).toString();
}

void TodayPage::setAnchorsDir(const QString& dir) {
    QSettings().setValue(kAnchorsKey, dir);
}

void TodayPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TodayPage::retranslateUi() {
    m_title->setText(tr("Today, %1").arg(registry::displayDate(m_reg.clock().today())));
    m_empty->setText(tr("Nothing is due today. New work appears here as it arrives (F5 reads the register again)."));
    m_anchors->setText(anchorsDir().isEmpty() ? tr("Choose the audit anchor folder…")
                                              : tr("Anchor folder: %1").arg(anchorsDir()));
    m_anchors->setToolTip(tr("The folder the scheduled job publishes signed audit anchors into; the days not yet "
                             "published there are counted here."));
    if (isVisible() || !m_items.isEmpty())
        refresh(); // the lines are texts of the registry in the interface language
}

void TodayPage::chooseAnchorsDir() {
    const QString dir = FileDialogs::existingDirectory(this, tr("Audit anchor folder"), anchorsDir());
    if (dir.isEmpty())
        return;
    setAnchorsDir(dir);
    retranslateUi();
    refresh();
}

void TodayPage::refresh() {
    m_title->setText(tr("Today, %1").arg(registry::displayDate(m_reg.clock().today())));
    registry::AgendaOptions options;
    options.anchorsDir = anchorsDir();
    auto items = registry::Agenda(m_reg).today(m_session, options);
    qDeleteAll(m_buttons);
    m_buttons.clear();
    m_items.clear();
    while (QLayoutItem* left = m_lines->takeAt(0)) // the stretch under the previous lines
        delete left;
    if (!items) {
        m_empty->setText(items.message());
        m_empty->show();
        return;
    }
    m_items = *items;
    for (const registry::AgendaItem& item : std::as_const(m_items)) {
        auto* button = new QCommandLinkButton(item.text, item.detail, m_lines->parentWidget());
        button->setObjectName(QStringLiteral("today_") + registry::Agenda::kindId(item.kind));
        button->setToolTip(tr("Open the list"));
        connect(button, &QCommandLinkButton::clicked, this, [this, item] { open(item); });
        m_lines->addWidget(button);
        button->show(); // at once, not after the next event loop turn (the layout's queued show)
        m_buttons.append(button);
    }
    m_lines->addStretch(1);
    m_empty->setVisible(m_items.isEmpty());
    if (m_items.isEmpty())
        m_empty->setText(
            tr("Nothing is due today. New work appears here as it arrives (F5 reads the register again)."));
}

void TodayPage::open(const registry::AgendaItem& item) {
    QTabWidget* tabs = m_window.tabs();
    auto* actions = m_window.findChild<RegisterActions*>(QStringLiteral("registerActions"));
    switch (item.kind) {
    case registry::AgendaKind::ApplicationsOverdue:
    case registry::AgendaKind::ApplicationsDueToday:
    case registry::AgendaKind::RevocationsDue:
        m_window.queuePage()->showApplications(item.filter, item.text);
        tabs->setCurrentWidget(m_window.queuePage());
        return;
    case registry::AgendaKind::CertificatesExpiring:
        if (actions && actions->expiringPage()) {
            if (auto* days = actions->expiringPage()->findChild<QSpinBox*>(QStringLiteral("expiringDays")))
                days->setValue(item.days);
            if (auto* ca = actions->expiringPage()->findChild<QComboBox*>(QStringLiteral("expiringCa")))
                ca->setCurrentIndex(qMax(0, ca->findData(item.caCodes.size() == 1 ? item.caCodes.first() : QString())));
            actions->expiringPage()->refresh();
            tabs->setCurrentWidget(actions->expiringPage());
        }
        return;
    case registry::AgendaKind::CaCertificatesEnding:
        // Administrators: the CA in Settings → CAs (its key and certificate); officers only read the line.
        if (actions && !item.caCodes.isEmpty())
            if (SettingsDialog* settings = actions->openSettings())
                settings->selectCa(item.caCodes.first());
        return;
    case registry::AgendaKind::CrlDue:
    case registry::AgendaKind::CrlOwed:
        if (actions) {
            if (CrlPublishDialog* dialog = actions->openCrlPublish()) {
                if (auto* ca = dialog->findChild<QComboBox*>(QStringLiteral("crlCa")); ca && !item.caCodes.isEmpty())
                    ca->setCurrentIndex(qMax(0, ca->findData(item.caCodes.first())));
                connect(dialog, &QObject::destroyed, this, &TodayPage::refresh);
            }
        }
        return;
    case registry::AgendaKind::DraftsKept:
        if (DraftsDialog* dialog = m_window.entryActions()->showDrafts())
            connect(dialog, &QObject::destroyed, this, &TodayPage::refresh);
        return;
    case registry::AgendaKind::AnchorsUnpublished:
        if (m_window.auditPage())
            tabs->setCurrentWidget(m_window.auditPage());
        Q_EMIT statusMessage(
            tr("The scheduled job writes the signed anchors into %1; the days counted are not there yet.")
                .arg(anchorsDir()));
        return;
    }
}

} // namespace tirkeu::gui
