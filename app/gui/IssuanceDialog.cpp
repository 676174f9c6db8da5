#include "app/gui/IssuanceDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/Prompter.h"
#include "pki/Certificate.h"
#include "registry/Applications.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/Register.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>

namespace tirkeu::gui {

namespace {
const QString kPem = QStringLiteral("pem");
const QString kDer = QStringLiteral("der");
} // namespace

IssuanceDialog::IssuanceDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                               qint64 applicationId, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_id(applicationId) {
    setObjectName(QStringLiteral("issuanceDialog"));
    auto* layout = dialogLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_fromCsr = new QRadioButton(this);
    m_fromCsr->setObjectName(QStringLiteral("fromCsrRadio"));
    m_fromCsr->setChecked(true);

    auto* form = formLayout();
    m_csrLabel = new QLabel(this);
    m_csrPath = new QLineEdit(this);
    m_csrPath->setObjectName(QStringLiteral("csrPath"));
    m_csrLabel->setBuddy(m_csrPath);
    m_chooseCsr = new QPushButton(this);
    m_chooseCsr->setObjectName(QStringLiteral("chooseCsrButton"));
    auto* csrRow = new QHBoxLayout;
    csrRow->addWidget(m_csrPath, 1);
    csrRow->addWidget(m_chooseCsr);
    form->addRow(m_csrLabel, csrRow);
    m_formatLabel = new QLabel(this);
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(QString(), kPem);
    m_format->addItem(QString(), kDer);
    m_formatLabel->setBuddy(m_format);
    form->addRow(m_formatLabel, m_format);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->hide();
    m_message = messageLabel(this);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    m_issue = new QPushButton(this);
    m_issue->setObjectName(QStringLiteral("issueButton"));
    m_issue->setDefault(true);
    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("saveCertificateButton"));
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_issue);
    buttons->addWidget(m_save);
    buttons->addWidget(m_close);

    layout->addWidget(m_summary);
    layout->addWidget(m_fromCsr);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(m_result);
    layout->addLayout(buttons);

    connect(m_chooseCsr, &QPushButton::clicked, this, &IssuanceDialog::chooseCsr);
    connect(m_issue, &QPushButton::clicked, this, &IssuanceDialog::issue);
    connect(m_save, &QPushButton::clicked, this, &IssuanceDialog::saveCertificate);
    connect(m_close, &QPushButton::clicked, this, &IssuanceDialog::reject);
    connect(m_csrPath, &QLineEdit::textChanged, this, &IssuanceDialog::updateActions);

    retranslateUi();
    resize(640, 360);
}

IssuanceDialog::~IssuanceDialog() = default;

QString IssuanceDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

QString IssuanceDialog::result() const {
    return m_resultText;
}

bool IssuanceDialog::isRunning() const {
    return m_runner && m_runner->isRunning();
}

void IssuanceDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void IssuanceDialog::chooseCsr() {
    const QString path =
        m_prompter.openFileName(this, tr("Certificate request of the holder"),
                                tr("Certificate requests (*.csr *.req *.p10 *.pem *.der);;All files (*)"));
    if (!path.isEmpty())
        m_csrPath->setText(QDir::toNativeSeparators(path));
}

void IssuanceDialog::issue() {
    if (!m_issue->isEnabled() || isRunning())
        return;
    showMessage({});
    QFile file(QDir::fromNativeSeparators(m_csrPath->text().trimmed()));
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("The certificate request %1 cannot be read: %2").arg(m_csrPath->text(), file.errorString()));
        return;
    }
    const QByteArray csr = file.readAll();
    const std::optional<QString> passphrase = m_prompter.askPassword(
        this, tr("CA key"), tr("Passphrase of the CA key, to sign the certificate for application %1:").arg(m_id));
    if (!passphrase)
        return; // cancelled: nothing happens
    const registry::Session session = m_session;
    const qint64 id = m_id;
    const pki::SecretSource secret = pki::SecretSource::literal(*passphrase);
    delete m_runner;
    m_runner = new IssueRunner(
        m_reg.db().location(), &m_reg.clock(), 1,
        [session, id, csr, secret](registry::Register& reg, int) {
            return registry::CaEngine(reg).issueFromCsr(session, id, csr, secret);
        },
        this);
    connect(m_runner, &IssueRunner::finished, this, &IssuanceDialog::finished);
    m_progress->setRange(0, 0); // one certificate: busy, not counted
    m_progress->show();
    m_runner->start();
    updateActions();
}

