#include "app/gui/BatchIssueDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Job.h"
#include "app/gui/JobProgressDialog.h"
#include "app/gui/Prompter.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>

namespace tirkeu::gui {

BatchIssueDialog::BatchIssueDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                   QWidget* parent)
    : JobDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("batchIssueDialog"));
    auto* layout = dialogLayout(this);
    m_intro = noteLabel(this);
    layout->addWidget(m_intro);
    auto* form = formLayout();
    m_sourceLabel = new QLabel(this);
    m_fromFolder = new QRadioButton(this);
    m_fromFolder->setObjectName(QStringLiteral("batchFromFolder"));
    m_fromFolder->setChecked(true);
    m_fromManifest = new QRadioButton(this);
    m_fromManifest->setObjectName(QStringLiteral("batchFromManifest"));
    addChoiceRow(form, m_sourceLabel, {m_fromFolder, m_fromManifest});
    m_pathLabel = new QLabel(this);
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("batchSource"));
    m_browse = new QPushButton(this);
    m_browse->setObjectName(QStringLiteral("batchBrowse"));
    addFieldWithButton(form, m_pathLabel, m_path, m_browse);
    m_outLabel = new QLabel(this);
    m_out = new QLineEdit(this);
    m_out->setObjectName(QStringLiteral("batchOut"));
    m_browseOut = new QPushButton(this);
    m_browseOut->setObjectName(QStringLiteral("batchBrowseOut"));
    addFieldWithButton(form, m_outLabel, m_out, m_browseOut);
    layout->addLayout(form);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("batchProgress"));
    m_progress->setTextVisible(true);
    m_progress->hide();
    layout->addWidget(m_progress);
    m_results = new QTableWidget(0, 3, this);
    m_results->setObjectName(QStringLiteral("batchResults"));
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->verticalHeader()->hide();
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->setWordWrap(true);
    layout->addWidget(m_results, 1);
    m_summary = noteLabel(this);
    m_summary->setObjectName(QStringLiteral("batchSummary"));
    m_summary->setForegroundRole(QPalette::WindowText);
    layout->addWidget(m_summary);
    m_message = messageLabel(this);
    m_message->setObjectName(QStringLiteral("batchMessage"));
    layout->addWidget(m_message);

    m_issue = new QPushButton(this);
    m_issue->setObjectName(QStringLiteral("batchIssueButton"));
    m_issue->setDefault(true);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("batchCloseButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_issue);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (m_fromManifest->isChecked()) {
            const QString file = m_prompter.openFileName(this, tr("Manifest of the requests"), tr("CSV (*.csv)"));
            if (!file.isEmpty())
                m_path->setText(QDir::toNativeSeparators(file));
        } else if (auto dir = m_prompter.chooseDirectory(this, tr("Folder of the requests"), m_path->text())) {
            m_path->setText(QDir::toNativeSeparators(*dir));
        }
    });
    connect(m_browseOut, &QPushButton::clicked, this, [this] {
        if (auto dir = m_prompter.chooseDirectory(this, tr("Folder for the certificates"), m_out->text()))
            m_out->setText(QDir::toNativeSeparators(*dir));
    });
    connect(m_fromFolder, &QRadioButton::toggled, this, [this] { retranslateUi(); });
    connect(m_issue, &QPushButton::clicked, this, &BatchIssueDialog::issue);
    connect(m_close, &QPushButton::clicked, this, &BatchIssueDialog::reject);

    retranslateUi();
    resize(760, 520);
}

BatchIssueDialog::~BatchIssueDialog() {
    waitForJob(); // the worker writes into this dialog's outcome (shared) and uses the register
}

bool BatchIssueDialog::mayOpen(const registry::Session& session) {
    return registry::Roles::allows(session.role, registry::Permission::IssueCertificate);
}

void BatchIssueDialog::setSource(const QString& path, bool manifest) {
    (manifest ? m_fromManifest : m_fromFolder)->setChecked(true);
    m_path->setText(QDir::toNativeSeparators(path));
}

void BatchIssueDialog::setOutputFolder(const QString& dir) {
    m_out->setText(QDir::toNativeSeparators(dir));
}

QString BatchIssueDialog::message() const {
    return m_message->isVisible() ? m_message->text() : QString();
}

QString BatchIssueDialog::summaryText() const {
    return m_summary->text();
}

void BatchIssueDialog::cancelling() {
    m_progress->setFormat(tr("Stopping after the group being recorded…"));
    m_close->setEnabled(false);
}

