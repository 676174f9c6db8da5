#pragma once
// One page of the application queue, read through registry::Applications::list (never SQL). The
// model only formats records for display; every decision stays in the registry.

#include "registry/Applications.h"

#include <QAbstractTableModel>
#include <QList>

namespace tirkeu::gui {

class ApplicationQueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        CaColumn,
        FormColumn,
        StatusColumn,
        ReceivedColumn,
        DeadlineColumn,
        SubjectColumn,
        ApplicantColumn,
        ColumnCount
    };
    static constexpr int IdRole = Qt::UserRole + 1; // the application number (qint64)
    static constexpr int kDefaultPageSize = 50;

    ApplicationQueueModel(registry::Applications& applications, const registry::Session& session,
                          QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The filter's limit and offset are the model's business (page size and page); setting a filter
    // goes back to the first page but does not load it.
    void setFilter(const registry::ApplicationFilter& filter);
    registry::ApplicationFilter filter() const { return m_filter; }
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    int page() const { return m_page; } // 0-based
    bool hasPreviousPage() const { return m_page > 0; }
    bool hasNextPage() const { return m_hasNext; }
    qint64 total() const { return m_total; } // applications the filter matches, all pages
    int pageCount() const { return m_total <= 0 ? 1 : int((m_total + m_pageSize - 1) / m_pageSize); }
    // Sorting is done by the registry on the whole list (not this page): the order is kept in the filter
    // and the first page is loaded again.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static registry::ApplicationSort sortOf(int column);

    // Loads the current page again (a page left empty by the filter falls back to the one before).
    Status reload();
    Status nextPage();
    Status previousPage();

    const registry::ApplicationRecord* record(int row) const;
    int rowOf(qint64 id) const; // -1 when the application is not on this page
    // Header and status texts follow the UI language (called on QEvent::LanguageChange).
    void retranslate();

Q_SIGNALS:
    void pageLoaded();
    void loadFailed(const QString& message); // a sort's reload was refused

private:
    Status load(int page);
    QString tooltip(const registry::ApplicationRecord& r, int column) const;

    registry::Applications& m_applications;
    registry::Session m_session;
    registry::ApplicationFilter m_filter;
    int m_pageSize = kDefaultPageSize;
    int m_page = 0;
    bool m_hasNext = false;
    qint64 m_total = 0;
    QList<registry::ApplicationRecord> m_rows;
};

} // namespace tirkeu::gui
