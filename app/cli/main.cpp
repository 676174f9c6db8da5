#include "app/cli/CliApp.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <unistd.h>

#include <memory>

// Printing (reports, forms, paper certificates) and PDF import need QtGui's fonts and painter, not a
// display: each command says so itself (Command::needsGui). Everything else — the cron CRL job above
// all — runs on a plain QCoreApplication, so no platform plugin is loaded and nothing but the
// command's own output reaches stdout/stderr.

int main(int argc, char** argv) {
    std::unique_ptr<QCoreApplication> app;
    if (tirkeu::cli::CliApp::needsGui(argc, argv)) {
        // tirkeu-cli runs from cron and over ssh: the offscreen platform unless told otherwise, and a
        // private runtime folder rather than a warning about a missing XDG_RUNTIME_DIR.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QByteArray dir =
                QFile::encodeName(QDir::tempPath()) + "/tirkeu-runtime-" + QByteArray::number(getuid());
            if (QDir().mkpath(QFile::decodeName(dir)) &&
                QFile::setPermissions(QFile::decodeName(dir),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
                qputenv("XDG_RUNTIME_DIR", dir);
        }
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    return tirkeu::cli::CliApp::main(argc, argv);
}
