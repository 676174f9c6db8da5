#include "reports/OfficialText.h"

#include "pki/Profile.h"

#include <QHash>

namespace tirkeu::reports {

QString OfficialText::kkru(const char16_t* kk, const char16_t* ru) {
    return QString::fromUtf16(kk) + QStringLiteral(" / ") + QString::fromUtf16(ru);
}

QString OfficialText::profile(const QString& profileId) {
    const auto kind = pki::Profile::parseKind(profileId.trimmed());
    if (!kind)
        return profileId;
    switch (*kind) {
    case pki::ProfileKind::IndividualSign:
        return kkru(u"жеке тұлға, қол қою", u"физическое лицо, подпись");
    case pki::ProfileKind::IndividualAuth:
        return kkru(u"жеке тұлға, аутентификация", u"физическое лицо, аутентификация");
    case pki::ProfileKind::LegalSign:
        return kkru(u"заңды тұлға, қол қою", u"юридическое лицо, подпись");
    case pki::ProfileKind::LegalAuth:
        return kkru(u"заңды тұлға, аутентификация", u"юридическое лицо, аутентификация");
    case pki::ProfileKind::GovernmentEmployee:
        return kkru(u"мемлекеттік орган қызметкері", u"сотрудник государственного органа");
    case pki::ProfileKind::SubordinateCa:
        return kkru(u"бағынышты куәландырушы орталық", u"подчинённый удостоверяющий центр");
    case pki::ProfileKind::RootCa:
        return kkru(u"түбірлік куәландырушы орталық", u"корневой удостоверяющий центр");
    case pki::ProfileKind::OcspSigning:
        return kkru(u"OCSP жауап берушісі", u"OCSP-ответчик");
    }
    return profileId;
}

QString OfficialText::keyUsage(const QString& name) {
    static const QHash<QString, QString> names = {
        {QStringLiteral("digitalSignature"), kkru(u"цифрлық қолтаңба", u"цифровая подпись")},
        {QStringLiteral("nonRepudiation"), kkru(u"бас тартуға жол бермеу", u"неотрекаемость")},
        {QStringLiteral("keyEncipherment"), kkru(u"кілттерді шифрлау", u"шифрование ключей")},
        {QStringLiteral("dataEncipherment"), kkru(u"деректерді шифрлау", u"шифрование данных")},
        {QStringLiteral("keyAgreement"), kkru(u"кілттерді келісу", u"согласование ключей")},
        {QStringLiteral("keyCertSign"), kkru(u"тіркеу куәліктеріне қол қою", u"подпись регистрационных свидетельств")},
        {QStringLiteral("cRLSign"), kkru(u"КТКТ-ға қол қою", u"подпись СОРС")},
        {QStringLiteral("crlSign"), kkru(u"КТКТ-ға қол қою", u"подпись СОРС")},
    };
    return names.value(name, name);
}

QString OfficialText::oid(const QString& oid) {
    static const QHash<QString, QString> names = {
        {QString::fromLatin1(pki::oid::kPolicyLegalSign),
         kkru(u"заңды тұлғаның қолтаңбасы", u"подпись юридического лица")},
        {QString::fromLatin1(pki::oid::kPolicyLegalAuth),
         kkru(u"заңды тұлғаның аутентификациясы", u"аутентификация юридического лица")},
        {QString::fromLatin1(pki::oid::kPolicyIndividualSign),
         kkru(u"жеке тұлғаның қолтаңбасы", u"подпись физического лица")},
        {QString::fromLatin1(pki::oid::kPolicyIndividualAuth),
         kkru(u"жеке тұлғаның аутентификациясы", u"аутентификация физического лица")},
        {QString::fromLatin1(pki::oid::kPolicySingleKey), kkru(u"бірыңғай кілт", u"единый ключ")},
        {QString::fromLatin1(pki::oid::kAnyPolicy), kkru(u"кез келген саясат", u"любая политика")},
        {QString::fromLatin1(pki::oid::kSubjectIndividual), kkru(u"жеке тұлға", u"физическое лицо")},
        {QString::fromLatin1(pki::oid::kSubjectLegal), kkru(u"заңды тұлға", u"юридическое лицо")},
        {QString::fromLatin1(pki::oid::kEmailProtection),
         kkru(u"электрондық поштаны қорғау", u"защита электронной почты")},
        {QString::fromLatin1(pki::oid::kClientAuth), kkru(u"клиенттің аутентификациясы", u"аутентификация клиента")},
        {QStringLiteral("1.3.6.1.5.5.7.3.1"), kkru(u"сервердің аутентификациясы", u"аутентификация сервера")},
        {QStringLiteral("1.3.6.1.5.5.7.3.9"), kkru(u"OCSP жауаптарына қол қою", u"подпись ответов OCSP")},
        {QStringLiteral("1.2.398.3.3.4.1.2.1"), kkru(u"бірінші басшы", u"первый руководитель")},
        {QStringLiteral("1.2.398.3.3.4.1.2.2"), kkru(u"қол қоюға құқығы бар тұлға", u"лицо с правом подписи")},
        {QStringLiteral("1.2.398.3.3.4.1.2.3"), kkru(u"қаржылық құжаттарға қол қою", u"подпись финансовых документов")},
        {QStringLiteral("1.2.398.3.3.4.1.2.4"), kkru(u"кадр қызметі", u"кадровая служба")},
        {QStringLiteral("1.2.398.3.3.4.1.2.5"), kkru(u"қызметкер", u"сотрудник")},
    };
    const auto it = names.constFind(oid.trimmed());
    if (it == names.constEnd())
        return oid;
    return *it;
}

} // namespace tirkeu::reports
