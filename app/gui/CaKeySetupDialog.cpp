#include "app/gui/CaKeySetupDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Job.h"
#include "app/gui/Prompter.h"
#include "pki/KeyGenerator.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"
#include "registry/Rules.h"

#include <QButtonGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
constexpr pki::KeyAlgorithm kAlgorithms[] = {pki::KeyAlgorithm::Rsa3072, pki::KeyAlgorithm::Rsa4096,
                                             pki::KeyAlgorithm::Rsa2048, pki::KeyAlgorithm::EcP256,
                                             pki::KeyAlgorithm::EcP384};

QLineEdit* edit(QWidget* parent, const char* name, bool secret = false) {
    auto* e = new QLineEdit(parent);
    e->setObjectName(QString::fromLatin1(name));
    if (secret)
        e->setEchoMode(QLineEdit::Password);
    return e;
}

QWidget* withButton(QWidget* parent, QLineEdit* edit, QPushButton* button) {
    auto* w = new QWidget(parent);
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    row->addWidget(button);
    return w;
}
} // namespace

CaKeySetupDialog::CaKeySetupDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                   const QString& caCode, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_caCode(caCode) {
    setObjectName(QStringLiteral("caKeySetupDialog"));
    auto* layout = dialogLayout(this);
    m_intro = noteLabel(this);
    m_intro->setObjectName(QStringLiteral("caKeySetupIntro"));
    layout->addWidget(m_intro);

    auto* form = formLayout();
    m_kindLabel = new QLabel(this);
    m_root = new QRadioButton(this);
    m_root->setObjectName(QStringLiteral("rootCaChoice"));
    m_subordinate = new QRadioButton(this);
    m_subordinate->setObjectName(QStringLiteral("subordinateCaChoice"));
    auto* kinds = new QButtonGroup(this);
    kinds->addButton(m_root);
    kinds->addButton(m_subordinate);
    auto* kindBox = new QVBoxLayout;
    kindBox->addWidget(m_root);
    kindBox->addWidget(m_subordinate);
    form->addRow(m_kindLabel, kindBox);

    m_sourceLabel = new QLabel(this);
    m_newKey = new QRadioButton(this);
    m_newKey->setObjectName(QStringLiteral("newKeyChoice"));
    m_existingKey = new QRadioButton(this);
    m_existingKey->setObjectName(QStringLiteral("existingKeyChoice"));
    auto* sources = new QButtonGroup(this);
    sources->addButton(m_newKey);
    sources->addButton(m_existingKey);
    auto* sourceBox = new QVBoxLayout;
    sourceBox->addWidget(m_newKey);
    sourceBox->addWidget(m_existingKey);
    form->addRow(m_sourceLabel, sourceBox);

    m_algorithm = new QComboBox(this);
    m_algorithm->setObjectName(QStringLiteral("keyAlgorithm"));
    for (pki::KeyAlgorithm a : kAlgorithms)
        m_algorithm->addItem(pki::KeyGenerator::describe(a), pki::KeyGenerator::name(a));
    m_keyFile = edit(this, "keyFile");
    m_browseKey = new QPushButton(this);
    m_browseKey->setObjectName(QStringLiteral("browseKeyFile"));
    m_passphrase = edit(this, "keyPassphrase", true);
    m_passphrase2 = edit(this, "keyPassphrase2", true);
    m_keyUri = edit(this, "keyUri");
    m_pin = edit(this, "keyPin", true);
    m_validity = new QSpinBox(this);
    m_validity->setObjectName(QStringLiteral("validityYears"));
    m_validity->setRange(1, 30);
    m_validity->setValue(10);
    m_validity->setMaximumWidth(120);
    m_organisation = edit(this, "organisation");
    m_csrFile = edit(this, "csrFile");
    m_browseCsr = new QPushButton(this);
    m_browseCsr->setObjectName(QStringLiteral("browseCsrFile"));
    QWidget* fields[] = {m_algorithm,
                         withButton(this, m_keyFile, m_browseKey),
                         m_passphrase,
                         m_passphrase2,
                         m_keyUri,
                         m_pin,
                         m_validity,
                         m_organisation,
                         withButton(this, m_csrFile, m_browseCsr)};
    QWidget* buddies[] = {m_algorithm, m_keyFile,  m_passphrase,   m_passphrase2, m_keyUri,
                          m_pin,       m_validity, m_organisation, m_csrFile};
    for (int i = 0; i < 9; ++i) {
        m_labels[i] = new QLabel(this);
        m_labels[i]->setBuddy(buddies[i]);
        form->addRow(m_labels[i], fields[i]);
    }
    layout->addLayout(form);

    m_message = messageLabel(this);
    m_message->setObjectName(QStringLiteral("caKeySetupMessage"));
    layout->addWidget(m_message);
    m_done = noteLabel(this);
    m_done->setObjectName(QStringLiteral("caKeySetupResult"));
    layout->addWidget(m_done);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("caKeySetupProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(true);
    m_progress->hide();
    layout->addWidget(m_progress);
    layout->addStretch(1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_setUp = new QPushButton(this);
    m_setUp->setObjectName(QStringLiteral("caKeySetupButton"));
    m_setUp->setDefault(true);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("caKeySetupClose"));
    buttons->addWidget(m_setUp);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    // A root CA (kind "root") is self-signed; the others are subordinate by default.
    auto ca = m_reg.cas().find(m_caCode);
    const bool isRoot = ca && ca->kind == forms::CaKind::Root;
    (isRoot ? m_root : m_subordinate)->setChecked(true);
    m_newKey->setChecked(true);
    if (ca)
        m_organisation->setPlaceholderText(ca->name);
    const QString base = QDir::home().filePath(QStringLiteral("tirkeu-ca/") + m_caCode);
    m_keyFile->setText(QDir::toNativeSeparators(base + QStringLiteral("-key.p8")));
    m_csrFile->setText(QDir::toNativeSeparators(base + QStringLiteral("-request.pem")));

    for (QRadioButton* r : {m_root, m_subordinate, m_newKey, m_existingKey})
        connect(r, &QRadioButton::toggled, this, &CaKeySetupDialog::updateActions);
    connect(m_browseKey, &QPushButton::clicked, this, &CaKeySetupDialog::browseKeyFile);
    connect(m_browseCsr, &QPushButton::clicked, this, &CaKeySetupDialog::browseCsrFile);
    connect(m_setUp, &QPushButton::clicked, this, &CaKeySetupDialog::setUp);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);

    retranslateUi();
    updateActions();
    resize(720, 560);
}

