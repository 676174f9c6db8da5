// Fast, safe data entry (issue 16): a date field takes what the operator types — ddmmyyyy and
// dd.mm.yyyy — refuses what is not a date with a clear message instead of dropping it, and its
// calendar opens at today rather than at 1900.

#include "app/gui/DraftsDialog.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FieldEditor.h"
#include "app/gui/FieldSet.h"
#include "app/gui/FormPage.h"
#include "app/gui/MainWindow.h"
#include "app/gui/NewApplicationDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"
#include "registry/Language.h"

#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
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
    void wizardFocusesTheFirstFieldAndEnterNeverCancels();
    void wizardAsksBeforeDiscardingTypedData();
    void wizardClosesWithoutAQuestionWhenNothingWasTyped();
    void typedApplicationIsKeptAsADraftAndReopened();
    void myDraftsListsOpensAndDeletes();

private:
    void initRegister();
    std::unique_ptr<RegistryFixture> m_f;
};

void UxEntryTest::initRegister() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->create(almaty(2026, 3, 2, 10)), qPrintable(m_f->error));
}

void UxEntryTest::wizardFocusesTheFirstFieldAndEnterNeverCancels() {
    initRegister();
    AnsweringPrompter prompter;
    gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.step(), gui::NewApplicationDialog::ChooseStep);
    QVERIFY(dialog.setCa(kNca));
    QVERIFY(dialog.setForm(kIssueInd));
    auto* cancel = child<QPushButton>(&dialog, "closeButton");
    // Enter with the focus on Cancel goes to the default button (Next), not to Cancel.
    cancel->setFocus();
    QTest::keyClick(cancel, Qt::Key_Return);
    QCOMPARE(dialog.step(), gui::NewApplicationDialog::FormStep);
    QVERIFY(dialog.isVisible());
    // The focus is in the form's first field.
    QVERIFY(dialog.formPage());
    FieldEditor* first = nullptr;
    for (QObject* o : dialog.formPage()->fields()->children())
        if ((first = qobject_cast<FieldEditor*>(o)))
            break;
    QVERIFY(first);
    QCOMPARE(dialog.focusWidget(), first->input());
    // The operator types the form; Enter in a line goes on to the checklist.
    dialog.formPage()->setData(ncaIssueIndividual().data);
    QTest::keyClick(first->input(), Qt::Key_Return);
    QCOMPARE(dialog.step(), gui::NewApplicationDialog::ChecklistStep);
    QCOMPARE(dialog.focusWidget(), child<QWidget>(&dialog, "consentCheck"));
    QVERIFY(child<QPushButton>(&dialog, "saveButton")->isDefault());
    // Enter while something is missing saves nothing and does not close.
    cancel->setFocus();
    QTest::keyClick(cancel, Qt::Key_Return);
    QCOMPARE(dialog.step(), gui::NewApplicationDialog::ChecklistStep);
    QCOMPARE(dialog.savedId(), 0);
    QVERIFY(dialog.isVisible());
    child<QCheckBox>(&dialog, "consentCheck")->setChecked(true);
    child<QCheckBox>(&dialog, "attachment:identity_document_copy")->setChecked(true);
    auto* identification = child<QComboBox>(&dialog, "identificationCombo");
    if (!dialog.missing().isEmpty() && identification->currentData().toString().isEmpty())
        identification->setCurrentIndex(1);
    QVERIFY2(dialog.missing().isEmpty(), qPrintable(dialog.missing().join(u'|')));
    // Enter on the last step saves.
    cancel->setFocus();
    QTest::keyClick(cancel, Qt::Key_Return);
    QCOMPARE(dialog.step(), gui::NewApplicationDialog::DoneStep);
    QVERIFY(dialog.savedId() > 0);
    TIRKEU_VERIFY_OK(m_f->reg->applications().get(m_f->operatorA, dialog.savedId()));
    QVERIFY(prompter.questions.isEmpty());
}

void UxEntryTest::wizardAsksBeforeDiscardingTypedData() {
    initRegister();
    AnsweringPrompter prompter;
    gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.setCa(kNca));
    QVERIFY(dialog.setForm(kIssueInd));
    dialog.next();
    QVERIFY(!dialog.hasTypedData()); // the form's defaults are not typing
    auto* surname = child<QLineEdit>(dialog.formPage(), "surname");
    QVERIFY(surname);
    typeText(surname, QStringLiteral("Қасымова"));
    QVERIFY(dialog.hasTypedData());
    auto* applicationDate = child<gui::DateLineEdit>(dialog.formPage(), "application_date");
    QVERIFY(applicationDate);
    applicationDate->clear();
    QTest::keyClicks(applicationDate, QStringLiteral("31022020"));
    dialog.resize(760, 640);
    QApplication::processEvents();
    dialog.findChild<QScrollArea*>()->ensureWidgetVisible(applicationDate);
    snapshot(&dialog, QStringLiteral("new-application-typed-date-error"));
    // Esc: the question, three ways; "continue typing" (also what Esc on the question answers) keeps
    // the dialog and what was typed.
    prompter.actionAnswer = 2;
    QTest::keyClick(surname, Qt::Key_Escape);
    QCOMPARE(prompter.questions.size(), 1);
    QVERIFY(prompter.questions.first().contains(QStringLiteral("draft")));
    QCOMPARE(prompter.actionsOffered, QStringList({QStringLiteral("Keep as draft"), QStringLiteral("Discard"),
                                                   QStringLiteral("Continue typing")}));
    QVERIFY(dialog.isVisible());
    QCOMPARE(surname->text(), QStringLiteral("Қасымова"));
    // The window's close button asks the same; "discard" closes and keeps no draft.
    prompter.actionAnswer = 1;
    dialog.close();
    QCOMPARE(prompter.questions.size(), 2);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), QString());
    QCOMPARE(dialog.QDialog::result(), int(QDialog::Rejected));
    QCOMPARE(m_f->count(QStringLiteral("application_drafts")), 0);
}

