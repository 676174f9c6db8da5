#pragma once
// The certification authorities kept in this register (several per register: e.g. Root CA, National
// CA, Government Bodies CA). Their kind decides forms, deadlines and retention.

#include "forms/FormDefinition.h"
#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace tirkeu::pki {
struct CertificateSpec;
struct SubjectName;
} // namespace tirkeu::pki

namespace tirkeu::registry {

class Database;
class Register;

struct CaRecord {
    qint64 id = 0;
    QString code; // short stable code used on the command line, e.g. NCA-RSA, GOV, ROOT
    QString name;
    forms::CaKind kind = forms::CaKind::National;
    qint64 parentId = 0;
    QJsonObject settings; // keys of CaDirectory::defaultSettings(), see settingKeys()
    QString keyUri;
    QByteArray certificateDer;
    QDateTime createdAt;
    QDateTime terminatedAt;
};

// What a CA's own certificate allows now, as lists show it (ca list, the CA table of the GUI's settings): the
// refusals of issuance name the same states.
struct CaCertificateState {
    enum class Kind {
        NoKey,       // no key set up yet
        Waiting,     // a key waiting for its parent's certificate
        Unreadable,  // a certificate the register holds but cannot parse
        NotYetValid, // valid from notBefore
        Valid,       // until notAfter
        Expired,     // since notAfter
        Revoked      // by its register parent: revokedBy, revokedAt, reason (on hold: Revocations::kCertificateHold)
    };
    Kind kind = Kind::NoKey;
    QDateTime notBefore;
    QDateTime notAfter;
    QString revokedBy; // the code of the CA that revoked it
    QDateTime revokedAt;
    int reason = 0;
};

class CaDirectory {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaDirectory)
public:
    explicit CaDirectory(Register& reg)
        : m_reg(reg) {}

    // Every CA setting with its default:
    //   crl_period_hours (27), delta_period_hours (8), root_crl_period_hours (720: a root's CRL, 1..8760),
    //   cdp_url (CRL distribution point), freshest_url (delta CRL, freshestCRL), aia_url (AIA caIssuers),
    //   ocsp_url (AIA OCSP), cps_uri (CPS qualifier), subca_policy_oids (comma-separated policies of the
    //   sub-CA certificates this CA issues; empty: the five holder policies, never anyPolicy unless
    //   listed), subject_layout ("C,O,OU,CN"), subject_organisation (the CA's optional O),
    //   hold_allowed (true), publish_dir, crl_event_log_oid, crl_partition (none | serial-range:N |
    //   period:M) and crl_partition_min_bytes (0): partitioned CRLs, registry/CrlPartitions.h.
    static QJsonObject defaultSettings();
    // The keys above, sorted; and the aliases `ca set` also accepts (crl_url, delta_crl_url, ca_issuers_url).
    static QStringList settingKeys();
    static QString canonicalSettingKey(const QString& key);
    // Turns text typed on a command line ("27", "true", "http://…") into the setting's JSON type, or
    // refuses it; unknown keys are refused with the list of known ones.
    static Result<QJsonValue> parseSettingValue(const QString& key, const QString& text);
    // Judges a complete set of settings (periods, URLs, OIDs, layout, folder).
    static Status checkSettings(const QJsonObject& settings);
    // The pointers a CA must have before it issues (empty: all set): a national or government CA all five, a
    // root cdp_url and aia_url.
    static QStringList missingPointers(const CaRecord& ca);
    // Refuses issuance at a CA whose pointers are not all set, naming them.
    static Status checkReadyToIssue(const CaRecord& ca);
    // Refuses (ErrorCode::Conflict) work under a CA certificate that the CA of this register which issued it
    // (issuerId) has revoked or put on hold: a compromised or withdrawn CA key certifies nothing — no holder, no
    // OCSP signer — and its certificate is not imported (attack of session 29, F6). `caCode` names the CA.
    static Status checkCertificateNotRevoked(Database& db, qint64 issuerId, const QString& serialHex,
                                             const QString& caCode);
    // The same for a CA of the register: its certificate as its register parent issued it (a root, or a CA
    // whose parent is outside the register, passes). `serialHex` (optional) receives its certificate's serial.
    static Status checkCertificateNotRevoked(Database& db, const CaRecord& ca, QString* serialHex = nullptr);
    // Refuses (ErrorCode::Invalid) a CA certificate signed by the register CA `issuerId` that this CA did not issue
    // through the register (serial and bytes): signed with its key outside Tirkeu, it is in no journal and the
    // parent can never revoke it (attack of session 30, A7).
    static Status checkIssuedThroughRegister(Database& db, qint64 issuerId, const QString& issuerCode,
                                             const QString& serialHex, const QByteArray& der);
    // The state of the CA's own certificate at the register clock's now; revoked (or on hold) by its register
    // parent before expiry.
    Result<CaCertificateState> certificateState(const CaRecord& ca);
    // The state in a few words ("certificate valid until 07.12.2027", "certificate revoked by the CA ROOT on …
    // (ca_compromise)"), in the interface's language; `reasonText` names the reason (default: its RFC 5280 id,
    // as the CLI shows it).
    static QString describe(const CaCertificateState& state, const QString& reasonText = {});
    // The issuing CA's publication pointers, CPS and (for a sub-CA certificate it issues) the configured
    // sub-CA policies, copied into a certificate spec — what every issuance path calls.
    static void applyPointers(const CaRecord& issuer, pki::CertificateSpec& spec);
    // The CA's own subject name: its name as CN, subject_organisation as O when set, subject_layout.
    static pki::SubjectName caSubject(const CaRecord& ca, const QString& organisationOverride = {});
    // The CA among `cas`, other than the one of id `self`, whose name `subjectDer` is: its certificate's subject or
    // the subject its settings compose, compared as a chain compares names (pki::CaCertificateCheck::sameName).
    // Each CA's name is its own (it names the issuer of every certificate and CRL); nullopt when no other CA has it.
    static std::optional<CaRecord> caNamed(const QList<CaRecord>& cas, const QByteArray& subjectDer, qint64 self = 0);
    // Registers a CA record (its key and certificate are set up by the CA engine).
    Result<qint64> add(const Session& by, const QString& code, const QString& name, forms::CaKind kind,
                       const QJsonObject& settings = {});
    // Changes some of a CA's settings (keys of defaultSettings() or their aliases; others are refused
    // with the list of known keys): periods are whole hours (CRL 1..720, delta 1..the CRL period, root
    // CRL 1..8760), URLs http(s) or ldap, policies dotted OIDs, the publish folder an absolute path; an
    // empty text clears a URL or the folder. Needs ManageCas; audited (ca.settings_changed) with old and
    // new values; nothing changes when any value is refused.
    Status updateSettings(const Session& by, const QString& code, const QJsonObject& changes);
    Result<CaRecord> find(const QString& code);
    Result<CaRecord> find(qint64 id);
    Result<QList<CaRecord>> list();
    // The same, read from `db` (for checks that hold the database only: the event log's verification).
    static Result<QList<CaRecord>> listIn(Database& db);
    Result<QList<CaRecord>> list(const Session& by); // needs ViewRegister

private:
    Result<CaRecord> findWhere(const QString& column, const QVariant& value);
    Register& m_reg;
};

} // namespace tirkeu::registry
