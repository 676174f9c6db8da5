// Validation of submissions against the official forms: a valid submission per form, every kind of error
// naming its field, length limits in characters, GOV person rows, consent, attachments. (Normalisation and
// the characters of values: tst_validation_text.)

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

class TestValidation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validSubmissionPasses_data();
    void validSubmissionPasses();
    void errorNamesTheField_data();
    void errorNamesTheField();
    void messagesQuoteTheLabelInTheUiLanguage();
    void shortNameIsCountedInCharacters();
    void typeDefaultLengths();
    void blankRequiredFieldWithDefaultTakesTheDefault();
    void threeYearsOnlyOnToken();
    void otherAreaOfUseNeedsItsBlank();
    void personsRowsCarryTheirIndex();
    void personsMustBeANonEmptyListOfRows();
    void personsOnlyOnGovernmentForms();
    void consentIsRequiredOnlyForIssuance();
    void requiredAttachments();
    void validateFieldForLiveChecks();
    void summaryListsEveryMessage();
};

void TestValidation::validSubmissionPasses_data() {
    QTest::addColumn<QString>("code");
    for (const QString& code : FormCatalog::codes())
        QTest::newRow(qPrintable(code)) << code;
}

void TestValidation::validSubmissionPasses() {
    QFETCH(QString, code);
    const Submission s = valid(code);
    QVERIFY(!s.data.isEmpty());
    const ValidationResult r = Validator::validate(form(code), s, QStringLiteral("en"));
    QVERIFY2(r.ok(), qPrintable(r.summary()));
    // Normalising a valid submission keeps it valid (registry stores the normalised form).
    Submission normal = s;
    normal.data = Validator::normalised(form(code), s.data);
    const ValidationResult again = Validator::validate(form(code), normal, QStringLiteral("en"));
    QVERIFY2(again.ok(), qPrintable(again.summary()));
}

