// SubjectName: RDN order and string types exactly as the National CA writes them, Kazakh letters intact.

#include "common/TestMain.h"
#include "pki/SubjectName.h"

#include <QTest>

#include <openssl/objects.h>

using namespace tirkeu;
using namespace tirkeu::pki;

namespace {

struct Rdn {
    int nid;
    int type;
    QString value;
    int set;
};

// Every entry of a DER-encoded name, read back with OpenSSL.
QList<Rdn> rdns(const QByteArray& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509NamePtr name(d2i_X509_NAME(nullptr, &p, long(der.size())));
    QList<Rdn> out;
    if (!name)
        return out;
    for (int i = 0; i < X509_NAME_entry_count(name.get()); ++i) {
        const X509_NAME_ENTRY* e = X509_NAME_get_entry(name.get(), i);
        const ASN1_STRING* data = X509_NAME_ENTRY_get_data(e);
        out << Rdn{
            OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)), ASN1_STRING_type(data),
            QString::fromUtf8(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data)),
            X509_NAME_ENTRY_set(e)};
    }
    return out;
}

void expectRdns(const QList<Rdn>& actual, const QList<Rdn>& expected) {
    QCOMPARE(actual.size(), expected.size());
    for (int i = 0; i < actual.size(); ++i) {
        QCOMPARE(OBJ_nid2sn(actual[i].nid), OBJ_nid2sn(expected[i].nid));
        QCOMPARE(actual[i].type, expected[i].type);
        QCOMPARE(actual[i].value, expected[i].value);
        QCOMPARE(actual[i].set, i); // one attribute per RDN
    }
}

} // namespace

