#pragma once
// An official application form laid out like its appendix in seed 002: the bilingual title, every
// field with its Kazakh and Russian label, the personal attachments of a government body's letter,
// the attachments, consent, signature and date lines and the seal place. Filled in from an
// application (print for the applicant's signature) or blank (the page behind a fillable template).

#include "forms/FormDefinition.h"
#include "registry/Roles.h"
#include "reports/Pdf.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::forms::pdf {

// The AcroForm name of a field: the field id for the form itself, "person<N>_<id>" for the N-th
// (1-based) personal attachment of a GOV letter (PDF field names must not contain dots).
QString acroName(const QString& fieldId, int personIndex = -1);
// The checkbox of one choice of a list field (MultiChoice) in a template: "<acroName>-<choice id>".
QString checkName(const QString& acroFieldName, const QString& choiceId);
// The hidden field that names the form code inside a template.
inline constexpr const char16_t kFormCodeField[] = u"tirkeu_form";

struct FormLayout {
    reports::FlowSpec spec;
    // For each Field block of spec (by block index): the AcroForm name; empty for other blocks.
    QStringList blockFields;
    // For each Check block (a choice of a list field in a blank template): the choice id.
    QStringList blockChoices;
};

class FormPrint {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::pdf::FormPrint)
public:
    // data: field id -> value as stored (JSON of the application); persons: rows of a GOV letter.
    // blankPersons: how many empty personal attachments a blank GOV template gets.
    static FormLayout layout(const FormDef& form, const QJsonObject& data, bool blank, int blankPersons = 1);
    // How a stored value is printed: dates dd.MM.yyyy, choices with their Kazakh / Russian label.
    static QString displayValue(const FieldDef& field, const QJsonValue& value);

    // The filled-in form of a registered application (needs ViewRegister).
    static Result<reports::FlowSpec> application(registry::Register& reg, const registry::Session& by, qint64 id);
    static Status saveApplication(registry::Register& reg, const registry::Session& by, qint64 id, const QString& path);
};

} // namespace tirkeu::forms::pdf
