// Attack replay (issue 12, item 8), the GUI's part: a file dialog that lists the register's folder
// must not open the register's files. Closing any descriptor of a file drops this process's POSIX
// locks on it, and SQLite's locks are what keep the other processes (cron, tirkeu-cli) from deleting
// the -wal and -shm files under the GUI. Checked with /proc/locks: the locks this process holds on
// the register and its -shm file are the same before and after the dialog listed the folder, in the
// detail view (icons and types of every file).

#include "app/gui/FileDialogs.h"
#include "common/TestMain.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QFile>
#include <QFileSystemModel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace tirkeu;

namespace {
// POSIX locks held by this process on `file` (lines of /proc/locks: "1: POSIX ADVISORY READ <pid>
// <major>:<minor>:<inode> <start> <end>"; major and minor in hex).
int locksOn(const QString& file) {
    struct stat st {};
    if (::stat(QFile::encodeName(file).constData(), &st) != 0)
        return -1;
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return -1;
    const QString pid = QString::number(::getpid());
    int n = 0;
    for (const QByteArray& raw : locks.readAll().split('\n')) {
        const QStringList f = QString::fromLatin1(raw).simplified().split(u' ');
        if (f.size() < 8 || f[1] != u"POSIX" || f[4] != pid)
            continue;
        const QStringList dev = f[5].split(u':');
        if (dev.size() == 3 && dev[2].toULongLong() == quint64(st.st_ino) &&
            dev[0].toUInt(nullptr, 16) == major(st.st_dev) && dev[1].toUInt(nullptr, 16) == minor(st.st_dev))
            ++n;
    }
    return n;
}

// The locks held on `file` when nothing is in flight: the fewest of a few readings 20 ms apart. A lock taken
// for a moment (by a statement finishing as the count is read) once made the count before the dialog one
// higher than the count after it, on a loaded machine; a lock the dialog dropped stays dropped.
int steadyLocksOn(const QString& file) {
    int fewest = locksOn(file);
    for (int i = 0; i < 4; ++i) {
        QTest::qWait(20);
        fewest = qMin(fewest, locksOn(file));
    }
    return fewest;
}
} // namespace

class TestFileDialogs : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void dialogOverTheRegisterFolderKeepsItsLocks() {
        QVERIFY(m_dir.isValid());
        QFile probe(QStringLiteral("/proc/locks"));
        if (!probe.open(QIODevice::ReadOnly))
            QSKIP("no /proc/locks here");
        const QString db = m_dir.filePath(QStringLiteral("register.sqlite"));
        auto reg = registry::Register::open(db, registry::Register::OpenMode::CreateOrUpgrade);
        QVERIFY2(reg.ok(), qPrintable(reg.message()));
        QVERIFY((*reg)->operators().any().ok());
        // Other files beside it, named as the dialog may sniff them.
        for (const char* name : {"notes", "request.csr", "export.bin"}) {
            QFile f(m_dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("-----BEGIN CERTIFICATE REQUEST-----\n");
        }
        const QString shm = db + QStringLiteral("-shm");
        const int dbLocks = steadyLocksOn(db);
        const int shmLocks = steadyLocksOn(shm);
        QVERIFY2(dbLocks > 0, "SQLite holds no lock on the open register (WAL mode keeps a shared lock)");
        QVERIFY2(shmLocks > 0, "SQLite holds no lock on the -shm file");

        QFileDialog* dialog = gui::FileDialogs::create(nullptr, QFileDialog::ExistingFile, QFileDialog::AcceptOpen,
                                                       QStringLiteral("Open"), QString(), QString());
        dialog->setViewMode(QFileDialog::Detail);
        dialog->setDirectory(m_dir.path()); // the user walks into the register's folder
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* model = dialog->findChild<QFileSystemModel*>();
        QVERIFY(model);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(model->index(m_dir.path())) >= 5, 10000);
        // Ask for what the view shows: every row's icon and type, as painting does.
        const QModelIndex parent = model->index(m_dir.path());
        for (int row = 0; row < model->rowCount(parent); ++row)
            for (int column = 0; column < model->columnCount(parent); ++column) {
                (void)model->data(model->index(row, column, parent), Qt::DecorationRole);
                (void)model->data(model->index(row, column, parent), Qt::DisplayRole);
            }
        QTest::qWait(1500); // the model's gatherer thread fetches icons and types in the background
        for (int row = 0; row < model->rowCount(parent); ++row)
            (void)model->type(model->index(row, 0, parent));
        QTest::qWait(500);

        QCOMPARE(steadyLocksOn(db), dbLocks);
        QCOMPARE(steadyLocksOn(shm), shmLocks);
        delete dialog;
    }

    void dialogsNeverStartInTheRegisterFolder() {
        const QString db = m_dir.filePath(QStringLiteral("register.sqlite"));
        gui::FileDialogs::setRegisterLocation(db);
        QVERIFY(QDir(gui::FileDialogs::startIn(m_dir.path())) != QDir(m_dir.path()));
        QVERIFY(QFileInfo(gui::FileDialogs::startIn(m_dir.filePath(QStringLiteral("report.pdf")))).absolutePath() !=
                QFileInfo(db).absolutePath());
        QCOMPARE(QFileInfo(gui::FileDialogs::startIn(m_dir.filePath(QStringLiteral("report.pdf")))).fileName(),
                 QStringLiteral("report.pdf"));
        QVERIFY(QFileInfo(gui::FileDialogs::startIn(QStringLiteral("report.csv"))).isAbsolute());
        QCOMPARE(gui::FileDialogs::startIn(QStringLiteral("/srv/crl")), QStringLiteral("/srv/crl"));
        gui::FileDialogs::setRegisterLocation(QString());
    }
};

TIRKEU_TEST_MAIN(TestFileDialogs)
#include "tst_file_dialogs.moc"
