// IIN / BIN checks against every vector of docs/FACTS.md, plus shape errors and the derived hints.

#include "common/TestMain.h"
#include "forms/Identifiers.h"

#include <QObject>
#include <QTest>

using namespace tirkeu::forms;

Q_DECLARE_METATYPE(tirkeu::forms::IdCheck)
Q_DECLARE_METATYPE(tirkeu::forms::Sex)

class TestIdentifiers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void iinCheck_data();
    void iinCheck();
    void binCheck_data();
    void binCheck();
    void checkDigitUsesSecondPassOnlyWhenFirstGivesTen_data();
    void checkDigitUsesSecondPassOnlyWhenFirstGivesTen();
    void checkDigitRefusesMalformedInput();
    void iinHint_data();
    void iinHint();
    void iinHintForImpossibleDateHasNoDateButKeepsSex();
    void binHint();
    void describeGivesASentenceForEveryFailure();
    void describeIsEmptyForValid();
};

void TestIdentifiers::iinCheck_data() {
    QTest::addColumn<QString>("iin");
    QTest::addColumn<IdCheck>("expected");

    // Valid vectors of FACTS.md.
    QTest::newRow("valid 900701300108") << QStringLiteral("900701300108") << IdCheck::Valid;
    QTest::newRow("valid 900701301802 (second pass)") << QStringLiteral("900701301802") << IdCheck::Valid;
    QTest::newRow("valid 050311600009") << QStringLiteral("050311600009") << IdCheck::Valid;
    QTest::newRow("valid 000229501204 (29 Feb 2000)") << QStringLiteral("000229501204") << IdCheck::Valid;
    QTest::newRow("valid 061211600012 (second pass)") << QStringLiteral("061211600012") << IdCheck::Valid;
    // Invalid vectors of FACTS.md.
    QTest::newRow("invalid 900701300107") << QStringLiteral("900701300107") << IdCheck::BadCheckDigit;
    QTest::newRow("invalid 851231401200") << QStringLiteral("851231401200") << IdCheck::BadCheckDigit;
    QTest::newRow("unusable 900701301840 (both passes 10)") << QStringLiteral("900701301840") << IdCheck::Unusable;
    // Shape.
    QTest::newRow("empty") << QString() << IdCheck::Empty;
    QTest::newRow("11 digits") << QStringLiteral("90070130010") << IdCheck::WrongLength;
    QTest::newRow("13 digits") << QStringLiteral("9007013001080") << IdCheck::WrongLength;
    QTest::newRow("letter inside") << QStringLiteral("90070130010A") << IdCheck::NotDigits;
    QTest::newRow("letters only") << QStringLiteral("abc") << IdCheck::NotDigits;
    QTest::newRow("space inside") << QStringLiteral("900701 30010") << IdCheck::NotDigits;
    QTest::newRow("Arabic-Indic digits") << QString(12, QChar(0x0661)) << IdCheck::NotDigits;
    // Date part: range checks only, no calendar check (allowed since 2013).
    QTest::newRow("month 13") << QStringLiteral("901301300108") << IdCheck::BadMonth;
    QTest::newRow("month 00") << QStringLiteral("900001300108") << IdCheck::BadMonth;
    QTest::newRow("day 32") << QStringLiteral("900732300108") << IdCheck::BadDay;
    QTest::newRow("day 00") << QStringLiteral("900700300108") << IdCheck::BadDay;
}

void TestIdentifiers::iinCheck() {
    QFETCH(QString, iin);
    QFETCH(IdCheck, expected);
    QCOMPARE(Identifiers::checkIin(iin), expected);
}

void TestIdentifiers::binCheck_data() {
    QTest::addColumn<QString>("bin");
    QTest::addColumn<IdCheck>("expected");

    QTest::newRow("valid 230340123459") << QStringLiteral("230340123459") << IdCheck::Valid;
    QTest::newRow("valid 120741000014 (branch)") << QStringLiteral("120741000014") << IdCheck::Valid;
    QTest::newRow("valid 051162005005 (joint IE, representative)") << QStringLiteral("051162005005") << IdCheck::Valid;
    QTest::newRow("valid 940140000385") << QStringLiteral("940140000385") << IdCheck::Valid;
    QTest::newRow("invalid 230340123450 (check digit)") << QStringLiteral("230340123450") << IdCheck::BadCheckDigit;
    QTest::newRow("invalid 949940000385 (month 99)") << QStringLiteral("949940000385") << IdCheck::BadMonth;
    QTest::newRow("invalid 940190000385 (type 9)") << QStringLiteral("940190000385") << IdCheck::BadType;
    QTest::newRow("unit 4") << QStringLiteral("940144000385") << IdCheck::BadUnit;
    QTest::newRow("empty") << QString() << IdCheck::Empty;
    QTest::newRow("11 digits") << QStringLiteral("23034012345") << IdCheck::WrongLength;
    QTest::newRow("letters") << QStringLiteral("23034O123459") << IdCheck::NotDigits;
}

void TestIdentifiers::binCheck() {
    QFETCH(QString, bin);
    QFETCH(IdCheck, expected);
    QCOMPARE(Identifiers::checkBin(bin), expected);
}

