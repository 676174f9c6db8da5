#pragma once
// The event log for auditors and administrators (ViewAudit and VerifyAudit): events newest first, a page at a time,
// filtered by subject (in the register) and by type and date (within the page read), and Verify —
// the same registry call as `tirkeu-cli audit verify` — run as a Job with its progress text.

#include "registry/Roles.h"

#include <QWidget>

class QDateEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QCheckBox;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;

class AuditLogPage : public QWidget {
    Q_OBJECT
public:
    AuditLogPage(registry::Register& reg, const registry::Session& session, QWidget* parent = nullptr);
    ~AuditLogPage() override;

    static bool mayOpen(const registry::Session& session);
    static constexpr int kPageSize = 200;

    void refresh();   // the newest page
    void olderPage(); // the page before the oldest row shown
    void verify();    // starts the Job; verifyFinished() when done

    QTableWidget* table() const { return m_table; }
    QString resultText() const;
    Job* job() const { return m_job; }

Q_SIGNALS:
    void verifyFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void load(qint64 beforeSeq);
    void applyFilter();
    void retranslateUi();

    registry::Register& m_reg;
    registry::Session m_session;
    QLineEdit* m_subject = nullptr;
    QLineEdit* m_type = nullptr;
    QCheckBox* m_useDate = nullptr;
    QDateEdit* m_date = nullptr;
    QLabel* m_subjectLabel = nullptr;
    QLabel* m_typeLabel = nullptr;
    QPushButton* m_newest = nullptr;
    QPushButton* m_older = nullptr;
    QPushButton* m_verify = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    Job* m_job = nullptr;
    qint64 m_oldestSeq = 0;
    int m_loaded = 0;
};

} // namespace tirkeu::gui
