// The catalogue of official forms: codes, field ids (a JSON / PDF contract), labels in three languages,
// Kazakh wording as printed in seed 002, limits, attachments, consent and legal deadlines.

#include "common/TestMain.h"
#include "forms/FormDefinition.h"

#include <QObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace tirkeu::forms;

namespace {

const FormDef& form(const char* code) {
    const FormDef* f = FormCatalog::find(QString::fromLatin1(code));
    if (!f)
        qFatal("form %s missing", code);
    return *f;
}

QStringList ids(const QList<FieldDef>& fields) {
    QStringList out;
    for (const FieldDef& f : fields)
        out.append(f.id);
    return out;
}

QStringList choiceIds(const FieldDef* f) {
    QStringList out;
    if (f)
        for (const ChoiceDef& c : f->choices)
            out.append(c.id);
    return out;
}

bool complete(const Label& l) {
    return !l.kk.isEmpty() && !l.ru.isEmpty() && !l.en.isEmpty();
}

bool blank(const Label& l) {
    return l.kk.isEmpty() && l.ru.isEmpty() && l.en.isEmpty();
}

// Letters of Kazakh that Russian lacks (FACTS.md).
const QString kKazakhOnly = QStringLiteral("ӘәҒғҚқҢңӨөҰұҮүҺһІі");

bool hasKazakhLetter(const QString& s) {
    for (QChar c : s)
        if (kKazakhOnly.contains(c))
            return true;
    return false;
}

// Every label of a form with a description of where it is, so a failure names the place.
QList<QPair<QString, Label>> allLabels(const FormDef& f) {
    QList<QPair<QString, Label>> out;
    out.append({f.code + QStringLiteral(" title"), f.title});
    for (const QList<FieldDef>* list : {&f.fields, &f.personFields}) {
        for (const FieldDef& field : *list) {
            out.append({f.code + u' ' + field.id, field.label});
            if (!blank(field.hint))
                out.append({f.code + u' ' + field.id + QStringLiteral(" hint"), field.hint});
            for (const ChoiceDef& c : field.choices)
                out.append({f.code + u' ' + field.id + u'.' + c.id, c.label});
        }
    }
    for (const AttachmentDef& a : f.attachments) {
        out.append({f.code + QStringLiteral(" attachment ") + a.id, a.label});
        if (!blank(a.hint))
            out.append({f.code + QStringLiteral(" attachment hint ") + a.id, a.hint});
    }
    return out;
}

} // namespace

class TestFormCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void allEightFormsInStableOrder();
    void findAndForCaKind();
    void idsAreLowercaseAndUnique();
    void everyLabelHasKazakhRussianAndEnglish();
    void fieldIdsPerForm_data();
    void fieldIdsPerForm();
    void kazakhLabelsAsPrinted_data();
    void kazakhLabelsAsPrinted();
    void kazakhLabelsHaveNoExtractionArtefacts();
    void russianLabelsHaveNoKazakhLetters();
    void shortNameIsLimitedTo64();
    void deadlinesAndConsent();
    void requiredAndOptionalFields();
    void choices();
    void attachments();
    void governmentFormsRepeatPersons();
    void sourceNamesTheAppendix();
    void idHelpers();
};

void TestFormCatalog::allEightFormsInStableOrder() {
    const QStringList expected = {QStringLiteral("NCA-ISSUE-IND"),  QStringLiteral("NCA-ISSUE-LEGAL"),
                                  QStringLiteral("NCA-REVOKE-IND"), QStringLiteral("NCA-REVOKE-LEGAL"),
                                  QStringLiteral("GOV-ISSUE"),      QStringLiteral("GOV-REVOKE"),
                                  QStringLiteral("ROOT-ISSUE"),     QStringLiteral("ROOT-REVOKE")};
    QCOMPARE(FormCatalog::codes(), expected);
    QCOMPARE(FormCatalog::all().size(), 8);
}

void TestFormCatalog::findAndForCaKind() {
    QVERIFY(FormCatalog::find(QStringLiteral("NCA-ISSUE-IND")));
    QVERIFY(!FormCatalog::find(QStringLiteral("NCA-CERT"))); // printed, never entered
    QVERIFY(!FormCatalog::find(QString()));
    QCOMPARE(FormCatalog::find(QStringLiteral("GOV-ISSUE")), &FormCatalog::all().at(4));

    QCOMPARE(FormCatalog::forCaKind(CaKind::National).size(), 4);
    QCOMPARE(FormCatalog::forCaKind(CaKind::Government).size(), 2);
    QCOMPARE(FormCatalog::forCaKind(CaKind::Root).size(), 2);
    for (const FormDef* f : FormCatalog::forCaKind(CaKind::Government))
        QVERIFY(f->code.startsWith(u"GOV-"));
}

