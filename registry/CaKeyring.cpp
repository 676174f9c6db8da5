#include "registry/CaKeyring.h"

#include "pki/Certificate.h"
#include "registry/CaDirectory.h"
#include "registry/CaSigner.h"

#include <QCryptographicHash>

namespace tirkeu::registry {

struct CaKeyring::Entry {
    CaSigner signer;
    QByteArray certificateDer;
    QString keyUri;
    QByteArray secretId;
};

CaKeyring::CaKeyring() = default;
CaKeyring::~CaKeyring() = default;

QByteArray CaKeyring::secretIdOf(const pki::SecretSource& secret) {
    switch (secret.kind) {
    case pki::SecretSource::Literal:
        return "L" + QCryptographicHash::hash(secret.value.toUtf8(), QCryptographicHash::Sha256);
    case pki::SecretSource::File:
        return "F" + secret.value.toUtf8();
    case pki::SecretSource::Env:
        return "E" + secret.value.toUtf8() + '=' +
               QCryptographicHash::hash(qgetenv(secret.value.toLocal8Bit().constData()), QCryptographicHash::Sha256);
    case pki::SecretSource::Prompt:
        break; // asked every time
    }
    return {};
}

CaSigner* CaKeyring::kept(const CaRecord& ca, const pki::SecretSource& secret) {
    const QByteArray secretId = secretIdOf(secret);
    auto it = m_entries.find(ca.id);
    if (it == m_entries.end() || secretId.isEmpty() || it->second->secretId != secretId ||
        it->second->certificateDer != ca.certificateDer || it->second->keyUri != ca.keyUri)
        return nullptr;
    return &it->second->signer;
}

CaSigner* CaKeyring::keep(const CaRecord& ca, const pki::SecretSource& secret, std::unique_ptr<pki::CaKey> key) {
    auto cert = pki::Certificate::parse(ca.certificateDer);
    if (!cert || !key)
        return nullptr;
    auto entry = std::make_unique<Entry>();
    entry->signer.issuer = cert->toX509();
    entry->signer.key = std::move(key);
    entry->certificateDer = ca.certificateDer;
    entry->keyUri = ca.keyUri;
    entry->secretId = secretIdOf(secret);
    CaSigner* out = &entry->signer;
    m_entries[ca.id] = std::move(entry);
    return out;
}

Result<CaSigner*> CaKeyring::signer(const CaRecord& ca, const pki::SecretSource& secret) {
    if (CaSigner* k = kept(ca, secret))
        return k;
    m_entries.erase(ca.id);
    auto cert = pki::Certificate::parse(ca.certificateDer);
    if (!cert)
        return cert.error();
    auto key = pki::CaKey::open(ca.keyUri, secret);
    ++m_unlocks;
    if (!key)
        return key.error();
    CaSigner* out = keep(ca, secret, std::move(key.value()));
    if (!out)
        return makeError(ErrorCode::Crypto, tr("The key of the CA %1 could not be kept unlocked.").arg(ca.code));
    return out;
}

void CaKeyring::forget(qint64 caId) {
    if (caId == 0)
        m_entries.clear();
    else
        m_entries.erase(caId);
}

} // namespace tirkeu::registry
