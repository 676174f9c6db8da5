#include "app/gui/DialogParts.h"

#include <QCursor>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tirkeu::gui {

BusyCursor::BusyCursor() {
    QGuiApplication::setOverrideCursor(QCursor(Qt::WaitCursor));
}

BusyCursor::~BusyCursor() {
    QGuiApplication::restoreOverrideCursor();
}

QVBoxLayout* dialogLayout(QWidget* dialog) {
    auto* layout = new QVBoxLayout(dialog);
    layout->setContentsMargins(20, 20, 20, 16);
    layout->setSpacing(12);
    return layout;
}

QFormLayout* formLayout() {
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(8);
    return form;
}

QLabel* noteLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setForegroundRole(QPalette::PlaceholderText); // secondary text in any colour scheme
    return label;
}

QLabel* messageLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("message"));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #a3121f;"));
    label->hide();
    return label;
}

void addFieldWithButton(QFormLayout* form, QLabel* label, QWidget* field, QWidget* button) {
    auto* row = new QHBoxLayout;
    row->addWidget(field, 1);
    row->addWidget(button);
    label->setBuddy(field);
    form->addRow(label, row);
}

void addChoiceRow(QFormLayout* form, QLabel* label, std::initializer_list<QWidget*> choices) {
    auto* row = new QHBoxLayout;
    for (QWidget* choice : choices)
        row->addWidget(choice);
    row->addStretch(1);
    form->addRow(label, row);
}

} // namespace tirkeu::gui
