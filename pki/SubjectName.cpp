#include "pki/SubjectName.h"

#include <openssl/crypto.h>
#include <openssl/objects.h>

namespace tirkeu::pki {

namespace {

constexpr qsizetype kMaxShortAttribute = 64; // ub-common-name, ub-organization-name, ub-organizational-unit-name
constexpr qsizetype kMaxNamePart = 128;

struct OpensslStringDeleter {
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

bool isDigits(const QString& s, qsizetype count) {
    if (s.size() != count)
        return false;
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

// Characters that show as nothing though Unicode calls them letters, symbols or marks: Hangul fillers, the Braille
// blank, the combining grapheme joiner, variation selectors, Mongolian free variation selectors, Khmer inherent
// vowels (attack of session 29, F1: a CA named by U+3164 alone). The same list as the forms' rule
// (forms/Validation.cpp forbiddenKind), which this layer cannot call.
bool invisibleLetter(char32_t c) {
    return c == 0x3164 || c == 0x115F || c == 0x1160 || c == 0xFFA0 || c == 0x2800 || c == 0x034F ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F) ||
           c == 0x17B4 || c == 0x17B5;
}

// A character no certificate name may hold: controls (C0, C1, NUL), format characters (bidi controls,
// zero-width joiners, BOM), invisible letters, private use, unpaired surrogates, non-characters.
bool forbiddenInName(const QString& s) {
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            const char32_t ucs = QChar::surrogateToUcs4(c, s.at(i + 1));
            const QChar::Category cat = QChar::category(ucs);
            if (cat == QChar::Other_PrivateUse || cat == QChar::Other_Format || QChar::isNonCharacter(ucs) ||
                invisibleLetter(ucs))
                return true;
            ++i;
            continue;
        }
        const QChar::Category cat = c.category();
        if (cat == QChar::Other_Control || cat == QChar::Other_Format || cat == QChar::Other_PrivateUse ||
            cat == QChar::Other_Surrogate || c.isNonCharacter() || invisibleLetter(c.unicode()))
            return true;
    }
    return false;
}

// Characters as RFC 5280's bounds and OpenSSL count them (code points), as the forms count them: a letter outside
// the Basic Multilingual Plane is one, not two UTF-16 units (attack of session 33, C8: a name the form accepted
// must not be refused at every issuance).
qsizetype characters(const QString& s) {
    return s.toUcs4().size(); // a surrogate pair is one code point
}

bool hasCyrillic(const QString& s) {
    for (QChar c : s) {
        if (c.unicode() >= 0x0400 && c.unicode() <= 0x04FF)
            return true;
    }
    return false;
}

bool addEntry(X509_NAME* name, int nid, int type, const QString& value) {
    const QByteArray bytes = value.toUtf8();
    return X509_NAME_add_entry_by_NID(name, nid, type, reinterpret_cast<const unsigned char*>(bytes.constData()),
                                      int(bytes.size()), -1, 0) == 1;
}

QString entryText(const X509_NAME_ENTRY* entry) {
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(entry);
    unsigned char* raw = nullptr;
    const int len = ASN1_STRING_to_UTF8(&raw, data);
    if (len < 0)
        return {};
    std::unique_ptr<unsigned char, OpensslStringDeleter> owned(raw);
    return QString::fromUtf8(reinterpret_cast<const char*>(owned.get()), len);
}

} // namespace

SubjectName SubjectName::person(const QString& surname, const QString& name, const QString& patronymic,
                                const QString& iin, const QString& organisation, const QString& bin) {
    SubjectName s;
    s.kind = Kind::Person;
    s.surname = surname;
    s.name = name;
    s.patronymic = patronymic;
    s.iin = iin;
    s.organisation = organisation;
    s.bin = bin;
    return s;
}

SubjectName SubjectName::ca(const QString& caName, const QString& organisation, const QString& unit,
                            const QStringList& layout) {
    SubjectName s;
    s.kind = Kind::Ca;
    s.caName = caName;
    s.organisation = organisation;
    s.unit = unit;
    s.layout = layout;
    return s;
}

QStringList SubjectName::defaultCaLayout() {
    return {QStringLiteral("C"), QStringLiteral("O"), QStringLiteral("OU"), QStringLiteral("CN")};
}

