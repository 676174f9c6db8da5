#include "forms/Validation.h"

#include "forms/Identifiers.h"

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

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
    return s.toUcs4().size(); // a surrogate pair is one code point
}

// Why a character may not stand in a form field, or empty when it may. Every field may end up in a
// certificate, a register or a printed form, where invisible characters mislead the reader:
// controls (C0 incl. NUL, DEL, C1), bidi controls that reorder what is shown ("ABC\u202Etxt.exe"),
// zero-width characters that make two names look alike, other invisible format characters,
// private-use and non-characters, unpaired surrogates. Multi-line fields keep TAB, LF and CR.
QString forbiddenKind(char32_t c, bool multiLine) {
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
        if (multiLine && (c == u'\t' || c == u'\n' || c == u'\r'))
            return {};
        return Validator::tr("a control character");
    }
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
        return Validator::tr("a bidirectional control character");
    if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF)
        return Validator::tr("a zero-width character");
    // Characters that show as nothing though Unicode calls them letters, symbols or marks (attack of session 29,
    // F1: a holder's certificate with a blank-looking name): Hangul fillers, the Braille blank, the combining
    // grapheme joiner, variation selectors, Mongolian free variation selectors, Khmer inherent vowels.
    if (c == 0x3164 || c == 0x115F || c == 0x1160 || c == 0xFFA0 || c == 0x2800 || c == 0x034F ||
        (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F) || c == 0x17B4 ||
        c == 0x17B5)
        return Validator::tr("an invisible character");
    if ((c >= 0xD800 && c <= 0xDFFF))
        return Validator::tr("an unpaired surrogate");
    if (QChar::category(c) == QChar::Other_PrivateUse)
        return Validator::tr("a private-use character");
    if (QChar::isNonCharacter(c))
        return Validator::tr("a non-character");
    if (QChar::category(c) == QChar::Other_Format)
        return Validator::tr("an invisible formatting character");
    // What a wrong encoding or a pasted object leaves in text (attack of session 33, C6: U+FFFD certified in a name).
    if (c == 0xFFFD || c == 0xFFFC)
        return Validator::tr("a replacement character (text garbled by a wrong encoding)");
    return {};
}

// The first forbidden character of s as a message naming the field, or empty.
QString forbiddenCharacter(const QString& s, bool multiLine, const QString& lbl) {
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s.at(i).unicode();
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s.at(i), s.at(i + 1));
            ++i;
        }
        const QString kind = forbiddenKind(c, multiLine);
        if (!kind.isEmpty())
            return Validator::tr("\"%1\" contains %2 (U+%3) at position %4; remove it and type the text again.")
                .arg(lbl, kind, QStringLiteral("%1").arg(uint(c), 4, 16, QChar(u'0')).toUpper(),
                     QString::number(i + 1));
    }
    return {};
}

} // namespace

