#pragma once
// Shared by the benchmarks: sizes from argv or the environment, a stopwatch, a child process measured
// on its own (wall time, CPU time and peak RSS of that one child, through /usr/bin/time), the output format: a
// readable report plus one "BENCH key=value" line per figure for scripts (tests/bench/smoke_bench.sh parses those),
// and the synthetic register: a CA set up through the real API, then N certificate rows (random 20-byte
// serials, some revoked) written straight into SQLite together with openssl's index.txt of the same entries.

#include "pki/Certificate.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "tests/common/TestPointers.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSqlDriver>
#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <array>
#include <functional>
#include <memory>

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

// "<program>: why" on standard error, exit status 1 (atexit handlers still run: children are stopped).
[[noreturn]] inline void die(const QString& why) {
    const QString program =
        QCoreApplication::instance() ? QCoreApplication::applicationName() : QStringLiteral("bench");
    std::fprintf(stderr, "%s: %s\n", qPrintable(program), qPrintable(why));
    std::fflush(stdout);
    std::exit(1);
}

// The value of a Result, or die naming what failed.
template <typename R> auto need(R&& result, const char* what) {
    if (!result)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.message()));
    return std::move(result.value());
}

// Readable by its owner only: it may be a secret file (password, passphrase), which tirkeu-cli refuses when
// other users can read it.
inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) &&
           f.write(bytes) == bytes.size();
}

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

// A positive count option (or zero when allowZero: "skip that part"); exits with a usage message when
// it is not one.
inline qint64 countOption(const QStringList& args, const QString& name, const char* env, qint64 fallback,
                          bool allowZero = false) {
    const QString text = option(args, name, env, QString::number(fallback));
    bool ok = false;
    const qint64 value = QString(text).remove(u',').remove(u'_').toLongLong(&ok);
    if (!ok || value < 0 || (value == 0 && !allowZero)) {
        std::fprintf(stderr, "%s: not a %s count: %s\n", qPrintable(name), allowZero ? "non-negative" : "positive",
                     qPrintable(text));
        std::exit(2);
    }
    return value;
}

