#include "app/gui/CrlPublishDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Job.h"
#include "app/gui/JobProgressDialog.h"
#include "app/gui/Prompter.h"
#include "registry/CaDirectory.h"
#include "registry/Register.h"

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

namespace tirkeu::gui {

CrlPublishDialog::CrlPublishDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                   QWidget* parent)
    : JobDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("crlPublishDialog"));
    auto* layout = dialogLayout(this);
    auto* form = formLayout();
    m_caLabel = new QLabel(this);
    m_ca = new QComboBox(this);
    m_ca->setObjectName(QStringLiteral("crlCa"));
    m_caLabel->setBuddy(m_ca);
    form->addRow(m_caLabel, m_ca);
    m_kindLabel = new QLabel(this);
    m_full = new QRadioButton(this);
    m_full->setObjectName(QStringLiteral("crlFull"));
    m_full->setChecked(true);
    m_delta = new QRadioButton(this);
    m_delta->setObjectName(QStringLiteral("crlDelta"));
    addChoiceRow(form, m_kindLabel, {m_full, m_delta});
    m_dirLabel = new QLabel(this);
    m_dir = new QLineEdit(this);
    m_dir->setObjectName(QStringLiteral("crlDir"));
    m_browse = new QPushButton(this);
    m_browse->setObjectName(QStringLiteral("crlBrowse"));
    addFieldWithButton(form, m_dirLabel, m_dir, m_browse);
    layout->addLayout(form);

    // What the chosen CA owes (a key compromise not yet in a CRL) and what a crash left unfinished.
    m_status = messageLabel(this);
    m_status->setObjectName(QStringLiteral("crlStatus"));
    layout->addWidget(m_status);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("crlProgress"));
    m_progress->setRange(0, 0); // busy: the engine reports no steps
    m_progress->setTextVisible(true);
    m_progress->hide();
    layout->addWidget(m_progress);
    m_result = noteLabel(this);
    m_result->setObjectName(QStringLiteral("crlResult"));
    m_result->setForegroundRole(QPalette::WindowText);
    layout->addWidget(m_result);
    m_message = messageLabel(this);
    layout->addWidget(m_message);
    layout->addStretch(1);

    m_publish = new QPushButton(this);
    m_publish->setObjectName(QStringLiteral("crlPublishButton"));
    m_publish->setDefault(true);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("crlCloseButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_publish);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    connect(m_ca, &QComboBox::currentIndexChanged, this, &CrlPublishDialog::caChanged);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (auto dir = m_prompter.chooseDirectory(this, tr("CRL folder"), m_dir->text()))
            m_dir->setText(QDir::toNativeSeparators(*dir));
    });
    connect(m_publish, &QPushButton::clicked, this, &CrlPublishDialog::publish);
    connect(m_close, &QPushButton::clicked, this, &CrlPublishDialog::reject);

    reloadCas();
    retranslateUi();
    resize(620, 340);
}

CrlPublishDialog::~CrlPublishDialog() {
    // The worker holds references to this dialog's outcome only (shared), but it must not outlive the
    // application's register either: wait for it.
    waitForJob();
}

void CrlPublishDialog::cancelling() {
    m_progress->setFormat(tr("Cancelling: the CRL being encoded is abandoned; one already recorded is finished…"));
    m_close->setEnabled(false);
}

void CrlPublishDialog::retranslateUi() {
    setWindowTitle(tr("Publish CRL"));
    m_caLabel->setText(tr("&CA:"));
    m_kindLabel->setText(tr("Kind:"));
    m_full->setText(tr("&Full CRL"));
    m_delta->setText(tr("&Delta CRL"));
    m_delta->setToolTip(tr("Only the revocations since the last full CRL; the CA needs a full CRL first."));
    m_dirLabel->setText(tr("&Folder:"));
    m_dir->setPlaceholderText(tr("where the CRL files are written"));
    m_browse->setText(tr("&Browse…"));
    m_publish->setText(tr("&Publish"));
    m_close->setText(running() ? tr("Cancel") : tr("&Close"));
    if (m_publication)
        m_result->setText(resultText());
    updateActions();
}

