#include "app/gui/RegisterHitModel.h"

#include "registry/Clock.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace tirkeu::gui {

RegisterHitModel::RegisterHitModel(QObject* parent)
    : QAbstractTableModel(parent) {}

int RegisterHitModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RegisterHitModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RegisterHitModel::statusName(const QString& status) {
    if (status == u"valid")
        return tr("valid", "certificate status");
    if (status == u"revoked")
        return tr("revoked", "certificate status");
    return status;
}

QVariant RegisterHitModel::data(const QModelIndex& index, int role) const {
    const registry::RegisterHit* h = index.isValid() ? hit(index.row()) : nullptr;
    if (!h)
        return {};
    const bool cert = h->certificateId > 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case HolderIdColumn:
            return h->holderId;
        case HolderNameColumn:
            return h->holderName;
        case CaColumn:
            return h->caCode;
        case SerialColumn:
            return cert ? h->serialHex : tr("no certificate");
        case ProfileColumn:
            return h->profile;
        case NotBeforeColumn:
            return registry::displayDate(h->notBefore);
        case NotAfterColumn:
            return registry::displayDate(h->notAfter);
        case StatusColumn:
            return statusName(h->status);
        }
        return {};
    }
    if (role == Qt::ToolTipRole && cert && (index.column() == SerialColumn || index.column() == HolderNameColumn))
        return h->subject;
    if (role == Qt::ForegroundRole && h->status == u"revoked")
        return QBrush(QColor(0xa3, 0x12, 0x1f));
    if (role == Qt::ForegroundRole && !cert)
        return QBrush(QColor(0x6b, 0x6b, 0x6b));
    if (role == Qt::FontRole && index.column() == SerialColumn && cert) {
        QFont mono(QStringLiteral("DejaVu Sans Mono"));
        mono.setStyleHint(QFont::Monospace);
        return mono;
    }
    return {};
}

QVariant RegisterHitModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case HolderIdColumn:
        return tr("IIN/BIN");
    case HolderNameColumn:
        return tr("Holder");
    case CaColumn:
        return tr("CA", "certification authority");
    case SerialColumn:
        return tr("Serial number");
    case ProfileColumn:
        return tr("Profile");
    case NotBeforeColumn:
        return tr("Valid from");
    case NotAfterColumn:
        return tr("Valid to");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

bool RegisterHitModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_hasMore;
}

void RegisterHitModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent))
        m_lastError = loadPage();
}

Status RegisterHitModel::start(Fetch fetch) {
    beginResetModel();
    m_fetch = std::move(fetch);
    m_rows.clear();
    m_pages = 0;
    m_hasMore = false;
    endResetModel();
    m_lastError = loadPage();
    return m_lastError;
}

void RegisterHitModel::clear() {
    beginResetModel();
    m_fetch = nullptr;
    m_rows.clear();
    m_pages = 0;
    m_hasMore = false;
    endResetModel();
    Q_EMIT loaded();
}

Status RegisterHitModel::loadPage() {
    if (!m_fetch)
        return {};
    // One row more than a page tells whether there is another page.
    auto rows =
        m_fetch(m_pageSize + 1, m_pages * m_pageSize, m_rows.isEmpty() ? QVariantList() : m_rows.last().position);
    if (!rows) {
        m_hasMore = false;
        return rows.error();
    }
    m_hasMore = rows->size() > m_pageSize;
    if (m_hasMore)
        rows->resize(m_pageSize);
    if (!rows->isEmpty()) {
        beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + rows->size() - 1));
        m_rows.append(*rows);
        endInsertRows();
    }
    ++m_pages;
    Q_EMIT loaded();
    return {};
}

const registry::RegisterHit* RegisterHitModel::hit(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int RegisterHitModel::rowOfSerial(const QString& serialHex) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).serialHex == serialHex)
            return i;
    return -1;
}

void RegisterHitModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace tirkeu::gui
