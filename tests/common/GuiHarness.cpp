#include "common/GuiHarness.h"

#include "app/gui/MainWindow.h"
#include "app/gui/RegisterActions.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QPixmap>
#include <QPushButton>
#include <QTest>
#include <QWidget>

namespace tirkeu::test {

void AnsweringPrompter::showError(QWidget*, const QString&, const QString& message) {
    errors << message;
}

bool AnsweringPrompter::confirm(QWidget*, const QString&, const QString& question) {
    questions << question;
    return confirmAnswer;
}

int AnsweringPrompter::askAction(QWidget*, const QString&, const QString& question, const QStringList& buttons) {
    questions << question;
    actionsOffered = buttons;
    return actionAnswer;
}

std::optional<QString> AnsweringPrompter::askText(QWidget*, const QString&, const QString& label) {
    questions << label;
    return textAnswer;
}

std::optional<gui::Prompter::ChoiceAnswer> AnsweringPrompter::askChoice(QWidget*, const QString&, const QString& label,
                                                                        const QStringList& choices, const QString&) {
    questions << label;
    choicesOffered = choices;
    return choiceAnswer;
}

std::optional<QString> AnsweringPrompter::askPassword(QWidget*, const QString&, const QString& label) {
    questions << label;
    ++passwordAsked;
    return passwordAnswer;
}

QString AnsweringPrompter::openFileName(QWidget*, const QString&, const QString&) {
    return openAnswer;
}

QString AnsweringPrompter::saveFileName(QWidget*, const QString&, const QString&, const QString&) {
    return saveAnswers.isEmpty() ? QString() : saveAnswers.takeFirst();
}

std::optional<QString> AnsweringPrompter::chooseDirectory(QWidget*, const QString&, const QString&) {
    return directoryAnswer;
}

void typeText(QWidget* widget, const QString& text) {
    widget->setFocus();
    for (QChar ch : text)
        QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(ch), Qt::NoModifier);
}

QPushButton* okButton(QDialog* dialog) {
    auto* box = dialog->findChild<QDialogButtonBox*>();
    return box ? box->button(QDialogButtonBox::Ok) : nullptr;
}

void snapshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TIRKEU_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::sendPostedEvents();
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name + u".png");
    if (!widget->grab().save(path))
        qWarning("could not save %s", qPrintable(path));
}

gui::EntryActions* TestWindow::entry() const {
    return window->entryActions();
}

gui::ApplicationQueuePage* TestWindow::queue() const {
    return window->queuePage();
}

gui::RegisterActions* TestWindow::actions() const {
    return child<gui::RegisterActions>(window.get(), "registerActions");
}

TestWindow openMainWindow(registry::Register& reg, const registry::Session& session, const QSize& size) {
    auto prompter = std::make_unique<AnsweringPrompter>();
    TestWindow w;
    w.prompter = prompter.get();
    w.window = std::make_unique<gui::MainWindow>(reg, session, std::move(prompter));
    if (size.isValid())
        w.window->resize(size);
    w.window->show();
    if (!QTest::qWaitForWindowExposed(w.window.get()))
        qWarning("the main window was not exposed");
    return w;
}

} // namespace tirkeu::test
