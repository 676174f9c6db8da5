#pragma once
// Validation of form data against a FormDef: required fields, types (IIN/BIN check digit, e-mail,
// phone, dates, choices), length limits (short name <= 64), per-person rows for GOV letters,
// required attachments and consent. registry runs it on every submission; the GUI runs it live.

#include "forms/FormDefinition.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace tirkeu::forms {

struct FieldError {
    QString fieldId;      // the offending field id ("" for form-level errors such as a missing attachment)
    int personIndex = -1; // row in "persons" (0-based) for GOV letters, -1 for top-level fields
    QString message;      // translated, user-readable, names the field by its label
};

struct ValidationResult {
    QList<FieldError> errors;
    bool ok() const { return errors.isEmpty(); }
    QString summary() const; // all messages, one per line
};

struct Submission {
    QJsonObject data;        // field id -> value; GOV forms also "persons": [ {field id -> value}, ... ]
    QStringList attachments; // ids of attachments the operator checked as present
    bool consent = false;    // consent to personal-data processing recorded
};

class Validator {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::Validator)
public:
    // uiLang selects the language of the field labels quoted in messages ("kk", "ru", "en").
    static ValidationResult validate(const FormDef& form, const Submission& submission, const QString& uiLang = {});
    // One field, for live validation while typing. Empty string = valid.
    static QString validateField(const FieldDef& field, const QJsonValue& value, const QString& uiLang = {});
    // Canonical form of a value before storing: trims, upper-cases/normalises serials (hex, no colons),
    // normalises phones to +7XXXXXXXXXX, names with Latin I -> Kazakh І when the word is Cyrillic.
    static QJsonObject normalised(const FormDef& form, const QJsonObject& data);
};

// Kazakh names: a Latin "I"/"i" typed inside a Cyrillic word becomes "І"/"і" (U+0406/U+0456).
QString normaliseKazakhName(const QString& name);

} // namespace tirkeu::forms
