// Benchmark (issue 18): the Government Bodies CA issuance journal of 10,000, 100,000 and 1,000,000
// synthetic certificates printed to PDF (and CSV), each size in its own process. Prints the times,
// pages, sizes and peak memory of each, and against the smallest: the PDF time per row (linear
// growth: about 1) and the peak RSS while the PDF is made (flat memory: about 1). Not a pass/fail test.
//   bench_journal [ROWS...]   (default 10000 100000 1000000)
#include "registry/CaDirectory.h"
#include "registry/Database.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "reports/Reports.h"
#include "tests/common/TestPointers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace tirkeu;

namespace {

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2) : QStringLiteral("?");
}

long peakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

// The peak RSS of one phase (Linux): writing 5 to /proc/self/clear_refs sets the high-water mark
// (VmHWM) back to the current RSS; VmHWM read after the phase is then the phase's own peak.
bool resetPeakRss() {
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

long highWaterMarkMb() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLong() / 1024;
    return -1;
}

bool fill(registry::Register& reg, qint64 caId, qint64 operatorId, int rows, const QDateTime& start) {
    auto tx = reg.db().begin();
    if (!tx)
        return false;
    QSqlQuery org(reg.db().handle());
    org.prepare(QStringLiteral("INSERT INTO organisations (bin, full_name, kind, created_at, updated_at, "
                               "retention_until) VALUES (?, ?, 'government_body', ?, ?, ?)"));
    const QString now = registry::toDbTime(start);
    for (const QVariant& v :
         QVariantList{QStringLiteral("230340123459"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі"),
                      now, now, QStringLiteral("2099-01-01T00:00:00.000Z")})
        org.addBindValue(v);
    if (!org.exec())
        return false;
    const qint64 orgId = org.lastInsertId().toLongLong();
    QSqlQuery q(reg.db().handle());
    q.prepare(QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, organisation_id, profile, not_before, "
                             "not_after, key_media_serial, blank_numbers, der, status, issued_by, issued_at, "
                             "retention_until) VALUES (?, ?, ?, ?, 'government_employee', ?, ?, ?, ?, ?, 'valid', ?, "
                             "?, '2099-01-01T00:00:00.000Z')"));
    const QByteArray der = QByteArray::fromHex("3082010a0282010100c0ffee");
    static const char16_t* const surnames[] = {u"ӘБІШЕВ", u"ҚАСЫМОВА", u"НҰРЛАНОВ", u"ҒАЛЫМОВА", u"ӨМІРБЕКОВ"};
    for (int i = 0; i < rows; ++i) {
        const QDateTime at = start.addSecs(qint64(i) * 20);
        q.addBindValue(caId);
        q.addBindValue(
            QStringLiteral("%1").arg(quint64(0x5A00000000000000ull) + quint64(i), 40, 16, QChar(u'0')).toUpper());
        q.addBindValue(QStringLiteral("CN=%1 ДӘУЛЕТ,SERIALNUMBER=IIN%2,C=KZ")
                           .arg(QString::fromUtf16(surnames[i % 5]))
                           .arg(900000000000ll + i));
        q.addBindValue(orgId);
        q.addBindValue(registry::toDbTime(at));
        q.addBindValue(registry::toDbTime(at.addYears(1)));
        q.addBindValue(QStringLiteral("ТК-%1").arg(i, 6, 10, QChar(u'0')));
        q.addBindValue(QStringLiteral("%1, %2").arg(2 * i + 1).arg(2 * i + 2));
        q.addBindValue(der);
        q.addBindValue(operatorId);
        q.addBindValue(registry::toDbTime(at));
        if (!q.exec()) {
            std::fprintf(stderr, "insert: %s\n", qPrintable(q.lastError().text()));
            return false;
        }
    }
    return reg.db().commit().ok();
}

struct Timing {
    double pdfSec = 0;
    double csvSec = 0;
    qint64 pdfBytes = 0;
    qint64 csvBytes = 0;
    int pages = 0;
    long pdfRssMb = -1; // peak RSS while the PDF was made (the rows already in the register)
};

