#include "forms/Validation.h"

#include "forms/Identifiers.h"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace tirkeu::forms {

QString ValidationResult::summary() const {
    QStringList lines;
    for (const FieldError& e : errors)
        lines.append(e.message);
    return lines.join(u'\n');
}

namespace {

// Type defaults when FieldDef::maxLength is 0: a generous single line, a paragraph, RFC 5321's limit.
constexpr int kTextMax = 255;
constexpr int kLongTextMax = 2000;
constexpr int kEmailMax = 254;

const QString kPersonsKey = QStringLiteral("persons");
const QString kOtherChoice = QStringLiteral("other");
const QString kToken = QStringLiteral("token");
const QString kThreeYears = QStringLiteral("3y");

QString labelFor(const FieldDef& f, const QString& lang) {
    const QString l = f.label.in(lang);
    return l.isEmpty() ? f.id : l;
}

// Characters as people count them (code points), not UTF-16 units or UTF-8 bytes: a Kazakh letter is one.
qsizetype characterCount(const QString& s) {
    qsizetype n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate())
            ++i;
        ++n;
    }
    return n;
}

bool isBlank(const QJsonValue& v) {
    if (v.isUndefined() || v.isNull())
        return true;
    if (v.isString())
        return v.toString().trimmed().isEmpty();
    if (v.isArray())
        return v.toArray().isEmpty();
    return false;
}

QString withoutChars(const QString& s, QStringView chars) {
    QString out;
    out.reserve(s.size());
    for (QChar c : s)
        if (!chars.contains(c) && !c.isSpace())
            out.append(c);
    return out;
}

// +7XXXXXXXXXX, or empty when the typed number is not a Kazakhstan number.
QString canonicalPhone(const QString& typed) {
    static const QRegularExpression re(QStringLiteral("^(?:\\+7|8)([0-9]{10})$"));
    const QRegularExpressionMatch m = re.match(withoutChars(typed, u"()-"));
    return m.hasMatch() ? QStringLiteral("+7") + m.captured(1) : QString();
}

QString canonicalSerial(const QString& typed) {
    return withoutChars(typed, u":").toUpper();
}

bool isNameField(const QString& id) {
    return id == u"surname" || id == u"name" || id == u"patronymic" || id == u"full_name" || id == u"head_full_name";
}

const FieldDef* findField(const QList<FieldDef>& fields, const QString& id) {
    for (const FieldDef& f : fields)
        if (f.id == id)
            return &f;
    return nullptr;
}

bool hasChoice(const FieldDef& f, const QString& id) {
    for (const ChoiceDef& c : f.choices)
        if (c.id == id)
            return true;
    return false;
}

// The value the form would carry: what was entered, or the field's default when nothing was.
QString effectiveChoice(const QJsonObject& obj, const FieldDef& f) {
    const QJsonValue v = obj.value(f.id);
    return isBlank(v) ? f.defaultValue : v.toString().trimmed();
}

int maxLengthOf(const FieldDef& f) {
    if (f.maxLength > 0)
        return f.maxLength;
    switch (f.type) {
    case FieldType::Text:
        return kTextMax;
    case FieldType::LongText:
        return kLongTextMax;
    case FieldType::Email:
        return kEmailMax;
    default:
        return 0; // the structure check bounds the rest
    }
}

QString validateMultiChoice(const FieldDef& field, const QJsonValue& value, const QString& lbl) {
    if (!value.isArray())
        return Validator::tr("\"%1\" must be a list of choices.").arg(lbl);
    QSet<QString> seen;
    for (const QJsonValue& item : value.toArray()) {
        const QString id = item.toString().trimmed();
        if (!item.isString() || !hasChoice(field, id))
            return Validator::tr("\"%1\": \"%2\" is not one of the allowed choices.")
                .arg(lbl, item.isString() ? id : QStringLiteral("?"));
        if (seen.contains(id))
            return Validator::tr("\"%1\": \"%2\" is chosen more than once.").arg(lbl, id);
        seen.insert(id);
    }
    return {};
}

