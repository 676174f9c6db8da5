#include "app/cli/CertificateCommands.h"
#include "app/cli/IssueBatchCommand.h"

#include "app/cli/CaPassphrase.h"
#include "app/cli/Table.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/InputFiles.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/OutputFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSaveFile>

#include <map>
#include <set>

namespace tirkeu::cli {

using registry::CaEngine;
using registry::CertificateRecord;

void addCertificateCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CertificateIssueCommand>());
    all.push_back(std::make_unique<CertificateIssueBatchCommand>());
    all.push_back(std::make_unique<CertificateListCommand>());
    all.push_back(std::make_unique<CertificateShowCommand>());
    all.push_back(std::make_unique<CertificateRevokeCommand>());
    all.push_back(std::make_unique<CertificateReleaseCommand>());
}

namespace {

QJsonObject toJson(const CertificateRecord& c) {
    QJsonObject o{{QStringLiteral("serial"), c.serialHex},
                  {QStringLiteral("ca"), c.caCode},
                  {QStringLiteral("subject"), c.subject},
                  {QStringLiteral("profile"), c.profile},
                  {QStringLiteral("status"), c.status},
                  {QStringLiteral("not_before"), isoTime(c.notBefore)},
                  {QStringLiteral("not_after"), isoTime(c.notAfter)},
                  {QStringLiteral("application"), c.applicationId},
                  {QStringLiteral("issued_by"), c.issuedBy},
                  {QStringLiteral("issued_at"), isoTime(c.issuedAt)},
                  {QStringLiteral("retention_until"), isoTime(c.retentionUntil)}};
    if (c.revokedAt.isValid()) {
        o.insert(QStringLiteral("revoked_at"), isoTime(c.revokedAt));
        o.insert(QStringLiteral("reason"), CaEngine::reasonName(c.reasonCode));
        o.insert(QStringLiteral("basis"), c.basisKind);
        o.insert(QStringLiteral("basis_document"), c.basisDocument);
    }
    if (!c.mediaRecipient.isEmpty()) // Government Bodies CA: who received the key media
        o.insert(QStringLiteral("media_recipient"), c.mediaRecipient);
    if (!c.outsideCsrReason.isEmpty())
        o.insert(QStringLiteral("outside_csr_reason"), c.outsideCsrReason);
    return o;
}

// What became of the CRL a key compromise made due: published (stderr), or a warning that it is owed.
void reportDelta(CliContext& ctx, const std::optional<registry::CrlPublication>& crl, const QString& problem) {
    if (crl)
        ctx.err() << (crl->deltaBase ? CertificateRevokeCommand::tr("Delta CRL number %1 published at once (%2 "
                                                                    "entries): %3")
                                     : CertificateRevokeCommand::tr("CRL number %1 published at once (%2 entries): %3"))
                         .arg(crl->number)
                         .arg(crl->entries)
                         .arg(crl->derPath)
                  << Qt::endl;
    if (crl && !crl->warning.isEmpty())
        ctx.err() << CertificateRevokeCommand::tr("Warning: %1").arg(crl->warning) << Qt::endl;
    if (!problem.isEmpty())
        ctx.err() << CertificateRevokeCommand::tr("Warning: %1").arg(problem) << Qt::endl;
}

// An ISO 8601 date ("2026-12-01", midnight) or date and time; Almaty time unless the text gives a zone.
Result<QDateTime> parseMoment(const QString& text) {
    QDateTime when = QDateTime::fromString(text, Qt::ISODate);
    if (!when.isValid()) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (day.isValid())
            when = QDateTime(day, QTime(0, 0));
    }
    if (!when.isValid())
        return makeError(ErrorCode::Usage, CertificateRevokeCommand::tr("Not an ISO 8601 date or date and time: %1 "
                                                                        "(e.g. 2026-12-01 or 2026-12-01T09:30).")
                                               .arg(text));
    if (when.timeSpec() == Qt::LocalTime)
        when = QDateTime(when.date(), when.time(), registry::Clock::zone());
    return when.toUTC();
}

