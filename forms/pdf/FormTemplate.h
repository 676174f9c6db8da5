#pragma once
// Fillable PDF templates of the application forms, made here from the form definitions (no hand-made
// binaries). The visible page is the blank printed form (reports' flow renderer, DejaVu Sans
// embedded); the AcroForm is appended to it as a PDF incremental update written by this class,
// because QPdfWriter cannot make form fields: one text widget per field, named after the field id
// (forms/pdf/FormPrint.h acroName), placed on the field's box, with /DA and /DR naming Helvetica and
// an appearance stream for every widget, and without /NeedAppearances (FACTS.md). A hidden read-only
// field "tirkeu_form" holds the form code; the import identifies the form by it.

#include "forms/FormDefinition.h"
#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QRectF>

namespace tirkeu::forms::pdf {

struct TextWidget {
    QString name;    // AcroForm field name (/T)
    QString tooltip; // /TU, any Unicode
    int page = 0;    // 0-based
    QRectF rect;     // points, PDF user space
    bool multiline = false;
    bool hidden = false;
    QString value; // /V (ASCII only: the hidden form code)
};

class FormTemplate {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::pdf::FormTemplate)
public:
    // persons: how many personal attachments a GOV letter template has (1..20).
    static Result<QByteArray> build(const FormDef& form, int persons = 1);
    static Status save(const FormDef& form, const QString& path, int persons = 1);

    // Appends an AcroForm with these widgets to a PDF written by QPdfWriter (incremental update).
    static Result<QByteArray> addFields(const QByteArray& pdf, const QList<TextWidget>& widgets);
};

} // namespace tirkeu::forms::pdf