void TestFormCatalog::idsAreLowercaseAndUnique() {
    static const QRegularExpression idRe(QStringLiteral("^[a-z0-9_]+$"));
    for (const FormDef& f : FormCatalog::all()) {
        for (const QList<FieldDef>* list : {&f.fields, &f.personFields}) {
            QSet<QString> seen;
            for (const FieldDef& field : *list) {
                QVERIFY2(idRe.match(field.id).hasMatch(), qPrintable(f.code + u' ' + field.id));
                QVERIFY2(!seen.contains(field.id), qPrintable(f.code + QStringLiteral(" duplicate ") + field.id));
                seen.insert(field.id);
                QSet<QString> choiceSeen;
                for (const ChoiceDef& c : field.choices) {
                    QVERIFY2(idRe.match(c.id).hasMatch(), qPrintable(field.id + u'.' + c.id));
                    QVERIFY(!choiceSeen.contains(c.id));
                    choiceSeen.insert(c.id);
                }
                const bool isChoice = field.type == FieldType::Choice || field.type == FieldType::MultiChoice;
                QCOMPARE(isChoice, !field.choices.isEmpty());
                if (!field.defaultValue.isEmpty() && isChoice)
                    QVERIFY2(choiceIds(&field).contains(field.defaultValue), qPrintable(f.code + u' ' + field.id));
            }
        }
        QVERIFY2(!f.field(QStringLiteral("persons")), "persons is reserved for the GOV rows");
        QSet<QString> attachmentSeen;
        for (const AttachmentDef& a : f.attachments) {
            QVERIFY(idRe.match(a.id).hasMatch());
            QVERIFY(!attachmentSeen.contains(a.id));
            attachmentSeen.insert(a.id);
        }
    }
}

void TestFormCatalog::everyLabelHasKazakhRussianAndEnglish() {
    int count = 0;
    for (const FormDef& f : FormCatalog::all()) {
        for (const auto& [where, label] : allLabels(f)) {
            QVERIFY2(complete(label), qPrintable(where));
            QCOMPARE(label.in(QStringLiteral("kk")), label.kk);
            QCOMPARE(label.in(QStringLiteral("ru")), label.ru);
            QCOMPARE(label.in(QStringLiteral("en")), label.en);
            ++count;
        }
    }
    QVERIFY(count > 150);
}

void TestFormCatalog::fieldIdsPerForm_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QStringList>("personFields");
    const auto list = [](const char* s) { return QString::fromLatin1(s).split(u' ', Qt::SkipEmptyParts); };

    QTest::newRow("NCA-ISSUE-IND") << QStringLiteral("NCA-ISSUE-IND")
                                   << list("online_application_no iin surname name patronymic region city email phone "
                                           "usage validity key_media crypto_tool application_date")
                                   << QStringList();
    QTest::newRow("NCA-ISSUE-LEGAL") << QStringLiteral("NCA-ISSUE-LEGAL")
                                     << list("online_application_no bin org_name short_name iin surname name "
                                             "patronymic role region city email phone usage validity key_media "
                                             "crypto_tool application_date")
                                     << QStringList();
    QTest::newRow("NCA-REVOKE-IND") << QStringLiteral("NCA-REVOKE-IND")
                                    << list("iin surname name patronymic email phone cert_serial cert_issue_date "
                                            "reason application_date")
                                    << QStringList();
    QTest::newRow("NCA-REVOKE-LEGAL") << QStringLiteral("NCA-REVOKE-LEGAL")
                                      << list("bin org_name short_name region city phone cert_serial cert_issue_date "
                                              "reason application_date head_full_name")
                                      << QStringList();
    QTest::newRow("GOV-ISSUE") << QStringLiteral("GOV-ISSUE")
                               << list("org_name short_name letter_no letter_date head_full_name")
                               << list("surname name patronymic iin id_doc_number id_doc_series id_doc_issued_by "
                                       "id_doc_issue_date country region organisation position usage usage_other "
                                       "validity key_media application_date email");
    QTest::newRow("GOV-REVOKE") << QStringLiteral("GOV-REVOKE") << list("org_name letter_no letter_date head_full_name")
                                << list("surname name patronymic iin id_doc_number id_doc_series id_doc_issued_by "
                                        "id_doc_issue_date home_address organisation position reason reason_details "
                                        "employment_end_date cert_serial cert_issue_date application_date");
    QTest::newRow("ROOT-ISSUE") << QStringLiteral("ROOT-ISSUE")
                                << list("country region city org_name ca_name email usage usage_other validity "
                                        "application_date head_full_name")
                                << QStringList();
    QTest::newRow("ROOT-REVOKE") << QStringLiteral("ROOT-REVOKE")
                                 << list("full_name birth_date organisation address phone reason reason_details "
                                         "cert_serial country region city org_name ca_name email validity "
                                         "application_date head_full_name")
                                 << QStringList();
}

