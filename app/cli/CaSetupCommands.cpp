#include "app/cli/CaSetupCommands.h"

#include "app/cli/CaPassphrase.h"

#include "pki/Certificate.h"
#include "pki/InputFiles.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/OutputFiles.h"

#include <QFileInfo>

namespace tirkeu::cli {

void addCaSetupCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<CaInitCommand>());
    all.push_back(std::make_unique<CaImportCertCommand>());
}

QString CaInitCommand::summary() const {
    return tr("Set up a CA's key: a self-signed root certificate, or a request to the parent CA (administrators)");
}

void CaInitCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("code of a CA added with ca add").toStdString().c_str()) //
        ("key-algorithm", po::value<std::string>()->default_value("rsa3072")->value_name("ALG"),
         tr("rsa2048, rsa3072, rsa4096, p256 or p384").toStdString().c_str()) //
        ("key-out", po::value<std::string>()->value_name("FILE"),
         tr("new file for the encrypted CA key (never overwritten)").toStdString().c_str()) //
        ("passphrase-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the new key's passphrase (else $TIRKEU_CA_PASSPHRASE)").toStdString().c_str()) //
        ("key-uri", po::value<std::string>()->value_name("URI"),
         tr("use an existing key instead: pkcs11:token=…;object=… (HSM/token) or file:PATH").toStdString().c_str()) //
        ("pin-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the token PIN or key passphrase for --key-uri (else $TIRKEU_CA_PASSPHRASE)")
             .toStdString()
             .c_str()) //
        ("subordinate", tr("write a certificate request for the parent CA instead of a self-signed certificate")
                            .toStdString()
                            .c_str()) //
        ("csr-out", po::value<std::string>()->value_name("FILE"),
         tr("with --subordinate: new file for the request (PEM)").toStdString().c_str()) //
        ("validity-years", po::value<int>()->default_value(10)->value_name("N"),
         tr("validity of the CA certificate in years").toStdString().c_str()) //
        ("organisation", po::value<std::string>()->value_name("NAME"),
         tr("O= of the CA certificate (default: the CA name)").toStdString().c_str()) //
        ("cert-out", po::value<std::string>()->value_name("FILE"),
         tr("also write the CA certificate (PEM) to this file").toStdString().c_str());
}

int CaInitCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const bool subordinate = has(vm, "subordinate");
    const bool existing = has(vm, "key-uri");
    if (existing == has(vm, "key-out"))
        return ctx.fail(ErrorCode::Usage, tr("Give either --key-out FILE (a new key) or --key-uri URI (an existing "
                                             "key), not both."));
    if (subordinate && !has(vm, "csr-out"))
        return ctx.fail(ErrorCode::Usage, tr("--subordinate needs --csr-out FILE for the request to the parent CA."));
    if (subordinate && has(vm, "csr-out")) {
        if (Status free = registry::OutputFiles::checkNew(qs(vm, "csr-out")); !free)
            return ctx.fail(free.error());
    }
    registry::CaKeySpec key;
    if (existing) {
        key.existingUri = qs(vm, "key-uri");
        auto pin = caPassphraseSource(qs(vm, "pin-file"));
        if (!pin)
            return ctx.fail(pin.error());
        key.existingSecret = *pin;
    } else {
        auto algorithm = pki::KeyGenerator::parse(qs(vm, "key-algorithm"));
        if (!algorithm)
            return ctx.fail(ErrorCode::Usage, algorithm.message());
        auto passphrase =
            CliContext::readSecret(qs(vm, "passphrase-file"), CaPassphraseOption::kEnv, tr("CA key passphrase"));
        if (!passphrase)
            return ctx.fail(passphrase.error());
        key.algorithm = *algorithm;
        key.keyPath = qs(vm, "key-out");
        key.passphrase = *passphrase;
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::CaEngine engine(**ctx.reg());
    auto init = subordinate ? engine.createSubordinateCa(*session, qs(vm, "code"), key, qs(vm, "organisation"))
                            : engine.createRootCa(*session, qs(vm, "code"), key, vm["validity-years"].as<int>(),
                                                  qs(vm, "organisation"));
    key.passphrase.fill(u'\0');
    if (!init)
        return ctx.fail(init.error());
    if (subordinate) {
        if (Status w = registry::OutputFiles::writeNew(qs(vm, "csr-out"), init->csrPem, registry::FileSecrecy::Public);
            !w)
            return ctx.fail(w.code(), tr("The CA key is created, but: %1").arg(w.message()));
    } else if (has(vm, "cert-out")) {
        auto cert = pki::Certificate::parse(init->certificateDer);
        if (!cert || !registry::OutputFiles::writeNew(qs(vm, "cert-out"), cert->pem(), registry::FileSecrecy::Public))
            return ctx.fail(
                ErrorCode::Io,
                tr("The CA is set up, but its certificate could not be written to %1.").arg(qs(vm, "cert-out")));
    }
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("code"), qs(vm, "code")},
                                  {QStringLiteral("key_uri"), init->keyUri},
                                  {QStringLiteral("key_fingerprint"), init->fingerprint},
                                  {QStringLiteral("serial"), init->serialHex},
                                  {QStringLiteral("csr"), subordinate ? qs(vm, "csr-out") : QString()},
                                  {QStringLiteral("not_before"), registry::toDbTime(init->notBefore)},
                                  {QStringLiteral("not_after"), registry::toDbTime(init->notAfter)}});
        return 0;
    }
    if (subordinate)
        ctx.out() << tr("CA %1: key %2 (SHA-256 %3) created; send the request %4 to the parent CA, then run "
                        "tirkeu-cli ca import-cert --code %1 --cert FILE.")
                         .arg(qs(vm, "code"), init->keyUri, init->fingerprint, qs(vm, "csr-out"))
                  << Qt::endl;
    else
        ctx.out() << tr("CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.")
                         .arg(qs(vm, "code"), init->keyUri, init->fingerprint, init->serialHex,
                              registry::displayDate(init->notAfter))
                  << Qt::endl;
    return 0;
}

QString CaImportCertCommand::summary() const {
    return tr("Store the certificate a parent CA issued for a subordinate CA's key (administrators)");
}

void CaImportCertCommand::addOptions(po::options_description& d) const {
    d.add_options()("code", po::value<std::string>()->required()->value_name("CODE"),
                    tr("code of the subordinate CA").toStdString().c_str()) //
        ("cert", po::value<std::string>()->required()->value_name("FILE"),
         tr("the CA certificate (PEM or DER)").toStdString().c_str());
}

int CaImportCertCommand::run(CliContext& ctx, const po::variables_map& vm) {
    QFile f;
    if (Status opened = pki::InputFiles::openRegular(f, qs(vm, "cert")); !opened)
        return ctx.fail(opened.error());
    const QByteArray bytes = f.read(1 << 20);
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::CaEngine engine(**ctx.reg());
    auto imported = engine.importCaCertificate(*session, qs(vm, "code"), bytes);
    if (!imported)
        return ctx.fail(imported.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("code"), qs(vm, "code")},
                                  {QStringLiteral("serial"), imported->serialHex},
                                  {QStringLiteral("parent"), imported->parentCode},
                                  {QStringLiteral("not_after"), registry::toDbTime(imported->notAfter)}});
        return 0;
    }
    ctx.out() << tr("CA %1 can now sign: certificate %2 valid until %3.")
                     .arg(qs(vm, "code"), imported->serialHex, registry::displayDate(imported->notAfter))
              << Qt::endl;
    if (!imported->parentCode.isEmpty())
        ctx.out() << tr("Issued by the CA %1 of this register.").arg(imported->parentCode) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