QString validateInteger(const QJsonValue& value, const QString& lbl) {
    static const QRegularExpression re(QStringLiteral("^[+-]?[0-9]{1,18}$"));
    bool ok = false;
    if (value.isDouble()) {
        const double d = value.toDouble();
        ok = d == static_cast<double>(static_cast<qint64>(d)) && qAbs(d) < 1e18;
    } else if (value.isString()) {
        ok = re.match(value.toString().trimmed()).hasMatch();
    }
    return ok ? QString() : Validator::tr("\"%1\" must be a whole number.").arg(lbl);
}

QString validateText(const FieldDef& field, const QString& s, const QString& lbl) {
    switch (field.type) {
    case FieldType::Text:
        if (s.contains(u'\n') || s.contains(u'\r'))
            return Validator::tr("\"%1\" must be a single line.").arg(lbl);
        return {};
    case FieldType::LongText:
        return {};
    case FieldType::Iin:
    case FieldType::Bin: {
        const bool isBin = field.type == FieldType::Bin;
        const QString digits = withoutChars(s, u"");
        const IdCheck check = isBin ? Identifiers::checkBin(digits) : Identifiers::checkIin(digits);
        if (check == IdCheck::Valid)
            return {};
        return Validator::tr("\"%1\": %2").arg(lbl, Identifiers::describe(check, isBin));
    }
    case FieldType::Email: {
        // Deliberately permissive (Unicode domains such as .қаз are real); one @, a dotted domain, no blanks.
        static const QRegularExpression re(
            QStringLiteral("^(?!\\.)(?!.*\\.\\.)[^\\s@<>(),;:\"\\[\\]\\\\]+(?<!\\.)@[^\\s@<>(),;:\"\\[\\]\\\\.]+"
                           "(?:\\.[^\\s@<>(),;:\"\\[\\]\\\\.]+)+$"));
        if (re.match(s).hasMatch())
            return {};
        return Validator::tr("\"%1\" is not a valid e-mail address.").arg(lbl);
    }
    case FieldType::Phone:
        if (!canonicalPhone(s).isEmpty())
            return {};
        return Validator::tr("\"%1\" must be a Kazakhstan phone number: +7 or 8 followed by 10 digits.").arg(lbl);
    case FieldType::Date: {
        static const QRegularExpression re(QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
        if (!re.match(s).hasMatch())
            return Validator::tr("\"%1\" must be a date written as YYYY-MM-DD.").arg(lbl);
        if (!QDate::fromString(s, QStringLiteral("yyyy-MM-dd")).isValid())
            return Validator::tr("\"%1\": %2 is not an existing date.").arg(lbl, s);
        return {};
    }
    case FieldType::Choice:
        if (hasChoice(field, s))
            return {};
        return Validator::tr("\"%1\": \"%2\" is not one of the allowed choices.").arg(lbl, s);
    case FieldType::Serial: {
        static const QRegularExpression re(QStringLiteral("^[0-9A-F]{1,40}$"));
        if (re.match(canonicalSerial(s)).hasMatch())
            return {};
        return Validator::tr("\"%1\" must be a hexadecimal serial number of 1 to 40 digits.").arg(lbl);
    }
    case FieldType::MultiChoice:
    case FieldType::Integer:
        break; // handled before, they are not plain strings
    }
    return {};
}

void addError(ValidationResult& result, const QString& fieldId, int personIndex, const QString& message) {
    FieldError e;
    e.fieldId = fieldId;
    e.personIndex = personIndex;
    // Rows of a GOV letter are numbered from 1 on paper.
    e.message =
        personIndex < 0 ? message : Validator::tr("Person %1: %2").arg(QString::number(personIndex + 1), message);
    result.errors.append(e);
}

// Rules that involve two fields of the same object (the form, or one person's row).
void crossCheck(const QList<FieldDef>& fields, const QJsonObject& obj, int personIndex, const QString& lang,
                ValidationResult& result) {
    // The National CA issues 3-year certificates only for keys on a token (FACTS.md); 1 year in a file.
    const FieldDef* validity = findField(fields, QStringLiteral("validity"));
    const FieldDef* keyMedia = findField(fields, QStringLiteral("key_media"));
    if (validity && keyMedia && effectiveChoice(obj, *validity) == kThreeYears &&
        effectiveChoice(obj, *keyMedia) != kToken) {
        addError(result, validity->id, personIndex,
                 Validator::tr("\"%1\": 3 years is allowed only when the key is on a token (see \"%2\").")
                     .arg(labelFor(*validity, lang), labelFor(*keyMedia, lang)));
    }
    // "Other" in a list of areas of use needs the blank "2. ____" of the form filled in.
    for (const FieldDef& f : fields) {
        if (f.type != FieldType::MultiChoice)
            continue;
        const FieldDef* other = findField(fields, f.id + QStringLiteral("_other"));
        const QJsonValue v = obj.value(f.id);
        if (other && v.isArray() && v.toArray().contains(QJsonValue(kOtherChoice)) && isBlank(obj.value(other->id)))
            addError(result, other->id, personIndex,
                     Validator::tr("\"%1\" is required when \"%2\" includes another area.")
                         .arg(labelFor(*other, lang), labelFor(f, lang)));
    }
}

void validateObject(const QList<FieldDef>& fields, const QJsonObject& obj, int personIndex, bool personsAllowed,
                    const QString& lang, ValidationResult& result) {
    // Unknown keys are refused rather than ignored: a misspelt id would otherwise lose data silently.
    for (auto it = obj.constBegin(); it != obj.constEnd(); ++it) {
        if (!findField(fields, it.key()) && !(personsAllowed && it.key() == kPersonsKey))
            addError(result, it.key(), personIndex, Validator::tr("Unknown field \"%1\".").arg(it.key()));
    }
    for (const FieldDef& f : fields) {
        const QString message = Validator::validateField(f, obj.value(f.id), lang);
        if (!message.isEmpty())
            addError(result, f.id, personIndex, message);
    }
    crossCheck(fields, obj, personIndex, lang, result);
}

QJsonValue normaliseValue(const FieldDef& f, const QJsonValue& v) {
    if (f.type == FieldType::MultiChoice && v.isArray()) {
        QJsonArray out;
        for (const QJsonValue& item : v.toArray())
            out.append(item.isString() ? QJsonValue(item.toString().trimmed()) : item);
        return out;
    }
    if (!v.isString())
        return v;
    const QString s = v.toString().trimmed();
    switch (f.type) {
    case FieldType::Text:
        return isNameField(f.id) ? normaliseKazakhName(s.simplified()) : s;
    case FieldType::Iin:
    case FieldType::Bin:
        return withoutChars(s, u"");
    case FieldType::Phone: {
        const QString phone = canonicalPhone(s);
        return phone.isEmpty() ? s : phone; // left as typed so that validation quotes what was entered
    }
    case FieldType::Serial:
        return canonicalSerial(s);
    default:
        return s;
    }
}

QJsonObject normaliseObject(const QList<FieldDef>& fields, const QJsonObject& obj) {
    QJsonObject out = obj; // unknown keys stay, so that validation still reports them
    for (const FieldDef& f : fields) {
        const QJsonValue v = obj.value(f.id);
        if (isBlank(v) && !f.defaultValue.isEmpty())
            out.insert(f.id, f.defaultValue); // stored explicitly: the record says what was granted
        else if (!v.isUndefined())
            out.insert(f.id, normaliseValue(f, v));
    }
    return out;
}

} // namespace