// "both.p12" → "both-auth.p12": where the authentication certificate of a sign+auth application goes
// when no name is given for it.
QString authSibling(const QString& path) {
    const QFileInfo info(path);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? info.fileName() : info.fileName().chopped(suffix.size() + 1);
    const QString name = base + QStringLiteral("-auth") + (suffix.isEmpty() ? QString() : QStringLiteral(".") + suffix);
    return info.path() == u"." && !path.startsWith(QStringLiteral("./")) ? name
                                                                         : info.path() + QStringLiteral("/") + name;
}

} // namespace

QString CertificateIssueCommand::summary() const {
    return tr("Issue the certificate of an approved application: from the holder's CSR, or with a key generated onto "
              "the key media as PKCS#12 (officers)");
}

void CertificateIssueCommand::addOptions(po::options_description& d) const {
    d.add_options()("application", po::value<std::string>()->required()->value_name("N"),
                    tr("application number").toStdString().c_str()) //
        ("csr", po::value<std::string>()->value_name("FILE"),
         tr("the holder's PKCS#10 request (PEM or DER)").toStdString().c_str()) //
        ("pkcs12-out", po::value<std::string>()->value_name("FILE"),
         tr("instead of --csr: generate the holder's key and write it with the certificate to this PKCS#12 file")
             .toStdString()
             .c_str()) //
        ("pkcs12-password-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the holder's password for the PKCS#12 (at least 8 characters)")
             .toStdString()
             .c_str()) //
        ("key-algorithm", po::value<std::string>()->default_value("rsa2048")->value_name("ALG"),
         tr("with --pkcs12-out: rsa2048, rsa3072, rsa4096, p256 or p384").toStdString().c_str()) //
        ("media-serial", po::value<std::string>()->value_name("TEXT"),
         tr("serial number of the key media (required by the Government Bodies CA)").toStdString().c_str()) //
        ("recipient-name", po::value<std::string>()->value_name("TEXT"),
         tr("Government Bodies CA: the employee named in the body's internal order who receives the key media")
             .toStdString()
             .c_str()) //
        ("recipient-position", po::value<std::string>()->value_name("TEXT"),
         tr("Government Bodies CA: that employee's position").toStdString().c_str()) //
        ("recipient-order", po::value<std::string>()->value_name("TEXT"),
         tr("Government Bodies CA: the number of the body's internal order").toStdString().c_str()) //
        ("recipient-order-date", po::value<std::string>()->value_name("YYYY-MM-DD"),
         tr("Government Bodies CA: the date of the body's internal order").toStdString().c_str()) //
        ("outside-csr-reason", po::value<std::string>()->value_name("TEXT"),
         tr("Government Bodies CA with --csr: why the key was not generated here (recorded; only where the rules in "
            "force allow it)")
             .toStdString()
             .c_str()) //
        ("person", po::value<int>()->value_name("N"),
         tr("a government body's letter: the listed person (1, 2, …) to issue for").toStdString().c_str()) //
        ("revoke-replaced",
         tr("re-issue: revoke the replaced certificate as superseded in the same step").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE"),
         tr("new file for the certificate (DER for .der/.cer, else PEM)").toStdString().c_str()) //
        ("auth-csr", po::value<std::string>()->value_name("FILE"),
         tr("signing and authentication: the request of the authentication key (--csr is the signing key's)")
             .toStdString()
             .c_str()) //
        ("auth-pkcs12-out", po::value<std::string>()->value_name("FILE"),
         tr("signing and authentication: PKCS#12 file for the authentication key (default: the --pkcs12-out name "
            "with -auth before the extension)")
             .toStdString()
             .c_str()) //
        ("auth-out", po::value<std::string>()->value_name("FILE"),
         tr("signing and authentication: file for the authentication certificate (default: the --out name with "
            "-auth before the extension)")
             .toStdString()
             .c_str());
    addCaPassphraseOption(d);
}

