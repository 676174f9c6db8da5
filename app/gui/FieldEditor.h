#pragma once
// One field of an official form on screen, built from its forms::FieldDef: the editor that fits the
// field's type (line, multi-line text, date, choice, check boxes for several choices), its label in
// the UI language, live validation with forms::Validator while typing, hints (birth date derived
// from an IIN, the BIN's registration data, characters left) and an optional offer with a button
// (a Kazakh "І" for a typed Latin "I", a person already in the register).

#include "forms/FormDefinition.h"

#include <QDate>
#include <QJsonValue>
#include <QLineEdit>
#include <QWidget>

#include <functional>

class QCalendarWidget;
class QLabel;
class QPushButton;

namespace tirkeu::gui {

// The editor of a date field (identity documents, GOV letters): an empty line the operator types
// into as ddmmyyyy ("15032020") or dd.mm.yyyy ("15.03.2020"), with a calendar button that opens at
// the typed date or, when none is typed, at today. Text that is not a date stays as typed (never
// silently dropped) and FieldEditor reports it as an error.
class DateLineEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit DateLineEdit(QWidget* parent = nullptr);

    // The typed date, or an invalid QDate when the text is blank or not a date.
    QDate date() const { return parse(text()); }
    void setDate(const QDate& date); // an invalid date clears the field
    bool isBlank() const { return text().trimmed().isEmpty(); }
    // ddmmyyyy, dd.mm.yyyy (also with "/" or "-", one-digit day and month) and yyyy-mm-dd.
    static QDate parse(const QString& text);

    QCalendarWidget* openCalendar(); // shows the popup, returns its calendar (for tests)
    QAction* calendarAction() const { return m_calendarAction; }

private:
    QAction* m_calendarAction = nullptr;
};

class FieldEditor : public QWidget {
    Q_OBJECT
public:
    FieldEditor(const forms::FieldDef& def, QWidget* parent = nullptr);

    // The property every FieldEditor carries (value: the field id), so a page's editors can be counted.
    static constexpr const char* kFieldProperty = "tirkeuField";

    const forms::FieldDef& def() const { return m_def; }
    QString id() const { return m_def.id; }
    QWidget* input() const { return m_input; } // objectName = the field id
    QLabel* label() const { return m_label; }  // for the surrounding form layout

    // The value as forms::Submission carries it: a string (ISO date for dates, a choice id), a list of
    // choice ids, or undefined when the field is blank.
    QJsonValue value() const;
    void setValue(const QJsonValue& value);

    QString error() const { return m_error; } // the live validation message, empty when valid
    QString language() const { return m_lang; }
    void setLanguage(const QString& lang); // relabels and validates again

    // An offer under the field with a button; `accept` runs when the button is clicked. An empty text
    // hides the offer.
    void setOffer(const QString& text, const QString& buttonText, std::function<void()> accept);
    QString offerText() const;
    QPushButton* offerButton() const { return m_offerButton; }
    QString hintText() const;

Q_SIGNALS:
    void edited(); // the user (or setValue) changed the value; error() and the hints are up to date

private:
    void buildInput();
    void fillChoices();
    void revalidate();
    QString derivedHint(const QString& text) const;
    void offerKazakhLetters(const QString& text);

    forms::FieldDef m_def;
    QString m_lang;
    QWidget* m_input = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_errorLabel = nullptr;
    QWidget* m_offer = nullptr;
    QLabel* m_offerLabel = nullptr;
    QPushButton* m_offerButton = nullptr;
    std::function<void()> m_accept;
    QString m_error;
    bool m_loading = false;
};

} // namespace tirkeu::gui
