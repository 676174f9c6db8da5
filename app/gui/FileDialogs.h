#pragma once
// Every file dialog of the GUI comes from here. A SQLite register shared with other processes (cron
// CRL job, tirkeu-cli) is damaged when this process opens and closes one of the register's files
// outside SQLite: POSIX locks belong to the process, and closing ANY descriptor of a file drops all
// of the process's locks on it (issue 12, item 8). Qt's file dialog opens files to choose an icon or
// a type (MIME sniffing of names it cannot place, such as register.sqlite-wal); these dialogs list a
// folder with stat() only: an icon provider that never reads a file, and never the platform's native
// dialog (which runs its own sniffing in this process). They also never start in the register's folder.

#include <QCoreApplication>
#include <QFileDialog>
#include <QString>

class QWidget;

namespace tirkeu::gui {

class FileDialogs {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::gui::FileDialogs)
public:
    // The open register's location (GuiApp): its folder is never a dialog's starting folder.
    static void setRegisterLocation(const QString& location);
    // `wanted` (a folder, or a file name whose folder is meant), unless that is the register's folder:
    // then the user's documents folder.
    static QString startIn(const QString& wanted);

    // A dialog set up as above (not shown): tests and the helpers below use it.
    static QFileDialog* create(QWidget* parent, QFileDialog::FileMode mode, QFileDialog::AcceptMode accept,
                               const QString& title, const QString& start, const QString& filter);

    // Modal helpers; an empty string when the user cancels.
    static QString openFileName(QWidget* parent, const QString& title, const QString& filter,
                                const QString& start = {});
    static QString saveFileName(QWidget* parent, const QString& title, const QString& suggested, const QString& filter);
    static QString existingDirectory(QWidget* parent, const QString& title, const QString& start);
};

} // namespace tirkeu::gui