void TestFormCatalog::fieldIdsPerForm() {
    QFETCH(QString, code);
    QFETCH(QStringList, fields);
    QFETCH(QStringList, personFields);
    const FormDef* f = FormCatalog::find(code);
    QVERIFY(f);
    QCOMPARE(ids(f->fields), fields);
    QCOMPARE(ids(f->personFields), personFields);
}

void TestFormCatalog::kazakhLabelsAsPrinted_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("fieldId");
    QTest::addColumn<bool>("person");
    QTest::addColumn<QString>("kk");
    QTest::addColumn<bool>("kazakhLetters");

    const auto row = [](const char* code, const char* id, bool person, const QString& kk) {
        QTest::addRow("%s %s", code, id) << QString::fromLatin1(code) << QString::fromLatin1(id) << person << kk
                                         << hasKazakhLetter(kk);
    };
    // Wording of seed 002 (extraction artefacts repaired); the expected values are typed from the seed.
    row("NCA-ISSUE-IND", "iin", false, QStringLiteral("ЖСН"));
    row("NCA-ISSUE-IND", "surname", false, QStringLiteral("Тегі"));
    row("NCA-ISSUE-IND", "patronymic", false, QStringLiteral("Әкесінің аты"));
    row("NCA-ISSUE-IND", "region", false, QStringLiteral("Облыстың атауы"));
    row("NCA-ISSUE-IND", "city", false, QStringLiteral("Қала"));
    row("NCA-ISSUE-IND", "email", false, QStringLiteral("Электрондық поштаның адресі"));
    row("NCA-ISSUE-IND", "phone", false, QStringLiteral("Телефоны"));
    row("NCA-ISSUE-IND", "usage", false, QStringLiteral("Тіркеу куәлігін пайдалану саласы"));
    row("NCA-ISSUE-IND", "validity", false, QStringLiteral("Тіркеу куәлігінің қолданылу мерзімі"));
    row("NCA-ISSUE-IND", "online_application_no", false,
        QStringLiteral("www.pki.gov.kz интернет-ресурсында берілген өтініштің нөмірі"));
    row("NCA-ISSUE-LEGAL", "bin", false, QStringLiteral("БСН"));
    row("NCA-ISSUE-LEGAL", "org_name", false, QStringLiteral("Мекеме аты"));
    row("NCA-ISSUE-LEGAL", "short_name", false, QStringLiteral("Мекеменің қысқартылған аты (64 символдан артық емес)"));
    row("NCA-REVOKE-IND", "phone", false, QStringLiteral("Телефон"));
    row("NCA-REVOKE-LEGAL", "org_name", false, QStringLiteral("Ұйымның атауы"));
    row("NCA-REVOKE-LEGAL", "short_name", false,
        QStringLiteral("Ұйымның қысқартылған атауы (64 символдан аспауы тиіс)"));
    row("NCA-REVOKE-LEGAL", "head_full_name", false, QStringLiteral("Жетекші (аты, тегі)"));
    row("GOV-ISSUE", "head_full_name", false, QStringLiteral("Басшы (аты, тегі)"));
    row("GOV-ISSUE", "country", true, QStringLiteral("Елінің атауы"));
    row("GOV-ISSUE", "region", true, QStringLiteral("Облысының, ауданының, қаланың атауы"));
    row("GOV-ISSUE", "organisation", true, QStringLiteral("Ұйымның атауы"));
    row("GOV-ISSUE", "position", true, QStringLiteral("Лауазымы"));
    row("GOV-ISSUE", "usage", true, QStringLiteral("Тіркеу куәлігін пайдалану салалары"));
    row("GOV-ISSUE", "validity", true, QStringLiteral("Тіркеу куәлігінің қолдану мерзімі"));
    row("GOV-REVOKE", "organisation", true, QStringLiteral("Ұйым"));
    row("GOV-REVOKE", "reason", true, QStringLiteral("Тіркеу куәлігін кері қайтарып алудың (жоюдың) себебі"));
    row("ROOT-ISSUE", "country", false, QStringLiteral("Елдің атауы"));
    row("ROOT-ISSUE", "ca_name", false, QStringLiteral("Куәландырушы орталықтың атауы"));
    row("ROOT-ISSUE", "usage", false, QStringLiteral("Тіркеу куәліктерін пайдаланудың саласы"));
    row("ROOT-ISSUE", "validity", false, QStringLiteral("Тіркеу куәлігінің қолданыстағы мерзімі"));
    row("ROOT-REVOKE", "full_name", false, QStringLiteral("Тегі, аты, әкесінің аты"));
    row("ROOT-REVOKE", "birth_date", false, QStringLiteral("Туған күні"));
    row("ROOT-REVOKE", "cert_serial", false, QStringLiteral("Тіркеу куәлігінің сериялық нөмірі"));
}

