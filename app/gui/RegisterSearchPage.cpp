#include "app/gui/RegisterSearchPage.h"

#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/Prompter.h"
#include "app/gui/RegisterHitModel.h"
#include "registry/CaDirectory.h"
#include "registry/Register.h"
#include "registry/Search.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
constexpr registry::SearchKind kKinds[] = {registry::SearchKind::Auto, registry::SearchKind::Iin,
                                           registry::SearchKind::Bin, registry::SearchKind::Serial,
                                           registry::SearchKind::Name};

// A page names its own tab, so the main window needs no line per page for it.
void setOwnTabText(QWidget* page, const QString& text) {
    for (QWidget* w = page->parentWidget(); w; w = w->parentWidget())
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            const int index = tabs->indexOf(page);
            if (index >= 0)
                tabs->setTabText(index, text);
            return;
        }
}
} // namespace

// ---- CertificateListPage ----

CertificateListPage::CertificateListPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                         QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    m_model = new RegisterHitModel(this);
    m_caLabel = new QLabel(this);
    m_ca = new QComboBox(this);
    m_ca->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_caLabel->setBuddy(m_ca);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setHighlightSections(false);

    m_summary = new QLabel(this);
    m_details = new QPushButton(this);
    m_top = new QWidget(this);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_details);
    bottom->addSpacing(16);
    bottom->addWidget(m_summary, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);
    layout->addWidget(m_top);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    connect(m_details, &QPushButton::clicked, this, [this] { openDetails(); });
    connect(m_view, &QTableView::doubleClicked, this, [this] { openDetails(); });
    connect(m_model, &RegisterHitModel::loaded, this, [this] {
        if (!m_model->lastError().ok())
            report(m_model->lastError());
        fitColumns();
        updateSummary();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CertificateListPage::updateSummary);
    reloadCas();
}

void CertificateListPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CertificateListPage::updateTabText() {
    setOwnTabText(this, tabTitle());
}

void CertificateListPage::retranslateUi() {
    updateTabText();
    m_caLabel->setText(tr("&CA:"));
    if (m_ca->count() > 0)
        m_ca->setItemText(0, tr("All CAs"));
    m_details->setText(tr("&Details…"));
    m_model->retranslate();
    fitColumns();
    updateSummary();
}

void CertificateListPage::reloadCas() {
    const QString current = m_ca->currentData().toString();
    const QSignalBlocker block(m_ca);
    m_ca->clear();
    m_ca->addItem(tr("All CAs"), QString());
    auto cas = m_reg.cas().list(m_session);
    if (cas)
        for (const registry::CaRecord& ca : *cas) {
            m_ca->addItem(ca.code, ca.code);
            m_ca->setItemData(m_ca->count() - 1, ca.name, Qt::ToolTipRole);
        }
    m_ca->setCurrentIndex(qMax(0, m_ca->findData(current)));
}

void CertificateListPage::report(const Status& loaded) {
    m_status = loaded;
    updateSummary();
}

void CertificateListPage::fitColumns() {
    for (int column = 0; column + 1 < m_model->columnCount(); ++column)
        m_view->resizeColumnToContents(column);
}

QString CertificateListPage::summary() const {
    return m_summary->text();
}

void CertificateListPage::updateSummary() {
    const int rows = m_model->rowCount();
    if (!m_status.ok())
        m_summary->setText(m_status.message());
    else if (rows == 0)
        m_summary->setText(tr("Nothing found."));
    else if (m_model->hasMore())
        m_summary->setText(tr("%n row(s) shown; scroll down for more.", nullptr, rows));
    else
        m_summary->setText(tr("%n row(s).", nullptr, rows));
    m_summary->setStyleSheet(m_status.ok() ? QString() : QStringLiteral("color: #a3121f;"));
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    const registry::RegisterHit* hit = selected.isEmpty() ? nullptr : m_model->hit(selected.first().row());
    m_details->setEnabled(hit && hit->certificateId > 0);
    m_details->setToolTip(m_details->isEnabled() ? tr("Everything the register knows about this certificate.")
                                                 : tr("Select a certificate in the list first."));
}

bool CertificateListPage::selectSerial(const QString& serialHex) {
    const int row = m_model->rowOfSerial(serialHex);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
    return true;
}

CertificateDetailsDialog* CertificateListPage::openDetails() {
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    const registry::RegisterHit* hit = selected.isEmpty() ? nullptr : m_model->hit(selected.first().row());
    if (!hit || hit->certificateId <= 0)
        return nullptr;
    auto* dialog = new CertificateDetailsDialog(m_reg, m_session, m_prompter, hit->caCode, hit->serialHex, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CertificateDetailsDialog::registerChanged, this, [this] {
        refresh();
        Q_EMIT registerChanged();
    });
    dialog->show();
    return dialog;
}

// ---- RegisterSearchPage ----