CaKeySetupDialog::~CaKeySetupDialog() {
    // The worker uses its own register and a shared outcome, but must not outlive the window's register.
    if (m_job)
        m_job->wait();
}

bool CaKeySetupDialog::running() const {
    return m_job && m_job->isRunning();
}

void CaKeySetupDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void CaKeySetupDialog::closeEvent(QCloseEvent* event) {
    if (running()) {
        event->ignore(); // the key is being made and recorded; closing now would hide the outcome
        return;
    }
    QDialog::closeEvent(event);
}

void CaKeySetupDialog::reject() {
    if (running())
        return;
    QDialog::reject();
}

void CaKeySetupDialog::retranslateUi() {
    setWindowTitle(tr("Set up the key of the CA %1").arg(m_caCode));
    m_intro->setText(tr("The CA's signing key and certificate. A root CA signs its own certificate; a subordinate "
                        "CA's request goes to its parent CA, whose certificate is then imported (Settings → CAs → "
                        "Import certificate…). The passphrase is never stored: keep it with the key's custodians."));
    m_kindLabel->setText(tr("Certificate:"));
    m_root->setText(tr("&Self-signed root CA certificate"));
    m_subordinate->setText(tr("S&ubordinate CA: a request to the parent CA"));
    m_sourceLabel->setText(tr("Key:"));
    m_newKey->setText(tr("&New key in an encrypted file"));
    m_existingKey->setText(tr("&Existing key: PKCS#11 token (HSM) or key file"));
    const QString labels[] = {tr("Algorithm:"),        tr("Key file:"),         tr("Passphrase:"),
                              tr("Passphrase again:"), tr("Key URI:"),          tr("PIN or passphrase:"),
                              tr("Validity, years:"),  tr("Organisation (O):"), tr("Request file:")};
    for (int i = 0; i < 9; ++i)
        m_labels[i]->setText(labels[i]);
    m_keyUri->setPlaceholderText(tr("pkcs11:token=…;object=…  or  file:/path/key.p8"));
    m_passphrase->setPlaceholderText(tr("at least 12 characters"));
    m_browseKey->setText(tr("Choose…"));
    m_browseCsr->setText(tr("Choose…"));
    m_setUp->setText(m_subordinate->isChecked() ? tr("&Make key and request") : tr("&Make key and certificate"));
    m_close->setText(m_result ? tr("&Close") : tr("Cancel"));
}

