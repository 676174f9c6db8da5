#pragma once
// What signing with a CA needs: its certificate (as issuer) and its opened key. Internal to the
// registry (OpenSSL types): the programs reach unlocked keys only through CaKeyring (CaKeyring.h).

#include "pki/CaKey.h"
#include "pki/Ossl.h"

#include <memory>

namespace tirkeu::registry {

struct CaSigner {
    pki::X509Ptr issuer;
    std::unique_ptr<pki::CaKey> key;
};

} // namespace tirkeu::registry
