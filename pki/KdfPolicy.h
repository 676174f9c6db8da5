#pragma once
// The costs of every password-based key derivation in one place: operator password hashes (scrypt),
// CA key files (PKCS#8, PBES2 with scrypt) and holders' PKCS#12 files (PBKDF2). Programs always use
// the standard costs below. Test programs, which create hundreds of passwords and key files, switch
// the whole process to cheap costs with useCheapKeyDerivationForTests(): a function call only, never
// an environment variable or a setting, because a program that honoured one could be downgraded by
// whoever sets it. tests/scripts/test_layers.sh fails when anything outside tests/ calls it.
// Reading a hash or a file always uses the cost stored in it, so cheap and standard ones mix freely.

namespace tirkeu::pki {

// scrypt cost of an operator password hash (stored beside the hash, so it can be raised later).
struct ScryptCost {
    int log2N = 15; // N = 32768: ~32 MiB and a few tens of milliseconds per check
    int r = 8;
    int p = 1;
};

// scrypt cost of an encrypted PKCS#8 file. Memory 128·r·(N+2) bytes must stay within OpenSSL's
// fixed 32 MiB decoding limit, or neither Tirkeu nor `openssl pkey` could read the file back; so
// N = 2^14, r = 8 (16 MiB) and the work is raised with p: OWASP's minimum at 16 MiB is p = 5, the
// default p = 16 is about three times that (~0.4 s per unlock on the 2-core reference machine).
struct KdfCost {
    int log2N = 14;
    int r = 8;
    int p = 16;
};

class KdfPolicy {
public:
    static constexpr int kPkcs12Iterations = 600000; // PBKDF2-SHA256 and MAC; OWASP 2023 figure
    static constexpr int kCheapPkcs12Iterations = 1000;

    // The costs new hashes and files get: the standard ones, or the cheap ones in a test program.
    static ScryptCost passwordCost();
    static KdfCost keyFileCost();
    static int pkcs12Iterations();

    static bool cheap();
    // For test programs only (see above); irreversible for the process.
    static void useCheapKeyDerivationForTests();
};

} // namespace tirkeu::pki
