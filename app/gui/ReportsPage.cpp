#include "app/gui/ReportsPage.h"

#include "app/gui/Job.h"
#include "app/gui/PrintPreview.h"
#include "registry/CaDirectory.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>

#include <QVBoxLayout>
#include <climits>

#include <poppler-qt6.h>

#include <memory>

namespace tirkeu::gui {

namespace {
constexpr int kPreviewPages = 30; // a preview shows the first pages; print and save take them all

// The report's output file; once the job is cancelled it refuses every write, so the renderer stops
// (CSV: at the next row) and the half-written file is discarded.
class CancellableOutput final : public QIODevice {
public:
    CancellableOutput(QIODevice* target, const Job::Context& context)
        : m_target(target)
        , m_context(context) {
        open(QIODevice::WriteOnly);
    }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override {
        if (m_context.cancelled()) {
            setErrorString(ReportsPage::tr("cancelled"));
            return -1;
        }
        const qint64 written = m_target->write(data, size);
        if (written < 0)
            setErrorString(m_target->errorString());
        return written;
    }

private:
    QIODevice* m_target;
    const Job::Context& m_context;
};
} // namespace

ReportsPage::ReportsPage(registry::Register& reg, const registry::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session) {
    // Register the embedded font on the UI thread before any worker needs it.
    (void)reports::PdfFonts::family();

    m_reportCombo = new QComboBox(this);
    for (reports::ReportKind k : reports::Reports::kinds())
        m_reportCombo->addItem(QString(), int(k));
    m_caCombo = new QComboBox(this);
    m_from = new QDateEdit(this);
    m_to = new QDateEdit(this);
    for (QDateEdit* e : {m_from, m_to}) {
        e->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));
        e->setCalendarPopup(true);
    }
    const QDate today = m_reg.clock().today();
    m_from->setDate(QDate(today.year(), today.month(), 1));
    m_to->setDate(today);
    m_days = new QSpinBox(this);
    m_days->setRange(1, 3660);
    m_days->setValue(30);
    m_reportLabel = new QLabel(this);
    m_caLabel = new QLabel(this);
    m_fromLabel = new QLabel(this);
    m_toLabel = new QLabel(this);
    m_daysLabel = new QLabel(this);

    auto* form = new QFormLayout;
    form->addRow(m_reportLabel, m_reportCombo);
    form->addRow(m_caLabel, m_caCombo);
    auto* period = new QHBoxLayout;
    period->addWidget(m_from);
    period->addWidget(m_toLabel);
    period->addWidget(m_to);
    period->addStretch();
    form->addRow(m_fromLabel, period);
    form->addRow(m_daysLabel, m_days);

    m_previewButton = new QPushButton(this);
    m_printButton = new QPushButton(this);
    m_pdfButton = new QPushButton(this);
    m_csvButton = new QPushButton(this);
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("reportCancel"));
    m_cancelButton->setVisible(false);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_previewButton, m_printButton, m_pdfButton, m_csvButton, m_cancelButton})
        buttons->addWidget(b);
    buttons->addStretch();

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("reportProgress"));
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    m_pages = new QWidget;
    m_pagesLayout = new QVBoxLayout(m_pages);
    m_pagesLayout->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(m_pages);
    m_scroll->setBackgroundRole(QPalette::Dark);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_scroll, 1);

    connect(m_reportCombo, &QComboBox::currentIndexChanged, this, &ReportsPage::updateControls);
    connect(m_previewButton, &QPushButton::clicked, this, &ReportsPage::preview);
    connect(m_printButton, &QPushButton::clicked, this, &ReportsPage::printReport);
    connect(m_pdfButton, &QPushButton::clicked, this, &ReportsPage::savePdf);
    connect(m_csvButton, &QPushButton::clicked, this, &ReportsPage::saveCsv);
    connect(m_cancelButton, &QPushButton::clicked, this, &ReportsPage::cancel);

    reloadCas();
    retranslateUi();
    updateControls();
}

ReportsPage::~ReportsPage() {
    if (m_job)
        m_job->cancel(); // the Job's destructor waits for its worker
}

bool ReportsPage::busy() const {
    return m_job && m_job->isRunning();
}

void ReportsPage::cancel() {
    if (busy()) {
        m_job->cancel();
        m_cancelButton->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
    }
}

