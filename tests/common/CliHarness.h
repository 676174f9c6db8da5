#pragma once
// The in-process tirkeu-cli harness shared by the CLI test programs: a temporary folder, a register
// (SQLite file, or a database on the test PostgreSQL server), commands run "as" a login whose password
// file lies in the folder, and openssl as the independent judge. A test class derives from it
// (after QObject) and calls createRegisterWithStaff() in initTestCase, then sets up its CAs and
// holders with the steps below (addCa, initCa, submitAndApprove, newCsr, issueArgs).

#include "app/cli/CliApp.h"
#include "common/TestDb.h"
#include "common/Tools.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/SubjectName.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "tests/common/TestPointers.h"

#include <QJsonArray>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <utility>

namespace tirkeu::test {

// One tirkeu-cli command run in process: exit code and both outputs.
struct CliRun {
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// tirkeu-cli ARGS, in process, at `clock` (nullptr: the system clock).
inline CliRun runCli(const QStringList& args, const registry::Clock* clock = nullptr) {
    CliRun r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = cli::CliApp::run(args, out, err, clock);
    out.flush();
    err.flush();
    return r;
}

// tirkeu-cli ARGS on the register at `db`, in English, signed in as LOGIN with the password in `passwordFile`.
inline CliRun runCliAs(const QString& db, const QString& login, const QString& passwordFile, const QStringList& args,
                       const registry::Clock* clock = nullptr) {
    return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("--lang"), QStringLiteral("en"),
                              QStringLiteral("--as"), login, QStringLiteral("--password-file"), passwordFile} +
                      args,
                  clock);
}

// Writes `password` and a newline to `path` (a --password-file for runCliAs), readable by its owner only
// (the programs refuse a secret file others can read); false when it cannot.
inline bool writePasswordFile(const QString& path, const QString& password) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
           f.write(password.toUtf8() + "\n") > 0;
}

class CliHarness {
protected:
    using Run = CliRun;
    using Tool = ToolRun; // code, output (stdout and stderr)

