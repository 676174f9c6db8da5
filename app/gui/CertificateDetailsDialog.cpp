#include "app/gui/CertificateDetailsDialog.h"

#include "app/gui/PrintPreview.h"

#include "app/gui/DialogParts.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterHitModel.h"
#include "app/gui/RevokeDialog.h"
#include "registry/Applications.h"
#include "registry/CaEngine.h"
#include "registry/Clock.h"
#include "registry/Register.h"
#include "registry/Revocations.h"
#include "registry/Rules.h"
#include "registry/Search.h"
#include "reports/CertificatePrint.h"

#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
QTableWidget* makeTable(QWidget* parent, const char* name) {
    auto* t = new QTableWidget(parent);
    t->setObjectName(QString::fromLatin1(name));
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells.at(c)));
}

constexpr int kAuditPage = 200;
} // namespace

CertificateDetailsDialog::CertificateDetailsDialog(registry::Register& reg, const registry::Session& session,
                                                   Prompter& prompter, const QString& caCode, const QString& serialHex,
                                                   QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_caCode(caCode)
    , m_serial(serialHex) {
    setObjectName(QStringLiteral("certificateDetails"));
    auto* layout = dialogLayout(this);
    m_error = messageLabel(this);
    layout->addWidget(m_error);

    m_tabs = new QTabWidget(this);
    auto* general = new QWidget(m_tabs);
    auto* form = formLayout();
    general->setLayout(form);
    for (int i = 0; i < FieldCount; ++i) {
        m_labels[i] = new QLabel(general);
        m_values[i] = new QLabel(general);
        m_values[i]->setObjectName(QStringLiteral("value%1").arg(i));
        m_values[i]->setWordWrap(true);
        m_values[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(m_labels[i], m_values[i]);
    }
    m_tabs->addTab(general, QString());

    auto* historyPage = new QWidget(m_tabs);
    auto* historyBox = new QVBoxLayout(historyPage);
    m_historyNote = noteLabel(historyPage);
    m_history = makeTable(historyPage, "historyTable");
    m_history->setColumnCount(4);
    historyBox->addWidget(m_historyNote);
    historyBox->addWidget(m_history, 1);
    m_tabs->addTab(historyPage, QString());

    auto* auditPage = new QWidget(m_tabs);
    auto* auditBox = new QVBoxLayout(auditPage);
    m_auditNote = noteLabel(auditPage);
    m_audit = makeTable(auditPage, "auditTable");
    m_audit->setColumnCount(4);
    auditBox->addWidget(m_auditNote);
    auditBox->addWidget(m_audit, 1);
    m_tabs->addTab(auditPage, QString());
    layout->addWidget(m_tabs, 1);

    m_revoke = new QPushButton(this);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_release = new QPushButton(this);
    m_release->setObjectName(QStringLiteral("releaseHoldButton"));
    m_reissue = new QPushButton(this);
    m_reissue->setObjectName(QStringLiteral("reissueButton"));
    m_print = new QPushButton(this);
    m_print->setObjectName(QStringLiteral("printCertificateButton"));
    m_previewPrint = new QPushButton(this);
    m_previewPrint->setObjectName(QStringLiteral("previewCertificateButton"));
    m_note = noteLabel(this);
    m_note->setObjectName(QStringLiteral("printNote"));
    m_note->hide();
    layout->addWidget(m_note);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_release);
    buttons->addWidget(m_reissue);
    buttons->addWidget(m_previewPrint);
    buttons->addWidget(m_print);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    connect(m_revoke, &QPushButton::clicked, this, &CertificateDetailsDialog::openRevokeDialog);
    connect(m_release, &QPushButton::clicked, this, &CertificateDetailsDialog::releaseHold);
    connect(m_reissue, &QPushButton::clicked, this, [this] { reissue(); });
    connect(m_print, &QPushButton::clicked, this, &CertificateDetailsDialog::printCertificate);
    connect(m_previewPrint, &QPushButton::clicked, this, &CertificateDetailsDialog::previewCertificate);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);

    (void)reload(); // a failure is shown in the dialog
    resize(820, 560);
}

void CertificateDetailsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

QString CertificateDetailsDialog::value(Field field) const {
    return m_values[field]->text();
}