void ReportsPage::reloadCas() {
    m_caCombo->clear();
    auto cas = m_reg.cas().list(m_session);
    if (!cas) {
        m_status->setText(cas.message());
        return;
    }
    for (const registry::CaRecord& ca : *cas)
        m_caCombo->addItem(QStringLiteral("%1 — %2").arg(ca.code, ca.name), ca.code);
}

void ReportsPage::retranslateUi() {
    for (int i = 0; i < m_reportCombo->count(); ++i)
        m_reportCombo->setItemText(
            i, reports::Reports::displayName(reports::ReportKind(m_reportCombo->itemData(i).toInt())));
    m_reportLabel->setText(tr("&Report:"));
    m_reportLabel->setBuddy(m_reportCombo);
    m_caLabel->setText(tr("&CA:"));
    m_caLabel->setBuddy(m_caCombo);
    m_fromLabel->setText(tr("&Period from:"));
    m_fromLabel->setBuddy(m_from);
    m_toLabel->setText(tr("to"));
    m_daysLabel->setText(tr("Expiring within (&days):"));
    m_daysLabel->setBuddy(m_days);
    m_previewButton->setText(tr("Pre&view"));
    m_printButton->setText(tr("Preview / &Print…"));
    m_printButton->setToolTip(tr("The document in a print preview; print it from there."));
    m_pdfButton->setText(tr("Save as P&DF…"));
    m_csvButton->setText(tr("Save as C&SV…"));
    m_cancelButton->setText(tr("Cancel"));
}

void ReportsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

reports::ReportRequest ReportsPage::request() const {
    reports::ReportRequest rq;
    rq.kind = reports::ReportKind(m_reportCombo->currentData().toInt());
    rq.caCode = m_caCombo->currentData().toString();
    rq.from = m_from->date();
    rq.to = m_to->date();
    rq.days = m_days->value();
    return rq;
}

void ReportsPage::setRequest(const reports::ReportRequest& rq) {
    m_reportCombo->setCurrentIndex(m_reportCombo->findData(int(rq.kind)));
    const int ca = m_caCombo->findData(rq.caCode);
    if (ca >= 0)
        m_caCombo->setCurrentIndex(ca);
    if (rq.from.isValid())
        m_from->setDate(rq.from);
    if (rq.to.isValid())
        m_to->setDate(rq.to);
    m_days->setValue(rq.days);
}

void ReportsPage::updateControls() {
    const reports::ReportRequest rq = request();
    const bool idle = !busy();
    m_caCombo->setEnabled(idle && reports::Reports::needsCa(rq.kind));
    const bool expiring = rq.kind == reports::ReportKind::Expiring;
    const bool crl = rq.kind == reports::ReportKind::CrlListing;
    m_days->setEnabled(idle && expiring);
    m_from->setEnabled(idle && !expiring && !crl);
    m_to->setEnabled(idle && !expiring && !crl);
    m_reportCombo->setEnabled(idle);
    for (QPushButton* b : {m_previewButton, m_printButton, m_pdfButton, m_csvButton})
        b->setEnabled(idle);
    m_cancelButton->setVisible(!idle);
    m_cancelButton->setEnabled(!idle && !m_job->wasCancelled());
}