void TestFormCatalog::kazakhLabelsAsPrinted() {
    QFETCH(QString, code);
    QFETCH(QString, fieldId);
    QFETCH(bool, person);
    QFETCH(QString, kk);
    QFETCH(bool, kazakhLetters);
    const FormDef* f = FormCatalog::find(code);
    QVERIFY(f);
    const FieldDef* field = person ? f->personField(fieldId) : f->field(fieldId);
    QVERIFY(field);
    QCOMPARE(field->label.kk, kk);
    QCOMPARE(hasKazakhLetter(field->label.kk), kazakhLetters);
    QVERIFY(field->label.ru != field->label.kk || !kazakhLetters);
}

void TestFormCatalog::kazakhLabelsHaveNoExtractionArtefacts() {
    // The seed has "Т i р к е у" (letter-spaced, Latin i) and "деректерi": neither may reach a label.
    static const QRegularExpression latinInCyrillic(QStringLiteral("\\p{Cyrillic}[A-Za-z]|[A-Za-z]\\p{Cyrillic}"));
    static const QRegularExpression letterSpaced(
        QStringLiteral("(?:^|\\s)\\p{Cyrillic}\\s\\p{Cyrillic}\\s\\p{Cyrillic}(?:\\s|$)"));
    for (const FormDef& f : FormCatalog::all()) {
        QVERIFY2(hasKazakhLetter(f.title.kk), qPrintable(f.code));
        for (const auto& [where, label] : allLabels(f)) {
            QVERIFY2(!latinInCyrillic.match(label.kk).hasMatch(), qPrintable(where + u' ' + label.kk));
            QVERIFY2(!letterSpaced.match(label.kk).hasMatch(), qPrintable(where + u' ' + label.kk));
            QVERIFY2(label.kk == label.kk.trimmed(), qPrintable(where));
        }
    }
}

void TestFormCatalog::russianLabelsHaveNoKazakhLetters() {
    for (const FormDef& f : FormCatalog::all())
        for (const auto& [where, label] : allLabels(f))
            QVERIFY2(!hasKazakhLetter(label.ru), qPrintable(where + u' ' + label.ru));
}

void TestFormCatalog::shortNameIsLimitedTo64() {
    int seen = 0;
    for (const FormDef& f : FormCatalog::all()) {
        if (const FieldDef* shortName = f.field(QStringLiteral("short_name"))) {
            QCOMPARE(shortName->maxLength, 64);
            QVERIFY(shortName->label.kk.contains(u"64"));
            QVERIFY(shortName->label.ru.contains(u"64"));
            ++seen;
        }
    }
    QCOMPARE(seen, 3); // NCA-ISSUE-LEGAL, NCA-REVOKE-LEGAL and GOV-ISSUE (a body's name longer than O= carries)
}

void TestFormCatalog::deadlinesAndConsent() {
    for (const FormDef& f : FormCatalog::all()) {
        const bool revoke = f.purpose == FormPurpose::Revoke;
        QCOMPARE(f.code.contains(u"REVOKE"), revoke);
        QCOMPARE(f.consentRequired, !revoke);
        if (revoke)
            QCOMPARE(f.deadlineWorkingDays, 2);
        else if (f.code == u"ROOT-ISSUE")
            QCOMPARE(f.deadlineWorkingDays, 15);
        else
            QCOMPARE(f.deadlineWorkingDays, 0);
    }
}

