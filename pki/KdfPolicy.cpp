#include "pki/KdfPolicy.h"

#include <atomic>

namespace tirkeu::pki {

namespace {
std::atomic<bool> g_cheap{false}; // constant-initialised: safe to set from a test's static initialiser
}

bool KdfPolicy::cheap() {
    return g_cheap.load(std::memory_order_relaxed);
}

void KdfPolicy::useCheapKeyDerivationForTests() {
    g_cheap.store(true, std::memory_order_relaxed);
}

ScryptCost KdfPolicy::passwordCost() {
    return cheap() ? ScryptCost{10, 8, 1} : ScryptCost{};
}

KdfCost KdfPolicy::keyFileCost() {
    return cheap() ? KdfCost{10, 8, 1} : KdfCost{};
}

int KdfPolicy::pkcs12Iterations() {
    return cheap() ? kCheapPkcs12Iterations : kPkcs12Iterations;
}

} // namespace tirkeu::pki
