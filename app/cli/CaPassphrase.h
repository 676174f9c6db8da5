#pragma once
// The one --ca-passphrase-file option of every command that unlocks a CA key: its definition (name,
// value name, the $TIRKEU_CA_PASSPHRASE fallback in its help) and how its value becomes a secret source.
#include "app/cli/Command.h"
#include "pki/CaKey.h"

#include <optional>

namespace tirkeu::cli {

class CaPassphraseOption {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::cli::CaPassphraseOption)
public:
    static constexpr const char* kOption = "ca-passphrase-file";
    static constexpr const char* kEnv = "TIRKEU_CA_PASSPHRASE";
};

// Adds --ca-passphrase-file FILE; `when` (optional, translated) says when the command needs it, e.g.
// "key compromise at a CA with a publish folder".
void addCaPassphraseOption(po::options_description& d, const QString& when = {});
// The CA key passphrase: the first line of `file` when given, else $TIRKEU_CA_PASSPHRASE; a usage
// error when neither is there.
Result<pki::SecretSource> caPassphraseSource(const QString& file);
Result<pki::SecretSource> caPassphraseSource(const po::variables_map& vm);
// The same for commands that need the key only sometimes: nothing when neither is given.
Result<std::optional<pki::SecretSource>> optionalCaPassphrase(const po::variables_map& vm);

} // namespace tirkeu::cli
