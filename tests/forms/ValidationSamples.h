#pragma once
// The sample submissions the validation test programs share (tst_validation, tst_validation_text): a valid
// submission per form that tests break one thing at a time, GOV person rows, a covering letter, and the error
// a result names for a field.

#include "forms/FormDefinition.h"
#include "forms/Validation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tirkeu::forms::testing {

inline const QString kIin = QStringLiteral("900701300108");
inline const QString kBin = QStringLiteral("230340123459");

inline const FormDef& form(const QString& code) {
    const FormDef* f = FormCatalog::find(code);
    if (!f)
        qFatal("form %s missing", qPrintable(code));
    return *f;
}

inline QJsonObject govIssuePerson(const QString& iin, const QString& surname) {
    return QJsonObject{
        {QStringLiteral("surname"), surname},
        {QStringLiteral("name"), QStringLiteral("Айгүл")},
        {QStringLiteral("iin"), iin},
        {QStringLiteral("id_doc_number"), QStringLiteral("012345678")},
        {QStringLiteral("id_doc_issued_by"), QStringLiteral("ҚР ІІМ")},
        {QStringLiteral("id_doc_issue_date"), QStringLiteral("2018-06-01")},
        {QStringLiteral("country"), QStringLiteral("Қазақстан")},
        {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
        // A unit of the letter's body, named after it (B18).
        {QStringLiteral("organisation"),
         QStringLiteral("Қазақстан Республикасы Цифрлық даму министрлігі, Ақпараттық қауіпсіздік комитеті")},
        {QStringLiteral("position"), QStringLiteral("Бас сарапшы")},
        {QStringLiteral("usage"), QJsonArray{QStringLiteral("edms")}},
        {QStringLiteral("application_date"), QStringLiteral("2024-03-15")},
    };
}

inline QJsonObject govRevokePerson() {
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

inline QJsonObject letter() {
    return QJsonObject{
        {QStringLiteral("org_name"), QStringLiteral("Қазақстан Республикасы Цифрлық даму министрлігі")},
        {QStringLiteral("letter_no"), QStringLiteral("01-12/345")},
        {QStringLiteral("letter_date"), QStringLiteral("2024-03-14")},
        {QStringLiteral("head_full_name"), QStringLiteral("Жұмабеков Н.")},
    };
}

// A submission that passes, per form; tests break one thing at a time.
inline Submission valid(const QString& code) {
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
inline const FieldError* errorFor(const ValidationResult& r, const QString& fieldId, int personIndex = -1) {
    for (const FieldError& e : r.errors)
        if (e.fieldId == fieldId && e.personIndex == personIndex)
            return &e;
    return nullptr;
}

} // namespace tirkeu::forms::testing
