#pragma once
// The questions and messages the windows put to the user, behind one small interface so that tests
// answer them without a modal event loop (the default implementation uses QMessageBox/QInputDialog).

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace tirkeu::gui {

class Prompter {
public:
    virtual ~Prompter() = default;
    virtual void showError(QWidget* parent, const QString& title, const QString& message);
    virtual bool confirm(QWidget* parent, const QString& title, const QString& question);
    // A question answered by one of `buttons`: the first is the default (Enter), the last is what Esc
    // and the window's close button answer. Returns the index of the button chosen.
    virtual int askAction(QWidget* parent, const QString& title, const QString& question, const QStringList& buttons);
    // Multi-line text, e.g. a rejection reason; std::nullopt when the user cancels.
    virtual std::optional<QString> askText(QWidget* parent, const QString& title, const QString& label);
    // One of `choices` (a closed list, e.g. the grounds of refusal) and an optional note; the index of
    // the choice and the note, std::nullopt when the user cancels.
    struct ChoiceAnswer {
        int index = -1;
        QString note;
    };
    virtual std::optional<ChoiceAnswer> askChoice(QWidget* parent, const QString& title, const QString& label,
                                                  const QStringList& choices, const QString& noteLabel);
    // A secret typed without echo (the CA key passphrase); std::nullopt when the user cancels.
    virtual std::optional<QString> askPassword(QWidget* parent, const QString& title, const QString& label);
    // A file to read / a file name to write; empty when the user cancels. filter as in QFileDialog.
    virtual QString openFileName(QWidget* parent, const QString& title, const QString& filter);
    virtual QString saveFileName(QWidget* parent, const QString& title, const QString& suggested,
                                 const QString& filter);
    // An existing folder; std::nullopt when the user cancels.
    virtual std::optional<QString> chooseDirectory(QWidget* parent, const QString& title, const QString& start);
};

} // namespace tirkeu::gui
