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
    // Runs one command line (without the program name) in-process: what the tests call.
    static int run(const QStringList& args, QTextStream& out, QTextStream& err, const registry::Clock* clock = nullptr);

    static std::vector<std::unique_ptr<Command>> commands();
    static void addGlobalOptions(po::options_description& desc);
    static QString generalHelp();
    static QString commandHelp(const Command& cmd);
    static QString exitCodesText();
};

} // namespace tirkeu::cli
