// Cancelling a long document: a PDF table asks its Cancelled hook every few hundred rows on both passes,
// so a million-row journal stops within a few hundred rows of the cancel, and nothing is written or
// saved (no file, no partial file). Without a cancel the same source prints to the end. A long table is
// spooled to a temporary file (never held in memory), which is gone afterwards, and its subset fonts are
// tagged while it is copied out, wherever a chunk boundary falls.
#include "common/TestMain.h"
#include "reports/Pdf.h"
#include "reports/PdfSubsetTags.h"
#include "reports/ReportTestSupport.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
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
    void initTestCase() {
        // The renderer's spool goes to QDir::tempPath(): a folder of this test, checked empty after each.
        QVERIFY(m_tmp.isValid());
        qputenv("TMPDIR", QFile::encodeName(m_tmp.path()));
        QCOMPARE(QDir::tempPath(), m_tmp.path());
    }

    void init() { QCOMPARE(spoolFiles(), QStringList()); }
    void cleanup() { QCOMPARE(spoolFiles(), QStringList()); } // no spool left, also after a cancel

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

    // Qt writes "/FontName /QTAAAA+DejaVuSans" but "/BaseFont /DejaVuSans": the copy adds the tag to the
    // font dictionaries and moves the cross-reference offsets; matches across chunk boundaries count once.
    void subsetTagsAreAddedWhateverTheChunkSize() {
        QByteArray raw;
        {
            QBuffer buffer(&raw);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            QPdfWriter writer(&buffer);
            QPainter painter;
            QVERIFY(painter.begin(&writer));
            auto family = reports::PdfFonts::family();
            QVERIFY(family.ok());
            painter.setFont(QFont(*family, 12));
            painter.drawText(QPointF(100, 200), QStringLiteral("Қасымова Әлия Ұланқызы — Өскемен"));
            writer.newPage();
            QFont bold(*family, 12);
            bold.setBold(true);
            painter.setFont(bold);
            painter.drawText(QPointF(100, 200), QStringLiteral("Іңкәр Ғалымова"));
            painter.end();
        }
        static const QRegularExpression tagged(QStringLiteral("/BaseFont /[A-Z]{6}\\+"));
        QVERIFY(!tagged.match(QString::fromLatin1(raw)).hasMatch()); // what Qt wrote: untagged
        QVERIFY(raw.contains("/FontName /"));
        QByteArray reference;
        for (const qint64 chunk : {qint64(0), qint64(1), qint64(7), qint64(100), qint64(4096)}) {
            QBuffer in(&raw);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QByteArray copied;
            QBuffer out(&copied);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QVERIFY(reports::copyWithSubsetTags(in, out, chunk));
            if (chunk == 0)
                reference = copied;
            else
                QCOMPARE(copied, reference);
        }
        QVERIFY(reference.size() > raw.size());
        QCOMPARE(QString::fromLatin1(reference).count(tagged),
                 QString::fromLatin1(raw).count(QStringLiteral("/BaseFont /")));
        // An independent reader: every font embedded, each subset with its tag, the text readable.
        const QString path = m_tmp.filePath(QStringLiteral("tagged.pdf.check"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(reference), reference.size());
        file.close();
        const QStringList fonts = test::pdfFonts(path);
        QVERIFY(fonts.size() >= 2);
        for (const QString& line : fonts) {
            const QStringList cols = line.split(u' ', Qt::SkipEmptyParts);
            QVERIFY2(cols.size() >= 7 && cols.at(cols.size() - 5) == u"yes" && cols.at(cols.size() - 4) == u"yes",
                     qPrintable(line));
            QVERIFY2(QRegularExpression(QStringLiteral("^[A-Z]{6}\\+DejaVuSans")).match(line).hasMatch(),
                     qPrintable(line));
        }
        const test::ToolRun info = test::runTool(QStringLiteral("pdfinfo"), {path});
        QVERIFY2(info.ok() && info.err.trimmed().isEmpty(), qPrintable(info.output)); // the moved offsets hold
        QVERIFY(test::pdfText(path).contains(QStringLiteral("Іңкәр Ғалымова")));
        QFile::remove(path);
    }

    // A long table: spooled, tagged, readable; the spool is removed (cleanup checks).
    void longTableIsSpooledAndTagged() {
        QByteArray bytes;
        QBuffer out(&bytes);
        QVERIFY(out.open(QIODevice::WriteOnly));
        auto source = [](const reports::RowSink& sink) {
            for (int i = 1; i <= 3000; ++i)
                if (!sink({QString::number(i), QStringLiteral("Бекова Жансая Өмірқызы")}))
                    break;
            return Status();
        };
        const Status s = reports::PdfRenderer::writeTable(spec(), source, &out, {}, [] { return false; });
        QVERIFY2(s.ok(), qPrintable(s.message()));
        const QString path = m_tmp.filePath(QStringLiteral("long.pdf.check"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
        QVERIFY(test::pdfPages(path) > 20);
        for (const QString& line : test::pdfFonts(path))
            QVERIFY2(QRegularExpression(QStringLiteral("^[A-Z]{6}\\+DejaVuSans")).match(line).hasMatch(),
                     qPrintable(line));
        QVERIFY(test::pdfText(path).contains(QStringLiteral("3000")));
        QFile::remove(path);
    }

private:
    QStringList spoolFiles() const { return QDir(m_tmp.path()).entryList(QDir::Files | QDir::Hidden); }

    QTemporaryDir m_tmp;
};

TIRKEU_TEST_MAIN(CancelTest)
#include "tst_cancel.moc"
