#pragma once
// Where a passphrase or PIN comes from, without OpenSSL: the registry's public headers name it, and
// the programs build one from their options (--ca-passphrase-file, prompts).

#include "pki/Result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace tirkeu::pki {

// Where a passphrase or PIN comes from. File: the first line of the file (trailing newline
// stripped). Env: `value` names the environment variable. Prompt: `prompt()` asks the operator.
struct SecretSource {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::SecretSource)
public:
    enum Kind { Prompt, File, Env, Literal };
    Kind kind = Literal;
    QString value;
    std::function<QString()> prompt;

    static SecretSource literal(const QString& secret) { return {Literal, secret, {}}; }
    static SecretSource fromFile(const QString& path) { return {File, path, {}}; }
    static SecretSource fromEnv(const QString& variable) { return {Env, variable, {}}; }
    static SecretSource fromPrompt(std::function<QString()> ask) { return {Prompt, {}, std::move(ask)}; }

    // The secret; an error when it is empty, the file or variable is missing, or the prompt was
    // cancelled (returned an empty string).
    Result<QString> read() const;
};

} // namespace tirkeu::pki
