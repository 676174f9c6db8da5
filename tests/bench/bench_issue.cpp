// Benchmark (issue 3, "Performance"): issuance throughput. N approved applications (default 500)
// and N holder CSRs are made first, through the real registry API; then CaEngine::issueFromCsr runs
// in a loop with an RSA-2048 CA key in an encrypted PKCS#8 file, and the certificates/s are printed
// next to `openssl speed rsa2048` sign/s measured in the same run.
// Then the batch path (issue 18): N more approved applications issued with
// CaEngine::issueBatchFromCsrs (group commit: each group of certificates, application states and audit
// events one durable transaction in the on-disk SQLite register with the Database's own settings —
// WAL, synchronous=FULL: every commit fsync'ed — certificates signed ahead on 2 threads), printed as issue_batch_per_s
// next to the same openssl figure (openssl_rsa2048_sign_per_s, single core) and their ratio.
//
// --register-certs N first fills the register with N certificates of the CA made by the register generator
// (tests/bench/RegisterGenerator.h: persons, organisations, certificates, 10 % revoked), so that issuance is
// measured on a register of national size; the event log then holds no events for those rows, so the
// benchmark checks the events of its own certificates instead of verifying the whole log.
//
// --holder-key rsa2048 gives the holders RSA-2048 keys instead of P-256 (slower to make: the set-up takes about
// 50 ms a key); each RSA modulus is then judged by pki::KeyPolicy (OpenSSL's public-key check and the small-prime
// gcd), the cost a GOV letter of RSA holders pays.
//
//   bench_issue [--csrs N] [--batch-csrs N] [--register-certs N] [--speed-seconds S] [--holder-key p256|rsa2048]
//   (or TIRKEU_BENCH_CSRS, TIRKEU_BENCH_REGISTER_CERTS)

#include "BenchSupport.h"
#include "RegisterGenerator.h"
#include "tests/common/TestPointers.h"

#include "forms/Validation.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "pki/SubjectName.h"
#include "registry/Applications.h"
#include "registry/AuditLog.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstring>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tirkeu;
using namespace tirkeu::bench;
using namespace tirkeu::registry;

