// SettingsDialog's edits of the register's settings, each saved through the registry and reported in the
// dialog: a CA's settings, a new CA, operators (add, disable, unlock, reset a password, the sign-in
// lockout) and the calendar's days. The retention periods are saved in SettingsDialog.cpp.
#include "app/gui/SettingsDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Prompter.h"
#include "registry/CaDirectory.h"
#include "registry/CalendarService.h"
#include "registry/Clock.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace tirkeu::gui {

bool SettingsDialog::done(const Status& s, const QString& title, const QString& success) {
    if (!s) {
        m_message->setText(s.message());
        m_message->show();
        m_feedback->clear();
        m_prompter.showError(this, title, s.message());
        return false;
    }
    m_message->hide();
    m_feedback->setText(success);
    reload();
    Q_EMIT registerChanged();
    return true;
}

void SettingsDialog::saveCaSettings() {
    const QString code = selectedCa();
    if (code.isEmpty())
        return;
    const QJsonObject changes{{QStringLiteral("crl_period_hours"), m_crlPeriod->value()},
                              {QStringLiteral("delta_period_hours"), m_deltaPeriod->value()},
                              {QStringLiteral("cdp_url"), m_cdpUrl->text()},
                              {QStringLiteral("freshest_url"), m_freshestUrl->text()},
                              {QStringLiteral("aia_url"), m_aiaUrl->text()},
                              {QStringLiteral("ocsp_url"), m_ocspUrl->text()},
                              {QStringLiteral("cps_uri"), m_cpsUri->text()},
                              {QStringLiteral("publish_dir"), m_publishDir->text()},
                              {QStringLiteral("crl_event_log_oid"), m_eventLogOid->text().trimmed()}};
    done(m_reg.cas().updateSettings(m_session, code, changes), tr("CA settings"),
         tr("The settings of the CA %1 are saved.").arg(code));
}

void SettingsDialog::addCa() {
    forms::CaKind kind = forms::CaKind::National;
    forms::caKindFromId(m_newCaKind->currentData().toString(), &kind);
    const QString code = m_newCaCode->text().trimmed();
    auto id = m_reg.cas().add(m_session, code, m_newCaName->text(), kind);
    if (done(id ? Status() : Status(id.error()), tr("Add CA"), tr("The CA %1 is added.").arg(code))) {
        m_newCaCode->clear();
        m_newCaName->clear();
        selectCa(code);
    }
}

void SettingsDialog::addOperator() {
    registry::Role role = registry::Role::Operator;
    registry::Roles::fromId(m_newRole->currentData().toString(), &role);
    const QString login = m_newLogin->text().trimmed();
    BusyCursor busy;
    auto id = m_reg.operators().add(m_session, login, m_newFullName->text(), role, m_newPassword->text());
    m_newPassword->clear();
    if (done(id ? Status() : Status(id.error()), tr("Add operator"), tr("The operator %1 is added.").arg(login))) {
        m_newLogin->clear();
        m_newFullName->clear();
    }
}

void SettingsDialog::disableOperator() {
    const QString login = selectedLogin();
    if (login.isEmpty())
        return;
    if (!m_prompter.confirm(this, tr("Disable operator"),
                            tr("Disable the account %1? It can no longer sign in; its history stays.").arg(login)))
        return;
    done(m_reg.operators().disable(m_session, login), tr("Disable operator"),
         tr("The account %1 is disabled.").arg(login));
}

void SettingsDialog::unlockOperator() {
    const QString login = selectedLogin();
    if (login.isEmpty())
        return;
    done(m_reg.operators().unlock(m_session, login), tr("Unlock operator"),
         tr("The login %1 is unlocked; its failed sign-ins are cleared.").arg(login));
}

void SettingsDialog::saveLockout() {
    done(m_reg.operators().setMaxFailures(m_session, m_maxFailures->value()), tr("Sign-in lockout"),
         tr("A login is now locked after %1 failed sign-ins.").arg(m_maxFailures->value()));
}

void SettingsDialog::resetPassword() {
    const QString login = selectedLogin();
    if (login.isEmpty())
        return;
    const QString title = tr("Reset the password of %1").arg(login);
    const std::optional<QString> first = m_prompter.askPassword(this, title, tr("New password:"));
    if (!first)
        return;
    const std::optional<QString> second = m_prompter.askPassword(this, title, tr("The same password again:"));
    if (!second)
        return;
    if (*first != *second) {
        done(makeError(ErrorCode::Invalid, tr("The two passwords differ; nothing was changed.")), title, QString());
        return;
    }
    BusyCursor busy;
    done(m_reg.operators().changePassword(m_session, login, *first), title,
         tr("The password of %1 is reset.").arg(login));
}

void SettingsDialog::setOverride() {
    const QDate day = m_day->date();
    done(m_reg.calendar().set(m_session, day, m_working->isChecked(), m_note->text().trimmed()), tr("Calendar"),
         tr("%1 is now a %2.")
             .arg(registry::displayDate(day), m_working->isChecked() ? tr("working day") : tr("day off")));
}

void SettingsDialog::clearOverride() {
    const QDate day = m_day->date();
    done(m_reg.calendar().clear(m_session, day), tr("Calendar"),
         tr("The built-in rules apply to %1 again.").arg(registry::displayDate(day)));
}

} // namespace tirkeu::gui
