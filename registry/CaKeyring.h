#pragma once
// The one owner of unlocked CA keys in a process (ARCHITECTURE.md, Keys): owned by the Register, so
// an unlocked key outlives a single call. Issuing a government body's letter of 50 persons, a bulk
// run or a CRL publication right after a key-compromise revocation unlocks the CA key once (the key
// derivation is deliberately slow), as long as the CA, its key and the secret source stay the same.
// Secrets typed at a prompt are never matched again: a prompt is asked every time.
// No OpenSSL type in this header: the signer (certificate and opened key) is defined in the
// registry-internal CaSigner.h.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <map>
#include <memory>

namespace tirkeu::pki {
class CaKey;
struct SecretSource;
} // namespace tirkeu::pki

namespace tirkeu::registry {

struct CaRecord;
struct CaSigner; // registry/CaSigner.h

class CaKeyring {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CaKeyring)
public:
    CaKeyring();
    ~CaKeyring();
    CaKeyring(const CaKeyring&) = delete;
    CaKeyring& operator=(const CaKeyring&) = delete;

    // The CA's signer: the kept one when the CA, its key and the secret source match, else the key is
    // unlocked now (and kept, unless the secret came from a prompt). Valid until the next call for the
    // same CA or forget().
    Result<CaSigner*> signer(const CaRecord& ca, const pki::SecretSource& secret);
    // The kept signer of `ca` for that secret, or nullptr (never unlocks).
    CaSigner* kept(const CaRecord& ca, const pki::SecretSource& secret);
    // A key unlocked elsewhere (a background unlock) handed over to be kept.
    CaSigner* keep(const CaRecord& ca, const pki::SecretSource& secret, std::unique_ptr<pki::CaKey> key);
    // Locks the CA's key (all CAs' keys when caId is 0).
    void forget(qint64 caId = 0);
    // How many times a CA key was unlocked through this keyring (tests and benchmarks).
    int unlocks() const { return m_unlocks; }
    // Counts an unlock made on this keyring's behalf (a background unlock handed over with keep()).
    void countUnlock() { ++m_unlocks; }

private:
    struct Entry; // the signer and what it was unlocked for (CaKeyring.cpp)
    // What identifies a secret source (empty for prompts: never matched).
    static QByteArray secretIdOf(const pki::SecretSource& secret);
    std::map<qint64, std::unique_ptr<Entry>> m_entries;
    int m_unlocks = 0;
};

} // namespace tirkeu::registry
