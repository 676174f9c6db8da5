#include "app/cli/CliApp.h"
#include "pki/FileModes.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <cstdlib>
#include <unistd.h>

#include <memory>

// Printing (reports, forms, paper certificates) and PDF import need QtGui's fonts and painter, not a
// display: each command says so itself (Command::needsGui). Everything else — the cron CRL job above
// all — runs on a plain QCoreApplication, so no platform plugin is loaded and nothing but the
// command's own output reaches stdout/stderr.

int main(int argc, char** argv) {
    std::unique_ptr<QCoreApplication> app;
    QString ownRuntime; // a runtime folder made for this run alone
    if (tirkeu::cli::CliApp::needsGui(argc, argv)) {
        // tirkeu-cli runs from cron and over ssh: the offscreen platform unless told otherwise, and a
        // private runtime folder rather than a warning about a missing XDG_RUNTIME_DIR.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            // $TMPDIR/tirkeu-runtime-<uid> only when it is this user's own private folder (pki/FileModes.h): in a
            // shared folder another user may have planted a link or a folder there. Otherwise a new private folder
            // of this run, removed at its end.
            const QString dir = QDir::tempPath() + QStringLiteral("/tirkeu-runtime-") + QString::number(getuid());
            if (tirkeu::pki::FileModes::ownPrivateFolder(dir)) {
                qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
            } else {
                QByteArray own = QFile::encodeName(dir) + "-XXXXXX";
                if (::mkdtemp(own.data())) {
                    qputenv("XDG_RUNTIME_DIR", own);
                    ownRuntime = QFile::decodeName(own);
                }
            }
        }
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    const int code = tirkeu::cli::CliApp::main(argc, argv);
    app.reset();
    if (!ownRuntime.isEmpty())
        QDir(ownRuntime).removeRecursively();
    return code;
}
