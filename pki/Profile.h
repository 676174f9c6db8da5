#pragma once
// The certificate profiles of a Kazakhstan CA (docs/FACTS.md): which policies, key usages and extended
// key usages a certificate carries. The profile id is what the register stores ("legal_auth"); the
// legal role is stored beside it ("signer").
//
// EC keys never get keyEncipherment (RFC 5480 3: an id-ecPublicKey certificate may not assert it): the
// authentication profiles then carry digitalSignature alone — keyUsage(true).
//
// SubordinateCa: certificatePolicies lists the holder policies the sub-CA issues under, explicitly
// (defaultSubCaPolicyOids()); anyPolicy only when a CA setting asks for it (CertificateSpec::policyOids).
//
// GovernmentEmployee: the Government Bodies CA generates ONE key per holder (SPEC.md §2), so its
// employees get a single certificate for both signing and authentication: the single-key policy
// 1.2.398.3.3.2, keyUsage digitalSignature+nonRepudiation+keyEncipherment, extendedKeyUsage
// emailProtection+clientAuth, subject kind "legal entity" (a government body has a BIN) and a legal
// role, employee by default.

#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace tirkeu::pki {

namespace oid {
inline constexpr char kPolicyLegalSign[] = "1.2.398.3.3.2.1";
inline constexpr char kPolicyLegalAuth[] = "1.2.398.3.3.2.2";
inline constexpr char kPolicyIndividualSign[] = "1.2.398.3.3.2.3";
inline constexpr char kPolicyIndividualAuth[] = "1.2.398.3.3.2.4";
inline constexpr char kPolicySingleKey[] = "1.2.398.3.3.2";
inline constexpr char kAnyPolicy[] = "2.5.29.32.0";
inline constexpr char kSubjectIndividual[] = "1.2.398.3.3.4.1.1";
inline constexpr char kSubjectLegal[] = "1.2.398.3.3.4.1.2";
inline constexpr char kEmailProtection[] = "1.3.6.1.5.5.7.3.4";
inline constexpr char kClientAuth[] = "1.3.6.1.5.5.7.3.2";
inline constexpr char kOcspSigning[] = "1.3.6.1.5.5.7.3.9";
inline constexpr char kOcspNoCheck[] = "1.3.6.1.5.5.7.48.1.5";
} // namespace oid

enum class ProfileKind {
    IndividualSign,
    IndividualAuth,
    LegalSign,
    LegalAuth,
    GovernmentEmployee,
    SubordinateCa,
    RootCa,
    // A delegated OCSP responder of a CA: keyUsage digitalSignature, extendedKeyUsage id-kp-OCSPSigning
    // only, id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1); not a CA, no policies; subject a CA-style name.
    OcspSigning,
};

// Role of a legal entity's representative; the EKU carries 1.2.398.3.3.4.1.2.<n>.
enum class LegalRole { None = 0, FirstHead = 1, Signer = 2, FinancialSigner = 3, Hr = 4, Employee = 5 };

// keyUsage bits (the names are RFC 5280's).
enum KeyUsageFlag : unsigned {
    DigitalSignature = 1u << 0,
    NonRepudiation = 1u << 1,
    KeyEncipherment = 1u << 2,
    KeyCertSign = 1u << 3,
    CrlSign = 1u << 4,
};

class Profile {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::Profile)
public:
    // GovernmentEmployee without a role gets Employee; validate() judges the rest.
    explicit Profile(ProfileKind kind = ProfileKind::IndividualSign, LegalRole role = LegalRole::None);

    // From stored ids ("legal_auth", "signer"); refuses unknown ids and a missing/superfluous role.
    static Result<Profile> fromIds(const QString& profileId, const QString& roleId = {});

    static QList<ProfileKind> kinds();
    static QString kindId(ProfileKind kind); // "individual_sign", ..., "root_ca"
    static std::optional<ProfileKind> parseKind(QStringView id);
    static QString roleId(LegalRole role); // "" for None, "first_head", "signer", ...
    static std::optional<LegalRole> parseRole(QStringView id);
    static QString roleOid(LegalRole role); // "1.2.398.3.3.4.1.2.<n>", "" for None

    // Legal roles require a role; individual and CA profiles forbid one.
    Status validate() const;

    ProfileKind kind() const { return m_kind; }
    LegalRole role() const { return m_role; }
    QString id() const { return kindId(m_kind); }
    QString roleIdString() const { return roleId(m_role); }
    QString displayName() const; // translated, with the role for legal profiles

    bool isCa() const { return m_kind == ProfileKind::SubordinateCa || m_kind == ProfileKind::RootCa; }
    bool isOcspSigning() const { return m_kind == ProfileKind::OcspSigning; }
    // CA and OCSP-responder certificates name an organisation's service (SubjectName::Kind::Ca).
    bool hasServiceSubject() const { return isCa() || isOcspSigning(); }
    bool isLegal() const;                                                            // subject has O and OU=BIN
    int pathLength() const { return m_kind == ProfileKind::SubordinateCa ? 0 : -1; } // -1: unlimited / not a CA

    QStringList policyOids() const;
    // The five holder policies of FACTS.md: what a subordinate CA's certificate lists by default.
    static QStringList defaultSubCaPolicyOids();
    // KeyUsageFlag bits; always critical. ecKey: the subject key is an EC key (no keyEncipherment).
    unsigned keyUsage(bool ecKey = false) const;
    QStringList extendedKeyUsageOids() const; // empty for CA profiles

    // The profile a certificate was most likely issued under, from its extensions (for display).
    static std::optional<Profile> detect(const QStringList& policyOids, const QStringList& ekuOids, bool isCa,
                                         bool selfSigned);

    // "digitalSignature", "nonRepudiation", ... for the bits set.
    static QStringList keyUsageNames(unsigned bits);

    friend bool operator==(const Profile& a, const Profile& b) { return a.m_kind == b.m_kind && a.m_role == b.m_role; }

private:
    ProfileKind m_kind;
    LegalRole m_role;
};

} // namespace tirkeu::pki
