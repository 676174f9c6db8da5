// The man page tirkeu-cli(1) and the bash completion are generated from the same command and
// option tables as --help (hidden `tirkeu-cli --man` / `--bash-completion`): every command and every
// option of --help must be there, correctly escaped for groff, and the completion must complete
// command words, options and option values when bash runs it.
#include "app/cli/CliApp.h"
#include "app/cli/ManPage.h"
#include "common/TestMain.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;

class TestManPage : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };
    static Run cli(const QStringList& args) {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        r.code = cli::CliApp::run(args, out, err);
        out.flush();
        err.flush();
        return r;
    }
    static QStringList longOptions(const QString& help) {
        QStringList names;
        static const QRegularExpression re(QStringLiteral("--([a-z][a-z0-9-]*)"));
        for (const auto& m : re.globalMatch(help))
            names << m.captured(1);
        names.removeDuplicates();
        return names;
    }
    // Runs the generated completion in bash for a command line whose last word is being completed.
    static QStringList complete(const QString& script, const QStringList& words) {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("completion")));
        if (!f.open(QIODevice::WriteOnly))
            return {QStringLiteral("<cannot write>")};
        f.write(script.toUtf8());
        f.close();
        QProcess bash;
        bash.start(QStringLiteral("bash"),
                   QStringList{QStringLiteral("-c"),
                               QStringLiteral("source \"$0\"; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                                              "_tirkeu_cli; printf '%s\\n' \"${COMPREPLY[@]}\""),
                               f.fileName()} +
                       words);
        if (!bash.waitForFinished(10000) || bash.exitCode() != 0)
            return {QStringLiteral("<bash failed: %1>").arg(QString::fromUtf8(bash.readAllStandardError()))};
        QStringList out = QString::fromUtf8(bash.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        out.sort();
        return out;
    }

private Q_SLOTS:
    void manPageHasEveryCommandAndOption() {
        const Run man = cli({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--man")});
        QCOMPARE(man.code, 0);
        QVERIFY(man.out.startsWith(QLatin1String(".\\\"")));
        QVERIFY(man.out.contains(QStringLiteral(".TH TIRKEU\\-CLI 1 \"\" \"Tirkeu %1\"").arg(TIRKEU_VERSION)));
        const auto commands = cli::CliApp::commands();
        QVERIFY(commands.size() > 20);
        for (const auto& c : commands) {
            QVERIFY2(man.out.contains(QStringLiteral(".SS \"%1\"\n").arg(cli::ManPage::escape(c->name()))),
                     qPrintable(c->name()));
            const Run help = cli(QString(c->name() + QStringLiteral(" --help --lang en")).split(u' '));
            QCOMPARE(help.code, 0);
            for (const QString& option : longOptions(help.out)) {
                const QString escaped =
                    QStringLiteral("\\fB\\-\\-") + QString(option).replace(u'-', QLatin1String("\\-"));
                QVERIFY2(man.out.contains(escaped), qPrintable(c->name() + QStringLiteral(": --") + option));
            }
        }
        QVERIFY(man.out.contains(QStringLiteral(".SH EXIT STATUS\n") + cli::CliApp::exitCodesText()));
        // Every request line is a known macro; no text line starts with a dot or an apostrophe.
        for (const QString& line : man.out.split(u'\n')) {
            if (line.startsWith(u'\''))
                QFAIL(qPrintable(QStringLiteral("line starts with an apostrophe: ") + line));
            if (line.startsWith(u'.'))
                QVERIFY2(QRegularExpression(QStringLiteral("^\\.(\\\\\"|TH|SH|SS|TP|RS|RE|br|B|I|BR|PP) ?"))
                             .match(line)
                             .hasMatch(),
                         qPrintable(line));
        }
    }

    void manOptionIsHiddenFromHelp() {
        const Run help = cli({QStringLiteral("--help"), QStringLiteral("--lang"), QStringLiteral("en")});
        QCOMPARE(help.code, 0);
        QVERIFY(!help.out.contains(QLatin1String("--man")));
        QVERIFY(!help.out.contains(QLatin1String("bash-completion")));
        QVERIFY(help.out.contains(QLatin1String("--version")));
    }

    void escapeProtectsGroff() {
        QCOMPARE(cli::ManPage::escape(QStringLiteral("a-b\\c")), QStringLiteral("a\\-b\\ec"));
        QCOMPARE(cli::ManPage::escape(QStringLiteral(".x\n'y")), QStringLiteral("\\&.x\n\\&'y"));
        QCOMPARE(cli::ManPage::escape(QStringLiteral("Әкімші")), QStringLiteral("Әкімші"));
    }

    void bashCompletionCompletes() {
        if (QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
            QSKIP("no bash");
        const Run gen = cli({QStringLiteral("--bash-completion")});
        QCOMPARE(gen.code, 0);
        const QString script = gen.out;
        QCOMPARE(complete(script, {QStringLiteral("tirkeu-cli"), QStringLiteral("cr")}),
                 QStringList{QStringLiteral("crl")});
        // Every "ca …" command, as the command table has them.
        QStringList caWords;
        for (const auto& c : cli::CliApp::commands()) {
            const QStringList words = c->name().split(u' ');
            if (words.size() == 2 && words.first() == u"ca")
                caWords << words.last();
        }
        caWords.sort();
        QVERIFY(caWords.contains(QStringLiteral("import-cert")));
        QCOMPARE(complete(script, {QStringLiteral("tirkeu-cli"), QStringLiteral("ca"), QStringLiteral("")}), caWords);
        // Options of the command, after global options and their values.
        QCOMPARE(complete(script, {QStringLiteral("tirkeu-cli"), QStringLiteral("--db"), QStringLiteral("r.sqlite"),
                                   QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"),
                                   QStringLiteral("NCA"), QStringLiteral("--ca-")}),
                 QStringList{QStringLiteral("--ca-passphrase-file")});
        QCOMPARE(complete(script, {QStringLiteral("tirkeu-cli"), QStringLiteral("--lang"), QStringLiteral("k")}),
                 QStringList{QStringLiteral("kk")});
        // A value that names a file completes to files.
        QTemporaryDir dir;
        QFile pw(dir.filePath(QStringLiteral("operator.pw")));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.close();
        QCOMPARE(complete(script, {QStringLiteral("tirkeu-cli"), QStringLiteral("--password-file"),
                                   dir.filePath(QStringLiteral("oper"))}),
                 QStringList{pw.fileName()});
        // Every command's options appear after that command.
        for (const auto& c : cli::CliApp::commands()) {
            cli::po::options_description own;
            c->addOptions(own);
            QStringList words{QStringLiteral("tirkeu-cli")};
            words << c->name().split(u' ') << QStringLiteral("--");
            const QStringList got = complete(script, words);
            for (const auto& o : own.options())
                QVERIFY2(got.contains(QStringLiteral("--") + QString::fromStdString(o->long_name())),
                         qPrintable(c->name() + u' ' + QString::fromStdString(o->long_name())));
            QVERIFY(got.contains(QStringLiteral("--json")));
        }
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
