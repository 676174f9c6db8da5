#pragma once
// Reads a filled-in template (forms/pdf/FormTemplate.h) with Poppler-Qt6: the form is identified by
// the hidden field "tirkeu_form", each text field's value is mapped onto its field id (dates written
// dd.MM.yyyy become ISO dates, choices may be written as their id or either label, lists are
// comma-separated) and the result goes through forms::Validator exactly like typed data. A PDF that is
// not a template, of another form, damaged, locked, or with invalid values gives a clear error.

#include "forms/Validation.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace tirkeu::forms::pdf {

struct ImportedForm {
    QString formCode;
    QJsonObject data; // field id -> value (GOV letters: "persons" rows), only fields with a value
};

class FormImport {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::pdf::FormImport)
public:
    // expectedForm: when not empty, a PDF of any other form is refused. uiLang: language of messages.
    static Result<ImportedForm> read(const QByteArray& pdf, const QString& expectedForm = {},
                                     const QString& uiLang = {});
    static Result<ImportedForm> readFile(const QString& path, const QString& expectedForm = {},
                                         const QString& uiLang = {});
    // The raw field values of a PDF (name -> text), for tests and diagnostics.
    static Result<QHash<QString, QString>> fieldValues(const QByteArray& pdf);
    // A value as typed into a field -> the JSON value the form's validator expects.
    static QJsonValue toJson(const FieldDef& field, const QString& text);
};

} // namespace tirkeu::forms::pdf
