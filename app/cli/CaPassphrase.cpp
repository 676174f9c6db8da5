#include "app/cli/CaPassphrase.h"

namespace tirkeu::cli {

void addCaPassphraseOption(po::options_description& d, const QString& when) {
    const QString help =
        when.isEmpty()
            ? CaPassphraseOption::tr("file whose first line is the CA key passphrase (else $TIRKEU_CA_PASSPHRASE)")
            : CaPassphraseOption::tr("%1: file whose first line is the CA key passphrase (else "
                                     "$TIRKEU_CA_PASSPHRASE)")
                  .arg(when);
    d.add_options()(CaPassphraseOption::kOption, po::value<std::string>()->value_name("FILE"),
                    help.toStdString().c_str());
}

Result<pki::SecretSource> caPassphraseSource(const QString& file) {
    if (!file.isEmpty())
        return pki::SecretSource::fromFile(file);
    if (qEnvironmentVariableIsSet(CaPassphraseOption::kEnv))
        return pki::SecretSource::fromEnv(QLatin1String(CaPassphraseOption::kEnv));
    return makeError(ErrorCode::Usage, CaPassphraseOption::tr("No CA key passphrase given: use --ca-passphrase-file "
                                                              "FILE or set TIRKEU_CA_PASSPHRASE."));
}

Result<pki::SecretSource> caPassphraseSource(const po::variables_map& vm) {
    return caPassphraseSource(qs(vm, CaPassphraseOption::kOption));
}

Result<std::optional<pki::SecretSource>> optionalCaPassphrase(const po::variables_map& vm) {
    if (!has(vm, CaPassphraseOption::kOption) && !qEnvironmentVariableIsSet(CaPassphraseOption::kEnv))
        return std::optional<pki::SecretSource>();
    auto source = caPassphraseSource(vm);
    if (!source)
        return source.error();
    return std::optional<pki::SecretSource>(*source);
}

} // namespace tirkeu::cli