QString certificateEmail(const QString& email) {
    const QString e = email.trimmed();
    const qsizetype at = e.indexOf(u'@');
    if (at <= 0 || at != e.lastIndexOf(u'@') || at == e.size() - 1 || e.size() > 254)
        return {};
    static const QRegularExpression local(
        QStringLiteral("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$"));
    const QString localPart = e.left(at);
    if (localPart.size() > 64 || !local.match(localPart).hasMatch())
        return {};
    const QByteArray ace = QUrl::toAce(e.mid(at + 1), QUrl::AceProcessingOption::IgnoreIDNWhitelist);
    static const QRegularExpression domain(QStringLiteral(
        "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    const QString host = QString::fromLatin1(ace);
    if (host.isEmpty() || host.size() > 253 || !domain.match(host).hasMatch())
        return {};
    return localPart + u'@' + host.toLower();
}

QString mixedAlphabetProblem(const QString& s, const QString& lbl) {
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n;) {
        if (!s.at(i).isLetter()) {
            ++i;
            continue;
        }
        qsizetype end = i;
        bool cyrillic = false;
        for (; end < n && (s.at(end).isLetter() || s.at(end).isMark()); ++end)
            cyrillic = cyrillic || s.at(end).script() == QChar::Script_Cyrillic;
        QChar::Script first = QChar::Script_Unknown;
        for (qsizetype k = i; k < end; ++k) {
            const QChar c = s.at(k);
            const QChar::Script script = c.script();
            if (c.isMark() || script == QChar::Script_Common || script == QChar::Script_Inherited ||
                (cyrillic && (c == u'I' || c == u'i')))
                continue;
            if (first == QChar::Script_Unknown) {
                first = script;
            } else if (script != first) {
                return Validator::tr("\"%1\": the word \"%2\" mixes two alphabets (%3 at position %4 is not a "
                                     "letter of the alphabet of the word's first letter); type the word again in one "
                                     "alphabet.")
                    .arg(lbl, s.mid(i, end - i), QString(c), QString::number(k + 1));
            }
        }
        i = end;
    }
    return {};
}

QString confusableSkeleton(const QString& text) {
    // Folded first: the map holds the lower-case letters only.
    static const QHash<char16_t, char16_t> kLooksLatin = {
        {u'а', u'a'}, {u'в', u'b'}, {u'е', u'e'}, {u'к', u'k'}, {u'м', u'm'}, {u'н', u'h'}, {u'о', u'o'}, {u'р', u'p'},
        {u'с', u'c'}, {u'т', u't'}, {u'у', u'y'}, {u'х', u'x'}, {u'і', u'i'}, {u'ј', u'j'}, {u'ѕ', u's'}, {u'һ', u'h'},
        {u'ү', u'y'}, {u'ԛ', u'q'}, {u'ԝ', u'w'}, {u'ӏ', u'l'}, {u'α', u'a'}, {u'β', u'b'}, {u'ε', u'e'}, {u'ι', u'i'},
        {u'κ', u'k'}, {u'ν', u'v'}, {u'ο', u'o'}, {u'ρ', u'p'}, {u'τ', u't'}, {u'υ', u'u'}, {u'χ', u'x'}, {u'ζ', u'z'}};
    const QString folded = text.normalized(QString::NormalizationForm_KD).toCaseFolded();
    QString out;
    out.reserve(folded.size());
    for (const QChar c : folded) {
        if (c.isMark())
            continue;
        if (c.isSpace()) {
            if (!out.isEmpty() && !out.endsWith(u' '))
                out += u' ';
            continue;
        }
        const auto it = kLooksLatin.constFind(c.unicode());
        out += it != kLooksLatin.cend() ? QChar(*it) : c;
    }
    return out.trimmed();
}

namespace {

// What is wrong with the spelling of a person's name, as a message naming the field, or empty: a word written in
// two alphabets (attack of session 29, F1: "ҚАCЫМOВA" with Latin C, O and A printed exactly as the holder "ҚАСЫМОВА" in
// every register and certificate). A name may hold words of different alphabets, never one word; a Latin I or i in a
// Cyrillic word is the Kazakh letter typed on a Latin layout (normaliseKazakhName turns it into І).
QString nameSpellingProblem(const QString& s, const QString& lbl) {
    // Nor a name without a letter ("."), with a digit, or with a stack of accents over a letter (attack of session
    // 30, A12: "." and "Қасымова ЖСН 900701300108" were certified as surnames, 20 acutes drawn over one letter).
    // Nor any character but letters of any script, combining marks, spaces, the hyphen, the apostrophe (' or ’) and
    // the dot of an initial (attack of session 33, C6: "=HYPERLINK(…)", "<IMG SRC=X ONERROR=…>", "KASYMOVA,O=EVIL
    // CORP" and U+FFFD were certified as surnames, and relying parties' spreadsheets, pages and journals show them).
    bool letter = false;
    int marks = 0;
    qsizetype position = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s.at(i).unicode();
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s.at(i), s.at(i + 1));
            ++i;
        }
        ++position;
        const bool isLetter = QChar::isLetter(c);
        const bool isMark = QChar::isMark(c);
        letter = letter || isLetter;
        if (QChar::isDigit(c))
            return Validator::tr("\"%1\" contains the digit %2 at position %3: a name is written in letters.")
                .arg(lbl, QString::fromUcs4(&c, 1), QString::number(position));
        if (!isLetter && !isMark && QChar::category(c) != QChar::Separator_Space && c != u'-' && c != u'\'' &&
            c != u'\u2019' && c != u'.')
            return Validator::tr("\"%1\" contains \"%2\" (U+%3) at position %4: a name is written in letters, with "
                                 "spaces, hyphens (-), apostrophes (' or ’) and dots (of initials) only.")
                .arg(lbl, QString::fromUcs4(&c, 1), QStringLiteral("%1").arg(uint(c), 4, 16, QChar(u'0')).toUpper(),
                     QString::number(position));
        marks = isMark ? marks + 1 : 0;
        if (marks > 2)
            return Validator::tr("\"%1\" carries more than two accents on one letter at position %2; type the "
                                 "name again.")
                .arg(lbl, QString::number(position));
    }
    if (!letter)
        return Validator::tr("\"%1\" contains no letter.").arg(lbl);
    return mixedAlphabetProblem(s, lbl);
}