class TestSubjectName : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void upperCaseHandlesKazakhLetters_data() {
        QTest::addColumn<QString>("lower");
        QTest::addColumn<QString>("upper");
        QTest::newRow("ә") << QStringLiteral("ә") << QStringLiteral("Ә");
        QTest::newRow("ғ") << QStringLiteral("ғ") << QStringLiteral("Ғ");
        QTest::newRow("қ") << QStringLiteral("қ") << QStringLiteral("Қ");
        QTest::newRow("ң") << QStringLiteral("ң") << QStringLiteral("Ң");
        QTest::newRow("ө") << QStringLiteral("ө") << QStringLiteral("Ө");
        QTest::newRow("ұ") << QStringLiteral("ұ") << QStringLiteral("Ұ");
        QTest::newRow("ү") << QStringLiteral("ү") << QStringLiteral("Ү");
        QTest::newRow("һ") << QStringLiteral("һ") << QStringLiteral("Һ");
        QTest::newRow("і") << QStringLiteral("і") << QStringLiteral("І");
        QTest::newRow("name") << QStringLiteral("әлия қасымова") << QStringLiteral("ӘЛИЯ ҚАСЫМОВА");
    }
    void upperCaseHandlesKazakhLetters() {
        QFETCH(QString, lower);
        QFETCH(QString, upper);
        QCOMPARE(lower.toUpper(), upper);
        QCOMPARE(SubjectName::normalisedNamePart(lower), upper);
    }

    void latinIInCyrillicNameBecomesKazakhI() {
        QCOMPARE(SubjectName::normalisedNamePart(QStringLiteral("Iсмағұлов")), QStringLiteral("ІСМАҒҰЛОВ"));
        QCOMPARE(SubjectName::normalisedNamePart(QStringLiteral("Әлiя")), QStringLiteral("ӘЛІЯ"));
        // A purely Latin name keeps its I.
        QCOMPARE(SubjectName::normalisedNamePart(QStringLiteral("Ivanov")), QStringLiteral("IVANOV"));
    }

    void individualHasNationalCaOrderAndTypes() {
        const SubjectName s = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                                  QStringLiteral("Серікқызы"), QStringLiteral("900701300108"));
        Result<QByteArray> der = s.toDer();
        QVERIFY2(der.ok(), qPrintable(der.message()));
        expectRdns(rdns(*der), {
                                   {NID_commonName, V_ASN1_UTF8STRING, QStringLiteral("ҚАСЫМОВА ӘЛИЯ"), 0},
                                   {NID_surname, V_ASN1_UTF8STRING, QStringLiteral("ҚАСЫМОВА"), 0},
                                   {NID_serialNumber, V_ASN1_PRINTABLESTRING, QStringLiteral("IIN900701300108"), 0},
                                   {NID_countryName, V_ASN1_PRINTABLESTRING, QStringLiteral("KZ"), 0},
                                   {NID_givenName, V_ASN1_UTF8STRING, QStringLiteral("СЕРІКҚЫЗЫ"), 0},
                               });
        // The UTF-8 bytes of the Kazakh letters are in the DER as they are.
        QVERIFY(der->contains(QStringLiteral("ҚАСЫМОВА ӘЛИЯ").toUtf8()));
    }

    void legalEntityAddsOrganisationAndBin() {
        const SubjectName s = SubjectName::person(QStringLiteral("Иванов"), QStringLiteral("Иван"),
                                                  QStringLiteral("Иванович"), QStringLiteral("900701301802"),
                                                  QStringLiteral("ТОО «Өрнек»"), QStringLiteral("230340123459"));
        Result<QByteArray> der = s.toDer();
        QVERIFY2(der.ok(), qPrintable(der.message()));
        expectRdns(rdns(*der),
                   {
                       {NID_commonName, V_ASN1_UTF8STRING, QStringLiteral("ИВАНОВ ИВАН"), 0},
                       {NID_surname, V_ASN1_UTF8STRING, QStringLiteral("ИВАНОВ"), 0},
                       {NID_serialNumber, V_ASN1_PRINTABLESTRING, QStringLiteral("IIN900701301802"), 0},
                       {NID_countryName, V_ASN1_PRINTABLESTRING, QStringLiteral("KZ"), 0},
                       {NID_organizationName, V_ASN1_UTF8STRING, QStringLiteral("ТОО «Өрнек»"), 0},
                       {NID_organizationalUnitName, V_ASN1_PRINTABLESTRING, QStringLiteral("BIN230340123459"), 0},
                       {NID_givenName, V_ASN1_UTF8STRING, QStringLiteral("ИВАНОВИЧ"), 0},
                   });
    }

    void emptyPatronymicIsOmitted() {
        const SubjectName s = SubjectName::person(QStringLiteral("Smith"), QStringLiteral("John"), QString(),
                                                  QStringLiteral("000229501204"));
        Result<QByteArray> der = s.toDer();
        QVERIFY(der.ok());
        const QList<Rdn> list = rdns(*der);
        QCOMPARE(list.size(), 4);
        QCOMPARE(list.last().nid, NID_countryName);
    }

    void caSubjectHasNameOrganisationUnitCountry() {
        // Default layout C, O, OU, CN (the National CA writes C=KZ first); O and OU when given.
        const SubjectName s = SubjectName::ca(QStringLiteral("Ұлттық куәландырушы орталық (RSA)"),
                                              QStringLiteral("Тіркеу АҚ"), QStringLiteral("Орталық"));
        Result<QByteArray> der = s.toDer();
        QVERIFY2(der.ok(), qPrintable(der.message()));
        expectRdns(rdns(*der),
                   {
                       {NID_countryName, V_ASN1_PRINTABLESTRING, QStringLiteral("KZ"), 0},
                       {NID_organizationName, V_ASN1_UTF8STRING, QStringLiteral("Тіркеу АҚ"), 0},
                       {NID_organizationalUnitName, V_ASN1_UTF8STRING, QStringLiteral("Орталық"), 0},
                       {NID_commonName, V_ASN1_UTF8STRING, QStringLiteral("Ұлттық куәландырушы орталық (RSA)"), 0},
                   });
    }

    void caSubjectWithoutOrganisationIsCountryAndName() {
        const SubjectName s = SubjectName::ca(QStringLiteral("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"));
        Result<QByteArray> der = s.toDer();
        QVERIFY2(der.ok(), qPrintable(der.message()));
        expectRdns(rdns(*der),
                   {
                       {NID_countryName, V_ASN1_PRINTABLESTRING, QStringLiteral("KZ"), 0},
                       {NID_commonName, V_ASN1_UTF8STRING, QStringLiteral("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"), 0},
                   });
        // The round trip keeps the layout.
        Result<SubjectName> back = SubjectName::fromDer(*der);
        QVERIFY(back.ok());
        QCOMPARE(back->layout, (QStringList{QStringLiteral("C"), QStringLiteral("CN")}));
        QVERIFY(back->organisation.isEmpty());
    }

    void caLayoutIsConfigurable() {
        Result<QStringList> layout = SubjectName::parseCaLayout(QStringLiteral("cn, o ,c"));
        QVERIFY2(layout.ok(), qPrintable(layout.message()));
        const SubjectName s = SubjectName::ca(QStringLiteral("Root"), QStringLiteral("Org"), {}, *layout);
        expectRdns(rdns(*s.toDer()), {
                                         {NID_commonName, V_ASN1_UTF8STRING, QStringLiteral("Root"), 0},
                                         {NID_organizationName, V_ASN1_UTF8STRING, QStringLiteral("Org"), 0},
                                         {NID_countryName, V_ASN1_PRINTABLESTRING, QStringLiteral("KZ"), 0},
                                     });
        QVERIFY(SubjectName::parseCaLayout(QStringLiteral("C,CN,C")).message().contains(u"twice"));
        QVERIFY(SubjectName::parseCaLayout(QStringLiteral("O,CN")).message().contains(u"at least C and CN"));
        QVERIFY(SubjectName::parseCaLayout(QStringLiteral("C,CN,L")).message().contains(u"\"L\""));
    }

    void governmentEmployeeHasNoEmptyBinUnit() {
        // A government body's employee: O = the body, no BIN, hence no OU at all (never a bare "BIN").
        const SubjectName s = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), QString(),
                                                  QStringLiteral("900701300108"), QStringLiteral("Әділет министрлігі"));
        const QList<Rdn> list = rdns(*s.toDer());
        for (const Rdn& r : list)
            QVERIFY2(r.nid != NID_organizationalUnitName, qPrintable(r.value));
        QCOMPARE(list.size(), 5); // CN, SURNAME, SERIALNUMBER, C, O
    }

    void invisibleAndControlCharactersAreRefused_data() {
        QTest::addColumn<QString>("surname");
        QTest::newRow("NUL") << QStringLiteral("АБ") + QChar(0) + QStringLiteral("ВГ");
        QTest::newRow("RLO U+202E") << QStringLiteral("АБ\u202EВГ");
        QTest::newRow("ZWSP U+200B") << QStringLiteral("АБ\u200BВГ");
        QTest::newRow("BOM U+FEFF") << QStringLiteral("\uFEFFАБВГ");
        QTest::newRow("C1 U+0085") << QStringLiteral("АБ\u0085ВГ");
        QTest::newRow("private use U+E000") << QStringLiteral("АБ\uE000ВГ");
        // Shown as nothing, though letters or marks to Unicode (attack of session 29, F1).
        QTest::newRow("Hangul filler U+3164 alone") << QStringLiteral("\u3164");
        QTest::newRow("Braille blank U+2800") << QStringLiteral("АБ\u2800ВГ");
        QTest::newRow("CGJ U+034F") << QStringLiteral("АБ\u034FВГ");
        QTest::newRow("VS16 U+FE0F") << QStringLiteral("АБ\uFE0FВГ");
    }
    void invisibleAndControlCharactersAreRefused() {
        QFETCH(QString, surname);
        const SubjectName s =
            SubjectName::person(surname, QStringLiteral("Әлия"), QString(), QStringLiteral("900701300108"));
        const Status v = s.validate();
        QVERIFY(!v.ok());
        QVERIFY2(v.message().contains(u"invisible"), qPrintable(v.message()));
        QCOMPARE(s.toDer().code(), ErrorCode::Invalid);
    }

    void parsesBackWhatItBuilt() {
        const SubjectName s = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"),
                                                  QStringLiteral("Серікқызы"), QStringLiteral("900701300108"),
                                                  QStringLiteral("ТОО «Өрнек»"), QStringLiteral("230340123459"));
        Result<SubjectName> back = SubjectName::fromDer(*s.toDer());
        QVERIFY(back.ok());
        QCOMPARE(back->kind, SubjectName::Kind::Person);
        QCOMPARE(back->surname, QStringLiteral("ҚАСЫМОВА"));
        QCOMPARE(back->name, QStringLiteral("ӘЛИЯ"));
        QCOMPARE(back->patronymic, QStringLiteral("СЕРІКҚЫЗЫ"));
        QCOMPARE(back->iin, QStringLiteral("900701300108"));
        QCOMPARE(back->organisation, QStringLiteral("ТОО «Өрнек»"));
        QCOMPARE(back->bin, QStringLiteral("230340123459"));
        QCOMPARE(back->country, QStringLiteral("KZ"));

        Result<SubjectName> ca =
            SubjectName::fromDer(*SubjectName::ca(QStringLiteral("Root"), QStringLiteral("Org")).toDer());
        QVERIFY(ca.ok());
        QCOMPARE(ca->kind, SubjectName::Kind::Ca);
        QCOMPARE(ca->caName, QStringLiteral("Root"));
        QCOMPARE(ca->organisation, QStringLiteral("Org"));
    }

    void garbageIsNotAName() {
        QCOMPARE(SubjectName::fromDer(QByteArray("\x30\x05\x01", 3)).code(), ErrorCode::Invalid);
    }

    void displayKeepsKazakhLetters() {
        const SubjectName s = SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), QString(),
                                                  QStringLiteral("900701300108"));
        const QString line = s.display();
        QVERIFY2(line.contains(QStringLiteral("CN=ҚАСЫМОВА ӘЛИЯ")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("serialNumber=IIN900701300108")), qPrintable(line));
        QVERIFY2(!line.contains(u'\\'), qPrintable(line)); // nothing escaped
        QVERIFY(line.startsWith(QStringLiteral("C=KZ")));  // RFC 2253: last RDN first
    }

    // Bounds in characters (code points), as RFC 5280, OpenSSL and the forms count them (attack of session 33, C8):
    // a surname of 40 Deseret letters (outside the BMP, two UTF-16 units each) with "Әлия" is a CN of 45 characters,
    // refused before as 85; 60 of them make 65, refused. Upper-casing lengthens: 31 x "ß" + " ӘЛИЯ" is 67.
    void boundsCountCharacters() {
        QString deseret;
        for (int i = 0; i < 40; ++i)
            deseret += QString::fromUcs4(U"\U00010428", 1); // 𐐨, small long i
        const SubjectName s = SubjectName::person(deseret, QStringLiteral("Әлия"), deseret,
                                                  QStringLiteral("900701300108"), QString(), QString());
        Result<QByteArray> der = s.toDer();
        QVERIFY2(der.ok(), qPrintable(der.message()));
        const Result<SubjectName> back = SubjectName::fromDer(*der);
        QVERIFY(back.ok());
        QCOMPARE(back->surname, deseret.toUpper());
        QString more = deseret;
        for (int i = 0; i < 20; ++i)
            more += QString::fromUcs4(U"\U00010428", 1);
        QVERIFY(!SubjectName::person(more, QStringLiteral("Әлия"), QString(), QStringLiteral("900701300108"), QString(),
                                     QString())
                     .toDer()
                     .ok());
        const Result<QByteArray> sharp = SubjectName::person(QString(31, u'ß'), QStringLiteral("Әлия"), QString(),
                                                             QStringLiteral("900701300108"), QString(), QString())
                                             .toDer();
        QVERIFY(!sharp.ok());
        QVERIFY2(sharp.message().contains(u"64"), qPrintable(sharp.message()));
    }

    void invalidInputIsRefused_data() {
        QTest::addColumn<QString>("iin");
        QTest::addColumn<QString>("organisation");
        QTest::addColumn<QString>("bin");
        QTest::addColumn<QString>("surname");
        QTest::newRow("short IIN") << QStringLiteral("90070130010") << QString() << QString() << QStringLiteral("А");
        QTest::newRow("letters in IIN") << QStringLiteral("90070130010X") << QString() << QString()
                                        << QStringLiteral("А");
        QTest::newRow("BIN without organisation")
            << QStringLiteral("900701300108") << QString() << QStringLiteral("230340123459") << QStringLiteral("А");
        QTest::newRow("bad BIN") << QStringLiteral("900701300108") << QStringLiteral("ТОО")
                                 << QStringLiteral("2303401234") << QStringLiteral("А");
        QTest::newRow("no surname") << QStringLiteral("900701300108") << QString() << QString() << QStringLiteral(" ");
        QTest::newRow("CN over 64") << QStringLiteral("900701300108") << QString() << QString() << QString(70, u'Ә');
    }
    void invalidInputIsRefused() {
        QFETCH(QString, iin);
        QFETCH(QString, organisation);
        QFETCH(QString, bin);
        QFETCH(QString, surname);
        const SubjectName s = SubjectName::person(surname, QStringLiteral("Әлия"), QString(), iin, organisation, bin);
        Result<QByteArray> der = s.toDer();
        QVERIFY(!der.ok());
        QCOMPARE(der.code(), ErrorCode::Invalid);
        QVERIFY(!der.message().isEmpty());
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestSubjectName)
#include "tst_subjectname.moc"
