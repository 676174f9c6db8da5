#include "app/gui/AuditLogPage.h"

#include "app/gui/Job.h"
#include "app/gui/JobProgressDialog.h"
#include "registry/AuditLog.h"
#include "registry/Clock.h"
#include "registry/Register.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <memory>

namespace tirkeu::gui {

namespace {
enum Column { SeqColumn, TimeColumn, OperatorColumn, TypeColumn, SubjectColumn, DetailsColumn, ColumnCount };
}

bool AuditLogPage::mayOpen(const registry::Session& session) {
    // The page is the auditor's tool (read and verify); officers read events through Search.
    return registry::Roles::allows(session.role, registry::Permission::ViewAudit) &&
           registry::Roles::allows(session.role, registry::Permission::VerifyAudit);
}

AuditLogPage::AuditLogPage(registry::Register& reg, const registry::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session) {
    setObjectName(QStringLiteral("auditLogPage"));
    m_subjectLabel = new QLabel(this);
    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subject"));
    m_subject->setClearButtonEnabled(true);
    m_subjectLabel->setBuddy(m_subject);
    m_typeLabel = new QLabel(this);
    m_type = new QLineEdit(this);
    m_type->setObjectName(QStringLiteral("type"));
    m_type->setClearButtonEnabled(true);
    m_typeLabel->setBuddy(m_type);
    m_useDate = new QCheckBox(this);
    m_useDate->setObjectName(QStringLiteral("useDate"));
    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("date"));
    m_date->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));
    m_date->setCalendarPopup(true);
    m_date->setDate(m_reg.clock().now().toTimeZone(registry::Clock::zone()).date());
    m_date->setEnabled(false);
    m_newest = new QPushButton(this);
    m_newest->setObjectName(QStringLiteral("newest"));
    m_older = new QPushButton(this);
    m_older->setObjectName(QStringLiteral("older"));
    m_verify = new QPushButton(this);
    m_verify->setObjectName(QStringLiteral("verify"));
    m_verify->setEnabled(registry::Roles::allows(m_session.role, registry::Permission::VerifyAudit));

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("events"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* filters = new QGridLayout;
    filters->addWidget(m_subjectLabel, 0, 0);
    filters->addWidget(m_subject, 0, 1);
    filters->addWidget(m_typeLabel, 0, 2);
    filters->addWidget(m_type, 0, 3);
    filters->addWidget(m_useDate, 0, 4);
    filters->addWidget(m_date, 0, 5);
    filters->setColumnStretch(1, 1);
    filters->setColumnStretch(3, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_newest);
    buttons->addWidget(m_older);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_verify);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);

    connect(m_subject, &QLineEdit::returnPressed, this, &AuditLogPage::refresh);
    connect(m_type, &QLineEdit::textChanged, this, &AuditLogPage::applyFilter);
    connect(m_useDate, &QCheckBox::toggled, this, [this](bool on) {
        m_date->setEnabled(on);
        applyFilter();
    });
    connect(m_date, &QDateEdit::dateChanged, this, &AuditLogPage::applyFilter);
    connect(m_newest, &QPushButton::clicked, this, &AuditLogPage::refresh);
    connect(m_older, &QPushButton::clicked, this, &AuditLogPage::olderPage);
    connect(m_verify, &QPushButton::clicked, this, &AuditLogPage::verify);

    retranslateUi();
    refresh();
}

AuditLogPage::~AuditLogPage() = default;

void AuditLogPage::refresh() {
    load(0);
}

void AuditLogPage::olderPage() {
    if (m_oldestSeq > 1)
        load(m_oldestSeq);
}

void AuditLogPage::load(qint64 beforeSeq) {
    auto events = m_reg.audit().events(m_session, m_subject->text().trimmed(), kPageSize, beforeSeq);
    m_table->setRowCount(0);
    if (!events) {
        m_status->setText(events.message());
        m_loaded = 0;
        m_older->setEnabled(false);
        return;
    }
    m_table->setRowCount(int(events->size()));
    int row = 0;
    for (const registry::AuditEvent& e : *events) {
        const QStringList cells{
            QString::number(e.seq),
            registry::displayDateTime(e.ts, true),
            e.operatorLogin,
            e.type,
            e.subject,
            QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
        };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == TimeColumn)
                item->setData(Qt::UserRole, e.ts.toTimeZone(registry::Clock::zone()).date());
            m_table->setItem(row, c, item);
        }
        ++row;
    }
    m_loaded = row;
    m_oldestSeq = events->isEmpty() ? 0 : events->last().seq;
    m_older->setEnabled(events->size() == kPageSize && m_oldestSeq > 1);
    m_table->resizeColumnsToContents();
    applyFilter();
}

