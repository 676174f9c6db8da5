#pragma once
// Pieces the sign-in dialogs share, so they look alike.

#include <QtGlobal>

class QFormLayout;
class QLabel;
class QVBoxLayout;
class QWidget;

namespace tirkeu::gui {

QVBoxLayout* dialogLayout(QWidget* dialog);
QFormLayout* formLayout();
QLabel* noteLabel(QWidget* parent);    // small secondary text, selectable, wraps long paths
QLabel* messageLabel(QWidget* parent); // inline refusal text, hidden until set

// A wait cursor for the duration of a slow call (password hashing).
class BusyCursor {
public:
    BusyCursor();
    ~BusyCursor();
    BusyCursor(const BusyCursor&) = delete;
    BusyCursor& operator=(const BusyCursor&) = delete;
};

} // namespace tirkeu::gui
