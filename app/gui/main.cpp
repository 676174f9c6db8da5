#include "app/gui/GuiApp.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("tirkeu"));
    QApplication::setApplicationName(QStringLiteral("tirkeu"));
    QApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));
    return tirkeu::gui::GuiApp::run(app);
}
