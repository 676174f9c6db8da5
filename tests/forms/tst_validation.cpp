// Validation of submissions against the official forms: a valid submission per form, every kind of error
// naming its field, length limits in characters, GOV person rows, consent, attachments, normalisation.

#include "common/TestMain.h"
#include "forms/FormDefinition.h"
#include "forms/Identifiers.h"
#include "forms/Validation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTest>

using namespace tirkeu::forms;

namespace {

const QString kIin = QStringLiteral("900701300108");
const QString kBin = QStringLiteral("230340123459");

const FormDef& form(const QString& code) {
    const FormDef* f = FormCatalog::find(code);
    if (!f)
        qFatal("form %s missing", qPrintable(code));
    return *f;
}

QJsonObject govIssuePerson(const QString& iin, const QString& surname) {
    return QJsonObject{
        {QStringLiteral("surname"), surname},
        {QStringLiteral("name"), QStringLiteral("Айгүл")},
        {QStringLiteral("iin"), iin},
        {QStringLiteral("id_doc_number"), QStringLiteral("012345678")},
        {QStringLiteral("id_doc_issued_by"), QStringLiteral("ҚР ІІМ")},
        {QStringLiteral("id_doc_issue_date"), QStringLiteral("2018-06-01")},
        {QStringLiteral("country"), QStringLiteral("Қазақстан")},
        {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
        {QStringLiteral("organisation"), QStringLiteral("Цифрлық даму министрлігі")},
        {QStringLiteral("position"), QStringLiteral("Бас сарапшы")},
        {QStringLiteral("usage"), QJsonArray{QStringLiteral("edms")}},
        {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
    };
}

QJsonObject govRevokePerson() {
    return QJsonObject{
        {QStringLiteral("surname"), QStringLiteral("Сәрсенбаев")},
        {QStringLiteral("name"), QStringLiteral("Ілияс")},
        {QStringLiteral("iin"), kIin},
        {QStringLiteral("id_doc_number"), QStringLiteral("012345678")},
        {QStringLiteral("id_doc_issued_by"), QStringLiteral("ҚР ІІМ")},
        {QStringLiteral("id_doc_issue_date"), QStringLiteral("2018-06-01")},
        {QStringLiteral("home_address"), QStringLiteral("Астана қ., Мәңгілік Ел даңғылы, 8")},
        {QStringLiteral("organisation"), QStringLiteral("Цифрлық даму министрлігі")},
        {QStringLiteral("position"), QStringLiteral("Бас сарапшы")},
        {QStringLiteral("reason"), QStringLiteral("affiliation_changed")},
        {QStringLiteral("cert_serial"), QStringLiteral("4F2A0011")},
        {QStringLiteral("cert_issue_date"), QStringLiteral("2023-05-01")},
        {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
    };
}

QJsonObject letter() {
    return QJsonObject{
        {QStringLiteral("org_name"), QStringLiteral("Қазақстан Республикасы Цифрлық даму министрлігі")},
        {QStringLiteral("letter_no"), QStringLiteral("01-12/345")},
        {QStringLiteral("letter_date"), QStringLiteral("2024-03-14")},
        {QStringLiteral("head_full_name"), QStringLiteral("Жұмабеков Н.")},
    };
}

// A submission that passes, per form; tests break one thing at a time.
Submission valid(const QString& code) {
    Submission s;
    QJsonObject& d = s.data;
    const QJsonObject person{
        {QStringLiteral("iin"), kIin},
        {QStringLiteral("surname"), QStringLiteral("Іскаков")},
        {QStringLiteral("name"), QStringLiteral("Әлібек")},
        {QStringLiteral("patronymic"), QStringLiteral("Серікұлы")},
        {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
        {QStringLiteral("city"), QStringLiteral("Қонаев")},
        {QStringLiteral("email"), QStringLiteral("alibek@example.kz")},
        {QStringLiteral("phone"), QStringLiteral("+77011234567")},
        {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
    };
    if (code == u"NCA-ISSUE-IND") {
        d = person;
        d.insert(QStringLiteral("online_application_no"), QStringLiteral("123456"));
        d.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign"), QStringLiteral("auth")});
        d.insert(QStringLiteral("validity"), QStringLiteral("1y"));
        d.insert(QStringLiteral("key_media"), QStringLiteral("file"));
        d.insert(QStringLiteral("crypto_tool"), QString());
        s.attachments = {QStringLiteral("identity_document_copy")};
        s.consent = true;
    } else if (code == u"NCA-ISSUE-LEGAL") {
        d = person;
        d.insert(QStringLiteral("bin"), kBin);
        d.insert(QStringLiteral("org_name"), QStringLiteral("«Тіркеу» жауапкершілігі шектеулі серіктестігі"));
        d.insert(QStringLiteral("short_name"), QStringLiteral("Тіркеу ЖШС"));
        d.insert(QStringLiteral("role"), QStringLiteral("first_head"));
        d.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")});
        d.insert(QStringLiteral("validity"), QStringLiteral("3y"));
        d.insert(QStringLiteral("key_media"), QStringLiteral("token"));
        s.attachments = {QStringLiteral("identity_document_copy"), QStringLiteral("state_registration"),
                         QStringLiteral("power_of_attorney")};
        s.consent = true;
    } else if (code == u"NCA-REVOKE-IND") {
        d = person;
        d.remove(QStringLiteral("region"));
        d.remove(QStringLiteral("city"));
        d.insert(QStringLiteral("phone"), QStringLiteral("8 (701) 123-45-67"));
        d.insert(QStringLiteral("cert_serial"), QStringLiteral("3a:5f:00:11"));
        d.insert(QStringLiteral("cert_issue_date"), QStringLiteral("2023-05-01"));
        d.insert(QStringLiteral("reason"), QStringLiteral("key_compromise"));
    } else if (code == u"NCA-REVOKE-LEGAL") {
        d = QJsonObject{
            {QStringLiteral("bin"), kBin},
            {QStringLiteral("org_name"), QStringLiteral("«Тіркеу» ЖШС")},
            {QStringLiteral("short_name"), QStringLiteral("Тіркеу ЖШС")},
            {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
            {QStringLiteral("city"), QStringLiteral("Қонаев")},
            {QStringLiteral("phone"), QStringLiteral("+7 727 123 45 67")},
            {QStringLiteral("cert_serial"), QStringLiteral("7C0DE")},
            {QStringLiteral("cert_issue_date"), QStringLiteral("2023-05-01")},
            {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
            {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Ғ.")},
        };
    } else if (code == u"GOV-ISSUE") {
        d = letter();
        d.insert(QStringLiteral("persons"),
                 QJsonArray{govIssuePerson(kIin, QStringLiteral("Нұрланова")),
                            govIssuePerson(QStringLiteral("050311600009"), QStringLiteral("Өтегенова"))});
        s.attachments = {QStringLiteral("identity_document_copy")};
        s.consent = true;
    } else if (code == u"GOV-REVOKE") {
        d = letter();
        d.insert(QStringLiteral("persons"), QJsonArray{govRevokePerson()});
        s.attachments = {QStringLiteral("key_media")};
    } else if (code == u"ROOT-ISSUE" || code == u"ROOT-REVOKE") {
        d = QJsonObject{
            {QStringLiteral("country"), QStringLiteral("Қазақстан Республикасы")},
            {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
            {QStringLiteral("city"), QStringLiteral("Астана")},
            {QStringLiteral("org_name"), QStringLiteral("«Тіркеу» АҚ")},
            {QStringLiteral("ca_name"), QStringLiteral("Тіркеу куәландырушы орталығы")},
            {QStringLiteral("email"), QStringLiteral("ca@tirkeu.kz")},
            {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
            {QStringLiteral("head_full_name"), QStringLiteral("Бекмұханов Қ.")},
        };
        if (code == u"ROOT-ISSUE") {
            d.insert(QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")});
            d.insert(QStringLiteral("validity"), QStringLiteral("5y"));
            s.attachments = {QStringLiteral("accreditation_certificate_copy")};
            s.consent = true;
        } else {
            d.insert(QStringLiteral("full_name"), QStringLiteral("Бекмұханов Қайрат Ерланұлы"));
            d.insert(QStringLiteral("birth_date"), QStringLiteral("1975-04-30"));
            d.insert(QStringLiteral("organisation"), QStringLiteral("«Тіркеу» АҚ"));
            d.insert(QStringLiteral("address"), QStringLiteral("Астана қ., Қабанбай батыр даңғылы, 11"));
            d.insert(QStringLiteral("phone"), QStringLiteral("+7 (7172) 55-00-00"));
            d.insert(QStringLiteral("reason"), QStringLiteral("cessation_of_operation"));
            d.insert(QStringLiteral("cert_serial"), QStringLiteral("01 23 45 67 89 AB CD EF"));
        }
    }
    return s;
}

// The error for fieldId (and row), or nullptr.
const FieldError* errorFor(const ValidationResult& r, const QString& fieldId, int personIndex = -1) {
    for (const FieldError& e : r.errors)
        if (e.fieldId == fieldId && e.personIndex == personIndex)
            return &e;
    return nullptr;
}

} // namespace

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
    void valuesAreNfcNormalised();
    void certificateAttributeBounds();
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
    QVERIFY(Validator::validateField(*email, QStringLiteral("әлібек@мысал.қаз")).isEmpty());
    QVERIFY(!Validator::validateField(*email, QStringLiteral(".alibek@example.kz")).isEmpty());
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

void TestValidation::normaliseKazakhName_data() {
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

void TestValidation::normaliseKazakhName() {
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QCOMPARE(tirkeu::forms::normaliseKazakhName(typed), expected);
    QCOMPARE(tirkeu::forms::normaliseKazakhName(expected), expected); // idempotent
}

void TestValidation::normalisedCanonicalValues() {
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

void TestValidation::normalisedGovernmentRowsAndDefaults() {
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

void TestValidation::invisibleCharactersAreRefused_data() {
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
}

void TestValidation::invisibleCharactersAreRefused() {
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
}

// Look-alike letters of another alphabet inside one word of a name (attack of session 29, F1: "ҚАCЫМOВA" with
// Latin C, O and A was printed exactly as the holder "ҚАСЫМОВА"). Words of different alphabets stay allowed.
void TestValidation::aNameWordIsWrittenInOneAlphabet_data() {
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

void TestValidation::aNameWordIsWrittenInOneAlphabet() {
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

void TestValidation::multiLineFieldsKeepLineBreaksButNotNul() {
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

void TestValidation::governmentRowsAreCheckedToo() {
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

void TestValidation::valuesAreNfcNormalised() {
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

void TestValidation::certificateAttributeBounds() {
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
    { // GOV letter: a person's organisation, else the body's name, becomes O.
        const FormDef& f = form(QStringLiteral("GOV-ISSUE"));
        Submission s = valid(f.code);
        s.data.insert(QStringLiteral("org_name"), QString(70, u'Ү'));
        QJsonArray rows = s.data.value(QStringLiteral("persons")).toArray();
        QVERIFY2(Validator::validate(f, s).ok(),
                 qPrintable(Validator::validate(f, s).summary())); // every row names its own organisation
        QJsonObject p = rows.at(0).toObject();
        p.remove(QStringLiteral("organisation"));
        rows[0] = p;
        s.data.insert(QStringLiteral("persons"), rows);
        const ValidationResult r = Validator::validate(f, s, QStringLiteral("en"));
        QVERIFY2(!r.ok() && r.summary().contains(u"(O)") && r.summary().contains(u"70"), qPrintable(r.summary()));
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

TIRKEU_TEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