// argv for posix_spawn: prefix, then program and args; owns the strings.
class SpawnArgs {
public:
    SpawnArgs(std::vector<std::string> prefix, const QString& program, const QStringList& args)
        : m_storage(std::move(prefix)) {
        m_storage.push_back(QFile::encodeName(program).toStdString());
        for (const QString& a : args)
            m_storage.push_back(a.toUtf8().toStdString());
        for (std::string& s : m_storage)
            m_argv.push_back(s.data());
        m_argv.push_back(nullptr);
    }
    SpawnArgs(const SpawnArgs&) = delete;
    SpawnArgs& operator=(const SpawnArgs&) = delete;
    const char* file() const { return m_argv.front(); }
    char* const* data() { return m_argv.data(); }

private:
    std::vector<std::string> m_storage;
    std::vector<char*> m_argv;
};

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
    SpawnArgs argv({"/usr/bin/time", "-f", "%e %U %S %M", "-o", QFile::encodeName(timeFile).toStdString()}, program,
                   args);
    const std::string out = QFile::encodeName(outputFile).toStdString();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const Stopwatch clock;
    const int rc = posix_spawn(&pid, argv.file(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        run.output = QByteArray("cannot start ") + argv.file() + ": " + std::strerror(rc);
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

// ---- the synthetic register ----

const QString kBenchPassword = QStringLiteral("Бенчмарк-құпия-2026");
const QString kBenchCaPassphrase = QStringLiteral("bench-ca-key-passphrase-2026");

// A new register file with its first administrator "admin", an officer "officer" (password
// kBenchPassword) and one CA whose key (passphrase kBenchCaPassphrase) and certificate are made by
// CaEngine::createRootCa, as an operator would.
struct BenchRegister {
    std::unique_ptr<registry::Register> reg;
    registry::Session admin;
    registry::Session officer;
    qint64 caId = 0;
    pki::Certificate caCertificate;
};

inline BenchRegister createBenchRegister(const QString& dbPath, const QString& caCode, const QString& caName,
                                         forms::CaKind kind, pki::KeyAlgorithm algorithm, const QString& keyPath) {
    using namespace registry;
    BenchRegister b;
    b.reg = need(Register::open(dbPath, Register::OpenMode::CreateOrUpgrade), "open the register");
    b.admin = need(b.reg->operators().createFirstAdministrator(QStringLiteral("admin"),
                                                               QStringLiteral("Жұмабаева Гүлнар"), kBenchPassword),
                   "first administrator");
    const QString officerName = QStringLiteral("Төлеуов Бауыржан");
    const qint64 officerId =
        need(b.reg->operators().add(b.admin, QStringLiteral("officer"), officerName, Role::Officer, kBenchPassword),
             "officer");
    b.officer = Session{officerId, QStringLiteral("officer"), officerName, Role::Officer};
    b.caId = need(b.reg->cas().add(b.admin, caCode, caName, kind, tirkeu::test::testPointers()), "CA");
    const CaInitResult init =
        need(CaEngine(*b.reg).createRootCa(b.admin, caCode, algorithm, keyPath, kBenchCaPassphrase, 10), "root CA");
    b.caCertificate = need(pki::Certificate::parse(init.certificateDer), "CA certificate");
    return b;
}

// splitmix64: a reproducible stream for serials, dates and reasons.
struct Random {
    quint64 state;
    quint64 next() {
        quint64 z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

using Serial = std::array<unsigned char, 20>;

// 20 bytes, positive, first byte non-zero; the last 8 bytes are the row number, so serials are unique.
inline Serial makeSerial(Random& rnd, quint64 index) {
    Serial s{};
    const quint64 a = rnd.next();
    const quint64 b = rnd.next();
    for (int i = 0; i < 8; ++i)
        s[size_t(i)] = (unsigned char)(a >> (8 * i));
    s[0] = (unsigned char)(0x10 | (s[0] & 0x6F)); // 0x10..0x7F
    for (int i = 0; i < 4; ++i)
        s[size_t(8 + i)] = (unsigned char)(b >> (8 * i));
    for (int i = 0; i < 8; ++i)
        s[size_t(12 + i)] = (unsigned char)(index >> (8 * (7 - i)));
    return s;
}

// Upper-case hex, as the register stores serials.
inline QByteArray hexUpper(const unsigned char* bytes, size_t n) {
    return QByteArray(reinterpret_cast<const char*>(bytes), qsizetype(n)).toHex().toUpper();
}
inline QByteArray hexUpper(const Serial& s) {
    return hexUpper(s.data(), s.size());
}

// "yyyy-MM-ddTHH:mm:ss.zzzZ" (the register) and "YYMMDDHHMMSSZ" (openssl's index.txt).
inline QByteArray dbTime(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.000")).toLatin1() +
           'Z';
}
inline QByteArray indexTime(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyMMddHHmmss")).toLatin1() + 'Z';
}

// openssl ca's index.txt reason names (it knows no privilegeWithdrawn / aACompromise).
inline const char* indexReason(int code) {
    switch (code) {
    case 1:
        return "keyCompromise";
    case 3:
        return "affiliationChanged";
    case 4:
        return "superseded";
    case 5:
        return "cessationOfOperation";
    default:
        return nullptr; // 0: no reason code anywhere
    }
}

inline sqlite3* sqliteHandle(registry::Database& db) {
    sqlite3* handle = db.sqlite();
    if (!handle)
        die(QStringLiteral("the register is not an SQLite file"));
    return handle;
}

inline void execSql(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const QString msg = QString::fromUtf8(err ? err : "?");
        sqlite3_free(err);
        die(QStringLiteral("%1: %2").arg(QLatin1String(sql), msg));
    }
}

// A prepared statement, finalised on scope exit.
struct Stmt {
    sqlite3_stmt* s = nullptr;
    Stmt(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
            die(QStringLiteral("prepare: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    }
    ~Stmt() { sqlite3_finalize(s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    void step(sqlite3* db) {
        if (sqlite3_step(s) != SQLITE_DONE)
            die(QStringLiteral("insert: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
        sqlite3_reset(s);
    }
};

// One synthetic certificate as written.
struct SyntheticCertificate {
    qint64 id = 0;
    Serial serial{};
    QByteArray serialHex;
    bool revoked = false;
    qint64 notBefore = 0, notAfter = 0; // seconds since the epoch
    qint64 revokedAt = 0;
    int reason = 0;
};

struct FillSpec {
    qint64 caId = 0;
    qint64 operatorId = 0;
    qint64 firstId = 1000; // certificate ids firstId, firstId + 1, ...
    qint64 count = 0;
    int revokedEvery = 1;   // 1: every certificate revoked; 10: ids ending in 3 of each ten; 0: none
    qint64 now = 0;         // seconds since the epoch
    QFile* index = nullptr; // openssl's index.txt (V and R lines), or none
    // The DER stored for a serial (its bytes); unset: a few dummy bytes (nothing the benchmark parses).
    std::function<QByteArray(const QByteArray& serial)> der;
};

// Inserts spec.count certificates (synthetic rows, as the issuing and revoking workflows would leave
// them) and the revocation rows of the revoked ones, in transactions of 100,000, and writes the same
// entries to spec.index. Revoked: issued 2 to 1 years ago, revoked at least a week ago; valid: issued
// within the last 300 days; all valid for 3 years. Calls each(certificate) for every one written.
inline void fillCertificates(sqlite3* db, const FillSpec& spec, Random& rnd,
                             const std::function<void(const SyntheticCertificate&)>& each = {}) {
    Stmt cert(db, "INSERT INTO certificates (id, ca_id, serial, subject, profile, not_before, not_after, der, status, "
                  "issued_by, issued_at, retention_until) VALUES (?, ?, ?, ?, 'individual_sign', ?, ?, ?, ?, ?, ?, ?)");
    Stmt rev(db, "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, "
                 "recorded_at, recorded_by) VALUES (?, ?, ?, ?, 'holder_application', ?, ?, ?)");
    // A big fill (10M rows) would insert into every secondary index of both tables in random order,
    // each insert a page miss once the indexes outgrow SQLite's small cache: hours. Instead the
    // secondary indexes are dropped and built again once at the end (a sort), with a large cache and no
    // fsync meanwhile. The unique constraints of the tables themselves stay.
    const bool bulk = spec.count >= 200000;
    QList<QByteArray> indexes;
    QByteArray synchronous = "FULL";
    if (bulk) {
        {
            Stmt sync(db, "PRAGMA synchronous");
            if (sqlite3_step(sync.s) == SQLITE_ROW)
                synchronous = QByteArray::number(sqlite3_column_int(sync.s, 0));
        }
        Stmt list(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
                      "('certificates', 'revocations')");
        QList<QByteArray> names;
        while (sqlite3_step(list.s) == SQLITE_ROW) {
            names << reinterpret_cast<const char*>(sqlite3_column_text(list.s, 0));
            indexes << reinterpret_cast<const char*>(sqlite3_column_text(list.s, 1));
        }
        sqlite3_reset(list.s);
        for (const QByteArray& name : names)
            execSql(db, QByteArray("DROP INDEX \"" + name + "\"").constData());
        execSql(db, "PRAGMA cache_size = -2000000"); // 2 GiB while building the indexes
        execSql(db, "PRAGMA synchronous = OFF");
    }
    static const unsigned char dummyDer[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    static const int reasons[] = {0, 1, 3, 4, 5, 4, 4, 0};
    const qint64 year = 365LL * 86400;
    QByteArray lines;
    execSql(db, "BEGIN IMMEDIATE");
    for (qint64 i = 0; i < spec.count; ++i) {
        SyntheticCertificate c;
        c.id = spec.firstId + i;
        c.serial = makeSerial(rnd, quint64(c.id));
        c.serialHex = hexUpper(c.serial);
        c.revoked = spec.revokedEvery == 1 || (spec.revokedEvery > 1 && i % spec.revokedEvery == 3);
        c.notBefore = c.revoked ? spec.now - 2 * year + qint64(rnd.next() % quint64(year))
                                : spec.now - 86400 - qint64(rnd.next() % quint64(300 * 86400));
        c.notAfter = c.notBefore + 3 * year;
        c.revokedAt = c.notBefore + 3600 + qint64(rnd.next() % quint64(year - 7 * 86400));
        c.reason = reasons[rnd.next() % 8];
        const QByteArray nb = dbTime(c.notBefore), na = dbTime(c.notAfter), ra = dbTime(c.revokedAt),
                         ret = dbTime(c.notAfter + 5 * year);
        const QByteArray subject = "CN=BENCH HOLDER " + QByteArray::number(c.id) + ",C=KZ";
        sqlite3_stmt* s = cert.s;
        sqlite3_bind_int64(s, 1, c.id);
        sqlite3_bind_int64(s, 2, spec.caId);
        sqlite3_bind_text(s, 3, c.serialHex.constData(), int(c.serialHex.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, subject.constData(), int(subject.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, nb.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 6, na.constData(), -1, SQLITE_TRANSIENT);
        const QByteArray der = spec.der ? spec.der(QByteArray::fromHex(c.serialHex)) : QByteArray();
        if (spec.der)
            sqlite3_bind_blob(s, 7, der.constData(), int(der.size()), SQLITE_TRANSIENT);
        else
            sqlite3_bind_blob(s, 7, dummyDer, sizeof dummyDer, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, c.revoked ? "revoked" : "valid", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 9, spec.operatorId);
        sqlite3_bind_text(s, 10, nb.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 11, ret.constData(), -1, SQLITE_TRANSIENT);
        cert.step(db);
        if (c.revoked) {
            sqlite3_stmt* r = rev.s;
            sqlite3_bind_int64(r, 1, c.id);
            sqlite3_bind_int64(r, 2, spec.caId);
            sqlite3_bind_text(r, 3, c.serialHex.constData(), int(c.serialHex.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int(r, 4, c.reason);
            sqlite3_bind_text(r, 5, ra.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(r, 6, ra.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(r, 7, spec.operatorId);
            rev.step(db);
        }
        if (spec.index) {
            lines += c.revoked ? "R\t" : "V\t";
            lines += indexTime(c.notAfter);
            lines += '\t';
            if (c.revoked) {
                lines += indexTime(c.revokedAt);
                if (const char* name = indexReason(c.reason)) {
                    lines += ',';
                    lines += name;
                }
            }
            lines += '\t';
            lines += c.serialHex;
            lines += "\tunknown\t/CN=BENCH HOLDER " + QByteArray::number(c.id) + "/C=KZ\n";
        }
        if (each)
            each(c);
        if ((i + 1) % 100000 == 0) {
            execSql(db, "COMMIT");
            execSql(db, "BEGIN IMMEDIATE");
            if (spec.index)
                spec.index->write(lines);
            lines.clear();
        }
    }
    execSql(db, "COMMIT");
    if (spec.index)
        spec.index->write(lines);
    if (bulk) {
        execSql(db, "BEGIN IMMEDIATE");
        for (const QByteArray& create : indexes)
            execSql(db, create.constData());
        execSql(db, "COMMIT");
        execSql(db, "PRAGMA cache_size = -2000");
        execSql(db, QByteArray("PRAGMA synchronous = " + synchronous).constData());
    }
}

} // namespace tirkeu::bench