void CaKeySetupDialog::updateActions() {
    const bool busy = running();
    const bool fresh = m_newKey->isChecked();
    const bool root = m_root->isChecked();
    const bool open = !busy && !m_result;
    for (QWidget* w :
         {static_cast<QWidget*>(m_root), static_cast<QWidget*>(m_subordinate), static_cast<QWidget*>(m_newKey),
          static_cast<QWidget*>(m_existingKey), static_cast<QWidget*>(m_organisation)})
        w->setEnabled(open);
    for (QWidget* w :
         {static_cast<QWidget*>(m_algorithm), static_cast<QWidget*>(m_keyFile), static_cast<QWidget*>(m_browseKey),
          static_cast<QWidget*>(m_passphrase), static_cast<QWidget*>(m_passphrase2)})
        w->setEnabled(open && fresh);
    m_keyUri->setEnabled(open && !fresh);
    m_pin->setEnabled(open && !fresh);
    m_validity->setEnabled(open && root);
    m_csrFile->setEnabled(open && !root);
    m_browseCsr->setEnabled(open && !root);
    m_setUp->setEnabled(open);
    m_close->setEnabled(!busy);
    m_setUp->setText(!root ? tr("&Make key and request") : tr("&Make key and certificate"));
    m_close->setText(m_result ? tr("&Close") : tr("Cancel"));
}

void CaKeySetupDialog::browseKeyFile() {
    const QString f = m_prompter.saveFileName(this, tr("New file for the CA key"), m_keyFile->text(),
                                              tr("Encrypted keys (*.p8 *.key)"));
    if (!f.isEmpty())
        m_keyFile->setText(QDir::toNativeSeparators(f));
}

void CaKeySetupDialog::browseCsrFile() {
    const QString f = m_prompter.saveFileName(this, tr("New file for the request to the parent CA"), m_csrFile->text(),
                                              tr("Certificate requests (*.pem *.csr)"));
    if (!f.isEmpty())
        m_csrFile->setText(QDir::toNativeSeparators(f));
}

void CaKeySetupDialog::fail(const QString& message) {
    m_message->setText(message);
    m_message->show();
}