void UxEntryTest::typedApplicationIsKeptAsADraftAndReopened() {
    initRegister();
    AnsweringPrompter prompter;
    qint64 draftId = 0;
    {
        gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.setCa(kNca));
        QVERIFY(dialog.setForm(kIssueInd));
        dialog.next();
        auto* surname = child<QLineEdit>(dialog.formPage(), "surname");
        QVERIFY(surname);
        typeText(surname, QStringLiteral("Қасымова"));
        // Kept a moment after the typing stops, without any question.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.draftId() > 0, 5000);
        draftId = dialog.draftId();
        QVERIFY(dialog.draftNote().contains(QStringLiteral("Draft kept")));
        QVERIFY(prompter.questions.isEmpty());
        // Typed further and the window goes away with no chance to ask (a crash, the session ended):
        // what the autosave kept is there.
        typeText(child<QLineEdit>(dialog.formPage(), "name"), QStringLiteral("Әлия"));
        QTRY_COMPARE_WITH_TIMEOUT(
            registry::Drafts(*m_f->reg).get(m_f->operatorA, draftId)->submission.data.value(QStringLiteral("name")),
            QJsonValue(QStringLiteral("Әлия")), 5000);
    }
    // Reopened from My drafts: the form and what was typed, the checklist as it was.
    {
        gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
        dialog.show();
        QVERIFY(dialog.openDraft(draftId));
        QCOMPARE(dialog.step(), gui::NewApplicationDialog::FormStep);
        QCOMPARE(dialog.formCode(), kIssueInd);
        QCOMPARE(child<QLineEdit>(dialog.formPage(), "surname")->text(), QStringLiteral("Қасымова"));
        QCOMPARE(child<QLineEdit>(dialog.formPage(), "name")->text(), QStringLiteral("Әлия"));
        QVERIFY(!dialog.hasTypedData()); // opening a draft is not typing: closing it asks nothing
        // The rest of the form; Esc → "keep as draft" keeps it (with the checklist) and closes.
        QJsonObject rest = ncaIssueIndividual().data;
        dialog.formPage()->setData(rest);
        dialog.next();
        child<QCheckBox>(&dialog, "consentCheck")->setChecked(true);
        child<QCheckBox>(&dialog, "attachment:identity_document_copy")->setChecked(true);
        prompter.actionAnswer = 0;
        dialog.reject();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.draftId(), draftId);
    }
    auto kept = registry::Drafts(*m_f->reg).get(m_f->operatorA, draftId);
    TIRKEU_VERIFY_OK(kept);
    QVERIFY(kept->submission.consent);
    QCOMPARE(kept->submission.attachments, QStringList{QStringLiteral("identity_document_copy")});
    // Another operator does not get it.
    {
        gui::NewApplicationDialog dialog(*m_f->reg, m_f->officerA, nullptr, &prompter);
        QVERIFY(!dialog.openDraft(draftId));
        QVERIFY(dialog.message().contains(QString::number(draftId)));
    }
    // Registering it ends the draft. Two windows of the operator hold it: the second cannot register it
    // again, its autosave does not bring it back as a new draft, and it closes without a question.
    const qint64 appsBefore = m_f->count(QStringLiteral("applications"));
    gui::NewApplicationDialog second(*m_f->reg, m_f->operatorA, nullptr, &prompter);
    second.show();
    QVERIFY(second.openDraft(draftId));
    qint64 registered = 0;
    {
        gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
        dialog.show();
        QVERIFY(dialog.openDraft(draftId));
        dialog.next();
        QVERIFY(child<QCheckBox>(&dialog, "consentCheck")->isChecked());
        auto* identification = child<QComboBox>(&dialog, "identificationCombo");
        if (!dialog.missing().isEmpty() && identification->currentData().toString().isEmpty())
            identification->setCurrentIndex(1);
        QVERIFY2(dialog.missing().isEmpty(), qPrintable(dialog.missing().join(u'|')));
        dialog.save();
        QVERIFY(dialog.savedId() > 0);
        QCOMPARE(dialog.draftId(), 0);
        registered = dialog.savedId();
    }
    QCOMPARE(m_f->count(QStringLiteral("applications")), appsBefore + 1);
    second.next();
    auto* identification = child<QComboBox>(&second, "identificationCombo");
    if (!second.missing().isEmpty() && identification->currentData().toString().isEmpty())
        identification->setCurrentIndex(1);
    QVERIFY2(second.missing().isEmpty(), qPrintable(second.missing().join(u'|')));
    second.save();
    QCOMPARE(second.savedId(), 0);
    QVERIFY2(second.message().contains(QString::number(registered)), qPrintable(second.message()));
    QCOMPARE(m_f->count(QStringLiteral("applications")), appsBefore + 1);
    second.back();
    typeText(child<QLineEdit>(second.formPage(), "name"), QStringLiteral("ә"));
    QTRY_VERIFY_WITH_TIMEOUT(second.draftNote().contains(QString::number(registered)), 5000);
    auto list = registry::Drafts(*m_f->reg).list(m_f->operatorA);
    TIRKEU_VERIFY_OK(list);
    QVERIFY(list->isEmpty());
    prompter.actionAnswer = 1; // discard
    second.reject();
    QVERIFY(!second.isVisible());
    TIRKEU_VERIFY_ERROR(registry::Drafts(*m_f->reg).get(m_f->operatorA, draftId), ErrorCode::Conflict);
    QCOMPARE(m_f->count(QStringLiteral("applications")), appsBefore + 1);
}