void TestValidation::errorNamesTheField_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("fieldId");
    QTest::addColumn<QJsonValue>("value"); // undefined = remove the key
    QTest::addColumn<QString>("expectedText");

    const QString ind = QStringLiteral("NCA-ISSUE-IND");
    const QString legal = QStringLiteral("NCA-ISSUE-LEGAL");
    const QString revoke = QStringLiteral("NCA-REVOKE-IND");
    QTest::newRow("required missing") << ind << "surname" << QJsonValue(QJsonValue::Undefined) << "is required";
    QTest::newRow("required blank") << ind << "name" << QJsonValue(QStringLiteral("   ")) << "is required";
    QTest::newRow("required null") << ind << "city" << QJsonValue(QJsonValue::Null) << "is required";
    QTest::newRow("IIN check digit") << ind << "iin" << QJsonValue(QStringLiteral("900701300107"))
                                     << Identifiers::describe(IdCheck::BadCheckDigit, false);
    QTest::newRow("IIN unusable") << ind << "iin" << QJsonValue(QStringLiteral("900701301840"))
                                  << Identifiers::describe(IdCheck::Unusable, false);
    QTest::newRow("IIN short") << ind << "iin" << QJsonValue(QStringLiteral("90070130010"))
                               << Identifiers::describe(IdCheck::WrongLength, false);
    QTest::newRow("IIN as a JSON number") << ind << "iin" << QJsonValue(900701300108.0) << "must be text";
    QTest::newRow("BIN check digit") << legal << "bin" << QJsonValue(QStringLiteral("230340123450"))
                                     << Identifiers::describe(IdCheck::BadCheckDigit, true);
    QTest::newRow("BIN type") << legal << "bin" << QJsonValue(QStringLiteral("940190000385"))
                              << Identifiers::describe(IdCheck::BadType, true);
    QTest::newRow("e-mail without domain dot")
        << ind << "email" << QJsonValue(QStringLiteral("alibek@example")) << "not a valid e-mail";
    QTest::newRow("e-mail with space") << ind << "email" << QJsonValue(QStringLiteral("ali bek@example.kz"))
                                       << "not a valid e-mail";
    QTest::newRow("e-mail two @") << ind << "email" << QJsonValue(QStringLiteral("a@b@example.kz"))
                                  << "not a valid e-mail";
    QTest::newRow("phone too short") << ind << "phone" << QJsonValue(QStringLiteral("+7 701 123 45")) << "phone number";
    QTest::newRow("phone foreign") << ind << "phone" << QJsonValue(QStringLiteral("+1 701 123 4567")) << "phone number";
    QTest::newRow("phone letters") << ind << "phone" << QJsonValue(QStringLiteral("8 701 ABC 4567")) << "phone number";
    QTest::newRow("date format") << ind << "application_date" << QJsonValue(QStringLiteral("15.03.2024"))
                                 << "YYYY-MM-DD";
    QTest::newRow("date not real") << ind << "application_date" << QJsonValue(QStringLiteral("2023-02-29"))
                                   << "not an existing date";
    QTest::newRow("choice unknown") << ind << "validity" << QJsonValue(QStringLiteral("2y")) << "\"2y\"";
    QTest::newRow("choice of another form")
        << legal << "role" << QJsonValue(QStringLiteral("director")) << "not one of the allowed choices";
    QTest::newRow("multi-choice unknown id")
        << ind << "usage" << QJsonValue(QJsonArray{QStringLiteral("sign"), QStringLiteral("print")}) << "\"print\"";
    QTest::newRow("multi-choice not a list")
        << ind << "usage" << QJsonValue(QStringLiteral("sign")) << "must be a list";
    QTest::newRow("multi-choice empty") << ind << "usage" << QJsonValue(QJsonArray{}) << "is required";
    QTest::newRow("multi-choice twice") << ind << "usage"
                                        << QJsonValue(QJsonArray{QStringLiteral("sign"), QStringLiteral("sign")})
                                        << "more than once";
    QTest::newRow("serial not hex") << revoke << "cert_serial" << QJsonValue(QStringLiteral("3A:5G")) << "hexadecimal";
    QTest::newRow("serial 41 digits") << revoke << "cert_serial" << QJsonValue(QString(41, u'F')) << "1 to 40";
    QTest::newRow("short name 65") << legal << "short_name" << QJsonValue(QString(65, u'Ә')) << "at most 64";
    QTest::newRow("text on two lines") << ind << "surname" << QJsonValue(QStringLiteral("Іскаков\nІскаков"))
                                       << "single line";
    QTest::newRow("unknown key") << ind << "nmae" << QJsonValue(QStringLiteral("Әлібек")) << "Unknown field \"nmae\"";
}

void TestValidation::errorNamesTheField() {
    QFETCH(QString, code);
    QFETCH(QString, fieldId);
    QFETCH(QJsonValue, value);
    QFETCH(QString, expectedText);

    Submission s = valid(code);
    if (value.isUndefined())
        s.data.remove(fieldId);
    else
        s.data.insert(fieldId, value);
    const ValidationResult r = Validator::validate(form(code), s, QStringLiteral("en"));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1); // only the broken field is reported
    const FieldError* e = errorFor(r, fieldId);
    QVERIFY2(e, qPrintable(r.summary()));
    QVERIFY2(e->message.contains(expectedText), qPrintable(e->message));
    if (const FieldDef* f = form(code).field(fieldId)) // the message quotes the field's label
        QVERIFY2(e->message.contains(u'"' + f->label.en + u'"'), qPrintable(e->message));
}

void TestValidation::messagesQuoteTheLabelInTheUiLanguage() {
    Submission s = valid(QStringLiteral("NCA-ISSUE-IND"));
    s.data.remove(QStringLiteral("surname"));
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    QVERIFY(errorFor(Validator::validate(f, s, QStringLiteral("kk")), QStringLiteral("surname"))
                ->message.contains(u"\"Тегі\""));
    QVERIFY(errorFor(Validator::validate(f, s, QStringLiteral("ru")), QStringLiteral("surname"))
                ->message.contains(u"\"Фамилия\""));
    QVERIFY(
        errorFor(Validator::validate(f, s, QString()), QStringLiteral("surname"))->message.contains(u"\"Surname\""));
}

