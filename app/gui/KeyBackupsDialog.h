#pragma once
// A CA's key backups as the event log records them (Settings → CAs → Key backups…; registry::CaKeyBackup::
// backups, the same as `ca backups`): when, by whom, the scheme, the custodians and where the files were
// written, or why they could not be. "Print the hand-over record again…" saves a copy of the selected
// backup's record (reports::KeyShareHandover::saveCopy) when the first print was lost; a backup whose files
// were removed has nothing to hand over and is refused by the registry. Administrators.

#include "registry/CaKeyBackup.h"
#include "registry/Roles.h"

#include <QDialog>
#include <QList>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class KeyBackupsDialog : public QDialog {
    Q_OBJECT
public:
    KeyBackupsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                     const QString& caCode, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    // Saves a copy of the selected backup's hand-over record where the user chooses; the path, or empty.
    QString printCopy();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void reload();
    void selectionChanged();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QString m_caCode;
    QList<registry::KeyBackupResult> m_backups;
    QLabel* m_intro = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_message = nullptr; // a refusal
    QLabel* m_note = nullptr;    // where the copy was saved
    QPushButton* m_print = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
