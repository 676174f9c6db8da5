#include "app/gui/GuiApp.h"

#include "app/gui/FileDialogs.h"
#include "app/gui/FirstAdminDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MnemonicBridge.h"
#include "app/gui/RegisterCheck.h"
#include "app/gui/SignInDialog.h"
#include "app/gui/TodayPage.h"
#include "registry/Language.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "registry/RegisterLocation.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

namespace tirkeu::gui {

namespace {
int fail(const QString& title, const Error& error) {
    // Also on stderr: the program is often started from a terminal or a desktop file's log.
    std::fputs(qPrintable(QString(title + u": " + error.message + u'\n')), stderr);
    QMessageBox::critical(nullptr, title, error.message);
    return error.code == ErrorCode::Ok ? 1 : static_cast<int>(error.code);
}
} // namespace

QString GuiApp::startupLanguage() {
    // An explicit $TIRKEU_LANG wins; else the language chosen in the Language menu last time; else the
    // system's.
    if (!qEnvironmentVariableIsEmpty("TIRKEU_LANG"))
        return registry::Language::fromEnvironment();
    const QString remembered = MainWindow::rememberedLanguage();
    return remembered.isEmpty() ? registry::Language::fromEnvironment() : remembered;
}

int GuiApp::run(QApplication& app) {
    registry::Language::install(startupLanguage());
    MnemonicBridge::install(); // Cyrillic mnemonics from the Latin layout and back

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Tirkeu: the back office of a certification authority."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString defaultLocation = registry::RegisterLocation::defaultLocation();
    const QCommandLineOption dbOption(
        QStringList{QStringLiteral("db")},
        tr("The register to open: a SQLite file (created on first start) or postgresql://user@host:port/database. "
           "Default: $TIRKEU_DB, else %1.")
            .arg(defaultLocation),
        tr("PATH|URL"));
    parser.addOption(dbOption);
    if (!parser.parse(app.arguments()))
        return fail(tr("Tirkeu"), makeError(ErrorCode::Usage, parser.errorText()));
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    QString location = parser.value(dbOption);
    if (location.isEmpty())
        location = qEnvironmentVariable("TIRKEU_DB");
    if (location.isEmpty())
        location = defaultLocation;

    // The sign-in dialog may send the operator to another register (ConnectionDialog): open that one.
    std::unique_ptr<registry::Register> opened;
    std::optional<registry::Session> session;
    for (;;) {
        auto r = registry::Register::open(location, registry::Register::OpenMode::CreateOrUpgrade);
        if (!r)
            return fail(tr("Tirkeu cannot open the register"), r.error());
        opened = std::move(r.value());
        FileDialogs::setRegisterLocation(opened->location());
        // The register's check before its first write reads the whole file (seconds at millions of
        // certificates): it runs while the operator signs in, and is awaited (with progress) afterwards.
        opened->startDamageCheck();
        auto any = opened->operators().any();
        if (!any)
            return fail(tr("Tirkeu cannot read the register"), any.error());
        if (!*any) {
            FirstAdminDialog dialog(*opened);
            if (dialog.exec() != QDialog::Accepted)
                return 0;
            session = dialog.session();
            break;
        }
        SignInDialog dialog(*opened);
        const int result = dialog.exec();
        if (result == SignInDialog::ChangeRegister) {
            location = dialog.requestedLocation();
            continue;
        }
        if (result != QDialog::Accepted)
            return 0;
        session = dialog.session();
        break;
    }
    if (!session)
        return 0;
    registry::Register& reg = *opened;
    if (const QString damage = awaitRegisterCheck(reg); !damage.isEmpty()) {
        const QString text = tr("The register %1 is damaged (%2). Tirkeu opens it for reading only: nothing can be "
                                "saved. Ask the administrator to restore the last good backup.")
                                 .arg(reg.location(), damage);
        std::fputs(qPrintable(text + u'\n'), stderr);
        QMessageBox::warning(nullptr, tr("Tirkeu: damaged register"), text);
    }
    // A register moved by db migrate refuses every write, naming its new location (attack of session 28, F6).
    if (const QString moved = reg.movedTo(); !moved.isEmpty()) {
        const QString text = tr("The register %1 was moved to %2 (db migrate). Tirkeu opens it for reading only: "
                                "nothing can be saved. Open the register at %2 instead.")
                                 .arg(reg.location(), moved);
        std::fputs(qPrintable(text + u'\n'), stderr);
        QMessageBox::warning(nullptr, tr("Tirkeu: moved register"), text);
    } else if (const QString from = reg.unconfirmedMoveFrom(); !from.isEmpty()) {
        const QString text = tr("The register %1 is the copy of %2 that a db migrate was making when it stopped. "
                                "Tirkeu opens it for reading only: nothing can be saved. Ask the administrator to run "
                                "the same db migrate again.")
                                 .arg(reg.location(), from);
        std::fputs(qPrintable(text + u'\n'), stderr);
        QMessageBox::warning(nullptr, tr("Tirkeu: moved register"), text);
    }

    // Sign out closes the window and shows the sign-in dialog again, on the same register.
    for (;;) {
        auto window = std::make_unique<MainWindow>(reg, *session);
        window->tabs()->setCurrentWidget(window->todayPage()); // a day's work at a glance first
        window->show();
        const int rc = app.exec();
        if (!window->signedOut())
            return rc;
        window.reset();
        SignInDialog dialog(reg);
        if (dialog.exec() != QDialog::Accepted) // no register change while signed in: same register
            return 0;
        session = dialog.session();
        if (!session)
            return 0;
    }
}

} // namespace tirkeu::gui