void CrlPublishDialog::reloadCas() {
    const QSignalBlocker block(m_ca);
    m_ca->clear();
    auto cas = m_reg.cas().list(m_session);
    if (!cas) {
        m_message->setText(cas.message());
        m_message->show();
        return;
    }
    for (const registry::CaRecord& ca : *cas) {
        m_ca->addItem(QStringLiteral("%1 — %2").arg(ca.code, ca.name), ca.code);
        m_ca->setItemData(m_ca->count() - 1, ca.name, Qt::ToolTipRole);
    }
    caChanged();
}

void CrlPublishDialog::caChanged() {
    auto ca = m_reg.cas().find(m_ca->currentData().toString());
    m_dir->setText(ca ? QDir::toNativeSeparators(ca->settings.value(QStringLiteral("publish_dir")).toString())
                      : QString());
    refreshStatus();
}

void CrlPublishDialog::refreshStatus() {
    QStringList lines;
    const QString caCode = m_ca->currentData().toString();
    auto st = caCode.isEmpty() ? Result<registry::CrlStatus>(registry::CrlStatus{})
                               : registry::CaEngine(m_reg).crlStatus(m_session, caCode);
    if (st) {
        if (!st->owed.isEmpty()) {
            QStringList serials;
            for (const registry::OwedPublication& o : st->owed)
                serials << o.serial;
            lines << tr("Owed: %n key compromise(s) not yet in a published CRL (%1); publish a delta CRL now.", nullptr,
                        int(st->owed.size()))
                         .arg(serials.join(QStringLiteral(", ")));
        }
        for (const registry::PendingPublication& p : st->pending)
            lines << (p.state == u"written"
                          ? tr("Unfinished: CRL No. %1 was written but not marked published (%2); the next "
                               "publication into that folder finishes it.")
                          : tr("Unfinished: CRL No. %1 was reserved but not written (%2); the next publication into "
                               "that folder abandons it."))
                         .arg(p.number)
                         .arg(QDir::toNativeSeparators(p.folder));
    }
    m_status->setText(lines.join(u'\n'));
    m_status->setVisible(!lines.isEmpty());
}

QString CrlPublishDialog::statusText() const {
    return m_status->isVisible() ? m_status->text() : QString();
}

QString CrlPublishDialog::message() const {
    return m_message->isVisible() ? m_message->text() : QString();
}

QString CrlPublishDialog::resultText() const {
    if (!m_publication)
        return {};
    const registry::CrlPublication& p = *m_publication;
    QString kind = p.deltaBase ? tr("Delta CRL No. %1 (base %2)").arg(p.number).arg(*p.deltaBase)
                               : tr("Full CRL No. %1").arg(p.number);
    QString text =
        tr("%1 published: %n entries, next update %2.\nSHA-256: %3\n%4", nullptr, int(p.entries))
            .arg(kind, registry::displayDateTime(p.nextUpdate), p.sha256, QDir::toNativeSeparators(p.derPath));
    for (const registry::CrlPublication& part : p.partitions)
        text += u'\n' + tr("Partition %1: CRL No. %2, %n entries, %3", nullptr, int(part.entries))
                            .arg(part.partition)
                            .arg(part.number)
                            .arg(QDir::toNativeSeparators(part.derPath));
    // Revocations dated after the CRL's time (a clock that was ahead).
    if (!p.warning.isEmpty())
        text += u'\n' + p.warning;
    for (const registry::CrlPublication& part : p.partitions)
        if (!part.warning.isEmpty())
            text += u'\n' + part.warning;
    return text;
}