void TestValidation::shortNameIsCountedInCharacters() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-LEGAL"));
    const FieldDef* shortName = f.field(QStringLiteral("short_name"));
    // 64 Kazakh letters are 128 bytes of UTF-8: the limit is characters, so they pass.
    const QString kazakh64 = QString(16, u'Ә') + QString(16, u'Ғ') + QString(16, u'Қ') + QString(16, u'Ң');
    QCOMPARE(kazakh64.toUtf8().size(), 128);
    QVERIFY(Validator::validateField(*shortName, kazakh64).isEmpty());
    Submission s = valid(f.code);
    s.data.insert(QStringLiteral("short_name"), kazakh64);
    QVERIFY(Validator::validate(f, s).ok());

    s.data.insert(QStringLiteral("short_name"), QString(kazakh64 + u'Ү'));
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    QVERIFY(!r.ok());
    QVERIFY(errorFor(r, QStringLiteral("short_name"))->message.contains(u"65 characters"));

    // Surrounding blanks are trimmed before counting; a character outside the BMP counts once.
    QVERIFY(Validator::validateField(*shortName, QString(u"  " + kazakh64 + u"  ")).isEmpty());
    QString astral;
    for (int i = 0; i < 64; ++i)
        astral += QString::fromUcs4(U"\U0001D538");
    QCOMPARE(astral.size(), 128);
    QVERIFY(Validator::validateField(*shortName, astral).isEmpty());
    QVERIFY(!Validator::validateField(*shortName, QString(astral + u'A')).isEmpty());
}

void TestValidation::typeDefaultLengths() {
    FieldDef text;
    text.id = QStringLiteral("x");
    text.label = Label{QStringLiteral("x"), QStringLiteral("x"), QStringLiteral("X")};
    QVERIFY(Validator::validateField(text, QString(255, u'і')).isEmpty());
    QVERIFY(Validator::validateField(text, QString(256, u'і')).contains(u"at most 255"));
    FieldDef longText = text;
    longText.type = FieldType::LongText;
    QVERIFY(Validator::validateField(longText, QString(2000, u'ө')).isEmpty());
    QVERIFY(Validator::validateField(longText, QString(2001, u'ө')).contains(u"at most 2000"));
    QVERIFY(Validator::validateField(longText, QStringLiteral("line 1\nline 2")).isEmpty());
    FieldDef integer = text;
    integer.type = FieldType::Integer;
    QVERIFY(Validator::validateField(integer, 42).isEmpty());
    QVERIFY(Validator::validateField(integer, QStringLiteral("-7")).isEmpty());
    QVERIFY(!Validator::validateField(integer, 4.5).isEmpty());
    QVERIFY(!Validator::validateField(integer, QStringLiteral("12a")).isEmpty());
}

void TestValidation::blankRequiredFieldWithDefaultTakesTheDefault() {
    Submission s = valid(QStringLiteral("NCA-ISSUE-IND"));
    s.data.remove(QStringLiteral("validity"));
    s.data.remove(QStringLiteral("key_media"));
    QVERIFY(Validator::validate(form(QStringLiteral("NCA-ISSUE-IND")), s).ok());
    // The revocation forms of the National CA print no reason: "unspecified" is assumed.
    Submission revoke = valid(QStringLiteral("NCA-REVOKE-LEGAL"));
    QVERIFY(!revoke.data.contains(QStringLiteral("reason")));
    QVERIFY(Validator::validate(form(QStringLiteral("NCA-REVOKE-LEGAL")), revoke).ok());
}

void TestValidation::threeYearsOnlyOnToken() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    Submission s = valid(f.code);
    s.data.insert(QStringLiteral("validity"), QStringLiteral("3y"));
    s.data.insert(QStringLiteral("key_media"), QStringLiteral("file"));
    ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(errorFor(r, QStringLiteral("validity"))->message.contains(u"token"));

    s.data.remove(QStringLiteral("key_media")); // defaults to a file
    QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("validity")));

    s.data.insert(QStringLiteral("key_media"), QStringLiteral("token"));
    QVERIFY(Validator::validate(f, s).ok());
}