// RFC 5280 Appendix A upper bounds of the certificate attributes a field becomes (characters).
struct AttributeBound {
    const char16_t* field;
    const char* attribute;
    int limit;
};
constexpr AttributeBound kAttributeBounds[] = {
    {u"ca_name", "CN", 64},    // ub-common-name
    {u"short_name", "O", 64},  // ub-organization-name
    {u"city", "L", 128},       // ub-locality-name
    {u"region", "ST", 128},    // ub-state-name
    {u"email", "email", 255},  // ub-emailaddress-length
    {u"position", "title", 64} // ub-title
};
constexpr int kCommonNameMax = 64;
constexpr int kOrganisationMax = 64;
// A name part on its own (SN, the patronymic as givenName): pki::SubjectName's bound.
constexpr int kNamePartMax = 128;

// A name part as the certificate carries it: spaces collapsed, NFC, upper-cased by QString::toUpper as
// pki::SubjectName::normalisedNamePart writes it (its Latin I to Kazakh І changes no length). Upper-casing can
// lengthen a name: "ß" becomes "SS", "ﬃ" "FFI", "ŉ" "ʼN" (attack of session 33, C8: a 28-character surname passed,
// was approved, and its CN was 74 characters at every issuance).
QString certifiedNamePart(const QString& typed) {
    return typed.simplified().normalized(QString::NormalizationForm_C).toUpper();
}