void TestFormCatalog::requiredAndOptionalFields() {
    const FormDef& ind = form("NCA-ISSUE-IND");
    QVERIFY(ind.field(QStringLiteral("iin"))->required);
    QVERIFY(ind.field(QStringLiteral("surname"))->required);
    QVERIFY(!ind.field(QStringLiteral("patronymic"))->required);
    QVERIFY(!ind.field(QStringLiteral("online_application_no"))->required);
    QVERIFY(!ind.field(QStringLiteral("crypto_tool"))->required);
    QCOMPARE(ind.field(QStringLiteral("iin"))->type, FieldType::Iin);
    QCOMPARE(ind.field(QStringLiteral("application_date"))->type, FieldType::Date);
    QCOMPARE(form("NCA-ISSUE-LEGAL").field(QStringLiteral("bin"))->type, FieldType::Bin);
    QCOMPARE(form("NCA-REVOKE-IND").field(QStringLiteral("cert_serial"))->type, FieldType::Serial);
    QVERIFY(form("GOV-ISSUE").personField(QStringLiteral("iin"))->required);
    QVERIFY(!form("GOV-ISSUE").personField(QStringLiteral("patronymic"))->required);
    QVERIFY(!form("GOV-ISSUE").personField(QStringLiteral("id_doc_series"))->required);
    QVERIFY(form("ROOT-REVOKE").field(QStringLiteral("birth_date"))->required);
}

void TestFormCatalog::choices() {
    const QStringList signAuth = {QStringLiteral("sign"), QStringLiteral("auth")};
    QCOMPARE(choiceIds(form("NCA-ISSUE-IND").field(QStringLiteral("usage"))), signAuth);
    QCOMPARE(choiceIds(form("NCA-ISSUE-LEGAL").field(QStringLiteral("usage"))), signAuth);
    QCOMPARE(choiceIds(form("GOV-ISSUE").personField(QStringLiteral("usage"))),
             QStringList({QStringLiteral("edms"), QStringLiteral("other")}));
    QVERIFY(choiceIds(form("ROOT-ISSUE").field(QStringLiteral("usage"))).contains(u"subordinate_ca"));
    QCOMPARE(choiceIds(form("NCA-ISSUE-LEGAL").field(QStringLiteral("role"))),
             QStringList({QStringLiteral("first_head"), QStringLiteral("signer"), QStringLiteral("financial_signer"),
                          QStringLiteral("hr"), QStringLiteral("employee")}));

    const FieldDef* validity = form("NCA-ISSUE-IND").field(QStringLiteral("validity"));
    QCOMPARE(validity->type, FieldType::Choice);
    QCOMPARE(validity->defaultValue, QStringLiteral("1y"));
    QCOMPARE(choiceIds(validity), QStringList({QStringLiteral("1y"), QStringLiteral("3y")}));
    QCOMPARE(choiceIds(form("GOV-ISSUE").personField(QStringLiteral("validity"))), QStringList{QStringLiteral("1y")});
    QCOMPARE(choiceIds(form("NCA-ISSUE-IND").field(QStringLiteral("key_media"))),
             QStringList({QStringLiteral("file"), QStringLiteral("token")}));

    const QStringList allowedReasons = {QStringLiteral("key_compromise"),    QStringLiteral("affiliation_changed"),
                                        QStringLiteral("superseded"),        QStringLiteral("cessation_of_operation"),
                                        QStringLiteral("damaged_key_media"), QStringLiteral("unspecified")};
    for (const char* code : {"NCA-REVOKE-IND", "NCA-REVOKE-LEGAL", "GOV-REVOKE", "ROOT-REVOKE"}) {
        const FormDef& f = form(code);
        const FieldDef* reason =
            f.hasPersons() ? f.personField(QStringLiteral("reason")) : f.field(QStringLiteral("reason"));
        QVERIFY2(reason, code);
        QCOMPARE(reason->type, FieldType::Choice);
        QVERIFY(reason->choices.size() >= 3);
        for (const QString& id : choiceIds(reason))
            QVERIFY2(allowedReasons.contains(id), qPrintable(id));
        QVERIFY(choiceIds(reason).contains(u"key_compromise"));
    }
    const QStringList govReasons = choiceIds(form("GOV-REVOKE").personField(QStringLiteral("reason")));
    QVERIFY(govReasons.contains(u"affiliation_changed"));
    QVERIFY(govReasons.contains(u"damaged_key_media"));
}

