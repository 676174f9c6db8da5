#pragma once
// The persons of a government body's letter for bulk issuance onto key media: one row per person
// (from the application's "persons"), each with the key media serial and the holder's password typed
// twice, and the outcome of its certificate (the serial, or the registry's refusal).

#include <QJsonArray>
#include <QTableWidget>

class QLineEdit;

namespace tirkeu::gui {

class LetterIssueTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { NumberColumn, PersonColumn, IinColumn, MediaColumn, PasswordColumn, RepeatColumn, ResultColumn };

    explicit LetterIssueTable(QWidget* parent = nullptr);

    void setPersons(const QJsonArray& persons);
    int personCount() const { return rowCount(); }
    QString iin(int row) const;
    QString mediaSerial(int row) const;
    QString password(int row) const;
    QLineEdit* mediaEdit(int row) const;
    QLineEdit* passwordEdit(int row) const;
    QLineEdit* repeatEdit(int row) const;

    // Rows still without a certificate.
    QList<int> pendingRows() const;
    bool isIssued(int row) const { return !m_serials.value(row).isEmpty(); }
    QString serial(int row) const { return m_serials.value(row); }
    QString resultText(int row) const;
    // What keeps the pending rows from being issued (passwords missing, too short or not matching);
    // empty when they may be issued.
    QString problem() const;

    void setIssued(int row, const QString& serial, const QString& text);
    void setRefused(int row, const QString& message);
    void setRunning(bool running); // inputs read-only while the worker issues
    void clearPasswords();
    void retranslateUi();

Q_SIGNALS:
    void edited();

private:
    QLineEdit* cellEdit(int row, int column) const;
    QHash<int, QString> m_serials;
};

} // namespace tirkeu::gui
