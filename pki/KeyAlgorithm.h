#pragma once
// The key pairs the CA issues for and accepts (pki/KeyGenerator.h generates and names them), without
// OpenSSL so the registry's public headers can name one.

namespace tirkeu::pki {

enum class KeyAlgorithm { Rsa2048, Rsa3072, Rsa4096, EcP256, EcP384 };

} // namespace tirkeu::pki
