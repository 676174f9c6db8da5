#include "reports/PdfSubsetTags.h"

#include <QHash>
#include <QList>

#include <algorithm>

namespace tirkeu::reports {

namespace {

constexpr qint64 Overlap = 512; // longer than "/FontName /TAGTAG+name " for any name a font carries

bool isNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The name bytes at `from` (letters, digits, _ and -) and the index just after them.
qsizetype nameEnd(const QByteArray& buf, qsizetype from) {
    qsizetype at = from;
    while (at < buf.size() && isNameChar(buf.at(at)))
        ++at;
    return at;
}

struct Scan {
    QHash<QByteArray, QByteArray> tags;         // font name -> six-letter tag
    QList<QPair<qint64, QByteArray>> baseFonts; // offset of the name after "/BaseFont /", name
    qint64 xref = -1;                           // offset of the '\n' before the last "xref\n"
    qint64 startxref = -1;                      // offset of the last "startxref"
};

// One pass over `in` in chunks; a match counts in the chunk where it starts, the overlap lets it end
// in the next one.
bool scan(QIODevice& in, qint64 chunk, Scan& s) {
    const qint64 size = in.size();
    for (qint64 pos = 0; pos < size; pos += chunk) {
        if (!in.seek(pos))
            return false;
        const QByteArray buf = in.read(std::min(chunk + Overlap, size - pos));
        if (buf.isEmpty())
            return false;
        const qsizetype own = qsizetype(std::min<qint64>(chunk, buf.size()));
        static const QByteArray fontName("/FontName /");
        for (qsizetype at = buf.indexOf(fontName); at >= 0 && at < own; at = buf.indexOf(fontName, at + 1)) {
            const qsizetype tag = at + fontName.size();
            if (tag + 7 >= buf.size() || buf.at(tag + 6) != '+')
                continue;
            bool upper = true;
            for (int i = 0; i < 6; ++i)
                upper = upper && buf.at(tag + i) >= 'A' && buf.at(tag + i) <= 'Z';
            const qsizetype end = nameEnd(buf, tag + 7);
            if (!upper || end == tag + 7 || end >= buf.size())
                continue;
            const char after = buf.at(end);
            if (after == ' ' || after == '\n' || after == '\r' || after == '\t' || after == '\f')
                s.tags.insert(buf.mid(tag + 7, end - tag - 7), buf.mid(tag, 6));
        }
        static const QByteArray baseFont("/BaseFont /");
        for (qsizetype at = buf.indexOf(baseFont); at >= 0 && at < own; at = buf.indexOf(baseFont, at + 1)) {
            const qsizetype name = at + baseFont.size();
            const qsizetype end = nameEnd(buf, name);
            const char after = end < buf.size() ? buf.at(end) : ' ';
            if (end > name && (after == '\n' || after == ' ' || after == '\r' || after == '/' || after == '>'))
                s.baseFonts.append({pos + name, buf.mid(name, end - name)});
        }
        for (qsizetype at = buf.indexOf("\nxref\n"); at >= 0 && at < own; at = buf.indexOf("\nxref\n", at + 1))
            s.xref = pos + at;
        for (qsizetype at = buf.indexOf("startxref"); at >= 0 && at < own; at = buf.indexOf("startxref", at + 1))
            s.startxref = pos + at;
    }
    return true;
}

// Copies in[from, to) to out.
bool copyRange(QIODevice& in, qint64 from, qint64 to, QIODevice& out, qint64 chunk) {
    if (!in.seek(from))
        return false;
    while (from < to) {
        const QByteArray buf = in.read(std::min(chunk, to - from));
        if (buf.isEmpty() || out.write(buf) != buf.size())
            return false;
        from += buf.size();
    }
    return true;
}

} // namespace

bool copyWithSubsetTags(QIODevice& in, QIODevice& out, qint64 chunk) {
    if (chunk < 1)
        chunk = 4 << 20;
    Scan s;
    if (!scan(in, chunk, s))
        return false;
    const qint64 size = in.size();
    if (s.tags.isEmpty() || s.xref < 0 || s.startxref < s.xref)
        return copyRange(in, 0, size, out, chunk);

    QList<QPair<qint64, QByteArray>> inserts; // offset, text inserted there (only before the table)
    for (const auto& [at, name] : s.baseFonts)
        if (const auto tag = s.tags.constFind(name); tag != s.tags.cend() && at <= s.xref)
            inserts.append({at, *tag + '+'});
    std::sort(inserts.begin(), inserts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QList<qint64> offsets; // inserts' offsets, and the bytes added before each (for shift)
    QList<qint64> added;
    qint64 sum = 0;
    for (const auto& [at, text] : inserts) {
        offsets.append(at);
        sum += text.size();
        added.append(sum);
    }
    // An offset of the original file in the tagged one: moved by every insertion before it.
    auto shift = [&](qint64 offset) {
        const auto n = std::lower_bound(offsets.cbegin(), offsets.cend(), offset) - offsets.cbegin();
        return offset + (n > 0 ? added.at(n - 1) : 0);
    };

    qint64 from = 0;
    for (const auto& [at, text] : inserts) {
        if (!copyRange(in, from, at, out, chunk) || out.write(text) != text.size())
            return false;
        from = at;
    }
    if (!copyRange(in, from, s.xref + 1, out, chunk))
        return false;
    // The table: "xref\n0 N\n" then 20-byte entries "oooooooooo ggggg n \n" (hundreds of thousands for a
    // long journal), rewritten as it is read.
    QByteArray rewritten;
    auto flush = [&](qsizetype above) {
        if (rewritten.size() <= above)
            return true;
        const bool written = out.write(rewritten) == rewritten.size();
        rewritten.clear();
        return written;
    };
    if (!in.seek(s.xref + 1))
        return false;
    QByteArray carry; // a line cut by the end of a read
    for (qint64 pos = s.xref + 1; pos < s.startxref;) {
        const QByteArray read = in.read(std::min(chunk, s.startxref - pos));
        if (read.isEmpty())
            return false;
        pos += read.size();
        const QByteArray buf = carry + read;
        qsizetype from = 0;
        for (qsizetype nl = buf.indexOf('\n'); nl >= 0; from = nl + 1, nl = buf.indexOf('\n', from)) {
            const QByteArrayView line(buf.constData() + from, nl - from);
            if (line.size() >= 18 && line.at(10) == ' ' && line.at(17) == 'n') {
                rewritten += QByteArray::number(shift(line.first(10).toLongLong())).rightJustified(10, '0');
                rewritten.append(line.sliced(10));
            } else {
                rewritten.append(line);
            }
            rewritten += '\n';
        }
        carry = buf.mid(from); // the table ends with \n: whatever follows the last one is not an entry
        if (!flush(1 << 20))
            return false;
    }
    if (!in.seek(s.startxref))
        return false;
    const QByteArray tail = in.read(size - s.startxref);
    if (tail.size() != size - s.startxref)
        return false;
    const qsizetype eol = tail.indexOf('\n');
    const qsizetype end = eol < 0 ? -1 : tail.indexOf('\n', eol + 1);
    rewritten += "startxref\n" + QByteArray::number(shift(s.xref + 1)) + (end < 0 ? QByteArray("\n") : tail.mid(end));
    return flush(0);
}

} // namespace tirkeu::reports
