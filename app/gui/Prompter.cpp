#include "app/gui/Prompter.h"

#include "app/gui/FileDialogs.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>

namespace tirkeu::gui {

void Prompter::showError(QWidget* parent, const QString& title, const QString& message) {
    QMessageBox::warning(parent, title, message);
}

bool Prompter::confirm(QWidget* parent, const QString& title, const QString& question) {
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) ==
           QMessageBox::Yes;
}

int Prompter::askAction(QWidget* parent, const QString& title, const QString& question, const QStringList& buttons) {
    if (buttons.isEmpty())
        return -1;
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, parent);
    QList<QPushButton*> added;
    for (int i = 0; i < buttons.size(); ++i) {
        const bool last = i == buttons.size() - 1;
        added << box.addButton(buttons.at(i), last ? QMessageBox::RejectRole : QMessageBox::AcceptRole);
    }
    box.setDefaultButton(added.first());
    box.setEscapeButton(added.last());
    box.exec();
    const int chosen = int(added.indexOf(qobject_cast<QPushButton*>(box.clickedButton())));
    return chosen < 0 ? int(buttons.size()) - 1 : chosen;
}

std::optional<QString> Prompter::askText(QWidget* parent, const QString& title, const QString& label) {
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(parent, title, label, QString(), &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

std::optional<Prompter::ChoiceAnswer> Prompter::askChoice(QWidget* parent, const QString& title, const QString& label,
                                                          const QStringList& choices, const QString& noteLabel) {
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto* form = new QFormLayout(&dialog);
    auto* combo = new QComboBox(&dialog);
    combo->setObjectName(QStringLiteral("choice"));
    combo->addItems(choices);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* note = new QPlainTextEdit(&dialog);
    note->setObjectName(QStringLiteral("note"));
    note->setTabChangesFocus(true);
    form->addRow(label, combo);
    form->addRow(noteLabel, note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return ChoiceAnswer{combo->currentIndex(), note->toPlainText()};
}

std::optional<QString> Prompter::askPassword(QWidget* parent, const QString& title, const QString& label) {
    bool ok = false;
    const QString text = QInputDialog::getText(parent, title, label, QLineEdit::Password, QString(), &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

QString Prompter::openFileName(QWidget* parent, const QString& title, const QString& filter) {
    return FileDialogs::openFileName(parent, title, filter);
}

QString Prompter::saveFileName(QWidget* parent, const QString& title, const QString& suggested, const QString& filter) {
    return FileDialogs::saveFileName(parent, title, suggested, filter);
}

std::optional<QString> Prompter::chooseDirectory(QWidget* parent, const QString& title, const QString& start) {
    const QString dir = FileDialogs::existingDirectory(parent, title, start);
    if (dir.isEmpty())
        return std::nullopt;
    return dir;
}

} // namespace tirkeu::gui
