#include "app/cli/CliApp.h"

#include "app/cli/ApplicationCommands.h"
#include "app/cli/AuditCommands.h"
#include "app/cli/CaCommands.h"
#include "app/cli/CaKeyCommands.h"
#include "app/cli/CaSetupCommands.h"
#include "app/cli/CalendarCommands.h"
#include "app/cli/CertificateCommands.h"
#include "app/cli/CrlCommands.h"
#include "app/cli/DbCommands.h"
#include "app/cli/DraftCommands.h"
#include "app/cli/FormCommands.h"
#include "app/cli/ManPage.h"
#include "app/cli/NotifyCommands.h"
#include "app/cli/OcspCommands.h"
#include "app/cli/OperatorCommands.h"
#include "app/cli/PrintableOutput.h"
#include "app/cli/ReissueCommands.h"
#include "app/cli/ReportCommands.h"
#include "app/cli/RetentionCommands.h"
#include "app/cli/RulesCommands.h"
#include "app/cli/TodayCommands.h"
#include "registry/Language.h"
#include "registry/RegisterLocation.h"

#include <sstream>

namespace tirkeu::cli {

std::vector<std::unique_ptr<Command>> CliApp::commands() {
    std::vector<std::unique_ptr<Command>> all;
    addDbCommands(all);
    addOperatorCommands(all);
    addCaCommands(all);
    addCaSetupCommands(all);
    addCrlCommands(all);
    addCaKeyCommands(all);
    addFormCommands(all);
    addApplicationCommands(all);
    addDraftCommands(all);
    addReissueCommands(all);
    addCertificateCommands(all);
    addCalendarCommands(all);
    addAuditCommands(all);
    addRetentionCommands(all);
    addRulesCommands(all);
    addTodayCommands(all);
    addReportCommands(all);
    addOcspCommands(all);
    addNotifyCommands(all);
    return all;
}

void CliApp::addGlobalOptions(po::options_description& desc) {
    desc.add_options() //
        ("db", po::value<std::string>()->value_name("PATH|URL"),
         tr("register: a SQLite file (default: the embedded register in your data folder, or $TIRKEU_DB)")
             .toStdString()
             .c_str()) //
        ("db-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the register (a PostgreSQL address with its password stays out of the process "
            "list; refused when other users can read it)")
             .toStdString()
             .c_str())                                                                                              //
        ("as", po::value<std::string>()->value_name("LOGIN"), tr("operator login to act as").toStdString().c_str()) //
        ("password-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the operator's password (else $TIRKEU_PASSWORD)").toStdString().c_str()) //
        ("json", tr("machine-readable JSON on standard output").toStdString().c_str())                         //
        ("lang", po::value<std::string>()->value_name("kk|ru|en"),
         tr("language of messages (default: $TIRKEU_LANG or the system locale)").toStdString().c_str()) //
        ("help,h", tr("show help (for a command: tirkeu-cli COMMAND --help)").toStdString().c_str())    //
        ("version", tr("show the version").toStdString().c_str());
}

QString CliApp::generalHelp() {
    QString text;
    QTextStream s(&text);
    s << tr("Usage: tirkeu-cli [global options] COMMAND [options]") << "\n\n" << tr("Commands:") << "\n";
    for (const auto& c : commands())
        s << "  " << c->name().leftJustified(24) << ' ' << c->summary() << '\n';
    po::options_description global(tr("Global options").toStdString());
    addGlobalOptions(global);
    std::ostringstream os;
    os << global;
    s << '\n' << QString::fromStdString(os.str()) << '\n';
    s << exitCodesText() << '\n';
    return text;
}

QString CliApp::exitCodesText() {
    return tr("Exit codes: 0 success, 1 failure, 2 bad arguments, 3 invalid input, 4 not permitted, 5 not found, "
              "6 wrong state, 7 register error, 8 integrity check failed, 9 key or certificate error, 10 file error, "
              "11 busy (another run holds the lock).");
}

QString CliApp::commandHelp(const Command& cmd) {
    QString text;
    QTextStream s(&text);
    s << tr("Usage: tirkeu-cli %1 [options]").arg(cmd.name());
    if (!cmd.usage().isEmpty())
        s << ' ' << cmd.usage();
    s << "\n\n" << cmd.summary() << "\n\n";
    po::options_description own(tr("Options").toStdString());
    cmd.addOptions(own);
    std::ostringstream os;
    if (!own.options().empty())
        os << own << '\n';
    po::options_description global(tr("Global options").toStdString());
    addGlobalOptions(global);
    os << global;
    s << QString::fromStdString(os.str());
    return text;
}

Command* CliApp::find(const std::vector<std::unique_ptr<Command>>& all, const std::vector<std::string>& rest,
                      size_t* words) {
    Command* cmd = nullptr;
    size_t taken = 0;
    for (const auto& c : all) {
        const QStringList parts = c->name().split(u' ');
        if (size_t(parts.size()) > rest.size() || size_t(parts.size()) <= taken)
            continue;
        bool match = true;
        for (int i = 0; i < parts.size(); ++i)
            match = match && QString::fromStdString(rest[size_t(i)]) == parts[i];
        if (match) {
            cmd = c.get();
            taken = size_t(parts.size());
        }
    }
    if (words)
        *words = taken;
    return cmd;
}

