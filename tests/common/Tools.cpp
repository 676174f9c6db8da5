#include "common/Tools.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <sys/stat.h>

namespace tirkeu::test {

ToolRun runTool(const QString& program, const QStringList& args, const ToolOptions& options) {
    ToolRun r;
    QProcess p;
    p.setProcessChannelMode(options.mergeChannels ? QProcess::MergedChannels : QProcess::SeparateChannels);
    if (options.env || !options.unsetEnv.isEmpty()) {
        QProcessEnvironment env = options.env.value_or(QProcessEnvironment::systemEnvironment());
        for (const QString& name : options.unsetEnv)
            env.remove(name);
        p.setProcessEnvironment(env);
    }
    if (!options.workingDirectory.isEmpty())
        p.setWorkingDirectory(options.workingDirectory);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = r.output = QStringLiteral("could not start %1: %2").arg(program, p.errorString());
        return r;
    }
    if (!options.input.isEmpty())
        p.write(options.input);
    p.closeWriteChannel();
    if (!p.waitForFinished(options.timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = r.output = QStringLiteral("%1 did not finish within %2 s").arg(program).arg(options.timeoutMs / 1000);
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    // Merged: everything came on standard output (Qt warns when the other channel is read then).
    if (!options.mergeChannels)
        r.err = QString::fromUtf8(p.readAllStandardError());
    r.output = r.out + r.err;
    return r;
}

bool haveTool(const QString& name) {
    return !QStandardPaths::findExecutable(name).isEmpty();
}

ToolRun openssl(const QStringList& args, const ToolOptions& options) {
    return runTool(QStringLiteral("openssl"), args, options);
}

ToolRun certtool(const QStringList& args, const ToolOptions& options) {
    return runTool(QStringLiteral("certtool"), args, options);
}

QString cliBinary() {
    return qEnvironmentVariable("TIRKEU_CLI");
}

ToolRun cliBinaryRun(const QStringList& args, const ToolOptions& options) {
    const QString binary = cliBinary();
    if (binary.isEmpty()) {
        ToolRun r;
        r.err = r.output = QStringLiteral("TIRKEU_CLI is not set (ctest sets it)");
        return r;
    }
    return runTool(binary, args, options);
}

int fileMode(const QString& path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
           f.write(bytes) == bytes.size();
}

} // namespace tirkeu::test
