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
// The reference register that audit verify (and so every restore's check of its copy) compares a SQLite register's
// guard triggers with is built the same way, in $TMPDIR/tirkeu-schema-<process id>-XXXXXX (registry/SchemaCheck.cpp):
// it holds nothing of a register, and a stopped run's is removed, without a word, when the next run builds its own.

#include <QString>
#include <QStringList>

namespace tirkeu::registry {

class StagingFolder {
public:
    enum class Purpose {
        Restore,        // tirkeu-restore-…: a backup's copy
        SchemaReference // tirkeu-schema-…: a register built from Tirkeu's migrations only
    };
    // A new folder of this process, locked; isValid() false when it cannot be made.
    explicit StagingFolder(Purpose purpose = Purpose::Restore);
    // Removes the folder and everything in it.
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    bool isValid() const { return m_lock >= 0; }
    QString path() const { return m_path; }
    QString filePath(const QString& name) const;

    // Removes the folders of `purpose` that stopped runs left in $TMPDIR (see above); returns the paths removed.
    static QStringList removeStale(Purpose purpose = Purpose::Restore);

private:
    QString m_path;
    int m_lock = -1; // the folder, open and locked
};

} // namespace tirkeu::registry
