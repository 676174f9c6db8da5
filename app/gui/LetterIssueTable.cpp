#include "app/gui/LetterIssueTable.h"

#include "registry/Rules.h"

#include <QHeaderView>
#include <QJsonObject>
#include <QLineEdit>

namespace tirkeu::gui {

namespace {
constexpr int kMinPassword = registry::Rules::kMinHolderPassword; // shown early; the registry checks it again
}

LetterIssueTable::LetterIssueTable(QWidget* parent)
    : QTableWidget(0, 7, parent) {
    setObjectName(QStringLiteral("letterTable"));
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setWordWrap(true);
    retranslateUi();
}

void LetterIssueTable::setPersons(const QJsonArray& persons) {
    setRowCount(0);
    m_serials.clear();
    setRowCount(static_cast<int>(persons.size()));
    for (int row = 0; row < persons.size(); ++row) {
        const QJsonObject p = persons.at(row).toObject();
        const QString name =
            QStringList{p.value(QStringLiteral("surname")).toString(), p.value(QStringLiteral("name")).toString(),
                        p.value(QStringLiteral("patronymic")).toString()}
                .join(u' ')
                .simplified();
        setItem(row, NumberColumn, new QTableWidgetItem(QString::number(row + 1)));
        setItem(row, PersonColumn, new QTableWidgetItem(name));
        setItem(row, IinColumn, new QTableWidgetItem(p.value(QStringLiteral("iin")).toString()));
        setItem(row, ResultColumn, new QTableWidgetItem);
        const auto edit = [this, row](int column, const char* name, bool secret) {
            auto* e = new QLineEdit(this);
            e->setObjectName(QStringLiteral("%1:%2").arg(QLatin1String(name)).arg(row));
            e->setFrame(false);
            if (secret)
                e->setEchoMode(QLineEdit::Password);
            connect(e, &QLineEdit::textChanged, this, &LetterIssueTable::edited);
            setCellWidget(row, column, e);
        };
        edit(MediaColumn, "mediaSerial", false);
        edit(PasswordColumn, "password", true);
        edit(RepeatColumn, "repeat", true);
    }
    resizeColumnsToContents();
    setColumnWidth(MediaColumn, qMax(columnWidth(MediaColumn), 150));
    setColumnWidth(PasswordColumn, qMax(columnWidth(PasswordColumn), 120));
    setColumnWidth(RepeatColumn, qMax(columnWidth(RepeatColumn), 120));
    retranslateUi();
}

QLineEdit* LetterIssueTable::cellEdit(int row, int column) const {
    return qobject_cast<QLineEdit*>(cellWidget(row, column));
}

QLineEdit* LetterIssueTable::mediaEdit(int row) const {
    return cellEdit(row, MediaColumn);
}
QLineEdit* LetterIssueTable::passwordEdit(int row) const {
    return cellEdit(row, PasswordColumn);
}
QLineEdit* LetterIssueTable::repeatEdit(int row) const {
    return cellEdit(row, RepeatColumn);
}

QString LetterIssueTable::iin(int row) const {
    const QTableWidgetItem* i = item(row, IinColumn);
    return i ? i->text() : QString();
}

QString LetterIssueTable::mediaSerial(int row) const {
    const QLineEdit* e = mediaEdit(row);
    return e ? e->text().trimmed() : QString();
}

QString LetterIssueTable::password(int row) const {
    const QLineEdit* e = passwordEdit(row);
    return e ? e->text() : QString();
}

QString LetterIssueTable::resultText(int row) const {
    const QTableWidgetItem* i = item(row, ResultColumn);
    return i ? i->text() : QString();
}

QList<int> LetterIssueTable::pendingRows() const {
    QList<int> out;
    for (int row = 0; row < rowCount(); ++row)
        if (!isIssued(row))
            out << row;
    return out;
}

QString LetterIssueTable::problem() const {
    for (int row : pendingRows()) {
        const QString a = password(row);
        const QString b = repeatEdit(row) ? repeatEdit(row)->text() : QString();
        if (a.isEmpty())
            return tr("Person %1: the holder types the password for the key file (twice).").arg(row + 1);
        if (a.size() < kMinPassword)
            return tr("Person %1: the password must have at least %2 characters.").arg(row + 1).arg(kMinPassword);
        if (a != b)
            return tr("Person %1: the two passwords differ.").arg(row + 1);
    }
    return {};
}

void LetterIssueTable::setIssued(int row, const QString& serial, const QString& text) {
    m_serials.insert(row, serial);
    if (QTableWidgetItem* i = item(row, ResultColumn)) {
        i->setText(text);
        i->setForeground(QColor(0x1b, 0x5e, 0x20));
        i->setToolTip(text);
    }
    for (int c : {MediaColumn, PasswordColumn, RepeatColumn})
        if (QLineEdit* e = cellEdit(row, c)) {
            e->setEnabled(false);
            if (c != MediaColumn)
                e->clear();
        }
    resizeRowToContents(row);
}

void LetterIssueTable::setRefused(int row, const QString& message) {
    if (QTableWidgetItem* i = item(row, ResultColumn)) {
        i->setText(message);
        i->setForeground(QColor(0xa3, 0x12, 0x1f));
        i->setToolTip(message);
    }
    resizeRowToContents(row);
}

void LetterIssueTable::setRunning(bool running) {
    for (int row = 0; row < rowCount(); ++row)
        for (int c : {MediaColumn, PasswordColumn, RepeatColumn})
            if (QLineEdit* e = cellEdit(row, c))
                e->setEnabled(!running && !isIssued(row));
}

void LetterIssueTable::clearPasswords() {
    for (int row = 0; row < rowCount(); ++row)
        for (int c : {PasswordColumn, RepeatColumn})
            if (QLineEdit* e = cellEdit(row, c))
                e->clear();
}

void LetterIssueTable::retranslateUi() {
    setHorizontalHeaderLabels({tr("No."), tr("Person"), tr("IIN"), tr("Key media serial"), tr("Password"),
                               tr("Password again"), tr("Result")});
    for (int row = 0; row < rowCount(); ++row) {
        if (QLineEdit* e = mediaEdit(row))
            e->setPlaceholderText(tr("serial of the token"));
        if (QLineEdit* e = passwordEdit(row))
            e->setPlaceholderText(tr("typed by the holder"));
        if (QLineEdit* e = repeatEdit(row))
            e->setPlaceholderText(tr("once more"));
    }
}

} // namespace tirkeu::gui
