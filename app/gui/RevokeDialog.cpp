#include "app/gui/RevokeDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Job.h"
#include "app/gui/Prompter.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/Register.h"
#include "registry/Revocations.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
// Every reason a certificate can be revoked for (7 is unused, 8 only undoes a hold).
constexpr int kReasons[] = {1, 4, 3, 5, 9, 2, 10, 6, 0};
constexpr int kNoReason = -1; // the blank first entry: nothing chosen yet
} // namespace

QString RevokeDialog::reasonText(int code) {
    switch (code) {
    case 0:
        return tr("Unspecified");
    case 1:
        return tr("Key compromise");
    case 2:
        return tr("CA compromise");
    case 3:
        return tr("Affiliation changed");
    case 4:
        return tr("Superseded");
    case 5:
        return tr("Cessation of operation");
    case 6:
        return tr("Certificate hold");
    case 9:
        return tr("Privilege withdrawn");
    case 10:
        return tr("Attribute authority compromise");
    }
    return registry::CaEngine::reasonName(code);
}

QString RevokeDialog::basisText(const QString& kind) {
    if (kind == u"holder_application")
        return tr("Holder's application");
    if (kind == u"court_decision")
        return tr("Court decision");
    if (kind == u"ca_termination")
        return tr("The CA ceases operation");
    if (kind == u"holder_left_job")
        return tr("The holder left the organisation");
    return kind;
}

RevokeDialog::RevokeDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                           const registry::CertificateRecord& certificate, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_certificate(certificate) {
    setObjectName(QStringLiteral("revokeDialog"));
    auto* layout = dialogLayout(this);

    m_pages = new QStackedWidget(this);
    auto* formPage = new QWidget(m_pages);
    auto* formBox = new QVBoxLayout(formPage);
    formBox->setContentsMargins(0, 0, 0, 0);
    m_intro = new QLabel(formPage);
    m_intro->setWordWrap(true);
    m_intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    formBox->addWidget(m_intro);
    auto* form = formLayout();
    m_reasonLabel = new QLabel(formPage);
    m_reason = new QComboBox(formPage);
    m_reason->setObjectName(QStringLiteral("reasonCombo"));
    m_reason->setSizeAdjustPolicy(QComboBox::AdjustToContents); // the item texts come with the language
    // No reason is preselected: the officer chooses one (a key compromise publishes at once).
    m_reason->addItem(QString(), kNoReason);
    for (int code : kReasons)
        if (registry::Revocations::reasonFits(code, m_certificate.profile)) // no CA compromise for a holder
            m_reason->addItem(QString(), code);
    m_reason->setCurrentIndex(0);
    m_reasonLabel->setBuddy(m_reason);
    form->addRow(m_reasonLabel, m_reason);
    m_basisLabel = new QLabel(formPage);
    m_basis = new QComboBox(formPage);
    m_basis->setObjectName(QStringLiteral("basisCombo"));
    m_basis->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const QString& kind : registry::CaEngine::basisKinds())
        m_basis->addItem(QString(), kind);
    m_basisLabel->setBuddy(m_basis);
    form->addRow(m_basisLabel, m_basis);
    m_documentLabel = new QLabel(formPage);
    m_document = new QLineEdit(formPage);
    m_document->setObjectName(QStringLiteral("basisDocument"));
    m_document->setMaxLength(registry::Revocations::kMaxBasisDocument); // the registry refuses longer text
    m_documentLabel->setBuddy(m_document);
    form->addRow(m_documentLabel, m_document);
    // Since when the key is known or suspected to be compromised: the CRL entry's invalidityDate.
    m_invalidityGiven = new QCheckBox(formPage);
    m_invalidityGiven->setObjectName(QStringLiteral("invalidityGiven"));
    m_invalidity = new QDateTimeEdit(formPage);
    m_invalidity->setObjectName(QStringLiteral("invalidityDate"));
    // Almaty wall-clock time, edited as a plain date and time (request() places it in the zone).
    m_invalidity->setTimeSpec(Qt::UTC);
    m_invalidity->setDisplayFormat(QStringLiteral("dd.MM.yyyy HH:mm"));
    m_invalidity->setCalendarPopup(true);
    // Not before the certificate became valid (the registry refuses that): its first whole minute.
    if (m_certificate.notBefore.isValid()) {
        const QDateTime valid = m_certificate.notBefore.toTimeZone(registry::Clock::zone());
        QDateTime minimum(valid.date(), QTime(valid.time().hour(), valid.time().minute()), Qt::UTC);
        if (valid.time().second() > 0 || valid.time().msec() > 0)
            minimum = minimum.addSecs(60);
        m_invalidity->setMinimumDateTime(minimum);
    }
    const QDateTime nowAlmaty = m_reg.clock().now().toTimeZone(registry::Clock::zone());
    m_invalidity->setDateTime(
        QDateTime(nowAlmaty.date(), QTime(nowAlmaty.time().hour(), nowAlmaty.time().minute()), Qt::UTC));
    m_invalidity->setEnabled(false);
    form->addRow(m_invalidityGiven, m_invalidity);
    connect(m_invalidityGiven, &QCheckBox::toggled, m_invalidity, &QWidget::setEnabled);
    formBox->addLayout(form);
    formBox->addStretch(1);
    m_pages->addWidget(formPage);

    m_confirmation = new QLabel(m_pages);
    m_confirmation->setObjectName(QStringLiteral("confirmationText"));
    m_confirmation->setWordWrap(true);
    m_confirmation->setTextFormat(Qt::RichText);
    m_confirmation->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_pages->addWidget(m_confirmation);
    layout->addWidget(m_pages, 1);

    m_message = messageLabel(this);
    layout->addWidget(m_message);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("revokeProgress"));
    m_progress->setRange(0, 0); // busy: one step, its text says what happens
    m_progress->hide();
    layout->addWidget(m_progress);

    m_continue = new QPushButton(this);
    m_continue->setObjectName(QStringLiteral("continueButton"));
    m_continue->setDefault(true);
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("backButton"));
    m_revoke = new QPushButton(this);
    m_revoke->setObjectName(QStringLiteral("confirmRevokeButton"));
    m_revoke->setStyleSheet(QStringLiteral("QPushButton { color: #a3121f; font-weight: bold; }"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_continue);
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    connect(m_continue, &QPushButton::clicked, this, &RevokeDialog::showConfirmation);
    connect(m_revoke, &QPushButton::clicked, this, &RevokeDialog::revokeNow);
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(0);
        retranslateUi();
    });
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);

    retranslateUi();
    resize(640, 420);
}

