// The catalogue of official forms (SPEC.md §2) and the fields several forms share. The Kazakh labels are
// the wording printed on the forms of seed 002 (order No. 348 of 10.12.2010), with the extraction
// artefacts of the seed repaired (letter-spaced words, Latin "i" for Kazakh "і"); the Russian labels are
// the wording of the Russian version of the same order; English is ours, short.

#include "forms/FormCatalogParts.h"
#include "forms/FormDefinition.h"

namespace tirkeu::forms {

namespace catalog {

FieldDef field(QStringView id, FieldType type, const Label& label, Req req) {
    FieldDef f;
    f.id = id.toString();
    f.type = type;
    f.label = label;
    f.required = req == Req::Required;
    // Free text has a stated limit: the validator enforces it, the printed form and the template say it.
    if (type == FieldType::LongText)
        f.maxLength = kLongTextLimit;
    return f;
}

FieldDef withHint(FieldDef f, const Label& hint) {
    f.hint = hint;
    return f;
}

FieldDef onlineApplicationNo() {
    // Filled only when the applicant first applied on the CA portal; counter applications have none.
    return field(u"online_application_no", FieldType::Text,
                 label(u"www.pki.gov.kz интернет-ресурсында берілген өтініштің нөмірі",
                       u"Номер заявления, поданного на интернет-ресурсе www.pki.gov.kz",
                       u"Online application number (pki.gov.kz)"),
                 Req::Optional);
}

FieldDef iin() {
    return field(u"iin", FieldType::Iin, label(u"ЖСН", u"ИИН", u"IIN"));
}

FieldDef bin() {
    return field(u"bin", FieldType::Bin, label(u"БСН", u"БИН", u"BIN"));
}

FieldDef surname() {
    return field(u"surname", FieldType::Text, label(u"Тегі", u"Фамилия", u"Surname"));
}

FieldDef name() {
    return field(u"name", FieldType::Text, label(u"Аты", u"Имя", u"Given name"));
}

FieldDef patronymic() {
    // Many Kazakh citizens and most foreigners have no patronymic.
    return field(u"patronymic", FieldType::Text, label(u"Әкесінің аты", u"Отчество", u"Patronymic"), Req::Optional);
}

FieldDef city() {
    return field(u"city", FieldType::Text, label(u"Қала", u"Город", u"City"));
}

FieldDef email() {
    return field(u"email", FieldType::Email,
                 label(u"Электрондық поштаның адресі", u"Адрес электронной почты", u"E-mail"));
}

FieldDef phone(QStringView kk) {
    return field(u"phone", FieldType::Phone, label(kk, u"Телефон", u"Phone"));
}

FieldDef cryptoTool() {
    return field(u"crypto_tool", FieldType::LongText,
                 label(u"Электрондық цифрлық қолтаңбаның тиісті жабық кілтін құру үшін пайдаланылатын электрондық "
                       u"цифрлық қолтаңбаның құралдары туралы деректер және электрондық цифрлық қолтаңба алгоритмі "
                       u"стандартының мағынасы",
                       u"Данные о средствах электронной цифровой подписи, используемых для создания "
                       u"соответствующего закрытого ключа электронной цифровой подписи, и значение стандарта "
                       u"алгоритма электронной цифровой подписи",
                       u"Signature tool and algorithm"),
                 Req::Optional);
}

FieldDef applicationDate() {
    return field(u"application_date", FieldType::Date, label(u"Күні", u"Дата", u"Date of application"));
}

FieldDef certSerial() {
    return field(u"cert_serial", FieldType::Serial,
                 label(u"Тіркеу куәлігінің сериялық нөмірі", u"Серийный номер регистрационного свидетельства",
                       u"Certificate serial number"));
}

FieldDef certIssueDate() {
    return field(u"cert_issue_date", FieldType::Date,
                 label(u"Тіркеу куәлігінің берілген күні", u"Дата выдачи регистрационного свидетельства",
                       u"Certificate issue date"));
}

FieldDef headFullName(QStringView kk) {
    // Printed as "Басшы ____ (қолы) ____ (аты, тегі)": the signature itself stays on paper.
    const QString kkLabel = kk.toString() + QStringLiteral(" (аты, тегі)");
    return field(u"head_full_name", FieldType::Text, label(kkLabel, u"Руководитель (Ф.И.О.)", u"Head (full name)"));
}

FieldDef keyMedia(QStringView defaultId) {
    FieldDef f = field(u"key_media", FieldType::Choice,
                       label(u"Кілттік ақпаратты тасығыш", u"Ключевой носитель информации", u"Key media"));
    f.choices = {
        {QStringLiteral("file"), label(u"Файл (PKCS#12)", u"Файл (PKCS#12)", u"File (PKCS#12)")},
        {QStringLiteral("token"), label(u"Қорғалған тасығыш (токен, смарт-карта)",
                                        u"Защищённый носитель (токен, смарт-карта)", u"Token or smart card")},
    };
    f.defaultValue = defaultId.toString();
    return f;
}

FieldDef validity(QStringView kk, std::initializer_list<QStringView> ids, QStringView defaultId, Req req) {
    static const QList<ChoiceDef> all = {
        {QStringLiteral("1y"), label(u"1 жыл", u"1 год", u"1 year")},
        {QStringLiteral("3y"), label(u"3 жыл", u"3 года", u"3 years")},
        {QStringLiteral("5y"), label(u"5 жыл", u"5 лет", u"5 years")},
        {QStringLiteral("10y"), label(u"10 жыл", u"10 лет", u"10 years")},
    };
    FieldDef f = field(u"validity", FieldType::Choice,
                       label(kk, u"Срок действия регистрационного свидетельства", u"Validity"), req);
    for (QStringView id : ids)
        for (const ChoiceDef& c : all)
            if (c.id == id)
                f.choices.append(c);
    f.defaultValue = defaultId.toString();
    return f;
}

FieldDef reason(std::initializer_list<QStringView> ids) {
    // The ids map one to one onto RFC 5280 CRL reason codes, except damaged_key_media, which the
    // Government Bodies CA lists separately and which is published as "unspecified".
    static const QList<ChoiceDef> all = {
        {QStringLiteral("key_compromise"),
         label(u"Жабық кілттің компрометациясы", u"Компрометация закрытого ключа", u"Key compromise")},
        {QStringLiteral("affiliation_changed"),
         label(u"Жұмыстың тоқтатылуы (жұмыстан кету немесе басқа орынға ауысу)",
               u"Прекращение работы (увольнение или перевод на другую должность)",
               u"Left the job or changed position")},
        {QStringLiteral("superseded"),
         label(u"Тіркеу куәлігін ауыстыру (деректердің өзгеруі)",
               u"Замена регистрационного свидетельства (изменение данных)", u"Superseded (data changed, re-issue)")},
        {QStringLiteral("cessation_of_operation"),
         label(u"Қызметтің тоқтатылуы (тарату)", u"Прекращение деятельности (ликвидация)",
               u"Cessation of operation (liquidation)")},
        {QStringLiteral("damaged_key_media"), label(u"Кілтті ақпаратты тасымалдағыштың бұзылуы",
                                                    u"Порча ключевого носителя информации", u"Damaged key media")},
        {QStringLiteral("unspecified"), label(u"Басқа себеп", u"Иная причина", u"Other reason")},
    };
    FieldDef f =
        field(u"reason", FieldType::Choice,
              label(u"Тіркеу куәлігін кері қайтарып алудың (жоюдың) себебі",
                    u"Причина отзыва (аннулирования) регистрационного свидетельства", u"Reason for revocation"));
    for (QStringView id : ids)
        for (const ChoiceDef& c : all)
            if (c.id == id)
                f.choices.append(c);
    return f;
}

FieldDef reasonDetails() {
    return field(u"reason_details", FieldType::LongText,
                 label(u"Себептің түсіндірмесі", u"Пояснение причины", u"Reason details"), Req::Optional);
}

FieldDef usageOther() {
    // The forms print a numbered blank after the listed areas of use; Validator requires it when the
    // usage list contains "other".
    return field(u"usage_other", FieldType::Text,
                 label(u"Пайдаланудың басқа саласы", u"Иная область применения", u"Other area of use"), Req::Optional);
}

QList<FieldDef> identityDocumentFields() {
    // Identity cards have no series, passports do: the series is optional.
    return {
        field(u"id_doc_number", FieldType::Text,
              label(u"Төлқұжаттың/жеке куәлігінің нөмірі", u"Номер паспорта/удостоверения личности",
                    u"Identity document number")),
        field(u"id_doc_series", FieldType::Text,
              label(u"Төлқұжаттың/жеке куәлігінің сериясы", u"Серия паспорта/удостоверения личности",
                    u"Identity document series"),
              Req::Optional),
        field(u"id_doc_issued_by", FieldType::Text, label(u"Кіммен берілген", u"Кем выдан", u"Issued by")),
        field(u"id_doc_issue_date", FieldType::Date,
              label(u"Қашан берілген", u"Когда выдан", u"Identity document issue date")),
    };
}

AttachmentDef identityDocumentCopy() {
    AttachmentDef a;
    a.id = QStringLiteral("identity_document_copy");
    a.label = label(u"Өтінішке қол қойған тұлғаның жеке басын куәландыратын құжаттың көшірмесі",
                    u"Копия документа, удостоверяющего личность лица, подписавшего заявление",
                    u"Copy of the signatory's identity document");
    return a;
}

AttachmentDef powerOfAttorney(const Label& label, const Label& hint) {
    AttachmentDef a;
    a.id = QStringLiteral("power_of_attorney");
    a.label = label;
    a.required = false;
    a.hint = hint;
    return a;
}

} // namespace catalog

const QList<FormDef>& FormCatalog::all() {
    // Built once, on first use; thread-safe as a function-local static.
    static const QList<FormDef> forms = {
        catalog::nationalIssueIndividual(),
        catalog::nationalIssueLegal(),
        catalog::nationalRevokeIndividual(),
        catalog::nationalRevokeLegal(),
        catalog::governmentIssue(),
        catalog::governmentRevoke(),
        catalog::rootIssue(),
        catalog::rootRevoke(),
    };
    return forms;
}

const FormDef* FormCatalog::find(const QString& code) {
    for (const FormDef& form : all())
        if (form.code == code)
            return &form;
    return nullptr;
}

QStringList FormCatalog::codes() {
    QStringList result;
    for (const FormDef& form : all())
        result.append(form.code);
    return result;
}

QList<const FormDef*> FormCatalog::forCaKind(CaKind kind) {
    QList<const FormDef*> result;
    for (const FormDef& form : all())
        if (form.caKind == kind)
            result.append(&form);
    return result;
}

} // namespace tirkeu::forms
