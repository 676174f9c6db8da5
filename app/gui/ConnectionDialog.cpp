#include "app/gui/ConnectionDialog.h"

#include "app/gui/DialogParts.h"
#include "registry/RegisterLocation.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
enum Page { SqlitePage = 0, PostgresPage = 1 };
}

ConnectionDialog::ConnectionDialog(const QString& current, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("connectionDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engine"));
    m_engine->addItem(QString());
    m_engine->addItem(QString());

    auto* sqlite = new QWidget(this);
    auto* sqliteForm = formLayout();
    sqlite->setLayout(sqliteForm);
    m_fileLabel = new QLabel(this);
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("file"));
    sqliteForm->addRow(m_fileLabel, m_file);
    m_fileLabel->setBuddy(m_file);

    auto* pg = new QWidget(this);
    auto* pgForm = formLayout();
    pg->setLayout(pgForm);
    m_urlLabel = new QLabel(this);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("url"));
    m_hostLabel = new QLabel(this);
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("host"));
    m_portLabel = new QLabel(this);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_databaseLabel = new QLabel(this);
    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("database"));
    m_userLabel = new QLabel(this);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_passwordLabel = new QLabel(this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    pgForm->addRow(m_urlLabel, m_url);
    pgForm->addRow(m_hostLabel, m_host);
    pgForm->addRow(m_portLabel, m_port);
    pgForm->addRow(m_databaseLabel, m_database);
    pgForm->addRow(m_userLabel, m_user);
    pgForm->addRow(m_passwordLabel, m_password);
    // A pasted address fills the fields; the fields are what is used.
    connect(m_url, &QLineEdit::editingFinished, this, [this] { fillFromUrl(m_url->text().trimmed()); });

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(sqlite);
    m_pages->addWidget(pg);
    connect(m_engine, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_message = messageLabel(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto* layout = dialogLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_engine);
    layout->addWidget(m_pages);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    if (registry::RegisterLocation::isPostgresUrl(current)) {
        m_engine->setCurrentIndex(PostgresPage);
        fillFromUrl(current);
    } else {
        m_file->setText(current.startsWith(u"sqlite:") ? current.mid(7) : current);
    }
    retranslateUi();
    setMinimumWidth(480);
}

QString ConnectionDialog::postgresUrl(const QString& host, int port, const QString& database, const QString& user,
                                      const QString& password) {
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    if (!user.isEmpty())
        url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(password);
    return url.toString(QUrl::FullyEncoded);
}

void ConnectionDialog::fillFromUrl(const QString& text) {
    if (text.isEmpty())
        return;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || !registry::RegisterLocation::isPostgresUrl(text)) {
        showMessage(tr("This is not a PostgreSQL address (postgresql://user@host:port/database)."));
        return;
    }
    m_host->setText(url.host());
    m_port->setValue(url.port(5432));
    m_database->setText(url.path().mid(1));
    m_user->setText(url.userName());
    if (!url.password().isEmpty())
        m_password->setText(url.password());
    m_url->setText(registry::RegisterLocation::redacted(text));
    showMessage(QString());
}

QString ConnectionDialog::location() const {
    if (m_engine->currentIndex() == SqlitePage)
        return m_file->text().trimmed();
    return postgresUrl(m_host->text().trimmed(), m_port->value(), m_database->text().trimmed(),
                       m_user->text().trimmed(), m_password->text());
}

QString ConnectionDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void ConnectionDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ConnectionDialog::accept() {
    if (m_engine->currentIndex() == SqlitePage && m_file->text().trimmed().isEmpty()) {
        showMessage(tr("Name the register file."));
        return;
    }
    if (m_engine->currentIndex() == PostgresPage &&
        (m_host->text().trimmed().isEmpty() || m_database->text().trimmed().isEmpty())) {
        showMessage(tr("Name the server and the database."));
        return;
    }
    if (m_engine->currentIndex() == PostgresPage) {
        const BusyCursor busy;
        const Status reached = registry::RegisterLocation::probe(location());
        if (!reached) {
            showMessage(reached.message());
            return;
        }
    }
    showMessage(QString());
    QDialog::accept();
}

void ConnectionDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ConnectionDialog::retranslateUi() {
    setWindowTitle(tr("Tirkeu — register"));
    m_intro->setText(tr("Open the register on this computer (a SQLite file) or the shared register of all "
                        "registration centres (a PostgreSQL server)."));
    m_engine->setItemText(SqlitePage, tr("A file on this computer (SQLite)"));
    m_engine->setItemText(PostgresPage, tr("A shared register (PostgreSQL server)"));
    m_fileLabel->setText(tr("&File:"));
    m_urlLabel->setText(tr("&Address:"));
    m_url->setPlaceholderText(tr("postgresql://user@host:5432/database (optional)"));
    m_hostLabel->setText(tr("&Server:"));
    m_portLabel->setText(tr("P&ort:"));
    m_databaseLabel->setText(tr("&Database:"));
    m_userLabel->setText(tr("&User:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Open"));
}

} // namespace tirkeu::gui