void TestFormCatalog::attachments() {
    const auto find = [](const FormDef& f, const char* id) -> const AttachmentDef* {
        for (const AttachmentDef& a : f.attachments)
            if (a.id == QLatin1String(id))
                return &a;
        return nullptr;
    };
    QVERIFY(find(form("NCA-ISSUE-IND"), "identity_document_copy")->required);
    const FormDef& legal = form("NCA-ISSUE-LEGAL");
    QVERIFY(find(legal, "identity_document_copy")->required);
    QVERIFY(find(legal, "state_registration")->required);
    const AttachmentDef* poa = find(legal, "power_of_attorney");
    QVERIFY(poa);
    // Seed 002 App. 3 §4(2): "заңды тұлғаға ... сенім хат тапсырылады" — the legal entity's power of
    // attorney is a required attachment (the representative's one on revocation forms stays optional).
    QVERIFY(poa->required);
    const AttachmentDef* revokePoa = find(form("NCA-REVOKE-IND"), "power_of_attorney");
    QVERIFY(revokePoa);
    QVERIFY(!revokePoa->required);
    QVERIFY(find(form("GOV-ISSUE"), "identity_document_copy")->required);
    QVERIFY(find(form("GOV-REVOKE"), "key_media")->required);
    QVERIFY(find(form("ROOT-ISSUE"), "accreditation_certificate_copy")->required);
    for (const FormDef& f : FormCatalog::all())
        for (const AttachmentDef& a : f.attachments)
            if (!a.required)
                QVERIFY2(complete(a.hint), qPrintable(f.code + u' ' + a.id)); // says when it is needed
}

void TestFormCatalog::governmentFormsRepeatPersons() {
    for (const FormDef& f : FormCatalog::all()) {
        QCOMPARE(f.hasPersons(), f.caKind == CaKind::Government);
        if (f.hasPersons()) {
            QCOMPARE(f.subject, SubjectKind::GovernmentEmployee);
            QVERIFY(f.personField(QStringLiteral("iin")));
            QVERIFY(f.personField(QStringLiteral("surname")));
            QVERIFY(f.field(QStringLiteral("letter_no")));
            QVERIFY(f.field(QStringLiteral("letter_date")));
            QVERIFY(!f.field(QStringLiteral("iin"))); // the letter itself has no holder
        }
    }
    QCOMPARE(form("NCA-ISSUE-LEGAL").subject, SubjectKind::LegalEntity);
    QCOMPARE(form("ROOT-ISSUE").subject, SubjectKind::CertificationAuthority);
}

void TestFormCatalog::sourceNamesTheAppendix() {
    for (const FormDef& f : FormCatalog::all()) {
        QVERIFY(f.source.contains(u"Seed 002"));
        const char* appendix = f.caKind == CaKind::Root         ? "Appendix 1"
                               : f.caKind == CaKind::Government ? "Appendix 2"
                                                                : "Appendix 3";
        QVERIFY2(f.source.contains(QLatin1String(appendix)), qPrintable(f.code + u' ' + f.source));
    }
    QVERIFY(form("NCA-REVOKE-LEGAL").source.endsWith(u"App. 5"));
    // The numbers the screen shows translated are those of the reference.
    for (const FormDef& f : FormCatalog::all()) {
        QVERIFY2(f.rulesAppendix > 0 && f.formAppendix > 0, qPrintable(f.code));
        QVERIFY2(f.source.contains(QStringLiteral("Appendix %1 ").arg(f.rulesAppendix)) &&
                     f.source.endsWith(QStringLiteral("App. %1").arg(f.formAppendix)),
                 qPrintable(f.code + u' ' + f.source));
    }
    QVERIFY(form("ROOT-REVOKE").source.endsWith(u"App. 3"));
}

void TestFormCatalog::idHelpers() {
    for (CaKind k : {CaKind::Root, CaKind::Government, CaKind::National}) {
        CaKind back = CaKind::National;
        QVERIFY(caKindFromId(caKindId(k), &back));
        QCOMPARE(back, k);
    }
    QVERIFY(!caKindFromId(QStringLiteral("regional"), nullptr));
    QCOMPARE(fieldTypeId(FieldType::MultiChoice), QStringLiteral("multi_choice"));
    QCOMPARE(fieldTypeId(FieldType::Iin), QStringLiteral("iin"));
}

TIRKEU_TEST_GUILESS_MAIN(TestFormCatalog)
#include "tst_formcatalog.moc"
