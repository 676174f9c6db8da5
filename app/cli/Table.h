#pragma once
// Plain-text tables for human output (column widths in characters, so Kazakh text lines up).

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace tirkeu::cli {

class Table {
public:
    explicit Table(QStringList header)
        : m_header(std::move(header)) {}
    void add(QStringList row) { m_rows.append(std::move(row)); }
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
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace tirkeu::cli
