#pragma once
// IIN (individual identification number) and BIN (business identification number) checks, exactly
// as in docs/FACTS.md: strict length/digits/check digit; derived birth date and sex only as a hint.

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace tirkeu::forms {

enum class IdCheck {
    Valid,
    Empty,
    WrongLength,   // not 12 characters
    NotDigits,     // something other than 0-9
    BadMonth,      // IIN month / BIN month outside 01-12
    BadDay,        // IIN day outside 01-31
    BadType,       // BIN type digit not 4, 5 or 6
    BadUnit,       // BIN unit digit not 0-3
    BadCheckDigit, // check digit does not match
    Unusable,      // both passes give 10: the number cannot be valid
};

enum class Sex { Unknown, Male, Female };

struct IinHint {
    QDate birthDate; // null when the century digit is 0 (foreign national) or the date does not exist
    Sex sex = Sex::Unknown;
    bool foreignNational = false;
};

struct BinHint {
    int year = 0;  // 4-digit registration year
    int month = 0; // 1-12
    int type = 0;  // 4 resident, 5 non-resident, 6 joint individual entrepreneur
    int unit = 0;  // 0 head office, 1 branch, 2 representative office, 3 farm
};

class Identifiers {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::Identifiers)
public:
    // The check digit of the first 11 digits, or -1 when both passes give 10.
    static int checkDigit(const QString& first11Digits);
    static IdCheck checkIin(const QString& iin);
    static IdCheck checkBin(const QString& bin);
    static IinHint iinHint(const QString& iin); // meaningful only for a Valid IIN
    static BinHint binHint(const QString& bin); // meaningful only for a Valid BIN
    // A translated, user-readable sentence for a failed check ("IIN must have 12 digits", ...).
    static QString describe(IdCheck check, bool isBin);
};

} // namespace tirkeu::forms
