#pragma once
// The one tool runner of the tests: runs a program (openssl, certtool, pdftotext, bash, the
// tirkeu-cli binary…) to completion and returns its exit code and output, and small file helpers.
// Part of the tirkeu_test_support library that every test program links.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace tirkeu::test {

struct ToolRun {
    int code = -1;  // exit code; -1 when the program did not start, crashed or timed out
    QString out;    // standard output (both channels when ToolOptions::mergeChannels)
    QString err;    // standard error, or why the program could not run
    QString output; // out and err together (in order when merged)
    bool ok() const { return code == 0; }
};

struct ToolOptions {
    bool mergeChannels = false; // output is still out + err; merged keeps their order
    int timeoutMs = 300000;
    QByteArray input;                       // written to standard input, which is then closed
    std::optional<QProcessEnvironment> env; // default: this process's environment
    QStringList unsetEnv;                   // removed from that environment (e.g. DISPLAY)
    QString workingDirectory;
};

ToolRun runTool(const QString& program, const QStringList& args, const ToolOptions& options = {});
bool haveTool(const QString& name);

ToolRun openssl(const QStringList& args, const ToolOptions& options = {});
ToolRun certtool(const QStringList& args, const ToolOptions& options = {});
// The built tirkeu-cli binary ($TIRKEU_CLI, set by ctest); empty when unknown.
QString cliBinary();
ToolRun cliBinaryRun(const QStringList& args, const ToolOptions& options = {});

QByteArray readFile(const QString& path);
// A file's exact permission bits (0600 expected for key material and spool files); -1 when it cannot be read.
int fileMode(const QString& path);
bool writeFile(const QString& path, const QByteArray& bytes);

} // namespace tirkeu::test
