#pragma once
// Test-only fault injection (issue 12): a named step where a test kills the process as kill -9 would,
// to prove that a crash between two steps of a publication, an issuance or a revocation leaves the
// register and the files in a state the next run repairs. The steps are listed in README ("Crash
// safety"). Compiled in only when CMake's TIRKEU_FAULT_INJECTION is on (default: with
// TIRKEU_BUILD_TESTS); otherwise faultPoint() does nothing. Even when compiled in it acts only when
// the environment variable TIRKEU_FAULT_AT names the step — an operator never sets it.

namespace tirkeu::registry {

// True when this build honours TIRKEU_FAULT_AT.
bool faultInjectionBuilt();
// Kills the process with SIGKILL (no destructor, no flush, no rollback) when TIRKEU_FAULT_AT equals
// `step`.
void faultPoint(const char* step);

} // namespace tirkeu::registry
