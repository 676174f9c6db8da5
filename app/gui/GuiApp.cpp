#include "app/gui/GuiApp.h"

#include "app/gui/FirstAdminDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/SignInDialog.h"
#include "registry/Database.h"
#include "registry/Language.h"
#include "registry/Operators.h"
#include "registry/Register.h"

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

int GuiApp::run(QApplication& app) {
    registry::Language::install(registry::Language::fromEnvironment());

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Tirkeu: the back office of a certification authority."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString defaultLocation = registry::Database::defaultLocation();
    const QCommandLineOption dbOption(
        QStringList{QStringLiteral("db")},
        tr("The register to open, a SQLite file; created on first start. Default: $TIRKEU_DB, else %1.")
            .arg(defaultLocation),
        tr("PATH"));
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

    auto opened = registry::Register::open(location, registry::Register::OpenMode::CreateOrUpgrade);
    if (!opened)
        return fail(tr("Tirkeu cannot open the register"), opened.error());
    registry::Register& reg = *opened.value();

    auto any = reg.operators().any();
    if (!any)
        return fail(tr("Tirkeu cannot read the register"), any.error());
    std::optional<registry::Session> session;
    if (!*any) {
        FirstAdminDialog dialog(reg);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        session = dialog.session();
    } else {
        SignInDialog dialog(reg);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        session = dialog.session();
    }
    if (!session)
        return 0;

    MainWindow window(reg, *session);
    window.show();
    return app.exec();
}

} // namespace tirkeu::gui