Status CertificateDetailsDialog::reload() {
    auto rec = registry::CaEngine(m_reg).certificate(m_session, m_caCode, m_serial);
    if (!rec) {
        m_loaded = rec.error();
        m_record = {};
    } else {
        m_loaded = {};
        m_record = *rec;
    }
    retranslateUi();
    return m_loaded;
}

void CertificateDetailsDialog::retranslateUi() {
    setWindowTitle(tr("Certificate %1").arg(m_serial));
    static const char* const labels[FieldCount] = {QT_TR_NOOP("Subject:"),     QT_TR_NOOP("Serial number:"),
                                                   QT_TR_NOOP("CA:"),          QT_TR_NOOP("Profile:"),
                                                   QT_TR_NOOP("Validity:"),    QT_TR_NOOP("Status:"),
                                                   QT_TR_NOOP("Revocation:"),  QT_TR_NOOP("Issued:"),
                                                   QT_TR_NOOP("Application:"), QT_TR_NOOP("Key media received by:")};
    for (int i = 0; i < FieldCount; ++i)
        m_labels[i]->setText(tr(labels[i]));
    m_tabs->setTabText(0, tr("Certificate"));
    m_tabs->setTabText(1, tr("Application history"));
    m_tabs->setTabText(2, tr("Events"));
    m_history->setHorizontalHeaderLabels({tr("Status"), tr("When"), tr("Operator"), tr("Note")});
    m_audit->setHorizontalHeaderLabels({tr("When"), tr("Operator"), tr("Event"), tr("Details")});
    m_revoke->setText(tr("&Revoke…"));
    m_release->setText(tr("Re&lease hold…"));
    m_reissue->setText(tr("Re-&issue…"));
    m_print->setText(tr("Save paper certificate as P&DF…"));
    m_previewPrint->setText(tr("Pre&view / Print…"));
    m_close->setText(tr("&Close"));
    fill();
    updateActions();
}

