#include "app/gui/ApplicationQueueModel.h"

#include "forms/FormDefinition.h"
#include "registry/Clock.h"
#include "registry/Language.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace tirkeu::gui {

namespace {
// Calm marks that stay readable on the light default palette.
const QColor kOverdueText(0xa3, 0x12, 0x1f);
const QColor kOverdueBackground(0xfb, 0xe9, 0xe9);
const QColor kDueTodayText(0x7a, 0x4b, 0x00);
const QColor kDueTodayBackground(0xff, 0xf4, 0xd6);

} // namespace

ApplicationQueueModel::ApplicationQueueModel(registry::Applications& applications, const registry::Session& session,
                                             QObject* parent)
    : QAbstractTableModel(parent)
    , m_applications(applications)
    , m_session(session) {
    m_filter.openOnly = true;
}

int ApplicationQueueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ApplicationQueueModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApplicationQueueModel::data(const QModelIndex& index, int role) const {
    const registry::ApplicationRecord* r = index.isValid() ? record(index.row()) : nullptr;
    if (!r)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return QString::number(r->id);
        case CaColumn:
            return r->caCode;
        case FormColumn:
            return r->formCode;
        case StatusColumn:
            return registry::Applications::statusName(r->status);
        case ReceivedColumn:
            return registry::displayDateTime(r->receivedAt);
        case DeadlineColumn:
            return r->deadline.isValid() ? registry::displayDate(r->deadline) : QStringLiteral("—");
        case SubjectColumn:
            return r->subject;
        case ApplicantColumn:
            return r->applicantName;
        }
        return {};
    case IdRole:
        return r->id;
    case Qt::ToolTipRole: {
        const QString tip = tooltip(*r, index.column());
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::ForegroundRole:
        if (r->overdue)
            return QBrush(kOverdueText);
        if (r->dueToday)
            return QBrush(kDueTodayText);
        return {};
    case Qt::BackgroundRole:
        if (r->overdue)
            return QBrush(kOverdueBackground);
        if (r->dueToday)
            return QBrush(kDueTodayBackground);
        return {};
    case Qt::FontRole:
        if (index.column() == DeadlineColumn && (r->overdue || r->dueToday)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QString ApplicationQueueModel::tooltip(const registry::ApplicationRecord& r, int column) const {
    QStringList lines;
    if (column == FormColumn) {
        if (const forms::FormDef* form = forms::FormCatalog::find(r.formCode))
            lines << form->title.in(registry::Language::current());
    }
    if (column == DeadlineColumn && !r.deadline.isValid())
        lines << tr("This form has no legal deadline.");
    if (r.overdue)
        lines << tr("Overdue: the deadline was %1.").arg(registry::displayDate(r.deadline));
    else if (r.dueToday)
        lines << tr("Due today.");
    if (column == StatusColumn && r.status == registry::ApplicationStatus::Rejected &&
        !registry::Applications::refusalText(r).isEmpty())
        lines << tr("Reason: %1").arg(registry::Applications::refusalText(r));
    return lines.join(u'\n');
}

QVariant ApplicationQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("No.", "application number");
    case CaColumn:
        return tr("CA", "certification authority");
    case FormColumn:
        return tr("Form");
    case StatusColumn:
        return tr("Status");
    case ReceivedColumn:
        return tr("Received");
    case DeadlineColumn:
        return tr("Deadline");
    case SubjectColumn:
        return tr("IIN/BIN");
    case ApplicantColumn:
        return tr("Applicant");
    }
    return {};
}

void ApplicationQueueModel::setFilter(const registry::ApplicationFilter& filter) {
    m_filter = filter;
    m_page = 0;
}

void ApplicationQueueModel::setPageSize(int rows) {
    m_pageSize = qMax(1, rows);
    m_page = 0;
}

Status ApplicationQueueModel::reload() {
    return load(m_page);
}

Status ApplicationQueueModel::nextPage() {
    return m_hasNext ? load(m_page + 1) : Status();
}

Status ApplicationQueueModel::previousPage() {
    return m_page > 0 ? load(m_page - 1) : Status();
}

registry::ApplicationSort ApplicationQueueModel::sortOf(int column) {
    switch (column) {
    case NumberColumn:
        return registry::ApplicationSort::Number;
    case CaColumn:
        return registry::ApplicationSort::Ca;
    case FormColumn:
        return registry::ApplicationSort::Form;
    case StatusColumn:
        return registry::ApplicationSort::Status;
    case ReceivedColumn:
        return registry::ApplicationSort::Received;
    case SubjectColumn:
        return registry::ApplicationSort::Subject;
    case ApplicantColumn:
        return registry::ApplicationSort::Applicant;
    default:
        return registry::ApplicationSort::Deadline;
    }
}

void ApplicationQueueModel::sort(int column, Qt::SortOrder order) {
    const registry::ApplicationSort sort = sortOf(column);
    const bool descending = order == Qt::DescendingOrder;
    if (sort == m_filter.sort && descending == m_filter.descending)
        return;
    m_filter.sort = sort;
    m_filter.descending = descending;
    m_page = 0;
    if (Status s = load(0); !s)
        Q_EMIT loadFailed(s.message());
}

Status ApplicationQueueModel::load(int page) {
    auto total = m_applications.count(m_session, m_filter);
    if (!total)
        return total.error();
    registry::ApplicationFilter f = m_filter;
    f.limit = m_pageSize + 1; // one row more than shown tells whether a next page exists
    f.offset = page * m_pageSize;
    auto rows = m_applications.list(m_session, f);
    if (!rows)
        return rows.error();
    if (rows->isEmpty() && page > 0)
        return load(page - 1);
    beginResetModel();
    m_page = page;
    m_total = *total;
    m_hasNext = rows->size() > m_pageSize;
    m_rows = std::move(rows.value());
    if (m_hasNext)
        m_rows.resize(m_pageSize);
    endResetModel();
    Q_EMIT pageLoaded();
    return {};
}

const registry::ApplicationRecord* ApplicationQueueModel::record(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ApplicationQueueModel::rowOf(qint64 id) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

void ApplicationQueueModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace tirkeu::gui
