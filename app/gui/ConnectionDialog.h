#pragma once
// Which register to open: a SQLite file on this computer, or a shared PostgreSQL register (host, port,
// database, user, password — or a postgresql:// address pasted whole). "Open" tries the connection
// first and shows a refusal inline; location() is then what Register::open takes.

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace tirkeu::gui {

class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(const QString& current, QWidget* parent = nullptr);

    QString location() const; // file path or postgresql:// URL (with the password, for opening)
    QString message() const;  // the inline refusal, empty when none
    // postgresql://user:password@host:port/database (user and password percent-encoded).
    static QString postgresUrl(const QString& host, int port, const QString& database, const QString& user,
                               const QString& password);

    void accept() override; // tries the connection; closes only when it opens

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showMessage(const QString& text);
    void fillFromUrl(const QString& url);

    QComboBox* m_engine = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_intro = nullptr;
    QLabel* m_fileLabel = nullptr;
    QLineEdit* m_file = nullptr;
    QLabel* m_urlLabel = nullptr;
    QLineEdit* m_url = nullptr;
    QLabel* m_hostLabel = nullptr;
    QLineEdit* m_host = nullptr;
    QLabel* m_portLabel = nullptr;
    QSpinBox* m_port = nullptr;
    QLabel* m_databaseLabel = nullptr;
    QLineEdit* m_database = nullptr;
    QLabel* m_userLabel = nullptr;
    QLineEdit* m_user = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace tirkeu::gui