QString Validator::validateField(const FieldDef& field, const QJsonValue& value, const QString& uiLang) {
    const QString lbl = labelFor(field, uiLang);
    if (isBlank(value)) {
        // A blank field with a default (validity "1y", key media) takes the default: not an error.
        if (field.required && field.defaultValue.isEmpty())
            return tr("\"%1\" is required.").arg(lbl);
        return {};
    }
    if (field.type == FieldType::MultiChoice)
        return validateMultiChoice(field, value, lbl);
    if (field.type == FieldType::Integer)
        return validateInteger(value, lbl);
    if (!value.isString())
        return tr("\"%1\" must be text.").arg(lbl);

    const QString s = value.toString().trimmed();
    const int limit = maxLengthOf(field);
    if (limit > 0) {
        const qsizetype count = characterCount(s);
        if (count > limit)
            return tr("\"%1\" is too long: %2 characters, at most %3 allowed.")
                .arg(lbl, QString::number(count), QString::number(limit));
    }
    return validateText(field, s, lbl);
}

ValidationResult Validator::validate(const FormDef& form, const Submission& submission, const QString& uiLang) {
    ValidationResult result;
    validateObject(form.fields, submission.data, -1, form.hasPersons(), uiLang, result);

    if (form.hasPersons()) {
        const QJsonValue persons = submission.data.value(kPersonsKey);
        if (!persons.isArray() || persons.toArray().isEmpty()) {
            addError(result, kPersonsKey, -1, tr("The letter must list at least one person."));
        } else {
            const QJsonArray rows = persons.toArray();
            for (int i = 0; i < rows.size(); ++i) {
                if (!rows.at(i).isObject())
                    addError(result, kPersonsKey, i, tr("the row is not a set of fields."));
                else
                    validateObject(form.personFields, rows.at(i).toObject(), i, false, uiLang, result);
            }
        }
    }

    for (const AttachmentDef& a : form.attachments) {
        if (a.required && !submission.attachments.contains(a.id))
            addError(result, {}, -1,
                     tr("The required attachment \"%1\" is missing.")
                         .arg(a.label.in(uiLang).isEmpty() ? a.id : a.label.in(uiLang)));
    }
    for (const QString& id : submission.attachments) {
        const bool known = std::any_of(form.attachments.cbegin(), form.attachments.cend(),
                                       [&id](const AttachmentDef& a) { return a.id == id; });
        if (!known)
            addError(result, {}, -1, tr("Unknown attachment \"%1\".").arg(id));
    }

    if (form.consentRequired && !submission.consent)
        addError(result, {}, -1, tr("The applicant's consent to the processing of personal data is not recorded."));
    return result;
}

