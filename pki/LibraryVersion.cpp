#include "pki/LibraryVersion.h"

#include <openssl/crypto.h>

namespace tirkeu::pki {

QString openSslVersion() {
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
}

} // namespace tirkeu::pki