namespace {

const QString kCa = QStringLiteral("NCA-RSA");
const QString kPassphrase = QStringLiteral("bench-ca-key-passphrase-2026");
const QString kPassword = QStringLiteral("Бенчмарк-құпия-2026");

// The n-th valid IIN (FACTS.md check digit, both passes): born 1949-01-01..28, century/sex digit 3 (the
// register generator's holders are born from 1950 on).
QString iin(int n) {
    for (int k = n;; k += 100000) {
        const QString first11 = QStringLiteral("4901%1%2%3")
                                    .arg(1 + (k / 10000) % 28, 2, 10, QLatin1Char('0'))
                                    .arg(3)
                                    .arg(k % 10000, 4, 10, QLatin1Char('0'));
        int d[11];
        for (int i = 0; i < 11; ++i)
            d[i] = first11.at(i).digitValue();
        int r = 0;
        for (int i = 0; i < 11; ++i)
            r += d[i] * (i + 1);
        r %= 11;
        if (r == 10) {
            static const int w2[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
            r = 0;
            for (int i = 0; i < 11; ++i)
                r += d[i] * w2[i];
            r %= 11;
        }
        if (r != 10)
            return first11 + QString::number(r);
    }
}

// n written in Kazakh letters (a name holds no digit): 0 → А, 1 → Ә, …, 12 → ӘБ.
QString lettersOf(int n) {
    static const QString digits = QStringLiteral("АӘБВГҒДЕЖЗ");
    QString out;
    for (const QChar d : QString::number(n))
        out += digits.at(d.digitValue());
    return out;
}

forms::Submission individual(const QString& iin, int n, const QDate& today) {
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("iin"), iin},
                         {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                         {QStringLiteral("name"), QStringLiteral("Әлия-%1").arg(lettersOf(n))},
                         {QStringLiteral("patronymic"), QStringLiteral("Серікқызы")},
                         {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                         {QStringLiteral("city"), QStringLiteral("Қонаев")},
                         {QStringLiteral("email"), QStringLiteral("holder%1@example.kz").arg(n)},
                         {QStringLiteral("phone"), QStringLiteral("+7 701 234 56 78")},
                         {QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")}},
                         {QStringLiteral("validity"), QStringLiteral("1y")},
                         {QStringLiteral("key_media"), QStringLiteral("file")},
                         {QStringLiteral("application_date"), today.toString(Qt::ISODate)}};
    s.attachments = {QStringLiteral("identity_document_copy")};
    s.consent = true;
    return s;
}

// sign/s of `openssl speed -seconds S rsa2048`, or -1 with the output in `log`.
double opensslRsaSignsPerSecond(int seconds, QString& log) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"),
            {QStringLiteral("speed"), QStringLiteral("-seconds"), QString::number(seconds), QStringLiteral("rsa2048")});
    if (!p.waitForFinished(120000))
        return -1;
    log = QString::fromUtf8(p.readAll());
    static const QRegularExpression line(
        QStringLiteral(R"(^rsa\s+2048\s+bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+))"),
        QRegularExpression::MultilineOption);
    const auto m = line.match(log);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

// CPU seconds (user + system) of this process so far, all threads.
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The holders' CSRs, made in a child process: like requests that arrive from the holders' own tools, their keys are
// then new to this process (pki::KeyPolicy remembers the RSA moduli it has judged sound; keys made here would be
// judged at their making and the batch would not pay the check a real request pays). Made before the register is
// opened, while this process has one thread.
QList<QByteArray> csrsMadeApart(qint64 n, pki::KeyAlgorithm algorithm, const QString& file) {
    const QByteArray path = QFile::encodeName(file);
    const pid_t child = fork();
    if (child < 0)
        die(QStringLiteral("fork failed"));
    if (child == 0) {
        FILE* out = std::fopen(path.constData(), "wb");
        for (qint64 i = 0; out && i < n; ++i) {
            auto key = pki::KeyGenerator::generate(algorithm);
            if (!key)
                _exit(2);
            auto csr = pki::Csr::create(key->get(), pki::SubjectName::person(QStringLiteral("Қасымова"),
                                                                             QStringLiteral("Әлия"), {}, iin(int(i))));
            if (!csr)
                _exit(3);
            const quint32 size = quint32(csr->size());
            if (std::fwrite(&size, sizeof size, 1, out) != 1 || std::fwrite(csr->constData(), 1, size, out) != size)
                _exit(4);
        }
        _exit(out && std::fclose(out) == 0 ? 0 : 5);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die(QStringLiteral("the child making the CSRs failed (status %1)").arg(status));
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        die(QStringLiteral("cannot read %1").arg(file));
    const QByteArray all = in.readAll();
    QList<QByteArray> csrs;
    for (qsizetype at = 0; at + 4 <= all.size();) {
        quint32 size = 0;
        std::memcpy(&size, all.constData() + at, sizeof size);
        csrs << all.mid(at + 4, qsizetype(size));
        at += 4 + qsizetype(size);
    }
    if (csrs.size() != n)
        die(QStringLiteral("%1 CSRs made, %2 asked for").arg(csrs.size()).arg(n));
    return csrs;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 count = countOption(args, QStringLiteral("--csrs"), "TIRKEU_BENCH_CSRS", 500);
    const qint64 batchCount = countOption(args, QStringLiteral("--batch-csrs"), "TIRKEU_BENCH_BATCH_CSRS", count);
    const int groupSize = int(countOption(args, QStringLiteral("--group-size"), nullptr, 64));
    const int signingThreads = int(countOption(args, QStringLiteral("--signing-threads"), nullptr, 2));
    const int speedSeconds = int(countOption(args, QStringLiteral("--speed-seconds"), nullptr, 3));
    const qint64 registerCerts =
        countOption(args, QStringLiteral("--register-certs"), "TIRKEU_BENCH_REGISTER_CERTS", 0, true);
    const int holderKeyAt = int(args.indexOf(QStringLiteral("--holder-key")));
    const QString holderKey =
        holderKeyAt > 0 && holderKeyAt + 1 < args.size() ? args.at(holderKeyAt + 1) : QStringLiteral("p256");
    if (holderKey != u"p256" && holderKey != u"rsa2048")
        die(QStringLiteral("--holder-key takes p256 or rsa2048"));
    QTemporaryDir work;
    if (!work.isValid())
        die(QStringLiteral("no temporary folder"));
    std::printf("bench_issue: %lld certificates from pre-made CSRs, RSA-2048 CA key (encrypted PKCS#8 file), "
                "holder keys %s\n",
                (long long)count, holderKey == u"p256" ? "P-256" : "RSA-2048");
    std::printf("load average at the start: %s\n", qPrintable(loadAverage()));
    std::fflush(stdout);

    Stopwatch setup;
    // Approved applications and the holders' CSRs (P-256 holder keys unless --holder-key rsa2048: quick to make;
    // the CA signs RSA). The CSRs first, in a child process (csrsMadeApart).
    const QList<QByteArray> csrs =
        csrsMadeApart(count + batchCount, holderKey == u"p256" ? pki::KeyAlgorithm::EcP256 : pki::KeyAlgorithm::Rsa2048,
                      work.filePath(QStringLiteral("csrs.bin")));
    auto reg =
        need(Register::open(work.filePath(QStringLiteral("register.sqlite")), Register::OpenMode::CreateOrUpgrade),
             "open the register");
    const Session admin = need(reg->operators().createFirstAdministrator(QStringLiteral("admin"),
                                                                         QStringLiteral("Жұмабаева Гүлнар"), kPassword),
                               "first administrator");
    auto staff = [&](const char* login, Role role) {
        const QString l = QString::fromLatin1(login);
        const qint64 id = need(reg->operators().add(admin, l, l, role, kPassword), "staff");
        return Session{id, l, l, role};
    };
    const Session counter = staff("operator", Role::Operator);
    const Session approver = staff("officer.b", Role::Officer);
    const Session issuer = staff("officer.a", Role::Officer);
    need(reg->cas().add(admin, kCa, QStringLiteral("ҚР Ұлттық куәландырушы орталығы (RSA)"), forms::CaKind::National,
                        tirkeu::test::testPointers()),
         "CA");
    CaEngine engine(*reg);
    const QString keyPath = work.filePath(QStringLiteral("ca-key.p8"));
    const CaInitResult init =
        need(engine.createRootCa(admin, kCa, pki::KeyAlgorithm::Rsa2048, keyPath, kPassphrase, 10), "CA");
    if (registerCerts > 0) {
        GeneratorSpec spec;
        spec.certificates = registerCerts;
        spec.caId =
            need(reg->db().scalar(QStringLiteral("SELECT id FROM cas WHERE code = ?"), {kCa}), "CA id").toLongLong();
        spec.operatorId = issuer.operatorId;
        spec.now = QDateTime::currentSecsSinceEpoch();
        const GeneratorStats made = generateRegister(reg->db(), spec);
        std::printf("register filled with %lld certificates (%lld revoked) by the generator in %.1f s\n",
                    (long long)made.certificates, (long long)made.revoked, made.seconds);
        figure("issue.register_certificates", double(made.certificates));
    }

    const QDate today = QDateTime::currentDateTime().toTimeZone(Clock::zone()).date();
    QList<qint64> applications;
    for (qint64 i = 0; i < count + batchCount; ++i) {
        const QString holder = iin(int(i));
        const qint64 id = need(reg->applications().submit(counter, kCa, QStringLiteral("NCA-ISSUE-IND"),
                                                          individual(holder, int(i), today)),
                               "submit");
        if (Status s = reg->applications().approve(approver, id); !s)
            die(QStringLiteral("approve: %1").arg(s.message()));
        applications << id;
    }
    std::printf("set-up: register, CA, %lld approved applications and CSRs: %.1f s\n", (long long)(count + batchCount),
                setup.seconds());
    bool durableCommits = false;
    {
        const QString journal = need(reg->db().scalar(QStringLiteral("PRAGMA journal_mode")), "pragma").toString();
        const int synchronous = need(reg->db().scalar(QStringLiteral("PRAGMA synchronous")), "pragma").toInt();
        std::printf("register: SQLite on disk, journal_mode=%s, synchronous=%d (the Database's own settings)\n",
                    qPrintable(journal), synchronous);
        durableCommits = journal == u"wal" && synchronous == 2;
    }
    std::fflush(stdout);

    // ---- the timed loop ----
    const pki::SecretSource secret = pki::SecretSource::literal(kPassphrase);
    QByteArray lastDer;
    Stopwatch loop;
    for (qint64 i = 0; i < count; ++i) {
        auto issued = need(engine.issueFromCsr(issuer, applications.at(i), csrs.at(i), secret), "issue");
        lastDer = issued.der;
    }
    const double seconds = loop.seconds();
    const double perSecond = double(count) / seconds;

    // ---- the batch: the next batchCount applications in one call, group commit ----
    std::vector<BatchItem> batch;
    for (qint64 i = count; i < count + batchCount; ++i) {
        BatchItem item;
        item.applicationId = applications.at(i);
        item.csr = csrs.at(i);
        batch.push_back(std::move(item));
    }
    BatchOptions batchOptions;
    batchOptions.groupSize = groupSize;
    batchOptions.signingThreads = signingThreads;
    qint64 handedOut = 0;
    bool handedOutBeforeCommit = false;
    double firstCommitAt = -1; // the first group's commit: the CA key unlock and the first group are behind
    qint64 firstGroup = 0;
    const double batchCpuStart = cpuSeconds();
    Stopwatch batchClock;
    const BatchResult batchResult =
        need(engine.issueBatchFromCsrs(issuer, batch, secret, batchOptions,
                                       [&](const BatchResult& soFar, const std::vector<std::size_t>& committed) {
                                           // Handed out only now: each one is in the committed register.
                                           if (firstCommitAt < 0) {
                                               firstCommitAt = batchClock.seconds();
                                               firstGroup = qint64(committed.size());
                                           }
                                           for (std::size_t k : committed) {
                                               handedOutBeforeCommit = handedOutBeforeCommit ||
                                                                       soFar.items[k].outcome != BatchOutcome::Issued;
                                               lastDer = soFar.items[k].issued.der;
                                               ++handedOut;
                                           }
                                           return true;
                                       }),
             "batch");
    const double batchSeconds = batchClock.seconds();
    const double batchCpu = cpuSeconds() - batchCpuStart;
    const double batchPerSecond = double(batchResult.issued) / batchSeconds;
    // After the first commit: the rate of the groups that follow (the unlock, once per batch, is behind).
    const double steadySeconds = batchSeconds - firstCommitAt;
    const double steadyPerSecond =
        firstCommitAt >= 0 && steadySeconds > 0 ? double(batchResult.issued - firstGroup) / steadySeconds : 0.0;

    // Where the time goes: the CA key is unlocked (scrypt) by every issueFromCsr call.
    const int unlocks = 3;
    Stopwatch unlockClock;
    for (int i = 0; i < unlocks; ++i)
        need(pki::CaKey::open(QStringLiteral("file:") + keyPath, secret), "CA key");
    const double unlockSeconds = unlockClock.seconds() / unlocks;

    QString speedLog;
    const double opensslSigns = opensslRsaSignsPerSecond(speedSeconds, speedLog);
    if (opensslSigns <= 0)
        die(QStringLiteral("cannot read openssl speed's output:\n%1").arg(speedLog));

    // ---- checks: every application done, one certificate each, the last one verifies ----
    int failures = 0;
    auto check = [&](bool ok, const QString& what) {
        std::printf("  check: %-70s %s\n", qPrintable(what), ok ? "ok" : "FAILED");
        failures += ok ? 0 : 1;
    };
    check(durableCommits, QStringLiteral("register commits are fsync'ed (WAL, synchronous=FULL)"));
    const qint64 certificates =
        need(reg->db().scalar(QStringLiteral("SELECT count(*) FROM certificates")), "count").toLongLong();
    const qint64 done =
        need(reg->db().scalar(QStringLiteral("SELECT count(*) FROM applications WHERE status = 'done'")), "count")
            .toLongLong();
    check(certificates == registerCerts + count + batchCount && done == count + batchCount,
          QStringLiteral("%1 certificates, %2 applications done").arg(certificates).arg(done));
    check(batchResult.issued == batchCount && batchResult.refused == 0 && batchResult.lost == 0 &&
              handedOut == batchCount && !handedOutBeforeCommit,
          QStringLiteral("batch: %1 issued, each handed out after its group's commit").arg(batchResult.issued));
    {
        const qint64 events =
            need(reg->db().scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE event_type = "
                                                 "'certificate.issued'")),
                 "count")
                .toLongLong();
        if (registerCerts == 0) {
            const AuditVerifyReport audit = need(reg->audit().verify(), "audit verify");
            check(events == count + batchCount && audit.ok,
                  QStringLiteral("%1 certificate.issued events, event log verifies").arg(events));
        } else { // the generated rows have no events: verify would name them
            check(events == count + batchCount, QStringLiteral("%1 certificate.issued events").arg(events));
        }
    }
    {
        const QString caPem = work.filePath(QStringLiteral("ca.pem"));
        const QString leafPem = work.filePath(QStringLiteral("leaf.pem"));
        QFile ca(caPem), leaf(leafPem);
        const bool written = ca.open(QIODevice::WriteOnly) &&
                             ca.write(need(pki::Certificate::parse(init.certificateDer), "CA").pem()) > 0 &&
                             leaf.open(QIODevice::WriteOnly) &&
                             leaf.write(need(pki::Certificate::parse(lastDer), "leaf").pem()) > 0;
        ca.close();
        leaf.close();
        QProcess v;
        v.setProcessChannelMode(QProcess::MergedChannels);
        v.start(QStringLiteral("openssl"), {QStringLiteral("verify"), QStringLiteral("-CAfile"), caPem, leafPem});
        v.waitForFinished(30000);
        check(written && v.exitCode() == 0 && v.readAll().contains(": OK"),
              QStringLiteral("openssl verify accepts the last certificate"));
    }

    std::printf("\nissuance from pre-made CSRs:\n");
    std::printf("  CaEngine::issueFromCsr     %lld certificates in %.3f s -> %.1f certificates/s (%.2f ms each)\n",
                (long long)count, seconds, perSecond, 1000.0 * seconds / double(count));
    std::printf("  of which CA key unlock     %.2f ms per call (scrypt PKCS#8, measured apart)\n",
                1000.0 * unlockSeconds);
    std::printf("  openssl speed rsa2048      %.1f sign/s (-seconds %d, one core)\n", opensslSigns, speedSeconds);
    std::printf("  ratio: certificates/s / openssl sign/s = %.4f\n", perSecond / opensslSigns);
    std::printf("\nbatch issuance from pre-made CSRs (group commit, %d per group or 50 ms, %d signing threads):\n",
                groupSize, signingThreads);
    std::printf("  issueBatchFromCsrs         %d certificates in %.3f s -> %.1f certificates/s, %d durable commits\n",
                batchResult.issued, batchSeconds, batchPerSecond, batchResult.groups);
    std::printf("  ratio: certificates/s / openssl sign/s = %.4f (goal: at least 0.8)\n",
                batchPerSecond / opensslSigns);
    std::printf("  first group committed after %.3f s (CA key unlock, first group); the %lld after it at %.1f "
                "certificates/s -> ratio %.4f (not the goal's figure: the goal counts the whole batch)\n",
                firstCommitAt, (long long)(batchResult.issued - firstGroup), steadyPerSecond,
                steadyPerSecond / opensslSigns);
    std::printf("  CPU time of the batch (all threads) %.3f s -> %.3f ms a certificate\n", batchCpu,
                batchResult.issued > 0 ? 1000.0 * batchCpu / double(batchResult.issued) : 0.0);
    figure("issue.count", double(count));
    figure("issue.seconds", seconds);
    figure("issue.per_s", perSecond);
    figure("issue.key_unlock_ms", 1000.0 * unlockSeconds);
    figure("issue.openssl_sign_per_s", opensslSigns);
    figure("issue.ratio", perSecond / opensslSigns);
    figure("issue_batch.count", double(batchResult.issued));
    figure("issue_batch.seconds", batchSeconds);
    figure("issue_batch.groups", double(batchResult.groups));
    figure("issue_batch.cpu_s", batchCpu);
    figure("issue_batch_per_s", batchPerSecond);
    figure("openssl_rsa2048_sign_per_s", opensslSigns);
    figure("issue_batch_ratio", batchPerSecond / opensslSigns);
    figure("issue_batch.first_commit_s", firstCommitAt);
    figure("issue_batch.after_first_commit_per_s", steadyPerSecond);
    figure("issue_batch.after_first_commit_ratio", steadyPerSecond / opensslSigns);
    figure("checks_failed", failures);
    std::printf("load average at the end: %s\n", qPrintable(loadAverage()));
    std::printf("bench_issue: %s\n", failures == 0 ? "all checks passed" : "SOME CHECKS FAILED");
    return failures == 0 ? 0 : 1;
}
