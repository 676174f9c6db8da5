#include "app/gui/NoticesPage.h"

#include "app/gui/Prompter.h"
#include "registry/Clock.h"
#include "registry/Notifications.h"
#include "registry/Register.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

bool NoticesPage::mayOpen(const registry::Session& session) {
    return registry::Roles::allows(session.role, registry::Permission::ViewRegister);
}

NoticesPage::NoticesPage(registry::Register& reg, const registry::Session& session, Prompter& prompter, QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("noticesPage"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_stateLabel = new QLabel(this);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("noticeState"));
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const char* state : {"", "queued", "sent", "failed"})
        m_state->addItem(QString(), QString::fromLatin1(state));
    m_stateLabel->setBuddy(m_state);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("noticeRefresh"));
    m_daysLabel = new QLabel(this);
    m_days = new QSpinBox(this);
    m_days->setObjectName(QStringLiteral("reminderDays"));
    m_days->setRange(1, 365);
    m_days->setValue(30);
    m_daysLabel->setBuddy(m_days);
    m_queue = new QPushButton(this);
    m_queue->setObjectName(QStringLiteral("queueReminders"));
    // Queueing reminders is an officer's task (the registry checks it again).
    const bool mayQueue = registry::Roles::allows(m_session.role, registry::Permission::SendNotices);
    m_days->setVisible(mayQueue);
    m_daysLabel->setVisible(mayQueue);
    m_queue->setVisible(mayQueue);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("notices"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("noticeStatus"));
    m_status->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_stateLabel);
    top->addWidget(m_state);
    top->addWidget(m_refresh);
    top->addStretch(1);
    top->addWidget(m_daysLabel);
    top->addWidget(m_days);
    top->addWidget(m_queue);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_state, &QComboBox::currentIndexChanged, this, &NoticesPage::refresh);
    connect(m_refresh, &QPushButton::clicked, this, &NoticesPage::refresh);
    connect(m_queue, &QPushButton::clicked, this, &NoticesPage::queueReminders);
    retranslateUi();
    refresh();
}

void NoticesPage::refresh() {
    registry::Notifications outbox(m_reg);
    auto list = outbox.list(m_session, m_state->currentData().toString(), kLimit);
    m_table->setRowCount(0);
    if (!list) {
        m_status->setText(list.message());
        return;
    }
    m_table->setRowCount(int(list->size()));
    int row = 0;
    for (const registry::Notification& n : *list) {
        const QString state = n.state == u"sent" ? tr("sent %1").arg(registry::displayDateTime(n.sentAt))
                              : n.state == u"failed"
                                  ? tr("failed, given up")
                                  : tr("queued, next attempt %1").arg(registry::displayDateTime(n.nextAttemptAt));
        const QStringList cells{QString::number(n.id),
                                n.kind == u"expiry" ? tr("expiry reminder") : tr("revocation notice"),
                                n.serial,
                                n.recipient,
                                state,
                                QString::number(n.attempts),
                                n.lastError,
                                registry::displayDateTime(n.createdAt)};
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == KindColumn)
                item->setToolTip(n.subject);
            m_table->setItem(row, c, item);
        }
        ++row;
    }
    m_table->resizeColumnsToContents();
    m_status->setText(list->isEmpty() ? tr("No notices.")
                                      : tr("%n notice(s), newest first.", nullptr, int(list->size())));
}

void NoticesPage::queueReminders() {
    registry::Notifications outbox(m_reg);
    auto queued = outbox.queueExpiryReminders(m_session, m_days->value());
    if (!queued) {
        m_prompter.showError(this, tr("Notices"), queued.message());
        return;
    }
    refresh();
    m_status->setText(tr("%n expiry reminder(s) queued.", nullptr, *queued));
}

QString NoticesPage::statusText() const {
    return m_status->text();
}

void NoticesPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void NoticesPage::retranslateUi() {
    m_intro->setText(tr("Revocation notices and expiry reminders to holders, by e-mail. A revocation notice is "
                        "queued with the revocation itself; the scheduled job sends what is due and retries "
                        "failures later."));
    m_stateLabel->setText(tr("&State:"));
    const QStringList states{tr("all"), tr("queued"), tr("sent"), tr("failed")};
    for (int i = 0; i < m_state->count(); ++i)
        m_state->setItemText(i, states.value(i));
    m_refresh->setText(tr("&Refresh"));
    m_daysLabel->setText(tr("Certificates ending &within (days):"));
    m_queue->setText(tr("&Queue expiry reminders"));
    m_table->setHorizontalHeaderLabels({tr("No."), tr("Kind"), tr("Serial number"), tr("To"), tr("State"),
                                        tr("Attempts"), tr("Last error"), tr("Queued at")});
}

} // namespace tirkeu::gui
