#include "forms/pdf/FormTemplate.h"

#include "forms/pdf/FormPrint.h"
#include "registry/OutputFiles.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRawFont>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace tirkeu::forms::pdf {

namespace {

// A PDF text string: literal for ASCII, UTF-16BE with a byte-order mark otherwise.
QByteArray pdfString(const QString& s) {
    bool ascii = true;
    for (QChar c : s)
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (ascii) {
        QByteArray out = s.toLatin1();
        out.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        return '(' + out + ')';
    }
    QByteArray utf16("\xFE\xFF", 2);
    for (QChar c : s) {
        utf16.append(char(c.unicode() >> 8));
        utf16.append(char(c.unicode() & 0xff));
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

QByteArray num(double v) {
    return QByteArray::number(v, 'f', 2);
}

// The indirect objects of the original file that the update needs: catalog, pages, trailer values.
struct PdfIndex {
    int size = 0;
    int root = 0;
    QByteArray info; // "/Info N 0 R" or empty
    qint64 startXref = 0;
    QList<int> pages; // page object numbers in document order
    QByteArray catalogBody;
    QList<QByteArray> pageBodies;
};

QByteArray objectBody(const QByteArray& pdf, int number) {
    const QRegularExpression re(QStringLiteral("(?:^|[\\r\\n])%1 0 obj\\s*").arg(number));
    const QString text = QString::fromLatin1(pdf);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    const qsizetype start = m.capturedEnd();
    const qsizetype end = pdf.indexOf("endobj", start);
    if (end < 0)
        return {};
    return pdf.mid(start, end - start).trimmed();
}

Result<PdfIndex> index(const QByteArray& pdf) {
    auto bad = [] {
        return makeError(ErrorCode::Failure, FormTemplate::tr("The generated PDF has an unexpected "
                                                              "structure; the template was not made."));
    };
    PdfIndex ix;
    const qsizetype trailer = pdf.lastIndexOf("trailer");
    const qsizetype sx = pdf.lastIndexOf("startxref");
    if (trailer < 0 || sx < 0)
        return bad();
    const QString trailerText = QString::fromLatin1(pdf.mid(trailer, sx - trailer));
    const auto size = QRegularExpression(QStringLiteral("/Size\\s+(\\d+)")).match(trailerText);
    const auto root = QRegularExpression(QStringLiteral("/Root\\s+(\\d+)\\s+0\\s+R")).match(trailerText);
    const auto info = QRegularExpression(QStringLiteral("/Info\\s+(\\d+\\s+0\\s+R)")).match(trailerText);
    if (!size.hasMatch() || !root.hasMatch())
        return bad();
    ix.size = size.captured(1).toInt();
    ix.root = root.captured(1).toInt();
    if (info.hasMatch())
        ix.info = "/Info " + info.captured(1).toLatin1();
    ix.startXref = QString::fromLatin1(pdf.mid(sx + 9, 24))
                       .trimmed()
                       .split(QRegularExpression(QStringLiteral("\\s")))
                       .first()
                       .toLongLong();
    ix.catalogBody = objectBody(pdf, ix.root);
    const auto pagesRef =
        QRegularExpression(QStringLiteral("/Pages\\s+(\\d+)\\s+0\\s+R")).match(QString::fromLatin1(ix.catalogBody));
    if (ix.catalogBody.isEmpty() || !pagesRef.hasMatch())
        return bad();
    const QByteArray pagesBody = objectBody(pdf, pagesRef.captured(1).toInt());
    const auto kids =
        QRegularExpression(QStringLiteral("/Kids\\s*\\[([^\\]]*)\\]")).match(QString::fromLatin1(pagesBody));
    if (!kids.hasMatch())
        return bad();
    auto refs = QRegularExpression(QStringLiteral("(\\d+)\\s+0\\s+R")).globalMatch(kids.captured(1));
    while (refs.hasNext()) {
        const int n = refs.next().captured(1).toInt();
        const QByteArray body = objectBody(pdf, n);
        if (!body.contains("/Page"))
            return bad(); // nested page trees are not written by QPdfWriter
        ix.pages << n;
        ix.pageBodies << body;
    }
    if (ix.pages.isEmpty() || ix.startXref <= 0)
        return bad();
    return ix;
}

// Removes "/Key value" (an indirect reference or an array) from a dictionary body; returns the refs
// of an /Annots array so that existing annotations are kept.
QByteArray withoutKey(const QByteArray& dict, const QByteArray& key, const QByteArray& pdf, QByteArray* keptArray) {
    const QString text = QString::fromLatin1(dict);
    const QRegularExpression indirect(QStringLiteral("%1\\s+(\\d+)\\s+0\\s+R").arg(QString::fromLatin1(key)));
    const QRegularExpression inlineArray(QStringLiteral("%1\\s*\\[([^\\]]*)\\]").arg(QString::fromLatin1(key)));
    auto m = inlineArray.match(text);
    if (m.hasMatch()) {
        if (keptArray)
            *keptArray = m.captured(1).toLatin1().trimmed();
        return (text.left(m.capturedStart()) + text.mid(m.capturedEnd())).toLatin1();
    }
    m = indirect.match(text);
    if (m.hasMatch()) {
        if (keptArray) {
            QByteArray arr = objectBody(pdf, m.captured(1).toInt()).trimmed();
            if (arr.startsWith('[') && arr.endsWith(']'))
                *keptArray = arr.mid(1, arr.size() - 2).trimmed();
        }
        return (text.left(m.capturedStart()) + text.mid(m.capturedEnd())).toLatin1();
    }
    return dict;
}

QByteArray insertIntoDict(const QByteArray& dict, const QByteArray& entries) {
    const qsizetype close = dict.lastIndexOf(">>");
    if (close < 0)
        return {};
    return dict.left(close) + entries + "\n" + dict.mid(close);
}

// Splits a value into lines that fit `width` points at `size` (at spaces; a word longer than a line is
// cut), keeping the value's own line breaks (CR, LF or CRLF).
QStringList wrap(const FormFont& font, const QString& text, double size, double width) {
    QStringList lines;
    QString normal = text;
    normal.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    for (const QString& para : normal.split(u'\n')) {
        QString line;
        for (const QString& word : para.split(u' ')) {
            const QString candidate = line.isEmpty() ? word : line + u' ' + word;
            if (font.width(candidate, size) <= width || line.isEmpty()) {
                line = candidate;
                while (font.width(line, size) > width && line.size() > 1) { // a very long word
                    qsizetype n = line.size();
                    while (n > 1 && font.width(line.left(n), size) > width)
                        --n;
                    lines << line.left(n);
                    line = line.mid(n);
                }
            } else {
                lines << line;
                line = word;
            }
        }
        lines << line;
    }
    return lines;
}

// The appearance of a text or combo field showing `text`.
QByteArray textAppearance(const FormFont& font, const QString& text, double w, double h, bool multiline) {
    QByteArray ap = "q 0.92 0.95 1 rg 0 0 " + num(w) + ' ' + num(h) + " re f Q\n/Tx BMC\n";
    if (!text.isEmpty()) {
        const double size = multiline ? 9 : std::min(10.0, std::max(6.0, h * 0.65));
        ap += "q 1 1 " + num(w - 2) + ' ' + num(h - 2) + " re W n\nBT\n/DejaVu " + num(size) + " Tf 0 g\n";
        if (multiline) {
            const double leading = size * 1.15;
            ap += num(leading) + " TL\n2 " + num(h - 2 - size * font.ascent / 1000) + " Td\n";
            bool first = true;
            for (const QString& line : wrap(font, text, size, w - 4)) {
                ap += '<' + font.encode(line).toHex().toUpper() + (first ? "> Tj\n" : "> '\n");
                first = false;
            }
        } else {
            const double baseline = (h - size * (font.ascent + font.descent) / 1000) / 2;
            ap += "2 " + num(baseline) + " Td\n<" +
                  font.encode(QString(text).replace(u'\n', u' ').replace(u'\r', u' ')).toHex().toUpper() + "> Tj\n";
        }
        ap += "ET\nQ\n";
    }
    return ap + "EMC";
}

// A checkbox's two appearances: an empty square, and the square with a cross.
QByteArray checkAppearance(double w, double h, bool on) {
    QByteArray ap = "q 0.92 0.95 1 rg 0 0 " + num(w) + ' ' + num(h) + " re f Q\n";
    ap += "q 0.3 0.3 0.35 RG 0.6 w 0.3 0.3 " + num(w - 0.6) + ' ' + num(h - 0.6) + " re S Q\n";
    if (on)
        ap += "q 0 G 1.2 w 2 2 m " + num(w - 2) + ' ' + num(h - 2) + " l S 2 " + num(h - 2) + " m " + num(w - 2) +
              " 2 l S Q\n";
    return ap;
}

} // namespace

// ---- the form font -----------------------------------------------------------------------------

namespace {

// The glyph name of a character in the form font's /Differences: the Adobe Glyph List name where the
// list has one (pdftk's reader knows only those: afii10017 for "А"), "uniXXXX" otherwise.
QByteArray glyphName(char16_t c) {
    if (c >= 0x0410 && c <= 0x0415)
        return "afii" + QByteArray::number(10017 + (c - 0x0410));
    if (c >= 0x0416 && c <= 0x042F)
        return "afii" + QByteArray::number(10024 + (c - 0x0416));
    if (c >= 0x0430 && c <= 0x0435)
        return "afii" + QByteArray::number(10065 + (c - 0x0430));
    if (c >= 0x0436 && c <= 0x044F)
        return "afii" + QByteArray::number(10072 + (c - 0x0436));
    switch (c) {
    case 0x0401:
        return "afii10023";
    case 0x0451:
        return "afii10071";
    case 0x0406:
        return "afii10055";
    case 0x0456:
        return "afii10103";
    case 0x2116:
        return "afii61352";
    case 0x00AB:
        return "guillemotleft";
    case 0x00BB:
        return "guillemotright";
    case 0x2014:
        return "emdash";
    case 0x2013:
        return "endash";
    case 0x2019:
        return "quoteright";
    case 0x201C:
        return "quotedblleft";
    case 0x201D:
        return "quotedblright";
    case 0x2026:
        return "ellipsis";
    case 0x00B0:
        return "degree";
    default:
        return "uni" + QByteArray::number(uint(c), 16).toUpper().rightJustified(4, '0');
    }
}

} // namespace

Result<FormFont> FormFont::load() {
    QString path;
    for (const QString& dir : reports::PdfFonts::searchPath()) {
        const QString candidate = QDir(dir).filePath(QStringLiteral("DejaVuSans.ttf"));
        if (QFileInfo::exists(candidate)) {
            path = candidate;
            break;
        }
    }
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, FormTemplate::tr("The font DejaVu Sans was not found in %1 (install the "
                                                         "package fonts-dejavu-core): the form fields need it.")
                                            .arg(reports::PdfFonts::searchPath().join(QStringLiteral(", "))));
    FormFont f;
    f.fontFile = file.readAll();
    const QRawFont raw(f.fontFile, 1000);
    if (!raw.isValid())
        return makeError(ErrorCode::Io, FormTemplate::tr("The font file %1 cannot be read.").arg(path));
    f.ascent = raw.ascent();
    f.descent = -raw.descent();
    // ASCII keeps its codes; the Russian and Kazakh letters and the punctuation of the forms follow
    // from 128 on.
    QList<char16_t> extra;
    for (char16_t c = 0x0410; c <= 0x044F; ++c)
        extra << c;
    for (char16_t c :
         {u'\u0401', u'\u0451', u'\u04D8', u'\u04D9', u'\u0492', u'\u0493', u'\u049A', u'\u049B', u'\u04A2', u'\u04A3',
          u'\u04E8', u'\u04E9', u'\u04B0', u'\u04B1', u'\u04AE', u'\u04AF', u'\u04BA', u'\u04BB', u'\u0406', u'\u0456',
          u'\u2116', u'\u00AB', u'\u00BB', u'\u2014', u'\u2013', u'\u2019', u'\u201C', u'\u201D', u'\u2026', u'\u00B0'})
        extra << c;
    QString chars;
    for (char16_t c = 32; c <= 126; ++c) {
        f.m_codes.insert(c, uchar(c));
        chars += QChar(c);
    }
    int code = 128;
    for (char16_t c : extra) {
        f.m_codes.insert(c, uchar(code));
        f.m_unicode.insert(uchar(code), c);
        chars += QChar(c);
        f.differences += " /" + glyphName(c);
        ++code;
    }
    f.differences = "128" + f.differences;
    f.lastCode = code - 1;
    f.widths.fill(0, f.lastCode - 31); // codes 32..lastCode; 127 has no glyph
    const QList<quint32> glyphs = raw.glyphIndexesForString(chars);
    const QList<QPointF> advances = raw.advancesForGlyphIndexes(glyphs);
    for (qsizetype i = 0; i < chars.size() && i < advances.size(); ++i)
        f.widths[f.m_codes.value(chars.at(i).unicode()) - 32] = std::round(advances[i].x());
    return f;
}

QByteArray FormFont::encode(const QString& text) const {
    QByteArray out;
    out.reserve(text.size());
    for (QChar c : text)
        out += char(m_codes.value(c.unicode(), '?'));
    return out;
}

bool FormFont::covers(const QString& text) const {
    for (QChar c : text)
        if (!m_codes.contains(c.unicode()))
            return false;
    return true;
}

double FormFont::width(const QString& text, double size) const {
    double w = 0;
    for (char ch : encode(text))
        if (uchar(ch) >= 32 && uchar(ch) <= lastCode)
            w += widths[uchar(ch) - 32];
    return w * size / 1000;
}

QByteArray FormFont::toUnicode() const {
    QByteArray out = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
                     "(Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 "
                     "def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n1 beginbfrange\n<20> <7E> "
                     "<0020>\nendbfrange\n";
    QList<uchar> codes = m_unicode.keys();
    std::sort(codes.begin(), codes.end());
    out += QByteArray::number(codes.size()) + " beginbfchar\n";
    for (uchar c : codes)
        out += '<' + QByteArray::number(c, 16).toUpper() + "> <" +
               QByteArray::number(uint(m_unicode.value(c)), 16).toUpper().rightJustified(4, '0') + ">\n";
    return out + "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
}

Result<QByteArray> FormTemplate::addFields(const QByteArray& pdf, const QList<Widget>& widgets) {
    auto ix = index(pdf);
    if (!ix)
        return ix.error();
    auto font = FormFont::load();
    if (!font)
        return font.error();
    QByteArray out = pdf;
    if (!out.endsWith('\n'))
        out += '\n';
    QList<QPair<int, qint64>> offsets;
    int next = ix->size;
    auto write = [&](int number, const QByteArray& body) {
        offsets.append({number, out.size()});
        out += QByteArray::number(number) + " 0 obj\n" + body + "\nendobj\n";
    };
    auto stream = [](const QByteArray& dict, const QByteArray& data) -> QByteArray {
        return "<<" + dict + " /Length " + QByteArray::number(data.size()) + " >>\nstream\n" + data + "\nendstream";
    };

    // DejaVu Sans, the whole TrueType file (compressed), as a simple TrueType font whose encoding holds
    // ASCII, Russian and Kazakh letters, with its map back to Unicode.
    auto compressed = [&](int number, const QByteArray& extra, const QByteArray& data) {
        const QByteArray zipped = qCompress(data, 9).mid(4); // qCompress: a 4-byte length, then zlib
        offsets.append({number, out.size()});
        out += QByteArray::number(number) + " 0 obj\n<< /Length " + QByteArray::number(zipped.size()) + extra +
               " /Filter /FlateDecode >>\nstream\n" + zipped + "\nendstream\nendobj\n";
    };
    const int fontFile = next++;
    compressed(fontFile, " /Length1 " + QByteArray::number(font->fontFile.size()), font->fontFile);
    const int toUnicode = next++;
    compressed(toUnicode, QByteArray(), font->toUnicode());
    const int descriptor = next++;
    write(descriptor, "<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] "
                      "/ItalicAngle 0 /Ascent " +
                          num(font->ascent) + " /Descent " + num(font->descent) +
                          " /CapHeight 729 /StemV 87 /FontFile2 " + QByteArray::number(fontFile) + " 0 R >>");
    QByteArray widths;
    for (double w : font->widths)
        widths += QByteArray::number(int(w)) + ' ';
    const int fontObj = next++;
    write(fontObj, "<< /Type /Font /Subtype /TrueType /BaseFont /DejaVuSans /FirstChar 32 /LastChar " +
                       QByteArray::number(font->lastCode) + " /Widths [" + widths.trimmed() +
                       "] /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [" +
                       font->differences + "] >> /FontDescriptor " + QByteArray::number(descriptor) +
                       " 0 R /ToUnicode " + QByteArray::number(toUnicode) + " 0 R >>");
    const QByteArray dr = "<< /Font << /DejaVu " + QByteArray::number(fontObj) + " 0 R >> >>";

    QList<QByteArray> pageAnnots(ix->pages.size());
    QByteArray fieldRefs;
    for (const Widget& w : widgets) {
        if (w.page < 0 || w.page >= ix->pages.size())
            return makeError(ErrorCode::Failure, tr("A form field lies outside the document's pages."));
        const double width = w.hidden ? 0 : w.rect.width();
        const double height = w.hidden ? 0 : w.rect.height();
        const QByteArray bbox =
            " /Type /XObject /Subtype /Form /BBox [0 0 " + num(width) + ' ' + num(height) + "] /Resources " + dr;
        QByteArray apRef;
        if (w.kind == Widget::Kind::Check) {
            const int on = next++;
            write(on, stream(bbox, checkAppearance(width, height, true)));
            const int off = next++;
            write(off, stream(bbox, checkAppearance(width, height, false)));
            apRef = "<< /N << /Yes " + QByteArray::number(on) + " 0 R /Off " + QByteArray::number(off) + " 0 R >> >>";
        } else {
            QString shown = w.value;
            for (const auto& [exportValue, display] : w.options)
                if (exportValue == w.value)
                    shown = display;
            const int apObj = next++;
            write(apObj, stream(bbox, w.hidden ? QByteArray("/Tx BMC\nEMC")
                                               : textAppearance(*font, shown, width, height, w.multiline)));
            apRef = "<< /N " + QByteArray::number(apObj) + " 0 R >>";
        }
        const int widget = next++;
        const QRectF r = w.hidden ? QRectF() : w.rect;
        QByteArray dict = "<< /Type /Annot /Subtype /Widget /T " + pdfString(w.name);
        if (!w.tooltip.isEmpty())
            dict += " /TU " + pdfString(w.tooltip);
        dict += " /Rect [" + num(r.left()) + ' ' + num(r.top()) + ' ' + num(r.right()) + ' ' + num(r.bottom()) + ']';
        dict += " /P " + QByteArray::number(ix->pages[w.page]) + " 0 R";
        switch (w.kind) {
        case Widget::Kind::Text:
            dict += " /FT /Tx";
            dict += w.hidden ? " /F 2 /Ff 1" : (w.multiline ? " /F 4 /Ff 4096" : " /F 4");
            dict += " /DA (/DejaVu " + QByteArray(w.multiline ? "9" : "0") + " Tf 0 g)";
            if (w.maxLength > 0)
                dict += " /MaxLen " + QByteArray::number(w.maxLength);
            if (w.date)
                dict += " /AA << /K << /S /JavaScript /JS (AFDate_KeystrokeEx\\(\"dd.mm.yyyy\"\\);) >> /F << /S "
                        "/JavaScript /JS (AFDate_FormatEx\\(\"dd.mm.yyyy\"\\);) >> >>";
            dict += " /V " + pdfString(w.value);
            if (w.hidden) // "Reset form" restores the default: the form code survives it
                dict += " /DV " + pdfString(w.value);
            break;
        case Widget::Kind::Combo: {
            dict += " /FT /Ch /F 4 /Ff 131072 /DA (/DejaVu 0 Tf 0 g) /Opt [";
            for (const auto& [exportValue, display] : w.options)
                dict += " [" + pdfString(exportValue) + ' ' + pdfString(display) + ']';
            dict += " ] /V " + pdfString(w.value);
            break;
        }
        case Widget::Kind::Check: {
            const bool on = !w.value.isEmpty();
            // /MK /CA: the cross of ZapfDingbats, for readers that redraw the box themselves.
            dict += " /FT /Btn /F 4 /DA (/ZaDb 0 Tf 0 g) /MK << /CA (8) /BG [0.92 0.95 1] /BC [0.6 0.6 0.7] >> /V " +
                    QByteArray(on ? "/Yes" : "/Off") + " /AS " + QByteArray(on ? "/Yes" : "/Off");
            break;
        }
        }
        if (w.kind != Widget::Kind::Check)
            dict += " /MK << /BG [0.92 0.95 1] /BC [0.6 0.6 0.7] >>";
        dict += " /AP " + apRef + " >>";
        write(widget, dict);
        const QByteArray ref = QByteArray::number(widget) + " 0 R ";
        pageAnnots[w.page] += ref;
        fieldRefs += ref;
    }
    const int acroForm = next++;
    // The form's resources also name ZapfDingbats (a standard font, never embedded) for the checkboxes'
    // cross; the appearance streams made here use DejaVu Sans only.
    const int zapf = next++;
    write(zapf, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>");
    write(acroForm, "<< /Fields [" + fieldRefs.trimmed() + "] /DR << /Font << /DejaVu " + QByteArray::number(fontObj) +
                        " 0 R /ZaDb " + QByteArray::number(zapf) + " 0 R >> >> /DA (/DejaVu 0 Tf 0 g) >>");

    // The catalog gains the AcroForm; each page its widgets (kept: annotations it already had).
    QByteArray catalog = withoutKey(ix->catalogBody, "/AcroForm", pdf, nullptr);
    catalog = withoutKey(catalog, "/NeedAppearances", pdf, nullptr);
    write(ix->root, insertIntoDict(catalog, "/AcroForm " + QByteArray::number(acroForm) + " 0 R"));
    for (int i = 0; i < ix->pages.size(); ++i) {
        if (pageAnnots[i].isEmpty())
            continue;
        QByteArray kept;
        QByteArray page = withoutKey(ix->pageBodies[i], "/Annots", pdf, &kept);
        write(ix->pages[i], insertIntoDict(page, "/Annots [" + QByteArray(kept + ' ' + pageAnnots[i]).trimmed() + ']'));
    }

    const qint64 xref = out.size();
    out += "xref\n";
    for (const auto& [number, offset] : offsets)
        out += QByteArray::number(number) + " 1\n" + QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    out += "trailer\n<< /Size " + QByteArray::number(next) + " /Root " + QByteArray::number(ix->root) + " 0 R ";
    if (!ix->info.isEmpty())
        out += ix->info + ' ';
    out += "/Prev " + QByteArray::number(ix->startXref) + " >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

Result<QByteArray> FormTemplate::build(const FormDef& form, int persons) {
    if (persons < 1 || persons > 20)
        return makeError(ErrorCode::Usage, tr("A template holds 1 to 20 personal attachments: %1").arg(persons));
    FormLayout layout = FormPrint::layout(form, {}, true, persons);
    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    std::vector<reports::FieldBox> boxes;
    if (Status s = reports::PdfRenderer::writeFlow(layout.spec, &buffer, &boxes); !s)
        return s.error();
    buffer.close();

    auto fieldDef = [&](const QString& name) -> const FieldDef* {
        for (const FieldDef& f : form.fields)
            if (acroName(f.id) == name)
                return &f;
        for (int p = 0; p < persons; ++p)
            for (const FieldDef& f : form.personFields)
                if (acroName(f.id, p) == name)
                    return &f;
        return nullptr;
    };
    QList<Widget> widgets;
    for (const reports::FieldBox& box : boxes) {
        const QString name = layout.blockFields.value(box.blockIndex);
        const FieldDef* def = name.isEmpty() ? nullptr : fieldDef(name);
        if (!def)
            continue;
        Widget w;
        w.name = name;
        w.tooltip = def->label.kk + QStringLiteral(" / ") + def->label.ru;
        w.page = box.page;
        w.rect = box.rectPt;
        const QString choice = layout.blockChoices.value(box.blockIndex);
        if (!choice.isEmpty()) { // one checkbox of a list of choices
            w.kind = Widget::Kind::Check;
            w.name = checkName(name, choice);
            for (const ChoiceDef& c : def->choices)
                if (c.id == choice)
                    w.tooltip = c.label.kk + QStringLiteral(" / ") + c.label.ru;
        } else if (def->type == FieldType::Choice) {
            w.kind = Widget::Kind::Combo;
            w.options << QPair<QString, QString>(QString(), QString());
            for (const ChoiceDef& c : def->choices)
                w.options << QPair<QString, QString>(c.id, c.label.kk + QStringLiteral(" / ") + c.label.ru);
            w.value = def->defaultValue;
        } else {
            w.multiline = def->type == FieldType::LongText;
            w.date = def->type == FieldType::Date;
            if (w.date)
                w.tooltip += QStringLiteral(" (КК.АА.ЖЖЖЖ / ДД.ММ.ГГГГ)");
            w.maxLength = def->maxLength;
        }
        widgets << w;
    }
    Widget code;
    code.tooltip = form.code;
    code.name = QString::fromUtf16(kFormCodeField);
    code.hidden = true;
    code.value = form.code;
    widgets << code;
    return addFields(pdf, widgets);
}

Status FormTemplate::save(const FormDef& form, const QString& path, int persons) {
    auto bytes = build(form, persons);
    if (!bytes)
        return bytes.error();
    QSaveFile file(path);
    if (Status s = registry::OutputFiles::openPublic(file); !s) // never through a symbolic link (C5)
        return s;
    if (file.write(*bytes) != bytes->size() || !file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace tirkeu::forms::pdf
