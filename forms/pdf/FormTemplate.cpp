#include "forms/pdf/FormTemplate.h"

#include "forms/pdf/FormPrint.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QSaveFile>

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

} // namespace

Result<QByteArray> FormTemplate::addFields(const QByteArray& pdf, const QList<TextWidget>& widgets) {
    auto ix = index(pdf);
    if (!ix)
        return ix.error();
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

    const int font = next++;
    write(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    const QByteArray dr = "<< /Font << /Helv " + QByteArray::number(font) + " 0 R >> >>";

    QList<QByteArray> pageAnnots(ix->pages.size());
    QByteArray fieldRefs;
    for (const TextWidget& w : widgets) {
        if (w.page < 0 || w.page >= ix->pages.size())
            return makeError(ErrorCode::Failure, tr("A form field lies outside the document's pages."));
        const double width = w.hidden ? 0 : w.rect.width();
        const double height = w.hidden ? 0 : w.rect.height();
        // The appearance of the empty field: a light background, so it is seen before it is filled.
        QByteArray ap = "/Tx BMC\nEMC";
        if (!w.hidden)
            ap = "q 0.92 0.95 1 rg 0 0 " + num(width) + ' ' + num(height) + " re f Q\n/Tx BMC\nEMC";
        const int apObj = next++;
        write(apObj, stream(" /Type /XObject /Subtype /Form /BBox [0 0 " + num(width) + ' ' + num(height) +
                                "] /Resources " + dr,
                            ap));
        const int widget = next++;
        const QRectF r = w.hidden ? QRectF() : w.rect;
        QByteArray dict = "<< /Type /Annot /Subtype /Widget /FT /Tx /T " + pdfString(w.name);
        if (!w.tooltip.isEmpty())
            dict += " /TU " + pdfString(w.tooltip);
        dict += " /Rect [" + num(r.left()) + ' ' + num(r.top()) + ' ' + num(r.right()) + ' ' + num(r.bottom()) + ']';
        dict += " /P " + QByteArray::number(ix->pages[w.page]) + " 0 R";
        dict += w.hidden ? " /F 2 /Ff 1" : (w.multiline ? " /F 4 /Ff 4096" : " /F 4");
        dict += " /DA (/Helv " + QByteArray(w.multiline ? "9" : "10") + " Tf 0 g)";
        dict += " /MK << /BG [0.92 0.95 1] /BC [0.6 0.6 0.7] >>";
        dict += " /V " + pdfString(w.value) + " /AP << /N " + QByteArray::number(apObj) + " 0 R >> >>";
        write(widget, dict);
        const QByteArray ref = QByteArray::number(widget) + " 0 R ";
        pageAnnots[w.page] += ref;
        fieldRefs += ref;
    }
    const int acroForm = next++;
    write(acroForm, "<< /Fields [" + fieldRefs.trimmed() + "] /DR " + dr + " /DA (/Helv 0 Tf 0 g) >>");

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
    QList<TextWidget> widgets;
    for (const reports::FieldBox& box : boxes) {
        const QString name = layout.blockFields.value(box.blockIndex);
        const FieldDef* def = name.isEmpty() ? nullptr : fieldDef(name);
        if (!def)
            continue;
        TextWidget w;
        w.name = name;
        w.tooltip = def->label.kk + QStringLiteral(" / ") + def->label.ru;
        w.page = box.page;
        w.rect = box.rectPt;
        w.multiline = def->type == FieldType::LongText || def->type == FieldType::MultiChoice;
        widgets << w;
    }
    TextWidget code;
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
    if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() || !file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace tirkeu::forms::pdf
