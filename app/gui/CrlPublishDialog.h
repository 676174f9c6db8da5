#pragma once
// Publishing a CRL by hand: the CA, full or delta, the folder (the CA's publish_dir by default). The
// CA key passphrase is asked, then the CA engine signs and writes the CRL as a Job (app/gui/Job.h:
// a worker thread with its own register) while a progress bar names each step and counts the entries;
// the result names the CRL number, its entries, its SHA-256 and the partitions' CRLs. Cancel (the
// Close button while it runs, Esc, the window's close button) stops it before a CRL's number is
// reserved or while its entries are encoded (registry::CrlRunControl: the number is abandoned and
// nothing of it is published); a CRL whose content is recorded is always finished.

#include "registry/CaEngine.h"

#include "app/gui/JobDialog.h"

#include <optional>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class Job;
class Prompter;

class CrlPublishDialog : public JobDialog {
    Q_OBJECT
public:
    CrlPublishDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                     QWidget* parent = nullptr);
    ~CrlPublishDialog() override;

    void publish(); // the Publish button (cancel(): see above)
    QString resultText() const;
    QString message() const;
    QString statusText() const; // owed and unfinished publications of the chosen CA ("" when none)
    const std::optional<registry::CrlPublication>& publication() const { return m_publication; }

Q_SIGNALS:
    void publishFinished(bool ok); // the worker is done (result or error shown)
    void registerChanged();

protected:
    void cancelling() override;
    void retranslateUi() override;

private:
    void reloadCas();
    void caChanged();
    void refreshStatus();
    void workerDone();
    void updateActions();

    registry::Register& m_reg;
    registry::Session m_session;
    Prompter& m_prompter;
    struct Outcome {
        bool ok = false;
        registry::CrlPublication publication;
        QString error;
    };
    std::shared_ptr<Outcome> m_outcome;
    std::optional<registry::CrlPublication> m_publication;

    QLabel* m_status = nullptr;
    QLabel* m_caLabel = nullptr;
    QComboBox* m_ca = nullptr;
    QLabel* m_kindLabel = nullptr;
    QRadioButton* m_full = nullptr;
    QRadioButton* m_delta = nullptr;
    QLabel* m_dirLabel = nullptr;
    QLineEdit* m_dir = nullptr;
    QPushButton* m_browse = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_publish = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tirkeu::gui