void AuditLogPage::applyFilter() {
    const QString type = m_type->text().trimmed();
    int shown = 0;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        bool match = type.isEmpty() || m_table->item(r, TypeColumn)->text().contains(type, Qt::CaseInsensitive);
        if (match && m_useDate->isChecked())
            match = m_table->item(r, TimeColumn)->data(Qt::UserRole).toDate() == m_date->date();
        m_table->setRowHidden(r, !match);
        shown += match ? 1 : 0;
    }
    if (m_loaded == 0)
        m_status->setText(tr("No events."));
    else
        m_status->setText(tr("%1 of %2 events on this page (newest first; seq. %3 and newer)")
                              .arg(shown)
                              .arg(m_loaded)
                              .arg(m_oldestSeq));
}

void AuditLogPage::verify() {
    if (m_job && m_job->isRunning()) { // the button cancels while it runs
        if (!m_job->wasCancelled()) {
            m_job->cancel();
            m_progress->setFormat(tr("Cancelling the verification…"));
            m_verify->setEnabled(false);
        }
        return;
    }
    delete m_job;
    m_result->clear();
    auto report = std::make_shared<registry::AuditVerifyReport>();
    const registry::Session session = m_session;
    m_job = new Job(
        m_reg, tr("Verifying the event log…"), Job::Cancel::BetweenSteps,
        [=](Job::Context& context) -> Status {
            context.progress(0, 0, tr("Verifying the event log: the chain, the rows and the anchors…"));
            registry::AuditVerifyOptions options;
            const registry::RunControl control = context.runControl();
            options.control = &control;
            auto r = context.reg.audit().verify(session, options);
            if (!r)
                return r.error();
            *report = *r;
            return {};
        },
        this);
    followJob(m_progress, m_job);
    connect(m_job, &Job::finished, this, [this, report](bool ok, const QString& message) {
        m_progress->hide();
        m_verify->setEnabled(true);
        retranslateUi();
        bool good = false;
        if (!ok) {
            m_result->setText(tr("Verification could not run: %1").arg(message));
        } else if (report->cancelled) {
            m_result->setText(report->problem); // no verdict either way
        } else if (report->ok) {
            good = true;
            QString text = tr("The event log is intact: %1 events, %2 anchors and %3 rows checked.")
                               .arg(report->eventsChecked)
                               .arg(report->anchorsChecked)
                               .arg(report->rowsChecked);
            if (!report->warnings.isEmpty())
                text += u'\n' + report->warnings.join(u'\n');
            m_result->setText(text);
        } else {
            m_result->setText(
                report->firstBadSeq > 0
                    ? tr("The event log is damaged at event %1: %2").arg(report->firstBadSeq).arg(report->problem)
                    : tr("The event log is damaged: %1").arg(report->problem));
        }
        m_result->setStyleSheet(good ? QString() : QStringLiteral("color: #a3121f;"));
        Q_EMIT verifyFinished(good);
    });
    m_progress->setRange(0, 0);
    m_progress->setFormat(m_job->title());
    m_progress->show();
    m_job->start();
    retranslateUi(); // the button now cancels
}

QString AuditLogPage::resultText() const {
    return m_result->text();
}

void AuditLogPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AuditLogPage::retranslateUi() {
    m_subjectLabel->setText(tr("S&ubject:"));
    m_subject->setPlaceholderText(tr("IIN, BIN, serial, application No. or login; Enter reads"));
    m_typeLabel->setText(tr("&Type:"));
    m_type->setPlaceholderText(tr("e.g. certificate.issued"));
    m_useDate->setText(tr("&Date:"));
    m_newest->setText(tr("&Newest"));
    m_older->setText(tr("&Older page"));
    const bool running = m_job && m_job->isRunning();
    m_verify->setText(running ? tr("&Cancel verification") : tr("&Verify the log"));
    m_verify->setToolTip(running                 ? tr("Stop the verification; a stopped verification gives no verdict.")
                         : m_verify->isEnabled() ? tr("Check the hash chain, the recorded rows and the anchors, as "
                                                      "the auditor's verification does.")
                                                 : tr("Your role may not verify the event log."));
    m_table->setHorizontalHeaderLabels(
        {tr("No."), tr("Time"), tr("Operator"), tr("Type"), tr("Subject"), tr("Details")});
    applyFilter();
}

} // namespace tirkeu::gui
