// IssuanceDialog: issuing the certificate(s) of an approved application from the holder's request or a key
// generated here, or the persons of a government body's letter — its widgets, their states and texts. The
// work itself (runner, progress, files) is in IssuanceDialogRun.cpp.
#include "app/gui/IssuanceDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/LetterIssueTable.h"
#include "app/gui/Prompter.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "registry/Applications.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"
#include "registry/Rules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
const QString kPem = QStringLiteral("pem");
const QString kDer = QStringLiteral("der");
constexpr int kMinPassword = registry::Rules::kMinHolderPassword; // shown early; the registry checks it again

void fillAlgorithms(QComboBox* combo) {
    for (pki::KeyAlgorithm a : pki::KeyGenerator::algorithms())
        combo->addItem(pki::KeyGenerator::describe(a), static_cast<int>(a));
}

} // namespace

IssuanceDialog::IssuanceDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                               qint64 applicationId, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_id(applicationId) {
    setObjectName(QStringLiteral("issuanceDialog"));
    if (auto rec = m_reg.applications().get(m_session, m_id); rec) {
        m_persons = rec->data.value(QStringLiteral("persons")).toArray();
        m_government = rec->formCode == u"GOV-ISSUE";
        m_subjectId = rec->subject;
        if (m_persons.size() == 1)
            m_subjectId = m_persons.first().toObject().value(QStringLiteral("iin")).toString();
        using registry::Rules;
        m_suggestGenerated = Rules::suggestedKeyPath(rec->formCode, rec->data) == Rules::KeyPath::GeneratedOnMedia;
        const forms::FormDef* form = forms::FormCatalog::find(rec->formCode);
        if (m_government)
            m_keyPathReason = KeyPathReason::Government;
        else if (form && form->field(QStringLiteral("key_media")))
            m_keyPathReason = m_suggestGenerated ? KeyPathReason::File : KeyPathReason::Token;
    }
    if (auto replaced = m_reg.applications().replacedSerial(m_session, m_id); replaced)
        m_replacedSerial = *replaced;
    if (auto profiles = registry::CaEngine(m_reg).profilesFor(m_id); profiles)
        m_signAndAuth = profiles->size() > 1;

    auto* layout = dialogLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);

    // 1. From a CSR file.
    m_fromCsr = new QRadioButton(this);
    m_fromCsr->setObjectName(QStringLiteral("fromCsrRadio"));
    m_csrBox = new QWidget(this);
    auto* csrForm = formLayout();
    csrForm->setContentsMargins(24, 0, 0, 0);
    m_csrBox->setLayout(csrForm);
    m_csrLabel = new QLabel(m_csrBox);
    m_csrPath = new QLineEdit(m_csrBox);
    m_csrPath->setObjectName(QStringLiteral("csrPath"));
    m_csrLabel->setBuddy(m_csrPath);
    m_chooseCsr = new QPushButton(m_csrBox);
    m_chooseCsr->setObjectName(QStringLiteral("chooseCsrButton"));
    auto* csrRow = new QHBoxLayout;
    csrRow->addWidget(m_csrPath, 1);
    csrRow->addWidget(m_chooseCsr);
    csrForm->addRow(m_csrLabel, csrRow);
    // Signing and authentication: the second key's request.
    m_authCsrLabel = new QLabel(m_csrBox);
    m_authCsrPath = new QLineEdit(m_csrBox);
    m_authCsrPath->setObjectName(QStringLiteral("authCsrPath"));
    m_authCsrLabel->setBuddy(m_authCsrPath);
    m_chooseAuthCsr = new QPushButton(m_csrBox);
    m_chooseAuthCsr->setObjectName(QStringLiteral("chooseAuthCsrButton"));
    auto* authCsrRow = new QHBoxLayout;
    authCsrRow->addWidget(m_authCsrPath, 1);
    authCsrRow->addWidget(m_chooseAuthCsr);
    csrForm->addRow(m_authCsrLabel, authCsrRow);
    for (QWidget* w : std::initializer_list<QWidget*>{m_authCsrLabel, m_authCsrPath, m_chooseAuthCsr})
        w->setVisible(m_signAndAuth);

    // 2. A key generated here onto the key media (PKCS#12).
    m_generated = new QRadioButton(this);
    m_generated->setObjectName(QStringLiteral("generatedKeyRadio"));
    m_keyBox = new QWidget(this);
    auto* keyForm = formLayout();
    keyForm->setContentsMargins(24, 0, 0, 0);
    m_keyBox->setLayout(keyForm);
    m_algorithmLabel = new QLabel(m_keyBox);
    m_algorithm = new QComboBox(m_keyBox);
    m_algorithm->setObjectName(QStringLiteral("algorithmCombo"));
    fillAlgorithms(m_algorithm);
    m_algorithmLabel->setBuddy(m_algorithm);
    m_passwordLabel = new QLabel(m_keyBox);
    m_password = new QLineEdit(m_keyBox);
    m_password->setObjectName(QStringLiteral("holderPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_password);
    m_repeatLabel = new QLabel(m_keyBox);
    m_repeat = new QLineEdit(m_keyBox);
    m_repeat->setObjectName(QStringLiteral("holderPasswordRepeat"));
    m_repeat->setEchoMode(QLineEdit::Password);
    m_repeatLabel->setBuddy(m_repeat);
    m_mediaLabel = new QLabel(m_keyBox);
    m_media = new QLineEdit(m_keyBox);
    m_media->setObjectName(QStringLiteral("mediaSerial"));
    m_mediaLabel->setBuddy(m_media);
    m_keyNote = noteLabel(m_keyBox);
    m_keyNote->setObjectName(QStringLiteral("keyNote"));
    keyForm->addRow(m_algorithmLabel, m_algorithm);
    keyForm->addRow(m_passwordLabel, m_password);
    keyForm->addRow(m_repeatLabel, m_repeat);
    keyForm->addRow(m_mediaLabel, m_media);
    keyForm->addRow(m_keyNote);

    // 3. Every person of a government body's letter.
    m_letterRadio = new QRadioButton(this);
    m_letterRadio->setObjectName(QStringLiteral("letterRadio"));
    m_letterBox = new QWidget(this);
    auto* letterLayout = new QVBoxLayout(m_letterBox);
    letterLayout->setContentsMargins(24, 0, 0, 0);
    m_letter = new LetterIssueTable(m_letterBox);
    m_letter->setPersons(m_persons);
    m_letter->setMinimumHeight(140);
    auto* letterForm = formLayout();
    m_letterAlgorithmLabel = new QLabel(m_letterBox);
    m_letterAlgorithm = new QComboBox(m_letterBox);
    m_letterAlgorithm->setObjectName(QStringLiteral("letterAlgorithmCombo"));
    fillAlgorithms(m_letterAlgorithm);
    m_letterAlgorithmLabel->setBuddy(m_letterAlgorithm);
    m_folderLabel = new QLabel(m_letterBox);
    m_folder = new QLineEdit(m_letterBox);
    m_folder->setObjectName(QStringLiteral("outputFolder"));
    m_folderLabel->setBuddy(m_folder);
    m_chooseFolder = new QPushButton(m_letterBox);
    m_chooseFolder->setObjectName(QStringLiteral("chooseFolderButton"));
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_chooseFolder);
    letterForm->addRow(m_letterAlgorithmLabel, m_letterAlgorithm);
    letterForm->addRow(m_folderLabel, folderRow);
    letterLayout->addWidget(m_letter, 1);
    letterLayout->addLayout(letterForm);

    // 4. Government Bodies CA: who receives the key media (the body's internal order), on every path.
    m_recipientBox = new QGroupBox(this);
    m_recipientBox->setObjectName(QStringLiteral("mediaRecipientBox"));
    auto* recipientForm = formLayout();
    m_recipientBox->setLayout(recipientForm);
    const auto recipientField = [this, recipientForm](const char* name, QLabel** label, QLineEdit** edit) {
        *label = new QLabel(m_recipientBox);
        *edit = new QLineEdit(m_recipientBox);
        (*edit)->setObjectName(QLatin1String(name));
        (*label)->setBuddy(*edit);
        recipientForm->addRow(*label, *edit);
        connect(*edit, &QLineEdit::textChanged, this, &IssuanceDialog::updateActions);
    };
    recipientField("recipientName", &m_recipientNameLabel, &m_recipientName);
    recipientField("recipientPosition", &m_recipientPositionLabel, &m_recipientPosition);
    recipientField("recipientOrder", &m_recipientOrderLabel, &m_recipientOrder);
    recipientField("recipientOrderDate", &m_recipientOrderDateLabel, &m_recipientOrderDate);
    recipientField("outsideCsrReason", &m_outsideCsrReasonLabel, &m_outsideCsrReason);
    m_recipientBox->setVisible(m_government);

    m_revokeReplaced = new QCheckBox(this);
    m_revokeReplaced->setObjectName(QStringLiteral("revokeReplacedCheck"));
    m_revokeReplaced->setVisible(!m_replacedSerial.isEmpty());

    auto* form = formLayout();
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
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->hide();
    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("saveCertificateButton"));
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_issue);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_save);
    buttons->addWidget(m_close);

    layout->addWidget(m_summary);
    layout->addWidget(m_fromCsr);
    layout->addWidget(m_csrBox);
    layout->addWidget(m_generated);
    layout->addWidget(m_keyBox);
    layout->addWidget(m_letterRadio);
    layout->addWidget(m_letterBox, 1);
    layout->addWidget(m_recipientBox);
    layout->addWidget(m_revokeReplaced);
    layout->addLayout(form);
    layout->addStretch(0);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(m_result);
    layout->addLayout(buttons);

    // A letter for several persons is issued person by person in the table (one key each).
    const bool letter = m_persons.size() > 1;
    m_letterRadio->setVisible(letter);
    m_letterBox->setVisible(letter);
    for (QWidget* w : std::initializer_list<QWidget*>{m_fromCsr, m_csrBox, m_generated, m_keyBox})
        w->setVisible(!letter);
    setMode(letter ? Letter : m_suggestGenerated ? GeneratedKey : FromCsr);

    connect(m_chooseCsr, &QPushButton::clicked, this, &IssuanceDialog::chooseCsr);
    connect(m_chooseAuthCsr, &QPushButton::clicked, this, &IssuanceDialog::chooseAuthCsr);
    connect(m_chooseFolder, &QPushButton::clicked, this, &IssuanceDialog::chooseFolder);
    connect(m_issue, &QPushButton::clicked, this, &IssuanceDialog::issue);
    connect(m_cancel, &QPushButton::clicked, this, &IssuanceDialog::cancel);
    connect(m_save, &QPushButton::clicked, this, &IssuanceDialog::saveCertificate);
    connect(m_close, &QPushButton::clicked, this, &IssuanceDialog::reject);
    for (QLineEdit* e : {m_csrPath, m_authCsrPath, m_password, m_repeat, m_media, m_folder})
        connect(e, &QLineEdit::textChanged, this, &IssuanceDialog::updateActions);
    for (QRadioButton* r : {m_fromCsr, m_generated, m_letterRadio})
        connect(r, &QRadioButton::toggled, this, &IssuanceDialog::updateActions);
    connect(m_letter, &LetterIssueTable::edited, this, &IssuanceDialog::updateActions);

    retranslateUi();
    resize(letter ? 900 : 680, letter ? 620 : 520);
}

