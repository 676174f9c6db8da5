#include "app/gui/DraftsDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Prompter.h"
#include "forms/FormDefinition.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"
#include "registry/Language.h"
#include "registry/Register.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

DraftsDialog::DraftsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                           QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("draftsDialog"));
    auto* layout = dialogLayout(this);
    m_intro = noteLabel(this);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("draftsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_message = messageLabel(this);
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("openDraftButton"));
    m_open->setDefault(true);
    m_delete = new QPushButton(this);
    m_delete->setObjectName(QStringLiteral("deleteDraftButton"));
    m_delete->setAutoDefault(false);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_close->setAutoDefault(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_close);
    layout->addWidget(m_intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    connect(m_open, &QPushButton::clicked, this, &DraftsDialog::openSelected);
    connect(m_delete, &QPushButton::clicked, this, &DraftsDialog::deleteSelected);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DraftsDialog::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { openSelected(); });
    retranslateUi();
    refresh();
    resize(820, 420);
}

void DraftsDialog::refresh() {
    const qint64 keep = selectedId();
    m_table->setRowCount(0);
    auto drafts = registry::Drafts(m_reg).list(m_session);
    if (!drafts) {
        m_message->setText(drafts.message());
        m_message->show();
        updateButtons();
        return;
    }
    m_message->hide();
    const QString lang = registry::Language::current();
    m_table->setRowCount(int(drafts->size()));
    int row = 0;
    for (const registry::Draft& d : *drafts) {
        const forms::FormDef* form = forms::FormCatalog::find(d.formCode);
        QString formText = form ? QStringLiteral("%1 — %2").arg(d.formCode, form->title.in(lang)) : d.formCode;
        if (!d.replacesSerial.isEmpty())
            formText = tr("%1 (re-issue of %2)").arg(formText, d.replacesSerial);
        const QString who = d.summary().isEmpty() ? tr("(no applicant typed yet)") : d.summary();
        const QStringList cells{registry::displayDateTime(d.updatedAt), d.caCode, who, formText};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, d.id);
            item->setToolTip(cells.at(c));
            m_table->setItem(row, c, item);
        }
        if (d.id == keep)
            m_table->selectRow(row);
        ++row;
    }
    m_table->resizeColumnsToContents();
    if (m_table->rowCount() > 0 && m_table->selectedItems().isEmpty())
        m_table->selectRow(0);
    updateButtons();
}

int DraftsDialog::count() const {
    return m_table->rowCount();
}

qint64 DraftsDialog::selectedId() const {
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    return items.isEmpty() ? 0 : items.first()->data(Qt::UserRole).toLongLong();
}

void DraftsDialog::selectRow(int row) {
    m_table->selectRow(row);
}

void DraftsDialog::openSelected() {
    const qint64 id = selectedId();
    if (id <= 0)
        return;
    Q_EMIT openRequested(id);
    accept();
}

void DraftsDialog::deleteSelected() {
    const qint64 id = selectedId();
    if (id <= 0)
        return;
    if (!m_prompter.confirm(this, tr("My drafts"), tr("Delete the selected draft? What was typed in it is lost.")))
        return;
    if (Status s = registry::Drafts(m_reg).remove(m_session, id); !s) {
        m_message->setText(s.message());
        m_message->show();
    }
    refresh();
    Q_EMIT draftsChanged();
}

void DraftsDialog::updateButtons() {
    const bool any = selectedId() > 0;
    m_open->setEnabled(any);
    m_delete->setEnabled(any);
    m_intro->setText(m_table->rowCount() == 0
                         ? tr("You have no drafts. A new application is kept here as you type it, until it is "
                              "registered.")
                         : tr("Applications you started and did not register. Each is deleted %n day(s) after its "
                              "last change.",
                              nullptr, registry::Drafts::kKeepDays));
}

void DraftsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QDialog::changeEvent(event);
}

void DraftsDialog::retranslateUi() {
    setWindowTitle(tr("My drafts"));
    m_table->setHorizontalHeaderLabels({tr("Changed"), tr("CA"), tr("Applicant"), tr("Form")});
    m_open->setText(tr("&Open"));
    m_delete->setText(tr("&Delete…"));
    m_close->setText(tr("&Close"));
    updateButtons();
}

} // namespace tirkeu::gui