void UxEntryTest::wizardClosesWithoutAQuestionWhenNothingWasTyped() {
    initRegister();
    AnsweringPrompter prompter;
    gui::NewApplicationDialog dialog(*m_f->reg, m_f->operatorA, nullptr, &prompter);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.setCa(kNca));
    QVERIFY(dialog.setForm(kIssueInd));
    dialog.next();
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(prompter.questions.isEmpty());
    QVERIFY(!dialog.isVisible());
}

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

void UxEntryTest::myDraftsListsOpensAndDeletes() {
    initRegister();
    registry::Drafts drafts(*m_f->reg);
    registry::Draft d;
    d.caCode = kNca;
    d.formCode = kIssueInd;
    d.submission = ncaIssueIndividual();
    auto first = drafts.save(m_f->operatorA, d);
    TIRKEU_VERIFY_OK(first);
    m_f->clock.advanceSecs(60);
    d.submission = ncaIssueIndividual(kIinSecond, QStringLiteral("Ахметов"), QStringLiteral("Бекзат"));
    auto second = drafts.save(m_f->operatorA, d);
    TIRKEU_VERIFY_OK(second);
    TIRKEU_VERIFY_OK(drafts.save(m_f->officerA, d)); // someone else's: never listed here

    // Register → My drafts (2)… in the operator's main window.
    auto* prompter = new AnsweringPrompter;
    gui::MainWindow window(*m_f->reg, m_f->operatorA, std::unique_ptr<gui::Prompter>(prompter));
    QAction* action = window.entryActions()->draftsAction();
    QVERIFY(action->isEnabled());
    QVERIFY2(action->text().contains(QStringLiteral("(2)")), qPrintable(action->text()));
    gui::DraftsDialog* list = window.entryActions()->showDrafts();
    QVERIFY(list);
    QCOMPARE(list->count(), 2);
    QCOMPARE(list->selectedId(), *second); // newest change first, selected
    QVERIFY(list->table()->item(0, 2)->text().contains(QStringLiteral("Ахметов Бекзат")));
    QVERIFY(list->table()->item(1, 2)->text().contains(QStringLiteral("Қасымова Әлия")));
    // Delete asks; "no" keeps it.
    prompter->confirmAnswer = false;
    list->deleteSelected();
    QCOMPARE(list->count(), 2);
    prompter->confirmAnswer = true;
    list->deleteSelected();
    QCOMPARE(list->count(), 1);
    TIRKEU_VERIFY_ERROR(drafts.get(m_f->operatorA, *second), ErrorCode::NotFound);
    QVERIFY2(action->text().contains(QStringLiteral("(1)")), qPrintable(action->text()));
    // Open: the new-application dialog on that draft, at the form step with the typed data.
    list->selectRow(0);
    list->openSelected();
    gui::NewApplicationDialog* dialog = window.findChild<gui::NewApplicationDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->draftId(), *first);
    QCOMPARE(dialog->step(), gui::NewApplicationDialog::FormStep);
    QCOMPARE(child<QLineEdit>(dialog->formPage(), "surname")->text(), QStringLiteral("Қасымова"));
    // An auditor has no drafts to keep: the action is off and says why.
    gui::MainWindow auditorWindow(*m_f->reg, m_f->auditor, std::make_unique<AnsweringPrompter>());
    QVERIFY(!auditorWindow.entryActions()->draftsAction()->isEnabled());
    QVERIFY(!auditorWindow.entryActions()->draftsAction()->toolTip().isEmpty());
}

TIRKEU_TEST_MAIN(UxEntryTest)
#include "tst_uxentry.moc"
