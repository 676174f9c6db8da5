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

    // The first line of a secret file (its newline, and a CR before it, stripped), as every --*-file option
    // of the programs reads it. Refused (ErrorCode::Forbidden) when it is a regular file that other users
    // can read or change (mode o+r or o+w), like ssh with a private key: its secret must be its owner's, or
    // the owner's group's, alone. Pipes and terminals (/dev/stdin, <(…)) are read as they are.
    static Result<QString> readFile(const QString& path);
};

} // namespace tirkeu::pki
