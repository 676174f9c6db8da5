#include "app/gui/ApplicationQueuePage.h"

#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include "registry/Language.h"

#include "forms/FormDefinition.h"

#include "app/gui/ApplicationQueueModel.h"
#include "app/gui/Prompter.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/Register.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
constexpr registry::ApplicationStatus kStatuses[] = {
    registry::ApplicationStatus::Registered, registry::ApplicationStatus::Approved,
    registry::ApplicationStatus::Rejected, registry::ApplicationStatus::Done};
} // namespace

ApplicationQueuePage::ApplicationQueuePage(registry::Register& reg, const registry::Session& session,
                                           Prompter& prompter, QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    m_model = new ApplicationQueueModel(reg.applications(), session, this);

    m_caLabel = new QLabel(this);
    m_caCombo = new QComboBox(this);
    m_caCombo->setObjectName(QStringLiteral("caFilter"));
    m_caCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_caLabel->setBuddy(m_caCombo);
    m_statusLabel = new QLabel(this);
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(QStringLiteral("statusFilter"));
    m_statusCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_statusCombo->addItem(QString(), QString());
    for (registry::ApplicationStatus s : kStatuses)
        m_statusCombo->addItem(QString(), registry::Applications::statusId(s));
    m_statusLabel->setBuddy(m_statusCombo);
    m_formLabel = new QLabel(this);
    m_formCombo = new QComboBox(this);
    m_formCombo->setObjectName(QStringLiteral("formFilter"));
    m_formCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_formCombo->addItem(QString(), QString());
    for (const QString& code : forms::FormCatalog::codes())
        m_formCombo->addItem(code, code);
    m_formLabel->setBuddy(m_formCombo);
    m_openOnly = new QCheckBox(this);
    m_openOnly->setObjectName(QStringLiteral("openOnly"));
    m_openOnly->setChecked(m_model->filter().openOnly);
    m_searchLabel = new QLabel(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("queueSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(200);
    m_searchLabel->setBuddy(m_search);
    auto* searchDelay = new QTimer(this); // searches once typing pauses, not on every key
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(300);
    connect(m_search, &QLineEdit::textEdited, searchDelay, qOverload<>(&QTimer::start));
    connect(searchDelay, &QTimer::timeout, this, &ApplicationQueuePage::applyFilter);
    connect(m_search, &QLineEdit::returnPressed, this, [this, searchDelay] {
        searchDelay->stop();
        applyFilter();
    });

    // Two rows, so that Kazakh and Russian labels fit a 1024-pixel screen (gui.tst_layout): the search, then
    // the filters.
    auto* searchRow = new QHBoxLayout;
    searchRow->setSpacing(8);
    searchRow->addWidget(m_searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addSpacing(16);
    searchRow->addWidget(m_openOnly);
    auto* filterRow = new QHBoxLayout;
    filterRow->setSpacing(8);
    filterRow->addWidget(m_caLabel);
    filterRow->addWidget(m_caCombo);
    filterRow->addSpacing(16);
    filterRow->addWidget(m_statusLabel);
    filterRow->addWidget(m_statusCombo);
    filterRow->addSpacing(16);
    filterRow->addWidget(m_formLabel);
    filterRow->addWidget(m_formCombo);
    filterRow->addStretch(1);
    auto* filters = new QVBoxLayout;
    filters->setSpacing(6);
    filters->addLayout(searchRow);
    filters->addLayout(filterRow);
    m_shown = new QLabel(this);
    m_shown->setObjectName(QStringLiteral("queueShown"));
    m_shown->setWordWrap(true);
    m_shown->hide();
    m_showAll = new QPushButton(this);
    m_showAll->setObjectName(QStringLiteral("queueShowAll"));
    m_showAll->hide();
    auto* shown = new QHBoxLayout;
    shown->addWidget(m_shown, 1);
    shown->addWidget(m_showAll);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setHighlightSections(false);
    // Sorted by the registry over the whole queue (ApplicationQueueModel::sort), earliest deadline first.
    m_view->horizontalHeader()->setSortIndicator(ApplicationQueueModel::DeadlineColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    connect(m_model, &ApplicationQueueModel::loadFailed, this,
            [this](const QString& message) { m_prompter.showError(this, tr("Applications"), message); });

    m_approve = new QPushButton(this);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject = new QPushButton(this);
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_legend = new QLabel(this);
    m_legend->setWordWrap(true); // gives way to the buttons on a narrow screen
    m_pageLabel = new QLabel(this);
    m_pageLabel->setObjectName(QStringLiteral("pageLabel"));
    m_previous = new QPushButton(this);
    m_previous->setObjectName(QStringLiteral("previousPageButton"));
    m_next = new QPushButton(this);
    m_next->setObjectName(QStringLiteral("nextPageButton"));

    auto* actions = new QHBoxLayout;
    actions->setSpacing(8);
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    actions->addSpacing(24);
    actions->addWidget(m_legend, 1); // takes the free width; wraps only when there is none
    actions->addWidget(m_pageLabel);
    actions->addSpacing(8);
    actions->addWidget(m_previous);
    actions->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);
    layout->addLayout(filters);
    layout->addLayout(shown);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);

    connect(m_caCombo, &QComboBox::currentIndexChanged, this, &ApplicationQueuePage::applyFilter);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &ApplicationQueuePage::applyFilter);
    connect(m_formCombo, &QComboBox::currentIndexChanged, this, &ApplicationQueuePage::applyFilter);
    connect(m_openOnly, &QCheckBox::toggled, this, &ApplicationQueuePage::applyFilter);
    connect(m_showAll, &QPushButton::clicked, this, &ApplicationQueuePage::applyFilter);
    connect(m_previous, &QPushButton::clicked, this, [this] { report(m_model->previousPage()); });
    connect(m_next, &QPushButton::clicked, this, [this] { report(m_model->nextPage()); });
    connect(m_approve, &QPushButton::clicked, this, &ApplicationQueuePage::approveSelected);
    connect(m_reject, &QPushButton::clicked, this, &ApplicationQueuePage::rejectSelected);
    connect(m_model, &ApplicationQueueModel::pageLoaded, this, [this] {
        fitColumns();
        updatePaging();
        updateActions();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApplicationQueuePage::updateActions);

    retranslateUi();
    refresh();
}

void ApplicationQueuePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ApplicationQueuePage::retranslateUi() {
    m_caLabel->setText(tr("&CA:"));
    m_caCombo->setItemText(0, tr("All CAs"));
    m_statusLabel->setText(tr("&Status:"));
    m_statusCombo->setItemText(0, tr("Any status"));
    m_formLabel->setText(tr("&Form:"));
    m_formCombo->setItemText(0, tr("All forms"));
    for (int i = 1; i < m_formCombo->count(); ++i)
        if (const forms::FormDef* form = forms::FormCatalog::find(m_formCombo->itemData(i).toString()))
            m_formCombo->setItemData(i, form->title.in(registry::Language::current()), Qt::ToolTipRole);
    for (int i = 0; i < static_cast<int>(std::size(kStatuses)); ++i)
        m_statusCombo->setItemText(i + 1, registry::Applications::statusName(kStatuses[i]));
    m_searchLabel->setText(tr("Searc&h:"));
    m_search->setPlaceholderText(tr("number, IIN/BIN or name"));
    m_search->setToolTip(tr("An application number, the start of an IIN or BIN, or a part of the applicant's "
                            "name; Enter searches at once."));
    m_openOnly->setText(tr("&Open only"));
    m_openOnly->setToolTip(tr("Show only applications still being worked on (registered or approved)."));
    m_showAll->setText(tr("Show the whole queue"));
    m_approve->setText(tr("&Approve"));
    m_reject->setText(tr("&Reject…"));
    m_previous->setText(tr("&Previous"));
    m_next->setText(tr("&Next"));
    m_legend->setText(QStringLiteral("<span style=\"color:#a3121f\">■</span> %1&nbsp;&nbsp;&nbsp;"
                                     "<span style=\"color:#b07800\">■</span> %2")
                          .arg(tr("overdue").toHtmlEscaped(), tr("due today").toHtmlEscaped()));
    m_model->retranslate();
    fitColumns(); // headers grow with the language (Kazakh ones are long)
    updatePaging();
    updateActions();
}

void ApplicationQueuePage::fitColumns() {
    // All but the last column, which keeps stretching to the view's edge.
    for (int column = 0; column + 1 < m_model->columnCount(); ++column)
        m_view->resizeColumnToContents(column);
}

void ApplicationQueuePage::reloadCas() {
    const QString current = m_caCombo->currentData().toString();
    const QSignalBlocker block(m_caCombo);
    m_caCombo->clear();
    m_caCombo->addItem(tr("All CAs"), QString());
    auto cas = m_reg.cas().list(m_session);
    if (!cas) {
        Q_EMIT statusMessage(cas.message());
        return;
    }
    for (const registry::CaRecord& ca : *cas) {
        // The code, as in the CA column; the full name (long in Kazakh) is the item's tooltip.
        m_caCombo->addItem(ca.code, ca.code);
        m_caCombo->setItemData(m_caCombo->count() - 1, ca.name, Qt::ToolTipRole);
    }
    m_caCombo->setCurrentIndex(qMax(0, m_caCombo->findData(current)));
    m_caCombo->setToolTip(m_caCombo->currentData(Qt::ToolTipRole).toString());
}

void ApplicationQueuePage::refresh() {
    const registry::ApplicationRecord* selected = selectedRecord();
    const qint64 selectedId = selected ? selected->id : 0;
    reloadCas();
    // The filter may name a CA that is gone from the combo; re-read it from the widgets.
    registry::ApplicationFilter f = m_model->filter();
    f.caCode = m_caCombo->currentData().toString();
    if (f.caCode != m_model->filter().caCode)
        m_model->setFilter(f);
    report(m_model->reload());
    if (selectedId > 0)
        selectApplication(selectedId);
}

void ApplicationQueuePage::showApplications(const registry::ApplicationFilter& filter, const QString& description) {
    {
        const QSignalBlocker b1(m_caCombo), b2(m_statusCombo), b3(m_formCombo), b4(m_openOnly);
        m_caCombo->setCurrentIndex(qMax(0, m_caCombo->findData(filter.caCode)));
        m_statusCombo->setCurrentIndex(qMax(
            0, m_statusCombo->findData(filter.status ? registry::Applications::statusId(*filter.status) : QString())));
        m_formCombo->setCurrentIndex(qMax(0, m_formCombo->findData(filter.formCode)));
        m_openOnly->setChecked(filter.openOnly || filter.deadlineFrom.isValid() || filter.deadlineTo.isValid());
        m_search->setText(filter.search);
    }
    registry::ApplicationFilter f = filter;
    f.sort = m_model->filter().sort;
    f.descending = m_model->filter().descending;
    m_model->setFilter(f);
    m_shown->setText(tr("Shown: %1").arg(description));
    m_shown->show();
    m_showAll->show();
    report(m_model->reload());
}

void ApplicationQueuePage::applyFilter() {
    m_caCombo->setToolTip(m_caCombo->currentData(Qt::ToolTipRole).toString());
    m_shown->hide();
    m_showAll->hide();
    registry::ApplicationFilter f = m_model->filter();
    // The ordinary boxes: what a Today line added is dropped.
    f.purpose.reset();
    f.deadlineFrom = QDate();
    f.deadlineTo = QDate();
    f.caCode = m_caCombo->currentData().toString();
    registry::ApplicationStatus status;
    if (registry::Applications::statusFromId(m_statusCombo->currentData().toString(), &status))
        f.status = status;
    else
        f.status.reset();
    f.formCode = m_formCombo->currentData().toString();
    f.openOnly = m_openOnly->isChecked();
    f.search = m_search->text().trimmed();
    m_model->setFilter(f);
    report(m_model->reload());
}

void ApplicationQueuePage::report(const Status& loaded) {
    if (!loaded)
        m_prompter.showError(this, tr("Applications"), loaded.message());
}

void ApplicationQueuePage::selectApplication(qint64 id) {
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_view->clearSelection();
        return;
    }
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
}

const registry::ApplicationRecord* ApplicationQueuePage::selectedRecord() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->record(rows.first().row());
}

