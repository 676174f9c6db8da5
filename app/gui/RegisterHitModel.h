#pragma once
// Certificates (and holders without one) found in the register, read page by page through a fetch
// function that calls registry::Search: the view asks for more rows as it scrolls (canFetchMore /
// fetchMore), so a search over millions of certificates reads only what is shown.

#include "registry/Search.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>

namespace tirkeu::gui {

class RegisterHitModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        HolderIdColumn,
        HolderNameColumn,
        CaColumn,
        SerialColumn,
        ProfileColumn,
        NotBeforeColumn,
        NotAfterColumn,
        StatusColumn,
        ColumnCount
    };
    static constexpr int kDefaultPageSize = 100;
    // A page: `limit` rows from `offset`, or right after the row at `after` (RegisterHit::position of the
    // last row shown, when the search gives positions: scrolling deep costs no more than the first page).
    using Fetch = std::function<Result<QList<registry::RegisterHit>>(int limit, int offset, const QVariantList& after)>;

    explicit RegisterHitModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Starts over with a new query and loads its first page; an error leaves the model empty.
    Status start(Fetch fetch);
    void clear();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    int pagesLoaded() const { return m_pages; }
    bool hasMore() const { return m_hasMore; }
    Status lastError() const { return m_lastError; }

    const registry::RegisterHit* hit(int row) const;
    int rowOfSerial(const QString& serialHex) const; // -1 when not loaded
    void retranslate();

    static QString statusName(const QString& status); // translated "valid" / "revoked"

Q_SIGNALS:
    void loaded(); // a page was appended (or the model was reset)

private:
    Status loadPage();

    Fetch m_fetch;
    QList<registry::RegisterHit> m_rows;
    int m_pageSize = kDefaultPageSize;
    int m_pages = 0;
    bool m_hasMore = false;
    Status m_lastError;
};

} // namespace tirkeu::gui