IssuanceDialog::~IssuanceDialog() = default;

IssuanceDialog::Mode IssuanceDialog::mode() const {
    if (m_letterRadio->isChecked())
        return Letter;
    return m_generated->isChecked() ? GeneratedKey : FromCsr;
}

void IssuanceDialog::setMode(Mode mode) {
    (mode == Letter ? m_letterRadio : mode == GeneratedKey ? m_generated : m_fromCsr)->setChecked(true);
    updateActions();
}

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

void IssuanceDialog::chooseAuthCsr() {
    const QString path =
        m_prompter.openFileName(this, tr("Certificate request of the holder's authentication key"),
                                tr("Certificate requests (*.csr *.req *.p10 *.pem *.der);;All files (*)"));
    if (!path.isEmpty())
        m_authCsrPath->setText(QDir::toNativeSeparators(path));
}

void IssuanceDialog::chooseFolder() {
    const std::optional<QString> dir = m_prompter.chooseDirectory(
        this, tr("Folder for the key files and certificates of the letter"), m_folder->text());
    if (dir && !dir->isEmpty())
        m_folder->setText(QDir::toNativeSeparators(*dir));
}

QString IssuanceDialog::keyProblem() const {
    if (m_password->text().isEmpty())
        return tr("The holder types the password for the key file, twice.");
    if (m_password->text().size() < kMinPassword)
        return tr("The holder's password must have at least %1 characters.").arg(kMinPassword);
    if (m_password->text() != m_repeat->text())
        return tr("The two passwords differ: the holder types the same password twice.");
    return {};
}

