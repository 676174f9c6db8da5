#pragma once
// The man page tirkeu-cli(1) (groff) and the bash completion script, both generated from the same
// command table and options tables as --help (CliApp::commands(), Command::addOptions,
// CliApp::addGlobalOptions). The build runs the hidden `tirkeu-cli --man` / `--bash-completion`.

#include "app/cli/Command.h"

#include <QString>

namespace tirkeu::cli {

class ManPage {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::ManPage)
public:
    static QString groff();
    static QString bashCompletion();
    // groff-safe text: backslashes, leading dots/quotes and hyphens of option names escaped.
    static QString escape(const QString& text);
};

} // namespace tirkeu::cli