bool RevokeDialog::running() const {
    return m_job && m_job->isRunning();
}

void RevokeDialog::closeEvent(QCloseEvent* event) {
    if (running()) {
        event->ignore(); // a revocation is final and its CRL follows; it finishes in a moment
        return;
    }
    QDialog::closeEvent(event);
}

void RevokeDialog::reject() {
    if (!running())
        QDialog::reject();
}

void RevokeDialog::updateButtons() {
    for (QPushButton* b : {m_continue, m_back, m_revoke, m_cancel})
        b->setEnabled(!running());
}

void RevokeDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void RevokeDialog::retranslateUi() {
    setWindowTitle(tr("Revoke certificate %1").arg(m_certificate.serialHex));
    m_intro->setText(tr("Certificate %1 of the CA %2\n%3\nvalid %4 – %5")
                         .arg(m_certificate.serialHex, m_certificate.caCode, m_certificate.subject,
                              registry::displayDate(m_certificate.notBefore),
                              registry::displayDate(m_certificate.notAfter)));
    m_reasonLabel->setText(tr("&Reason:"));
    for (int i = 0; i < m_reason->count(); ++i) {
        const int code = m_reason->itemData(i).toInt();
        if (code == kNoReason) {
            m_reason->setItemText(i, tr("— choose the reason —"));
            continue;
        }
        m_reason->setItemText(i, QStringLiteral("%1 (%2)").arg(reasonText(code), registry::CaEngine::reasonName(code)));
    }
    m_basisLabel->setText(tr("&Basis:"));
    for (int i = 0; i < m_basis->count(); ++i)
        m_basis->setItemText(i, basisText(m_basis->itemData(i).toString()));
    m_documentLabel->setText(tr("Basis &document:"));
    m_invalidityGiven->setText(tr("Key &invalid since:"));
    m_invalidityGiven->setToolTip(tr("When the key is known or suspected to have been compromised (written to the "
                                     "CRL as the invalidity date); not after now."));
    m_document->setPlaceholderText(tr("number and date, e.g. application No. 15 of 20.03.2026"));
    m_continue->setText(tr("&Continue…"));
    m_back->setText(tr("&Back"));
    m_revoke->setText(tr("&Revoke now"));
    m_cancel->setText(tr("Cancel"));
    const bool confirming = onConfirmationPage();
    m_continue->setVisible(!confirming);
    m_back->setVisible(confirming);
    m_revoke->setVisible(confirming);
    if (confirming)
        m_confirmation->setText(confirmationText());
}

bool RevokeDialog::onConfirmationPage() const {
    return m_pages->currentIndex() == 1;
}

QString RevokeDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void RevokeDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

registry::RevokeRequest RevokeDialog::request() const {
    registry::RevokeRequest r;
    r.caCode = m_certificate.caCode;
    r.serial = m_certificate.serialHex;
    r.reasonCode = m_reason->currentData().toInt();
    r.basisKind = m_basis->currentData().toString();
    r.basisDocument = m_document->text().trimmed();
    if (m_invalidityGiven->isChecked())
        r.invalidityDate = QDateTime(m_invalidity->date(), m_invalidity->time(), registry::Clock::zone())
                               .toUTC(); // the registry checks it against the revocation time
    return r;
}

