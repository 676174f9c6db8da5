#include "forms/Identifiers.h"

namespace tirkeu::forms {

namespace {

// Only ASCII 0-9 count: QChar::isDigit() would also accept Arabic-Indic and other Unicode digits.
bool allAsciiDigits(const QString& s) {
    for (QChar c : s)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

int digitAt(const QString& s, qsizetype i) {
    return s.at(i).unicode() - u'0';
}

int twoDigits(const QString& s, qsizetype i) {
    return digitAt(s, i) * 10 + digitAt(s, i + 1);
}

// Empty / NotDigits / WrongLength, shared by IIN and BIN. Non-digits are reported before the length so
// that "abc" says "digits only" rather than "12 digits".
IdCheck checkShape(const QString& s) {
    if (s.isEmpty())
        return IdCheck::Empty;
    if (!allAsciiDigits(s))
        return IdCheck::NotDigits;
    if (s.size() != 12)
        return IdCheck::WrongLength;
    return IdCheck::Valid;
}

IdCheck checkControl(const QString& s) {
    const int expected = Identifiers::checkDigit(s.left(11));
    if (expected < 0)
        return IdCheck::Unusable;
    return expected == digitAt(s, 11) ? IdCheck::Valid : IdCheck::BadCheckDigit;
}

} // namespace

int Identifiers::checkDigit(const QString& first11Digits) {
    // Malformed input has no check digit either; callers validate the shape first.
    if (first11Digits.size() != 11 || !allAsciiDigits(first11Digits))
        return -1;
    static constexpr int kSecondWeights[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
    int sum = 0;
    for (int i = 0; i < 11; ++i)
        sum += digitAt(first11Digits, i) * (i + 1);
    int r = sum % 11;
    if (r == 10) {
        sum = 0;
        for (int i = 0; i < 11; ++i)
            sum += digitAt(first11Digits, i) * kSecondWeights[i];
        r = sum % 11;
        if (r == 10)
            return -1;
    }
    return r;
}

IdCheck Identifiers::checkIin(const QString& iin) {
    if (const IdCheck shape = checkShape(iin); shape != IdCheck::Valid)
        return shape;
    // Since 2013 the date part need not be a real birth date: range checks only (FACTS.md).
    const int month = twoDigits(iin, 2);
    if (month < 1 || month > 12)
        return IdCheck::BadMonth;
    const int day = twoDigits(iin, 4);
    if (day < 1 || day > 31)
        return IdCheck::BadDay;
    return checkControl(iin);
}

IdCheck Identifiers::checkBin(const QString& bin) {
    if (const IdCheck shape = checkShape(bin); shape != IdCheck::Valid)
        return shape;
    const int month = twoDigits(bin, 2);
    if (month < 1 || month > 12)
        return IdCheck::BadMonth;
    const int type = digitAt(bin, 4);
    if (type < 4 || type > 6)
        return IdCheck::BadType;
    if (digitAt(bin, 5) > 3)
        return IdCheck::BadUnit;
    return checkControl(bin);
}

IinHint Identifiers::iinHint(const QString& iin) {
    IinHint hint;
    if (checkShape(iin) != IdCheck::Valid)
        return hint;
    const int centuryDigit = digitAt(iin, 6);
    if (centuryDigit == 0) {
        hint.foreignNational = true;
        return hint;
    }
    if (centuryDigit > 6)
        return hint; // not assigned: no century, no sex
    hint.sex = (centuryDigit % 2 == 1) ? Sex::Male : Sex::Female;
    const int century = 1800 + 100 * ((centuryDigit - 1) / 2);
    // A null QDate when the digits are no real date (allowed since 2013): a hint, never an error.
    hint.birthDate = QDate(century + twoDigits(iin, 0), twoDigits(iin, 2), twoDigits(iin, 4));
    if (!hint.birthDate.isValid())
        hint.birthDate = QDate();
    return hint;
}

BinHint Identifiers::binHint(const QString& bin) {
    BinHint hint;
    if (checkShape(bin) != IdCheck::Valid)
        return hint;
    // BINs exist since the 1990s: a two-digit year later than this year belongs to the 1900s.
    const int yy = twoDigits(bin, 0);
    const int currentYear = QDate::currentDate().year();
    hint.year = (2000 + yy > currentYear) ? 1900 + yy : 2000 + yy;
    hint.month = twoDigits(bin, 2);
    hint.type = digitAt(bin, 4);
    hint.unit = digitAt(bin, 5);
    return hint;
}

QString Identifiers::describe(IdCheck check, bool isBin) {
    // Separate sentences for IIN and BIN: Kazakh and Russian decline ЖСН/БСН, ИИН/БИН differently.
    switch (check) {
    case IdCheck::Valid:
        return {};
    case IdCheck::Empty:
        return isBin ? tr("The BIN is empty.") : tr("The IIN is empty.");
    case IdCheck::WrongLength:
        return isBin ? tr("A BIN must have exactly 12 digits.") : tr("An IIN must have exactly 12 digits.");
    case IdCheck::NotDigits:
        return isBin ? tr("A BIN may contain only the digits 0-9.") : tr("An IIN may contain only the digits 0-9.");
    case IdCheck::BadMonth:
        return isBin ? tr("The registration month in the BIN (digits 3-4) must be from 01 to 12.")
                     : tr("The birth month in the IIN (digits 3-4) must be from 01 to 12.");
    case IdCheck::BadDay:
        return tr("The birth day in the IIN (digits 5-6) must be from 01 to 31.");
    case IdCheck::BadType:
        return tr("The type digit of the BIN (5th digit) must be 4, 5 or 6.");
    case IdCheck::BadUnit:
        return tr("The unit digit of the BIN (6th digit) must be 0, 1, 2 or 3.");
    case IdCheck::BadCheckDigit:
        return isBin ? tr("The check digit of the BIN (last digit) does not match: look for a typing error.")
                     : tr("The check digit of the IIN (last digit) does not match: look for a typing error.");
    case IdCheck::Unusable:
        return isBin ? tr("This number cannot be a BIN: no check digit exists for its first 11 digits.")
                     : tr("This number cannot be an IIN: no check digit exists for its first 11 digits.");
    }
    return {};
}

} // namespace tirkeu::forms
