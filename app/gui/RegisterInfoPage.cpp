#include "app/gui/RegisterInfoPage.h"

#include "registry/Clock.h"
#include "registry/Register.h"

#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tirkeu::gui {

RegisterInfoPage::RegisterInfoPage(registry::Register& reg, QWidget* parent)
    : QWidget(parent)
    , m_reg(reg) {
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(8);
    for (int i = 0; i < RowCount; ++i) {
        m_labels[i] = new QLabel(this);
        m_values[i] = new QLabel(this);
        m_values[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_values[i]->setWordWrap(true);
        form->addRow(m_labels[i], m_values[i]);
    }
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #a3121f;"));
    m_error->hide();
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("nextStepHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_hint->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(m_error);
    layout->addWidget(m_hint);
    layout->addLayout(form);
    layout->addStretch(1);

    retranslateUi();
    refresh();
}

void RegisterInfoPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RegisterInfoPage::retranslateUi() {
    m_labels[Location]->setText(tr("Location:"));
    m_labels[RegisterId]->setText(tr("Register ID:"));
    m_labels[Created]->setText(tr("Created:"));
    m_labels[Schema]->setText(tr("Schema version:"));
    m_labels[Operators]->setText(tr("Operators:"));
    m_labels[Cas]->setText(tr("Certification authorities:"));
    m_labels[Applications]->setText(tr("Applications:"));
    m_labels[Certificates]->setText(tr("Certificates:"));
    m_labels[Revocations]->setText(tr("Revocations:"));
    m_labels[AuditEvents]->setText(tr("Events in the audit log:"));
    if (m_schema > 0)
        m_values[Schema]->setText(tr("%1 (this program knows up to %2)").arg(m_schema).arg(m_latestSchema));
    m_hint->setText(nextStepHint());
    m_hint->setVisible(!m_hint->text().isEmpty());
}

QString RegisterInfoPage::nextStepHint() const {
    if (m_cas == 0)
        return tr("No CA yet — an administrator sets one up in Settings → CAs.");
    if (m_applications == 0)
        return tr("No applications yet — create one with New application.");
    return {};
}

void RegisterInfoPage::refresh() {
    auto info = m_reg.info();
    m_error->setVisible(!info);
    if (!info) {
        m_error->setText(info.message());
        return;
    }
    const QDateTime created = registry::fromDbTime(info->createdAt);
    m_values[Location]->setText(QDir::toNativeSeparators(info->location));
    m_values[RegisterId]->setText(info->registerId);
    m_values[Created]->setText(created.isValid() ? registry::displayDateTime(created) : info->createdAt);
    m_schema = info->schemaVersion;
    m_latestSchema = info->latestSchemaVersion;
    m_values[Operators]->setText(QString::number(info->operators));
    m_values[Cas]->setText(QString::number(info->cas));
    m_cas = info->cas;
    m_applications = info->applications;
    m_values[Applications]->setText(QString::number(info->applications));
    m_values[Certificates]->setText(QString::number(info->certificates));
    m_values[Revocations]->setText(QString::number(info->revocations));
    m_values[AuditEvents]->setText(QString::number(info->auditEvents));
    retranslateUi();
}

QString RegisterInfoPage::value(Row row) const {
    return row >= 0 && row < RowCount ? m_values[row]->text() : QString();
}

} // namespace tirkeu::gui
