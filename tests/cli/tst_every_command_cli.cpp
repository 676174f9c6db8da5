// "No command changes or copies the register without a signed-in role", checked for every command tirkeu-cli
// has — the ones added later included: each runs in-process with its required options and positional arguments
// filled (a CA code of the register, a file in an empty output folder, a number, today's date…) but without
// --as and without $TIRKEU_PASSWORD. Every command must be refused with the sign-in message (exit 2 or 4, naming
// --as) unless it is one of the few listed below that need no operator, and whatever it did, the register's rows
// are the same afterwards and the output folder holds no file. A new command that forgets to ask for the
// operator fails here.

#include "app/cli/CliApp.h"
#include "common/TestMain.h"
#include "registry/Clock.h"
#include "registry/Database.h"
#include "tests/common/TestDb.h"
#include "tests/common/Tools.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <boost/program_options.hpp>

using namespace tirkeu;

namespace {

// Commands that run without an operator, and why; nothing else may.
struct Exempt {
    const char* name;
    const char* why;
};
constexpr Exempt kWithoutOperator[] = {
    {"db init", "creates a register, or its first administrator only while it has none (tst_cli)"},
    {"form list", "the catalogue of official forms, compiled into the program"},
    {"form show", "one form's fields, compiled into the program"},
    {"form template", "a blank form to fill in, from the catalogue (no register data)"},
    {"calendar show", "the working-day calendar of a year: public holidays, as published"},
    {"calendar deadline", "a deadline counted on the public calendar"},
    {"application refusal-reasons", "the legal grounds for refusal, compiled into the program"},
    {"db info", "the register's location, schema version and row counts, no row"},
};

// What a command needs besides its required options to get as far as asking for the operator (its own checks of
// the arguments come first): {in} an existing input file, {dir} a folder of inputs, {out} a new file in the output
// folder, {secret} a passphrase file, {db} the register.
struct Extra {
    const char* name;
    const char* args;
};
constexpr Extra kExtras[] = {
    {"db backup", "--out {out}"},
    {"db restore", "--from {in}"},
    {"db migrate", "--from {db} --to sqlite:{out}"},
    {"ca init", "--key-out {out}"},
    {"ca import-cert", "--cert {in}"},
    {"ca restore", "--share {in}"},
    {"crl publish", "--ca-passphrase-file {secret}"},
    {"ocsp renew-signer", "--ca-passphrase-file {secret}"},
    {"ocsp init-signer", "--key-out {out}"},
    {"application submit", "--form NCA-ISSUE-IND --data {in}"},
    {"certificate issue", "--csr {in}"},
    {"certificate issue-batch", "--dir {dir}"},
    {"certificate revoke", "--ca NCA --serial 01AB --reason keyCompromise --basis holder_application"},
    {"calendar set", "--day-off"},
    {"audit key init", "--key-out {out}"},
    {"retention sweep", "--archive-dir {out}"},
    {"rules load", "--file {in}"},
    {"report", "--name crl-listing --ca NCA"},
};

const Exempt* exemptOf(const QString& name) {
    for (const Exempt& e : kWithoutOperator)
        if (name == QLatin1String(e.name))
            return &e;
    return nullptr;
}

} // namespace

class TestEveryCommandCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_outDir;
    QString m_input;  // an input file (in a folder of its own): a JSON object, as good as any file here
    QString m_secret; // a passphrase file, the owner's only

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };
    Run cli(QStringList args) {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        args = QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--lang"), QStringLiteral("en")} + args;
        r.code = cli::CliApp::run(args, out, err);
        out.flush();
        err.flush();
        return r;
    }

    // Every row of every table, hashed in a fixed order (the rows' texts sorted): equal hashes, the same register.
    QByteArray fingerprint() {
        auto db = registry::Database::open(m_db);
        if (!db)
            return {};
        auto tables = (*db)->rows(
            (*db)->engine() == registry::Engine::Postgres
                ? QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                 "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")
                : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "ORDER BY name"));
        if (!tables)
            return {};
        QCryptographicHash h(QCryptographicHash::Sha256);
        for (const QVariantList& t : *tables) {
            const QString table = t.value(0).toString();
            auto rows = (*db)->rows(QStringLiteral("SELECT * FROM %1").arg(table));
            if (!rows)
                return {};
            QStringList texts;
            for (const QVariantList& row : *rows) {
                QStringList fields;
                for (const QVariant& v : row)
                    fields << v.toString();
                texts << fields.join(u'\x1f');
            }
            texts.sort();
            h.addData(QString(table + u'\x1e' + texts.join(u'\x1e') + u'\x1d').toUtf8());
        }
        return h.result();
    }

    // A value for an option or argument, from its value name in --help ("CODE", "FILE.pdf", "N"…).
    QString valueFor(const QString& option, const QString& valueName) const {
        const QString v = valueName.toUpper();
        const QString today =
            QDateTime::currentDateTimeUtc().toTimeZone(registry::Clock::zone()).date().toString(Qt::ISODate);
        if (option == u"ca" || v == u"CODE" || option.endsWith(u"-ca"))
            return QStringLiteral("NCA");
        if (option == u"form")
            return QStringLiteral("NCA-ISSUE-IND");
        if (v.startsWith(u"FILE") || v.startsWith(u"DIR") || v == u"PATH" || option == u"out" ||
            option.endsWith(u"-out") || option.endsWith(u"-file") || option == u"from" || option == u"to")
            return QDir(m_outDir).filePath(option + QStringLiteral(".out"));
        if (v.contains(u"YYYY") || v.contains(u"DATE") || option.contains(u"date") || option == u"day")
            return today;
        if (v == u"LOGIN" || option == u"login")
            return QStringLiteral("someone");
        if (v == u"HEX" || v == u"SERIAL" || option == u"serial")
            return QStringLiteral("01AB");
        if (v.contains(u"=") || v.startsWith(u"KEY"))
            return QStringLiteral("hold_allowed=0");
        if (option == u"role")
            return QStringLiteral("operator");
        if (option == u"reason")
            return QStringLiteral("keyCompromise");
        if (option == u"kind")
            return QStringLiteral("root");
        if (option == u"format")
            return QStringLiteral("csv");
        if (option == u"name")
            return QStringLiteral("Тест");
        if (v == u"NAME")
            return QStringLiteral("crl-listing");
        return QStringLiteral("1"); // numbers, ids, days, hours, years
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = test::newRegisterLocation(QDir(m_dir.path()), QStringLiteral("register.sqlite"));
        QVERIFY(!m_db.isEmpty());
        m_outDir = m_dir.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(m_outDir));
        qunsetenv("TIRKEU_PASSWORD");
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("in"))));
        m_input = m_dir.filePath(QStringLiteral("in/input.json"));
        QVERIFY(test::writeFile(m_input, "{\"iin\": \"900701300108\"}\n"));
        QVERIFY(test::writeFile(m_dir.filePath(QStringLiteral("in/1.csr")), "-----BEGIN CERTIFICATE REQUEST-----\n"));
        // Passphrases of CA keys (new, opened, restored) from the environment, as cron gives them.
        for (const char* variable : {"TIRKEU_CA_PASSPHRASE", "TIRKEU_NEW_CA_PASSPHRASE"})
            qputenv(variable, "ca-passphrase-123");
        m_secret = m_dir.filePath(QStringLiteral("ca.passphrase"));
        QVERIFY(test::writeFile(m_secret, "ca-passphrase-123\n"));
        const QString pw = m_dir.filePath(QStringLiteral("admin.pw"));
        QVERIFY(test::writeFile(pw, "admin-password-123\n"));
        const Run init = cli({QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--admin"),
                              QStringLiteral("admin"), QStringLiteral("--admin-name"), QStringLiteral("Әкімші Бас"),
                              QStringLiteral("--admin-password-file"), pw});
        QVERIFY2(init.code == 0, qPrintable(init.err));
        const Run ca = cli({QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), pw,
                            QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"),
                            QStringLiteral("NCA"), QStringLiteral("--name"), QStringLiteral("Ұлттық куәландырушы"),
                            QStringLiteral("--kind"), QStringLiteral("root")});
        QVERIFY2(ca.code == 0, qPrintable(ca.err));
    }

    void cleanupTestCase() {
        if (test::onPostgres())
            test::dropPgDatabase(m_db);
    }

    void everyCommandNeedsAnOperator() {
        const QByteArray before = fingerprint();
        QVERIFY(!before.isEmpty());
        int refusedForTheOperator = 0;
        QStringList notRefused;
        int exemptRun = 0;
        for (const auto& command : cli::CliApp::commands()) {
            const QString name = command->name();
            if (name == u"db init")
                continue; // an existing register with an administrator: refused (tst_cli), but no operator check
            QStringList args = name.split(u' ');
            for (const Extra& extra : kExtras)
                if (name == QLatin1String(extra.name))
                    for (QString word : QString::fromLatin1(extra.args).split(u' ')) {
                        word.replace(QStringLiteral("{in}"), m_input)
                            .replace(QStringLiteral("{dir}"), QFileInfo(m_input).absolutePath())
                            .replace(QStringLiteral("{out}"), QDir(m_outDir).filePath(QStringLiteral("extra.out")))
                            .replace(QStringLiteral("{secret}"), m_secret)
                            .replace(QStringLiteral("{db}"),
                                     test::onPostgres() ? m_db : QStringLiteral("sqlite:") + m_db);
                        args << word;
                    }
            boost::program_options::options_description own;
            command->addOptions(own);
            for (const auto& option : own.options()) {
                const auto semantic = option->semantic();
                if (!semantic->is_required())
                    continue;
                const QString long_ = QString::fromStdString(option->long_name());
                if (args.contains(QStringLiteral("--") + long_))
                    continue;
                args << QStringLiteral("--") + long_;
                if (semantic->max_tokens() > 0)
                    args << valueFor(long_, QString::fromStdString(semantic->name()));
            }
            // Positional arguments stand for options (ID for --id…): given as those options when not given yet.
            boost::program_options::positional_options_description positional;
            command->addPositional(positional);
            const QStringList words = command->usage().split(u' ', Qt::SkipEmptyParts);
            for (unsigned i = 0; i < positional.max_total_count() && i < unsigned(words.size()); ++i) {
                const QString long_ = QString::fromStdString(positional.name_for_position(i));
                if (args.contains(QStringLiteral("--") + long_))
                    continue;
                const QString token = QString(words.at(int(i))).remove(QStringLiteral("...")).remove(u'[').remove(u']');
                args << QStringLiteral("--") + long_ << valueFor(long_, token);
            }
            const Run r = cli(args);
            const QString said = QStringLiteral("tirkeu-cli %1 → exit %2: %3%4")
                                     .arg(args.join(u' '))
                                     .arg(r.code)
                                     .arg(r.err, r.out.left(300));
            QVERIFY2(QDir(m_outDir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
                     qPrintable(QStringLiteral("a file was written: ") + said));
            QVERIFY2(fingerprint() == before, qPrintable(QStringLiteral("the register changed: ") + said));
            if (exemptOf(name)) {
                ++exemptRun;
                continue;
            }
            if ((r.code == int(ErrorCode::Usage) || r.code == int(ErrorCode::Forbidden)) &&
                r.err.contains(QStringLiteral("--as LOGIN")))
                ++refusedForTheOperator;
            else
                notRefused << said;
        }
        for (const QString& n : std::as_const(notRefused))
            qWarning("%s", qPrintable(n));
        QVERIFY2(notRefused.isEmpty(), qPrintable(QStringLiteral("not refused for want of an operator:\n") +
                                                  notRefused.join(QStringLiteral("\n"))));
        QVERIFY(refusedForTheOperator > 40);
        QCOMPARE(exemptRun, int(std::size(kWithoutOperator)) - 1); // each exemption names a command (db init aside)
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestEveryCommandCli)
#include "tst_every_command_cli.moc"
