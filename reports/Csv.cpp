#include "reports/Csv.h"

#include "registry/OutputFiles.h"

#include <QIODevice>
#include <QRegularExpression>
#include <QSaveFile>

namespace tirkeu::reports {

QChar CsvOptions::separatorFor(const QLocale& locale) {
    return locale.decimalPoint() == u"," ? QChar(u';') : QChar(u',');
}

QString CsvWriter::neutralise(const QString& field) {
    if (field.isEmpty())
        return field;
    const QChar first = field.front();
    if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
        return u'\'' + field;
    return field;
}

QString CsvWriter::identifier(const QString& field) {
    // Only digit strings are at risk (leading zeros, exponent form of long numbers): a formula that
    // yields the text, which Excel and LibreOffice both evaluate on import.
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (!digits.match(field).hasMatch())
        return neutralise(field);
    return QStringLiteral("=\"%1\"").arg(field);
}

QString CsvWriter::quote(const QString& field) const {
    // Any separator a spreadsheet may read the file with (',' in one locale, ';' in another, a tab), not
    // only this file's: unquoted, the cell would split there, and the piece after the split could begin
    // with '=' and be taken for a formula. Quotes hold under every separator.
    static const QRegularExpression special(QStringLiteral("[,;\t\"\r\n]"));
    if (!field.contains(m_options.separator) && !field.contains(special))
        return field;
    QString q = field;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

QByteArray CsvWriter::encodeRow(const QStringList& fields, const QList<bool>& identifiers) const {
    QStringList quoted;
    quoted.reserve(fields.size());
    for (qsizetype i = 0; i < fields.size(); ++i)
        quoted << quote(identifiers.value(i) ? identifier(fields[i]) : neutralise(fields[i]));
    return quoted.join(m_options.separator).toUtf8() + "\r\n";
}

bool CsvWriter::writeBom() {
    return !m_options.bom || m_out->write("\xEF\xBB\xBF", 3) == 3;
}

bool CsvWriter::writeRow(const QStringList& fields, const QList<bool>& identifiers) {
    const QByteArray bytes = encodeRow(fields, identifiers);
    return m_out->write(bytes) == bytes.size();
}

Status CsvRenderer::writeTable(const TableSpec& spec, const RowSource& rows, QIODevice* out, const Progress& progress,
                               const CsvOptions& options) {
    if (options.separator != u';' && options.separator != u',' && options.separator != u'\t')
        return makeError(ErrorCode::Usage, tr("The CSV separator is ; , or a tab, not %1.").arg(options.separator));
    CsvWriter csv(out, options);
    QStringList headings;
    QList<bool> identifiers;
    for (const Column& c : spec.columns) {
        headings << QString(c.heading).replace(u'\n', u' ');
        identifiers << c.identifier;
    }
    bool ok = csv.writeBom() && csv.writeRow(headings);
    qint64 n = 0;
    Status streamed = rows([&](const QStringList& cells) {
        ok = ok && csv.writeRow(cells, identifiers);
        ++n;
        if (progress && n % 1000 == 0)
            progress(n, 0);
        return ok;
    });
    if (!streamed)
        return streamed;
    if (!ok)
        return makeError(ErrorCode::Io, tr("Cannot write the CSV file: %1").arg(out->errorString()));
    if (progress)
        progress(n, n);
    return {};
}

Status CsvRenderer::saveTable(const TableSpec& spec, const RowSource& rows, const QString& path,
                              const Progress& progress, const CsvOptions& options) {
    QSaveFile file(path);
    if (Status s = registry::OutputFiles::openOwnerOnly(file); !s) // an export names holders: owner only
        return s;
    if (Status s = writeTable(spec, rows, &file, progress, options); !s) {
        file.cancelWriting();
        return s;
    }
    if (!file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace tirkeu::reports