void BatchIssueDialog::retranslateUi() {
    setWindowTitle(tr("Issue from requests"));
    m_intro->setText(tr("Issues the certificates of approved applications from their holders' requests at once: "
                        "every rule of a single issuance applies to each request; the certificates are recorded in "
                        "groups and each file is written only once its certificate is recorded."));
    m_sourceLabel->setText(tr("Requests:"));
    m_fromFolder->setText(tr("&Folder"));
    m_fromFolder->setToolTip(tr("Requests named <application>.csr (with <application>-auth.csr for the "
                                "authentication key of a signing-and-authentication application)."));
    m_fromManifest->setText(tr("&Manifest"));
    m_fromManifest->setToolTip(
        tr("A CSV file of lines application,person,csr[,auth_csr[,media_serial]], paths relative to it."));
    m_pathLabel->setText(m_fromManifest->isChecked() ? tr("Ma&nifest file:") : tr("Fo&lder of requests:"));
    m_path->setPlaceholderText(m_fromManifest->isChecked() ? tr("the CSV file listing the requests")
                                                           : tr("the folder holding the .csr files"));
    m_browse->setText(tr("&Browse…"));
    m_outLabel->setText(tr("&Certificates to:"));
    m_out->setPlaceholderText(tr("a folder; no file in it is overwritten"));
    m_browseOut->setText(tr("B&rowse…"));
    m_issue->setText(tr("&Issue"));
    m_results->setHorizontalHeaderLabels({tr("Request"), tr("Outcome"), tr("Certificate or reason")});
    if (m_outcome && m_outcome->result)
        showResults();
    updateActions();
}

void BatchIssueDialog::updateActions() {
    const bool allowed = mayOpen(m_session);
    m_issue->setEnabled(allowed && !running());
    m_issue->setToolTip(allowed ? tr("Ask for the CA key passphrase, then issue every request.")
                                : tr("Your role (%1) may not %2.")
                                      .arg(registry::Roles::displayName(m_session.role),
                                           registry::Roles::permissionName(registry::Permission::IssueCertificate)));
    for (QWidget* w :
         {static_cast<QWidget*>(m_fromFolder), static_cast<QWidget*>(m_fromManifest), static_cast<QWidget*>(m_path),
          static_cast<QWidget*>(m_browse), static_cast<QWidget*>(m_out), static_cast<QWidget*>(m_browseOut)})
        w->setEnabled(!running());
    m_close->setEnabled(!running() || !job()->wasCancelled());
    m_close->setText(running() ? tr("Cancel") : tr("&Close"));
    m_close->setToolTip(running() ? tr("Stop after the group being recorded: what is recorded stays issued.")
                                  : QString());
}

void BatchIssueDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void BatchIssueDialog::issue() {
    if (running() || !m_issue->isEnabled())
        return;
    showMessage({});
    const QString source = QDir::fromNativeSeparators(m_path->text().trimmed());
    const QString outDir = QDir::fromNativeSeparators(m_out->text().trimmed());
    if (source.isEmpty()) {
        showMessage(m_fromManifest->isChecked() ? tr("Choose the manifest of the requests.")
                                                : tr("Choose the folder of the requests."));
        return;
    }
    // Read and checked before the passphrase is asked: a wrong folder or a file in the way issues nothing.
    auto read = m_fromManifest->isChecked() ? registry::BatchRequests::fromManifest(source)
                                            : registry::BatchRequests::fromDir(source);
    if (!read) {
        showMessage(read.message());
        return;
    }
    std::vector<registry::BatchRequest> requests = std::move(read.value());
    if (Status ready = registry::BatchRequests::prepare(requests, outDir); !ready) {
        showMessage(ready.message());
        return;
    }
    const std::optional<QString> pass = m_prompter.askPassword(
        this, windowTitle(),
        tr("Passphrase of the CA key, to sign the certificates of %n request(s):", nullptr, int(requests.size())));
    if (!pass)
        return; // cancelled: nothing happens
    if (Status folder = registry::BatchRequests::createOutputFolder(outDir); !folder) {
        showMessage(folder.message());
        return;
    }
    m_results->setRowCount(0);
    m_summary->clear();
    m_outcome = std::make_shared<Outcome>();
    m_outcome->requests = std::move(requests);
    std::shared_ptr<Outcome> outcome = m_outcome;
    const registry::Session session = m_session;
    const QString secret = *pass;
    const int total = int(outcome->requests.size());
    setJob(new Job(
        m_reg, tr("Issuing %n certificate request(s)…", nullptr, total), Job::Cancel::BetweenSteps,
        [=](Job::Context& context) -> Status {
            const std::vector<registry::BatchItem> items = registry::BatchRequests::items(outcome->requests);
            auto result = registry::CaEngine(context.reg)
                              .issueBatchFromCsrs(
                                  session, items, pki::SecretSource::literal(secret), registry::BatchOptions{},
                                  [&](const registry::BatchResult& soFar, const std::vector<std::size_t>& committed) {
                                      for (registry::BatchFileProblem& p : registry::BatchRequests::writeCommitted(
                                               outcome->requests, soFar, committed, outcome->files))
                                          outcome->fileProblems.push_back(std::move(p));
                                      int settled = 0;
                                      int issued = 0;
                                      for (const registry::BatchItemResult& r : soFar.items) {
                                          settled += r.outcome != registry::BatchOutcome::NotIssued;
                                          issued += r.outcome == registry::BatchOutcome::Issued;
                                      }
                                      context.progress(settled, total,
                                                       BatchIssueDialog::tr("%1 of %2 requests done, %3 issued")
                                                           .arg(settled)
                                                           .arg(total)
                                                           .arg(issued));
                                      return !context.cancelled();
                                  });
            if (!result)
                return result.error();
            outcome->result = std::move(result.value());
            return {};
        },
        this));
    followJob(m_progress, job()); // a cancel keeps the cancelling text
    connect(job(), &Job::finished, this, [this](bool ok, const QString& message) {
        if (!ok)
            m_outcome->error = message;
        workerDone();
    });
    m_progress->setRange(0, total);
    m_progress->setValue(0);
    m_progress->setFormat(job()->title());
    m_progress->show();
    job()->start();
    updateActions();
}

