#pragma once
// Pieces the dialogs share, so they look alike.

#include <QtGlobal>

#include <initializer_list>

class QFormLayout;
class QLabel;
class QVBoxLayout;
class QWidget;

namespace tirkeu::gui {

QVBoxLayout* dialogLayout(QWidget* dialog);
QFormLayout* formLayout();
QLabel* noteLabel(QWidget* parent);    // small secondary text, selectable, wraps long paths
QLabel* messageLabel(QWidget* parent); // inline refusal text, hidden until set
// A form row whose field grows with a button beside it (a folder and its Browse… button); the
// label's buddy is the field.
void addFieldWithButton(QFormLayout* form, QLabel* label, QWidget* field, QWidget* button);
// A form row of choices side by side, on the left (radio buttons).
void addChoiceRow(QFormLayout* form, QLabel* label, std::initializer_list<QWidget*> choices);

// A wait cursor for the duration of a slow call (password hashing).
class BusyCursor {
public:
    BusyCursor();
    ~BusyCursor();
    BusyCursor(const BusyCursor&) = delete;
    BusyCursor& operator=(const BusyCursor&) = delete;
};

} // namespace tirkeu::gui
