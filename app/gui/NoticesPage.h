#pragma once
// Notices to holders (issue 14/16): the register's outbox of revocation notices and expiry reminders —
// newest first, filtered by state, with each notice's attempts and last error — and, for officers,
// queueing expiry reminders for the certificates that end within N days (= `tirkeu-cli notify list` and
// `notify queue-expiring`, the same registry::Notifications calls). Sending is the scheduled job's work
// (tirkeu-crl-job, with the SMTP settings of /etc/tirkeu/tirkeu.conf); the page says so.

#include "registry/Roles.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Prompter;

class NoticesPage : public QWidget {
    Q_OBJECT
public:
    NoticesPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                QWidget* parent = nullptr);

    static bool mayOpen(const registry::Session& session);
    static constexpr int kLimit = 500;

    void refresh();
    void queueReminders(); // for the days in the spin box

    QTableWidget* table() const { return m_table; }
    QComboBox* stateFilter() const { return m_state; }
    QSpinBox* days() const { return m_days; }
    QPushButton* queueButton() const { return m_queue; }
    QString statusText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    enum Column {
        NumberColumn,
        KindColumn,
        SerialColumn,
        ToColumn,
        StateColumn,
        AttemptsColumn,
        ErrorColumn,
        CreatedColumn,
        ColumnCount
    };
    void retranslateUi();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    QLabel* m_intro = nullptr;
    QLabel* m_stateLabel = nullptr;
    QComboBox* m_state = nullptr;
    QPushButton* m_refresh = nullptr;
    QLabel* m_daysLabel = nullptr;
    QSpinBox* m_days = nullptr;
    QPushButton* m_queue = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace tirkeu::gui
