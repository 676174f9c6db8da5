#include "app/gui/KeyBackupsDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Prompter.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"
#include "reports/KeyShareHandover.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

KeyBackupsDialog::KeyBackupsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                   const QString& caCode, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_caCode(caCode) {
    setObjectName(QStringLiteral("keyBackupsDialog"));
    auto* layout = dialogLayout(this);
    m_intro = noteLabel(this);
    layout->addWidget(m_intro);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("keyBackupsTable"));
    m_table->setColumnCount(5);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    m_message = messageLabel(this);
    m_message->setObjectName(QStringLiteral("keyBackupsMessage"));
    layout->addWidget(m_message);
    m_note = noteLabel(this);
    m_note->setObjectName(QStringLiteral("keyBackupsNote"));
    layout->addWidget(m_note);
    auto* buttons = new QDialogButtonBox(this);
    m_print = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_print->setObjectName(QStringLiteral("printHandoverCopyButton"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(m_print, &QPushButton::clicked, this, &KeyBackupsDialog::printCopy);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KeyBackupsDialog::selectionChanged);
    resize(900, 420);
    reload();
}

void KeyBackupsDialog::reload() {
    auto backups = registry::CaEngine(m_reg).keyBackups(m_session, m_caCode);
    m_backups = backups ? *backups : QList<registry::KeyBackupResult>();
    if (!backups) {
        m_message->setText(backups.message());
        m_message->show();
    }
    m_table->setRowCount(int(m_backups.size()));
    for (int i = 0; i < m_backups.size(); ++i) {
        const registry::KeyBackupResult& b = m_backups.at(i);
        QStringList names;
        for (const registry::KeyCustodian& c : b.custodians)
            names << c.name;
        const QStringList cells{registry::displayDateTime(b.madeAt),
                                QStringLiteral("%1 / %2").arg(b.threshold).arg(b.shares), b.madeBy, names.join(u'\n'),
                                b.failure.isEmpty() ? QDir::toNativeSeparators(QFileInfo(b.backupFile).absolutePath())
                                                    : b.failure};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c));
            m_table->setItem(i, c, item);
        }
    }
    if (!m_backups.isEmpty())
        m_table->selectRow(0);
    selectionChanged();
    retranslateUi(); // the intro depends on whether there is a backup; the columns fit their text
}

void KeyBackupsDialog::selectionChanged() {
    const int row = m_table->currentRow();
    m_print->setEnabled(row >= 0 && row < m_backups.size() && m_backups.at(row).failure.isEmpty());
}

QString KeyBackupsDialog::printCopy() {
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_backups.size())
        return {};
    // Read again through the registry: it refuses a backup whose files were removed.
    auto backup = registry::CaEngine(m_reg).keyBackup(m_session, m_caCode, m_backups.at(row).backupId);
    if (!backup) {
        m_message->setText(backup.message());
        m_message->show();
        m_note->clear();
        return {};
    }
    const QString path =
        m_prompter.saveFileName(this, tr("Save a copy of the hand-over record"),
                                m_caCode + QStringLiteral("-handover-copy.pdf"), tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return {};
    const QString by = m_session.fullName.isEmpty() ? m_session.login : m_session.fullName;
    const Status s = reports::KeyShareHandover::saveCopy(*backup, by, m_reg.clock().now(), path);
    m_message->setText(s.message());
    m_message->setVisible(!s.ok());
    m_note->setText(s.ok() ? tr("A copy of the hand-over record is saved to %1.").arg(QDir::toNativeSeparators(path))
                           : QString());
    return s.ok() ? path : QString();
}

void KeyBackupsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void KeyBackupsDialog::retranslateUi() {
    setWindowTitle(tr("Key backups of the CA %1").arg(m_caCode));
    m_intro->setText(m_backups.isEmpty()
                         ? tr("The CA %1 has no recorded key backup.").arg(m_caCode)
                         : tr("Each backup as the event log records it. If the signed hand-over record of a backup is "
                              "lost, print a copy of it for the custodians to sign again."));
    m_table->setHorizontalHeaderLabels(
        {tr("Made"), tr("Shares needed / all"), tr("Made by"), tr("Custodians"), tr("Folder, or why not written")});
    m_print->setText(tr("Print the hand-over record again…"));
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
}

} // namespace tirkeu::gui
