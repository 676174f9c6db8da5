#include "app/cli/CliApp.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    return tirkeu::cli::CliApp::main(argc, argv);
}
