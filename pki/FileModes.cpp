#include "pki/FileModes.h"

#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool FileModes::ownPrivateFolder(const QString& path) {
    const QByteArray name = QFile::encodeName(path);
    if (name.isEmpty() || (::mkdir(name.constData(), 0700) != 0 && errno != EEXIST))
        return false;
    // Checked on what was opened, never followed: O_NOFOLLOW refuses a link, O_DIRECTORY anything but a folder.
    const int fd = ::open(name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st {};
    const bool own = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
                     (st.st_mode & 0077) == 0 && (st.st_mode & 0700) == 0700;
    ::close(fd);
    return own;
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