QJsonObject Validator::normalised(const FormDef& form, const QJsonObject& data) {
    QJsonObject out = normaliseObject(form.fields, data);
    const QJsonValue persons = data.value(kPersonsKey);
    if (form.hasPersons() && persons.isArray()) {
        QJsonArray rows;
        for (const QJsonValue& row : persons.toArray())
            rows.append(row.isObject() ? QJsonValue(normaliseObject(form.personFields, row.toObject())) : row);
        out.insert(kPersonsKey, rows);
    }
    return out;
}

QString normaliseKazakhName(const QString& name) {
    QString out = name;
    const qsizetype n = out.size();
    qsizetype i = 0;
    while (i < n) {
        if (!out.at(i).isLetter()) {
            ++i;
            continue;
        }
        qsizetype end = i;
        bool hasCyrillic = false;
        bool otherwiseCyrillic = true;
        for (; end < n && (out.at(end).isLetter() || out.at(end).isMark()); ++end) {
            const QChar c = out.at(end);
            if (c.script() == QChar::Script_Cyrillic)
                hasCyrillic = true;
            else if (c != u'I' && c != u'i' && !c.isMark())
                otherwiseCyrillic = false;
        }
        // Only inside a Cyrillic word: "Ivanov" or "Ibrahim" stay Latin.
        if (hasCyrillic && otherwiseCyrillic) {
            for (qsizetype k = i; k < end; ++k) {
                if (out.at(k) == u'I')
                    out[k] = QChar(0x0406);
                else if (out.at(k) == u'i')
                    out[k] = QChar(0x0456);
            }
        }
        i = end;
    }
    return out;
}

} // namespace tirkeu::forms