void TestValidation::otherAreaOfUseNeedsItsBlank() {
    const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
    Submission s = valid(f.code);
    QJsonArray persons = s.data.value(QStringLiteral("persons")).toArray();
    QJsonObject first = persons.at(0).toObject();
    first.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("edms"), QStringLiteral("other")});
    persons.replace(0, first);
    s.data.insert(QStringLiteral("persons"), persons);
    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(errorFor(r, QStringLiteral("usage_other"), 0));

    first.insert(QStringLiteral("usage_other"), QStringLiteral("Мемлекеттік сатып алу веб-порталы"));
    persons.replace(0, first);
    s.data.insert(QStringLiteral("persons"), persons);
    QVERIFY(Validator::validate(f, s).ok());
}

void TestValidation::personsRowsCarryTheirIndex() {
    const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
    Submission s = valid(f.code);
    QJsonArray persons = s.data.value(QStringLiteral("persons")).toArray();
    QJsonObject bad = govIssuePerson(QStringLiteral("900701300107"), QStringLiteral("Қасымов"));
    bad.insert(QStringLiteral("nickname"), QStringLiteral("Қасым"));
    persons.append(bad); // row 2
    QJsonObject noSurname = persons.at(0).toObject();
    noSurname.remove(QStringLiteral("surname"));
    persons.replace(0, noSurname);
    s.data.insert(QStringLiteral("persons"), persons);

    const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 3);
    const FieldError* iin = errorFor(r, QStringLiteral("iin"), 2);
    QVERIFY(iin);
    QVERIFY2(iin->message.startsWith(u"Person 3: "), qPrintable(iin->message));
    QVERIFY(iin->message.contains(u"\"IIN\""));
    QVERIFY(errorFor(r, QStringLiteral("nickname"), 2));
    QVERIFY(errorFor(r, QStringLiteral("surname"), 0)->message.startsWith(u"Person 1: "));
    QVERIFY(!errorFor(r, QStringLiteral("surname"), -1)); // not confused with a top-level field
}

void TestValidation::personsMustBeANonEmptyListOfRows() {
    const FormDef& f = form(QStringLiteral("GOV-REVOKE"));
    Submission s = valid(f.code);
    s.data.remove(QStringLiteral("persons"));
    QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("persons")));
    s.data.insert(QStringLiteral("persons"), QJsonArray{});
    QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("persons")));
    s.data.insert(QStringLiteral("persons"), govRevokePerson()); // an object, not a list
    QVERIFY(errorFor(Validator::validate(f, s), QStringLiteral("persons")));
    s.data.insert(QStringLiteral("persons"), QJsonArray{govRevokePerson(), QStringLiteral("Сәрсенбаев")});
    const ValidationResult r = Validator::validate(f, s);
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(errorFor(r, QStringLiteral("persons"), 1));
}

void TestValidation::personsOnlyOnGovernmentForms() {
    Submission s = valid(QStringLiteral("NCA-ISSUE-IND"));
    s.data.insert(QStringLiteral("persons"), QJsonArray{QJsonObject{}});
    const ValidationResult r = Validator::validate(form(QStringLiteral("NCA-ISSUE-IND")), s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(errorFor(r, QStringLiteral("persons"))->message.contains(u"Unknown field"));
}

void TestValidation::consentIsRequiredOnlyForIssuance() {
    for (const FormDef& f : FormCatalog::all()) {
        Submission s = valid(f.code);
        s.consent = false;
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        if (f.consentRequired) {
            QCOMPARE(r.errors.size(), 1);
            QCOMPARE(r.errors.first().fieldId, QString());
            QVERIFY(r.errors.first().message.contains(u"consent"));
        } else {
            QVERIFY2(r.ok(), qPrintable(f.code));
        }
    }
}

void TestValidation::requiredAttachments() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-LEGAL"));
    Submission s = valid(f.code);
    s.attachments.removeAll(QStringLiteral("state_registration"));
    ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.first().fieldId, QString());
    QVERIFY(r.errors.first().message.contains(u"state registration certificate"));
    r = Validator::validate(f, s, QStringLiteral("kk"));
    QVERIFY(r.errors.first().message.contains(u"Мемлекеттік тіркеу куәлігінің көшірмесі"));

    // Seed 002 App. 3 §4(2): the legal entity's power of attorney is required; an unknown attachment id
    // is refused.
    s = valid(f.code);
    s.attachments.removeAll(QStringLiteral("power_of_attorney"));
    r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().message.contains(u"Power of attorney"));
    s.attachments.append(QStringLiteral("power_of_attorney"));
    QVERIFY(Validator::validate(f, s).ok());
    s.attachments.append(QStringLiteral("passport_scan"));
    r = Validator::validate(f, s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().message.contains(u"passport_scan"));

    Submission gov = valid(QStringLiteral("GOV-REVOKE"));
    gov.attachments.clear();
    QVERIFY(!Validator::validate(form(QStringLiteral("GOV-REVOKE")), gov).ok()); // the key media comes along
}

