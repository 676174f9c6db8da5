#pragma once
// The "Search" tab: the register searched by IIN, BIN, serial number or name (registry::Search),
// results read a page at a time as the list scrolls; Details… (or a double click) opens the
// certificate. Also the "Expiring" tab's base: the same list of certificates, another query.

#include "registry/Roles.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class CertificateDetailsDialog;
class Prompter;
class RegisterHitModel;

// What the Search and Expiring tabs share: the CA filter, the list, Details…, the summary line.
class CertificateListPage : public QWidget {
    Q_OBJECT
public:
    CertificateListPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                        QWidget* parent = nullptr);

    RegisterHitModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QString summary() const;
    // Opens the selected certificate (non-modal, deleted on close); nullptr when no certificate is selected.
    CertificateDetailsDialog* openDetails();
    bool selectSerial(const QString& serialHex);
    virtual void refresh() = 0; // runs the page's query again
    void updateTabText();       // names the page's tab (after it was added, and on a language change)

Q_SIGNALS:
    void registerChanged();

protected:
    void changeEvent(QEvent* event) override;
    virtual void retranslateUi();
    virtual QString tabTitle() const = 0;
    void reloadCas();
    void report(const Status& loaded);
    void updateSummary();
    void fitColumns();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    RegisterHitModel* m_model = nullptr;
    QLabel* m_caLabel = nullptr;
    QComboBox* m_ca = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_details = nullptr;
    QWidget* m_top = nullptr; // the page's own controls go in its layout
    Status m_status;
};

class RegisterSearchPage : public CertificateListPage {
    Q_OBJECT
public:
    RegisterSearchPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                       QWidget* parent = nullptr);

    void search(); // the Search button / Return
    void refresh() override;

protected:
    void retranslateUi() override;
    QString tabTitle() const override;

private:
    QLabel* m_textLabel = nullptr;
    QLineEdit* m_text = nullptr;
    QComboBox* m_kind = nullptr;
    QPushButton* m_search = nullptr;
};

class ExpiringPage : public CertificateListPage {
    Q_OBJECT
public:
    ExpiringPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                 QWidget* parent = nullptr);
    void refresh() override;

protected:
    void retranslateUi() override;
    QString tabTitle() const override;

private:
    QLabel* m_daysLabel = nullptr;
    QSpinBox* m_days = nullptr;
};

} // namespace tirkeu::gui
