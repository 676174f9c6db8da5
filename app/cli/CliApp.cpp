#include "app/cli/CliApp.h"

#include <QTextStream>

#include <cstdio>

namespace tirkeu::cli {

int CliApp::main(int argc, char** argv) {
    QTextStream out(stdout);
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--version") {
            out << "tirkeu-cli " << TIRKEU_VERSION << Qt::endl;
            return 0;
        }
    }
    QTextStream(stderr) << "usage: tirkeu-cli [--version]" << Qt::endl;
    return 2;
}

} // namespace tirkeu::cli
