#pragma once
// CSV exports of the reports' tables (reports/Table.h), for a spreadsheet: RFC 4180, UTF-8 with a
// byte-order mark, the separator the locale's spreadsheets expect, formula injection neutralised and
// identifiers kept as text.

#include "pki/Result.h"
#include "reports/Table.h"

#include <QByteArray>
#include <QChar>
#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>

class QIODevice;

namespace tirkeu::reports {

// How a CSV file is written for a spreadsheet: the separator (";" is what Excel and LibreOffice expect
// in the Kazakh and Russian locales, "," elsewhere) and a UTF-8 byte-order mark so that they read UTF-8.
struct CsvOptions {
    QChar separator = u';';
    bool bom = true;
    // The separator the spreadsheets of this locale expect: ";" where the decimal separator is a comma
    // (kk, ru, ...), "," otherwise.
    static QChar separatorFor(const QLocale& locale);
};

// RFC 4180 with the separator of CsvOptions: CRLF line ends, fields quoted when they hold any separator a
// spreadsheet may read the file with (',', ';' or a tab, not only this file's), a quote, CR or LF, quotes
// doubled. UTF-8. A cell a spreadsheet would take for a formula (starting with
// = + - @ TAB or CR, OWASP's CSV injection rule) is written with a leading apostrophe, so it stays text;
// the columns marked as identifiers are written so that a spreadsheet keeps them as text ("0201…" keeps
// its leading zero): ="020105503339".
class CsvWriter {
public:
    explicit CsvWriter(QIODevice* out, CsvOptions options = {})
        : m_out(out)
        , m_options(options) {}
    bool writeBom();
    bool writeRow(const QStringList& fields, const QList<bool>& identifiers = {});
    QByteArray encodeRow(const QStringList& fields, const QList<bool>& identifiers = {}) const;
    QString quote(const QString& field) const;
    // The cell as a spreadsheet must see it (formula neutralised; identifiers kept as text).
    static QString neutralise(const QString& field);
    static QString identifier(const QString& field);

private:
    QIODevice* m_out;
    CsvOptions m_options;
};

class CsvRenderer {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::reports::CsvRenderer)
public:
    // Byte-order mark, the heading row (the column headings on one line each), then the rows.
    static Status writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out,
                             const Progress& progress = {}, const CsvOptions& options = {});
    static Status saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                            const Progress& progress = {}, const CsvOptions& options = {});
};

} // namespace tirkeu::reports