Result<QStringList> SubjectName::parseCaLayout(const QString& text) {
    QStringList out;
    for (const QString& part : text.split(u',')) {
        const QString attribute = part.trimmed().toUpper();
        if (attribute != u"C" && attribute != u"O" && attribute != u"OU" && attribute != u"CN")
            return makeError(ErrorCode::Invalid,
                             tr("\"%1\" is not an attribute of a CA name; use C, O, OU and CN.").arg(part.trimmed()));
        if (out.contains(attribute))
            return makeError(ErrorCode::Invalid, tr("The CA name lists %1 twice.").arg(attribute));
        out << attribute;
    }
    if (!out.contains(QStringLiteral("CN")) || !out.contains(QStringLiteral("C")))
        return makeError(ErrorCode::Invalid, tr("A CA name needs at least C and CN (e.g. \"C,CN\" or \"C,O,CN\")."));
    return out;
}

QString SubjectName::normalisedNamePart(const QString& part) {
    QString out = part.simplified().normalized(QString::NormalizationForm_C);
    if (hasCyrillic(out)) {
        out.replace(u'I', QChar(0x0406));
        out.replace(u'i', QChar(0x0456));
    }
    return out.toUpper();
}

QString SubjectName::commonName() const {
    if (kind == Kind::Ca)
        return caName.simplified();
    return QString(normalisedNamePart(surname) + u' ' + normalisedNamePart(name)).trimmed();
}

Status SubjectName::validate() const {
    if (country.size() != 2 || country != country.toUpper())
        return makeError(ErrorCode::Invalid, tr("The country must be a two-letter upper-case code, e.g. KZ."));
    for (const QString* value : {&surname, &name, &patronymic, &iin, &organisation, &bin, &caName, &unit, &country}) {
        if (forbiddenInName(*value))
            return makeError(ErrorCode::Invalid, tr("\"%1\" holds a control, invisible (bidi or zero-width) or "
                                                    "private-use character; such names are not certified.")
                                                     .arg(QString(*value).remove(QChar(0))));
    }
    if (kind == Kind::Ca) {
        if (caName.simplified().isEmpty())
            return makeError(ErrorCode::Invalid, tr("The CA name is empty."));
        if (!layout.isEmpty()) {
            Result<QStringList> parsed = parseCaLayout(layout.join(u','));
            if (!parsed)
                return parsed.error();
        }
    } else {
        if (normalisedNamePart(surname).isEmpty() || normalisedNamePart(name).isEmpty())
            return makeError(ErrorCode::Invalid, tr("The surname and the name of the holder are required."));
        if (characters(normalisedNamePart(surname)) > kMaxNamePart ||
            characters(normalisedNamePart(patronymic)) > kMaxNamePart)
            return makeError(ErrorCode::Invalid, tr("A name part is longer than %1 characters.").arg(kMaxNamePart));
        if (!isDigits(iin, 12))
            return makeError(ErrorCode::Invalid, tr("The IIN must consist of exactly 12 digits."));
        const bool hasOrganisation = !organisation.simplified().isEmpty();
        // A government body's employee carries the body's name without a BIN (the letter names the
        // body); a BIN never comes without the organisation it identifies.
        if (!bin.isEmpty() && !hasOrganisation)
            return makeError(ErrorCode::Invalid, tr("A BIN needs the name of the organisation it identifies."));
        if (!bin.isEmpty() && !isDigits(bin, 12))
            return makeError(ErrorCode::Invalid, tr("The BIN must consist of exactly 12 digits."));
    }
    if (characters(commonName()) > kMaxShortAttribute)
        return makeError(
            ErrorCode::Invalid,
            tr("The common name \"%1\" is longer than %2 characters.").arg(commonName()).arg(kMaxShortAttribute));
    if (characters(organisation.simplified()) > kMaxShortAttribute ||
        characters(unit.simplified()) > kMaxShortAttribute)
        return makeError(ErrorCode::Invalid,
                         tr("The organisation or unit name is longer than %1 characters.").arg(kMaxShortAttribute));
    return {};
}

