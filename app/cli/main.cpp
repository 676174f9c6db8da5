#include "app/cli/CliApp.h"

#include <QGuiApplication>

int main(int argc, char** argv) {
    // Printing (reports, forms) needs QtGui's fonts, not a display: tirkeu-cli runs from cron and over
    // ssh, so it always uses the offscreen platform unless told otherwise. It never links QtWidgets.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    return tirkeu::cli::CliApp::main(argc, argv);
}