void CaKeySetupDialog::setUp() {
    if (running() || m_result)
        return;
    m_message->hide();
    const bool root = m_root->isChecked();
    registry::CaKeySpec key;
    if (m_newKey->isChecked()) {
        if (m_passphrase->text() != m_passphrase2->text()) {
            fail(tr("The two passphrases differ; type the same passphrase twice."));
            m_passphrase2->clear();
            m_passphrase2->setFocus();
            return;
        }
        if (Status s = registry::Rules::caPassphrase(m_passphrase->text()); !s) {
            fail(s.message());
            m_passphrase->setFocus();
            return;
        }
        const QString path = QDir::fromNativeSeparators(m_keyFile->text().trimmed());
        if (Status s = registry::OutputFiles::checkNew(path); !s) {
            fail(s.message());
            m_keyFile->setFocus();
            return;
        }
        auto algorithm = pki::KeyGenerator::parse(m_algorithm->currentData().toString());
        if (!algorithm) {
            fail(algorithm.message());
            return;
        }
        key.algorithm = *algorithm;
        key.keyPath = path;
        key.passphrase = m_passphrase->text();
    } else {
        key.existingUri = m_keyUri->text().trimmed();
        if (key.existingUri.isEmpty()) {
            fail(tr("Give the URI of the existing key (pkcs11:… or file:…)."));
            m_keyUri->setFocus();
            return;
        }
        key.existingSecret = pki::SecretSource::literal(m_pin->text());
    }
    const QString csrPath = QDir::fromNativeSeparators(m_csrFile->text().trimmed());
    if (!root) {
        if (Status s = registry::OutputFiles::checkNew(csrPath); !s) {
            fail(s.message());
            m_csrFile->setFocus();
            return;
        }
    }
    m_passphrase->clear();
    m_passphrase2->clear();
    m_pin->clear();

    const registry::Session session = m_session;
    const QString code = m_caCode;
    const int years = m_validity->value();
    const QString organisation = m_organisation->text().trimmed();
    m_outcome = std::make_shared<Outcome>();
    std::shared_ptr<Outcome> outcome = m_outcome;
    delete m_job;
    m_job = new Job(
        m_reg, root ? tr("Making the key and certificate of %1…").arg(code) : tr("Making the key of %1…").arg(code),
        Job::Cancel::NotPossible,
        [=](Job::Context& context) mutable -> Status {
            registry::CaEngine engine(context.reg);
            auto init = root ? engine.createRootCa(session, code, key, years, organisation)
                             : engine.createSubordinateCa(session, code, key, organisation);
            key.passphrase.fill(u'\0');
            if (!init)
                return init.error();
            outcome->result = *init;
            if (!root) {
                if (Status w = registry::OutputFiles::writeNew(csrPath, init->csrPem, registry::FileSecrecy::Public);
                    !w)
                    return makeError(w.code(), tr("The CA key is created, but: %1").arg(w.message()));
            }
            outcome->ok = true;
            return {};
        },
        this);
    connect(m_job, &Job::progressed, m_progress,
            [this](int, int, const QString& text) { m_progress->setFormat(text); });
    connect(m_job, &Job::finished, this, [this](bool ok, const QString& message) {
        if (!ok)
            m_outcome->error = message;
        workerDone();
    });
    m_progress->setFormat(m_job->title());
    m_progress->show();
    m_job->start();
    updateActions();
}

void CaKeySetupDialog::workerDone() {
    m_progress->hide();
    const bool ok = m_outcome && m_outcome->ok;
    if (ok) {
        m_result = m_outcome->result;
        const QString csr = QDir::toNativeSeparators(m_csrFile->text().trimmed());
        m_resultText = m_result->certificateDer.isEmpty()
                           ? tr("The key of the CA %1 is made (%2, SHA-256 %3). Send the request %4 to the parent "
                                "CA, then import the certificate it issues: Settings → CAs → Import certificate…")
                                 .arg(m_caCode, m_result->keyUri, m_result->fingerprint, csr)
                           : tr("The CA %1 is set up: key %2 (SHA-256 %3), certificate %4 valid until %5.")
                                 .arg(m_caCode, m_result->keyUri, m_result->fingerprint, m_result->serialHex,
                                      registry::displayDate(m_result->notAfter));
        m_done->setText(m_resultText);
        Q_EMIT registerChanged();
    } else {
        // A partly written set-up (the key made, the request not saved) is recorded: reflect it.
        Q_EMIT registerChanged();
        const QString error = m_outcome ? m_outcome->error : QString();
        fail(error);
        m_prompter.showError(this, windowTitle(), error);
    }
    updateActions();
    Q_EMIT setUpFinished(ok);
}

} // namespace tirkeu::gui
