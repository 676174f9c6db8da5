// Benchmark (issue 3, "Performance"): a register with N revoked certificates (default 1,000,000),
// its full CRL published by `tirkeu-cli crl publish` in a child process, against `openssl ca -gencrl`
// over the same revoked set in the same run (wall time and peak RSS of each child alone); then D more
// revocations through CaEngine::revoke (default 1,000) and a delta CRL, timed against the full one.
// Both CRLs are checked: ours parses and verifies with `openssl crl`, and the revoked entries
// (serial, date, reason) of ours and of openssl's are the same set.
//
// Then the same CA partitioned in P serial ranges (issue 18): one crl publish of its own CRL and the P
// partitions' CRLs, timed against the full one.
//
//   bench_crl --cli PATH/tirkeu-cli [--revoked N] [--delta D] [--partitions P] [--dir DIR]
//   (or TIRKEU_CLI, TIRKEU_BENCH_REVOKED, TIRKEU_BENCH_DELTA, TIRKEU_BENCH_PARTITIONS (16; 0: none);
//   --dir keeps the files there)

#include "BenchSupport.h"

#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/CrlWriter.h"
#include "pki/KeyGenerator.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/CrlPartitions.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Register.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDriver>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <map>

#include <algorithm>
#include <cinttypes>
#include <optional>

using namespace tirkeu;
using namespace tirkeu::bench;
using namespace tirkeu::registry;

namespace {

const QString kCa = QStringLiteral("ROOT");
const QString kPassphrase = kBenchCaPassphrase;
const QString kPassword = kBenchPassword;

// ---- reading a CRL's revoked entries from its DER, independently of both writers ----

struct Der {
    unsigned char tag = 0;
    const unsigned char* content = nullptr;
    size_t length = 0;
    const unsigned char* end = nullptr; // just past this element
};

bool readDer(const unsigned char*& p, const unsigned char* end, Der& out) {
    if (end - p < 2)
        return false;
    out.tag = *p++;
    size_t len = *p++;
    if (len & 0x80) {
        const int n = int(len & 0x7F);
        if (n == 0 || n > 4 || end - p < n)
            return false;
        len = 0;
        for (int i = 0; i < n; ++i)
            len = (len << 8) | *p++;
    }
    if (size_t(end - p) < len)
        return false;
    out.content = p;
    out.length = len;
    out.end = p + len;
    p = out.end;
    return true;
}

// One sortable text per revoked entry: "SERIALHEX time reason"; nullopt when the DER is not a CRL.
std::optional<std::vector<std::string>> revokedEntries(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    const unsigned char* end = p + der.size();
    Der crl, tbs, item;
    if (!readDer(p, end, crl) || crl.tag != 0x30)
        return std::nullopt;
    p = crl.content;
    if (!readDer(p, crl.end, tbs) || tbs.tag != 0x30)
        return std::nullopt;
    p = tbs.content;
    if (!readDer(p, tbs.end, item)) // version (v2) or signature
        return std::nullopt;
    if (item.tag == 0x02 && !readDer(p, tbs.end, item)) // signature
        return std::nullopt;
    Der issuer, thisUpdate;
    if (!readDer(p, tbs.end, issuer) || !readDer(p, tbs.end, thisUpdate))
        return std::nullopt;
    std::vector<std::string> entries;
    while (p < tbs.end) {
        if (!readDer(p, tbs.end, item))
            return std::nullopt;
        if (item.tag != 0x30)
            continue; // nextUpdate, crlExtensions [0]
        const unsigned char* q = item.content;
        Der entry;
        while (q < item.end) {
            if (!readDer(q, item.end, entry) || entry.tag != 0x30)
                return std::nullopt;
            const unsigned char* e = entry.content;
            Der serial, when, ext;
            if (!readDer(e, entry.end, serial) || serial.tag != 0x02 || !readDer(e, entry.end, when))
                return std::nullopt;
            const unsigned char* s = serial.content;
            size_t n = serial.length;
            while (n > 1 && *s == 0) {
                ++s;
                --n;
            }
            std::string text = hexUpper(s, n).toStdString();
            text += ' ';
            text.append(reinterpret_cast<const char*>(when.content), when.length);
            int reason = 0;
            if (readDer(e, entry.end, ext)) {
                static const unsigned char oid[] = {0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01};
                const auto* hit = std::search(ext.content, ext.end, oid, oid + sizeof oid);
                if (hit != ext.end && hit + sizeof oid < ext.end)
                    reason = hit[sizeof oid];
            }
            text += ' ';
            text += std::to_string(reason);
            entries.push_back(std::move(text));
        }
    }
    return entries;
}

QByteArray pemToDer(const QByteArray& pem) {
    const qsizetype begin = pem.indexOf("-----BEGIN X509 CRL-----");
    const qsizetype end = pem.indexOf("-----END X509 CRL-----");
    if (begin < 0 || end < begin)
        return {};
    const qsizetype from = pem.indexOf('\n', begin) + 1;
    return QByteArray::fromBase64(pem.mid(from, end - from));
}

struct Check {
    int failures = 0;
    void operator()(bool ok, const QString& what) {
        std::printf("  check: %-70s %s\n", qPrintable(what), ok ? "ok" : "FAILED");
        if (!ok)
            ++failures;
    }
};

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 revokedCount = countOption(args, QStringLiteral("--revoked"), "TIRKEU_BENCH_REVOKED", 1000000);
    const qint64 deltaCount = countOption(args, QStringLiteral("--delta"), "TIRKEU_BENCH_DELTA", 1000);
    const qint64 partitionCount =
        countOption(args, QStringLiteral("--partitions"), "TIRKEU_BENCH_PARTITIONS", 16, true); // 0: no partitioned run
    const QString cli = option(args, QStringLiteral("--cli"), "TIRKEU_CLI", {});
    if (cli.isEmpty() || !QFileInfo(cli).isExecutable())
        die(QStringLiteral("give the tirkeu-cli binary with --cli PATH (or TIRKEU_CLI)"));
    QTemporaryDir temp;
    const QString dirOption = option(args, QStringLiteral("--dir"), nullptr, {});
    const QString work = dirOption.isEmpty() ? temp.path() : QDir(dirOption).absolutePath();
    if (!QDir().mkpath(work) || !QDir(work).isEmpty())
        die(QStringLiteral("the work folder %1 must be new or empty").arg(work));
    const QString dbPath = work + u"/register.sqlite";
    const QString keyPath = work + u"/ca-key.p8";
    const QString passFile = work + u"/ca-passphrase.txt";
    const QString passwordFile = work + u"/password.txt";
    const QString oursDir = work + u"/crl-cli";
    const QString inProcDir = work + u"/crl-inproc";
    const QString opensslDir = work + u"/openssl";
    for (const QString& d : {oursDir, inProcDir, opensslDir})
        QDir().mkpath(d);
    if (!writeFile(passFile, kPassphrase.toUtf8() + '\n') || !writeFile(passwordFile, kPassword.toUtf8() + '\n'))
        die(QStringLiteral("cannot write into %1").arg(work));

