#pragma once
// The "Applications" tab: the queue one page at a time, filters, paging, and Approve / Reject for the
// selected row. Buttons follow registry::Roles; the workflows decide and their refusals are shown.

#include "registry/Roles.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace tirkeu::registry {
class Register;
struct ApplicationRecord;
struct ApplicationFilter;
} // namespace tirkeu::registry

namespace tirkeu::gui {

class ApplicationQueueModel;
class Prompter;

class ApplicationQueuePage : public QWidget {
    Q_OBJECT
public:
    ApplicationQueuePage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                         QWidget* parent = nullptr);

    ApplicationQueueModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    // Reloads the CA list and the current page, keeping the selected application when it is still shown.
    void refresh();
    void selectApplication(qint64 id);
    // Shows the applications a filter lists (the Today page's lines): the CA, status and form boxes take
    // its values, and a note names what is shown until "Show all" or another filter is chosen.
    void showApplications(const registry::ApplicationFilter& filter, const QString& description);
    const registry::ApplicationRecord* selectedRecord() const;

    void approveSelected();
    void rejectSelected();

Q_SIGNALS:
    void statusMessage(const QString& text); // short feedback for the status bar
    void registerChanged();                  // a decision was recorded

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void reloadCas();
    void applyFilter();
    void fitColumns();
    void report(const Status& loaded);
    void updatePaging();
    void updateActions();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    ApplicationQueueModel* m_model = nullptr;

    QLabel* m_caLabel = nullptr;
    QComboBox* m_caCombo = nullptr;
    QLabel* m_statusLabel = nullptr;
    QComboBox* m_statusCombo = nullptr;
    QLabel* m_formLabel = nullptr;
    QComboBox* m_formCombo = nullptr;
    QCheckBox* m_openOnly = nullptr;
    QLabel* m_searchLabel = nullptr;
    QLineEdit* m_search = nullptr;    // number, IIN/BIN or name (registry::ApplicationFilter::search)
    QLabel* m_shown = nullptr;        // what a Today line asked for ("Applications overdue: 3")
    QPushButton* m_showAll = nullptr; // back to the ordinary queue
    QTableView* m_view = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_reject = nullptr;
    QLabel* m_legend = nullptr;
    QLabel* m_pageLabel = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
};

} // namespace tirkeu::gui
