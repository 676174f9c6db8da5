#pragma once
// Fillable PDF templates of the application forms, made here from the form definitions (no hand-made
// binaries). The visible page is the blank printed form (reports' flow renderer, DejaVu Sans
// embedded); the AcroForm is appended to it as a PDF incremental update written by this class,
// because QPdfWriter cannot make form fields: one widget per field, named after the field id
// (forms/pdf/FormPrint.h acroName), placed on the field's box: text fields (dates with the format the
// import reads, ДД.ММ.ГГГГ), combo boxes for choices and one checkbox per choice of a list. The form font
// is DejaVu Sans, embedded whole as a TrueType font whose encoding holds ASCII, Russian and Kazakh
// letters, named in the AcroForm's /DR and /DA: a filler (pypdf, pdftk, qpdf, a reader) that makes the
// appearance of a Kazakh value finds the letters. Every widget has an appearance stream, made here for
// the value it holds; no /NeedAppearances (FACTS.md). A hidden read-only field "tirkeu_form" holds the
// form code (also its default value and its alternate name, so that "Reset form" does not lose it);
// the import identifies the form by it.

#include "forms/FormDefinition.h"
#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QRectF>

namespace tirkeu::forms::pdf {

struct Widget {
    enum class Kind { Text, Combo, Check };
    Kind kind = Kind::Text;
    QString name;    // AcroForm field name (/T)
    QString tooltip; // /TU, any Unicode
    int page = 0;    // 0-based
    QRectF rect;     // points, PDF user space
    bool multiline = false;
    bool hidden = false;
    bool date = false; // Text: a date written ДД.ММ.ГГГГ (format actions for readers that run them)
    int maxLength = 0; // Text: /MaxLen when > 0
    QString value;     // /V: Text the text, Combo the export value, Check "Yes" or empty
    QList<QPair<QString, QString>> options; // Combo: export value, displayed text
};
using TextWidget = Widget;

// The form font: DejaVu Sans, whole, as a simple TrueType font whose single-byte encoding holds ASCII,
// the Russian and Kazakh letters and the forms' punctuation (glyph names from the Adobe Glyph List where
// it has them), with a map back to Unicode.
class FormFont {
public:
    static Result<FormFont> load();
    // The codes of `text` in this font; a character it cannot show becomes "?".
    QByteArray encode(const QString& text) const;
    bool covers(const QString& text) const;
    double width(const QString& text, double size) const; // points
    QByteArray toUnicode() const;                         // the /ToUnicode CMap
    QByteArray fontFile;                                  // the TrueType file
    QByteArray differences;                               // the /Differences array's content
    QList<double> widths;                                 // per code from 32 to lastCode, 1/1000 em
    int lastCode = 126;
    double ascent = 760;
    double descent = -240;

private:
    QHash<char16_t, uchar> m_codes;
    QHash<uchar, char16_t> m_unicode; // codes from 128 on
};

class FormTemplate {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::pdf::FormTemplate)
public:
    // persons: how many personal attachments a GOV letter template has (1..20).
    static Result<QByteArray> build(const FormDef& form, int persons = 1);
    static Status save(const FormDef& form, const QString& path, int persons = 1);

    // Appends an AcroForm with these widgets to a PDF written by QPdfWriter (incremental update).
    static Result<QByteArray> addFields(const QByteArray& pdf, const QList<Widget>& widgets);
};

} // namespace tirkeu::forms::pdf
