#pragma once
// One tirkeu-cli command = one class: its words ("db init"), a translated summary, its options table
// (which also generates --help and the man page), and run() returning an exit code. Commands write
// through the context's streams so the tests run them in-process.

#include "pki/Result.h"
#include "registry/Register.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

#include <boost/program_options.hpp>

#include <memory>
#include <optional>

namespace tirkeu::cli {

namespace po = boost::program_options;

struct GlobalOptions {
    QString db;           // --db PATH|URL (default: the embedded register in the user's data dir)
    QString as;           // --as LOGIN
    QString passwordFile; // --password-file FILE (else $TIRKEU_PASSWORD)
    bool json = false;    // --json: machine output on stdout
    QString lang;         // --lang kk|ru|en
};

class CliContext {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CliContext)
public:
    CliContext(QTextStream& out, QTextStream& err, const registry::Clock* clock = nullptr)
        : m_out(out)
        , m_err(err)
        , m_clock(clock) {}

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    GlobalOptions& options() { return m_options; }
    const GlobalOptions& options() const { return m_options; }
    bool json() const { return m_options.json; }

    QString dbLocation() const;
    // The clock every register this command opens is run by (nullptr: the system clock).
    const registry::Clock* clock() const { return m_clock; }
    // Opens the register (once). create: db init may create/upgrade it.
    Result<registry::Register*> reg(bool create = false);
    // Signs in with --as and the password from --password-file or $TIRKEU_PASSWORD.
    Result<registry::Session> session();
    // Reads a secret: first line of a file (trailing newline stripped), else the environment variable.
    static Result<QString> readSecret(const QString& file, const char* envVar, const QString& what);

    // Prints an error (stderr) and returns its exit code.
    int fail(const Error& e);
    int fail(ErrorCode code, const QString& message) { return fail(makeError(code, message)); }
    void printJson(const QJsonValue& v);

private:
    QTextStream& m_out;
    QTextStream& m_err;
    const registry::Clock* m_clock;
    GlobalOptions m_options;
    std::unique_ptr<registry::Register> m_reg;
    std::optional<registry::Session> m_session;
};

class Command {
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;            // "db init"
    virtual QString summary() const = 0;         // one translated line
    virtual QString usage() const { return {}; } // positional arguments, e.g. "ID"
    virtual void addOptions(po::options_description&) const {}
    virtual void addPositional(po::positional_options_description&) const {}
    virtual int run(CliContext& ctx, const po::variables_map& vm) = 0;
    // Whether the command (with these arguments of its own) needs a QGuiApplication — PDF rendering,
    // fonts — instead of a plain QCoreApplication; decided before Qt starts (CliApp::needsGui).
    virtual bool needsGui(const QStringList& args) const {
        Q_UNUSED(args);
        return false;
    }
};

// Helpers for option values (Boost gives std::string; the project speaks QString).
inline QString qs(const po::variables_map& vm, const char* key) {
    return vm.count(key) ? QString::fromStdString(vm[key].as<std::string>()) : QString();
}
inline bool has(const po::variables_map& vm, const char* key) {
    return vm.count(key) > 0;
}
// Timestamps in --json output: the register's own UTC form, empty when unset.
inline QString isoTime(const QDateTime& t) {
    return t.isValid() ? registry::toDbTime(t) : QString();
}

} // namespace tirkeu::cli
