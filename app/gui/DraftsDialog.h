#pragma once
// My drafts: the applications the signed-in operator started and did not register (registry::Drafts),
// newest change first, each with its form, CA, applicant as typed and when it was last changed. Open
// (Enter, double-click) goes on typing it in the new-application dialog; Delete asks first.

#include "registry/Roles.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class DraftsDialog : public QDialog {
    Q_OBJECT
public:
    DraftsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                 QWidget* parent = nullptr);

    void refresh();
    int count() const;
    qint64 selectedId() const;
    void selectRow(int row);
    void openSelected();   // emits openRequested and closes
    void deleteSelected(); // asks through the Prompter first
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void openRequested(qint64 draftId);
    void draftsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QLabel* m_intro = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
