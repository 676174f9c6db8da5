#pragma once
// The way into a fresh register (no operator at all): creates the first administrator through
// registry::Operators::createFirstAdministrator and signs in with it. Refusals are shown inline;
// the dialog stays open until the registry accepts or the user cancels.

#include "registry/Roles.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class FirstAdminDialog : public QDialog {
    Q_OBJECT
public:
    explicit FirstAdminDialog(registry::Register& reg, QWidget* parent = nullptr);

    // The new administrator's session once the dialog was accepted.
    const std::optional<registry::Session>& session() const { return m_session; }
    QString message() const; // the inline refusal, empty when none

    void accept() override; // tries to create the account; closes only on success

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showMessage(const QString& text);

    registry::Register& m_reg;
    std::optional<registry::Session> m_session;
    QLabel* m_intro = nullptr;
    QLabel* m_location = nullptr;
    QLabel* m_loginLabel = nullptr;
    QLineEdit* m_login = nullptr;
    QLabel* m_fullNameLabel = nullptr;
    QLineEdit* m_fullName = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_repeatLabel = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace tirkeu::gui
