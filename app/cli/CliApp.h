#pragma once
// tirkeu-cli: global options, the command table, dispatch, --help for every command.

#include "app/cli/Command.h"

#include <QList>
#include <QStringList>

#include <memory>

namespace tirkeu::cli {

class CliApp {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CliApp)
public:
    // Entry point of the tirkeu-cli binary.
    static int main(int argc, char** argv);
    // Runs one command line (without the program name) in-process: what the tests call. Whatever the command
    // prints reaches `out` and `err` through a PrintableOutput (no control character but line breaks and tabs).
    static int run(const QStringList& args, QTextStream& out, QTextStream& err, const registry::Clock* clock = nullptr);

    static std::vector<std::unique_ptr<Command>> commands();
    // The command a command line (global options removed) names: the longest run of leading words
    // that names one (nullptr when none); `words` receives how many words it took.
    static Command* find(const std::vector<std::unique_ptr<Command>>& all, const std::vector<std::string>& rest,
                         size_t* words = nullptr);
    // Whether the command line of tirkeu-cli (argv without parsing errors) asks for a command whose
    // needsGui() is true: main() then starts a QGuiApplication.
    static bool needsGui(int argc, char** argv);
    static void addGlobalOptions(po::options_description& desc);
    static QString generalHelp();
    static QString commandHelp(const Command& cmd);
    static QString exitCodesText();

private:
    // run() without the output filter: `out` and `err` are run()'s PrintableOutput streams.
    static int runFiltered(const QStringList& args, QTextStream& out, QTextStream& err, const registry::Clock* clock);
};

} // namespace tirkeu::cli