void ReportsPage::generate(reports::ReportFormat format, const QString& path) {
    if (busy())
        return;
    const reports::ReportRequest rq = request();
    const registry::Session session = m_session;
    const After after = m_after;
    ++m_run;
    m_progress->setRange(0, 0); // busy until the first count arrives
    m_progress->setVisible(true);
    delete m_job;
    m_job = new Job(
        m_reg, tr("Preparing %1…").arg(reports::Reports::displayName(rq.kind)), Job::Cancel::BetweenSteps,
        [rq, session, format, path, before = m_beforeWriting](Job::Context& context) -> Status {
            if (before)
                before();
            reports::Reports reports(context.reg, session);
            QSaveFile file(path);
            if (Status s = registry::OutputFiles::openOwnerOnly(file); !s) // it names holders: owner only
                return s;
            CancellableOutput out(&file, context);
            // A PDF stops within a few hundred rows of Cancel (both of its passes ask), a CSV at its next row.
            Status s = reports.write(
                rq, format, &out,
                [&context](qint64 done, qint64 total) {
                    context.progress(int(qMin<qint64>(done, INT_MAX)), int(qMin<qint64>(total, INT_MAX)),
                                     tr("%1 rows printed…").arg(done));
                },
                [&context] { return context.cancelled(); });
            if (context.cancelled()) {
                file.cancelWriting();
                return makeError(ErrorCode::Failure, tr("Cancelled: nothing was saved."));
            }
            if (!s) {
                file.cancelWriting();
                return s;
            }
            if (!file.commit())
                return makeError(ErrorCode::Io,
                                 tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
            return {};
        },
        this);
    connect(m_job, &Job::progressed, this, [this](int done, int total, const QString& text) {
        m_progress->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0)
            m_progress->setValue(int(1000LL * done / total));
        m_status->setText(text);
    });
    connect(m_job, &Job::finished, this,
            [this, path, after](bool ok, const QString& message) { onWorkerDone(ok, message, path, after); });
    m_job->start();
    updateControls();
}

void ReportsPage::onWorkerDone(bool ok, const QString& error, const QString& path, After after) {
    m_progress->setVisible(false);
    updateControls();
    if (!ok) {
        m_status->setText(error);
        Q_EMIT finished(false, error);
        return;
    }
    if (after == After::Preview)
        showPreview(path);
    else if (after == After::Print)
        printPdf(path);
    const QString message =
        after == After::Nothing ? tr("Saved to %1.").arg(QDir::toNativeSeparators(path)) : m_status->text();
    if (after == After::Nothing)
        m_status->setText(message);
    Q_EMIT statusMessage(message);
    Q_EMIT finished(true, message);
}

void ReportsPage::preview() {
    m_after = After::Preview;
    generate(reports::ReportFormat::Pdf, m_temp.filePath(QStringLiteral("preview-%1.pdf").arg(m_run + 1)));
    m_after = After::Nothing;
}

void ReportsPage::printReport() {
    m_after = After::Print;
    generate(reports::ReportFormat::Pdf, m_temp.filePath(QStringLiteral("print-%1.pdf").arg(m_run + 1)));
    m_after = After::Nothing;
}

void ReportsPage::savePdf() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the report as PDF"),
                                                      reports::Reports::id(request().kind) + QStringLiteral(".pdf"),
                                                      tr("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        generate(reports::ReportFormat::Pdf, path);
}

void ReportsPage::saveCsv() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the report as CSV"),
                                                      reports::Reports::id(request().kind) + QStringLiteral(".csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        generate(reports::ReportFormat::Csv, path);
}

void ReportsPage::clearPreview() {
    while (QLayoutItem* item = m_pagesLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_previewPages = 0;
}

void ReportsPage::showPreview(const QString& pdf) {
    clearPreview();
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(pdf);
    if (!doc) {
        m_status->setText(tr("The preview cannot be shown."));
        return;
    }
    doc->setRenderHint(Poppler::Document::Antialiasing);
    doc->setRenderHint(Poppler::Document::TextAntialiasing);
    const int pages = doc->numPages();
    const int shown = qMin(pages, kPreviewPages);
    for (int i = 0; i < shown; ++i) {
        std::unique_ptr<Poppler::Page> page = doc->page(i);
        auto* label = new QLabel(m_pages);
        label->setPixmap(QPixmap::fromImage(page->renderToImage(96, 96)));
        label->setFrameShape(QFrame::Box);
        m_pagesLayout->addWidget(label);
        ++m_previewPages;
    }
    m_status->setText(
        shown < pages ? tr("Preview of the first %1 of %2 pages; print or save to get them all.").arg(shown).arg(pages)
                      : tr("%n page(s).", nullptr, pages));
}

QPrintPreviewDialog* ReportsPage::printPreview() const {
    return m_printPreview.data();
}

void ReportsPage::printPdf(const QString& pdf) {
    // The same pages in a print preview; the operator prints (or changes the printer) from there.
    QString error;
    m_printPreview = PrintPreview::open(this, pdf, reports::Reports::displayName(request().kind), &error);
    m_status->setText(m_printPreview ? tr("The preview is open; print from there.") : error);
}

} // namespace tirkeu::gui