void ApplicationQueuePage::updatePaging() {
    m_previous->setEnabled(m_model->hasPreviousPage());
    m_next->setEnabled(m_model->hasNextPage());
    const int rows = m_model->rowCount();
    if (rows == 0 && m_model->page() == 0) {
        m_pageLabel->setText(m_model->total() == 0 && m_search->text().trimmed().isEmpty() && !m_shown->isVisible() &&
                                     m_caCombo->currentIndex() <= 0 && m_statusCombo->currentIndex() <= 0 &&
                                     m_formCombo->currentIndex() <= 0
                                 ? tr("No applications yet: register one with New application (Ctrl+N).")
                                 : tr("No applications match the filter."));
        return;
    }
    const int first = m_model->page() * m_model->pageSize() + 1;
    m_pageLabel->setText(tr("Page %1 of %2 · rows %3–%4 of %5")
                             .arg(m_model->page() + 1)
                             .arg(m_model->pageCount())
                             .arg(first)
                             .arg(first + rows - 1)
                             .arg(m_model->total()));
}

void ApplicationQueuePage::updateActions() {
    const registry::ApplicationRecord* record = selectedRecord();
    // The registry's rule (role, state, four-eyes) decides; the reason is the button's tooltip.
    const auto why = [&](registry::ApplicationStatus to) -> QString {
        if (!registry::Roles::allows(m_session.role, registry::Permission::DecideApplication))
            return tr("Your role (%1) may not %2.")
                .arg(registry::Roles::displayName(m_session.role),
                     registry::Roles::permissionName(registry::Permission::DecideApplication));
        if (!record)
            return tr("Select an application in the list first.");
        const Status allowed = registry::Applications::mayDecide(m_session, *record, to);
        return allowed ? QString() : allowed.message();
    };
    const QString approveWhy = why(registry::ApplicationStatus::Approved);
    const QString rejectWhy = why(registry::ApplicationStatus::Rejected);
    m_approve->setEnabled(approveWhy.isEmpty());
    m_reject->setEnabled(rejectWhy.isEmpty());
    m_approve->setToolTip(approveWhy.isEmpty() ? tr("Approve the selected application.") : approveWhy);
    m_reject->setToolTip(rejectWhy.isEmpty() ? tr("Reject the selected application, with a reason.") : rejectWhy);
}