int CertificateIssueCommand::run(CliContext& ctx, const po::variables_map& vm) {
    bool isNumber = false;
    const qint64 application = qs(vm, "application").toLongLong(&isNumber);
    if (!isNumber || application <= 0)
        return ctx.fail(ErrorCode::Usage,
                        tr("An application number is a positive whole number: %1").arg(qs(vm, "application")));
    const bool generate = has(vm, "pkcs12-out");
    if (generate == has(vm, "csr"))
        return ctx.fail(ErrorCode::Usage, tr("Give either --csr FILE (the holder's request) or --pkcs12-out FILE "
                                             "(a key generated here), not both."));
    const QString out = qs(vm, "out");
    if (Status free = registry::OutputFiles::checkNew(out); !free)
        return ctx.fail(free.error());
    if (generate) {
        // The PKCS#12 paths are checked (and the files written) by the issuance itself.
        if (has(vm, "auth-csr"))
            return ctx.fail(ErrorCode::Usage, tr("--auth-csr goes with --csr; with --pkcs12-out both keys are "
                                                 "generated here."));
    } else if (has(vm, "auth-pkcs12-out")) {
        return ctx.fail(ErrorCode::Usage, tr("--auth-pkcs12-out goes with --pkcs12-out (keys generated here)."));
    }
    registry::IssueOptions options;
    if (has(vm, "person")) {
        if (vm["person"].as<int>() < 1)
            return ctx.fail(ErrorCode::Usage, tr("--person counts from 1."));
        options.personIndex = vm["person"].as<int>() - 1;
    }
    options.revokeReplaced = has(vm, "revoke-replaced");
    auto secret = caPassphraseSource(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    CaEngine engine(**ctx.reg());
    // An application for signing and authentication gets two certificates, each with its own key: the
    // second key's request or PKCS#12 file and the second certificate's file are settled before issuing.
    auto profiles = engine.profilesFor(application, options.personIndex);
    if (!profiles)
        return ctx.fail(profiles.error());
    const bool both = profiles->size() > 1;
    const QString authOut = has(vm, "auth-out") ? qs(vm, "auth-out") : authSibling(out);
    const QString authPkcs12 = has(vm, "auth-pkcs12-out") ? qs(vm, "auth-pkcs12-out")
                               : generate                 ? authSibling(qs(vm, "pkcs12-out"))
                                                          : QString();
    if (both) {
        if (!generate && !has(vm, "auth-csr"))
            return ctx.fail(ErrorCode::Usage,
                            tr("Application %1 asks for signing and authentication: give the authentication key's "
                               "request with --auth-csr FILE (--csr is the signing key's).")
                                .arg(application));
        if (Status free = registry::OutputFiles::checkNew(authOut); !free)
            return ctx.fail(free.error());
    } else if (has(vm, "auth-csr") || has(vm, "auth-out") || has(vm, "auth-pkcs12-out")) {
        return ctx.fail(ErrorCode::Usage, tr("Application %1 asks for one certificate (%2): the --auth-… options "
                                             "are for applications for signing and authentication.")
                                              .arg(application)
                                              .arg(profiles->join(QStringLiteral(", "))));
    }
    QByteArray csr;
    registry::KeyOnMedia media;
    if (generate) {
        if (!has(vm, "pkcs12-password-file"))
            return ctx.fail(ErrorCode::Usage, tr("--pkcs12-out needs --pkcs12-password-file FILE."));
        auto password = CliContext::readSecret(qs(vm, "pkcs12-password-file"), "", tr("holder's PKCS#12 password"));
        if (!password)
            return ctx.fail(password.error());
        auto algorithm = pki::KeyGenerator::parse(qs(vm, "key-algorithm"));
        if (!algorithm)
            return ctx.fail(ErrorCode::Usage, algorithm.message());
        media.algorithm = *algorithm;
        media.password = *password;
        media.mediaSerial = qs(vm, "media-serial");
        // Written by the issuance itself, before the certificate is recorded (README "Crash safety").
        media.pkcs12Path = qs(vm, "pkcs12-out");
        if (both)
            media.authPkcs12Path = authPkcs12;
    } else {
        auto read = pki::Csr::readFile(qs(vm, "csr"));
        if (!read)
            return ctx.fail(read.error());
        csr = *read;
        if (both) {
            auto authRead = pki::Csr::readFile(qs(vm, "auth-csr"));
            if (!authRead)
                return ctx.fail(authRead.error());
            options.authCsr = *authRead;
        }
        options.mediaSerial = qs(vm, "media-serial"); // the holder's own key media: journal column 6
    }
    options.mediaRecipient.name = qs(vm, "recipient-name").trimmed();
    options.mediaRecipient.position = qs(vm, "recipient-position").trimmed();
    options.mediaRecipient.orderNumber = qs(vm, "recipient-order").trimmed();
    if (has(vm, "recipient-order-date")) {
        options.mediaRecipient.orderDate = QDate::fromString(qs(vm, "recipient-order-date").trimmed(), Qt::ISODate);
        if (!options.mediaRecipient.orderDate.isValid())
            return ctx.fail(
                ErrorCode::Usage,
                tr("--recipient-order-date is a date (YYYY-MM-DD): %1").arg(qs(vm, "recipient-order-date")));
    }
    options.outsideCsrReason = qs(vm, "outside-csr-reason").trimmed();
    auto issued = generate ? engine.issueWithGeneratedKey(*session, application, media, *secret, options)
                           : engine.issueFromCsr(*session, application, csr, *secret, options);
    media.password.fill(u'\0');
    if (!issued)
        return ctx.fail(issued.error());
    // Each certificate issued, with the files it goes to (the signing one first). The PKCS#12 files (the
    // only copies of the holders' private keys) are already written, 0600, by the issuance.
    struct Written {
        const registry::IssueResult* issued;
        QString certificate;
        QString pkcs12;
    };
    std::vector<Written> all{{&*issued, out, generate ? qs(vm, "pkcs12-out") : QString()}};
    for (const registry::IssueResult& also : issued->alsoIssued)
        all.push_back({&also, authOut, generate ? authPkcs12 : QString()});
    for (const Written& w : all) {
        if (Status written = registry::OutputFiles::writeCertificate(w.certificate, w.issued->der); !written)
            return ctx.fail(written.code(), tr("Certificate %1 is issued and recorded, but: %2 Export it with "
                                               "tirkeu-cli certificate show %1 --out FILE.")
                                                .arg(w.issued->serialHex, written.message()));
    }
    if (ctx.json()) {
        const auto describe = [&](const Written& w) {
            return QJsonObject{{QStringLiteral("serial"), w.issued->serialHex},
                               {QStringLiteral("application"), application},
                               {QStringLiteral("profile"), w.issued->profile},
                               {QStringLiteral("role"), w.issued->role},
                               {QStringLiteral("subject"), w.issued->subject},
                               {QStringLiteral("not_before"), isoTime(w.issued->notBefore)},
                               {QStringLiteral("not_after"), isoTime(w.issued->notAfter)},
                               {QStringLiteral("file"), w.certificate},
                               {QStringLiteral("pkcs12"), w.pkcs12},
                               {QStringLiteral("key_media_serial"), w.issued->keyMediaSerial},
                               {QStringLiteral("replaced"), w.issued->replacedSerial},
                               {QStringLiteral("application_done"), w.issued->applicationDone},
                               {QStringLiteral("notes"), QJsonArray::fromStringList(w.issued->notes)}};
        };
        QJsonObject first = describe(all.front());
        // sign+auth: the authentication certificate, described the same way.
        QJsonArray also;
        for (std::size_t i = 1; i < all.size(); ++i)
            also.append(describe(all[i]));
        if (!also.isEmpty())
            first.insert(QStringLiteral("also_issued"), also);
        ctx.printJson(first);
        return 0;
    }
    for (const Written& w : all) {
        ctx.out() << tr("Certificate %1 issued (%2) for %3, valid until %4; written to %5.")
                         .arg(w.issued->serialHex, w.issued->profile, w.issued->subject,
                              w.issued->notAfter.toString(Qt::ISODate), w.certificate)
                  << Qt::endl;
        if (generate)
            ctx.out() << tr("The holder's key and certificate are in %1 (PKCS#12, protected by the holder's "
                            "password).")
                             .arg(w.pkcs12)
                      << Qt::endl;
    }
    if (!issued->replacedSerial.isEmpty() && options.revokeReplaced)
        ctx.out() << tr("The replaced certificate %1 is revoked as superseded.").arg(issued->replacedSerial)
                  << Qt::endl;
    for (const QString& note : issued->notes)
        ctx.out() << tr("Note: %1").arg(note) << Qt::endl;
    return 0;
}

QString CertificateListCommand::summary() const {
    return tr("List issued certificates");
}

void CertificateListCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->value_name("CODE"), tr("only this CA").toStdString().c_str()) //
        ("status", po::value<std::string>()->value_name("STATUS"), tr("valid or revoked").toStdString().c_str())  //
        ("limit", po::value<int>()->default_value(200), tr("at most this many").toStdString().c_str())            //
        ("offset", po::value<int>()->default_value(0), tr("skip this many").toStdString().c_str());
}

int CertificateListCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::CertificateFilter f;
    f.caCode = qs(vm, "ca");
    f.status = qs(vm, "status");
    f.limit = vm["limit"].as<int>();
    f.offset = vm["offset"].as<int>();
    auto list = CaEngine(**ctx.reg()).certificates(*session, f);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const CertificateRecord& c : *list)
            arr.append(toJson(c));
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Serial"), tr("CA"), tr("Status"), tr("Profile"), tr("Valid until"), tr("Subject")});
    for (const CertificateRecord& c : *list)
        t.add({c.serialHex, c.caCode, c.status, c.profile, registry::displayDate(c.notAfter), c.subject});
    t.print(ctx.out());
    return 0;
}

QString CertificateShowCommand::summary() const {
    return tr("Show one certificate (and export it with --out)");
}

void CertificateShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("serial", po::value<std::string>()->required()->value_name("SERIAL"),
                    tr("serial number in hex (colons allowed)").toStdString().c_str())            //
        ("ca", po::value<std::string>()->value_name("CODE"), tr("CA code").toStdString().c_str()) //
        ("out", po::value<std::string>()->value_name("FILE"),
         tr("write the certificate (DER for .der/.cer, else PEM)").toStdString().c_str());
}

int CertificateShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto c = CaEngine(**ctx.reg()).certificate(*session, qs(vm, "ca"), qs(vm, "serial"));
    if (!c)
        return ctx.fail(c.error());
    if (has(vm, "out")) {
        if (Status written = registry::OutputFiles::writeCertificate(qs(vm, "out"), c->der); !written)
            return ctx.fail(written.error());
    }
    if (ctx.json()) {
        ctx.printJson(toJson(*c));
        return 0;
    }
    Table t({tr("Field"), tr("Value")});
    const QJsonObject o = toJson(*c);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isObject()) { // media_recipient (Government Bodies CA)
            const registry::MediaRecipient m = registry::MediaRecipient::fromJson(it.value().toObject());
            t.add({it.key(), tr("%1, %2 (internal order %3 of %4)")
                                 .arg(m.name, m.position, m.orderNumber, m.orderDate.toString(Qt::ISODate))});
            continue;
        }
        t.add({it.key(), it.value().isDouble() ? QString::number(it.value().toInteger()) : it.value().toString()});
    }
    t.print(ctx.out());
    return 0;
}

