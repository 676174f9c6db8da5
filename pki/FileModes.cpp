#include "pki/FileModes.h"

#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>

#include <cerrno>
#include <sys/stat.h>

namespace tirkeu::pki {

bool FileModes::makeFolders(const QString& dir, unsigned mode) {
    const QString absolute = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (QFileInfo(absolute).isDir())
        return true;
    // From the top down: the first missing folder and every one below it are created here.
    const QStringList parts = absolute.split(u'/', Qt::SkipEmptyParts);
    QString path;
    for (const QString& part : parts) {
        path += u'/' + part;
        const QByteArray name = QFile::encodeName(path);
        if (::mkdir(name.constData(), mode_t(mode)) != 0 && errno != EEXIST)
            return false;
    }
    return QFileInfo(absolute).isDir();
}

bool FileModes::narrow(QFileDevice& file, unsigned most) {
    const int fd = file.handle();
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0)
        return false;
    const mode_t wanted = st.st_mode & mode_t(most) & 07777;
    return (st.st_mode & 07777) == wanted || ::fchmod(fd, wanted) == 0;
}

} // namespace tirkeu::pki
