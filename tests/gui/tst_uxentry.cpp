// Fast, safe data entry (issue 16): a date field takes what the operator types — ddmmyyyy and
// dd.mm.yyyy — refuses what is not a date with a clear message instead of dropping it, and its
// calendar opens at today rather than at 1900.

#include "app/gui/FieldEditor.h"
#include "common/GuiHarness.h"
#include "registry/Clock.h"

#include <QAction>
#include <QCalendarWidget>
#include <QLabel>
#include <QTest>

using namespace tirkeu;
using namespace tirkeu::test;
using gui::DateLineEdit;
using gui::FieldEditor;

namespace {
forms::FieldDef dateField() {
    forms::FieldDef def;
    def.id = QStringLiteral("document_date");
    def.type = forms::FieldType::Date;
    def.label = {QStringLiteral("Құжат берілген күн"), QStringLiteral("Дата выдачи документа"),
                 QStringLiteral("Document issued on")};
    def.required = true;
    return def;
}
} // namespace

class UxEntryTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyDateFieldTakesTypedDates_data();
    void emptyDateFieldTakesTypedDates();
    void invalidDateIsAnErrorNotDropped_data();
    void invalidDateIsAnErrorNotDropped();
    void calendarOpensAtTodayOrTheTypedDate();
    void valueRoundTripsAndLeavingTheFieldShowsTheOfficialFormat();
};

void UxEntryTest::emptyDateFieldTakesTypedDates_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("iso");
    QTest::newRow("ddmmyyyy") << QStringLiteral("15032020") << QStringLiteral("2020-03-15");
    QTest::newRow("dd.mm.yyyy") << QStringLiteral("15.03.2020") << QStringLiteral("2020-03-15");
    QTest::newRow("d.m.yyyy") << QStringLiteral("5.3.2020") << QStringLiteral("2020-03-05");
    QTest::newRow("dd/mm/yyyy") << QStringLiteral("29/02/2024") << QStringLiteral("2024-02-29");
}

void UxEntryTest::emptyDateFieldTakesTypedDates() {
    QFETCH(QString, typed);
    QFETCH(QString, iso);
    FieldEditor editor(dateField());
    auto* input = qobject_cast<DateLineEdit*>(editor.input());
    QVERIFY(input);
    QVERIFY(editor.value().isUndefined()); // empty: not filled in
    QVERIFY(input->text().isEmpty());
    editor.show();
    QTest::keyClicks(input, typed);
    QCOMPARE(editor.value().toString(), iso);
    QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));
}

void UxEntryTest::invalidDateIsAnErrorNotDropped_data() {
    QTest::addColumn<QString>("typed");
    QTest::newRow("31 February") << QStringLiteral("31022020");
    QTest::newRow("month 13") << QStringLiteral("15.13.2020");
    QTest::newRow("too short") << QStringLiteral("150320");
    QTest::newRow("letters") << QStringLiteral("15.03.20x0");
}

void UxEntryTest::invalidDateIsAnErrorNotDropped() {
    QFETCH(QString, typed);
    FieldEditor editor(dateField());
    auto* input = qobject_cast<DateLineEdit*>(editor.input());
    QVERIFY(input);
    editor.show();
    QTest::keyClicks(input, typed);
    // Kept as typed (a submission with it is refused), and the message says how to type a date.
    QCOMPARE(editor.value().toString(), typed);
    QVERIFY(editor.error().contains(typed));
    QVERIFY(editor.error().contains(QStringLiteral("15.03.2020")));
    QVERIFY(editor.error().contains(QStringLiteral("Document issued on")));
    auto* shown = editor.findChild<QLabel*>(QStringLiteral("error"));
    QVERIFY(shown && shown->isVisible());
    QCOMPARE(shown->text(), editor.error());
    // Leaving the field does not rewrite or clear what was typed.
    Q_EMIT input->editingFinished();
    QCOMPARE(input->text(), typed);
}

void UxEntryTest::calendarOpensAtTodayOrTheTypedDate() {
    FieldEditor editor(dateField());
    auto* input = qobject_cast<DateLineEdit*>(editor.input());
    editor.show();
    QVERIFY(input->calendarAction());
    input->calendarAction()->trigger();
    auto* calendar = input->findChild<QCalendarWidget*>(QStringLiteral("calendarPopup"));
    QVERIFY(calendar);
    QVERIFY(calendar->isVisible());
    QCOMPARE(calendar->selectedDate(), registry::SystemClock().today());
    QVERIFY(calendar->yearShown() > 2000);
    // Choosing a day fills the field in the official format and closes the calendar.
    const QDate day(2021, 6, 9);
    calendar->setSelectedDate(day);
    Q_EMIT calendar->activated(day);
    QCOMPARE(input->text(), QStringLiteral("09.06.2021"));
    QCOMPARE(editor.value().toString(), QStringLiteral("2021-06-09"));
    QTRY_VERIFY(!input->findChild<QCalendarWidget*>(QStringLiteral("calendarPopup")));
    // With a date typed, the calendar opens at that date.
    QCalendarWidget* again = input->openCalendar();
    QCOMPARE(again->selectedDate(), day);
    snapshot(again->window(), QStringLiteral("date-field-calendar"));
}

void UxEntryTest::valueRoundTripsAndLeavingTheFieldShowsTheOfficialFormat() {
    FieldEditor editor(dateField());
    auto* input = qobject_cast<DateLineEdit*>(editor.input());
    editor.setValue(QStringLiteral("2019-12-31"));
    QCOMPARE(input->text(), QStringLiteral("31.12.2019"));
    QCOMPARE(editor.value().toString(), QStringLiteral("2019-12-31"));
    editor.setValue(QJsonValue());
    QVERIFY(editor.value().isUndefined());
    editor.show();
    QTest::keyClicks(input, QStringLiteral("01022003"));
    Q_EMIT input->editingFinished();
    QCOMPARE(input->text(), QStringLiteral("01.02.2003"));
    QCOMPARE(editor.value().toString(), QStringLiteral("2003-02-01"));
}

QTEST_MAIN(UxEntryTest)
#include "tst_uxentry.moc"
