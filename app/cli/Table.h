#pragma once
// Plain-text tables and lines for human output (column widths in characters, so Kazakh text lines up). Every
// cell and every line (printLine) is printed through printable(): register text (a login typed at a failed sign-in, a
// name, an SMTP server's reply) never reaches the terminal as control characters (attack of session 26, F6: escape
// sequences cleared the auditor's screen, set the window title, wrote the clipboard).

#include "app/cli/PrintableOutput.h"

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace tirkeu::cli {

// `text` with every control character (C0 including tab and line breaks, DEL, C1 including the 8-bit CSI)
// written visibly as \xHH.
inline QString printable(const QString& text) {
    return PrintableOutput::escaped(text, false);
}

// One line of human output — a "Status: …" field, a message naming register text — written through printable()
// and ended: a value never reaches the terminal as a control character, nor starts a line of its own (attack of
// session 27: application show printed an applicant's name and e-mail as they were).
inline void printLine(QTextStream& out, const QString& line) {
    out << printable(line) << '\n';
}

class Table {
public:
    explicit Table(QStringList header)
        : m_header(escaped(std::move(header))) {}
    void add(QStringList row) { m_rows.append(escaped(std::move(row))); }
    void print(QTextStream& out) const {
        QList<int> widths;
        for (const QString& h : m_header)
            widths.append(int(h.size()));
        for (const QStringList& r : m_rows)
            for (int i = 0; i < r.size() && i < widths.size(); ++i)
                widths[i] = qMax(widths[i], int(r[i].size()));
        auto line = [&](const QStringList& cells) {
            QString text;
            for (int i = 0; i < cells.size(); ++i)
                text +=
                    (i + 1 < cells.size() ? cells[i].leftJustified(widths.value(i)) + QStringLiteral("  ") : cells[i]);
            out << text << '\n';
        };
        line(m_header);
        for (const QStringList& r : m_rows)
            line(r);
        out.flush();
    }

private:
    static QStringList escaped(QStringList cells) {
        for (QString& c : cells)
            c = printable(c);
        return cells;
    }
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace tirkeu::cli
