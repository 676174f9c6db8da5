// SettingsDialog's actions on the CA keys and on the register itself: set up a CA key, import a CA
// certificate, back up and restore a CA key, change an operator's role, back up and restore the register
// (the last two as jobs with progress and a cancel).
#include "app/gui/SettingsDialog.h"

#include "app/gui/CaKeySetupDialog.h"
#include "app/gui/Job.h"
#include "app/gui/JobProgressDialog.h"
#include "app/gui/KeyBackupDialog.h"
#include "app/gui/KeyBackupsDialog.h"
#include "app/gui/Prompter.h"
#include "registry/Backup.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>

namespace tirkeu::gui {

void SettingsDialog::setUpCaKey() {
    const QString code = selectedCa();
    if (code.isEmpty())
        return;
    auto* dialog = new CaKeySetupDialog(m_reg, m_session, m_prompter, code, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CaKeySetupDialog::registerChanged, this, [this, code] {
        reload();
        selectCa(code);
        Q_EMIT registerChanged();
    });
    connect(dialog, &CaKeySetupDialog::setUpFinished, this, [this](bool ok) {
        if (ok)
            m_feedback->setText(static_cast<CaKeySetupDialog*>(sender())->resultText());
    });
    dialog->open();
}

void SettingsDialog::importCaCertificate() {
    const QString code = selectedCa();
    if (code.isEmpty())
        return;
    const QString title = tr("Import the certificate of the CA %1").arg(code);
    const QString file = m_prompter.openFileName(this, title, tr("Certificates (*.pem *.crt *.cer *.der)"));
    if (file.isEmpty())
        return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        done(makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(file), f.errorString())),
             title, QString());
        return;
    }
    auto imported = registry::CaEngine(m_reg).importCaCertificate(m_session, code, f.read(1 << 20));
    if (!imported) {
        done(imported.error(), title, QString());
        return;
    }
    QString text = tr("The CA %1 can now sign: certificate %2 valid until %3.")
                       .arg(code, imported->serialHex, registry::displayDate(imported->notAfter));
    if (!imported->parentCode.isEmpty())
        text += QLatin1Char(' ') + tr("Issued by the CA %1 of this register.").arg(imported->parentCode);
    done(Status(), title, text);
}

void SettingsDialog::backUpCaKey() {
    openKeyBackup(false);
}

void SettingsDialog::restoreCaKey() {
    openKeyBackup(true);
}

void SettingsDialog::openKeyBackup(bool restore) {
    const QString code = selectedCa();
    if (code.isEmpty())
        return;
    auto* dialog = new KeyBackupDialog(m_reg, m_session, m_prompter, code,
                                       restore ? KeyBackupDialog::Mode::Restore : KeyBackupDialog::Mode::Backup, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { done(Status(), dialog->windowTitle(), dialog->resultText()); });
    dialog->open();
}

void SettingsDialog::showKeyBackups() {
    const QString code = selectedCa();
    if (code.isEmpty())
        return;
    auto* dialog = new KeyBackupsDialog(m_reg, m_session, m_prompter, code, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void SettingsDialog::changeRole() {
    const QString login = selectedLogin();
    if (login.isEmpty())
        return;
    registry::Role role = registry::Role::Operator;
    registry::Roles::fromId(m_roleFor->currentData().toString(), &role);
    const QString title = tr("Change the role of %1").arg(login);
    if (!m_prompter.confirm(this, title,
                            tr("Give %1 the role %2? A session of %1 that is open now ends.")
                                .arg(login, registry::Roles::displayName(role))))
        return;
    done(m_reg.operators().setRole(m_session, login, role), title,
         tr("%1 now has the role %2.").arg(login, registry::Roles::displayName(role)));
}

bool SettingsDialog::jobSucceeded(Job& job, const QString& title) {
    JobProgressDialog::run(this, &job);
    if (job.status())
        return true;
    if (job.wasCancelled()) { // asked for: said inline, no error box
        m_message->hide();
        m_feedback->setText(job.status().message());
        return false;
    }
    done(job.status(), title, QString());
    return false;
}

void SettingsDialog::backUpRegister() {
    const QString title = tr("Back up the register");
    const QString suggested = QDir::home().filePath(
        QStringLiteral("tirkeu-backup-%1.sqlite").arg(m_reg.clock().now().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    const QString file = m_prompter.saveFileName(this, title, suggested, tr("Register backups (*.sqlite *.dump)"));
    if (file.isEmpty())
        return;
    // A large register takes a while to copy: in the background, the window stays live.
    const registry::Session session = m_session;
    auto outcome = std::make_shared<registry::BackupReport>();
    Job job(m_reg, tr("Backing up the register to %1…").arg(QDir::toNativeSeparators(file)), Job::Cancel::BetweenSteps,
            [=](Job::Context& context) -> Status {
                const registry::RunControl control = context.runControl();
                auto report = registry::Backup::backup(context.reg, session, file, &control);
                if (!report)
                    return report.error();
                *outcome = *report;
                return {};
            });
    if (!jobSucceeded(job, title))
        return;
    done(Status(), title,
         tr("The register is backed up to %1 (%2 bytes).")
             .arg(QDir::toNativeSeparators(outcome->file))
             .arg(outcome->bytes));
}

void SettingsDialog::restoreRegister() {
    const QString title = tr("Restore a register backup");
    const QString from = m_prompter.openFileName(this, title, tr("Register backups (*.sqlite *.dump);;All files (*)"));
    if (from.isEmpty())
        return;
    const QString to = m_prompter.saveFileName(
        this, tr("New register file for the restored backup"),
        QFileInfo(from).dir().filePath(QStringLiteral("restored-register.sqlite")), tr("Registers (*.sqlite)"));
    if (to.isEmpty())
        return;
    if (QFileInfo::exists(to)) {
        done(makeError(
                 ErrorCode::Conflict,
                 tr("%1 already exists; a backup is restored into a new file only.").arg(QDir::toNativeSeparators(to))),
             title, QString());
        return;
    }
    // The administrator signs for the restore on the backup itself (the new file has no one yet).
    const std::optional<QString> password = m_prompter.askPassword(
        this, title, tr("Your password (%1) as an administrator of the backup:").arg(m_session.login));
    if (!password)
        return;
    registry::RestoreOptions options;
    options.login = m_session.login;
    options.password = *password;
    options.clock = &m_reg.clock(); // the restore's event is dated as the window's register dates its events
    auto outcome = std::make_shared<registry::CopyReport>();
    Job job(m_reg, tr("Restoring the backup into %1…").arg(QDir::toNativeSeparators(to)), Job::Cancel::BetweenSteps,
            [=](Job::Context& context) mutable -> Status {
                const registry::RunControl control = context.runControl();
                options.control = &control;
                auto report = registry::Backup::restore(from, to, options);
                options.control = nullptr;
                options.password.fill(u'\0');
                if (!report)
                    return report.error();
                *outcome = *report;
                return {};
            });
    options.password.fill(u'\0');
    if (!jobSucceeded(job, title))
        return;
    done(Status(), title,
         tr("The backup %1 is restored into %2: %3 rows and %4 events checked. Open it from the sign-in window "
            "(Other register…).")
             .arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(to))
             .arg(outcome->total())
             .arg(outcome->auditEvents));
}

} // namespace tirkeu::gui