void CertificateDetailsDialog::fill() {
    m_error->setText(m_loaded.message());
    m_error->setVisible(!m_loaded.ok());
    const registry::CertificateRecord& r = m_record;
    const bool have = m_loaded.ok() && r.id > 0;
    m_values[SubjectField]->setText(have ? r.subject : QString());
    m_values[SerialField]->setText(have ? r.serialHex : m_serial);
    m_values[CaField]->setText(r.caCode);
    m_values[ProfileField]->setText(r.profile);
    m_values[ValidityField]->setText(
        have ? tr("%1 – %2").arg(registry::displayDateTime(r.notBefore), registry::displayDateTime(r.notAfter))
             : QString());
    m_values[StatusField]->setText(RegisterHitModel::statusName(r.status));
    if (r.revokedAt.isValid())
        m_values[RevocationField]->setText(
            tr("%1; reason: %2 (%3); basis: %4%5")
                .arg(registry::displayDateTime(r.revokedAt, true), RevokeDialog::reasonText(r.reasonCode),
                     registry::CaEngine::reasonName(r.reasonCode), RevokeDialog::basisText(r.basisKind),
                     r.basisDocument.isEmpty() ? QString() : QStringLiteral(", ") + r.basisDocument));
    else
        m_values[RevocationField]->setText(have ? tr("not revoked") : QString());
    m_values[IssuedField]->setText(have ? tr("%1 by %2").arg(registry::displayDateTime(r.issuedAt), r.issuedBy)
                                        : QString());
    // Government Bodies CA (Rules::governmentIssuance): the employee of the body's internal order, and the reason
    // for an outside request.
    QString received;
    if (have && !r.mediaRecipient.isEmpty()) {
        const registry::MediaRecipient m = registry::MediaRecipient::fromJson(r.mediaRecipient);
        received = tr("%1, %2 (internal order %3 of %4)")
                       .arg(m.name, m.position, m.orderNumber, registry::displayDate(m.orderDate));
        if (!r.outsideCsrReason.isEmpty())
            received += u'\n' + tr("Issued from a request made outside the CA: %1").arg(r.outsideCsrReason);
    }
    m_values[MediaRecipientField]->setText(received);
    m_labels[MediaRecipientField]->setVisible(!received.isEmpty());
    m_values[MediaRecipientField]->setVisible(!received.isEmpty());

    // The application the certificate came from, and its history.
    m_history->setRowCount(0);
    m_values[ApplicationField]->clear();
    m_historyNote->clear();
    if (have && r.applicationId > 0) {
        auto app = m_reg.applications().get(m_session, r.applicationId);
        if (app)
            m_values[ApplicationField]->setText(tr("No. %1, form %2, received %3, %4")
                                                    .arg(app->id)
                                                    .arg(app->formCode, registry::displayDateTime(app->receivedAt),
                                                         registry::Applications::statusName(app->status)));
        else
            m_values[ApplicationField]->setText(app.message());
        auto history = m_reg.applications().history(m_session, r.applicationId);
        if (history) {
            m_history->setRowCount(static_cast<int>(history->size()));
            for (int i = 0; i < history->size(); ++i) {
                const registry::ApplicationHistoryEntry& h = history->at(i);
                setRow(m_history, i,
                       {registry::Applications::statusName(h.status), registry::displayDateTime(h.at), h.operatorLogin,
                        h.note});
            }
            m_historyNote->setText(tr("History of application No. %1.").arg(r.applicationId));
        } else {
            m_historyNote->setText(history.message());
        }
    } else if (have) {
        m_values[ApplicationField]->setText(tr("none recorded"));
        m_historyNote->setText(tr("The certificate was not issued from an application in this register."));
    }

    // Audit events about this serial (the registry checks ViewAudit; without it the reason is shown).
    m_audit->setRowCount(0);
    m_auditNote->clear();
    if (have) {
        auto events = registry::Search(m_reg).auditEvents(m_session, r.serialHex, kAuditPage);
        if (events) {
            m_audit->setRowCount(static_cast<int>(events->size()));
            for (int i = 0; i < events->size(); ++i) {
                const registry::AuditEvent& e = events->at(i);
                setRow(m_audit, i,
                       {registry::displayDateTime(e.ts, true), e.operatorLogin, e.type,
                        QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))});
            }
            m_auditNote->setText(events->size() == kAuditPage
                                     ? tr("The latest %1 events about this certificate.").arg(kAuditPage)
                                     : tr("Events about this certificate, newest first."));
        } else {
            m_auditNote->setText(events.message());
        }
    }
    m_history->resizeColumnsToContents();
    m_audit->resizeColumnsToContents();
}

void CertificateDetailsDialog::updateActions() {
    const bool allowed = registry::Roles::allows(m_session.role, registry::Permission::RevokeCertificate);
    const bool have = m_loaded.ok() && m_record.id > 0;
    m_revoke->setEnabled(allowed && have);
    if (!allowed)
        m_revoke->setToolTip(tr("Your role (%1) may not %2.")
                                 .arg(registry::Roles::displayName(m_session.role),
                                      registry::Roles::permissionName(registry::Permission::RevokeCertificate)));
    else
        m_revoke->setToolTip(tr("Revoke this certificate: reason, basis, and a confirmation of what will happen."));
    // Only a certificate on hold is released (the registry checks it again).
    const bool onHold =
        have && m_record.status == u"revoked" && m_record.reasonCode == registry::Revocations::kCertificateHold;
    m_release->setVisible(onHold);
    m_release->setEnabled(allowed && onHold);
    m_release->setToolTip(tr("Lift the hold: the certificate is valid again; the next delta CRL lists it as "
                             "removeFromCRL."));

    const bool mayRegister = registry::Roles::allows(m_session.role, registry::Permission::RegisterApplication);
    m_reissue->setEnabled(mayRegister && have);
    m_reissue->setToolTip(
        mayRegister ? tr("A new application pre-filled from this certificate's application, linked to it; when "
                         "issued, this certificate can be revoked as superseded in the same step.")
                    : tr("Your role (%1) may not %2.")
                          .arg(registry::Roles::displayName(m_session.role),
                               registry::Roles::permissionName(registry::Permission::RegisterApplication)));
    m_print->setEnabled(have);
    m_previewPrint->setEnabled(have);
    m_previewPrint->setToolTip(tr("The paper certificate in a print preview; print it from there."));
    m_print->setToolTip(tr("The paper copy of the certificate for the holder's signature, saved as PDF."));
}