void ApplicationQueuePage::approveSelected() {
    const registry::ApplicationRecord* r = selectedRecord();
    if (!r || !m_approve->isEnabled())
        return;
    const qint64 id = r->id;
    const QString title = tr("Approve application %1").arg(id);
    if (!m_prompter.confirm(this, title,
                            tr("Approve application %1 (%2, %3)?").arg(id).arg(r->applicantName, r->subject)))
        return;
    if (Status s = m_reg.applications().approve(m_session, id); !s) {
        m_prompter.showError(this, title, s.message());
        return;
    }
    Q_EMIT statusMessage(tr("Application %1 approved.").arg(id));
    report(m_model->reload());
    selectApplication(id);
    Q_EMIT registerChanged();
}

void ApplicationQueuePage::rejectSelected() {
    const registry::ApplicationRecord* r = selectedRecord();
    if (!r || !m_reject->isEnabled())
        return;
    const qint64 id = r->id;
    const QString title = tr("Reject application %1").arg(id);
    // The CA's closed list of grounds (the rules in force, RulesBook); free text only as an added note.
    forms::CaKind kind = forms::CaKind::National;
    if (auto ca = m_reg.cas().find(r->caCode))
        kind = ca->kind;
    auto grounds = m_reg.rules().refusalReasons(kind);
    if (!grounds) {
        m_prompter.showError(this, title, grounds.message());
        return;
    }
    const QList<registry::RefusalReason> reasons = *grounds;
    QStringList choices;
    for (const registry::RefusalReason& reason : reasons)
        choices << QStringLiteral("%1 — %2").arg(reason.code, reason.label());
    const auto answer = m_prompter.askChoice(
        this, title, tr("Ground for refusing application %1 (%2, %3):").arg(id).arg(r->applicantName, r->subject),
        choices, tr("Note (optional):"));
    if (!answer)
        return;
    const QString code =
        answer->index >= 0 && answer->index < reasons.size() ? reasons.at(answer->index).code : QString();
    if (Status s = m_reg.applications().reject(m_session, id, code, answer->note); !s) {
        m_prompter.showError(this, title, s.message());
        return;
    }
    Q_EMIT statusMessage(tr("Application %1 rejected.").arg(id));
    report(m_model->reload());
    selectApplication(id);
    Q_EMIT registerChanged();
}

} // namespace tirkeu::gui
