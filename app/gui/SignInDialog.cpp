#include "app/gui/SignInDialog.h"

#include "app/gui/ConnectionDialog.h"
#include "app/gui/DialogParts.h"
#include "app/gui/RegisterCheck.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tirkeu::gui {

SignInDialog::SignInDialog(registry::Register& reg, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg) {
    setObjectName(QStringLiteral("signInDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_location = noteLabel(this);
    m_loginLabel = new QLabel(this);
    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("login"));
    m_login->setMaxLength(32);
    m_passwordLabel = new QLabel(this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);

    auto* form = formLayout();
    form->addRow(m_loginLabel, m_login);
    form->addRow(m_passwordLabel, m_password);
    m_loginLabel->setBuddy(m_login);
    m_passwordLabel->setBuddy(m_password);

    m_message = messageLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    m_changeRegister = m_buttons->addButton(QString(), QDialogButtonBox::ResetRole);
    m_changeRegister->setObjectName(QStringLiteral("changeRegister"));
    connect(m_changeRegister, &QPushButton::clicked, this, [this] {
        ConnectionDialog dialog(m_reg.location(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_requestedLocation = dialog.location();
        done(ChangeRegister);
    });

    auto* layout = dialogLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_location);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    retranslateUi();
    setMinimumWidth(420);
}

void SignInDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SignInDialog::retranslateUi() {
    setWindowTitle(tr("Tirkeu — sign in"));
    m_intro->setText(tr("Sign in with your operator account."));
    m_location->setText(tr("Register: %1").arg(QDir::toNativeSeparators(m_reg.location())));
    m_loginLabel->setText(tr("&Login:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sign in"));
    m_changeRegister->setText(tr("Other &register…"));
}

QString SignInDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void SignInDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void SignInDialog::accept() {
    // A failed sign-in is recorded, and the first write awaits the register's check (started when the register
    // was opened): awaited here with progress, not inside the click.
    awaitRegisterCheck(m_reg, this);
    Result<registry::Session> session = [&] {
        const BusyCursor busy; // the password hash takes a moment on purpose
        return m_reg.operators().signIn(m_login->text().trimmed(), m_password->text());
    }();
    m_password->clear();
    if (!session) {
        m_session.reset();
        showMessage(session.message());
        m_password->setFocus();
        return;
    }
    showMessage(QString());
    m_session = session.value();
    QDialog::accept();
}

} // namespace tirkeu::gui
