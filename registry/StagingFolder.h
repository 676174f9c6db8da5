#pragma once
// The private folder where db restore reads and checks a backup before anything is written where the register is
// (registry/BackupRestore.cpp): a full copy of the backup — every holder's personal data — and the reference register
// its schema is compared with. Attack of session 29 (F9): a restore killed there (SIGKILL, a power loss, the OOM
// killer) left that copy in /tmp for good under QTemporaryDir's anonymous name tirkeu-XXXXXX, outside the register,
// its retention and the operator's view, and nothing removed it.
// The folder is $TMPDIR/tirkeu-restore-<process id>-XXXXXX, made by mkdtemp (0700, this user's), and held with an
// exclusive lock (flock, released by the kernel however the process ends) for as long as the restore runs; it is
// removed when the restore ends. Every restore first removes the folders of restores that were stopped: a folder
// whose name is exactly of that form, that is a real folder (never a symbolic link, never followed), this user's and
// closed to others, whose process no longer runs and whose lock nobody holds. Anything else is left alone: another
// name, another user's folder, the folder of a process that still runs (a process id since taken by another program
// keeps it until that ends).

#include <QString>
#include <QStringList>

namespace tirkeu::registry {

class StagingFolder {
public:
    // A new folder of this process, locked; isValid() false when it cannot be made.
    StagingFolder();
    // Removes the folder and everything in it.
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    bool isValid() const { return m_lock >= 0; }
    QString path() const { return m_path; }
    QString filePath(const QString& name) const;

    // Removes the folders that stopped restores left in $TMPDIR (see above); returns the paths removed.
    static QStringList removeStale();

private:
    QString m_path;
    int m_lock = -1; // the folder, open and locked
};

} // namespace tirkeu::registry