    std::printf("bench_crl: %lld revoked certificates, then %lld more for the delta CRL; work folder %s\n",
                (long long)revokedCount, (long long)deltaCount, qPrintable(work));
    std::printf("load average at the start: %s (2 cores: figures above ~2 are skewed by other work)\n",
                qPrintable(loadAverage()));
    std::fflush(stdout);

    // ---- the register and its CA, through the real API ----
    Stopwatch setup;
    BenchRegister bench = createBenchRegister(dbPath, kCa, QStringLiteral("Түбір куәландырушы орталығы"),
                                              forms::CaKind::Root, pki::KeyAlgorithm::Rsa2048, keyPath);
    const Session& officer = bench.officer;
    const qint64 caId = bench.caId;
    const pki::Certificate& caCert = bench.caCertificate;
    CaEngine engine(*bench.reg);
    const QString caPem = work + u"/ca.pem";
    writeFile(caPem, caCert.pem());

    // ---- N revoked certificates as synthetic rows, and openssl's index.txt with the same entries ----
    sqlite3* sql = sqliteHandle(bench.reg->db());
    QFile index(opensslDir + u"/index.txt");
    if (!index.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(index.fileName()));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Random rnd{20260302};
    // A CA that partitions its CRLs has each revoked certificate's DER name the CRL that lists it (publishing
    // checks it: registry/CrlPartitions::checkMembers), so with partitions the rows carry real certificates
    // issued by the bench's CA: one per serial range, naming its partition, and one naming the CA's own CRL
    // (the D revoked later through the API). Without partitions, a few dummy bytes as before.
    const QString cdp = QStringLiteral("http://crl.example.kz/ROOT.crl");
    const registry::CrlPartitioning scheme{registry::CrlPartitioning::Kind::SerialRange,
                                           int(qMax<qint64>(2, partitionCount))};
    std::map<QString, QByteArray> templates; // CDP URL -> certificate
    const auto templateNaming = [&](const QString& url) -> QByteArray {
        auto it = templates.find(url);
        if (it != templates.end())
            return it->second;
        static const auto issuerKey =
            need(pki::CaKey::open(QStringLiteral("file:") + keyPath, pki::SecretSource::literal(kPassphrase)),
                 "CA key for the template certificates");
        static const auto holderKey = need(pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256), "holder key");
        pki::CertificateSpec spec;
        spec.subject = pki::SubjectName::person(QStringLiteral("Бенчмарк"), QStringLiteral("Тест"), {},
                                                QStringLiteral("900701300108"));
        spec.profile = pki::Profile(pki::ProfileKind::IndividualSign);
        spec.notBefore = QDateTime::currentDateTimeUtc();
        spec.notAfter = spec.notBefore.addYears(3);
        spec.crlUrl = url;
        auto issuerCert = caCert.toX509();
        const QByteArray der = need(
            pki::CertificateBuilder::build(spec, holderKey.get(), issuerCert.get(), issuerKey->pkey()), "template");
        return templates.emplace(url, der).first->second;
    };
    Stopwatch fill;
    FillSpec revokedRows;
    if (partitionCount >= 2)
        revokedRows.der = [&](const QByteArray& serial) {
            return templateNaming(
                registry::CrlPartitions::partitionUrl(cdp, registry::CrlPartitions::labelFor(scheme, serial, {})));
        };
    revokedRows.caId = caId;
    revokedRows.operatorId = officer.operatorId;
    revokedRows.count = revokedCount;
    revokedRows.now = now;
    revokedRows.index = &index;
    fillCertificates(sql, revokedRows, rnd);
    index.close();
    execSql(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
    const double fillSeconds = fill.seconds();
    std::printf("set-up: register, CA (RSA 2048, file key) %.1f s; %lld synthetic revoked rows + index.txt %.1f s; "
                "register file %.0f MiB\n",
                setup.seconds() - fillSeconds, (long long)revokedCount, fillSeconds, mib(QFileInfo(dbPath).size()));
    writeFile(opensslDir + u"/crlnumber", "1000\n");
    const QByteArray cnf = "[ ca ]\ndefault_ca = bench\n[ bench ]\ndir = " + QFile::encodeName(opensslDir) +
                           "\ndatabase = $dir/index.txt\ncrlnumber = $dir/crlnumber\n"
                           "certificate = " +
                           QFile::encodeName(caPem) + "\nprivate_key = " + QFile::encodeName(keyPath) +
                           "\ndefault_md = sha256\ndefault_crl_hours = 27\nunique_subject = no\n"
                           "crl_extensions = crl_ext\n[ crl_ext ]\nauthorityKeyIdentifier = keyid:always\n";
    writeFile(opensslDir + u"/openssl.cnf", cnf);
    std::fflush(stdout);

    Check check;
    // ---- full CRL: tirkeu-cli crl publish, in its own process ----
    const QStringList cliBase{QStringLiteral("--db"),
                              dbPath,
                              QStringLiteral("--as"),
                              QStringLiteral("officer"),
                              QStringLiteral("--password-file"),
                              passwordFile,
                              QStringLiteral("--json")};
    const ChildRun ours = runMeasured(cli,
                                      cliBase + QStringList{QStringLiteral("crl"), QStringLiteral("publish"),
                                                            QStringLiteral("--ca"), kCa, QStringLiteral("--out"),
                                                            oursDir, QStringLiteral("--ca-passphrase-file"), passFile},
                                      work + u"/cli-full.out");
    if (!ours.ok())
        die(QStringLiteral("tirkeu-cli crl publish failed (%1): %2")
                .arg(ours.exitCode)
                .arg(QString::fromUtf8(ours.output)));
    const QJsonObject oursJson = QJsonDocument::fromJson(ours.output).object();
    const qint64 oursEntries = oursJson.value(QStringLiteral("entries")).toInteger();
    const QString oursDer = oursJson.value(QStringLiteral("der")).toString();
    const qint64 oursSize = QFileInfo(oursDer).size();
    const qint64 oursPemSize = QFileInfo(oursJson.value(QStringLiteral("pem")).toString()).size();

    // ---- the same revoked set through openssl ca -gencrl ----
    const QString opensslCrl = opensslDir + u"/openssl-crl.pem";
    const ChildRun ref =
        runMeasured(QStringLiteral("openssl"),
                    {QStringLiteral("ca"), QStringLiteral("-gencrl"), QStringLiteral("-batch"),
                     QStringLiteral("-config"), opensslDir + u"/openssl.cnf", QStringLiteral("-passin"),
                     QStringLiteral("file:") + passFile, QStringLiteral("-out"), opensslCrl},
                    work + u"/openssl-ca.out");
    if (!ref.ok())
        die(QStringLiteral("openssl ca -gencrl failed (%1): %2").arg(ref.exitCode).arg(QString::fromUtf8(ref.output)));
    const qint64 refPemSize = QFileInfo(opensslCrl).size();
    // What both pay before any CRL work: unlocking the same scrypt-encrypted CA key, measured on its own.
    const ChildRun unlock =
        runMeasured(QStringLiteral("openssl"),
                    {QStringLiteral("pkey"), QStringLiteral("-in"), keyPath, QStringLiteral("-passin"),
                     QStringLiteral("file:") + passFile, QStringLiteral("-noout")},
                    work + u"/openssl-pkey.out");
    if (!unlock.ok())
        die(QStringLiteral("openssl pkey cannot open the CA key: %1").arg(QString::fromUtf8(unlock.output)));

    std::printf("\nfull CRL over %lld revoked certificates (each in its own process; wall, CPU, peak RSS):\n",
                (long long)revokedCount);
    std::printf("  %-26s wall %8.3f s  user %7.3f s  sys %6.3f s  peak RSS %8.1f MiB  DER %7.1f MiB  PEM %7.1f MiB\n",
                "tirkeu-cli crl publish", ours.wall, ours.user, ours.sys, ours.rssMiB(), mib(oursSize),
                mib(oursPemSize));
    std::printf("  %-26s wall %8.3f s  user %7.3f s  sys %6.3f s  peak RSS %8.1f MiB  %-18s PEM %7.1f MiB\n",
                "openssl ca -gencrl", ref.wall, ref.user, ref.sys, ref.rssMiB(), "", mib(refPemSize));
    const double speedup = ref.wall / ours.wall;
    const double memoryRatio = double(ours.maxRssKiB) / double(ref.maxRssKiB);
    std::printf("  ratio: ours %.1fx faster (target >= 10x: %s); peak memory %.3f of openssl's (target <= 0.25: %s)\n",
                speedup, speedup >= 10 ? "met" : "MISSED", memoryRatio, memoryRatio <= 0.25 ? "met" : "MISSED");
    const double oursCpu = ours.user + ours.sys;
    const double refCpu = ref.user + ref.sys;
    const double unlockCpu = unlock.user + unlock.sys;
    std::printf("  %-26s wall %8.3f s  user %7.3f s  sys %6.3f s  peak RSS %8.1f MiB  (the CA key unlock both pay)\n",
                "openssl pkey (key unlock)", unlock.wall, unlock.user, unlock.sys, unlock.rssMiB());
    std::printf("  CPU time (user+sys), less sensitive to other load on the machine: ours %.3f s, openssl %.3f s "
                "-> %.1fx\n",
                oursCpu, refCpu, refCpu / oursCpu);
    std::printf("  without the shared key unlock: wall %.1fx, CPU %.1fx\n",
                (ref.wall - unlock.wall) / qMax(0.001, ours.wall - unlock.wall),
                (refCpu - unlockCpu) / qMax(0.001, oursCpu - unlockCpu));
    figure("full.entries", double(revokedCount));
    figure("full.ours.wall_s", ours.wall);
    figure("full.ours.rss_mib", ours.rssMiB());
    figure("full.ours.der_mib", mib(oursSize));
    figure("full.openssl.wall_s", ref.wall);
    figure("full.openssl.rss_mib", ref.rssMiB());
    figure("full.speedup", speedup);
    figure("full.ours.cpu_s", oursCpu);
    figure("full.openssl.cpu_s", refCpu);
    figure("full.cpu_speedup", refCpu / oursCpu);
    figure("unlock.wall_s", unlock.wall);
    figure("full.speedup_without_unlock", (ref.wall - unlock.wall) / qMax(0.001, ours.wall - unlock.wall));
    figure("full.memory_ratio", memoryRatio);
    std::fflush(stdout);

    // ---- both CRLs carry the same revoked set; ours parses and verifies ----
    check(oursEntries == revokedCount, QStringLiteral("tirkeu-cli reports %1 entries").arg(oursEntries));
    const ChildRun parse =
        runMeasured(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                     oursDer, QStringLiteral("-noout"), QStringLiteral("-CAfile"), caPem},
                    work + u"/openssl-crl-check.out");
    check(parse.ok() && parse.output.contains("verify OK"),
          QStringLiteral("openssl crl -inform DER parses ours and verifies its signature"));
    {
        auto mine = revokedEntries(readAll(oursDer));
        auto theirs = revokedEntries(pemToDer(readAll(opensslCrl)));
        check(mine && qint64(mine->size()) == revokedCount,
              QStringLiteral("our DER holds %1 revoked entries").arg(mine ? qint64(mine->size()) : -1));
        check(theirs && qint64(theirs->size()) == revokedCount,
              QStringLiteral("openssl's CRL holds %1 revoked entries").arg(theirs ? qint64(theirs->size()) : -1));
        if (mine && theirs) {
            std::sort(mine->begin(), mine->end());
            std::sort(theirs->begin(), theirs->end());
            check(*mine == *theirs, QStringLiteral("same serials, dates and reasons in both CRLs"));
        }
    }
    std::fflush(stdout);

    // ---- in process: the same publication timed inside, and where its time goes ----
    const pki::SecretSource secret = pki::SecretSource::literal(kPassphrase);
    Stopwatch fullClock;
    // The CLI's CRLs are in another folder: this one is confirmed as new to the CA.
    const CrlPublication full = need(engine.publishCrl(officer, kCa, inProcDir, false, secret, true), "full CRL");
    const double fullSeconds = fullClock.seconds();
    check(full.entries == revokedCount, QStringLiteral("in-process full CRL has %1 entries").arg(full.entries));

    Stopwatch keyClock;
    const auto key = need(pki::CaKey::open(QStringLiteral("file:") + keyPath, secret), "CA key");
    const double keySeconds = keyClock.seconds();
    Stopwatch readClock;
    qint64 rows = 0;
    {
        Stmt q(sql, "SELECT serial, revoked_at, reason_code FROM revocations NOT INDEXED WHERE ca_id = ? ORDER BY id");
        sqlite3_bind_int64(q.s, 1, caId);
        qint64 bytes = 0;
        while (sqlite3_step(q.s) == SQLITE_ROW) {
            bytes += sqlite3_column_bytes(q.s, 0) + sqlite3_column_bytes(q.s, 1) + sqlite3_column_int(q.s, 2);
            ++rows;
        }
        if (bytes == 0 && rows > 0)
            die(QStringLiteral("empty rows"));
    }
    const double readSeconds = readClock.seconds();
    // The pki part alone: the same number of entries from memory, encoded, signed and written.
    Random again{20260302};
    qint64 produced = 0;
    Serial serialBytes{};
    const pki::RevokedSource synthetic = [&](pki::RevokedEntry& entry) {
        if (produced == revokedCount)
            return false;
        serialBytes = makeSerial(again, quint64(produced));
        entry.serial = QByteArrayView(reinterpret_cast<const char*>(serialBytes.data()), qsizetype(serialBytes.size()));
        entry.revokedAt = now - qint64(again.next() % (365ULL * 86400));
        entry.reason = int(again.next() % 6 == 0 ? 0 : 4);
        ++produced;
        return true;
    };
    auto issuer = caCert.toX509();
    pki::CrlSpec spec;
    spec.number = 1;
    spec.thisUpdate = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    spec.nextUpdate = spec.thisUpdate.addDays(1);
    spec.expectedEntries = revokedCount;
    Stopwatch writerClock;
    const pki::CrlWriter writer(issuer.get(), key->pkey());
    need(writer.write(spec, synthetic, work, QStringLiteral("synthetic")), "CRL writer");
    const double writerSeconds = writerClock.seconds();
    std::printf("\nin process, CaEngine::publishCrl (full): %.3f s, of which by separate measurement:\n", fullSeconds);
    std::printf("  CA key unlock (scrypt PKCS#8)          %.3f s\n", keySeconds);
    std::printf("  raw sqlite3 scan of the %lld rows       %.3f s (lower bound of the row source)\n", (long long)rows,
                readSeconds);
    std::printf("  pki::CrlWriter from memory (encode, sign, DER+PEM, fsync) %.3f s\n", writerSeconds);
    std::printf("  rest (row source conversions, queries, record, audit)    %.3f s\n",
                qMax(0.0, fullSeconds - keySeconds - readSeconds - writerSeconds));
    figure("full.inprocess_s", fullSeconds);
    figure("phase.key_unlock_s", keySeconds);
    figure("phase.sqlite_scan_s", readSeconds);
    figure("phase.crl_writer_s", writerSeconds);
    std::fflush(stdout);

    // ---- D more revocations through the API, then the delta CRL ----
    QStringList fresh;
    FillSpec validRows = revokedRows;
    validRows.firstId = 1000 + revokedCount + 1000;
    validRows.count = deltaCount;
    validRows.revokedEvery = 0;
    validRows.index = nullptr;
    if (partitionCount >= 2) // revoked through the API: in the CA's own CRL
        validRows.der = [&](const QByteArray&) { return templateNaming(cdp); };
    fillCertificates(sql, validRows, rnd,
                     [&fresh](const SyntheticCertificate& c) { fresh << QString::fromLatin1(c.serialHex); });
    Stopwatch revokeClock;
    static const int deltaReasons[] = {4, 3, 5, 0};
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        RevokeRequest r;
        r.caCode = kCa;
        r.serial = fresh.at(i);
        r.reasonCode = deltaReasons[i % 4];
        r.basisKind = QStringLiteral("holder_application");
        if (Status s = engine.revoke(officer, r); !s)
            die(QStringLiteral("revoke %1: %2").arg(fresh.at(i), s.message()));
    }
    const double revokeSeconds = revokeClock.seconds();
    Stopwatch deltaClock;
    const CrlPublication delta = need(engine.publishCrl(officer, kCa, inProcDir, true, secret), "delta CRL");
    const double deltaSeconds = deltaClock.seconds();
    check(delta.entries == deltaCount && delta.deltaBase == full.number,
          QStringLiteral("in-process delta CRL has %1 entries, base %2").arg(delta.entries).arg(full.number));
    const ChildRun deltaCli =
        runMeasured(cli,
                    cliBase + QStringList{QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"), kCa,
                                          QStringLiteral("--out"), oursDir, QStringLiteral("--ca-passphrase-file"),
                                          passFile, QStringLiteral("--delta")},
                    work + u"/cli-delta.out");
    const QJsonObject deltaJson = QJsonDocument::fromJson(deltaCli.output).object();
    check(deltaCli.ok() && deltaJson.value(QStringLiteral("entries")).toInteger() == deltaCount,
          QStringLiteral("tirkeu-cli crl publish --delta reports %1 entries")
              .arg(deltaJson.value(QStringLiteral("entries")).toInteger()));
    const ChildRun deltaParse = runMeasured(QStringLiteral("openssl"),
                                            {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                             QStringLiteral("-in"), deltaJson.value(QStringLiteral("der")).toString(),
                                             QStringLiteral("-noout"), QStringLiteral("-text")},
                                            work + u"/openssl-delta-check.out");
    check(deltaParse.ok() && deltaParse.output.contains("Delta CRL Indicator: critical"),
          QStringLiteral("openssl crl shows the critical delta CRL indicator"));

    std::printf("\ndelta CRL after %lld revocations through CaEngine::revoke (%.1f revocations/s):\n",
                (long long)deltaCount, double(deltaCount) / revokeSeconds);
    std::printf("  in process: delta %.4f s vs full %.3f s -> delta/full %.4f\n", deltaSeconds, fullSeconds,
                deltaSeconds / fullSeconds);
    const double deltaWork = qMax(0.0, deltaSeconds - keySeconds) / qMax(0.001, fullSeconds - keySeconds);
    std::printf("  in process without the CA key unlock (%.3f s, paid by both): delta/full %.4f\n", keySeconds,
                deltaWork);
    std::printf("  tirkeu-cli: delta wall %.3f s (peak RSS %.1f MiB) vs full %.3f s -> delta/full %.4f\n",
                deltaCli.wall, deltaCli.rssMiB(), ours.wall, deltaCli.wall / ours.wall);
    figure("delta.entries", double(deltaCount));
    figure("delta.revocations_per_s", double(deltaCount) / revokeSeconds);
    figure("delta.inprocess_s", deltaSeconds);
    figure("delta.inprocess_ratio", deltaSeconds / fullSeconds);
    figure("delta.ratio_without_unlock", deltaWork);
    figure("delta.cli_wall_s", deltaCli.wall);
    figure("delta.cli_ratio", deltaCli.wall / ours.wall);

    // ---- the next full CRL into the same folder, as the daily cron job publishes it: the folder holds
    // the previous full and delta CRLs (DER and PEM), whose numbers are read before the new one is taken ----
    const ChildRun nextFull = runMeasured(
        cli,
        cliBase + QStringList{QStringLiteral("crl"), QStringLiteral("publish"), QStringLiteral("--ca"), kCa,
                              QStringLiteral("--out"), oursDir, QStringLiteral("--ca-passphrase-file"), passFile},
        work + u"/cli-full-again.out");
    const QJsonObject nextJson = QJsonDocument::fromJson(nextFull.output).object();
    check(nextFull.ok() && nextJson.value(QStringLiteral("entries")).toInteger() == revokedCount + deltaCount,
          QStringLiteral("tirkeu-cli crl publish again into the same folder reports %1 entries")
              .arg(nextJson.value(QStringLiteral("entries")).toInteger()));
    std::printf("  tirkeu-cli: the next full CRL into the same folder: wall %.3f s, peak RSS %.1f MiB -> %.1fx "
                "openssl ca -gencrl's wall\n",
                nextFull.wall, nextFull.rssMiB(), ref.wall / nextFull.wall);
    figure("full_again.wall_s", nextFull.wall);
    figure("full_again.rss_mib", nextFull.rssMiB());
    figure("full_again.speedup", ref.wall / nextFull.wall);

    // ---- partitioned: the same register's CA in P serial ranges (crl_partition=serial-range:P) ----
    // Every revoked certificate of the fill is put into its serial range as issuance would have done
    // (crl_partition_members); the D revoked through the API stay in the CA's own CRL. One run of
    // tirkeu-cli crl publish then writes the CA's own CRL and the P partitions' CRLs.
    if (partitionCount >= 2) {
        Stopwatch assignClock;
        QSet<QString> labels; // the ranges that hold certificates (the bench's serials leave some empty)
        execSql(sql, "PRAGMA cache_size = -2000000");
        execSql(sql, "BEGIN IMMEDIATE");
        {
            Stmt settings(sql, "UPDATE cas SET settings = json_set(settings, '$.cdp_url', ?, '$.crl_partition', ?) "
                               "WHERE id = ?");
            const QByteArray url = cdp.toLatin1(), mode = "serial-range:" + QByteArray::number(partitionCount);
            sqlite3_bind_text(settings.s, 1, url.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(settings.s, 2, mode.constData(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(settings.s, 3, caId);
            settings.step(sql);
            Stmt part(sql, "INSERT INTO crl_partitions (ca_id, label, url, created_at) VALUES (?, ?, ?, "
                           "'2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING");
            Stmt member(sql, "INSERT INTO crl_partition_members (ca_id, serial, label) VALUES (?, ?, ?)");
            Stmt revoked(sql, "SELECT serial FROM revocations NOT INDEXED WHERE ca_id = ? AND certificate_id < ? "
                              "ORDER BY id");
            sqlite3_bind_int64(revoked.s, 1, caId);
            sqlite3_bind_int64(revoked.s, 2, validRows.firstId);
            while (sqlite3_step(revoked.s) == SQLITE_ROW) {
                const char* hex = reinterpret_cast<const char*>(sqlite3_column_text(revoked.s, 0));
                const QString label = registry::CrlPartitions::labelFor(scheme, QByteArray::fromHex(hex), {});
                const QByteArray labelText = label.toLatin1();
                if (!labels.contains(label)) {
                    labels.insert(label);
                    const QByteArray url = registry::CrlPartitions::partitionUrl(cdp, label).toLatin1();
                    sqlite3_bind_int64(part.s, 1, caId);
                    sqlite3_bind_text(part.s, 2, labelText.constData(), -1, SQLITE_TRANSIENT);
                    sqlite3_bind_text(part.s, 3, url.constData(), -1, SQLITE_TRANSIENT);
                    part.step(sql);
                }
                sqlite3_bind_int64(member.s, 1, caId);
                sqlite3_bind_text(member.s, 2, hex, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(member.s, 3, labelText.constData(), -1, SQLITE_TRANSIENT);
                member.step(sql);
            }
        }
        execSql(sql, "COMMIT");
        execSql(sql, "PRAGMA cache_size = -2000");
        execSql(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
        std::printf("\npartitioned CRLs (serial-range:%lld): members recorded for %lld revoked in %.1f s\n",
                    (long long)partitionCount, (long long)revokedCount, assignClock.seconds());
        const QString partDir = work + u"/crl-partitioned";
        QDir().mkpath(partDir);
        const ChildRun parts = runMeasured(cli,
                                           cliBase + QStringList{QStringLiteral("crl"), QStringLiteral("publish"),
                                                                 QStringLiteral("--ca"), kCa, QStringLiteral("--out"),
                                                                 partDir, QStringLiteral("--ca-passphrase-file"),
                                                                 passFile, QStringLiteral("--new-folder")},
                                           work + u"/cli-partitioned.out");
        const QJsonObject partsJson = QJsonDocument::fromJson(parts.output).object();
        const QJsonArray list = partsJson.value(QStringLiteral("partitions")).toArray();
        qint64 entries = partsJson.value(QStringLiteral("entries")).toInteger();
        qint64 largest = 0;
        for (const QJsonValue& v : list) {
            entries += v.toObject().value(QStringLiteral("entries")).toInteger();
            largest = qMax(largest, v.toObject().value(QStringLiteral("size")).toInteger());
        }
        check(parts.ok() && list.size() == labels.size(),
              QStringLiteral("tirkeu-cli crl publish wrote %1 partition CRLs (%2 ranges hold certificates)")
                  .arg(list.size())
                  .arg(labels.size()));
        check(entries == revokedCount + deltaCount,
              QStringLiteral("the CA's own CRL and its partitions list %1 revoked in all").arg(entries));
        check(partsJson.value(QStringLiteral("entries")).toInteger() == deltaCount,
              QStringLiteral("the CA's own CRL lists the %1 revoked outside any partition")
                  .arg(partsJson.value(QStringLiteral("entries")).toInteger()));
        if (!list.isEmpty()) {
            const QJsonObject first = list.first().toObject();
            const ChildRun text =
                runMeasured(QStringLiteral("openssl"),
                            {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                             QStringLiteral("-in"), first.value(QStringLiteral("der")).toString(),
                             QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-CAfile"), caPem},
                            work + u"/openssl-partition-check.out");
            check(text.ok() && text.output.contains("verify OK") &&
                      text.output.contains("Issuing Distribution Point: critical") &&
                      text.output.contains(first.value(QStringLiteral("distribution_point")).toString().toLatin1()),
                  QStringLiteral("openssl crl verifies a partition CRL with its critical IDP"));
        }
        std::printf("  %-26s wall %8.3f s  user %7.3f s  sys %6.3f s  peak RSS %8.1f MiB  largest DER %6.2f MiB\n",
                    "crl publish (partitioned)", parts.wall, parts.user, parts.sys, parts.rssMiB(), mib(largest));
        std::printf("  vs the full CRL: wall %.2fx, peak RSS %.3f; vs openssl ca -gencrl: %.1fx faster\n",
                    parts.wall / ours.wall, parts.rssMiB() / ours.rssMiB(), ref.wall / parts.wall);
        figure("partitioned.count", double(list.size()));
        figure("partitioned.wall_s", parts.wall);
        figure("partitioned.rss_mib", parts.rssMiB());
        figure("partitioned.largest_der_mib", mib(largest));
        figure("partitioned.wall_vs_full", parts.wall / ours.wall);
        figure("partitioned.speedup_vs_openssl", ref.wall / parts.wall);
    }
    figure("checks_failed", check.failures);
    std::printf("load average at the end: %s\n", qPrintable(loadAverage()));
    std::printf("bench_crl: %s\n", check.failures == 0 ? "all checks passed" : "SOME CHECKS FAILED");
    return check.failures == 0 ? 0 : 1;
}