void CrlPublishDialog::updateActions() {
    const bool allowed = registry::Roles::allows(m_session.role, registry::Permission::PublishCrl);
    m_publish->setEnabled(allowed && !running() && m_ca->count() > 0);
    m_publish->setToolTip(allowed ? tr("Sign the CRL with the CA key and write it into the folder.")
                                  : tr("Your role (%1) may not %2.")
                                        .arg(registry::Roles::displayName(m_session.role),
                                             registry::Roles::permissionName(registry::Permission::PublishCrl)));
    for (QWidget* w : {static_cast<QWidget*>(m_ca), static_cast<QWidget*>(m_full), static_cast<QWidget*>(m_delta),
                       static_cast<QWidget*>(m_dir), static_cast<QWidget*>(m_browse)})
        w->setEnabled(!running());
    m_close->setEnabled(!running() || !job()->wasCancelled());
    m_close->setText(running() ? tr("Cancel") : tr("&Close"));
    m_close->setToolTip(running() ? tr("Stop publishing: nothing of the CRL being encoded is published.") : QString());
}

void CrlPublishDialog::publish() {
    if (running() || !m_publish->isEnabled())
        return;
    m_message->hide();
    const QString caCode = m_ca->currentData().toString();
    const QString dir = QDir::fromNativeSeparators(m_dir->text().trimmed());
    if (dir.isEmpty()) {
        m_message->setText(tr("Choose the folder the CRL is written into."));
        m_message->show();
        return;
    }
    // A folder without any of the CA's CRLs, while the CA has published some elsewhere: only on purpose
    // (a register put back from an older copy would repeat a number relying parties have seen).
    auto fresh = registry::CaEngine(m_reg).crlFolderNewToCa(m_session, caCode, dir);
    if (!fresh) {
        m_message->setText(fresh.message());
        m_message->show();
        return;
    }
    const bool newFolder = fresh->has_value();
    if (newFolder &&
        !m_prompter.confirm(this, windowTitle(),
                            tr("The folder %1 holds none of the CRLs of %2, which has published CRLs up to number %3 "
                               "elsewhere. Publish here only if this folder really is new to the CA (for example a "
                               "new web folder); the register records that you confirmed it. Publish into this "
                               "folder?")
                                .arg(QDir::toNativeSeparators(dir), caCode)
                                .arg(**fresh)))
        return;
    const std::optional<QString> pass =
        m_prompter.askPassword(this, windowTitle(), tr("Passphrase of the key of the CA %1:").arg(caCode));
    if (!pass)
        return;
    m_publication.reset();
    m_result->clear();
    m_outcome = std::make_shared<Outcome>();
    const registry::Session session = m_session;
    const bool delta = m_delta->isChecked();
    const QString secret = *pass;
    std::shared_ptr<Outcome> outcome = m_outcome;
    setJob(new Job(
        m_reg, tr("Signing and writing the CRL of %1…").arg(caCode), Job::Cancel::BetweenSteps,
        [=](Job::Context& context) -> Status {
            const registry::RunControl control = context.runControl();
            auto crl =
                registry::CaEngine(context.reg)
                    .publishCrl(session, caCode, dir, delta, pki::SecretSource::literal(secret), newFolder, &control);
            if (!crl)
                return crl.error();
            outcome->ok = true;
            outcome->publication = *crl;
            return {};
        },
        this));
    followJob(m_progress, job()); // a cancel keeps the cancelling text
    connect(job(), &Job::finished, this, [this](bool ok, const QString& message) {
        if (!ok)
            m_outcome->error = message;
        workerDone();
    });
    m_progress->setRange(0, 0);
    m_progress->setFormat(job()->title()); // a busy bar says what it waits for until the first step
    m_progress->show();
    job()->start();
    updateActions();
}

void CrlPublishDialog::workerDone() {
    m_progress->hide();
    const bool ok = m_outcome && m_outcome->ok;
    if (ok) {
        m_publication = m_outcome->publication;
        m_result->setText(resultText());
        Q_EMIT registerChanged();
    } else {
        const QString error = m_outcome ? m_outcome->error : QString();
        m_message->setText(error);
        m_message->show();
        if (!job() || !job()->wasCancelled()) // a cancel is what the officer asked for: said inline only
            m_prompter.showError(this, windowTitle(), error);
    }
    refreshStatus();
    updateActions();
    Q_EMIT publishFinished(ok);
}

} // namespace tirkeu::gui
