// Cancelling a long document: a PDF table asks its Cancelled hook every few hundred rows on both passes,
// so a million-row journal stops within a few hundred rows of the cancel, and nothing is written or
// saved (no file, no partial file). Without a cancel the same source prints to the end.
#include "reports/Pdf.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tirkeu;

namespace {
reports::TableSpec spec() {
    reports::TableSpec s;
    s.frame.title = {QStringLiteral("Сынақ"), QStringLiteral("Проба")};
    s.columns = {reports::Column{QStringLiteral("№"), 0.3, Qt::AlignRight},
                 reports::Column{QStringLiteral("Аты\nИмя"), 3, Qt::AlignLeft}};
    return s;
}

// A million rows, counting how many were asked for.
reports::RowSource million(qint64* streamed) {
    return [streamed](const reports::RowSink& sink) {
        for (qint64 i = 1; i <= 1000000; ++i) {
            ++*streamed;
            if (!sink({QString::number(i), QStringLiteral("Қасымова Әлия Серікқызы")}))
                break;
        }
        return Status();
    };
}
} // namespace

class CancelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cancelStopsAMillionRowPdfEarly() {
        qint64 streamed = 0;
        int asked = 0;
        QByteArray bytes;
        QBuffer out(&bytes);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QElapsedTimer timer;
        timer.start();
        // Cancelled once 3,000 rows have been counted (the first pass).
        Status s = reports::PdfRenderer::writeTable(spec(), million(&streamed), &out, {}, [&] {
            ++asked;
            return streamed >= 3000;
        });
        QVERIFY(!s.ok());
        QCOMPARE(s.message(), reports::PdfRenderer::cancelledError().message);
        QVERIFY2(streamed <= 3000 + 200, qPrintable(QString::number(streamed)));
        QVERIFY(asked > 1);
        QVERIFY(bytes.isEmpty()); // nothing written
        QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
    }

    void cancelDuringDrawingSavesNoFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("journal.pdf"));
        // 2,000 rows counted in full, then cancelled on the drawing pass.
        qint64 streamed = 0;
        auto source = [&streamed](const reports::RowSink& sink) {
            for (int i = 1; i <= 2000; ++i) {
                ++streamed;
                if (!sink({QString::number(i), QStringLiteral("Бекова Жансая")}))
                    break;
            }
            return Status();
        };
        Status s = reports::PdfRenderer::saveTable(spec(), source, path, {}, [&] { return streamed > 2500; });
        QVERIFY(!s.ok());
        QVERIFY2(streamed > 2000 && streamed <= 2700, qPrintable(QString::number(streamed)));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0); // no temporary left
        // Not cancelled: the same source makes the file.
        streamed = 0;
        const Status made = reports::PdfRenderer::saveTable(spec(), source, path, {}, [] { return false; });
        QVERIFY2(made.ok(), qPrintable(made.message()));
        QVERIFY(QFile::exists(path));
        QCOMPARE(streamed, qint64(4000)); // counted, then drawn
    }
};

QTEST_MAIN(CancelTest)
#include "tst_cancel.moc"