RegisterSearchPage::RegisterSearchPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                       QWidget* parent)
    : CertificateListPage(reg, session, prompter, parent) {
    setObjectName(QStringLiteral("searchPage"));
    m_view->setObjectName(QStringLiteral("searchResults"));
    m_ca->setObjectName(QStringLiteral("searchCa"));
    m_summary->setObjectName(QStringLiteral("searchSummary"));
    m_details->setObjectName(QStringLiteral("searchDetailsButton"));
    m_textLabel = new QLabel(m_top);
    m_text = new QLineEdit(m_top);
    m_text->setObjectName(QStringLiteral("searchText"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(320);
    m_textLabel->setBuddy(m_text);
    m_kind = new QComboBox(m_top);
    m_kind->setObjectName(QStringLiteral("searchKind"));
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (registry::SearchKind k : kKinds)
        m_kind->addItem(QString(), static_cast<int>(k));
    m_search = new QPushButton(m_top);
    m_search->setObjectName(QStringLiteral("searchButton"));
    m_search->setDefault(true);

    auto* row = new QHBoxLayout(m_top);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    row->addWidget(m_textLabel);
    row->addWidget(m_text, 1);
    row->addWidget(m_kind);
    row->addSpacing(16);
    row->addWidget(m_caLabel);
    row->addWidget(m_ca);
    row->addSpacing(16);
    row->addWidget(m_search);

    connect(m_search, &QPushButton::clicked, this, &RegisterSearchPage::search);
    connect(m_text, &QLineEdit::returnPressed, this, &RegisterSearchPage::search);
    retranslateUi();
}

QString RegisterSearchPage::tabTitle() const {
    return tr("Search");
}

void RegisterSearchPage::retranslateUi() {
    m_textLabel->setText(tr("&Find:"));
    m_text->setPlaceholderText(tr("IIN, BIN, serial number or name (e.g. Қасымова Ә)"));
    m_text->setToolTip(tr("12 digits: IIN or BIN; hexadecimal digits: the serial number or its beginning; "
                          "otherwise the beginning of the surname, then of the name. Capital and small letters "
                          "are the same."));
    const QString kindNames[] = {tr("anything"), tr("IIN"), tr("BIN"), tr("serial number"), tr("name")};
    for (int i = 0; i < m_kind->count(); ++i)
        m_kind->setItemText(i, kindNames[i]);
    m_search->setText(tr("&Search"));
    CertificateListPage::retranslateUi();
}

void RegisterSearchPage::search() {
    registry::SearchQuery q;
    q.kind = static_cast<registry::SearchKind>(m_kind->currentData().toInt());
    q.text = m_text->text();
    q.caCode = m_ca->currentData().toString();
    registry::Register* reg = &m_reg;
    const registry::Session session = m_session;
    m_status = {};
    report(m_model->start([reg, session, q](int limit, int offset, const QVariantList& after) mutable {
        q.limit = limit;
        q.offset = offset;
        q.after = after;
        return registry::Search(*reg).find(session, q);
    }));
}

void RegisterSearchPage::refresh() {
    reloadCas();
    if (!m_text->text().trimmed().isEmpty())
        search();
}

// ---- ExpiringPage ----

ExpiringPage::ExpiringPage(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                           QWidget* parent)
    : CertificateListPage(reg, session, prompter, parent) {
    setObjectName(QStringLiteral("expiringPage"));
    m_view->setObjectName(QStringLiteral("expiringList"));
    m_ca->setObjectName(QStringLiteral("expiringCa"));
    m_summary->setObjectName(QStringLiteral("expiringSummary"));
    m_details->setObjectName(QStringLiteral("expiringDetailsButton"));
    m_daysLabel = new QLabel(m_top);
    m_days = new QSpinBox(m_top);
    m_days->setObjectName(QStringLiteral("expiringDays"));
    m_days->setRange(1, registry::Search::kMaxDays);
    m_days->setValue(30);
    m_daysLabel->setBuddy(m_days);
    auto* row = new QHBoxLayout(m_top);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    row->addWidget(m_daysLabel);
    row->addWidget(m_days);
    row->addSpacing(16);
    row->addWidget(m_caLabel);
    row->addWidget(m_ca);
    row->addStretch(1);
    connect(m_days, &QSpinBox::valueChanged, this, &ExpiringPage::refresh);
    connect(m_ca, &QComboBox::currentIndexChanged, this, &ExpiringPage::refresh);
    retranslateUi();
    refresh();
}

QString ExpiringPage::tabTitle() const {
    return tr("Expiring");
}

void ExpiringPage::retranslateUi() {
    m_daysLabel->setText(tr("Valid certificates that expire within the next"));
    m_days->setSuffix(tr(" days"));
    CertificateListPage::retranslateUi();
}

void ExpiringPage::refresh() {
    if (sender() != m_days && sender() != m_ca)
        reloadCas();
    registry::ExpiringQuery q;
    q.days = m_days->value();
    q.caCode = m_ca->currentData().toString();
    registry::Register* reg = &m_reg;
    const registry::Session session = m_session;
    m_status = {};
    report(m_model->start([reg, session, q](int limit, int offset, const QVariantList& after) mutable {
        q.limit = limit;
        q.offset = offset;
        q.after = after;
        return registry::Search(*reg).expiring(session, q);
    }));
}

} // namespace tirkeu::gui
