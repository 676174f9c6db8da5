#pragma once
// The "Register" tab: where the register is, its schema version and how much it holds
// (registry::Register::info()).

#include <QWidget>

class QFormLayout;
class QLabel;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class RegisterInfoPage : public QWidget {
    Q_OBJECT
public:
    explicit RegisterInfoPage(registry::Register& reg, QWidget* parent = nullptr);

    void refresh();
    // The value shown in a row (tests and screenshots); rows are listed in Row.
    enum Row {
        Location,
        RegisterId,
        Created,
        Schema,
        Operators,
        Cas,
        Applications,
        Certificates,
        Revocations,
        AuditEvents,
        RowCount
    };
    QString value(Row row) const;
    // What to do next in an empty register ("No CA yet — …", "No applications yet — …"); empty when
    // the register has both.
    QString nextStepHint() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    registry::Register& m_reg;
    QLabel* m_error = nullptr;
    QLabel* m_labels[RowCount] = {};
    QLabel* m_values[RowCount] = {};
    int m_schema = 0;
    int m_latestSchema = 0;
    QLabel* m_hint = nullptr;
    qint64 m_cas = -1; // -1 = not read yet
    qint64 m_applications = -1;
};

} // namespace tirkeu::gui
