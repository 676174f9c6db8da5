#pragma once
// Validation of form data against a FormDef: required fields, types (IIN/BIN check digit, e-mail,
// phone, dates, choices), length limits (short name <= 64), per-person rows for GOV letters,
// required attachments and consent. registry runs it on every submission; the GUI runs it live; the
// PDF import runs it on what it read.
//
// Name hygiene (every text field): control characters (C0 incl. NUL, DEL, C1; multi-line fields keep
// TAB/LF/CR), bidi controls (U+202A-202E, U+2066-2069, U+200E/200F, U+061C), zero-width characters
// (U+200B-200D, U+2060, U+FEFF), other invisible format characters, private-use and non-characters are
// refused with a message naming the field and the code point. Person names (surname, name, patronymic, full names)
// hold letters of any script, combining marks, spaces, hyphens, apostrophes (' or ’) and dots only, no digit, no
// word in two alphabets; any other character is refused by name. Values are NFC-normalised before they are
// counted and stored. Fields that become certificate attributes obey RFC 5280's upper bounds (CN 64,
// O 64, L 128, ST 128, title 64, e-mail 255), including the composed CN "SURNAME NAME" and the O an
// issuance form yields (short name, else organisation name).

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
    // Received without some required attachments: registered as received only so that it can be
    // refused for that reason (the registry refuses to approve it while they are missing).
    bool documentsMissing = false;
    // How the holder was identified (registry::Rules::identificationMethods ids); empty: not recorded.
    QString identification;
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
    // Why `text` may not be stored, naming `label`, the character and its position, or empty: the rule of every
    // form field (no control, bidirectional control, zero-width, invisible filler or other format character),
    // for the free texts that reach the register and official documents outside a form — a revocation's basis
    // document, an operator's name, notes, custodians, media serials (attack of session 29, F2: U+202E in a basis
    // document made the printed revocation journal show letter No 125-43 for 1234-5).
    static QString forbiddenCharacterIn(const QString& text, const QString& label, bool multiLine = false);
};

// Kazakh names: a Latin "I"/"i" typed inside a Cyrillic word becomes "І"/"і" (U+0406/U+0456).
QString normaliseKazakhName(const QString& name);

// The address as a certificate's rfc822Name carries it (RFC 5280 §4.2.1.6, RFC 8399): the part before @ an RFC 5321
// dot-atom of ASCII, the domain in its A-label form (ASCII letters, digits and hyphens, no label starting or ending
// with a hyphen, at least two labels); empty when `email` cannot be one. The form's e-mail rule and issuance both
// use it (attack of session 32, B16: the form took "ә@example.kz", which no certificate could carry, and the
// certificate took "a@-x.kz").
QString certificateEmail(const QString& email);

// What is wrong with `text` as a name written word by word, naming `label`, or empty: a word that mixes two
// alphabets ("Attаck" with a Cyrillic а; a Latin I or i inside a Cyrillic word is the Kazakh І typed on a Latin
// layout). The rule of person names, organisation and CA names (attack of session 32, B9).
QString mixedAlphabetProblem(const QString& text, const QString& label);

// How `text` looks, for comparing names that must differ to the eye: compatibility-decomposed, accents dropped,
// case-folded, spaces collapsed, and the Cyrillic and Greek letters that look like Latin ones read as those
// ("СА" and "CA" give "ca"). Two CA names with one skeleton are one name to a reader (attack of session 32, B9).
QString confusableSkeleton(const QString& text);

} // namespace tirkeu::forms
