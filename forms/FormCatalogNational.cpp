// National CA forms: seed 002, Appendix 3 (rules of the National CA), its appendices 1, 2, 4 and 5.
// Appendix 3 of those rules is the certificate on paper (NCA-CERT), printed by reports, not entered.

#include "forms/FormCatalogParts.h"

namespace tirkeu::forms::catalog {

namespace {

FieldDef region() {
    return field(u"region", FieldType::Text, label(u"Облыстың атауы", u"Наименование области", u"Region"));
}

FieldDef usage() {
    // The National CA issues one certificate per purpose: signing and authentication (FACTS.md policies).
    FieldDef f = field(u"usage", FieldType::MultiChoice,
                       label(u"Тіркеу куәлігін пайдалану саласы", u"Область применения регистрационного свидетельства",
                             u"Areas of use"));
    f.choices = {
        {QStringLiteral("sign"), label(u"Электрондық құжаттарға қол қою", u"Подписание электронных документов",
                                       u"Signing electronic documents")},
        {QStringLiteral("auth"),
         label(u"Аутентификация (ақпараттық жүйелерге кіру)", u"Аутентификация (вход в информационные системы)",
               u"Authentication (log-in to information systems)")},
    };
    return f;
}

FieldDef ncaValidity() {
    // The form prints "1 жыл"; the National CA also issues 3-year certificates for keys on a token.
    return withHint(validity(u"Тіркеу куәлігінің қолданылу мерзімі", {u"1y", u"3y"}, u"1y", Req::Required),
                    label(u"3 жыл тек кілт қорғалған тасығышта (токенде) сақталғанда",
                          u"3 года — только для ключа на защищенном носителе (токене)",
                          u"3 years only for a key on a token"));
}

FieldDef ncaReason(std::initializer_list<QStringView> ids) {
    // The National CA forms print no reason; the CRL needs one, so the operator picks it (default: none given).
    FieldDef f = reason(ids);
    f.defaultValue = QStringLiteral("unspecified");
    return f;
}

AttachmentDef representativePowerOfAttorney() {
    // Rule 9.1: the holder "or their representative" applies for revocation.
    return powerOfAttorney(
        label(u"Уәкілдің сенімхаты", u"Доверенность представителя", u"Representative's power of attorney"),
        label(u"Тек өтінішті тіркеу куәлігі иесінің уәкілі берсе",
              u"Только если заявление подает представитель владельца регистрационного свидетельства",
              u"Only when a representative of the holder applies"));
}

AttachmentDef legalEntityPowerOfAttorney() {
    // Seed 002 App. 3 §4(2): "заңды тұлғадан сенім хат тапсырылады" — the legal entity submits a power of
    // attorney with the identity document copy and the state registration certificate: required, with
    // no exception in the rules.
    AttachmentDef a = powerOfAttorney(label(u"Заңды тұлғаның сенімхаты", u"Доверенность от юридического лица",
                                            u"Power of attorney from the legal entity"),
                                      {});
    a.required = true;
    return a;
}

} // namespace

FormDef nationalIssueIndividual() {
    FormDef form;
    form.code = QStringLiteral("NCA-ISSUE-IND");
    form.caKind = CaKind::National;
    form.purpose = FormPurpose::Issue;
    form.subject = SubjectKind::Individual;
    form.title = label(u"Тіркеу куәліктерін беруге өтініш (жеке тұлғадан)",
                       u"Заявление на выдачу регистрационных свидетельств (от физического лица)",
                       u"Application for registration certificates (individual)");
    form.source = QStringLiteral("Seed 002, Appendix 3 (National CA rules), App. 1");
    form.rulesAppendix = 3;
    form.formAppendix = 1;
    form.fields = {onlineApplicationNo(),
                   iin(),
                   surname(),
                   name(),
                   patronymic(),
                   region(),
                   city(),
                   email(),
                   phone(u"Телефоны"),
                   usage(),
                   ncaValidity(),
                   keyMedia(u"file"),
                   cryptoTool(),
                   applicationDate()};
    form.attachments = {identityDocumentCopy()};
    form.consentRequired = true;
    form.deadlineWorkingDays = 0;
    return form;
}

FormDef nationalIssueLegal() {
    FormDef form;
    form.code = QStringLiteral("NCA-ISSUE-LEGAL");
    form.caKind = CaKind::National;
    form.purpose = FormPurpose::Issue;
    form.subject = SubjectKind::LegalEntity;
    form.title = label(u"Тіркеу куәліктерін беруге өтініш (заңды тұлғадан)",
                       u"Заявление на выдачу регистрационных свидетельств (от юридического лица)",
                       u"Application for registration certificates (legal entity)");
    form.source = QStringLiteral("Seed 002, Appendix 3 (National CA rules), App. 2");
    form.rulesAppendix = 3;
    form.formAppendix = 2;

    FieldDef orgName =
        field(u"org_name", FieldType::Text, label(u"Мекеме аты", u"Наименование организации", u"Organisation name"));
    FieldDef shortName = field(u"short_name", FieldType::Text,
                               label(u"Мекеменің қысқартылған аты (64 символдан артық емес)",
                                     u"Сокращенное наименование организации (не более 64 символов)",
                                     u"Short name (max. 64 characters)"));
    shortName.maxLength = 64; // the certificate's O= attribute, printed on the form as the limit
    // Not printed on the form, but it decides the certificate profile (FACTS.md role OIDs).
    FieldDef role =
        field(u"role", FieldType::Choice,
              label(u"Өтініш берушінің ұйымдағы рөлі", u"Роль заявителя в организации", u"Role in the organisation"));
    role.choices = {
        {QStringLiteral("first_head"), label(u"Бірінші басшы", u"Первый руководитель", u"First head")},
        {QStringLiteral("signer"),
         label(u"Қол қою құқығы бар тұлға", u"Лицо, наделенное правом подписи", u"Authorised signatory")},
        {QStringLiteral("financial_signer"),
         label(u"Қаржылық құжаттарға қол қою құқығы бар тұлға",
               u"Лицо, наделенное правом подписи финансовых документов", u"Financial signatory")},
        {QStringLiteral("hr"), label(u"Кадр қызметінің қызметкері", u"Сотрудник кадровой службы", u"HR officer")},
        {QStringLiteral("employee"), label(u"Ұйымның қызметкері", u"Сотрудник организации", u"Employee")},
    };
    form.fields = {onlineApplicationNo(),
                   bin(),
                   orgName,
                   shortName,
                   iin(),
                   surname(),
                   name(),
                   patronymic(),
                   role,
                   region(),
                   city(),
                   email(),
                   phone(u"Телефоны"),
                   usage(),
                   ncaValidity(),
                   keyMedia(u"file"),
                   cryptoTool(),
                   applicationDate()};

    AttachmentDef stateRegistration;
    stateRegistration.id = QStringLiteral("state_registration");
    stateRegistration.label =
        label(u"Мемлекеттік тіркеу куәлігінің көшірмесі", u"Копия свидетельства о государственной регистрации",
              u"Copy of the state registration certificate");
    // Since 2013 Kazakhstan issues a certificate (справка) instead of a registration certificate.
    stateRegistration.hint = label(u"Немесе мемлекеттік тіркеу (қайта тіркеу) туралы анықтама",
                                   u"Или справка о государственной регистрации (перерегистрации)",
                                   u"Or the certificate of state (re-)registration");
    form.attachments = {
        identityDocumentCopy(),
        stateRegistration,
        legalEntityPowerOfAttorney(),
    };
    form.consentRequired = true;
    form.deadlineWorkingDays = 0;
    return form;
}

FormDef nationalRevokeIndividual() {
    FormDef form;
    form.code = QStringLiteral("NCA-REVOKE-IND");
    form.caKind = CaKind::National;
    form.purpose = FormPurpose::Revoke;
    form.subject = SubjectKind::Individual;
    form.title = label(u"Тіркеу куәлігін кері қайтаруға (жоюға) өтініш (жеке тұлғадан)",
                       u"Заявление на отзыв (аннулирование) регистрационного свидетельства (от физического лица)",
                       u"Application for revocation of a registration certificate (individual)");
    form.source = QStringLiteral("Seed 002, Appendix 3 (National CA rules), App. 4");
    form.rulesAppendix = 3;
    form.formAppendix = 4;
    form.fields = {iin(),
                   surname(),
                   name(),
                   patronymic(),
                   email(),
                   phone(u"Телефон"),
                   certSerial(),
                   certIssueDate(),
                   ncaReason({u"key_compromise", u"superseded", u"unspecified"}),
                   applicationDate()};
    form.attachments = {representativePowerOfAttorney()};
    form.consentRequired = false;
    form.deadlineWorkingDays = 2; // rule 9: within two working days of receipt
    return form;
}

FormDef nationalRevokeLegal() {
    FormDef form;
    form.code = QStringLiteral("NCA-REVOKE-LEGAL");
    form.caKind = CaKind::National;
    form.purpose = FormPurpose::Revoke;
    form.subject = SubjectKind::LegalEntity;
    form.title = label(u"Тіркеу куәлігін кері қайтаруға (жоюға) өтініш (заңды тұлғадан)",
                       u"Заявление на отзыв (аннулирование) регистрационного свидетельства (от юридического лица)",
                       u"Application for revocation of a registration certificate (legal entity)");
    form.source = QStringLiteral("Seed 002, Appendix 3 (National CA rules), App. 5");
    form.rulesAppendix = 3;
    form.formAppendix = 5;
    FieldDef orgName =
        field(u"org_name", FieldType::Text, label(u"Ұйымның атауы", u"Наименование организации", u"Organisation name"));
    FieldDef shortName = field(u"short_name", FieldType::Text,
                               label(u"Ұйымның қысқартылған атауы (64 символдан аспауы тиіс)",
                                     u"Сокращенное наименование организации (не должно превышать 64 символа)",
                                     u"Short name (max. 64 characters)"));
    shortName.maxLength = 64;
    form.fields = {bin(),
                   orgName,
                   shortName,
                   region(),
                   city(),
                   phone(u"Телефон"),
                   certSerial(),
                   certIssueDate(),
                   ncaReason({u"key_compromise", u"affiliation_changed", u"superseded", u"cessation_of_operation",
                              u"unspecified"}),
                   applicationDate(),
                   headFullName(u"Жетекші")};
    form.attachments = {representativePowerOfAttorney()};
    form.consentRequired = false;
    form.deadlineWorkingDays = 2;
    return form;
}

} // namespace tirkeu::forms::catalog