void TestIdentifiers::checkDigitUsesSecondPassOnlyWhenFirstGivesTen_data() {
    QTest::addColumn<QString>("first11");
    QTest::addColumn<int>("expected");
    QTest::newRow("first pass 8") << QStringLiteral("90070130010") << 8;
    QTest::newRow("second pass 2") << QStringLiteral("90070130180") << 2;
    QTest::newRow("second pass 2 (2000s)") << QStringLiteral("06121160001") << 2;
    QTest::newRow("both passes 10") << QStringLiteral("90070130184") << -1;
    QTest::newRow("BIN first pass 9") << QStringLiteral("23034012345") << 9;
}

void TestIdentifiers::checkDigitUsesSecondPassOnlyWhenFirstGivesTen() {
    QFETCH(QString, first11);
    QFETCH(int, expected);
    QCOMPARE(Identifiers::checkDigit(first11), expected);
}

void TestIdentifiers::checkDigitRefusesMalformedInput() {
    QCOMPARE(Identifiers::checkDigit(QStringLiteral("9007013001")), -1);
    QCOMPARE(Identifiers::checkDigit(QStringLiteral("9007013001x")), -1);
}

void TestIdentifiers::iinHint_data() {
    QTest::addColumn<QString>("iin");
    QTest::addColumn<QDate>("birthDate");
    QTest::addColumn<Sex>("sex");
    QTest::addColumn<bool>("foreign");

    QTest::newRow("1990, male (3)") << QStringLiteral("900701300108") << QDate(1990, 7, 1) << Sex::Male << false;
    QTest::newRow("2005, female (6)") << QStringLiteral("050311600009") << QDate(2005, 3, 11) << Sex::Female << false;
    QTest::newRow("29 Feb 2000, male (5)")
        << QStringLiteral("000229501204") << QDate(2000, 2, 29) << Sex::Male << false;
    QTest::newRow("2006, female (6)") << QStringLiteral("061211600012") << QDate(2006, 12, 11) << Sex::Female << false;
    QTest::newRow("1800s, female (2)") << QStringLiteral("990101200000") << QDate(1899, 1, 1) << Sex::Female << false;
    QTest::newRow("1800s, male (1)") << QStringLiteral("990101100000") << QDate(1899, 1, 1) << Sex::Male << false;
    QTest::newRow("1900s, female (4)") << QStringLiteral("851231401200") << QDate(1985, 12, 31) << Sex::Female << false;
    QTest::newRow("foreign national (0)") << QStringLiteral("900701000000") << QDate() << Sex::Unknown << true;
}

void TestIdentifiers::iinHint() {
    QFETCH(QString, iin);
    QFETCH(QDate, birthDate);
    QFETCH(Sex, sex);
    QFETCH(bool, foreign);
    const IinHint hint = Identifiers::iinHint(iin);
    QCOMPARE(hint.birthDate, birthDate);
    QCOMPARE(hint.sex, sex);
    QCOMPARE(hint.foreignNational, foreign);
}

void TestIdentifiers::iinHintForImpossibleDateHasNoDateButKeepsSex() {
    // 31 February passes the range check (the date part need not be real) but gives no birth date.
    const IinHint hint = Identifiers::iinHint(QStringLiteral("900231300000"));
    QVERIFY(hint.birthDate.isNull());
    QCOMPARE(hint.sex, Sex::Male);
    QVERIFY(!hint.foreignNational);
}

void TestIdentifiers::binHint() {
    const BinHint branch = Identifiers::binHint(QStringLiteral("120741000014"));
    QCOMPARE(branch.year, 2012);
    QCOMPARE(branch.month, 7);
    QCOMPARE(branch.type, 4);
    QCOMPARE(branch.unit, 1);

    const BinHint old = Identifiers::binHint(QStringLiteral("940140000385"));
    QCOMPARE(old.year, 1994);
    QCOMPARE(old.month, 1);
    QCOMPARE(old.type, 4);
    QCOMPARE(old.unit, 0);

    const BinHint joint = Identifiers::binHint(QStringLiteral("051162005005"));
    QCOMPARE(joint.year, 2005);
    QCOMPARE(joint.month, 11);
    QCOMPARE(joint.type, 6);
    QCOMPARE(joint.unit, 2);
}

void TestIdentifiers::describeGivesASentenceForEveryFailure() {
    const QList<IdCheck> failures = {IdCheck::Empty,    IdCheck::WrongLength,   IdCheck::NotDigits,
                                     IdCheck::BadMonth, IdCheck::BadDay,        IdCheck::BadType,
                                     IdCheck::BadUnit,  IdCheck::BadCheckDigit, IdCheck::Unusable};
    for (IdCheck check : failures) {
        QVERIFY(!Identifiers::describe(check, false).isEmpty());
        QVERIFY(!Identifiers::describe(check, true).isEmpty());
    }
    QVERIFY(Identifiers::describe(IdCheck::WrongLength, false).contains(u"IIN"));
    QVERIFY(Identifiers::describe(IdCheck::WrongLength, true).contains(u"BIN"));
    QVERIFY(Identifiers::describe(IdCheck::BadCheckDigit, true).contains(u"check digit"));
    QVERIFY(Identifiers::describe(IdCheck::BadMonth, true) != Identifiers::describe(IdCheck::BadMonth, false));
}

void TestIdentifiers::describeIsEmptyForValid() {
    QVERIFY(Identifiers::describe(IdCheck::Valid, false).isEmpty());
    QVERIFY(Identifiers::describe(IdCheck::Valid, true).isEmpty());
}

TIRKEU_TEST_GUILESS_MAIN(TestIdentifiers)
#include "tst_identifiers.moc"
