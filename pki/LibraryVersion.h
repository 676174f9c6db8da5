#pragma once
// The OpenSSL library the program runs with, for Help → About and support reports.

#include <QString>

namespace tirkeu::pki {

QString openSslVersion(); // e.g. "OpenSSL 3.0.19 27 Jan 2026"

} // namespace tirkeu::pki
