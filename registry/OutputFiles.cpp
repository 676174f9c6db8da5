#include "registry/OutputFiles.h"

#include "pki/Certificate.h"
#include "pki/FileModes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tirkeu::registry {

namespace {

QString errnoText() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

// rename() that never replaces the target (renameat2 RENAME_NOREPLACE; link+unlink where the file
// system lacks it).
bool renameNoReplace(const QByteArray& from, const QByteArray& to) {
#ifdef RENAME_NOREPLACE
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS)
        return false;
#endif
    if (::link(from.constData(), to.constData()) != 0)
        return false;
    ::unlink(from.constData());
    return true;
}

} // namespace

Status OutputFiles::checkNew(const QString& path) {
    if (path.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("No file name given."));
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink())
        return makeError(ErrorCode::Conflict,
                         tr("The file %1 already exists; it is not replaced.").arg(QDir::toNativeSeparators(path)));
    return {};
}

bool OutputFiles::isDerPath(const QString& path) {
    return path.endsWith(u".der", Qt::CaseInsensitive) || path.endsWith(u".cer", Qt::CaseInsensitive);
}

Status OutputFiles::writeNew(const QString& path, const QByteArray& bytes, FileSecrecy secrecy) {
    if (Status s = checkNew(path); !s)
        return s;
    const QFileInfo target(path);
    const QString dir = target.absolutePath();
    if (!pki::FileModes::makeFolders(dir, secrecy == FileSecrecy::Public ? pki::FileModes::kPublicFolder
                                                                         : pki::FileModes::kPrivateFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(dir)));
    const QByteArray finalName = QFile::encodeName(target.absoluteFilePath());
    const QByteArray tempName = finalName + ".tmp-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const bool ownerOnly = secrecy != FileSecrecy::Public;
    const mode_t mode = ownerOnly ? 0600 : 0644;
    const int fd = ::open(tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return makeError(ErrorCode::Io, tr("Cannot create %1: %2").arg(QFile::decodeName(tempName), errnoText()));
    const auto fail = [&](const QString& what) {
        const QString message = tr("Cannot write %1: %2 (%3)").arg(QDir::toNativeSeparators(path), what, errnoText());
        ::unlink(tempName.constData());
        return makeError(ErrorCode::Io, message);
    };
    if (ownerOnly && ::fchmod(fd, 0600) != 0) { // whatever the umask
        ::close(fd);
        return fail(tr("cannot restrict its permissions"));
    }
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            return fail(tr("write failed"));
        }
        done += n;
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return fail(tr("fsync failed"));
    }
    if (::close(fd) != 0)
        return fail(tr("close failed"));
    if (!renameNoReplace(tempName, finalName)) {
        if (errno == EEXIST) {
            ::unlink(tempName.constData());
            return makeError(
                ErrorCode::Conflict,
                tr("The file %1 appeared meanwhile; it is not replaced.").arg(QDir::toNativeSeparators(path)));
        }
        return fail(tr("rename failed"));
    }
    // The new directory entry must be durable too.
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

namespace {
Status refuseLink(const QString& path) {
    if (QFileInfo(path).isSymLink()) // also a dangling one
        return makeError(ErrorCode::Conflict,
                         OutputFiles::tr("%1 is a symbolic link: a document is never written through one "
                                         "(it would land where the link points). Choose another name.")
                             .arg(QDir::toNativeSeparators(path)));
    return {};
}
} // namespace

Status OutputFiles::openPublic(QSaveFile& file) {
    if (Status s = refuseLink(file.fileName()); !s)
        return s;
    const QString path = QDir::toNativeSeparators(file.fileName());
    if (!pki::FileModes::makeFolders(QFileInfo(file.fileName()).absolutePath(), pki::FileModes::kPublicFolder) ||
        !file.open(QIODevice::WriteOnly) || !pki::FileModes::narrow(file)) {
        const Error e = makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
        file.cancelWriting();
        return e;
    }
    return {};
}

Status OutputFiles::openOwnerOnly(QSaveFile& file) {
    const QString path = QDir::toNativeSeparators(file.fileName());
    if (Status s = refuseLink(file.fileName()); !s)
        return s;
    if (!pki::FileModes::makeFolders(QFileInfo(file.fileName()).absolutePath(), pki::FileModes::kPrivateFolder) ||
        !file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
    if (file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return {};
    const Error e =
        makeError(ErrorCode::Io, tr("Cannot make %1 readable by its owner only: %2").arg(path, file.errorString()));
    file.cancelWriting();
    return e;
}

Status OutputFiles::moveNew(const QString& from, const QString& to) {
    if (Status s = checkNew(to); !s)
        return s;
    if (!renameNoReplace(QFile::encodeName(from), QFile::encodeName(to)))
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(to), errnoText()));
    return {};
}

Status OutputFiles::writeCertificate(const QString& path, const QByteArray& der) {
    if (Status s = checkNew(path); !s)
        return s;
    QByteArray bytes = der;
    if (!isDerPath(path)) {
        auto cert = pki::Certificate::parse(der);
        if (!cert)
            return cert.error();
        bytes = cert->pem();
    }
    return writeNew(path, bytes, FileSecrecy::Public);
}

} // namespace tirkeu::registry
