#include "app/gui/FirstAdminDialog.h"

#include "app/gui/DialogParts.h"
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

FirstAdminDialog::FirstAdminDialog(registry::Register& reg, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg) {
    setObjectName(QStringLiteral("firstAdminDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_location = noteLabel(this);

    m_loginLabel = new QLabel(this);
    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("login"));
    m_login->setMaxLength(32);
    m_fullNameLabel = new QLabel(this);
    m_fullName = new QLineEdit(this);
    m_fullName->setObjectName(QStringLiteral("fullName"));
    m_passwordLabel = new QLabel(this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_repeatLabel = new QLabel(this);
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("repeatPassword"));
    m_repeat->setEchoMode(QLineEdit::Password);

    auto* form = formLayout();
    form->addRow(m_loginLabel, m_login);
    form->addRow(m_fullNameLabel, m_fullName);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_repeatLabel, m_repeat);
    m_loginLabel->setBuddy(m_login);
    m_fullNameLabel->setBuddy(m_fullName);
    m_passwordLabel->setBuddy(m_password);
    m_repeatLabel->setBuddy(m_repeat);

    m_message = messageLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstAdminDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FirstAdminDialog::reject);

    auto* layout = dialogLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_location);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    retranslateUi();
    setMinimumWidth(480);
}

void FirstAdminDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void FirstAdminDialog::retranslateUi() {
    setWindowTitle(tr("Tirkeu — first administrator"));
    m_intro->setText(tr("This register has no operators yet. Create the first administrator: this account adds the "
                        "other operators and the certification authorities."));
    m_location->setText(tr("Register: %1").arg(QDir::toNativeSeparators(m_reg.location())));
    m_loginLabel->setText(tr("&Login:"));
    m_login->setPlaceholderText(tr("Latin lowercase letters, e.g. g.zhumabayeva"));
    m_fullNameLabel->setText(tr("&Full name:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_password->setPlaceholderText(tr("at least %1 characters").arg(registry::Operators::kMinPasswordLength));
    m_repeatLabel->setText(tr("&Repeat password:"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create administrator"));
}

QString FirstAdminDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void FirstAdminDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void FirstAdminDialog::accept() {
    if (m_password->text() != m_repeat->text()) {
        showMessage(tr("The two passwords differ. Type the same password twice."));
        m_repeat->clear();
        m_repeat->setFocus();
        return;
    }
    Result<registry::Session> created = [&] {
        const BusyCursor busy; // the password hash takes a moment on purpose
        return m_reg.operators().createFirstAdministrator(m_login->text().trimmed(), m_fullName->text(),
                                                          m_password->text());
    }();
    if (!created) {
        showMessage(created.message());
        return;
    }
    showMessage(QString());
    m_password->clear();
    m_repeat->clear();
    m_session = created.value();
    QDialog::accept();
}

} // namespace tirkeu::gui
