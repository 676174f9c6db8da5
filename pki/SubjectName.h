#pragma once
// The subject name exactly as the National CA writes it (docs/FACTS.md):
//   person: CN="SURNAME NAME", SURNAME, SERIALNUMBER="IIN"+12 digits, C=KZ, [O], [OU="BIN"+12 digits], GIVENNAME
//   CA:     the RDNs of `layout` in its order, default C=KZ, [O], [OU], CN=<CA name> (the National CA's
//           "C=KZ, CN=…"); O and OU are optional and left out when empty.
// One RDN per attribute, in that order. OU=BIN… only with a real 12-digit BIN: a government body's
// employee has an O and no OU. Names, O and a CA's OU are UTF8String; SERIALNUMBER, C and the
// BIN OU are PrintableString. Person names are upper-cased (QString::toUpper handles Kazakh letters) and
// a Latin "I"/"i" typed inside a Cyrillic name becomes the Kazakh "І"/"і". GIVENNAME holds the
// patronymic and is omitted when empty. Only the format of IIN/BIN is checked here (12 digits); the
// check digit is the forms layer's business.

#include "pki/Ossl.h"
#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace tirkeu::pki {

struct SubjectName {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::SubjectName)
public:
    enum class Kind { Person, Ca };

    Kind kind = Kind::Person;
    QString surname;      // person
    QString name;         // person: first name (only in CN)
    QString patronymic;   // person: GIVENNAME, optional
    QString iin;          // person: 12 digits, without the "IIN" prefix
    QString organisation; // O: legal entity or CA operator
    QString bin;          // person of a legal entity: 12 digits, without the "BIN" prefix
    QString caName;       // CA: CN
    QString unit;         // CA: optional OU
    QString country = QStringLiteral("KZ");
    QStringList layout; // CA: RDN order from "C", "O", "OU", "CN" (each once, C and CN required); empty: default

    // The default CA layout: C, O, OU, CN.
    static QStringList defaultCaLayout();
    // Parses "C,O,OU,CN" (case-insensitive, spaces ignored) into a layout, or says what is wrong.
    static Result<QStringList> parseCaLayout(const QString& text);

    static SubjectName person(const QString& surname, const QString& name, const QString& patronymic,
                              const QString& iin, const QString& organisation = {}, const QString& bin = {});
    static SubjectName ca(const QString& caName, const QString& organisation = {}, const QString& unit = {},
                          const QStringList& layout = {});

    // "SURNAME NAME" upper-cased for a person; the CA name for a CA.
    QString commonName() const;
    // Upper-cases and normalises a person's name part as it goes into the certificate.
    static QString normalisedNamePart(const QString& part);

    // Checks presence, RFC 5280 upper bounds (CN/O/OU at most 64 characters), the IIN/BIN format, the CA
    // layout, and that no value holds a control, format (bidi, zero-width), private-use or unpaired
    // surrogate character — the form validator refuses those first; this is the last guard.
    Status validate() const;
    Result<X509NamePtr> toX509() const;
    Result<QByteArray> toDer() const;

    // Reads a name back (any RDN order; unknown attributes are ignored). A name with SERIALNUMBER=IIN…
    // or SURNAME is a person, otherwise a CA.
    static SubjectName fromX509(const X509_NAME* name);
    static Result<SubjectName> fromDer(const QByteArray& der);

    // One line, RFC 2253 style (last RDN first), Kazakh letters kept as UTF-8 text.
    static QString display(const X509_NAME* name);
    QString display() const;
};

} // namespace tirkeu::pki
