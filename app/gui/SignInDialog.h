#pragma once
// Sign-in with login and password (registry::Operators::signIn). A refusal is shown inline, the
// password is cleared and the dialog stays open.

#include "registry/Roles.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class SignInDialog : public QDialog {
    Q_OBJECT
public:
    explicit SignInDialog(registry::Register& reg, QWidget* parent = nullptr);

    // done() code when the operator chose another register (ConnectionDialog); see requestedLocation().
    static constexpr int ChangeRegister = 2;
    QString requestedLocation() const { return m_requestedLocation; }

    const std::optional<registry::Session>& session() const { return m_session; }
    QString message() const; // the inline refusal, empty when none

    void accept() override; // signs in; closes only on success

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showMessage(const QString& text);

    registry::Register& m_reg;
    std::optional<registry::Session> m_session;
    QString m_requestedLocation;
    QPushButton* m_changeRegister = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_location = nullptr;
    QLabel* m_loginLabel = nullptr;
    QLineEdit* m_login = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace tirkeu::gui
