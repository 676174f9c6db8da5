// Benchmark (issue 18): the revoked-certificates listing (report crl-listing) as CSV from a register
// of N revoked certificates (default 1,000,000; made by tests/bench/RegisterGenerator.h), written by
// `tirkeu-cli report crl-listing --format csv` and, as the reference, by `sqlite3 -csv` running the same
// join (the SELECT of registry::Journals::streamRevocations) on the same file. Prints both wall times
// and their ratio (goal: ≤ 1.5).
//   bench_export --cli TIRKEU_CLI [--revoked N] [--dir DIR]      (TIRKEU_BENCH_EXPORT_ROWS)
#include "tests/bench/RegisterGenerator.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::bench;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 rows = countOption(args, QStringLiteral("--revoked"), "TIRKEU_BENCH_EXPORT_ROWS", 1000000);
    const QString cli = option(args, QStringLiteral("--cli"), "TIRKEU_CLI", {});
    if (cli.isEmpty() || !QFileInfo(cli).isExecutable())
        die(QStringLiteral("give the tirkeu-cli binary with --cli PATH (or TIRKEU_CLI)"));
    QTemporaryDir temp;
    const QString dirOption = option(args, QStringLiteral("--dir"), nullptr, {});
    const QString work = dirOption.isEmpty() ? temp.path() : QDir(dirOption).absolutePath();
    if (!QDir().mkpath(work) || !QDir(work).isEmpty())
        die(QStringLiteral("the work folder %1 must be new or empty").arg(work));
    const QString dbPath = work + u"/register.sqlite";
    std::printf("bench_export: crl-listing CSV of %lld revoked certificates; work folder %s; load average %s\n",
                (long long)rows, qPrintable(work), qPrintable(loadAverage()));
    std::fflush(stdout);

    qint64 caId = 0;
    {
        BenchRegister b =
            createBenchRegister(dbPath, QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталығы"),
                                forms::CaKind::National, pki::KeyAlgorithm::EcP256, work + u"/ca-key.p8");
        GeneratorSpec spec;
        spec.certificates = rows;
        spec.revokedPercent = 100;
        spec.caId = b.caId;
        spec.operatorId = b.officer.operatorId;
        spec.now = QDateTime::currentSecsSinceEpoch();
        const GeneratorStats g = generateRegister(b.reg->db(), spec);
        std::printf("generated %lld revoked certificates (%lld rows) in %.1f s: %.0f rows/s\n",
                    (long long)g.certificates, (long long)g.rows(), g.seconds, double(g.rows()) / g.seconds);
        figure("gen.rows_per_s", double(g.rows()) / g.seconds);
        caId = b.caId;
    }
    if (!writeFile(work + u"/password.txt", kBenchPassword.toUtf8() + '\n'))
        die(QStringLiteral("cannot write into %1").arg(work));

    // Ours: the CLI as an operator runs it (sign-in included, a few tens of milliseconds).
    const QString oursCsv = work + u"/ours.csv";
    const ChildRun ours =
        runMeasured(cli,
                    {QStringLiteral("--db"), dbPath, QStringLiteral("--as"), QStringLiteral("officer"),
                     QStringLiteral("--password-file"), work + u"/password.txt", QStringLiteral("report"),
                     QStringLiteral("crl-listing"), QStringLiteral("--ca"), QStringLiteral("NCA"),
                     QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), oursCsv},
                    work + u"/ours.log");
    if (!ours.ok())
        die(QStringLiteral("tirkeu-cli report failed: %1").arg(QString::fromUtf8(ours.output)));

    // The reference: sqlite3 -csv with the same join, same order.
    const QString sql =
        QStringLiteral("SELECT c.id, c.serial, c.subject, c.not_before, c.not_after, p.surname, p.name, p.patronymic, "
                       "p.iin, o.full_name, coalesce(ra.id, 0), ra.data, coalesce(ia.id, 0), ia.data, "
                       "ra.basis_letter_no, ra.basis_letter_date, r.basis_kind, r.basis_document, r.revoked_at, "
                       "r.reason_code, op.full_name, r.holder_snapshot, c.holder_snapshot "
                       "FROM revocations r JOIN certificates c ON c.id = r.certificate_id "
                       "LEFT JOIN persons p ON p.id = c.person_id "
                       "LEFT JOIN applications ra ON ra.id = r.application_id "
                       "LEFT JOIN applications ia ON ia.id = c.application_id "
                       "LEFT JOIN organisations o ON o.id = coalesce(c.organisation_id, ia.organisation_id) "
                       "LEFT JOIN operators op ON op.id = r.recorded_by WHERE r.ca_id = %1 ORDER BY r.serial")
            .arg(caId);
    const QString refCsv = work + u"/sqlite3.csv";
    const ChildRun ref = runMeasured(
        QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"), QStringLiteral("exec sqlite3 -csv \"$0\" \"$1\" > \"$2\""), dbPath, sql, refCsv},
        work + u"/sqlite3.log");
    if (!ref.ok())
        die(QStringLiteral("sqlite3 failed: %1").arg(QString::fromUtf8(ref.output)));

    // Both hold one line per revoked certificate (quoted fields may hold line breaks: count the serials).
    QFile o(oursCsv);
    qint64 lines = 0;
    if (o.open(QIODevice::ReadOnly))
        while (!o.atEnd())
            lines += o.readLine().endsWith("\r\n") ? 1 : 0;
    const qint64 expected = rows + 1; // the heading row
    const double ratio = ours.wall / ref.wall;
    std::printf("tirkeu-cli report crl-listing --format csv: %.2f s wall (%.2f s CPU), %.0f MiB peak, %.1f MiB file, "
                "%lld lines\n",
                ours.wall, ours.user + ours.sys, ours.rssMiB(), mib(QFileInfo(oursCsv).size()), (long long)lines);
    std::printf("sqlite3 -csv, the same join:            %.2f s wall (%.2f s CPU), %.0f MiB peak, %.1f MiB file\n",
                ref.wall, ref.user + ref.sys, ref.rssMiB(), mib(QFileInfo(refCsv).size()));
    std::printf("ratio: %.2f (goal ≤ 1.5); load average at the end: %s\n", ratio, qPrintable(loadAverage()));
    figure("rows", double(rows));
    figure("ours.wall_s", ours.wall);
    figure("ours.cpu_s", ours.user + ours.sys);
    figure("ours.rss_mib", ours.rssMiB());
    figure("sqlite3.wall_s", ref.wall);
    figure("sqlite3.cpu_s", ref.user + ref.sys);
    figure("ratio", ratio);
    figure("cpu_ratio", (ours.user + ours.sys) / qMax(0.001, ref.user + ref.sys));
    const bool ok = lines == expected;
    if (!ok)
        std::printf("our CSV has %lld lines, expected %lld\n", (long long)lines, (long long)expected);
    std::printf("BENCH checks_failed=%d\n", ok ? 0 : 1);
    return ok ? 0 : 1;
}