QString CertificateRevokeCommand::summary() const {
    return tr("Revoke a certificate with an RFC 5280 reason and a basis, or on the holder's signed request (officers)");
}

void CertificateRevokeCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->value_name("CODE"),
                    tr("CA code (with --signed-request: optional, the signer's CA)").toStdString().c_str()) //
        ("serial", po::value<std::string>()->value_name("HEX"),
         tr("serial number in hex (colons allowed)").toStdString().c_str()) //
        ("reason", po::value<std::string>()->value_name("R"),
         tr("unspecified, key_compromise, ca_compromise, affiliation_changed, superseded, cessation_of_operation, "
            "certificate_hold, privilege_withdrawn, aa_compromise (or the RFC 5280 number)")
             .toStdString()
             .c_str()) //
        ("basis", po::value<std::string>()->value_name("KIND"),
         tr("holder_application, court_decision, ca_termination or holder_left_job").toStdString().c_str()) //
        ("basis-document", po::value<std::string>()->value_name("TEXT"),
         tr("the document the revocation rests on (number, date; at most 500 characters)").toStdString().c_str()) //
        ("invalidity-date", po::value<std::string>()->value_name("WHEN"),
         tr("since when the key is known or suspected to be compromised (ISO 8601 date, or date and time; Almaty "
            "time unless a zone is given): the CRL entry's invalidityDate; not after the revocation, not in the "
            "future")
             .toStdString()
             .c_str()) //
        ("application", po::value<std::string>()->value_name("N"),
         tr("the revocation application; alone (without --serial, --reason, --basis): carry out that approved "
            "application")
             .toStdString()
             .c_str()) //
        ("signed-request", po::value<std::string>()->value_name("FILE.p7s"),
         tr("the holder's revocation application signed with the certificate (CMS, DER or PEM); replaces --serial, "
            "--reason, --basis and --application")
             .toStdString()
             .c_str());
    addCaPassphraseOption(d, tr("key compromise at a CA with a publish folder, to publish a delta CRL at once"));
}

int CertificateRevokeCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (has(vm, "signed-request"))
        return runSigned(ctx, vm);
    if (has(vm, "application") && !has(vm, "serial") && !has(vm, "reason") && !has(vm, "basis"))
        return runApplication(ctx, vm);
    for (const char* option : {"ca", "serial", "reason", "basis"}) {
        if (!has(vm, option))
            return ctx.fail(ErrorCode::Usage, tr("certificate revoke needs --%1 (or --signed-request FILE, or "
                                                 "--application N alone for an approved revocation application).")
                                                  .arg(QLatin1String(option)));
    }
    registry::RevokeRequest r;
    r.caCode = qs(vm, "ca");
    r.serial = qs(vm, "serial");
    r.reasonCode = CaEngine::reasonFromName(qs(vm, "reason"));
    if (r.reasonCode < 0)
        return ctx.fail(ErrorCode::Usage, tr("Unknown revocation reason %1 (see --help).").arg(qs(vm, "reason")));
    r.basisKind = qs(vm, "basis");
    r.basisDocument = qs(vm, "basis-document");
    if (has(vm, "invalidity-date")) {
        auto when = parseMoment(qs(vm, "invalidity-date"));
        if (!when)
            return ctx.fail(when.error());
        r.invalidityDate = *when;
    }
    if (has(vm, "application")) {
        bool isNumber = false;
        r.applicationId = qs(vm, "application").toLongLong(&isNumber);
        if (!isNumber || r.applicationId <= 0)
            return ctx.fail(ErrorCode::Usage,
                            tr("An application number is a positive whole number: %1").arg(qs(vm, "application")));
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto secret = optionalCaPassphrase(vm);
    if (!secret)
        return ctx.fail(secret.error());
    r.caKeySecret = *secret;
    CaEngine engine(**ctx.reg());
    registry::RevokeOutcome outcome;
    if (Status s = engine.revoke(*session, r, &outcome); !s)
        return ctx.fail(s.error());
    reportDelta(ctx, outcome.delta, outcome.deltaProblem);
    auto c = engine.certificate(*session, r.caCode, r.serial);
    if (!c)
        return ctx.fail(c.error());
    if (ctx.json()) {
        ctx.printJson(toJson(*c));
        return 0;
    }
    ctx.out() << tr("Certificate %1 of %2 revoked (%3) at %4.")
                     .arg(c->serialHex, c->caCode, CaEngine::reasonName(c->reasonCode), isoTime(c->revokedAt))
              << Qt::endl;
    return 0;
}

