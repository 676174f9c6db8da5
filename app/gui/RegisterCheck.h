#pragma once
// The register's check before its first write (registry::Register::damage(): SQLite's PRAGMA quick_check
// over the whole file, seconds on a register of millions of certificates) without a frozen screen: started
// in the background when the register is opened, so that it runs while the operator signs in, and awaited
// afterwards behind a progress window while the event loop keeps running.

#include <QString>

class QWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

// The check's verdict (empty: sound). Returns at once when it is known; else shows a progress window
// (after a short delay) until it is.
QString awaitRegisterCheck(registry::Register& reg, QWidget* parent = nullptr);

} // namespace tirkeu::gui
