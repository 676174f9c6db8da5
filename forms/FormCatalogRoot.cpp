// Root CA forms: seed 002, Appendix 1 (rules of the Root CA), its appendices 1 and 3. The applicant is a
// certification authority asking for (or giving up) its subordinate CA certificate.

#include "forms/FormCatalogParts.h"

namespace tirkeu::forms::catalog {

namespace {

// Identification data printed in the same words on both Root CA forms.
QList<FieldDef> caIdentification() {
    return {
        field(u"country", FieldType::Text, label(u"Елдің атауы", u"Наименование страны", u"Country")),
        field(u"region", FieldType::Text, label(u"Облыстың атауы", u"Наименование области", u"Region")),
        city(),
        field(u"org_name", FieldType::Text, label(u"Ұйымның атауы", u"Наименование организации", u"Organisation name")),
        field(u"ca_name", FieldType::Text,
              label(u"Куәландырушы орталықтың атауы", u"Наименование удостоверяющего центра",
                    u"Certification authority name")),
        email(),
    };
}

// A CA certificate outlives a holder's: the form leaves the term blank, the Root CA decides.
FieldDef caValidity(Req req) {
    return validity(u"Тіркеу куәлігінің қолданыстағы мерзімі", {u"1y", u"3y", u"5y", u"10y"},
                    req == Req::Required ? u"5y" : u"", req);
}

} // namespace

FormDef rootIssue() {
    FormDef form;
    form.code = QStringLiteral("ROOT-ISSUE");
    form.caKind = CaKind::Root;
    form.purpose = FormPurpose::Issue;
    form.subject = SubjectKind::CertificationAuthority;
    // The seed lost this form's heading; the wording is that of rule 5, which names the form.
    form.title = label(u"Тіркеу куәлігін беруге өтініш", u"Заявление на выдачу регистрационного свидетельства",
                       u"Application for a CA registration certificate");
    form.source = QStringLiteral("Seed 002, Appendix 1 (Root CA rules), App. 1");
    form.rulesAppendix = 1;
    form.formAppendix = 1;

    FieldDef usage = field(u"usage", FieldType::MultiChoice,
                           label(u"Тіркеу куәліктерін пайдаланудың саласы",
                                 u"Область применения регистрационных свидетельств", u"Areas of use"));
    usage.choices = {
        {QStringLiteral("subordinate_ca"), label(u"Бағынышты куәландырушы орталық", u"Подчиненный удостоверяющий центр",
                                                 u"Subordinate CA (issues certificates and CRLs)")},
        {QStringLiteral("other"), label(u"Басқа", u"Другое", u"Other")},
    };
    form.fields = caIdentification();
    form.fields.append({usage, usageOther(), caValidity(Req::Required), applicationDate(), headFullName(u"Басшы")});

    AttachmentDef accreditation;
    accreditation.id = QStringLiteral("accreditation_certificate_copy");
    accreditation.label = label(u"Куәландырушы орталығының аккредиттелуі туралы нотариалды тіркелген куәлігінің "
                                u"көшірмесі",
                                u"Нотариально засвидетельствованная копия свидетельства об аккредитации "
                                u"удостоверяющего центра",
                                u"Notarised copy of the CA's accreditation certificate");
    form.attachments = {accreditation};
    form.consentRequired = true;
    form.deadlineWorkingDays = 15; // rule 7: reviewed within fifteen working days
    return form;
}

FormDef rootRevoke() {
    FormDef form;
    form.code = QStringLiteral("ROOT-REVOKE");
    form.caKind = CaKind::Root;
    form.purpose = FormPurpose::Revoke;
    form.subject = SubjectKind::CertificationAuthority;
    // "(жеке тұлғалардан)" is printed so, although the applicant is a CA; kept as printed.
    form.title = label(u"Тіркеу куәлігін (жеке тұлғалардан) кері қайтарып алуға (жоюға) өтініш",
                       u"Заявление на отзыв (аннулирование) регистрационного свидетельства (от физических лиц)",
                       u"Application for revocation of a CA registration certificate");
    form.source = QStringLiteral("Seed 002, Appendix 1 (Root CA rules), App. 3");
    form.rulesAppendix = 1;
    form.formAppendix = 3;
    form.fields = {
        field(u"full_name", FieldType::Text,
              label(u"Тегі, аты, әкесінің аты", u"Фамилия, имя, отчество", u"Full name of the applicant")),
        field(u"birth_date", FieldType::Date, label(u"Туған күні", u"Дата рождения", u"Date of birth")),
        field(u"organisation", FieldType::Text,
              label(u"Заңды тұлғаның атауы", u"Наименование юридического лица", u"Legal entity")),
        field(u"address", FieldType::LongText, label(u"Мекенжайы", u"Адрес", u"Address")),
        phone(u"Телефоны"),
        reason({u"key_compromise", u"superseded", u"cessation_of_operation", u"unspecified"}),
        reasonDetails(),
        certSerial(),
    };
    form.fields.append(caIdentification());
    // The validity of the certificate being revoked: informative, the register knows it.
    form.fields.append({caValidity(Req::Optional), applicationDate(), headFullName(u"Басшы")});
    form.consentRequired = false;
    form.deadlineWorkingDays = 2; // rule 12
    return form;
}

} // namespace tirkeu::forms::catalog