int CertificateRevokeCommand::runApplication(CliContext& ctx, const po::variables_map& vm) {
    bool isNumber = false;
    const qint64 application = qs(vm, "application").toLongLong(&isNumber);
    if (!isNumber || application <= 0)
        return ctx.fail(ErrorCode::Usage,
                        tr("An application number is a positive whole number: %1").arg(qs(vm, "application")));
    auto secret = optionalCaPassphrase(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    CaEngine engine(**ctx.reg());
    auto done = engine.revokeFromApplication(*session, application, *secret);
    if (!done)
        return ctx.fail(done.error());
    reportDelta(ctx, done->crl, done->crlProblem);
    if (ctx.json()) {
        QJsonArray serials;
        for (const QString& serial : done->serials)
            serials.append(serial);
        ctx.printJson(QJsonObject{{QStringLiteral("application"), application},
                                  {QStringLiteral("ca"), done->caCode},
                                  {QStringLiteral("revoked"), serials}});
        return 0;
    }
    ctx.out()
        << tr("Application %1 carried out: %2 revoked.").arg(application).arg(done->serials.join(QStringLiteral(", ")))
        << Qt::endl;
    return 0;
}

int CertificateRevokeCommand::runSigned(CliContext& ctx, const po::variables_map& vm) {
    for (const char* option : {"serial", "reason", "basis", "basis-document", "application"}) {
        if (has(vm, option))
            return ctx.fail(ErrorCode::Usage, tr("--%1 cannot be combined with --signed-request: the signed "
                                                 "application says what to revoke and why.")
                                                  .arg(QLatin1String(option)));
    }
    const QString path = qs(vm, "signed-request");
    QFile f;
    if (Status opened = pki::InputFiles::openRegular(f, path); !opened)
        return ctx.fail(opened.error());
    const QByteArray cms = f.read((1 << 20) + 1);
    auto secret = optionalCaPassphrase(vm);
    if (!secret)
        return ctx.fail(secret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    CaEngine engine(**ctx.reg());
    auto done = engine.revokeSigned(*session, cms, qs(vm, "ca"), *secret);
    if (!done)
        return ctx.fail(done.error());
    reportDelta(ctx, done->delta, done->deltaProblem);
    auto c = engine.certificate(*session, done->caCode, done->serialHex);
    if (!c)
        return ctx.fail(c.error());
    if (ctx.json()) {
        QJsonObject o = toJson(*c);
        o.insert(QStringLiteral("application"), done->applicationId);
        o.insert(QStringLiteral("form"), done->formCode);
        o.insert(QStringLiteral("signer_serial"), done->signerSerialHex);
        o.insert(QStringLiteral("holder"), done->holder);
        o.insert(QStringLiteral("request_sha256"), done->cmsSha256);
        if (done->delta)
            o.insert(QStringLiteral("delta_crl"), qint64(done->delta->number));
        if (!done->deltaProblem.isEmpty())
            o.insert(QStringLiteral("delta_problem"), done->deltaProblem);
        ctx.printJson(o);
        return 0;
    }
    ctx.out() << tr("Certificate %1 of %2 revoked (%3) at %4 on the holder's signed application %5 (%6, signed with "
                    "certificate %7).")
                     .arg(c->serialHex, c->caCode, CaEngine::reasonName(c->reasonCode), isoTime(c->revokedAt))
                     .arg(done->applicationId)
                     .arg(done->formCode, done->signerSerialHex)
              << Qt::endl;
    return 0;
}

QString CertificateReleaseCommand::summary() const {
    return tr("Lift a certificate hold: the certificate is valid again; the next delta CRL lists it as removeFromCRL "
              "and the next full CRL omits it (officers)");
}

void CertificateReleaseCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("serial", po::value<std::string>()->required()->value_name("HEX"),
         tr("serial number in hex of the certificate on hold").toStdString().c_str()) //
        ("basis", po::value<std::string>()->required()->value_name("KIND"),
         tr("holder_application, court_decision, ca_termination or holder_left_job").toStdString().c_str()) //
        ("basis-document", po::value<std::string>()->value_name("TEXT"),
         tr("the document the release rests on (number, date; at most 500 characters)").toStdString().c_str());
}

int CertificateReleaseCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::ReleaseRequest r;
    r.caCode = qs(vm, "ca");
    r.serial = qs(vm, "serial");
    r.basisKind = qs(vm, "basis");
    r.basisDocument = qs(vm, "basis-document");
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    CaEngine engine(**ctx.reg());
    if (Status s = engine.release(*session, r); !s)
        return ctx.fail(s.error());
    auto c = engine.certificate(*session, r.caCode, r.serial);
    if (!c)
        return ctx.fail(c.error());
    if (ctx.json()) {
        ctx.printJson(toJson(*c));
        return 0;
    }
    ctx.out() << tr("Certificate %1 of %2 is released from hold and valid again; the next delta CRL lists it as "
                    "removeFromCRL.")
                     .arg(c->serialHex, c->caCode)
              << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
