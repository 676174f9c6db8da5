#include "registry/Rules.h"

#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Database.h"

namespace tirkeu::registry {

Status Rules::holderPassword(const QString& password) {
    if (password.size() < kMinHolderPassword)
        return makeError(ErrorCode::Invalid, tr("The holder's password for the key file must have at least %1 "
                                                "characters.")
                                                 .arg(kMinHolderPassword));
    return {};
}

Status Rules::caPassphrase(const QString& passphrase) {
    if (passphrase.size() < kMinCaPassphrase)
        return makeError(ErrorCode::Invalid,
                         tr("The CA key passphrase must have at least %1 characters.").arg(kMinCaPassphrase));
    return {};
}

Status Rules::onlyApprovedIsIssued(qint64 applicationId, const QString& statusId) {
    if (statusId == u"approved")
        return {};
    ApplicationStatus status;
    const QString name = Applications::statusFromId(statusId, &status) ? Applications::statusName(status) : statusId;
    return makeError(
        ErrorCode::Conflict,
        tr("Application %1 is %2: only approved applications can be issued.").arg(applicationId).arg(name));
}

Status Rules::oneKeyPerHolder(Database& db, qint64 caId, qint64 personId, const QString& holder, const QDateTime& now) {
    if (personId <= 0)
        return {};
    auto held = db.scalar(QStringLiteral("SELECT serial FROM certificates WHERE ca_id = ? AND person_id = ? AND "
                                         "status = 'valid' AND not_after > ? LIMIT 1"),
                          {caId, personId, toDbTime(now)});
    if (!held)
        return held.error();
    if (held->isValid())
        return makeError(ErrorCode::Conflict, tr("The holder %1 already has a valid certificate %2 at this CA: one key "
                                                 "per holder; revoke it first.")
                                                  .arg(holder, held->toString()));
    return {};
}

int Rules::minRecordYears(forms::CaKind kind) {
    return kind == forms::CaKind::Government ? 10 : 5;
}

Status Rules::retentionAtLeastLegalMinimum(forms::CaKind kind, int recordYears, int eventLogYears) {
    const int minRecords = minRecordYears(kind);
    if (recordYears < minRecords) {
        const QString source =
            kind == forms::CaKind::Government ? tr("the rules of the Government Bodies CA (seed 002, Appendix 2)")
            : kind == forms::CaKind::Root     ? tr("the rules of the Root CA (seed 002, Appendix 1)")
                                              : tr("the rules of the National CA (seed 002, Appendix 3)");
        return makeError(ErrorCode::Invalid,
                         tr("Records of this CA must be kept at least %1 years after termination under %2; "
                            "%3 years is below the legal minimum. Nothing was changed.")
                             .arg(minRecords)
                             .arg(source)
                             .arg(recordYears));
    }
    if (eventLogYears < kMinEventLogYears)
        return makeError(ErrorCode::Invalid,
                         tr("The event log must be kept at least %1 year after the certificate's expiry under the "
                            "requirements for CA key and log protection (seed 001); nothing was changed.")
                             .arg(kMinEventLogYears));
    return {};
}

namespace {

struct ReasonText {
    forms::CaKind kind;
    const char* code;
    const char* clause;
    const char16_t* kk;
    const char16_t* ru;
    const char* en; // translation source (Rules context)
};

// The seed's own grounds, in its order. Changing a ground is a change of the rules (issue 14: rules file).
const ReasonText kReasons[] = {
    {forms::CaKind::Root, "ROOT-DOCS-MISSING", "002 App. 1 §10(1)",
     u"Қағидалардың 5, 6-тармақтарында көрсетілген құжаттар ұсынылмады",
     u"Не представлены документы, указанные в пунктах 5, 6 Правил",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules",
                       "The documents of rules 5 and 6 (the application form, the notarised copy of the "
                       "accreditation certificate) were not submitted")},
    {forms::CaKind::Root, "ROOT-FALSE-INFO", "002 App. 1 §10(2)", u"Өтініш беруші дәйексіз ақпарат ұсынды",
     u"Заявителем представлена недостоверная информация",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules", "The applicant submitted false information")},
    {forms::CaKind::National, "NCA-DOCS-MISSING", "002 App. 3 §4",
     u"Қағидалардың 4-тармағында көрсетілген құжаттар қоса берілмеді",
     u"Не приложены документы, указанные в пункте 4 Правил",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules",
                       "The documents of rule 4 were not attached (the signatory's identity document; for a legal "
                       "entity also the state registration certificate and the power of attorney)")},
    {forms::CaKind::National, "NCA-FORM-INCORRECT", "002 App. 3 §5(1)", u"Өтініш дұрыс толтырылмаған",
     u"Заявление заполнено неправильно",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules", "The application form is not filled in correctly")},
    {forms::CaKind::National, "NCA-DATA-MISMATCH", "002 App. 3 §5(2)",
     u"Өтініштегі мәліметтер өтініш берушінің мәліметтеріне сәйкес келмейді",
     u"Сведения заявления не соответствуют сведениям заявителя",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules", "The data in the application do not match the applicant")},
    {forms::CaKind::Government, "GOV-NOT-ON-FORM", "002 App. 2 §3",
     u"Өтініш Қағидалардың 1-қосымшасындағы нысан бойынша ресімделмеген",
     u"Заявление не оформлено по форме приложения 1 к Правилам",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules", "The application is not made on the form of Appendix 1")},
    {forms::CaKind::Government, "GOV-DOCS-MISSING", "002 App. 2 §4",
     u"Өтінішке қол қойған тұлғаның жеке басын куәландыратын құжаттың көшірмесі қоса берілмеді",
     u"Не приложена копия документа, удостоверяющего личность лица, подписавшего заявление",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules", "The copy of the signatory's identity document was not attached")},
    {forms::CaKind::Government, "GOV-KEY-HELD", "002 App. 2 §11",
     u"Тіркеу куәлігінің иесінде ЭЦҚ-ның жабық кілті бар (бір иесіне бір ғана кілт)",
     u"У владельца уже есть закрытый ключ ЭЦП (одному владельцу — один ключ)",
     QT_TRANSLATE_NOOP("tirkeu::registry::Rules",
                       "The holder already has a valid private key (one private key per holder)")},
};

Rules::RefusalReason toReason(const ReasonText& r) {
    return {QString::fromLatin1(r.code), QString::fromUtf8(r.clause), QString::fromUtf16(r.kk),
            QString::fromUtf16(r.ru)};
}

} // namespace

QString Rules::RefusalReason::label() const {
    for (const ReasonText& r : kReasons)
        if (code == QLatin1String(r.code))
            return tr(r.en);
    return code;
}

QList<Rules::RefusalReason> Rules::refusalReasons(forms::CaKind kind) {
    QList<RefusalReason> out;
    for (const ReasonText& r : kReasons)
        if (r.kind == kind)
            out << toReason(r);
    return out;
}

std::optional<Rules::RefusalReason> Rules::refusalReason(forms::CaKind kind, const QString& code) {
    for (const ReasonText& r : kReasons)
        if (r.kind == kind && code.trimmed().compare(QLatin1String(r.code), Qt::CaseInsensitive) == 0)
            return toReason(r);
    return std::nullopt;
}

std::optional<Rules::RefusalReason> Rules::anyRefusalReason(const QString& code) {
    for (const ReasonText& r : kReasons)
        if (code == QLatin1String(r.code))
            return toReason(r);
    return std::nullopt;
}

Status Rules::refusalReasonAllowed(forms::CaKind kind, const QString& code) {
    if (refusalReason(kind, code))
        return {};
    QStringList known;
    for (const RefusalReason& r : refusalReasons(kind))
        known << QStringLiteral("%1 (%2)").arg(r.code, r.label());
    return makeError(ErrorCode::Invalid,
                     (code.trimmed().isEmpty() ? tr("A refusal needs a reason code.")
                                               : tr("%1 is not a ground of refusal of this CA.").arg(code.trimmed())) +
                         u' ' + tr("The grounds are: %1").arg(known.join(QStringLiteral("; "))));
}

QStringList Rules::identificationMethods() {
    return {QStringLiteral("in_person"), QStringLiteral("centre_biometric"), QStringLiteral("remote_biometric")};
}

QString Rules::identificationLabel(const QString& id) {
    if (id == u"in_person")
        return tr("In person, with an identity document");
    if (id == u"centre_biometric")
        return tr("Biometric identification at the registration centre (seed 001 §6(2))");
    if (id == u"remote_biometric")
        return tr("Remote multi-factor identification, one factor biometric (seed 001 §6(1))");
    return id;
}

QString Rules::identificationPrinted(const QString& id) {
    if (id == u"in_person")
        return QStringLiteral("Жеке басын куәландыратын құжат бойынша жеке өзі / Лично, по документу, "
                              "удостоверяющему личность");
    if (id == u"centre_biometric")
        return QStringLiteral("Тіркеу орталығында биометриялық сәйкестендіру / Биометрическая идентификация в "
                              "регистрационном центре");
    if (id == u"remote_biometric")
        return QStringLiteral("Қашықтан көп факторлы сәйкестендіру (биометриялық) / Удалённая многофакторная "
                              "идентификация (биометрическая)");
    return id;
}

Status Rules::identificationAllowed(const QString& id) {
    if (id.isEmpty() || identificationMethods().contains(id))
        return {};
    return makeError(ErrorCode::Invalid, tr("Unknown way of identifying the holder %1; known: %2.")
                                             .arg(id, identificationMethods().join(QStringLiteral(", "))));
}

Status Rules::keyBackupScheme(int shares, int threshold) {
    if (threshold < kMinKeyBackupThreshold || shares < kMinKeyBackupShares)
        return makeError(ErrorCode::Invalid,
                         tr("A CA key backup needs at least %1 of %2 shares (requirements for CA keys, seed 001 §5); "
                            "%3 of %4 is refused.")
                             .arg(kMinKeyBackupThreshold)
                             .arg(kMinKeyBackupShares)
                             .arg(threshold)
                             .arg(shares));
    return {};
}

} // namespace tirkeu::registry
