#pragma once
// The persons of a government body's letter (forms::FormDef::personFields): a table with one row per
// person, Add / Remove, and under it the selected person's own fields (the personal attachment),
// built from the definition like every other form field.

#include "app/gui/FieldSet.h"

#include <QJsonArray>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tirkeu::gui {

class PersonsEditor : public QWidget {
    Q_OBJECT
public:
    PersonsEditor(const QList<forms::FieldDef>& fields, const QJsonObject& newRow, QWidget* parent = nullptr);

    QJsonArray rows() const;
    void setRows(const QJsonArray& rows);
    int count() const { return static_cast<int>(m_rows.size()); }
    int currentRow() const;
    void setCurrentRow(int row);
    void addRow();
    void removeCurrentRow();

    FieldSet* detail() const { return m_detail; } // the selected person's fields
    QTableWidget* table() const { return m_table; }
    void setLanguage(const QString& lang);

Q_SIGNALS:
    void edited();

private:
    void showRow(int row);
    void updateRow(int row);
    void updateButtons();

    QList<forms::FieldDef> m_fields;
    QList<forms::FieldDef> m_columns; // summary columns of the table
    QJsonObject m_newRow;
    QList<QJsonObject> m_rows;
    QString m_lang;
    QTableWidget* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_detailTitle = nullptr;
    FieldSet* m_detail = nullptr;
    bool m_loading = false;
};

} // namespace tirkeu::gui
