#include "forms/pdf/FormImport.h"

#include "forms/pdf/FormPrint.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

#include <poppler-form.h>
#include <poppler-qt6.h>

#include <memory>

namespace tirkeu::forms::pdf {

namespace {

QString matchChoice(const FieldDef& f, const QString& text) {
    const QString t = text.trimmed();
    for (const ChoiceDef& c : f.choices) {
        if (c.id.compare(t, Qt::CaseInsensitive) == 0 || c.label.kk.compare(t, Qt::CaseInsensitive) == 0 ||
            c.label.ru.compare(t, Qt::CaseInsensitive) == 0 || c.label.en.compare(t, Qt::CaseInsensitive) == 0 ||
            QStringLiteral("%1 / %2").arg(c.label.kk, c.label.ru).compare(t, Qt::CaseInsensitive) == 0)
            return c.id;
    }
    return t; // the validator names it as not allowed
}

} // namespace

QJsonValue FormImport::toJson(const FieldDef& field, const QString& raw) {
    const QString text = field.type == FieldType::LongText ? raw.trimmed() : raw.simplified();
    switch (field.type) {
    case FieldType::Date: {
        for (const QString& format : {QStringLiteral("dd.MM.yyyy"), QStringLiteral("d.M.yyyy")}) {
            const QDate d = QDate::fromString(text, format);
            if (d.isValid())
                return d.toString(Qt::ISODate);
        }
        return text; // ISO already, or the validator refuses it
    }
    case FieldType::Choice:
        return matchChoice(field, text);
    case FieldType::MultiChoice: {
        QJsonArray items;
        for (const QString& part : raw.split(QRegularExpression(QStringLiteral("[,;\\n]")), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                items.append(matchChoice(field, part));
        return items;
    }
    default:
        return text;
    }
}

Result<QHash<QString, QString>> FormImport::fieldValues(const QByteArray& pdf) {
    if (!pdf.startsWith("%PDF-"))
        return makeError(ErrorCode::Invalid, tr("The file is not a PDF document."));
    // Poppler reconstructs a truncated file from what is left; a form read from half a file is not
    // what the applicant filled in, so a PDF must end as the format requires.
    if (!pdf.right(1024).contains("%%EOF") || !pdf.right(1024).contains("startxref"))
        return makeError(ErrorCode::Invalid, tr("The PDF document is incomplete or damaged (its end is missing)."));
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc)
        return makeError(ErrorCode::Invalid, tr("The PDF document is damaged and cannot be read."));
    if (doc->isLocked())
        return makeError(ErrorCode::Invalid, tr("The PDF document is password-protected; save it without a password."));
    if (doc->numPages() < 1)
        return makeError(ErrorCode::Invalid, tr("The PDF document has no pages."));
    QHash<QString, QString> values;
    for (int i = 0; i < doc->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        if (!page)
            return makeError(ErrorCode::Invalid, tr("Page %1 of the PDF document is damaged.").arg(i + 1));
        for (const std::unique_ptr<Poppler::FormField>& field : page->formFields()) {
            if (field->type() != Poppler::FormField::FormText)
                continue;
            const auto* text = static_cast<const Poppler::FormFieldText*>(field.get());
            values.insert(field->fullyQualifiedName(), text->text());
        }
    }
    return values;
}

Result<ImportedForm> FormImport::read(const QByteArray& pdf, const QString& expectedForm, const QString& uiLang) {
    auto values = fieldValues(pdf);
    if (!values)
        return values.error();
    const QString codeField = QString::fromUtf16(kFormCodeField);
    if (!values->contains(codeField))
        return makeError(ErrorCode::Invalid, tr("The PDF is not a Tirkeu form template (it has no form code); "
                                                "fill in the template printed by tirkeu-cli form template."));
    const QString code = values->value(codeField).trimmed();
    const FormDef* form = FormCatalog::find(code);
    if (!form)
        return makeError(ErrorCode::Invalid, tr("The PDF names the unknown form %1.").arg(code));
    if (!expectedForm.isEmpty() && expectedForm != code)
        return makeError(ErrorCode::Invalid,
                         tr("The PDF is the form %1, not %2: use the template of %2.").arg(code, expectedForm));
    ImportedForm out;
    out.formCode = code;
    bool anyValue = false;
    for (const FieldDef& f : form->fields) {
        const QString text = values->value(acroName(f.id));
        if (text.trimmed().isEmpty())
            continue;
        out.data.insert(f.id, toJson(f, text));
        anyValue = true;
    }
    if (form->hasPersons()) {
        QJsonArray persons;
        for (int p = 0; p < 20; ++p) {
            if (!values->contains(acroName(form->personFields.first().id, p)))
                break;
            QJsonObject row;
            for (const FieldDef& f : form->personFields) {
                const QString text = values->value(acroName(f.id, p));
                if (!text.trimmed().isEmpty())
                    row.insert(f.id, toJson(f, text));
            }
            if (!row.isEmpty())
                persons.append(row);
        }
        if (!persons.isEmpty()) {
            out.data.insert(QStringLiteral("persons"), persons);
            anyValue = true;
        }
    }
    if (!anyValue)
        return makeError(ErrorCode::Invalid, tr("The form %1 in the PDF is empty: no field is filled in.").arg(code));
    // The same validation as typed data; attachments and consent are recorded at the counter, so
    // only the field errors count here (the registry checks the whole submission again).
    Submission submission;
    submission.data = out.data;
    const ValidationResult result = Validator::validate(*form, submission, uiLang);
    QStringList problems;
    for (const FieldError& e : result.errors)
        if (!e.fieldId.isEmpty())
            problems << e.message;
    if (!problems.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("The form in the PDF has invalid values:\n%1").arg(problems.join(u'\n')));
    out.data = Validator::normalised(*form, out.data);
    return out;
}

Result<ImportedForm> FormImport::readFile(const QString& path, const QString& expectedForm, const QString& uiLang) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read %1: %2").arg(path, file.errorString()));
    return read(file.readAll(), expectedForm, uiLang);
}

} // namespace tirkeu::forms::pdf
