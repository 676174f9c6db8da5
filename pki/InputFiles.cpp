#include "pki/InputFiles.h"

#include <QDir>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tirkeu::pki {

Status InputFiles::openRegular(QFile& file, const QString& path) {
    const QString shown = QDir::toNativeSeparators(path);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(shown, qt_error_string(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::Invalid, tr("Cannot read %1: it is not a regular file (a folder, a device or a "
                                                "pipe), and only a file is read.")
                                                 .arg(shown));
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ||
        !file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        const QString why = file.errorString();
        ::close(fd);
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(shown, why));
    }
    return {};
}

Result<QByteArray> InputFiles::read(const QString& path, qint64 maxBytes) {
    QFile file;
    if (Status s = openRegular(file, path); !s)
        return s.error();
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return makeError(ErrorCode::Invalid, tr("%1 holds more than %2 KiB, more than such a file ever needs: it is "
                                                "not read.")
                                                 .arg(QDir::toNativeSeparators(path))
                                                 .arg(maxBytes / 1024));
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io,
                         tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return bytes;
}

} // namespace tirkeu::pki
