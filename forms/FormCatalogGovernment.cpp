// Government Bodies CA forms: seed 002, Appendix 2 (rules of the Government Bodies CA), its appendices 1
// and 4. Each is a letter of the government body listing persons plus a personal attachment per person;
// the letter's table (№, full name, organisation, position, ...) is printed from the persons' rows.
// Persons carry surname / name / patronymic separately (the form prints "Тегі, аты, әкесінің аты" in
// one blank) because the certificate subject needs them apart, and the IIN, which the subject carries.

#include "forms/FormCatalogParts.h"

namespace tirkeu::forms::catalog {

namespace {

QList<FieldDef> letterFields() {
    return {
        field(u"org_name", FieldType::Text,
              label(u"Мемлекеттік органның атауы", u"Наименование государственного органа", u"Government body")),
        field(u"letter_no", FieldType::Text, label(u"Хаттың нөмірі", u"Номер письма", u"Letter number")),
        field(u"letter_date", FieldType::Date, label(u"Хаттың күні", u"Дата письма", u"Letter date")),
        headFullName(u"Басшы"),
    };
}

QList<FieldDef> personIdentity() {
    QList<FieldDef> fields = {surname(), name(), patronymic(), iin()};
    fields.append(identityDocumentFields());
    return fields;
}

FieldDef position() {
    return field(u"position", FieldType::Text, label(u"Лауазымы", u"Должность", u"Position"));
}

} // namespace

namespace {

// The holder's e-mail, for the revocation notice the CA sends the holder (seed 002 App. 2 cl. 16); the
// form of App. 3 has no line for it: taken from the body's letter when it gives one.
FieldDef holderEmail() {
    FieldDef f = email();
    f.required = false;
    f.onPaper = false;
    return f;
}

} // namespace

FormDef governmentIssue() {
    FormDef form;
    form.code = QStringLiteral("GOV-ISSUE");
    form.caKind = CaKind::Government;
    form.purpose = FormPurpose::Issue;
    form.subject = SubjectKind::GovernmentEmployee;
    form.title = label(u"Тіркеу куәлігін шығаруға өтініш", u"Заявление на выпуск регистрационного свидетельства",
                       u"Application for issuing registration certificates");
    form.source = QStringLiteral("Seed 002, Appendix 2 (Government Bodies CA rules), App. 1");
    form.rulesAppendix = 2;
    form.formAppendix = 1;
    form.fields = letterFields();
    // A body's full name may be longer than a certificate's O= can carry (64 characters, RFC 5280): the body's
    // short name is then O=, as on the National CA's legal-entity form. Not on the paper letter.
    FieldDef shortName = field(u"short_name", FieldType::Text,
                               label(u"Мемлекеттік органның қысқартылған атауы (64 символдан артық емес)",
                                     u"Сокращенное наименование государственного органа (не более 64 символов)",
                                     u"Government body's short name (max. 64 characters)"));
    shortName.maxLength = 64;
    shortName.required = false;
    shortName.onPaper = false;
    form.fields.insert(1, shortName);

    FieldDef usage = field(u"usage", FieldType::MultiChoice,
                           label(u"Тіркеу куәлігін пайдалану салалары",
                                 u"Области применения регистрационного свидетельства", u"Areas of use"));
    usage.choices = {
        {QStringLiteral("edms"), label(u"Мемлекеттік органдардың электрондық құжат айналымының бірыңғай жүйесі",
                                       u"Единая система электронного документооборота государственных органов",
                                       u"Unified e-document system of government bodies")},
        {QStringLiteral("other"), label(u"Басқа", u"Другое", u"Other")},
    };

    form.personFields = personIdentity();
    form.personFields.append({
        field(u"country", FieldType::Text, label(u"Елінің атауы", u"Наименование страны", u"Country")),
        field(u"region", FieldType::Text,
              label(u"Облысының, ауданының, қаланың атауы", u"Наименование области, района, города",
                    u"Region, district, city")),
        field(u"organisation", FieldType::Text, label(u"Ұйымның атауы", u"Наименование организации", u"Organisation")),
        position(),
        usage,
        usageOther(),
        // The form prints "1 жыл": one year is the only validity the Government Bodies CA grants.
        validity(u"Тіркеу куәлігінің қолдану мерзімі", {u"1y"}, u"1y", Req::Required),
        // The CA writes the private key onto the holder's key media (rule 8).
        keyMedia(u"token"),
        applicationDate(),
        holderEmail(),
    });
    form.attachments = {identityDocumentCopy()};
    form.consentRequired = true;
    form.deadlineWorkingDays = 0;
    return form;
}

namespace {

// Rule 13: the body reports within three days that a holder left the job or changed post; the day it
// happened is needed with that reason (registry::Rules::employmentEndReports).
FieldDef employmentEndDate() {
    FieldDef f =
        field(u"employment_end_date", FieldType::Date,
              label(u"Жұмыстан кеткен немесе басқа орынға ауысқан күні",
                    u"Дата увольнения или перевода на другую должность", u"Day the person left or changed post"),
              Req::Optional);
    f.hint = label(u"Себебі — жұмыстан кету немесе ауысу болса толтырылады",
                   u"Заполняется, если причина — увольнение или перевод",
                   u"Filled in when the reason is leaving the job or changing post");
    f.onPaper = false; // the form of App. 4 has no line for it: taken from the body's letter
    return f;
}

} // namespace

FormDef governmentRevoke() {
    FormDef form;
    form.code = QStringLiteral("GOV-REVOKE");
    form.caKind = CaKind::Government;
    form.purpose = FormPurpose::Revoke;
    form.subject = SubjectKind::GovernmentEmployee;
    form.title = label(u"Тіркеу куәлігін кері қайтарып алуға (жоюға) өтініш",
                       u"Заявление на отзыв (аннулирование) регистрационного свидетельства",
                       u"Application for revocation of registration certificates");
    form.source = QStringLiteral("Seed 002, Appendix 2 (Government Bodies CA rules), App. 4");
    form.rulesAppendix = 2;
    form.formAppendix = 4;
    form.fields = letterFields();

    form.personFields = personIdentity();
    form.personFields.append({
        field(u"home_address", FieldType::LongText, label(u"Тұратын мекенжайы", u"Адрес проживания", u"Home address")),
        field(u"organisation", FieldType::Text, label(u"Ұйым", u"Организация", u"Organisation")),
        position(),
        // The form lists key compromise, end of employment, damaged key media "and so on".
        reason({u"key_compromise", u"affiliation_changed", u"damaged_key_media", u"unspecified"}),
        reasonDetails(),
        employmentEndDate(),
        certSerial(),
        certIssueDate(),
        applicationDate(),
    });

    AttachmentDef keyMediaAttachment;
    keyMediaAttachment.id = QStringLiteral("key_media");
    keyMediaAttachment.label =
        label(u"Кілттік ақпаратты тасығыш", u"Ключевой носитель информации", u"Key media of the holders");
    // Rule 14: the key media is handed in with the application.
    keyMediaAttachment.hint = label(u"Өтінішке кілттік ақпаратты тасығыш қоса беріледі",
                                    u"К заявлению прилагается ключевой носитель информации",
                                    u"The key media is handed in with the application");
    form.attachments = {keyMediaAttachment};
    form.consentRequired = false;
    form.deadlineWorkingDays = 2; // rule 14
    return form;
}

} // namespace tirkeu::forms::catalog
