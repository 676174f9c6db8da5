#include "registry/FaultInjection.h"

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace tirkeu::registry {

#ifdef TIRKEU_FAULT_INJECTION
bool faultInjectionBuilt() {
    return true;
}

void faultPoint(const char* step) {
    const char* at = std::getenv("TIRKEU_FAULT_AT");
    if (at && std::strcmp(at, step) == 0) {
        std::raise(SIGKILL);
        std::_Exit(137); // not reached
    }
}
#else
bool faultInjectionBuilt() {
    return false;
}

void faultPoint(const char*) {}
#endif

} // namespace tirkeu::registry
