#include "app/cli/OcspCommands.h"

#include "app/cli/CaPassphrase.h"
#include "pki/Certificate.h"
#include "registry/OcspSigning.h"
#include "registry/OutputFiles.h"

namespace tirkeu::cli {

namespace {
const char kSignerPassphraseEnv[] = "TIRKEU_OCSP_PASSPHRASE";

// The certificate as PEM into a new file (never replaces one).
// Never over an existing file or through a symbolic link, a dangling one too (attack of session 33, C5).
Status writeCertificate(const QString& path, const QByteArray& der) {
    auto cert = pki::Certificate::parse(der);
    if (!cert)
        return cert.error();
    return registry::OutputFiles::writeNew(path, cert->pem(), registry::FileSecrecy::Public);
}

QJsonObject resultJson(const registry::OcspSignerResult& r) {
    QJsonObject o{{QStringLiteral("ca"), r.caCode},
                  {QStringLiteral("issued"), r.issued},
                  {QStringLiteral("serial"), r.serialHex},
                  {QStringLiteral("not_before"), isoTime(r.notBefore)},
                  {QStringLiteral("not_after"), isoTime(r.notAfter)}};
    if (!r.keyUri.isEmpty())
        o.insert(QStringLiteral("key_uri"), r.keyUri);
    if (!r.fingerprint.isEmpty())
        o.insert(QStringLiteral("key_fingerprint"), r.fingerprint);
    return o;
}
} // namespace

void addOcspCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<OcspInitSignerCommand>());
    all.push_back(std::make_unique<OcspRenewSignerCommand>());
}

// ---- ocsp init-signer ----

QString OcspInitSignerCommand::summary() const {
    return tr("Issue a CA's delegated OCSP signing certificate for tirkeu-ocsp (officers and administrators)");
}

void OcspInitSignerCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("key-out", po::value<std::string>()->value_name("FILE"),
         tr("new file for the signer's key (encrypted PKCS#8, never overwritten)").toStdString().c_str()) //
        ("key-algorithm", po::value<std::string>()->default_value("p256")->value_name("ALG"),
         tr("algorithm of the new key: p256, p384, rsa2048, rsa3072, rsa4096").toStdString().c_str()) //
        ("passphrase-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the new key's passphrase (else $TIRKEU_OCSP_PASSPHRASE)")
             .toStdString()
             .c_str()) //
        ("key-uri", po::value<std::string>()->value_name("URI"),
         tr("instead of --key-out: an existing key (pkcs11:token=…;object=… or an encrypted key file)")
             .toStdString()
             .c_str()) //
        ("pin-file", po::value<std::string>()->value_name("FILE"),
         tr("with --key-uri: file whose first line is the token PIN or key passphrase").toStdString().c_str()) //
        ("cert-out", po::value<std::string>()->value_name("FILE"),
         tr("also write the certificate (PEM) to this new file").toStdString().c_str()) //
        ("days", po::value<int>()->default_value(30)->value_name("N"),
         tr("validity of the certificate in days").toStdString().c_str());
    addCaPassphraseOption(d);
}

int OcspInitSignerCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::OcspSignerRequest request;
    request.caCode = qs(vm, "ca");
    request.days = vm["days"].as<int>();
    if (has(vm, "key-uri") == has(vm, "key-out"))
        return ctx.fail(ErrorCode::Usage,
                        tr("Give either --key-out FILE (a new key) or --key-uri URI (an existing key)."));
    // Signed in first: nobody is asked for a passphrase who may not set up a signer anyway.
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    if (Status s = registry::Roles::require(*session, registry::Permission::ManageOcspSigner); !s)
        return ctx.fail(s.error());
    if (has(vm, "key-uri")) {
        request.existingKeyUri = qs(vm, "key-uri");
        if (!has(vm, "pin-file"))
            return ctx.fail(ErrorCode::Usage, tr("--key-uri needs --pin-file FILE."));
        request.keySecret = pki::SecretSource::fromFile(qs(vm, "pin-file"));
    } else {
        auto algorithm = pki::KeyGenerator::parse(qs(vm, "key-algorithm"));
        if (!algorithm)
            return ctx.fail(ErrorCode::Usage, algorithm.message());
        request.algorithm = *algorithm;
        auto passphrase =
            CliContext::readSecret(qs(vm, "passphrase-file"), kSignerPassphraseEnv, tr("OCSP signing key passphrase"));
        if (!passphrase)
            return ctx.fail(passphrase.error());
        request.keyOut = qs(vm, "key-out");
        request.passphrase = *passphrase;
    }
    if (has(vm, "cert-out")) { // before any work: an existing file or a link, a dangling one too (C5)
        if (Status s = registry::OutputFiles::checkNew(qs(vm, "cert-out")); !s)
            return ctx.fail(s.error());
    }
    auto caSecret = caPassphraseSource(vm);
    if (!caSecret)
        return ctx.fail(caSecret.error());
    request.caKeySecret = *caSecret;
    auto result = registry::OcspSigning(**ctx.reg()).init(*session, request);
    if (!result)
        return ctx.fail(result.error());
    if (has(vm, "cert-out")) {
        if (Status s = writeCertificate(qs(vm, "cert-out"), result->der); !s)
            return ctx.fail(s.error());
    }
    if (ctx.json()) {
        ctx.printJson(resultJson(*result));
        return 0;
    }
    ctx.out() << tr("OCSP signing certificate %1 of CA %2 issued, valid until %3; key %4 (SHA-256 %5).")
                     .arg(result->serialHex, result->caCode, isoTime(result->notAfter), result->keyUri,
                          result->fingerprint)
              << '\n';
    ctx.out().flush();
    return 0;
}

// ---- ocsp renew-signer ----

QString OcspRenewSignerCommand::summary() const {
    return tr("Renew a CA's OCSP signing certificate when it expires soon (scheduled job; officers and "
              "administrators)");
}

void OcspRenewSignerCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("within-days", po::value<int>()->default_value(7)->value_name("N"),
         tr("renew when the current certificate expires within N days").toStdString().c_str()) //
        ("days", po::value<int>()->default_value(30)->value_name("N"),
         tr("validity of the new certificate in days").toStdString().c_str()) //
        ("force", tr("renew now, whatever the expiry").toStdString().c_str());
    addCaPassphraseOption(d);
}

int OcspRenewSignerCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto caSecret = caPassphraseSource(vm);
    if (!caSecret)
        return ctx.fail(caSecret.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto result = registry::OcspSigning(**ctx.reg())
                      .renew(*session, qs(vm, "ca"), *caSecret, vm["days"].as<int>(), vm["within-days"].as<int>(),
                             has(vm, "force"));
    if (!result)
        return ctx.fail(result.error());
    if (ctx.json()) {
        ctx.printJson(resultJson(*result));
        return 0;
    }
    if (result->issued)
        ctx.out() << tr("OCSP signing certificate %1 of CA %2 issued, valid until %3.")
                         .arg(result->serialHex, result->caCode, isoTime(result->notAfter))
                  << '\n';
    else
        ctx.out() << tr("The OCSP signing certificate %1 of CA %2 is valid until %3; not renewed yet.")
                         .arg(result->serialHex, result->caCode, isoTime(result->notAfter))
                  << '\n';
    ctx.out().flush();
    return 0;
}

} // namespace tirkeu::cli
