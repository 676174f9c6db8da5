#pragma once
// The one GUI harness of the widget tests (offscreen): a Prompter that answers the windows'
// questions without a modal event loop and remembers what was shown, typing of any text (Cyrillic
// included), named children, screenshots when $TIRKEU_SCREENSHOT_DIR is set, and waiting for a
// background job. Part of the tirkeu_test_gui library.

#include "app/gui/Prompter.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <QSize>

#include <memory>
#include <optional>

class QDialog;
class QPushButton;
class QWidget;

namespace tirkeu::gui {
class ApplicationQueuePage;
class EntryActions;
class MainWindow;
class RegisterActions;
} // namespace tirkeu::gui

namespace tirkeu::registry {
class Register;
struct Session;
} // namespace tirkeu::registry

namespace tirkeu::test {

class AnsweringPrompter final : public gui::Prompter {
public:
    QStringList errors;    // every error shown
    QStringList questions; // every question, text and password label asked
    bool confirmAnswer = true;
    int actionAnswer = 0;       // the button askAction answers (an index into its buttons)
    QStringList actionsOffered; // the buttons of the last askAction
    std::optional<QString> textAnswer;
    std::optional<QString> passwordAnswer;
    std::optional<ChoiceAnswer> choiceAnswer;
    QStringList choicesOffered; // the choices of the last askChoice
    int passwordAsked = 0;
    QString openAnswer;
    QStringList saveAnswers; // taken in order; none left: cancelled
    std::optional<QString> directoryAnswer;

    void showError(QWidget*, const QString&, const QString& message) override;
    bool confirm(QWidget*, const QString&, const QString& question) override;
    int askAction(QWidget*, const QString&, const QString& question, const QStringList& buttons) override;
    std::optional<QString> askText(QWidget*, const QString&, const QString& label) override;
    std::optional<QString> askPassword(QWidget*, const QString&, const QString& label) override;
    std::optional<ChoiceAnswer> askChoice(QWidget*, const QString&, const QString& label, const QStringList& choices,
                                          const QString&) override;
    QString openFileName(QWidget*, const QString&, const QString&) override;
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override;
    std::optional<QString> chooseDirectory(QWidget*, const QString&, const QString&) override;
};

// Cyrillic cannot go through QTest::keyClicks (Latin-1 only): one key event per character, to the
// widget, which gets the focus first.
void typeText(QWidget* widget, const QString& text);

template <typename T> T* child(QObject* parent, const QString& name) {
    return parent->findChild<T*>(name);
}
template <typename T> T* child(QObject* parent, const char* name) {
    return parent->findChild<T*>(QString::fromLatin1(name));
}

// Saves widget as $TIRKEU_SCREENSHOT_DIR/<name>.png (nothing without the variable), after the posted
// layout requests have settled as they would in the running application.
void snapshot(QWidget* widget, const QString& name);

// The OK button of a dialog's button box (nullptr when it has none).
QPushButton* okButton(QDialog* dialog);

// The main window a test drives: its own AnsweringPrompter (owned by the window, kept here to answer and
// read the questions) and its parts. Tests that destroy it include app/gui/MainWindow.h.
struct TestWindow {
    std::unique_ptr<gui::MainWindow> window;
    AnsweringPrompter* prompter = nullptr;
    gui::EntryActions* entry() const;
    gui::ApplicationQueuePage* queue() const;
    gui::RegisterActions* actions() const;
};
// A main window on `reg` for `session`, shown and exposed (resized to `size` first when it is valid).
TestWindow openMainWindow(registry::Register& reg, const registry::Session& session, const QSize& size = {});

} // namespace tirkeu::test
