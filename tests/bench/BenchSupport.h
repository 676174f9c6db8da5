#pragma once
// Shared by the benchmarks: sizes from argv or the environment, a stopwatch, a child process measured
// on its own (wall time, CPU time and peak RSS of that one child, through /usr/bin/time), and the output format: a
// readable report plus one "BENCH key=value" line per figure for scripts (tests/bench/smoke_bench.sh parses those).

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tirkeu::bench {

class Stopwatch {
public:
    Stopwatch()
        : m_start(std::chrono::steady_clock::now()) {}
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
    void restart() { m_start = std::chrono::steady_clock::now(); }

private:
    std::chrono::steady_clock::time_point m_start;
};

// "--name VALUE" on the command line, else the environment variable, else the default.
inline QString option(const QStringList& args, const QString& name, const char* env, const QString& fallback) {
    const int i = args.indexOf(name);
    if (i >= 0 && i + 1 < args.size())
        return args.at(i + 1);
    if (env && qEnvironmentVariableIsSet(env))
        return qEnvironmentVariable(env);
    return fallback;
}

// A positive count option; exits with a usage message when it is not one.
inline qint64 countOption(const QStringList& args, const QString& name, const char* env, qint64 fallback) {
    const QString text = option(args, name, env, QString::number(fallback));
    bool ok = false;
    const qint64 value = QString(text).remove(u',').remove(u'_').toLongLong(&ok);
    if (!ok || value <= 0) {
        std::fprintf(stderr, "%s: not a positive count: %s\n", qPrintable(name), qPrintable(text));
        std::exit(2);
    }
    return value;
}

struct ChildRun {
    bool started = false;
    int exitCode = -1; // -1: did not start or was killed by a signal
    double wall = 0;   // seconds
    double user = 0;
    double sys = 0;
    qint64 maxRssKiB = 0;
    QByteArray output; // standard output and error, as written to the output file
    double rssMiB() const { return double(maxRssKiB) / 1024.0; }
    bool ok() const { return started && exitCode == 0; }
};

// Runs `program` (searched in PATH) with `args`, its standard output and error going to outputFile,
// and measures it alone. Through /usr/bin/time, not our own wait4(): Linux counts the memory of the
// process an exec() replaces into the new program's peak RSS, and a child spawned straight from this
// (large) process would inherit ours. /usr/bin/time is small and forks the program itself.
inline ChildRun runMeasured(const QString& program, const QStringList& args, const QString& outputFile) {
    ChildRun run;
    const QString timeFile = outputFile + QStringLiteral(".time");
    std::vector<std::string> storage{"/usr/bin/time", "-f", "%e %U %S %M", "-o",
                                     QFile::encodeName(timeFile).toStdString()};
    storage.push_back(QFile::encodeName(program).toStdString());
    for (const QString& a : args)
        storage.push_back(a.toUtf8().toStdString());
    std::vector<char*> argv;
    for (std::string& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string out = QFile::encodeName(outputFile).toStdString();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const Stopwatch clock;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        run.output = QByteArray("cannot start ") + argv[0] + ": " + std::strerror(rc);
        return run;
    }
    run.started = true;
    int status = 0;
    pid_t waited = -1;
    do {
        waited = ::waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    run.wall = clock.seconds();
    if (waited == pid && WIFEXITED(status))
        run.exitCode = WEXITSTATUS(status);
    // The last line of /usr/bin/time's report: "wall user sys maxrss" (a signal adds a line before it).
    QFile t(timeFile);
    const QStringList fields = t.open(QIODevice::ReadOnly)
                                   ? QString::fromLatin1(t.readAll()).trimmed().split(u'\n').last().split(u' ')
                                   : QStringList();
    if (fields.size() == 4) {
        run.user = fields.at(1).toDouble();
        run.sys = fields.at(2).toDouble();
        run.maxRssKiB = fields.at(3).toLongLong(); // kilobytes
    } else {
        run.exitCode = -1;
    }
    QFile f(outputFile);
    if (f.open(QIODevice::ReadOnly))
        run.output = f.read(256 * 1024);
    return run;
}

// The first three fields of /proc/loadavg: other work on the machine skews wall times.
inline QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(f.readLine()).section(u' ', 0, 2);
}

// One machine-readable figure: "BENCH key=value".
inline void figure(const char* key, double value) {
    std::printf("BENCH %s=%.6g\n", key, value);
}

inline double mib(qint64 bytes) {
    return double(bytes) / (1024.0 * 1024.0);
}

} // namespace tirkeu::bench