void TestValidation::validateFieldForLiveChecks() {
    const FormDef& f = form(QStringLiteral("NCA-ISSUE-IND"));
    const FieldDef* iin = f.field(QStringLiteral("iin"));
    QVERIFY(Validator::validateField(*iin, kIin).isEmpty());
    QVERIFY(Validator::validateField(*iin, QStringLiteral(" 900701 300108 ")).isEmpty()); // as typed
    QVERIFY(!Validator::validateField(*iin, QStringLiteral("900701300107")).isEmpty());
    QVERIFY(!Validator::validateField(*iin, QJsonValue()).isEmpty());
    const FieldDef* patronymic = f.field(QStringLiteral("patronymic"));
    QVERIFY(Validator::validateField(*patronymic, QJsonValue()).isEmpty());
    const FieldDef* phone = f.field(QStringLiteral("phone"));
    QVERIFY(Validator::validateField(*phone, QStringLiteral("8 (701) 123-45-67")).isEmpty());
    QVERIFY(Validator::validateField(*phone, QStringLiteral("+7 701 123 45 67")).isEmpty());
    QVERIFY(!Validator::validateField(*phone, QStringLiteral("87011234567 8")).isEmpty());
    const FieldDef* serial = form(QStringLiteral("NCA-REVOKE-IND")).field(QStringLiteral("cert_serial"));
    QVERIFY(Validator::validateField(*serial, QStringLiteral("0a:1B:2c")).isEmpty());
    QVERIFY(Validator::validateField(*serial, QString(40, u'a')).isEmpty());
    QVERIFY(!Validator::validateField(*serial, QStringLiteral(":")).isEmpty());
    const FieldDef* email = f.field(QStringLiteral("email"));
    QVERIFY(Validator::validateField(*email, QStringLiteral("alibek@мысал.қаз")).isEmpty());
    QVERIFY(!Validator::validateField(*email, QStringLiteral(".alibek@example.kz")).isEmpty());
    // Attack of session 32, B16: only what a certificate's rfc822Name can carry — an ASCII part before @ (RFC 8399
    // keeps the others for SmtpUTF8Mailbox), host labels of letters, digits and inner hyphens; the domain as A-labels.
    for (const char16_t* bad : {u"әлібек@мысал.қаз", u"a@-x.kz", u"a@x-.kz", u"a@x_y.kz", u"a@x..kz", u"a@kz"})
        QVERIFY2(!Validator::validateField(*email, QString::fromUtf16(bad)).isEmpty(),
                 qPrintable(QString::fromUtf16(bad)));
    QCOMPARE(certificateEmail(QStringLiteral(" alibek@Мысал.ҚАЗ ")), QStringLiteral("alibek@xn--80awbu3c.xn--80ao21a"));
    QCOMPARE(certificateEmail(QStringLiteral("a'b%c@example.kz")), QStringLiteral("a'b%c@example.kz"));
    const FieldDef* date = f.field(QStringLiteral("application_date"));
    QVERIFY(Validator::validateField(*date, QStringLiteral("2024-02-29")).isEmpty());
}

void TestValidation::summaryListsEveryMessage() {
    Submission s = valid(QStringLiteral("NCA-ISSUE-IND"));
    s.data.remove(QStringLiteral("surname"));
    s.data.insert(QStringLiteral("email"), QStringLiteral("nope"));
    const ValidationResult r = Validator::validate(form(QStringLiteral("NCA-ISSUE-IND")), s, QStringLiteral("en"));
    QCOMPARE(r.errors.size(), 2);
    const QStringList lines = r.summary().split(u'\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.contains(r.errors.at(0).message));
    QVERIFY(lines.contains(r.errors.at(1).message));
}

TIRKEU_TEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