QString RevokeDialog::confirmationText() const {
    const registry::RevokeRequest r = request();
    const QString reason =
        QStringLiteral("%1 (%2)").arg(reasonText(r.reasonCode), registry::CaEngine::reasonName(r.reasonCode));
    QStringList parts;
    parts << tr("<p><b>The certificate %1 of the CA %2 will be revoked.</b></p>")
                 .arg(r.serial.toHtmlEscaped(), r.caCode.toHtmlEscaped());
    parts << tr("<p>Holder: %1</p>").arg(m_certificate.subject.toHtmlEscaped());
    parts << tr("<p>Reason: %1<br>Basis: %2%3</p>")
                 .arg(reason.toHtmlEscaped(), basisText(r.basisKind).toHtmlEscaped(),
                      r.basisDocument.isEmpty() ? QString() : QStringLiteral(", ") + r.basisDocument.toHtmlEscaped());
    if (r.reasonCode == registry::Revocations::kCertificateHold)
        parts << tr("<p>The certificate is put <b>on hold</b>: it is listed in the CRLs from now on until the hold "
                    "is released (Release hold in the certificate's details).</p>");
    else
        parts << tr("<p>The revocation is <b>final</b>: it cannot be undone. The time of revocation is now; the "
                    "certificate is listed in every CRL of the CA from now on.</p>");
    if (r.invalidityDate.isValid())
        parts << tr("<p>Key invalid since: %1 (the CRL entry's invalidity date).</p>")
                     .arg(registry::displayDateTime(r.invalidityDate, true).toHtmlEscaped());
    auto ca = m_reg.cas().find(r.caCode);
    if (ca && registry::Revocation::publishesAtOnce(*ca, r.reasonCode) &&
        r.reasonCode == registry::Revocations::kCaCompromise)
        parts << tr("<p>Because the CA is compromised, the full CRL of %1 is <b>published at once</b> into %2. The "
                    "CA key passphrase is asked next.</p>")
                     .arg(r.caCode.toHtmlEscaped(), registry::Revocation::publishDir(*ca).toHtmlEscaped());
    else if (ca && registry::Revocation::publishesAtOnce(*ca, r.reasonCode))
        parts << tr("<p>Because the key is compromised, a delta CRL (a full CRL if the CA has none yet) is "
                    "<b>published at once</b> into %1. The CA key passphrase is asked next.</p>")
                     .arg(registry::Revocation::publishDir(*ca).toHtmlEscaped());
    else if (r.reasonCode == registry::Revocation::kKeyCompromise)
        parts << tr("<p>The CA has no publish folder, so no CRL is published now: publish one at once "
                    "(Certificates ▸ Publish CRL).</p>");
    else
        parts << tr("<p>The revocation appears in the next CRL publication.</p>");
    return parts.join(QString());
}

void RevokeDialog::showConfirmation() {
    if (m_reason->currentData().toInt() == kNoReason) {
        showMessage(tr("Choose the reason for the revocation."));
        m_reason->setFocus();
        return;
    }
    showMessage({});
    m_pages->setCurrentIndex(1);
    retranslateUi();
    m_revoke->setFocus();
}

void RevokeDialog::revokeNow() {
    if (!onConfirmationPage() || running())
        return;
    const registry::RevokeRequest r = request();
    auto ca = m_reg.cas().find(r.caCode);
    if (!ca) {
        showMessage(ca.message());
        return;
    }
    pki::SecretSource secret = pki::SecretSource::literal(QString());
    if (registry::Revocation::publishesAtOnce(*ca, r.reasonCode)) {
        const std::optional<QString> pass =
            m_prompter.askPassword(this, windowTitle(), tr("Passphrase of the key of the CA %1:").arg(ca->code));
        if (!pass)
            return;
        secret = pki::SecretSource::literal(*pass);
    }
    const bool publishes = registry::Revocation::publishesAtOnce(*ca, r.reasonCode);
    const registry::Session session = m_session;
    auto outcome = std::make_shared<std::optional<registry::RevocationOutcome>>();
    delete m_job;
    m_job = new Job(
        m_reg,
        publishes ? tr("Revoking %1 and publishing the CRL of %2…").arg(r.serial, r.caCode)
                  : tr("Revoking %1…").arg(r.serial),
        Job::Cancel::NotPossible,
        [session, r, secret, outcome](Job::Context& context) -> Status {
            auto done = registry::Revocation(context.reg).revoke(session, r, secret);
            if (!done)
                return done.error();
            *outcome = *done;
            return {};
        },
        this);
    connect(m_job, &Job::progressed, m_progress,
            [this](int, int, const QString& text) { m_progress->setFormat(text); });
    connect(m_job, &Job::finished, this,
            [this, outcome](bool ok, const QString& message) { revokeDone(ok, message, *outcome); });
    showMessage({});
    m_progress->show();
    m_job->start();
    updateButtons();
}

void RevokeDialog::revokeDone(bool ok, const QString& error,
                              const std::optional<registry::RevocationOutcome>& outcome) {
    m_progress->hide();
    updateButtons();
    if (!ok || !outcome) {
        showMessage(error);
        m_prompter.showError(this, windowTitle(), error);
        Q_EMIT revokeFinished(false);
        return;
    }
    m_outcome = outcome;
    if (!outcome->publishProblem.isEmpty())
        m_prompter.showError(
            this, windowTitle(),
            tr("The certificate is revoked, but the CRL could not be published: %1").arg(outcome->publishProblem));
    Q_EMIT revokeFinished(true);
    accept();
}

} // namespace tirkeu::gui