bool IssuanceDialog::pemChosen() const {
    return m_format->currentData().toString() == kPem;
}

registry::MediaRecipient IssuanceDialog::mediaRecipient() const {
    return registry::MediaRecipient{m_recipientName->text().trimmed(), m_recipientPosition->text().trimmed(),
                                    m_recipientOrder->text().trimmed(),
                                    QDate::fromString(m_recipientOrderDate->text().trimmed(), Qt::ISODate)};
}

void IssuanceDialog::updateActions() {
    const bool allowed = registry::Roles::allows(m_session.role, registry::Permission::IssueCertificate);
    const bool running = isRunning();
    const Mode m = mode();
    const bool done = m == Letter ? m_letter->pendingRows().isEmpty() : !m_serials.isEmpty();
    QString why;
    if (!allowed)
        why = tr("Your role (%1) may not %2.")
                  .arg(registry::Roles::displayName(m_session.role),
                       registry::Roles::permissionName(registry::Permission::IssueCertificate));
    else if (done)
        why = m == Letter ? tr("Every person of this letter has a certificate.")
                          : tr("The certificate of this application is issued.");
    else if (m == FromCsr && m_csrPath->text().trimmed().isEmpty())
        why = tr("Choose the holder's certificate request first.");
    else if (m == FromCsr && m_signAndAuth && m_authCsrPath->text().trimmed().isEmpty())
        why = tr("The application asks for signing and authentication: choose the request of the authentication "
                 "key too (each certificate has its own key).");
    else if (m == GeneratedKey)
        why = keyProblem();
    else if (m == Letter) {
        why = m_letter->problem();
        if (why.isEmpty() && m_folder->text().trimmed().isEmpty())
            why = tr("Choose the folder for the key files first.");
    }
    if (why.isEmpty() && m_government && !done) {
        if (Status s = registry::Rules::mediaRecipient(mediaRecipient()); !s)
            why = s.message();
    }
    m_issue->setEnabled(why.isEmpty() && !running);
    m_issue->setToolTip(why.isEmpty() ? (m == FromCsr ? tr("Sign the certificate with the CA key.")
                                                      : tr("Generate the key, sign the certificate with the CA key "
                                                           "and write the key file."))
                                      : why);
    m_keyNote->setText(m == GeneratedKey && !why.isEmpty() && !done ? why : QString());
    m_keyNote->setVisible(!m_keyNote->text().isEmpty());
    const bool single = !done && !running;
    m_csrBox->setEnabled(single && m == FromCsr);
    m_keyBox->setEnabled(single && m == GeneratedKey);
    m_letter->setRunning(running || m != Letter);
    m_folder->setEnabled(!running && m == Letter);
    m_chooseFolder->setEnabled(!running && m == Letter);
    m_letterAlgorithm->setEnabled(!running && m == Letter);
    if (m_persons.size() <= 1) {
        m_fromCsr->setEnabled(!running && m_serials.isEmpty());
        m_generated->setEnabled(!running && m_serials.isEmpty());
    }
    m_revokeReplaced->setEnabled(!running && m_serials.isEmpty());
    m_recipientBox->setEnabled(!running && !done);
    m_outsideCsrReason->setEnabled(m == FromCsr);
    m_cancel->setVisible(running && m == Letter);
    m_cancel->setEnabled(running && !(m_runner && m_runner->wasCancelled()));
    m_save->setEnabled(!m_lastDer.isEmpty() && !running);
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
    if (auto rec = m_reg.applications().get(m_session, m_id); rec) {
        const QString who = rec->subject.isEmpty() ? rec->applicantName
                                                   : QStringLiteral("%1, %2").arg(rec->applicantName, rec->subject);
        QString text = tr("Application %1 (%2, %3): %4. Status: %5.")
                           .arg(m_id)
                           .arg(rec->formCode, rec->caCode, who, registry::Applications::statusName(rec->status));
        if (m_persons.size() > 1)
            text += u' ' + tr("A letter for %n person(s): each gets a key of their own.", nullptr,
                              static_cast<int>(m_persons.size()));
        if (!m_replacedSerial.isEmpty())
            text += u' ' + tr("It replaces certificate %1 (re-issue).").arg(m_replacedSerial);
        if (m_signAndAuth)
            text += u' ' + tr("It asks for signing and authentication: both certificates are issued now, each "
                              "with its own key.");
        if (m_persons.size() <= 1) {
            switch (m_keyPathReason) {
            case KeyPathReason::Government:
                text += u' ' + tr("At the Government Bodies CA the key is generated onto the key media here: "
                                  "that way is preselected.");
                break;
            case KeyPathReason::Token:
                text += u' ' + tr("The application names a token as the key media: the holder's request made on "
                                  "the token is preselected.");
                break;
            case KeyPathReason::File:
                text += u' ' + tr("The application names a file as the key media: a key generated here into a "
                                  "PKCS#12 file is preselected.");
                break;
            case KeyPathReason::None:
                break;
            }
        }
        m_summary->setText(text);
    } else {
        m_summary->setText(rec.message());
    }
    m_fromCsr->setText(tr("From the holder's certificate request (CSR file)"));
    m_csrLabel->setText(tr("&Request file:"));
    m_chooseCsr->setText(tr("C&hoose…"));
    m_authCsrLabel->setText(tr("A&uthentication request:"));
    m_chooseAuthCsr->setText(tr("Choose…"));
    if (m_signAndAuth)
        m_csrLabel->setText(tr("Si&gning request:"));
    m_generated->setText(tr("Generate the key pair onto the key media (PKCS#12 file)"));
    m_algorithmLabel->setText(tr("Key &algorithm:"));
    m_passwordLabel->setText(tr("Holder's &password:"));
    m_repeatLabel->setText(tr("Password a&gain:"));
    m_mediaLabel->setText(tr("Key &media serial:"));
    m_media->setPlaceholderText(tr("required by the Government Bodies CA"));
    m_letterRadio->setText(tr("Every person of the letter: one generated key each (PKCS#12 files)"));
    m_letter->retranslateUi();
    m_letterAlgorithmLabel->setText(tr("Key a&lgorithm:"));
    m_folderLabel->setText(tr("Output &folder:"));
    m_chooseFolder->setText(tr("Ch&oose…"));
    m_recipientBox->setTitle(tr("Who receives the key media (the employee named in the body's internal order)"));
    m_recipientNameLabel->setText(tr("Employee's full &name:"));
    m_recipientPositionLabel->setText(tr("Pos&ition:"));
    m_recipientOrderLabel->setText(tr("Internal order &number:"));
    m_recipientOrderDateLabel->setText(tr("Internal order &date:"));
    m_recipientOrderDate->setPlaceholderText(tr("YYYY-MM-DD"));
    m_outsideCsrReasonLabel->setText(tr("Reason for an outside &request:"));
    m_outsideCsrReason->setPlaceholderText(
        tr("only from a request file, where the rules in force allow it; recorded with the certificate"));
    m_revokeReplaced->setText(
        tr("Revoke the replaced certificate %1 (superseded) in the same step").arg(m_replacedSerial));
    m_formatLabel->setText(tr("Certificate &format:"));
    m_format->setItemText(0, tr("PEM (text, .pem)"));
    m_format->setItemText(1, tr("DER (binary, .cer)"));
    m_issue->setText(tr("&Issue"));
    m_cancel->setText(tr("Cancel"));
    m_save->setText(tr("&Save certificate…"));
    m_close->setText(tr("&Close"));
    updateActions();
}

} // namespace tirkeu::gui