bool measure(const QString& dir, int rows, Timing* t) {
    const QString location = QDir(dir).filePath(QStringLiteral("bench-%1.sqlite").arg(rows));
    auto reg = registry::Register::open(location, registry::Register::OpenMode::CreateOrUpgrade);
    if (!reg)
        return false;
    auto admin = (*reg)->operators().createFirstAdministrator(QStringLiteral("admin"), QStringLiteral("Әкімші Бас"),
                                                              QStringLiteral("bench-password-123"));
    if (!admin)
        return false;
    auto ca = (*reg)->cas().add(*admin, QStringLiteral("GOV"), QStringLiteral("Мемлекеттік органдардың КО"),
                                forms::CaKind::Government, tirkeu::test::testPointers());
    if (!ca)
        return false;
    const QDateTime start(QDate(2025, 1, 1), QTime(9, 0), Qt::UTC);
    QElapsedTimer fillTimer;
    fillTimer.start();
    if (!fill(**reg, *ca, admin->operatorId, rows, start))
        return false;
    std::printf("  %d rows inserted in %.2f s\n", rows, fillTimer.elapsed() / 1000.0);

    reports::Reports r(**reg, *admin);
    reports::ReportRequest rq;
    rq.kind = reports::ReportKind::IssuanceJournal;
    rq.caCode = QStringLiteral("GOV");
    rq.from = QDate(2025, 1, 1);
    rq.to = QDate(2026, 12, 31);
    const QString pdf = QDir(dir).filePath(QStringLiteral("journal-%1.pdf").arg(rows));
    const QString csv = QDir(dir).filePath(QStringLiteral("journal-%1.csv").arg(rows));
    const bool phasePeak = resetPeakRss();
    QElapsedTimer timer;
    timer.start();
    if (Status s = r.save(rq, reports::ReportFormat::Pdf, pdf); !s) {
        std::fprintf(stderr, "pdf: %s\n", qPrintable(s.message()));
        return false;
    }
    t->pdfSec = timer.nsecsElapsed() / 1e9;
    t->pdfRssMb = phasePeak ? highWaterMarkMb() : -1;
    timer.restart();
    if (Status s = r.save(rq, reports::ReportFormat::Csv, csv); !s) {
        std::fprintf(stderr, "csv: %s\n", qPrintable(s.message()));
        return false;
    }
    t->csvSec = timer.nsecsElapsed() / 1e9;
    t->pdfBytes = QFileInfo(pdf).size();
    t->csvBytes = QFileInfo(csv).size();
    // Page count from the PDF's page tree (QPdfWriter writes the /Pages object, with /Count, at the end).
    QFile f(pdf);
    if (f.open(QIODevice::ReadOnly) && f.seek(std::max<qint64>(0, f.size() - (16 << 20)))) {
        const QByteArray all = f.readAll();
        const qsizetype at = all.indexOf("/Type /Pages");
        const qsizetype count = all.indexOf("/Count", at);
        if (at >= 0 && count >= 0)
            t->pages = all.mid(count + 6, 12).trimmed().split('\n').first().trimmed().toInt();
    }
    QFile::remove(pdf);
    QFile::remove(csv);
    std::printf("  %7d rows: PDF %7.2f s (%6d pages, %6.1f MB, %6.0f rows/s, peak RSS %ld MB)  CSV %6.2f s (%6.1f MB)  "
                "process peak RSS %ld MB\n",
                rows, t->pdfSec, t->pages, t->pdfBytes / 1e6, rows / t->pdfSec, t->pdfRssMb, t->csvSec,
                t->csvBytes / 1e6, peakRssMb());
    std::fflush(stdout);
    return true;
}

// One size in this process (--one N): its figures as BENCH lines, peak RSS of this process alone.
int runOne(int rows) {
    QTemporaryDir dir;
    if (!dir.isValid() || rows <= 0)
        return 2;
    Timing t;
    if (!measure(dir.path(), rows, &t)) {
        std::fprintf(stderr, "benchmark failed\n");
        return 1;
    }
    std::printf("BENCH journal.%d.pdf_s=%.4f\n", rows, t.pdfSec);
    std::printf("BENCH journal.%d.pages=%d\n", rows, t.pages);
    // rss_mib: the PDF's own peak when the kernel can reset the mark, else the process's (with the fill).
    std::printf("BENCH journal.%d.rss_mib=%ld\n", rows, t.pdfRssMb > 0 ? t.pdfRssMb : peakRssMb());
    std::printf("BENCH journal.%d.process_rss_mib=%ld\n", rows, peakRssMb());
    std::printf("BENCH journal.%d.csv_s=%.4f\n", rows, t.csvSec);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 2 && args.at(1) == u"--one")
        return runOne(args.at(2).toInt());
    // Each size in its own process, so that its peak memory is its own (getrusage of a process keeps
    // the highest mark of everything it ever did).
    QList<int> sizes;
    for (int i = 1; i < args.size(); ++i)
        sizes << args.at(i).toInt();
    if (sizes.isEmpty())
        sizes = {10000, 100000, 1000000};
    std::printf("Issuance journal (GOV-ISSUE-JOURNAL, 11 columns, A4 landscape) to PDF and CSV; load average %s\n",
                qPrintable(loadAverage()));
    struct Figures {
        double pdf = 0;
        double rss = 0;
    };
    QList<Figures> figures;
    for (const int rows : sizes) {
        if (rows <= 0)
            return 2;
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--one"), QString::number(rows)});
        if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
            std::fprintf(stderr, "the run of %d rows failed\n", rows);
            return 1;
        }
        const QByteArray out = child.readAllStandardOutput();
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        Figures f;
        for (const QByteArray& line : out.split('\n')) {
            const QByteArray prefix = "BENCH journal." + QByteArray::number(rows) + '.';
            if (!line.startsWith(prefix))
                continue;
            const QList<QByteArray> kv = line.mid(prefix.size()).split('=');
            if (kv.size() == 2 && kv.at(0) == "pdf_s")
                f.pdf = kv.at(1).toDouble();
            if (kv.size() == 2 && kv.at(0) == "rss_mib")
                f.rss = kv.at(1).toDouble();
        }
        figures << f;
        std::fflush(stdout);
    }
    // Linear time: the time per row stays the same (ratio about 1); flat memory: the peak RSS too.
    bool linear = true, flat = true;
    for (qsizetype i = 1; i < sizes.size(); ++i) {
        const double perRow = (figures.at(i).pdf / sizes.at(i)) / (figures.first().pdf / sizes.first());
        const double memory = figures.at(i).rss / figures.first().rss;
        std::printf("%d -> %d rows: PDF time per row x%.2f, peak RSS x%.2f\n", sizes.first(), sizes.at(i), perRow,
                    memory);
        std::printf("BENCH journal.%d.per_row_ratio=%.3f\n", sizes.at(i), perRow);
        std::printf("BENCH journal.%d.rss_ratio=%.3f\n", sizes.at(i), memory);
        linear = linear && perRow <= 1.5;
        flat = flat && memory <= 1.5;
    }
    std::printf("BENCH journal.linear=%d\n", linear ? 1 : 0);
    std::printf("BENCH journal.flat_memory=%d\n", flat ? 1 : 0);
    std::printf("load average at the end: %s\n", qPrintable(loadAverage()));
    return 0;
}
