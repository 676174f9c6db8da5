#pragma once
// Operator passwords: stored only as a slow, salted scrypt hash with its cost written beside it,
// "scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>", so the cost can be raised later while old
// hashes still verify.

#include "pki/KdfPolicy.h"

#include <QByteArray>
#include <QString>

namespace tirkeu::pki {

class PasswordHash {
public:
    // Empty string on failure (out of memory, OpenSSL error).
    static QString hash(const QString& password, ScryptCost cost = KdfPolicy::passwordCost());
    // Constant-time comparison; false for malformed stored strings.
    static bool verify(const QString& password, const QString& stored);
    // True when the stored hash uses a lower cost than `cost` (re-hash on next sign-in).
    static bool needsRehash(const QString& stored, ScryptCost cost = KdfPolicy::passwordCost());
};

} // namespace tirkeu::pki