const AttributeBound* boundOf(const QString& fieldId) {
    for (const AttributeBound& b : kAttributeBounds)
        if (fieldId == QStringView(b.field))
            return &b;
    return nullptr;
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
        // Unicode domains such as .қаз are real (carried as A-labels); the part before @ is ASCII, as a certificate's
        // rfc822Name needs it.
        if (!certificateEmail(s).isEmpty())
            return {};
        return Validator::tr("\"%1\" is not a valid e-mail address (the part before @ in Latin letters, digits and "
                             ".!#$%&'*+-/=?^_`{|}~; a domain such as example.kz).")
            .arg(lbl);
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
    const QString s = v.toString().trimmed().normalized(QString::NormalizationForm_C);
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

// A field's value as the certificate attributes compose it: spaces collapsed, NFC.
QString text(const QJsonObject& o, const char* id) {
    return o.value(QLatin1String(id)).toString().simplified().normalized(QString::NormalizationForm_C);
}

// The values that together become one certificate attribute: CN = "SURNAME NAME", O = the short name,
// else the organisation's name; on a GOV letter O is the letter's body (org_name, checked once for the letter: its
// rows pass organisationToo = false). Only for issuance forms, whose data is certified.
void checkComposedName(const QList<FieldDef>& fields, const QJsonObject& obj, int personIndex, bool organisationToo,
                       const QString& lang, ValidationResult& result) {
    const FieldDef* surname = findField(fields, QStringLiteral("surname"));
    const FieldDef* name = findField(fields, QStringLiteral("name"));
    if (surname && name && !text(obj, "surname").isEmpty() && !text(obj, "name").isEmpty()) {
        // Counted as the certificate writes it, in capitals.
        const qsizetype typed = characterCount(text(obj, "surname")) + 1 + characterCount(text(obj, "name"));
        const qsizetype cn = characterCount(certifiedNamePart(text(obj, "surname"))) + 1 +
                             characterCount(certifiedNamePart(text(obj, "name")));
        if (cn > kCommonNameMax && cn == typed)
            addError(result, surname->id, personIndex,
                     Validator::tr("\"%1\" and \"%2\" together make the certificate's common name (CN): %3 "
                                   "characters, at most %4 (RFC 5280).")
                         .arg(labelFor(*surname, lang), labelFor(*name, lang), QString::number(cn),
                              QString::number(kCommonNameMax)));
        else if (cn > kCommonNameMax)
            addError(result, surname->id, personIndex,
                     Validator::tr("\"%1\" and \"%2\" together make the certificate's common name (CN), written "
                                   "in capitals: %3 characters (some letters become two in capitals, \"ß\" becomes "
                                   "\"SS\"), at most %4 (RFC 5280).")
                         .arg(labelFor(*surname, lang), labelFor(*name, lang), QString::number(cn),
                              QString::number(kCommonNameMax)));
    }
    if (!organisationToo)
        return; // a GOV letter's row: the letter's body is O
    // The organisation that becomes O=, with the field it came from.
    const FieldDef* shortName = findField(fields, QStringLiteral("short_name"));
    const FieldDef* source = nullptr;
    QString organisation;
    if (shortName && !text(obj, "short_name").isEmpty())
        return; // the short name is O=, bounded by its own field limit
    if (const FieldDef* org = findField(fields, QStringLiteral("org_name")); org && !text(obj, "org_name").isEmpty()) {
        source = org;
        organisation = text(obj, "org_name");
    }
    if (!source || characterCount(organisation) <= kOrganisationMax)
        return;
    addError(result, source->id, personIndex,
             shortName ? Validator::tr("\"%1\" becomes the certificate's organisation (O) when no \"%2\" is given: "
                                       "%3 characters, at most %4 (RFC 5280); give a short name.")
                             .arg(labelFor(*source, lang), labelFor(*shortName, lang),
                                  QString::number(characterCount(organisation)), QString::number(kOrganisationMax))
                       : Validator::tr("\"%1\" becomes the certificate's organisation (O): %2 characters, at most %3 "
                                       "(RFC 5280).")
                             .arg(labelFor(*source, lang), QString::number(characterCount(organisation)),
                                  QString::number(kOrganisationMax)));
}

// A government body's letter lists the body's own employees (seed 002 App. 2: the applicant is the body that sends
// the letter, def. 7; the certificate goes to that body's employee, cl. 10), and the certificate's O is the body:
// a person's organisation is the body, or a unit of it named after the body ("<body>, <unit>"), compared
// case-folded with spaces collapsed. Attack of session 32, B18: a letter of one ministry listed a person of another
// ministry, and the certificate named the other ministry.
void checkOwnEmployee(const QList<FieldDef>& personFields, const QJsonObject& row, const QJsonObject& letter,
                      int personIndex, const QString& lang, ValidationResult& result) {
    const FieldDef* own = findField(personFields, QStringLiteral("organisation"));
    const QString body = text(letter, "org_name");
    const QString organisation = text(row, "organisation");
    if (!own || body.isEmpty() || organisation.isEmpty())
        return; // a missing value is the field's own error
    const QString o = organisation.toCaseFolded();
    // The body by its name, or by the short name the letter gives it.
    for (const QString& name : {body, text(letter, "short_name")}) {
        const QString b = name.toCaseFolded();
        if (!b.isEmpty() && (o == b || (o.startsWith(b) && !o.at(b.size()).isLetterOrNumber())))
            return;
    }
    addError(result, own->id, personIndex,
             Validator::tr("\"%1\" is %2, but the letter is of %3: a government body's letter lists its own "
                           "employees. Give the body's name (or the short name the letter gives it), or a unit of it "
                           "after the body's name (\"%3, …\").")
                 .arg(labelFor(*own, lang), organisation, body));
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

    const QString s = value.toString().trimmed().normalized(QString::NormalizationForm_C);
    if (field.type == FieldType::Text && (s.contains(u'\n') || s.contains(u'\r')))
        return tr("\"%1\" must be a single line.").arg(lbl);
    if (const QString bad = forbiddenCharacter(value.toString(), field.type == FieldType::LongText, lbl);
        !bad.isEmpty())
        return bad;
    const int limit = maxLengthOf(field);
    const qsizetype count = characterCount(s);
    if (limit > 0) {
        if (count > limit)
            return tr("\"%1\" is too long: %2 characters, at most %3 allowed.")
                .arg(lbl, QString::number(count), QString::number(limit));
    }
    if (const AttributeBound* bound = boundOf(field.id); bound && count > bound->limit)
        return tr("\"%1\" is too long for the certificate's %2 attribute: %3 characters, at most %4 (RFC 5280).")
            .arg(lbl, QLatin1String(bound->attribute), QString::number(count), QString::number(bound->limit));
    if (isNameField(field.id)) {
        if (const QString spelling = nameSpellingProblem(s, lbl); !spelling.isEmpty())
            return spelling;
        // A surname (SN) or patronymic (givenName) on its own, as the certificate writes it, in capitals (C8).
        if (const qsizetype certified = characterCount(certifiedNamePart(s));
            (field.id == u"surname" || field.id == u"patronymic") && certified > kNamePartMax)
            return tr("\"%1\" is too long for the certificate: %2 characters written in capitals, at most %3.")
                .arg(lbl, QString::number(certified), QString::number(kNamePartMax));
    }
    // The names an organisation or a CA is certified under (O, CN): no word in two alphabets either (B9).
    if (field.id == u"ca_name" || field.id == u"org_name" || field.id == u"short_name") {
        if (const QString mixed = mixedAlphabetProblem(s, lbl); !mixed.isEmpty())
            return mixed;
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

    if (form.purpose == FormPurpose::Issue) {
        checkComposedName(form.fields, submission.data, -1, true, uiLang, result);
        const QJsonValue persons = submission.data.value(kPersonsKey);
        if (form.hasPersons() && persons.isArray()) {
            const QJsonArray rows = persons.toArray();
            for (int i = 0; i < rows.size(); ++i) {
                if (!rows.at(i).isObject())
                    continue;
                checkComposedName(form.personFields, rows.at(i).toObject(), i, false, uiLang, result);
                checkOwnEmployee(form.personFields, rows.at(i).toObject(), submission.data, i, uiLang, result);
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

QString Validator::forbiddenCharacterIn(const QString& text, const QString& label, bool multiLine) {
    return forbiddenCharacter(text, multiLine, label);
}

} // namespace tirkeu::forms