    QTemporaryDir m_dir;
    QString m_db;
    // The time of the commands run by as(); nullptr: the system clock. Owned by the test.
    const registry::Clock* m_clock = nullptr;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    // A file of the test's folder, readable by its owner only (it may be a secret file, which the programs
    // refuse when others can read it).
    QString file(const QString& name, const QByteArray& content) {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
            f.write(content) != content.size())
            qFatal("cannot write test file");
        return path(name);
    }
    static QByteArray read(const QString& p) { return readFile(p); }

    // tirkeu-cli ARGS with --db, --lang en, --as LOGIN and LOGIN's password file.
    Run as(const QString& login, const QStringList& args) {
        return runCliAs(m_db, login, path(login + QStringLiteral(".pw")), args, m_clock);
    }
    static Run cli(const QStringList& args, const registry::Clock* clock = nullptr) { return runCli(args, clock); }
    // count(*) of a table, straight from the register.
    int count(const QString& table) const {
        const QVariant n = scalar(QStringLiteral("SELECT count(*) FROM ") + table);
        return n.isValid() ? n.toInt() : -1;
    }
    // The first column of the first row of a query, straight from the register (invalid when none).
    QVariant scalar(const QString& sql, const QVariantList& binds = {}) const {
        auto db = registry::Database::open(m_db);
        if (!db)
            return {};
        auto v = (*db)->scalar(sql, binds);
        return v ? *v : QVariant();
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
        const QString added = addCa(code, name, kind);
        if (!added.isEmpty())
            return added;
        const QString base = code.toLower();
        return initCa(code, QStringLiteral("p256"), base + QStringLiteral(".p8"), base + QStringLiteral(".pem"));
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
        return addStaff();
    }
    // Operator "op" and officers "off1", "off2" added by "admin" (passwords <login>-password-123). Empty when
    // it worked, else why not.
    QString addStaff() {
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

    // A CA entry (ca add, by the administrator). Empty when it worked, else why not.
    // A CA issues nothing without its publication pointers (a root: its CRL's and certificate's): they are set
    // unless `withPointers` is false.
    QString addCa(const QString& code, const QString& name, const QString& kind, bool withPointers = true) {
        const Run r = as(QStringLiteral("admin"),
                         QStringList{QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), code,
                                     QStringLiteral("--name"), name, QStringLiteral("--kind"), kind} +
                             (!withPointers ? QStringList() : testPointerArgs(kind == QStringLiteral("root"))));
        return r.code == 0 ? QString() : r.err;
    }
    // The national CA "NCA" most CLI tests work with.
    QString addNationalCa() {
        return addCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
    }
    // ca init of a self-signed CA: its key written to the folder's `keyFile` under ca.pass, its certificate
    // to `certFile` when given. Empty when it worked, else why not.
    QString initCa(const QString& code, const QString& algorithm, const QString& keyFile,
                   const QString& certFile = {}) {
        QStringList args{QStringLiteral("ca"),
                         QStringLiteral("init"),
                         QStringLiteral("--code"),
                         code,
                         QStringLiteral("--key-algorithm"),
                         algorithm,
                         QStringLiteral("--key-out"),
                         path(keyFile),
                         QStringLiteral("--passphrase-file"),
                         path(QStringLiteral("ca.pass"))};
        if (!certFile.isEmpty())
            args << QStringLiteral("--cert-out") << path(certFile);
        const Run r = as(QStringLiteral("admin"), args);
        return r.code == 0 ? QString() : r.err;
    }

    // Aliya's individual signing certificate application (NCA-ISSUE-IND), dated today.
    static QJsonObject holderData() {
        return {{QStringLiteral("iin"), QStringLiteral("900701300108")},
                {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                {QStringLiteral("name"), QStringLiteral("Әлия")},
                {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                {QStringLiteral("city"), QStringLiteral("Қонаев")},
                {QStringLiteral("email"), QStringLiteral("aliya@example.kz")},
                {QStringLiteral("phone"), QStringLiteral("+77011234567")},
                {QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")}},
                {QStringLiteral("validity"), QStringLiteral("1y")},
                {QStringLiteral("key_media"), QStringLiteral("file")},
                {QStringLiteral("application_date"), registry::SystemClock().today().toString(Qt::ISODate)}};
    }
    // application submit by the operator "op" (the data written to <dataFile>, default <form>.json).
    Run submit(const QString& ca, const QString& form, const QJsonObject& data, const QString& attachments,
               const QStringList& extra = {}, const QString& dataFile = {}) {
        return as(QStringLiteral("op"),
                  QStringList{QStringLiteral("application"), QStringLiteral("submit"), QStringLiteral("--ca"), ca,
                              QStringLiteral("--form"), form, QStringLiteral("--data"),
                              file(dataFile.isEmpty() ? form + QStringLiteral(".json") : dataFile,
                                   QJsonDocument(data).toJson()),
                              QStringLiteral("--attachments"), attachments, QStringLiteral("--consent"),
                              QStringLiteral("--json")} +
                      extra);
    }
    // Submitted by "op" and approved by the officer "off2": the application's id, empty when a step failed.
    QString submitAndApprove(const QString& ca, const QString& form, const QJsonObject& data,
                             const QString& attachments, const QStringList& extra = {}, const QString& dataFile = {}) {
        const Run s = submit(ca, form, data, attachments, extra, dataFile);
        if (s.code != 0) {
            qWarning("%s", qPrintable(s.err));
            return {};
        }
        const QString id = QString::number(s.json().value(QStringLiteral("id")).toInteger());
        const Run a = as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("approve"), id});
        if (a.code != 0) {
            qWarning("%s", qPrintable(a.err));
            return {};
        }
        return id;
    }
    // The PEM CSR of a new holder key for Aliya (the key in *keyOut when given); empty on failure.
    static QByteArray newCsr(pki::EvpPkeyPtr* keyOut = nullptr,
                             pki::KeyAlgorithm algorithm = pki::KeyAlgorithm::EcP256) {
        auto key = pki::KeyGenerator::generate(algorithm);
        if (!key)
            return {};
        auto csr = pki::Csr::create(key->get(), pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {},
                                                                         QStringLiteral("900701300108")));
        if (!csr)
            return {};
        if (keyOut)
            *keyOut = std::move(key.value());
        return *csr;
    }
    // certificate issue of an approved application from a CSR (written to the folder's `csrFile`) into
    // the folder's `out`, with the CA key's passphrase file and --json.
    QStringList issueArgs(const QString& application, const QString& csrFile, const QByteArray& csr,
                          const QString& out) {
        return {QStringLiteral("certificate"),
                QStringLiteral("issue"),
                QStringLiteral("--application"),
                application,
                QStringLiteral("--csr"),
                file(csrFile, csr),
                QStringLiteral("--out"),
                path(out),
                QStringLiteral("--ca-passphrase-file"),
                path(QStringLiteral("ca.pass")),
                QStringLiteral("--json")};
    }
    // An individual's certificate at NCA from a new CSR: the application (holderData()) submitted, approved
    // and issued by "off1" (the folder's <tag>.json, <tag>.csr, <tag>.pem). The issuing run (code 0 and its
    // JSON on success); a failed step before it: code -1 and its message.
    Run issueIndividual(const QString& tag) {
        const QString app =
            submitAndApprove(QStringLiteral("NCA"), QStringLiteral("NCA-ISSUE-IND"), holderData(),
                             QStringLiteral("identity_document_copy"), {}, tag + QStringLiteral(".json"));
        if (app.isEmpty()) {
            Run failed;
            failed.err = QStringLiteral("the application was not registered and approved");
            return failed;
        }
        return as(QStringLiteral("off1"),
                  issueArgs(app, tag + QStringLiteral(".csr"), newCsr(), tag + QStringLiteral(".pem")));
    }
    // certificate revoke at NCA by "off1": superseded, on the holder's application (`document` its number).
    Run revokeSuperseded(const QString& serial, const QString& document) {
        return as(QStringLiteral("off1"),
                  {QStringLiteral("certificate"), QStringLiteral("revoke"), QStringLiteral("--ca"),
                   QStringLiteral("NCA"), QStringLiteral("--serial"), serial, QStringLiteral("--reason"),
                   QStringLiteral("superseded"), QStringLiteral("--basis"), QStringLiteral("holder_application"),
                   QStringLiteral("--basis-document"), document, QStringLiteral("--ca-passphrase-file"),
                   path(QStringLiteral("ca.pass"))});
    }
    // crl publish of NCA into the folder's crl/ (a delta CRL when `delta`).
    QStringList publish(bool delta = false) const {
        QStringList args{QStringLiteral("crl"),          QStringLiteral("publish"),
                         QStringLiteral("--ca"),         QStringLiteral("NCA"),
                         QStringLiteral("--out"),        path(QStringLiteral("crl")),
                         QStringLiteral("--json"),       QStringLiteral("--ca-passphrase-file"),
                         path(QStringLiteral("ca.pass"))};
        if (delta)
            args << QStringLiteral("--delta");
        return args;
    }
    // openssl verify -crl_check of holder.pem against nca.pem and the published crl/NCA.crl.pem.
    Tool verifyHolder() {
        const QString bundle = file(QStringLiteral("bundle.pem"), read(path(QStringLiteral("nca.pem"))) +
                                                                      read(path(QStringLiteral("crl/NCA.crl.pem"))));
        return openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"), bundle,
                        path(QStringLiteral("holder.pem"))});
    }
};

} // namespace tirkeu::test
