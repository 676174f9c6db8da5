#include "pki/Profile.h"

namespace tirkeu::pki {

namespace {

struct KindInfo {
    ProfileKind kind;
    const char16_t* id;
};

constexpr KindInfo kKinds[] = {
    {ProfileKind::IndividualSign, u"individual_sign"},
    {ProfileKind::IndividualAuth, u"individual_auth"},
    {ProfileKind::LegalSign, u"legal_sign"},
    {ProfileKind::LegalAuth, u"legal_auth"},
    {ProfileKind::GovernmentEmployee, u"government_employee"},
    {ProfileKind::SubordinateCa, u"subordinate_ca"},
    {ProfileKind::RootCa, u"root_ca"},
    {ProfileKind::OcspSigning, u"ocsp_signing"},
};

struct RoleInfo {
    LegalRole role;
    const char16_t* id;
};

constexpr RoleInfo kRoles[] = {
    {LegalRole::FirstHead, u"first_head"},
    {LegalRole::Signer, u"signer"},
    {LegalRole::FinancialSigner, u"financial_signer"},
    {LegalRole::Hr, u"hr"},
    {LegalRole::Employee, u"employee"},
};

bool isSignKind(ProfileKind kind) {
    return kind == ProfileKind::IndividualSign || kind == ProfileKind::LegalSign;
}
bool isAuthKind(ProfileKind kind) {
    return kind == ProfileKind::IndividualAuth || kind == ProfileKind::LegalAuth;
}
bool needsRole(ProfileKind kind) {
    return kind == ProfileKind::LegalSign || kind == ProfileKind::LegalAuth;
}

} // namespace

Profile::Profile(ProfileKind kind, LegalRole role)
    : m_kind(kind)
    , m_role(kind == ProfileKind::GovernmentEmployee && role == LegalRole::None ? LegalRole::Employee : role) {}

Result<Profile> Profile::fromIds(const QString& profileId, const QString& roleId) {
    const std::optional<ProfileKind> kind = parseKind(profileId);
    if (!kind)
        return makeError(ErrorCode::Invalid, tr("Unknown certificate profile \"%1\".").arg(profileId));
    LegalRole role = LegalRole::None;
    if (!roleId.trimmed().isEmpty()) {
        const std::optional<LegalRole> parsed = parseRole(roleId);
        if (!parsed)
            return makeError(ErrorCode::Invalid,
                             tr("Unknown role of a legal entity's representative \"%1\".").arg(roleId));
        role = *parsed;
    }
    Profile profile(*kind, role);
    if (Status valid = profile.validate(); !valid)
        return valid.error();
    return profile;
}

QList<ProfileKind> Profile::kinds() {
    QList<ProfileKind> out;
    for (const KindInfo& k : kKinds)
        out << k.kind;
    return out;
}

QString Profile::kindId(ProfileKind kind) {
    for (const KindInfo& k : kKinds) {
        if (k.kind == kind)
            return QString::fromUtf16(k.id);
    }
    return {};
}

std::optional<ProfileKind> Profile::parseKind(QStringView id) {
    const QString wanted = id.trimmed().toString().toLower();
    for (const KindInfo& k : kKinds) {
        if (wanted == QStringView(k.id))
            return k.kind;
    }
    return std::nullopt;
}

QString Profile::roleId(LegalRole role) {
    for (const RoleInfo& r : kRoles) {
        if (r.role == role)
            return QString::fromUtf16(r.id);
    }
    return {};
}

std::optional<LegalRole> Profile::parseRole(QStringView id) {
    const QString wanted = id.trimmed().toString().toLower();
    for (const RoleInfo& r : kRoles) {
        if (wanted == QStringView(r.id))
            return r.role;
    }
    return std::nullopt;
}

QString Profile::roleOid(LegalRole role) {
    if (role == LegalRole::None)
        return {};
    return QLatin1String(oid::kSubjectLegal) + u'.' + QString::number(int(role));
}

Status Profile::validate() const {
    if (needsRole(m_kind) && m_role == LegalRole::None)
        return makeError(ErrorCode::Invalid,
                         tr("The profile \"%1\" needs the role of the legal entity's representative.").arg(id()));
    if (!isLegal() && m_role != LegalRole::None)
        return makeError(ErrorCode::Invalid, tr("The profile \"%1\" takes no legal-entity role.").arg(id()));
    return {};
}

QString Profile::displayName() const {
    QString name;
    switch (m_kind) {
    case ProfileKind::IndividualSign:
        name = tr("Individual, signing");
        break;
    case ProfileKind::IndividualAuth:
        name = tr("Individual, authentication");
        break;
    case ProfileKind::LegalSign:
        name = tr("Legal entity, signing");
        break;
    case ProfileKind::LegalAuth:
        name = tr("Legal entity, authentication");
        break;
    case ProfileKind::GovernmentEmployee:
        name = tr("Government body employee, signing and authentication");
        break;
    case ProfileKind::SubordinateCa:
        name = tr("Subordinate CA");
        break;
    case ProfileKind::RootCa:
        name = tr("Root CA");
        break;
    case ProfileKind::OcspSigning:
        name = tr("OCSP responder");
        break;
    }
    QString role;
    switch (m_role) {
    case LegalRole::None:
        return name;
    case LegalRole::FirstHead:
        role = tr("first head", "legal-entity role");
        break;
    case LegalRole::Signer:
        role = tr("signer", "legal-entity role");
        break;
    case LegalRole::FinancialSigner:
        role = tr("financial signer", "legal-entity role");
        break;
    case LegalRole::Hr:
        role = tr("HR", "legal-entity role");
        break;
    case LegalRole::Employee:
        role = tr("employee", "legal-entity role");
        break;
    }
    return name + u" (" + role + u')';
}

bool Profile::isLegal() const {
    return m_kind == ProfileKind::LegalSign || m_kind == ProfileKind::LegalAuth ||
           m_kind == ProfileKind::GovernmentEmployee;
}

QStringList Profile::policyOids() const {
    switch (m_kind) {
    case ProfileKind::IndividualSign:
        return {QLatin1String(oid::kPolicyIndividualSign)};
    case ProfileKind::IndividualAuth:
        return {QLatin1String(oid::kPolicyIndividualAuth)};
    case ProfileKind::LegalSign:
        return {QLatin1String(oid::kPolicyLegalSign)};
    case ProfileKind::LegalAuth:
        return {QLatin1String(oid::kPolicyLegalAuth)};
    case ProfileKind::GovernmentEmployee:
        return {QLatin1String(oid::kPolicySingleKey)};
    case ProfileKind::SubordinateCa:
        // Explicit: the policies its holders' certificates carry, so that a relying party that requires
        // one of them finds it on the whole path.
        return defaultSubCaPolicyOids();
    case ProfileKind::RootCa:
    case ProfileKind::OcspSigning:
        return {};
    }
    return {};
}

QStringList Profile::defaultSubCaPolicyOids() {
    return {QLatin1String(oid::kPolicyLegalSign), QLatin1String(oid::kPolicyLegalAuth),
            QLatin1String(oid::kPolicyIndividualSign), QLatin1String(oid::kPolicyIndividualAuth),
            QLatin1String(oid::kPolicySingleKey)};
}

unsigned Profile::keyUsage(bool ecKey) const {
    if (isCa())
        return KeyCertSign | CrlSign;
    if (isOcspSigning())
        return DigitalSignature;
    // keyEncipherment is an RSA usage: an EC key cannot encipher keys (RFC 5480 3).
    const unsigned encipherment = ecKey ? 0u : unsigned(KeyEncipherment);
    if (isSignKind(m_kind))
        return DigitalSignature | NonRepudiation;
    if (isAuthKind(m_kind))
        return DigitalSignature | encipherment;
    return DigitalSignature | NonRepudiation | encipherment; // GovernmentEmployee: one key for both
}

QStringList Profile::extendedKeyUsageOids() const {
    if (isCa())
        return {};
    if (isOcspSigning())
        return {QLatin1String(oid::kOcspSigning)};
    QStringList out;
    if (isSignKind(m_kind) || m_kind == ProfileKind::GovernmentEmployee)
        out << QLatin1String(oid::kEmailProtection);
    if (isAuthKind(m_kind) || m_kind == ProfileKind::GovernmentEmployee)
        out << QLatin1String(oid::kClientAuth);
    out << QLatin1String(isLegal() ? oid::kSubjectLegal : oid::kSubjectIndividual);
    if (m_role != LegalRole::None)
        out << roleOid(m_role);
    return out;
}

std::optional<Profile> Profile::detect(const QStringList& policyOids, const QStringList& ekuOids, bool isCa,
                                       bool selfSigned) {
    if (isCa)
        return Profile(selfSigned ? ProfileKind::RootCa : ProfileKind::SubordinateCa);
    if (ekuOids == QStringList{QLatin1String(oid::kOcspSigning)})
        return Profile(ProfileKind::OcspSigning);
    LegalRole role = LegalRole::None;
    for (const RoleInfo& r : kRoles) {
        if (ekuOids.contains(roleOid(r.role)))
            role = r.role;
    }
    for (const KindInfo& k : kKinds) {
        Profile candidate(k.kind, role);
        if (candidate.isCa() || candidate.isOcspSigning() || !candidate.validate())
            continue;
        const QStringList policies = candidate.policyOids();
        if (!policies.isEmpty() && policyOids.contains(policies.first()))
            return candidate;
    }
    return std::nullopt;
}

QStringList Profile::keyUsageNames(unsigned bits) {
    QStringList out;
    if (bits & DigitalSignature)
        out << QStringLiteral("digitalSignature");
    if (bits & NonRepudiation)
        out << QStringLiteral("nonRepudiation");
    if (bits & KeyEncipherment)
        out << QStringLiteral("keyEncipherment");
    if (bits & KeyCertSign)
        out << QStringLiteral("keyCertSign");
    if (bits & CrlSign)
        out << QStringLiteral("cRLSign");
    return out;
}

} // namespace tirkeu::pki