void IssuanceDialog::finished() {
    m_progress->hide();
    const auto results = m_runner->results();
    QStringList lines;
    for (const auto& r : results) {
        if (!r) {
            showMessage(r.message());
            continue;
        }
        m_serials << r->serialHex;
        m_lastDer = r->der;
        m_lastSerial = r->serialHex;
        lines << tr("Certificate %1 issued for %2, valid %3 – %4.")
                     .arg(r->serialHex, r->subject, registry::displayDate(r->notBefore),
                          registry::displayDate(r->notAfter));
        lines << r->notes;
    }
    if (!lines.isEmpty()) {
        m_resultText = lines.join(u'\n');
        m_result->setText(m_resultText);
        m_result->show();
        Q_EMIT issued(m_id);
        saveCertificate();
    }
    updateActions();
}

void IssuanceDialog::saveCertificate() {
    if (m_lastDer.isEmpty())
        return;
    const bool pem = m_format->currentData().toString() == kPem;
    const QString path = m_prompter.saveFileName(
        this, tr("Save the certificate"), m_lastSerial + (pem ? QStringLiteral(".pem") : QStringLiteral(".cer")),
        pem ? tr("PEM certificates (*.pem *.crt)") : tr("DER certificates (*.cer *.der)"));
    if (path.isEmpty()) {
        m_result->setText(m_resultText + u'\n' +
                          tr("Not saved to a file yet: the certificate is in the register; use Save to write it."));
        return;
    }
    QByteArray bytes = m_lastDer;
    if (pem) {
        auto cert = pki::Certificate::parse(m_lastDer);
        if (!cert) {
            showMessage(cert.message());
            return;
        }
        bytes = cert->pem();
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        showMessage(
            tr("The certificate could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), out.errorString()));
        return;
    }
    showMessage({});
    m_resultText += u'\n' + tr("Saved to %1.").arg(QDir::toNativeSeparators(path));
    m_result->setText(m_resultText);
}

void IssuanceDialog::updateActions() {
    const bool allowed = registry::Roles::allows(m_session.role, registry::Permission::IssueCertificate);
    const bool running = isRunning();
    const bool done = !m_serials.isEmpty();
    QString why;
    if (!allowed)
        why = tr("Your role (%1) may not %2.")
                  .arg(registry::Roles::displayName(m_session.role),
                       registry::Roles::permissionName(registry::Permission::IssueCertificate));
    else if (done)
        why = tr("The certificate of this application is issued.");
    else if (m_csrPath->text().trimmed().isEmpty())
        why = tr("Choose the holder's certificate request first.");
    m_issue->setEnabled(why.isEmpty() && !running);
    m_issue->setToolTip(why.isEmpty() ? tr("Sign the certificate with the CA key.") : why);
    m_csrPath->setEnabled(!running && !done);
    m_chooseCsr->setEnabled(!running && !done);
    m_save->setEnabled(done && !running);
    m_close->setEnabled(!running);
}

void IssuanceDialog::reject() {
    if (isRunning())
        return; // the certificate is being signed; closing would hide the outcome
    QDialog::reject();
}

void IssuanceDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void IssuanceDialog::retranslateUi() {
    setWindowTitle(tr("Issue the certificate of application %1").arg(m_id));
    if (auto rec = m_reg.applications().get(m_session, m_id); rec)
        m_summary->setText(tr("Application %1 (%2, %3): %4, %5. Status: %6.")
                               .arg(m_id)
                               .arg(rec->formCode, rec->caCode, rec->applicantName, rec->subject,
                                    registry::Applications::statusName(rec->status)));
    else
        m_summary->setText(rec.message());
    m_fromCsr->setText(tr("From the holder's certificate request (CSR file)"));
    m_csrLabel->setText(tr("&Request file:"));
    m_chooseCsr->setText(tr("C&hoose…"));
    m_formatLabel->setText(tr("Certificate &format:"));
    m_format->setItemText(0, tr("PEM (text, .pem)"));
    m_format->setItemText(1, tr("DER (binary, .cer)"));
    m_issue->setText(tr("&Issue"));
    m_save->setText(tr("&Save certificate…"));
    m_close->setText(tr("&Close"));
    updateActions();
}

} // namespace tirkeu::gui