void BatchIssueDialog::showResults() {
    const Outcome& o = *m_outcome;
    const registry::BatchResult& r = *o.result;
    m_results->setRowCount(int(r.items.size()));
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        const registry::BatchItemResult& item = r.items[i];
        QString outcome;
        QString detail;
        switch (item.outcome) {
        case registry::BatchOutcome::Issued: {
            outcome = tr("issued");
            QStringList serials{item.issued.serialHex};
            for (const registry::IssueResult& also : item.issued.alsoIssued)
                serials << also.serialHex;
            QStringList files;
            for (const QString& f : o.files.count(i) ? o.files.at(i) : QStringList())
                files << QDir::toNativeSeparators(f);
            // The serial(s) and the file(s) first: the subject is long (the tooltip shows it whole).
            detail = tr("%1 — %2; %3")
                         .arg(serials.join(QStringLiteral(", ")),
                              files.isEmpty() ? tr("no file written") : files.join(QStringLiteral(", ")),
                              item.issued.subject);
            break;
        }
        case registry::BatchOutcome::Refused:
            outcome = tr("refused");
            detail = item.error;
            break;
        case registry::BatchOutcome::Lost:
            outcome = tr("not issued");
            detail = tr("its group could not be recorded: %1").arg(item.error);
            break;
        case registry::BatchOutcome::NotIssued:
            outcome = tr("not issued");
            detail = r.cancelled ? tr("the batch was stopped before it") : tr("the batch stopped before it");
            break;
        }
        const QString name = QFileInfo(o.requests[i].csrFile).fileName();
        const QStringList cells{name, outcome, detail};
        for (int c = 0; c < 3; ++c) {
            auto* cell = new QTableWidgetItem(cells.at(c));
            cell->setToolTip(cells.at(c));
            m_results->setItem(int(i), c, cell);
        }
    }
    m_results->resizeColumnToContents(0);
    m_results->resizeColumnToContents(1);
    QString summary = tr("%1 of %2 requests issued (%3 durable groups), %4 refused, %5 not issued.")
                          .arg(r.issued)
                          .arg(r.items.size())
                          .arg(r.groups)
                          .arg(r.refused)
                          .arg(r.lost + r.notIssued);
    if (!r.failure.isEmpty())
        summary += u'\n' + r.failure;
    for (const registry::BatchFileProblem& p : o.fileProblems)
        summary += u'\n' + tr("Certificate %1 is issued and recorded, but: %2 Export it from the certificate's "
                              "details in the Search tab.")
                               .arg(p.serialHex, p.message);
    m_summary->setText(summary);
}

void BatchIssueDialog::workerDone() {
    m_progress->hide();
    const bool ok = m_outcome && m_outcome->result.has_value();
    if (ok) {
        showResults();
        if (m_outcome->result->issued > 0)
            Q_EMIT registerChanged();
    } else {
        const QString error = m_outcome ? m_outcome->error : QString();
        showMessage(error);
        if (!job() || !job()->wasCancelled())
            m_prompter.showError(this, windowTitle(), error);
    }
    updateActions();
    Q_EMIT batchFinished(ok);
}

} // namespace tirkeu::gui
