#include "registry/StagingFolder.h"

#include "pki/FileModes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tirkeu::registry {

namespace {

const QString kRestorePrefix = QStringLiteral("tirkeu-restore-");
const QString kSchemaPrefix = QStringLiteral("tirkeu-schema-");

// Empties the folder open as `fd` without ever following a symbolic link: each entry is removed by its name within
// the folder (a link as a link), a sub-folder opened with O_NOFOLLOW and emptied the same way first.
bool emptyFolder(int fd, int depth = 0) {
    if (depth > 4)
        return false; // a restore makes no sub-folders
    const int listing = ::dup(fd);
    DIR* dir = listing >= 0 ? ::fdopendir(listing) : nullptr;
    if (!dir) {
        if (listing >= 0)
            ::close(listing);
        return false;
    }
    bool emptied = true;
    while (const dirent* entry = ::readdir(dir)) {
        const char* name = entry->d_name;
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0)
            continue;
        if (::unlinkat(fd, name, 0) == 0)
            continue;
        const int sub = ::openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
            emptied = false;
            continue;
        }
        emptied = emptyFolder(sub, depth + 1) && emptied;
        ::close(sub);
        if (::unlinkat(fd, name, AT_REMOVEDIR) != 0)
            emptied = false;
    }
    ::closedir(dir);
    return emptied;
}

// True when process `pid` (at most 7 digits: Linux's highest) runs, also another user's (kill() answers EPERM).
bool processRuns(qint64 pid) {
    return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
}

} // namespace

StagingFolder::StagingFolder(Purpose purpose) {
    const QString& prefix = purpose == Purpose::Restore ? kRestorePrefix : kSchemaPrefix;
    QByteArray name =
        QFile::encodeName(QDir::tempPath() + u'/' + prefix + QString::number(QCoreApplication::applicationPid()) +
                          QStringLiteral("-XXXXXX"));
    if (!::mkdtemp(name.data())) // 0700
        return;
    m_path = QFile::decodeName(name);
    const int fd = ::open(name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::fchmod(fd, pki::FileModes::kPrivateFolder) != 0) {
        if (fd >= 0)
            ::close(fd);
        ::rmdir(name.constData());
        m_path.clear();
        return;
    }
    m_lock = fd;
}

StagingFolder::~StagingFolder() {
    if (m_lock < 0)
        return;
    emptyFolder(m_lock);
    ::rmdir(QFile::encodeName(m_path).constData());
    ::close(m_lock);
}

QString StagingFolder::filePath(const QString& name) const {
    return m_path + u'/' + name;
}

QStringList StagingFolder::removeStale(Purpose purpose) {
    const QString& prefix = purpose == Purpose::Restore ? kRestorePrefix : kSchemaPrefix;
    const QRegularExpression own(u'^' + prefix + QStringLiteral("([1-9][0-9]{0,6})-[A-Za-z0-9]{6}$"));
    const QString base = QDir::tempPath();
    QStringList removed;
    const int top = ::open(QFile::encodeName(base).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (top < 0)
        return removed;
    const QStringList candidates =
        QDir(base).entryList({prefix + u'*'}, QDir::Dirs | QDir::NoSymLinks | QDir::NoDotAndDotDot);
    for (const QString& name : candidates) {
        const auto match = own.match(name);
        if (!match.hasMatch() || processRuns(match.captured(1).toLongLong()))
            continue;
        const QByteArray entry = QFile::encodeName(name);
        // Checked on what is opened, never followed: a link or anything but a folder is refused by the open itself.
        const int fd = ::openat(top, entry.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st {};
        const bool ours = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
                          (st.st_mode & 07777) == pki::FileModes::kPrivateFolder;
        // The lock of a run that goes on (in another process namespace, or in the moment between its mkdtemp and its
        // lock, which the process check covers) keeps the folder.
        if (ours && ::flock(fd, LOCK_EX | LOCK_NB) == 0 && emptyFolder(fd) &&
            ::unlinkat(top, entry.constData(), AT_REMOVEDIR) == 0)
            removed << QDir(base).filePath(name);
        ::close(fd);
    }
    ::close(top);
    return removed;
}

} // namespace tirkeu::registry
