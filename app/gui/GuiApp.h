#pragma once
// The start of the desktop program: command line, opening (or creating) the register, the way in
// (first administrator or sign-in) and the main window. main.cpp only builds the QApplication.

#include <QCoreApplication>

class QApplication;

namespace tirkeu::gui {

class GuiApp {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::gui::GuiApp)
public:
    static int run(QApplication& app);
    // The interface language at start: $TIRKEU_LANG, else the one remembered from the Language menu,
    // else the system's.
    static QString startupLanguage();
};

} // namespace tirkeu::gui
