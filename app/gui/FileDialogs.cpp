#include "app/gui/FileDialogs.h"

#include <QDir>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>

namespace tirkeu::gui {

namespace {

QString& registerFolder() {
    static QString folder;
    return folder;
}

// Icons and type names from the file name and kind alone: QFileIconProvider would ask QMimeDatabase,
// which opens a file whose name it cannot place to read its first bytes.
class NameOnlyIconProvider : public QFileIconProvider {
public:
    NameOnlyIconProvider() { setOptions(QFileIconProvider::DontUseCustomDirectoryIcons); }
    QIcon icon(IconType type) const override { return QFileIconProvider::icon(type); }
    QIcon icon(const QFileInfo& info) const override {
        if (info.isRoot())
            return QFileIconProvider::icon(QFileIconProvider::Drive);
        return QFileIconProvider::icon(info.isDir() ? QFileIconProvider::Folder : QFileIconProvider::File);
    }
    QString type(const QFileInfo& info) const override {
        if (info.isDir())
            return FileDialogs::tr("Folder");
        const QString suffix = info.suffix();
        return suffix.isEmpty() ? FileDialogs::tr("File") : FileDialogs::tr("%1 file").arg(suffix.toUpper());
    }
};

QFileIconProvider* nameOnlyIcons() {
    static NameOnlyIconProvider provider; // lives as long as the program; dialogs only borrow it
    return &provider;
}

} // namespace

void FileDialogs::setRegisterLocation(const QString& location) {
    registerFolder() = location.contains(u"://") ? QString() : QFileInfo(location).absolutePath();
}

QString FileDialogs::startIn(const QString& wanted) {
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString fallback = documents.isEmpty() ? QDir::homePath() : documents;
    if (wanted.isEmpty())
        return registerFolder().isEmpty() || QDir(fallback) != QDir(registerFolder()) ? fallback : QDir::homePath();
    if (QDir::isRelativePath(wanted)) // a bare suggested name: in the documents folder, never the working one
        return QDir(startIn(QString())).filePath(wanted);
    const QFileInfo info(wanted);
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    if (!registerFolder().isEmpty() && QDir(folder) == QDir(registerFolder())) {
        const QString start = QDir(fallback) == QDir(registerFolder()) ? QDir::homePath() : fallback;
        return info.isDir() ? start : QDir(start).filePath(info.fileName());
    }
    return wanted;
}

QFileDialog* FileDialogs::create(QWidget* parent, QFileDialog::FileMode mode, QFileDialog::AcceptMode accept,
                                 const QString& title, const QString& start, const QString& filter) {
    auto* dialog = new QFileDialog(parent, title);
    dialog->setOptions(QFileDialog::DontUseNativeDialog | QFileDialog::DontUseCustomDirectoryIcons |
                       (mode == QFileDialog::Directory ? QFileDialog::ShowDirsOnly : QFileDialog::Options()));
    dialog->setIconProvider(nameOnlyIcons());
    dialog->setFileMode(mode);
    dialog->setAcceptMode(accept);
    if (!filter.isEmpty())
        dialog->setNameFilter(filter);
    const QString where = startIn(start);
    const QFileInfo info(where);
    if (!where.isEmpty() && !info.isDir() && accept == QFileDialog::AcceptSave) {
        dialog->setDirectory(info.absolutePath());
        dialog->selectFile(info.fileName());
    } else {
        dialog->setDirectory(info.isDir() ? info.absoluteFilePath() : info.absolutePath());
    }
    return dialog;
}

namespace {
QString runModal(QFileDialog* dialog) {
    QPointer<QFileDialog> guard(dialog);
    const int result = dialog->exec();
    if (!guard)
        return {};
    const QStringList chosen = dialog->selectedFiles();
    delete dialog;
    return result == QDialog::Accepted && !chosen.isEmpty() ? chosen.first() : QString();
}
} // namespace

QString FileDialogs::openFileName(QWidget* parent, const QString& title, const QString& filter, const QString& start) {
    return runModal(create(parent, QFileDialog::ExistingFile, QFileDialog::AcceptOpen, title, start, filter));
}

QString FileDialogs::saveFileName(QWidget* parent, const QString& title, const QString& suggested,
                                  const QString& filter) {
    return runModal(create(parent, QFileDialog::AnyFile, QFileDialog::AcceptSave, title, suggested, filter));
}

QString FileDialogs::existingDirectory(QWidget* parent, const QString& title, const QString& start) {
    return runModal(create(parent, QFileDialog::Directory, QFileDialog::AcceptOpen, title, start, QString()));
}

} // namespace tirkeu::gui
