// Linked (as object code) into every test program: cheap password and key-file derivation for the
// whole process, before main() runs (pki/KdfPolicy.h explains why this is a call, not a setting).
// Tests that assert the standard costs pass them explicitly.

#include "pki/KdfPolicy.h"

namespace {
const bool g_cheap = [] {
    tirkeu::pki::KdfPolicy::useCheapKeyDerivationForTests();
    return true;
}();
} // namespace