Result<X509NamePtr> SubjectName::toX509() const {
    if (Status valid = validate(); !valid)
        return valid.error();
    X509NamePtr out(X509_NAME_new());
    if (!out)
        return makeError(ErrorCode::Crypto, tr("Out of memory."));
    bool ok = true;
    if (kind == Kind::Ca) {
        const auto nfc = [](const QString& v) { return v.simplified().normalized(QString::NormalizationForm_C); };
        for (const QString& attribute : layout.isEmpty() ? defaultCaLayout() : layout) {
            if (attribute == u"C")
                ok = ok && addEntry(out.get(), NID_countryName, V_ASN1_PRINTABLESTRING, country);
            else if (attribute == u"CN")
                ok = ok && addEntry(out.get(), NID_commonName, V_ASN1_UTF8STRING, nfc(commonName()));
            else if (attribute == u"O" && !nfc(organisation).isEmpty())
                ok = ok && addEntry(out.get(), NID_organizationName, V_ASN1_UTF8STRING, nfc(organisation));
            else if (attribute == u"OU" && !nfc(unit).isEmpty())
                ok = ok && addEntry(out.get(), NID_organizationalUnitName, V_ASN1_UTF8STRING, nfc(unit));
        }
    } else {
        ok = ok && addEntry(out.get(), NID_commonName, V_ASN1_UTF8STRING, commonName());
        ok = ok && addEntry(out.get(), NID_surname, V_ASN1_UTF8STRING, normalisedNamePart(surname));
        ok = ok && addEntry(out.get(), NID_serialNumber, V_ASN1_PRINTABLESTRING, u"IIN" + iin);
        ok = ok && addEntry(out.get(), NID_countryName, V_ASN1_PRINTABLESTRING, country);
        const QString org = organisation.simplified().normalized(QString::NormalizationForm_C);
        if (!org.isEmpty())
            ok = ok && addEntry(out.get(), NID_organizationName, V_ASN1_UTF8STRING, org);
        // OU=BIN… only with a real BIN (validate() checked its 12 digits): never a bare "BIN".
        if (!org.isEmpty() && !bin.isEmpty())
            ok = ok && addEntry(out.get(), NID_organizationalUnitName, V_ASN1_PRINTABLESTRING, u"BIN" + bin);
        if (!normalisedNamePart(patronymic).isEmpty())
            ok = ok && addEntry(out.get(), NID_givenName, V_ASN1_UTF8STRING, normalisedNamePart(patronymic));
    }
    if (!ok)
        return makeError(ErrorCode::Crypto, tr("Cannot build the subject name: %1").arg(opensslErrors()));
    return out;
}

Result<QByteArray> SubjectName::toDer() const {
    Result<X509NamePtr> name = toX509();
    if (!name)
        return name.error();
    const QByteArray der = pki::toDer(name->get(), i2d_X509_NAME);
    if (der.isEmpty())
        return makeError(ErrorCode::Crypto, tr("Cannot encode the subject name: %1").arg(opensslErrors()));
    return der;
}

SubjectName SubjectName::fromX509(const X509_NAME* name) {
    SubjectName s;
    s.country.clear();
    QString commonName;
    QString unit;
    bool hasSerial = false;
    QStringList order; // C, O, OU, CN as they come: a CA name keeps its layout
    const int count = X509_NAME_entry_count(name);
    for (int i = 0; i < count; ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        const QString text = entryText(entry);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
        const char* shortName = nid == NID_countryName              ? "C"
                                : nid == NID_organizationName       ? "O"
                                : nid == NID_organizationalUnitName ? "OU"
                                : nid == NID_commonName             ? "CN"
                                                                    : nullptr;
        if (shortName && !order.contains(QLatin1String(shortName)))
            order << QLatin1String(shortName);
        switch (nid) {
        case NID_commonName:
            commonName = text;
            break;
        case NID_surname:
            s.surname = text;
            break;
        case NID_givenName:
            s.patronymic = text;
            break;
        case NID_serialNumber:
            hasSerial = true;
            s.iin = text.startsWith(u"IIN") ? text.mid(3) : text;
            break;
        case NID_countryName:
            s.country = text;
            break;
        case NID_organizationName:
            s.organisation = text;
            break;
        case NID_organizationalUnitName:
            unit = text;
            break;
        default:
            break;
        }
    }
    if (hasSerial || !s.surname.isEmpty()) {
        s.kind = Kind::Person;
        if (!s.surname.isEmpty() && commonName.startsWith(s.surname + u' '))
            s.name = commonName.mid(s.surname.size() + 1);
        else
            s.name = commonName;
        s.bin = unit.startsWith(u"BIN") ? unit.mid(3) : unit;
    } else {
        s.kind = Kind::Ca;
        s.caName = commonName;
        s.unit = unit;
        if (order.contains(QStringLiteral("C")) && order.contains(QStringLiteral("CN")))
            s.layout = order;
    }
    return s;
}

Result<SubjectName> SubjectName::fromDer(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509NamePtr name(d2i_X509_NAME(nullptr, &p, long(der.size())));
    if (!name || p != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return makeError(ErrorCode::Invalid, tr("The data is not a DER-encoded X.509 name."));
    return fromX509(name.get());
}

QString SubjectName::display(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(bioContents(bio.get()));
}

QString SubjectName::display() const {
    Result<X509NamePtr> name = toX509();
    return name ? display(name->get()) : QString();
}

} // namespace tirkeu::pki
