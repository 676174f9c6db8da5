// Issuance: an application's certificate(s) planned from its form, everything checkable before the write
// lock prepared (the steps of IssuanceSteps.h), then recorded (IssuanceRecord.cpp) and committed.
#include "registry/Issuance.h"
#include "forms/Validation.h"
#include "registry/CertifiedKeys.h"

#include "pki/CaCertificateCheck.h"
#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "pki/Csr.h"
#include "pki/KeyPolicy.h"
#include "pki/Pkcs12.h"
#include "pki/Profile.h"
#include "pki/SubjectName.h"
#include "registry/CaDirectory.h"
#include "registry/CaKeyring.h"
#include "registry/CaSigner.h"
#include "registry/Database.h"
#include "registry/FaultInjection.h"
#include "registry/Internal.h"
#include "registry/IssuanceSteps.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <map>
#include <optional>

namespace tirkeu::registry {

// The steps, shared with the batch (IssuanceSteps.h).
namespace issuance {

using detail::str;
using detail::wholeSeconds;

// The organisation a certificate's O= names: the short name the form limits to 64 characters, the full name when
// none was given (a legal entity's form; a government body's letter).
QString certifiedOrganisation(const QJsonObject& d) {
    return !str(d, "short_name").isEmpty() ? str(d, "short_name") : str(d, "org_name");
}

// "1y", "3y", "10y" → years; 0 when the field is blank or malformed.
int validityYears(const QJsonObject& d) {
    static const QRegularExpression re(QStringLiteral("^(\\d{1,2})y$"));
    const auto m = re.match(str(d, "validity"));
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

Result<IssuePlan> planFor(const QString& formCode, const QJsonObject& d, int personIndex) {
    IssuePlan plan;
    if (formCode == u"ROOT-ISSUE") {
        // A subordinate CA's certificate from the Root CA: subject from the application, key from its CSR.
        plan.caCertificate = true;
        plan.profile = pki::Profile(pki::ProfileKind::SubordinateCa);
        // The CA's subject composition (C=KZ, CN=… by default; O only when configured): the register's
        // subordinate of that name decides it (resolveCaSubject), the form's org_name does not.
        plan.subject = pki::SubjectName::ca(str(d, "ca_name"));
        plan.years = validityYears(d) > 0 ? validityYears(d) : 10;
        plan.holder = str(d, "ca_name");
    } else if (formCode == u"GOV-ISSUE") {
        const QJsonArray persons = d.value(QStringLiteral("persons")).toArray();
        plan.personCount = int(persons.size());
        if (persons.isEmpty())
            return makeError(ErrorCode::Invalid, Issuance::tr("The letter lists no persons."));
        if (personIndex < 0 && persons.size() > 1)
            return makeError(ErrorCode::Usage,
                             Issuance::tr("The letter lists %1 persons: choose whose certificate to issue (1 to %1).")
                                 .arg(persons.size()));
        const int i = personIndex < 0 ? 0 : personIndex;
        if (i >= persons.size())
            return makeError(
                ErrorCode::Invalid,
                Issuance::tr("The letter lists %1 persons; there is no person %2.").arg(persons.size()).arg(i + 1));
        const QJsonObject p = persons.at(i).toObject();
        plan.government = true;
        plan.profile = pki::Profile(pki::ProfileKind::GovernmentEmployee);
        // O is the government body whose letter this is, the applicant (seed 002 App. 2, def. 7; cl. 10: the
        // certificate goes to that body's employee): the person's organisation is the body or a unit of it named after
        // the body (forms::Validator), recorded with the letter; it has no place of its own in the subject, whose OU
        // is a BIN (FACTS.md). Attack of session 32, B18: the person's organisation, another ministry, became O.
        plan.subject = pki::SubjectName::person(str(p, "surname"), str(p, "name"), str(p, "patronymic"), str(p, "iin"),
                                                certifiedOrganisation(d), QString());
        plan.years = 1; // the only validity the Government Bodies CA grants
        plan.personIin = str(p, "iin");
        plan.holder = plan.personIin;
    } else if (formCode == u"NCA-ISSUE-IND" || formCode == u"NCA-ISSUE-LEGAL") {
        const bool individual = formCode == u"NCA-ISSUE-IND";
        const QJsonArray usage = d.value(QStringLiteral("usage")).toArray();
        const bool sign = usage.contains(QJsonValue(QStringLiteral("sign")));
        const bool auth = usage.contains(QJsonValue(QStringLiteral("auth")));
        if (!sign && !auth)
            return makeError(ErrorCode::Invalid, Issuance::tr("The application asks for neither signing nor "
                                                              "authentication; there is no certificate to issue."));
        if (individual) {
            plan.profile = pki::Profile(sign ? pki::ProfileKind::IndividualSign : pki::ProfileKind::IndividualAuth);
            // Signing and authentication: both certificates in one visit, each with its own key (issue 13).
            if (sign && auth)
                plan.authProfile = pki::Profile(pki::ProfileKind::IndividualAuth);
            plan.subject =
                pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"), str(d, "iin"));
        } else {
            const std::optional<pki::LegalRole> role = pki::Profile::parseRole(str(d, "role"));
            if (!role || *role == pki::LegalRole::None)
                return makeError(ErrorCode::Invalid,
                                 Issuance::tr("The application names no role of the applicant in the organisation; "
                                              "the legal-entity profiles need one."));
            plan.profile = pki::Profile(sign ? pki::ProfileKind::LegalSign : pki::ProfileKind::LegalAuth, *role);
            if (sign && auth)
                plan.authProfile = pki::Profile(pki::ProfileKind::LegalAuth, *role);
            const QString org = certifiedOrganisation(d);
            plan.subject = pki::SubjectName::person(str(d, "surname"), str(d, "name"), str(d, "patronymic"),
                                                    str(d, "iin"), org, str(d, "bin"));
        }
        // As a certificate carries it (the domain's A-labels); an address the form's rule now refuses stays as
        // recorded, and the certificate's check refuses it.
        plan.email = forms::certificateEmail(str(d, "email"));
        if (plan.email.isEmpty())
            plan.email = str(d, "email");
        const bool token = str(d, "key_media") == u"token";
        plan.years =
            token && validityYears(d) == Issuance::kTokenKeyYears ? Issuance::kTokenKeyYears : Issuance::kFileKeyYears;
        plan.personIin = str(d, "iin");
        plan.holder = plan.personIin;
    } else {
        return makeError(ErrorCode::Invalid,
                         Issuance::tr("Form %1 is not an application for a certificate.").arg(formCode));
    }
    if (Status ok = plan.profile.validate(); !ok)
        return ok.error();
    if (plan.authProfile) {
        if (Status ok = plan.authProfile->validate(); !ok)
            return ok.error();
    }
    if (Status ok = plan.subject.validate(); !ok)
        return ok.error();
    return plan;
}

// A subordinate CA's certificate names the CA as its own settings compose it (subject_layout,
// subject_organisation; C=KZ, CN=… by default) when the subordinate is registered here — the name its
// request carries; a subordinate kept elsewhere gets the default composition, C=KZ and CN=ca_name.
Status resolveCaSubject(Register& reg, IssuePlan& plan) {
    if (!plan.caCertificate)
        return {};
    // Names compared case-folded, as `ca add` and subordinateCaCertificate compare them.
    auto names = reg.db().rows(QStringLiteral("SELECT id, name FROM cas"));
    if (!names)
        return names.error();
    for (const QVariantList& row : *names) {
        if (row.at(1).toString().trimmed().toCaseFolded() != plan.holder.trimmed().toCaseFolded())
            continue;
        auto sub = reg.cas().find(row.at(0).toLongLong());
        if (!sub)
            return sub.error();
        plan.subject = CaDirectory::caSubject(*sub);
        return plan.subject.validate();
    }
    return {};
}

Status subordinateCaCertificate(Database& db, qint64 issuerId, const QString& caName, const QByteArray& subjectDer,
                                const QString& spki) {
    auto cas = CaDirectory::listIn(db);
    if (!cas)
        return cas.error();
    // The CA of that name, or of a name that reads the same (letters of another alphabet that look alike: attack of
    // session 32, B9, "Attаck Sub CA" with a Cyrillic а certified a stranger's key as the register's CA).
    const QString folded = caName.trimmed().toCaseFolded();
    const QString looks = forms::confusableSkeleton(caName);
    std::optional<CaRecord> named;
    for (const CaRecord& ca : *cas)
        if (ca.name.trimmed().toCaseFolded() == folded)
            named = ca;
    for (const CaRecord& ca : *cas)
        if (!named && forms::confusableSkeleton(ca.name) == looks)
            named = ca;
    if (named && named->id == issuerId)
        return makeError(ErrorCode::Conflict, Issuance::tr("%1 is the name of the issuing CA %2 itself: a CA never "
                                                           "certifies another key under its own name.")
                                                  .arg(caName.trimmed(), named->code));
    if (named) {
        QStringList own;
        const QString pending = named->settings.value(QStringLiteral("pending_key_fingerprint")).toString();
        if (!pending.isEmpty())
            own << pending.toLower();
        if (!named->certificateDer.isEmpty()) {
            if (auto current = pki::Certificate::parse(named->certificateDer))
                own << current->spkiSha256Hex().toLower();
        }
        if (!own.contains(spki.toLower()))
            return makeError(ErrorCode::Conflict,
                             Issuance::tr("%1 is the name of the CA %2 of this register: a certificate under that name "
                                          "certifies only that CA's own key (the key waiting for its certificate, made "
                                          "by ca init --subordinate, or its current key when it is renewed), not the "
                                          "key of this request.")
                                 .arg(caName.trimmed(), named->code));
    }
    for (const CaRecord& other : *cas) {
        if (named && other.id == named->id)
            continue;
        QList<QByteArray> names;
        if (!other.certificateDer.isEmpty()) {
            if (auto cert = pki::Certificate::parse(other.certificateDer))
                names << cert->subjectDer();
        }
        if (auto composed = CaDirectory::caSubject(other).toDer())
            names << *composed;
        for (const QByteArray& name : names)
            if (pki::CaCertificateCheck::sameName(name, subjectDer))
                return makeError(ErrorCode::Conflict,
                                 Issuance::tr("The subject of the certificate for %1 is the name of the CA %2 of this "
                                              "register: a CA certificate never names another CA (it names the issuer "
                                              "of every certificate and CRL).")
                                     .arg(caName.trimmed(), other.code));
    }
    return {};
}

// ---- the steps of an issuance ----

// 1. An approved application for a certificate (Rules::onlyApprovedIsIssued).
Result<ApplicationRow> approvedApplication(Database& db, qint64 applicationId) {
    auto app = db.row(QStringLiteral("SELECT ca_id, form_code, purpose, status, data, coalesce(person_id, 0), "
                                     "coalesce(organisation_id, 0), coalesce(replaces_certificate_id, 0) "
                                     "FROM applications WHERE id = ?"),
                      {applicationId});
    if (!app)
        return app.error();
    if (app->isEmpty())
        return makeError(ErrorCode::NotFound, Issuance::tr("There is no application number %1.").arg(applicationId));
    if (app->at(2).toString() != u"issue")
        return makeError(ErrorCode::Invalid,
                         Issuance::tr("Application %1 is not an application for a certificate.").arg(applicationId));
    if (Status s = Rules::onlyApprovedIsIssued(applicationId, app->at(3).toString()); !s)
        return s.error();
    ApplicationRow row;
    row.id = applicationId;
    row.caId = app->at(0).toLongLong();
    row.formCode = app->at(1).toString();
    row.data = QJsonDocument::fromJson(app->at(4).toString().toUtf8()).object();
    row.personId = app->at(5).toLongLong();
    row.organisationId = app->at(6).toLongLong();
    row.replacesId = app->at(7).toLongLong();
    return row;
}

// 2. A CA that can sign now.
Result<CaRecord> issuingCa(Register& reg, qint64 caId) {
    auto ca = reg.cas().find(caId);
    if (!ca)
        return ca.error();
    if (ca->certificateDer.isEmpty() || ca->keyUri.isEmpty())
        return makeError(
            ErrorCode::Conflict,
            Issuance::tr("The CA %1 has no key and certificate yet: an administrator sets up its key (Settings → CAs → "
                         "Set up key…, or the command ca init).")
                .arg(ca->code));
    if (ca->terminatedAt.isValid())
        return makeError(ErrorCode::Conflict, Issuance::tr("The CA %1 has ceased operation.").arg(ca->code));
    // A national or government CA does not issue certificates without CDP, freshestCRL, AIA and CPS.
    if (Status s = CaDirectory::checkReadyToIssue(*ca); !s)
        return s.error();
    return ca;
}

// 3. The holder's public key: from the CSR (proof of possession checked), or a key pair made here.
Result<HolderKey> holderKey(const QByteArray* csrBytes, const KeyOnMedia* media, const IssuePlan& plan) {
    HolderKey key;
    if (csrBytes) {
        auto parsed = pki::Csr::parse(*csrBytes);
        if (!parsed)
            return makeError(ErrorCode::Invalid,
                             Issuance::tr("The certificate request is refused: %1").arg(parsed.message()));
        key.csr.emplace(std::move(parsed.value()));
        key.publicKey = key.csr->publicKey();
        key.description = key.csr->keyDescription();
        return key;
    }
    if (plan.caCertificate)
        return makeError(ErrorCode::Invalid, Issuance::tr("A CA generates its own key: issue a CA certificate from the "
                                                          "CA's certificate request."));
    if (Status s = Rules::holderPassword(media->password); !s)
        return s.error();
    if (plan.government && media->mediaSerial.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, Issuance::tr("The Government Bodies CA records the serial number of the "
                                                          "key media: enter it."));
    auto generated = pki::KeyGenerator::generate(media->algorithm);
    if (!generated)
        return generated.error();
    key.generated = std::move(generated.value());
    key.publicKey = key.generated.get();
    key.description = pki::KeyGenerator::describe(media->algorithm);
    return key;
}

// 3b. The validity the rules in force allow for the form and the key's media (RulesBook: the seed forms
// print "1 жыл / 1 год"). A longer request is cut to the rule, with a note in the issuance event. A key
// generated here goes into a PKCS#12 file, whatever media the application named.
void validityUnderRules(IssuePlan& plan, const RulesEdition& rules, const QString& formCode, const QJsonObject& d,
                        bool keyInFile) {
    const bool token = !keyInFile && str(d, "key_media") == u"token";
    const ValidityRule rule = rules.validity.value(formCode);
    const int allowed = rule.maxYears(token);
    if (allowed > 0 && plan.years > allowed) {
        plan.notes << Issuance::tr("The application asks for %1 years; the rules in force (%2, %3) allow at most %4 "
                                   "for a key %5: the certificate is valid %4 year(s).")
                          .arg(plan.years)
                          .arg(rules.tag(), rule.clause)
                          .arg(allowed)
                          .arg(token ? Issuance::tr("on a token") : Issuance::tr("in a file"));
        plan.years = allowed;
    }
}

// 4. What the certificate will say (all but the serial).
pki::CertificateSpec certificateSpec(const CaRecord& ca, const IssuePlan& plan, const QDateTime& now) {
    pki::CertificateSpec spec;
    spec.subject = plan.subject;
    spec.profile = plan.profile;
    spec.notBefore = wholeSeconds(now);
    // plan.years is already within the rules in force for the key's media (validityUnderRules).
    spec.notAfter = spec.notBefore.addYears(plan.years);
    spec.email = plan.email;
    // CDP, freshestCRL, AIA caIssuers + OCSP, CPS and a sub-CA's configured policies (ca set).
    CaDirectory::applyPointers(ca, spec);
    // A subordinate CA's certificate never outlives its issuer.
    if (plan.caCertificate) {
        auto issuerCert = pki::Certificate::parse(ca.certificateDer);
        if (issuerCert && spec.notAfter > issuerCert->notAfter())
            spec.notAfter = wholeSeconds(issuerCert->notAfter());
    }
    return spec;
}

// The PKCS#12 path must be free. A file there that opens with the holder's password and holds a
// certificate the register never recorded is what an issuance killed between writing the key file and
// its commit left: nothing was recorded (the application is still approved), so the operator deletes
// it and issues again — said so rather than a bare "exists".
Status pkcs12PathFree(Database& db, const QString& path, const QString& password) {
    Status free = OutputFiles::checkNew(path);
    if (free || !QFileInfo(path).isFile())
        return free;
    auto contents = pki::Pkcs12::read(path, password);
    if (!contents || !contents->certificate)
        return free;
    auto cert = pki::Certificate::fromX509(contents->certificate.get());
    if (!cert)
        return free;
    auto known = db.scalar(QStringLiteral("SELECT count(*) FROM certificates WHERE serial = ?"), {cert->serialHex()});
    if (!known)
        return known.error();
    if (known->toInt() > 0)
        return free;
    return makeError(ErrorCode::Conflict,
                     Issuance::tr("%1 holds a key and certificate (serial %2) that the register never recorded: an "
                                  "earlier issuance was interrupted before it was recorded, so that certificate was "
                                  "never issued. Destroy that file and issue again.")
                         .arg(path, cert->serialHex()));
}

// ---- an issuance in steps: prepared before the write lock, recorded inside it, returned after the
// commit. issue() runs them for one application; issueBatchFromCsrs() for many, committing in groups.
// Every rule is in these steps, so both paths apply the same ones. ----

// The holder's key(s): from the request(s), checked (proof of possession, strength), or generated. No
// register access: a batch's signing threads run it.
Status attachKeys(Prepared& p, const QByteArray* csr, const KeyOnMedia* media, const IssueOptions& options) {
    for (std::size_t i = 0; i < p.plans.size(); ++i) {
        auto key = holderKey(csr ? (i == 0 ? csr : &options.authCsr) : nullptr, media, p.plans[i]);
        if (!key)
            return key.error();
        // A request's key as the request carries it (when that is its DER encoding already), else encoded.
        auto encoded = key->csr ? key->csr->encodedKey() : pki::EncodedKey::of(key->publicKey);
        if (!encoded)
            return encoded.error();
        p.spki << pki::KeyPolicy::spkiSha256Hex(*encoded);
        key->encoded.emplace(std::move(encoded.value()));
        p.keys.push_back(std::move(key.value()));
    }
    if (p.keys.size() > 1 && p.spki.at(0) == p.spki.at(1))
        return makeError(ErrorCode::Conflict, Issuance::tr("The signing and the authentication requests carry the same "
                                                           "public key: each certificate needs its own key pair."));
    return {};
}

// keysLater: the caller runs attachKeys() itself (a batch: on its signing threads).
Result<Prepared> prepareIssue(Register& reg, IssueContext& context, qint64 applicationId, const QByteArray* csr,
                              const KeyOnMedia* media, const IssueOptions& options, bool keysLater) {
    auto app = approvedApplication(reg.db(), applicationId);
    if (!app)
        return app.error();
    Prepared p;
    p.app = std::move(app.value());
    p.writesKeyFile = media && !media->pkcs12Path.isEmpty();
    if (p.writesKeyFile) {
        if (Status s = pkcs12PathFree(reg.db(), media->pkcs12Path, media->password); !s)
            return s.error();
    }
    auto known = context.cas.find(p.app.caId);
    if (known == context.cas.end()) {
        auto ca = issuingCa(reg, p.app.caId);
        if (!ca)
            return ca.error();
        auto years = detail::recordYears(reg, *ca);
        if (!years)
            return years.error();
        auto entry = std::make_unique<CaContext>();
        // A CA whose own certificate its register parent revoked issues nothing (attack of session 29, F6);
        // checked again inside every recording transaction (recordIssue).
        if (Status s = CaDirectory::checkCertificateNotRevoked(reg.db(), *ca, &entry->certificateSerial); !s)
            return s.error();
        entry->ca = std::move(ca.value());
        entry->years = *years;
        known = context.cas.emplace(p.app.caId, std::move(entry)).first;
    }
    p.ca = known->second.get();
    auto plan = planFor(p.app.formCode, p.app.data, options.personIndex);
    if (!plan)
        return plan.error();
    p.plan = std::move(plan.value());
    if (Status s = resolveCaSubject(reg, p.plan); !s)
        return s.error();
    if (options.revokeReplaced && p.app.replacesId == 0)
        return makeError(
            ErrorCode::Invalid,
            Issuance::tr("Application %1 replaces no certificate; there is nothing to revoke as superseded.")
                .arg(applicationId));
    // One certificate, or two for an application for signing and authentication (each with its own key).
    p.plans.push_back(p.plan);
    if (p.plan.authProfile) {
        IssuePlan authPlan = p.plan;
        authPlan.profile = *p.plan.authProfile;
        authPlan.authProfile.reset();
        p.plans.push_back(authPlan);
    }
    if (csr && p.plans.size() > 1 && options.authCsr.isEmpty())
        return makeError(ErrorCode::Usage,
                         Issuance::tr("Application %1 asks for signing and authentication: both certificates are "
                                      "issued together, each for its own key. Give the request of the authentication "
                                      "key too.")
                             .arg(applicationId));
    if (p.writesKeyFile && p.plans.size() > 1) {
        if (media->authPkcs12Path.isEmpty() ||
            QFileInfo(media->authPkcs12Path).absoluteFilePath() == QFileInfo(media->pkcs12Path).absoluteFilePath())
            return makeError(ErrorCode::Usage,
                             Issuance::tr("Application %1 asks for signing and authentication: the authentication "
                                          "key is generated too and needs a PKCS#12 file of its own.")
                                 .arg(applicationId));
        if (Status s = pkcs12PathFree(reg.db(), media->authPkcs12Path, media->password); !s)
            return s.error();
    }
    if (p.plans.size() == 1 && !options.authCsr.isEmpty())
        return makeError(ErrorCode::Usage, Issuance::tr("Application %1 asks for one certificate (%2): there is no "
                                                        "authentication certificate to issue from a second request.")
                                               .arg(applicationId)
                                               .arg(p.plan.profile.id()));
    if (!context.now.isValid())
        context.now = reg.clock().now();
    if (!context.rules) {
        auto rules = reg.rules().at(context.now);
        if (!rules)
            return rules.error();
        context.rules.emplace(std::move(rules.value()));
    }
    if (p.plan.government) {
        if (Status s = Rules::governmentIssuance(
                *context.rules, csr != nullptr, keysLater, media ? media->mediaSerial : options.mediaSerial,
                options.outsideCsrReason, options.mediaRecipient, context.now.toTimeZone(Clock::zone()).date());
            !s)
            return s.error();
    }
    if (!keysLater) {
        if (Status s = attachKeys(p, csr, media, options); !s)
            return s.error();
    }
    // A key generated here goes into a PKCS#12 file (validityUnderRules).
    for (std::size_t i = 0; i < p.plans.size(); ++i)
        validityUnderRules(p.plans[i], *context.rules, p.app.formCode, p.app.data, media != nullptr);
    return p;
}

} // namespace issuance

using namespace issuance;

Result<IssueResult> Issuance::issueFromCsr(const Session& by, qint64 applicationId, const QByteArray& csr,
                                           const pki::SecretSource& caKeySecret, const IssueOptions& options) {
    return issue(by, applicationId, &csr, nullptr, caKeySecret, options);
}

Result<IssueResult> Issuance::issueWithGeneratedKey(const Session& by, qint64 applicationId, const KeyOnMedia& media,
                                                    const pki::SecretSource& caKeySecret, const IssueOptions& options) {
    return issue(by, applicationId, nullptr, &media, caKeySecret, options);
}

Result<QStringList> Issuance::profilesFor(qint64 applicationId, int personIndex) {
    auto app = approvedApplication(m_reg.db(), applicationId);
    if (!app)
        return app.error();
    auto plan = planFor(app->formCode, app->data, personIndex);
    if (!plan)
        return plan.error();
    QStringList profiles{plan->profile.id()};
    if (plan->authProfile)
        profiles << plan->authProfile->id();
    return profiles;
}

Result<IssueResult> Issuance::issue(const Session& by, qint64 applicationId, const QByteArray* csr,
                                    const KeyOnMedia* media, const pki::SecretSource& caKeySecret,
                                    const IssueOptions& options) {
    // Everything that can be checked before the write lock: right, application, CA, plan, keys.
    if (Status s = Roles::require(by, Permission::IssueCertificate); !s)
        return s.error();
    IssueContext context;
    auto prepared = prepareIssue(m_reg, context, applicationId, csr, media, options);
    if (!prepared)
        return prepared.error();
    auto signer = m_reg.keyring().signer(prepared->ca->ca, caKeySecret);
    if (!signer)
        return signer.error();

    // Under the write lock: check again, then record everything or nothing.
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    const auto failed = [&tx](const Error& e) -> Error {
        tx.fail(e);
        return e;
    };
    auto serviceKeys = CertifiedKeys::serviceKeys(m_reg.db());
    if (!serviceKeys)
        return failed(serviceKeys.error());
    context.serviceKeys = std::move(serviceKeys.value());
    auto recorded = recordIssue(m_reg, by, context, prepared.value(), **signer, media, options, nullptr);
    if (!recorded)
        return failed(recorded.error());
    // The holder's keys reach their files before the certificates are recorded: a crash from here on
    // leaves either recorded certificates with their key files, or key files of certificates never recorded
    // (pkcs12PathFree names them on the next attempt) — never a valid certificate whose key is lost.
    std::vector<QString> written;
    const auto removeWritten = [&written] {
        for (const QString& path : written)
            QFile::remove(path);
    };
    if (prepared->writesKeyFile) {
        for (std::size_t i = 0; i < recorded->recorded.size(); ++i) {
            const QString& path = i == 0 ? media->pkcs12Path : media->authPkcs12Path;
            if (Status s = OutputFiles::writeNew(path, recorded->recorded[i].made.pkcs12, FileSecrecy::Secret); !s) {
                removeWritten();
                return failed(s.error());
            }
            written.push_back(path);
        }
        faultPoint("issue-after-pkcs12-write");
    }
    if (Status s = tx.commit(); !s) {
        removeWritten(); // never recorded: their keys and certificates must not survive
        return s.error();
    }
    faultPoint("issue-after-commit");
    return resultOf(*prepared, *recorded);
}

} // namespace tirkeu::registry
