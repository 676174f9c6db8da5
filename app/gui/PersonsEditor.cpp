#include "app/gui/PersonsEditor.h"

#include "forms/Validation.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
constexpr int kSummaryColumns = 4;

// The person's row as forms would judge it: the messages of its fields.
QStringList rowErrors(const QList<forms::FieldDef>& fields, const QJsonObject& row, const QString& lang) {
    QStringList out;
    for (const forms::FieldDef& f : fields) {
        const QString e = forms::Validator::validateField(f, row.value(f.id), lang);
        if (!e.isEmpty())
            out << e;
    }
    return out;
}
} // namespace

PersonsEditor::PersonsEditor(const QList<forms::FieldDef>& fields, const QJsonObject& newRow, QWidget* parent)
    : QWidget(parent)
    , m_fields(fields)
    , m_newRow(newRow) {
    // The first single-line fields (names, IIN) identify a person in the table.
    for (const forms::FieldDef& f : fields)
        if (m_columns.size() < kSummaryColumns && (f.type == forms::FieldType::Text || f.type == forms::FieldType::Iin))
            m_columns << f;

    m_table = new QTableWidget(0, static_cast<int>(m_columns.size()) + 2, this);
    m_table->setObjectName(QStringLiteral("personsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(120);
    m_table->setMaximumHeight(180);

    m_add = new QPushButton(this);
    m_add->setObjectName(QStringLiteral("addPersonButton"));
    m_remove = new QPushButton(this);
    m_remove->setObjectName(QStringLiteral("removePersonButton"));
    m_detailTitle = new QLabel(this);
    m_detailTitle->setObjectName(QStringLiteral("personTitle"));
    QFont bold = m_detailTitle->font();
    bold.setBold(true);
    m_detailTitle->setFont(bold);
    m_detail = new FieldSet(fields, this);
    m_detail->setObjectName(QStringLiteral("personFields"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_detailTitle);
    layout->addWidget(m_detail);

    connect(m_add, &QPushButton::clicked, this, &PersonsEditor::addRow);
    connect(m_remove, &QPushButton::clicked, this, &PersonsEditor::removeCurrentRow);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_loading)
            showRow(row);
    });
    connect(m_detail, &FieldSet::edited, this, [this] {
        const int row = currentRow();
        if (m_loading || row < 0)
            return;
        m_rows[row] = m_detail->data();
        updateRow(row);
        Q_EMIT edited();
    });
    setLanguage(QStringLiteral("en"));
    addRow(); // a letter names at least one person
}

QJsonArray PersonsEditor::rows() const {
    QJsonArray out;
    for (const QJsonObject& r : m_rows)
        out.append(r);
    return out;
}

void PersonsEditor::setRows(const QJsonArray& rows) {
    m_loading = true;
    m_rows.clear();
    m_table->setRowCount(0);
    for (const QJsonValue& v : rows) {
        m_rows << v.toObject();
        m_table->insertRow(m_table->rowCount());
        updateRow(m_table->rowCount() - 1);
    }
    m_loading = false;
    setCurrentRow(m_rows.isEmpty() ? -1 : 0);
    updateButtons();
    Q_EMIT edited();
}

int PersonsEditor::currentRow() const {
    const int row = m_table->currentRow();
    return row >= 0 && row < m_rows.size() ? row : -1;
}

void PersonsEditor::setCurrentRow(int row) {
    if (row >= 0 && row < m_rows.size())
        m_table->selectRow(row);
    showRow(row);
}

void PersonsEditor::addRow() {
    m_rows << m_newRow;
    m_loading = true;
    m_table->insertRow(m_table->rowCount());
    updateRow(m_table->rowCount() - 1);
    m_loading = false;
    setCurrentRow(static_cast<int>(m_rows.size()) - 1);
    updateButtons();
    Q_EMIT edited();
}

void PersonsEditor::removeCurrentRow() {
    const int row = currentRow();
    if (row < 0)
        return;
    m_loading = true;
    m_rows.removeAt(row);
    m_table->removeRow(row);
    for (int r = row; r < m_rows.size(); ++r)
        updateRow(r); // numbers follow the rows
    m_loading = false;
    setCurrentRow(qMin(row, static_cast<int>(m_rows.size()) - 1));
    updateButtons();
    Q_EMIT edited();
}

void PersonsEditor::showRow(int row) {
    m_loading = true;
    m_detail->setEnabled(row >= 0);
    m_detail->setData(row >= 0 ? m_rows.at(row) : QJsonObject());
    m_loading = false;
    m_detailTitle->setText(row >= 0 ? tr("Person %1 of the letter: personal attachment").arg(row + 1)
                                    : tr("Add a person to the letter."));
    updateButtons();
}

void PersonsEditor::updateRow(int row) {
    const QJsonObject& r = m_rows.at(row);
    const auto set = [this, row](int column, const QString& text, const QString& tip = {}) {
        auto* item = m_table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, column, item);
        }
        item->setText(text);
        item->setToolTip(tip);
    };
    set(0, QString::number(row + 1));
    for (int c = 0; c < m_columns.size(); ++c)
        set(c + 1, r.value(m_columns.at(c).id).toString());
    const QStringList errors = rowErrors(m_fields, r, m_lang);
    set(static_cast<int>(m_columns.size()) + 1,
        errors.isEmpty() ? tr("complete") : tr("%n problem(s)", nullptr, static_cast<int>(errors.size())),
        errors.join(u'\n'));
}

void PersonsEditor::updateButtons() {
    m_remove->setEnabled(currentRow() >= 0);
}

void PersonsEditor::setLanguage(const QString& lang) {
    m_lang = lang;
    QStringList headers{tr("No.")};
    for (const forms::FieldDef& f : m_columns)
        headers << f.label.in(lang);
    headers << tr("Check");
    m_table->setHorizontalHeaderLabels(headers);
    m_add->setText(tr("&Add person"));
    m_remove->setText(tr("Re&move person"));
    m_remove->setToolTip(tr("Remove the selected person from the letter."));
    m_loading = true;
    m_detail->setLanguage(lang);
    m_loading = false;
    for (int r = 0; r < m_rows.size(); ++r)
        updateRow(r);
    m_table->resizeColumnsToContents();
    const int row = currentRow();
    m_detailTitle->setText(row >= 0 ? tr("Person %1 of the letter: personal attachment").arg(row + 1)
                                    : tr("Add a person to the letter."));
}

} // namespace tirkeu::gui
