#pragma once
// The in-process tirkeu-cli harness shared by the CLI test programs: a temporary folder, a register
// (SQLite file, or a database on the test PostgreSQL server), commands run "as" a login whose password
// file lies in the folder, and openssl as the independent judge. A test class derives from it
// (after QObject) and calls createRegisterWithStaff() in initTestCase.

#include "app/cli/CliApp.h"
#include "common/TestDb.h"
#include "common/Tools.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "tests/common/TestPointers.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <utility>

namespace tirkeu::test {

class CliHarness {
protected:
    struct Run {
        int code = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    };
    using Tool = ToolRun; // code, output (stdout and stderr)

    QTemporaryDir m_dir;
    QString m_db;
    // The time of the commands run by as(); nullptr: the system clock. Owned by the test.
    const registry::Clock* m_clock = nullptr;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString file(const QString& name, const QByteArray& content) {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write test file");
        return path(name);
    }
    static QByteArray read(const QString& p) { return readFile(p); }

    // tirkeu-cli ARGS with --db, --lang en, --as LOGIN and LOGIN's password file.
    Run as(const QString& login, QStringList args) {
        return cli(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en"),
                               QStringLiteral("--as"), login, QStringLiteral("--password-file"),
                               path(login + QStringLiteral(".pw"))} +
                       args,
                   m_clock);
    }
    static Run cli(const QStringList& args, const registry::Clock* clock = nullptr) {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        r.code = cli::CliApp::run(args, out, err, clock);
        out.flush();
        err.flush();
        return r;
    }
    // count(*) of a table, straight from the register.
    int count(const QString& table) const {
        auto db = registry::Database::open(m_db);
        return db ? (*db)->scalar(QStringLiteral("SELECT count(*) FROM ") + table)->toInt() : -1;
    }
    // A program run to completion, its two output channels merged in order (timeout in ms).
    static Tool merged(const QString& program, const QStringList& args, int timeoutMs = 300000) {
        ToolOptions options;
        options.mergeChannels = true;
        options.timeoutMs = timeoutMs;
        return runTool(program, args, options);
    }
    static Tool openssl(const QStringList& args) { return merged(QStringLiteral("openssl"), args); }

    // A CA set up by "admin": a P-256 key in <code>.p8 (lower case; passphrase file ca.pass) and its
    // certificate in <code>.pem. Empty when it worked, else why not.
    QString createCa(const QString& code, const QString& name, const QString& kind) {
        // A national or government CA issues nothing without its publication pointers.
        Run r = as(QStringLiteral("admin"),
                   QStringList{QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), code,
                               QStringLiteral("--name"), name, QStringLiteral("--kind"), kind} +
                       (kind == QStringLiteral("root") ? QStringList() : testPointerArgs()));
        if (r.code != 0)
            return r.err;
        const QString base = code.toLower();
        r = as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), code,
                QStringLiteral("--key-algorithm"), QStringLiteral("p256"), QStringLiteral("--key-out"),
                path(base + QStringLiteral(".p8")), QStringLiteral("--passphrase-file"),
                path(QStringLiteral("ca.pass")), QStringLiteral("--cert-out"), path(base + QStringLiteral(".pem"))});
        return r.code == 0 ? QString() : r.err;
    }

    // A new register with its first administrator "admin", operator "op" and officers "off1", "off2"
    // (password files <login>.pw) and "ca.pass" for CA keys. Empty when it worked, else why not.
    QString createRegisterWithStaff() {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary folder");
        m_db = newRegisterLocation(QDir(m_dir.path()), QStringLiteral("register.sqlite"));
        if (m_db.isEmpty())
            return QStringLiteral("no test register");
        for (const char* who : {"admin", "op", "off1", "off2"})
            file(QString::fromLatin1(who) + QStringLiteral(".pw"), QByteArray(who) + "-password-123\n");
        file(QStringLiteral("ca.pass"), "Орталық-кілт-2026-secret\n");
        const Run init =
            cli({QStringLiteral("--db"), m_db, QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                 QStringLiteral("admin"), QStringLiteral("--admin-password-file"), path(QStringLiteral("admin.pw"))},
                m_clock);
        if (init.code != 0)
            return init.err;
        for (const auto& [login, role] : {std::pair{"op", "operator"}, {"off1", "officer"}, {"off2", "officer"}}) {
            qputenv("TIRKEU_NEW_PASSWORD", QByteArray(login) + "-password-123");
            const Run r = as(QStringLiteral("admin"),
                             {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("--login"),
                              QString::fromLatin1(login), QStringLiteral("--name"), QStringLiteral("Тест Қызметкер"),
                              QStringLiteral("--role"), QString::fromLatin1(role)});
            qunsetenv("TIRKEU_NEW_PASSWORD");
            if (r.code != 0)
                return r.err;
        }
        return {};
    }
};

} // namespace tirkeu::test
