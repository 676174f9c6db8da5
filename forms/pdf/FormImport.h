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

#include <functional>

namespace tirkeu::forms::pdf {

struct ImportedForm {
    QString formCode;
    QJsonObject data; // field id -> value (GOV letters: "persons" rows), only fields with a value
};

class FormImport {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::pdf::FormImport)
public:
    // What the largest official template holds (a GOV letter with its 20 person rows: 22 pages, 365
    // fields), with a wide margin: a PDF with more pages or form fields is no template of Tirkeu and is
    // refused before its fields are read (Poppler's work grows with the square of the number of fields:
    // attack of session 27, F3).
    static constexpr int kMaxPages = 100;
    static constexpr int kMaxFields = 3000;
    // The person rows of a GOV letter template (person1_… to person20_…).
    static constexpr int kMaxPersonRows = 20;
    // Poppler reads the document in a child process bounded in CPU time, memory and wall time: a PDF that
    // needs more than a form ever does is refused, and the caller's process is never exhausted.
    static constexpr int kMaxCpuSeconds = 5;
    static constexpr int kMaxWallSeconds = 20;
    static constexpr qint64 kMaxMemoryBytes = qint64(1) << 30; // over what the process maps already
    // Polled while Poppler works (every 50 ms): true stops the reading (ErrorCode::Failure, "cancelled").
    using Cancelled = std::function<bool()>;
    // expectedForm: when not empty, a PDF of any other form is refused. uiLang: language of messages.
    static Result<ImportedForm> read(const QByteArray& pdf, const QString& expectedForm = {},
                                     const QString& uiLang = {}, const Cancelled& cancelled = {});
    static Result<ImportedForm> readFile(const QString& path, const QString& expectedForm = {},
                                         const QString& uiLang = {}, const Cancelled& cancelled = {});
    // The raw field values of a PDF (name -> text), for tests and diagnostics.
    static Result<QHash<QString, QString>> fieldValues(const QByteArray& pdf, const Cancelled& cancelled = {});
    // A value as typed into a field -> the JSON value the form's validator expects.
    static QJsonValue toJson(const FieldDef& field, const QString& text);

private:
    // fieldValues' work, in the process that calls it (the child of fieldValues).
    static Result<QHash<QString, QString>> readFieldsHere(const QByteArray& pdf);
};

} // namespace tirkeu::forms::pdf