QString CertificateDetailsDialog::note() const {
    return m_note->isHidden() ? QString() : m_note->text();
}

NewApplicationDialog* CertificateDetailsDialog::reissue() {
    if (!m_reissue->isEnabled())
        return nullptr;
    auto t = m_reg.applications().reissueTemplate(m_session, m_record.caCode, m_record.serialHex);
    if (!t) {
        m_error->setText(t.message());
        m_error->show();
        return nullptr;
    }
    auto* dialog = new NewApplicationDialog(m_reg, m_session, this, &m_prompter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setReplacement(t->caCode, t->serial);
    if (!dialog->prefill(t->caCode, t->formCode, t->data)) {
        m_error->setText(dialog->message());
        m_error->show();
        dialog->deleteLater();
        return nullptr;
    }
    connect(dialog, &NewApplicationDialog::saved, this, [this] { Q_EMIT registerChanged(); });
    dialog->open();
    return dialog;
}

void CertificateDetailsDialog::printCertificate() {
    if (!m_print->isEnabled())
        return;
    const QString path =
        m_prompter.saveFileName(this, tr("Save the paper certificate"), m_record.serialHex + QStringLiteral(".pdf"),
                                tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    const Status s = reports::CertificatePrint::save(m_reg, m_session, m_record.caCode, m_record.serialHex, path);
    m_error->setText(s.message());
    m_error->setVisible(!s.ok());
    m_note->setText(s.ok() ? tr("The paper certificate is saved to %1.").arg(QDir::toNativeSeparators(path))
                           : QString());
    m_note->setVisible(s.ok());
}

QPrintPreviewDialog* CertificateDetailsDialog::previewCertificate() {
    if (!m_previewPrint->isEnabled())
        return nullptr;
    QTemporaryDir temp;
    QString error = temp.isValid() ? QString() : temp.errorString();
    QPrintPreviewDialog* dialog = nullptr;
    if (error.isEmpty()) {
        const QString path = temp.filePath(m_record.serialHex + QStringLiteral(".pdf"));
        const Status s = reports::CertificatePrint::save(m_reg, m_session, m_record.caCode, m_record.serialHex, path);
        if (s.ok())
            dialog = PrintPreview::open(this, path, tr("Certificate %1").arg(m_record.serialHex), &error);
        else
            error = s.message();
    }
    m_error->setText(error);
    m_error->setVisible(!dialog);
    return dialog;
}

void CertificateDetailsDialog::releaseHold() {
    if (!m_release->isEnabled())
        return;
    const std::optional<QString> document =
        m_prompter.askText(this, tr("Release the hold"),
                           tr("Basis document of the release (e.g. the holder's application No. and date):"));
    if (!document)
        return; // cancelled: nothing happens
    if (!m_prompter.confirm(this, tr("Release the hold"),
                            tr("Release certificate %1 from hold? It becomes valid again; the next delta CRL lists "
                               "it as removeFromCRL and the next full CRL omits it.")
                                .arg(m_record.serialHex)))
        return;
    registry::ReleaseRequest r;
    r.caCode = m_record.caCode;
    r.serial = m_record.serialHex;
    r.basisKind = QStringLiteral("holder_application");
    r.basisDocument = *document;
    const Status s = registry::CaEngine(m_reg).release(m_session, r);
    if (!s) {
        m_error->setText(s.message());
        m_error->setVisible(true);
        return;
    }
    (void)reload(); // a failure is shown in the dialog
    m_note->setText(tr("Certificate %1 is released from hold and valid again.").arg(m_record.serialHex));
    m_note->setVisible(true);
    Q_EMIT registerChanged();
}

void CertificateDetailsDialog::openRevokeDialog() {
    if (!m_revoke->isEnabled())
        return;
    // Window-modal but not blocking (open(), not exec()): the details stay as they are behind it.
    auto* dialog = new RevokeDialog(m_reg, m_session, m_prompter, m_record, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        (void)reload(); // a failure is shown in the dialog
        Q_EMIT registerChanged();
    });
    dialog->open();
}

} // namespace tirkeu::gui