bool CliApp::needsGui(int argc, char** argv) {
    std::vector<std::string> tokens;
    for (int i = 1; i < argc; ++i)
        tokens.emplace_back(argv[i]);
    po::options_description global;
    addGlobalOptions(global);
    std::vector<std::string> rest;
    try {
        auto parsed = po::command_line_parser(tokens).options(global).allow_unregistered().run();
        rest = po::collect_unrecognized(parsed.options, po::include_positional);
    } catch (const po::error&) {
        return false; // run() reports the error
    }
    const auto all = commands();
    size_t words = 0;
    const Command* cmd = find(all, rest, &words);
    if (!cmd)
        return false;
    QStringList own;
    for (size_t i = words; i < rest.size(); ++i)
        own << QString::fromStdString(rest[i]);
    return cmd->needsGui(own);
}

int CliApp::main(int argc, char** argv) {
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(args, out, err);
}

int CliApp::run(const QStringList& args, QTextStream& out, QTextStream& err, const registry::Clock* clock) {
    PrintableOutput outDevice(out);
    PrintableOutput errDevice(err);
    QTextStream printableOut(&outDevice);
    QTextStream printableErr(&errDevice);
    const int code = runFiltered(args, printableOut, printableErr, clock);
    printableOut.flush();
    printableErr.flush();
    return code;
}

int CliApp::runFiltered(const QStringList& args, QTextStream& out, QTextStream& err, const registry::Clock* clock) {
    std::vector<std::string> tokens;
    for (const QString& a : args)
        tokens.push_back(a.toStdString());

    po::options_description global;
    addGlobalOptions(global);
    // Hidden from --help: what the build uses to generate the man page and the bash completion.
    global.add_options()("man", "")("bash-completion", "");
    po::variables_map gvm;
    std::vector<std::string> rest;
    try {
        auto parsed = po::command_line_parser(tokens).options(global).allow_unregistered().run();
        po::store(parsed, gvm);
        rest = po::collect_unrecognized(parsed.options, po::include_positional);
    } catch (const po::error& e) {
        err << tr("tirkeu-cli: error: %1").arg(QString::fromStdString(e.what())) << Qt::endl;
        return int(ErrorCode::Usage);
    }

    CliContext ctx(out, err, clock);
    GlobalOptions& g = ctx.options();
    g.db = qs(gvm, "db");
    g.as = qs(gvm, "as");
    g.passwordFile = qs(gvm, "password-file");
    g.json = has(gvm, "json");
    g.lang = has(gvm, "lang") ? qs(gvm, "lang") : registry::Language::fromEnvironment();
    if (!registry::Language::install(g.lang))
        return ctx.fail(ErrorCode::Usage, tr("Unknown language %1: use kk, ru or en.").arg(g.lang));

    if (has(gvm, "man")) {
        out << ManPage::groff();
        return 0;
    }
    if (has(gvm, "bash-completion")) {
        out << ManPage::bashCompletion();
        return 0;
    }
    if (has(gvm, "version")) {
        out << "tirkeu-cli " << TIRKEU_VERSION << Qt::endl;
        return 0;
    }
    // The register's address with a password: from a file only its owner reads (--db-file), or the environment
    // ($TIRKEU_DB); on the command line every user of the machine reads it in the process list (attack of session
    // 28, F5: the CRL job passed it with --db on every run).
    if (has(gvm, "db-file")) {
        if (has(gvm, "db"))
            return ctx.fail(ErrorCode::Usage, tr("Give the register either with --db or with --db-file, not both."));
        auto location = CliContext::readSecret(qs(gvm, "db-file"), nullptr, tr("register"));
        if (!location)
            return ctx.fail(location.error());
        if (location->trimmed().isEmpty())
            return ctx.fail(ErrorCode::Usage,
                            tr("The file %1 names no register on its first line.").arg(qs(gvm, "db-file")));
        g.db = location->trimmed();
    } else if (registry::RegisterLocation::holdsPassword(g.db)) {
        err << tr("Warning: the register address given with --db holds a password, which every user of this computer "
                  "can read in the process list; give it with --db-file FILE (a file only you can read), in "
                  "$TIRKEU_DB, "
                  "or keep the password in ~/.pgpass.")
            << Qt::endl;
    }

    // The command is the longest run of leading words that names one.
    auto all = commands();
    size_t words = 0;
    Command* cmd = find(all, rest, &words);
    if (!cmd) {
        if (has(gvm, "help") || rest.empty()) {
            (has(gvm, "help") ? out : err) << generalHelp();
            return has(gvm, "help") ? 0 : int(ErrorCode::Usage);
        }
        QStringList given;
        for (const auto& t : rest)
            given << QString::fromStdString(t);
        return ctx.fail(ErrorCode::Usage, tr("Unknown command: %1. See tirkeu-cli --help.").arg(given.join(u' ')));
    }
    if (has(gvm, "help")) {
        out << commandHelp(*cmd);
        return 0;
    }

    po::options_description own;
    cmd->addOptions(own);
    po::positional_options_description positional;
    cmd->addPositional(positional);
    po::variables_map vm;
    try {
        std::vector<std::string> cmdTokens(rest.begin() + long(words), rest.end());
        po::store(po::command_line_parser(cmdTokens).options(own).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return ctx.fail(ErrorCode::Usage,
                        tr("%1 (see tirkeu-cli %2 --help)").arg(QString::fromStdString(e.what()), cmd->name()));
    }
    const int code = cmd->run(ctx, vm);
    out.flush();
    err.flush();
    return code;
}

} // namespace tirkeu::cli
