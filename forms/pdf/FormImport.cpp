#include "forms/pdf/FormImport.h"

#include "forms/pdf/FormPrint.h"
#include "pki/InputFiles.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <poppler-form.h>
#include <poppler-qt6.h>

#include <memory>

namespace tirkeu::forms::pdf {

namespace {

// A date as the template asks for it (ДД.ММ.ГГГГ, also with one-digit day and month) or ISO.
QDate parseDate(const QString& raw) {
    const QString text = raw.simplified();
    for (const QString& format :
         {QStringLiteral("dd.MM.yyyy"), QStringLiteral("d.M.yyyy"), QStringLiteral("yyyy-MM-dd")}) {
        const QDate d = QDate::fromString(text, format);
        if (d.isValid())
            return d;
    }
    return {};
}

bool isDate(const QString& text) {
    return parseDate(text).isValid();
}

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
        const QDate d = parseDate(text);
        return d.isValid() ? d.toString(Qt::ISODate) : text; // read() names a date it cannot read
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
    // Widgets of one field share its value; two fields of one name with different values say two things,
    // and the register would take the one read last (a template altered after it was made).
    QString twice;
    const auto put = [&values, &twice](const QString& name, const QString& text) {
        const auto it = values.constFind(name);
        if (it != values.constEnd() && *it != text && twice.isEmpty())
            twice = name;
        values.insert(name, text);
    };
    for (int i = 0; i < doc->numPages(); ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        if (!page)
            return makeError(ErrorCode::Invalid, tr("Page %1 of the PDF document is damaged.").arg(i + 1));
        for (const std::unique_ptr<Poppler::FormField>& field : page->formFields()) {
            const QString name = field->fullyQualifiedName();
            switch (field->type()) {
            case Poppler::FormField::FormText: {
                QString text = static_cast<const Poppler::FormFieldText*>(field.get())->text();
                // "Reset form" empties the form code; its alternate name keeps it.
                if (name == QString::fromUtf16(kFormCodeField) && text.trimmed().isEmpty())
                    text = field->uiName();
                put(name, text);
                break;
            }
            case Poppler::FormField::FormChoice: {
                const auto* choice = static_cast<const Poppler::FormFieldChoice*>(field.get());
                const auto options = choice->choicesWithExportValues(); // (displayed, export)
                QStringList picked;
                for (int i : choice->currentChoices())
                    if (i >= 0 && i < options.size())
                        picked << (options[i].second.isEmpty() ? options[i].first : options[i].second);
                if (picked.isEmpty() && choice->isEditable())
                    picked << choice->editChoice();
                put(name, picked.join(u','));
                break;
            }
            case Poppler::FormField::FormButton: {
                const auto* button = static_cast<const Poppler::FormFieldButton*>(field.get());
                if (button->buttonType() == Poppler::FormFieldButton::CheckBox)
                    values.insert(name, button->state() ? QStringLiteral("Yes") : QString());
                break;
            }
            default:
                break;
            }
        }
    }
    if (!twice.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The PDF document has two fields named %1 with different values: it "
                                                "is not a template as Tirkeu made it. Fill in a new template.")
                                                 .arg(twice));
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
    if (code.isEmpty())
        return makeError(ErrorCode::Invalid, tr("The PDF's form code was erased; fill in a new template printed by "
                                                "tirkeu-cli form template."));
    const FormDef* form = FormCatalog::find(code);
    if (!form)
        return makeError(ErrorCode::Invalid, tr("The PDF names the unknown form %1.").arg(code));
    if (!expectedForm.isEmpty() && expectedForm != code)
        return makeError(ErrorCode::Invalid,
                         tr("The PDF is the form %1, not %2: use the template of %2.").arg(code, expectedForm));
    ImportedForm out;
    out.formCode = code;
    bool anyValue = false;
    QStringList problems;
    QSet<QString> badDates; // field ids whose date the template's format does not read
    // A field's text: a list of choices is read from its checkboxes (or from a text field of older
    // templates); a date must be written as the template says.
    auto textOf = [&](const FieldDef& f, int person) {
        const QString name = acroName(f.id, person);
        if (f.type == FieldType::MultiChoice && !values->contains(name)) {
            QStringList picked;
            for (const ChoiceDef& c : f.choices)
                if (!values->value(checkName(name, c.id)).isEmpty())
                    picked << c.id;
            return picked.join(u',');
        }
        const QString text = values->value(name);
        if (f.type == FieldType::Date && !text.trimmed().isEmpty() && !isDate(text) && !badDates.contains(name)) {
            badDates.insert(name);
            problems << tr("\"%1\" must be a date written as ДД.ММ.ГГГГ (КК.АА.ЖЖЖЖ), e.g. 02.03.2026: %2")
                            .arg(f.label.in(uiLang), text.trimmed());
        }
        return text;
    };
    // A value the template came with (a choice's default) is no sign that anything was filled in.
    auto typed = [](const FieldDef& f, const QString& text) {
        return f.defaultValue.isEmpty() || text.trimmed() != f.defaultValue;
    };
    for (const FieldDef& f : form->fields) {
        const QString text = textOf(f, -1);
        if (text.trimmed().isEmpty())
            continue;
        out.data.insert(f.id, toJson(f, text));
        anyValue = anyValue || typed(f, text);
    }
    if (form->hasPersons()) {
        QJsonArray persons;
        for (int p = 0; p < 20; ++p) {
            if (!values->contains(acroName(form->personFields.first().id, p)))
                break;
            QJsonObject row;
            bool rowTyped = false;
            for (const FieldDef& f : form->personFields) {
                const QString text = textOf(f, p);
                if (!text.trimmed().isEmpty()) {
                    row.insert(f.id, toJson(f, text));
                    rowTyped = rowTyped || typed(f, text);
                }
            }
            if (rowTyped)
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
    for (const FieldError& e : result.errors)
        if (!e.fieldId.isEmpty() && !badDates.contains(acroName(e.fieldId, e.personIndex)))
            problems << e.message; // a date already named above is not named twice
    if (!problems.isEmpty())
        return makeError(ErrorCode::Invalid,
                         tr("The form in the PDF has invalid values:\n%1").arg(problems.join(u'\n')));
    out.data = Validator::normalised(*form, out.data);
    return out;
}

Result<ImportedForm> FormImport::readFile(const QString& path, const QString& expectedForm, const QString& uiLang) {
    auto bytes = pki::InputFiles::read(path, pki::InputFiles::kDocument);
    if (!bytes)
        return bytes.error();
    return read(*bytes, expectedForm, uiLang);
}

} // namespace tirkeu::forms::pdf
