// The counter's flow through the widgets, offscreen, on a real register file: form pages built from
// the form definitions (one editor per field of every form), live validation with hints and offers,
// a new application through the dialog (CA and form, form page, consent and attachments, save), the
// four-eyes approval in the queue, issuance from a CSR file off the UI thread, and the refusals (bad
// IIN, missing consent, own approval, wrong CA passphrase) that show the right message and write
// nothing. Qt's own standard buttons in Kazakh and Russian. With $TIRKEU_SCREENSHOT_DIR set, the form
// page and the issuance dialog are saved in kk and ru.

#include "app/gui/ApplicationDetailsDialog.h"
#include "app/gui/ApplicationQueueModel.h"
#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/EntryActions.h"
#include "app/gui/FieldEditor.h"
#include "app/gui/FieldSet.h"
#include "app/gui/FormPage.h"
#include "app/gui/IssuanceDialog.h"
#include "app/gui/IssueRunner.h"
#include "app/gui/MainWindow.h"
#include "app/gui/NewApplicationDialog.h"
#include "app/gui/PersonsEditor.h"
#include "app/gui/Prompter.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "common/Tools.h"
#include "forms/Identifiers.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

using namespace tirkeu;
using namespace tirkeu::test;
using gui::FieldEditor;
using registry::ApplicationStatus;

namespace {} // namespace

class EntryFlowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyFormBuildsAPageWithOneEditorPerField();
    void pageLabelsFollowTheLanguage();
    void liveValidationShowsHintsAndErrors();
    void knownIinAndBinAreOffered();
    void latinIInAKazakhNameIsOfferedAsKazakhI();
    void governmentLetterRowsAreAddedAndRemoved();
    void badIinKeepsSaveDisabledAndWritesNothing();
    void missingConsentKeepsSaveDisabledAndWritesNothing();
    void identificationAndMissingDocumentsThroughDialog();
    void registerApproveAndIssueFromCsr();
    void ownApprovalIsRefusedWithTheRegistryMessage();
    void wrongCaPassphraseIsRefusedAndWritesNothing();
    void detailsShowDataHistoryAndDeadline();
    void qtStandardButtonsAreTranslated();
    void screenshotsInKazakhAndRussian();

private:
    using Window = TestWindow;
    Window openWindow(const Session& session);
    void selectRow(const Window& w, qint64 applicationId);
    gui::NewApplicationDialog* startIndividual(const Window& w);
    void fillIndividual(gui::FormPage* page, const QString& iin, const QString& surname, const QString& name);
    qint64 registerThroughDialog(const Window& w, const QString& iin, const QString& surname, const QString& name);
    QString writeCsr();

    RegistryFixture m_base;
    QTemporaryDir m_keys; // the CA key file the copies of the register point at
    std::unique_ptr<RegistryFixture> m_f;
    QTemporaryDir m_out;
};

void EntryFlowTest::initTestCase() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
    QVERIFY(m_keys.isValid());
    // The National CA gets its key and certificate (EC P-256: quick to make, the profile is the same).
    auto init = registry::CaEngine(*m_base.reg)
                    .createRootCa(m_base.admin, kNca, pki::KeyAlgorithm::EcP256,
                                  m_keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10);
    TIRKEU_VERIFY_OK(init);
    // One known person and organisation in the register (the autofill offers them).
    TIRKEU_VERIFY_OK(m_base.reg->applications().submit(m_base.operatorA, kNca, kIssueLegal, ncaIssueLegal()));
    m_base.close();
}

void EntryFlowTest::init() {
    QVERIFY(registry::Language::install(QStringLiteral("en")));
    m_f = std::make_unique<RegistryFixture>();
    QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
    QVERIFY(m_out.isValid());
}

void EntryFlowTest::cleanup() {
    m_f.reset();
    registry::Language::install(QStringLiteral("en"));
}

EntryFlowTest::Window EntryFlowTest::openWindow(const Session& session) {
    return openMainWindow(*m_f->reg, session);
}

void EntryFlowTest::selectRow(const Window& w, qint64 applicationId) {
    w.queue()->refresh();
    w.queue()->selectApplication(applicationId);
    QVERIFY(w.queue()->selectedRecord());
    QCOMPARE(w.queue()->selectedRecord()->id, applicationId);
}

gui::NewApplicationDialog* EntryFlowTest::startIndividual(const Window& w) {
    QAction* action = w.entry()->newApplicationAction();
    if (!action->isEnabled())
        return nullptr;
    action->trigger();
    // The newest one (a closed dialog is deleted later, from the event loop).
    const auto dialogs = w.window->findChildren<gui::NewApplicationDialog*>();
    gui::NewApplicationDialog* dialog = dialogs.isEmpty() ? nullptr : dialogs.last();
    if (!dialog || !dialog->setCa(kNca) || !dialog->setForm(kIssueInd))
        return nullptr;
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    return dialog->step() == gui::NewApplicationDialog::FormStep ? dialog : nullptr;
}

void EntryFlowTest::fillIndividual(gui::FormPage* page, const QString& iin, const QString& surname,
                                   const QString& name) {
    QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("iin")), iin);
    typeText(child<QLineEdit>(page, QStringLiteral("surname")), surname);
    typeText(child<QLineEdit>(page, QStringLiteral("name")), name);
    typeText(child<QLineEdit>(page, QStringLiteral("region")), QStringLiteral("Алматы облысы"));
    typeText(child<QLineEdit>(page, QStringLiteral("city")), QStringLiteral("Қонаев"));
    QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("email")), QStringLiteral("holder@example.kz"));
    QTest::keyClicks(child<QLineEdit>(page, QStringLiteral("phone")), QStringLiteral("+7 701 234 56 78"));
    child<QCheckBox>(page, QStringLiteral("usage:sign"))->click();
}

qint64 EntryFlowTest::registerThroughDialog(const Window& w, const QString& iin, const QString& surname,
                                            const QString& name) {
    gui::NewApplicationDialog* dialog = startIndividual(w);
    if (!dialog)
        return 0;
    fillIndividual(dialog->formPage(), iin, surname, name);
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
    child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
    const qint64 id = dialog->savedId();
    dialog->close();
    return id;
}

QString EntryFlowTest::writeCsr() {
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    if (!key)
        return {};
    auto csr = pki::Csr::create(
        key->get(), pki::SubjectName::person(QStringLiteral("Қасымова"), QStringLiteral("Әлия"), {}, kIinThird));
    if (!csr)
        return {};
    const QString path = m_out.filePath(QStringLiteral("holder.csr"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(*csr) != csr->size())
        return {};
    return path;
}

void EntryFlowTest::everyFormBuildsAPageWithOneEditorPerField() {
    for (const forms::FormDef& form : forms::FormCatalog::all()) {
        gui::FormPage page(*m_f->reg, m_f->operatorA, form);
        const auto check = [&form](QWidget* set, const QList<forms::FieldDef>& defs) {
            // Exactly one editor per field, in the definition's order, each with the editor its type needs.
            QStringList ids;
            for (QObject* o : set->children())
                if (auto* e = qobject_cast<FieldEditor*>(o))
                    ids << e->property(FieldEditor::kFieldProperty).toString();
            QStringList expected;
            for (const forms::FieldDef& f : defs)
                expected << f.id;
            if (ids != expected)
                return QStringLiteral("%1: editors %2, fields %3").arg(form.code, ids.join(u','), expected.join(u','));
            for (const forms::FieldDef& f : defs) {
                QWidget* input = nullptr;
                for (QObject* o : set->children())
                    if (auto* e = qobject_cast<FieldEditor*>(o); e && e->id() == f.id)
                        input = e->input();
                bool right = false;
                switch (f.type) {
                case forms::FieldType::Date:
                    right = qobject_cast<gui::DateLineEdit*>(input);
                    break;
                case forms::FieldType::Choice:
                    right = qobject_cast<QComboBox*>(input);
                    break;
                case forms::FieldType::MultiChoice:
                    right = input->findChildren<QCheckBox*>().size() == f.choices.size();
                    break;
                case forms::FieldType::LongText:
                    right = qobject_cast<QPlainTextEdit*>(input);
                    break;
                default:
                    right = qobject_cast<QLineEdit*>(input);
                }
                if (!right || input->objectName() != f.id)
                    return QStringLiteral("%1: field %2 has the wrong editor").arg(form.code, f.id);
            }
            return QString();
        };
        QString problem = check(page.fields(), form.fields);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(page.persons() != nullptr, form.hasPersons());
        if (page.persons()) {
            problem = check(page.persons()->detail(), form.personFields);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QCOMPARE(page.persons()->count(), 1); // a letter starts with one person
        }
        // A blank page carries only what is prefilled: defaults and today's date (no nulls).
        const QJsonObject data = page.data();
        for (const QJsonValue& v : data)
            QVERIFY(!v.isNull() && !v.isUndefined());
        for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
            if (it.key() == u"persons")
                continue;
            const forms::FieldDef* f = form.field(it.key());
            QVERIFY2(f, qPrintable(it.key()));
            QVERIFY2(it.key() == u"application_date" || it.value().toString() == f->defaultValue,
                     qPrintable(form.code + u' ' + it.key()));
        }
    }
}

void EntryFlowTest::pageLabelsFollowTheLanguage() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueLegal);
    gui::FormPage page(*m_f->reg, m_f->operatorA, *form);
    page.show();
    FieldEditor* shortName = page.editor(QStringLiteral("short_name"));
    QCOMPARE(shortName->label()->text(), form->field(QStringLiteral("short_name"))->label.en + QStringLiteral(" *"));
    QVERIFY(registry::Language::install(QStringLiteral("kk")));
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(&page, &change);
    QCOMPARE(shortName->label()->text(), form->field(QStringLiteral("short_name"))->label.kk + QStringLiteral(" *"));
    QVERIFY(child<QLabel>(&page, QStringLiteral("formTitle"))->text().startsWith(form->title.kk));
    auto* role = child<QComboBox>(&page, QStringLiteral("role"));
    QVERIFY(role->findText(form->field(QStringLiteral("role"))->choices.first().label.kk) >= 0);
    QVERIFY(registry::Language::install(QStringLiteral("ru")));
    QCoreApplication::sendEvent(&page, &change);
    QCOMPARE(shortName->label()->text(), form->field(QStringLiteral("short_name"))->label.ru + QStringLiteral(" *"));
    QVERIFY(role->findText(form->field(QStringLiteral("role"))->choices.first().label.ru) >= 0);
}

void EntryFlowTest::liveValidationShowsHintsAndErrors() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueLegal);
    gui::FormPage page(*m_f->reg, m_f->operatorA, *form);
    page.show();
    FieldEditor* iin = page.editor(QStringLiteral("iin"));
    QTest::keyClicks(iin->input(), kIinBadCheckDigit);
    QCOMPARE(iin->error(), forms::Validator::validateField(*form->field(QStringLiteral("iin")), kIinBadCheckDigit));
    QVERIFY(iin->error().contains(forms::Identifiers::describe(forms::IdCheck::BadCheckDigit, false)));
    QVERIFY(child<QLabel>(iin, QStringLiteral("error"))->isVisible());
    // Corrected: the error goes, the birth date derived from the IIN is shown as a hint.
    child<QLineEdit>(&page, QStringLiteral("iin"))->clear();
    QTest::keyClicks(iin->input(), kIinThird);
    QVERIFY(iin->error().isEmpty());
    QVERIFY(!child<QLabel>(iin, QStringLiteral("error"))->isVisible());
    QVERIFY2(iin->hintText().contains(QStringLiteral("11.03.2005")), qPrintable(iin->hintText()));

    FieldEditor* bin = page.editor(QStringLiteral("bin"));
    QTest::keyClicks(bin->input(), kBinSecond);
    QVERIFY(bin->error().isEmpty());
    QVERIFY2(bin->hintText().contains(QStringLiteral("07.2012")), qPrintable(bin->hintText()));

    // Short name: 64 characters at most (Kazakh letters count as one each).
    FieldEditor* shortName = page.editor(QStringLiteral("short_name"));
    typeText(shortName->input(), QString(64, QChar(0x04D9)));
    QVERIFY2(shortName->error().isEmpty(), qPrintable(shortName->error()));
    QVERIFY(shortName->hintText().contains(QStringLiteral("64 of at most 64")));
    typeText(shortName->input(), QStringLiteral("ә"));
    QVERIFY(shortName->error().contains(QStringLiteral("65")));

    FieldEditor* email = page.editor(QStringLiteral("email"));
    QTest::keyClicks(email->input(), QStringLiteral("info@zharyq"));
    QVERIFY(!email->error().isEmpty());
    QTest::keyClicks(email->input(), QStringLiteral(".kz"));
    QVERIFY(email->error().isEmpty());
    FieldEditor* phone = page.editor(QStringLiteral("phone"));
    QTest::keyClicks(phone->input(), QStringLiteral("+7 701 234"));
    QVERIFY(!phone->error().isEmpty());
    QTest::keyClicks(phone->input(), QStringLiteral(" 56 78"));
    QVERIFY(phone->error().isEmpty());
    QVERIFY(page.fieldErrors().contains(shortName->error()));
}

void EntryFlowTest::knownIinAndBinAreOffered() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueLegal);
    gui::FormPage page(*m_f->reg, m_f->operatorA, *form);
    page.show();
    FieldEditor* bin = page.editor(QStringLiteral("bin"));
    QTest::keyClicks(bin->input(), kBin);
    QVERIFY2(bin->offerText().contains(QStringLiteral("«Жарық» жауапкершілігі шектеулі серіктестігі")),
             qPrintable(bin->offerText()));
    QTest::mouseClick(bin->offerButton(), Qt::LeftButton);
    QCOMPARE(page.editor(QStringLiteral("short_name"))->value().toString(), QStringLiteral("Жарық ЖШС"));
    QCOMPARE(page.editor(QStringLiteral("city"))->value().toString(), QStringLiteral("Көкшетау"));
    QVERIFY(bin->offerText().isEmpty());

    FieldEditor* iin = page.editor(QStringLiteral("iin"));
    QTest::keyClicks(iin->input(), kIinSecond);
    QVERIFY2(iin->offerText().contains(QStringLiteral("Нұрланов Ерлан")), qPrintable(iin->offerText()));
    QTest::mouseClick(iin->offerButton(), Qt::LeftButton);
    QCOMPARE(page.editor(QStringLiteral("surname"))->value().toString(), QStringLiteral("Нұрланов"));
    QCOMPARE(page.editor(QStringLiteral("email"))->value().toString(), QStringLiteral("info@zharyq.kz"));

    // An unknown (valid) IIN offers nothing; neither does a malformed one. Nothing was written.
    child<QLineEdit>(&page, QStringLiteral("iin"))->clear();
    QTest::keyClicks(iin->input(), kIinFourth);
    QVERIFY(iin->offerText().isEmpty());
    QCOMPARE(m_f->count(QStringLiteral("persons")), qint64(1));
}

void EntryFlowTest::latinIInAKazakhNameIsOfferedAsKazakhI() {
    const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
    gui::FormPage page(*m_f->reg, m_f->operatorA, *form);
    page.show();
    FieldEditor* name = page.editor(QStringLiteral("name"));
    typeText(name->input(), QStringLiteral("Інкар"));
    QVERIFY(name->offerText().isEmpty()); // typed right
    child<QLineEdit>(&page, QStringLiteral("name"))->clear();
    typeText(name->input(), QStringLiteral("Iнкар")); // Latin I
    QVERIFY2(name->offerText().contains(QStringLiteral("Інкар")), qPrintable(name->offerText()));
    QTest::mouseClick(name->offerButton(), Qt::LeftButton);
    QCOMPARE(name->value().toString(), QStringLiteral("Інкар"));
    QCOMPARE(name->value().toString().at(0), QChar(0x0406));
    QVERIFY(name->offerText().isEmpty());
    // A Latin name stays Latin: no offer.
    FieldEditor* surname = page.editor(QStringLiteral("surname"));
    QTest::keyClicks(surname->input(), QStringLiteral("Ibrahim"));
    QVERIFY(surname->offerText().isEmpty());
    // A field that is not a name (the city) gets no offer either.
    FieldEditor* city = page.editor(QStringLiteral("city"));
    typeText(city->input(), QStringLiteral("Iле"));
    QVERIFY(city->offerText().isEmpty());
}

void EntryFlowTest::governmentLetterRowsAreAddedAndRemoved() {
    const forms::FormDef* form = forms::FormCatalog::find(kGovIssue);
    gui::FormPage page(*m_f->reg, m_f->operatorA, *form);
    page.show();
    gui::PersonsEditor* persons = page.persons();
    QVERIFY(persons);
    QCOMPARE(persons->count(), 1);
    gui::FieldSet* detail = persons->detail();
    typeText(detail->editor(QStringLiteral("surname"))->input(), QStringLiteral("Әбішев"));
    QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("addPersonButton")), Qt::LeftButton);
    QCOMPARE(persons->count(), 2);
    QCOMPARE(persons->currentRow(), 1);
    QVERIFY(detail->editor(QStringLiteral("surname"))->value().isUndefined()); // the new row is blank
    typeText(detail->editor(QStringLiteral("surname"))->input(), QStringLiteral("Сейітова"));
    QTest::keyClicks(detail->editor(QStringLiteral("iin"))->input(), kIinThird);
    QCOMPARE(persons->table()->item(1, 1)->text(), QStringLiteral("Сейітова"));
    QCOMPARE(persons->table()->item(0, 1)->text(), QStringLiteral("Әбішев"));
    // Each row keeps its own fields.
    persons->setCurrentRow(0);
    QCOMPARE(detail->editor(QStringLiteral("surname"))->value().toString(), QStringLiteral("Әбішев"));
    QJsonArray rows = page.data().value(QStringLiteral("persons")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("iin")).toString(), kIinThird);
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("application_date")).toString(),
             m_f->clock.today().toString(Qt::ISODate));
    // Removing the first person renumbers the rest.
    QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("removePersonButton")), Qt::LeftButton);
    QCOMPARE(persons->count(), 1);
    QCOMPARE(persons->table()->item(0, 0)->text(), QStringLiteral("1"));
    QCOMPARE(persons->table()->item(0, 1)->text(), QStringLiteral("Сейітова"));
    rows = page.data().value(QStringLiteral("persons")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("surname")).toString(), QStringLiteral("Сейітова"));
}

void EntryFlowTest::badIinKeepsSaveDisabledAndWritesNothing() {
    Window w = openWindow(m_f->operatorA);
    const qint64 before = m_f->count(QStringLiteral("applications"));
    gui::NewApplicationDialog* dialog = startIndividual(w);
    QVERIFY(dialog);
    fillIndividual(dialog->formPage(), kIinBadCheckDigit, QStringLiteral("Қасымова"), QStringLiteral("Әлия"));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
    child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
    auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
    QVERIFY(!save->isEnabled());
    const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
    const QString expected = forms::Validator::validateField(*form->field(QStringLiteral("iin")), kIinBadCheckDigit);
    QVERIFY(!expected.isEmpty());
    QVERIFY2(child<QLabel>(dialog, QStringLiteral("missingLabel"))->text().contains(expected),
             qPrintable(child<QLabel>(dialog, QStringLiteral("missingLabel"))->text()));
    QVERIFY(save->toolTip().contains(expected));
    QTest::mouseClick(save, Qt::LeftButton);
    dialog->save(); // nor does a direct call get past the check
    QCOMPARE(dialog->savedId(), qint64(0));
    QCOMPARE(dialog->step(), gui::NewApplicationDialog::ChecklistStep);
    QCOMPARE(m_f->count(QStringLiteral("applications")), before);
    QCOMPARE(m_f->count(QStringLiteral("persons")), qint64(1));
}

void EntryFlowTest::missingConsentKeepsSaveDisabledAndWritesNothing() {
    Window w = openWindow(m_f->operatorA);
    const qint64 before = m_f->count(QStringLiteral("applications"));
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    gui::NewApplicationDialog* dialog = startIndividual(w);
    QVERIFY(dialog);
    fillIndividual(dialog->formPage(), kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет"));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
    auto* missing = child<QLabel>(dialog, QStringLiteral("missingLabel"));
    // Nothing checked: both the attachment and the consent are listed.
    QVERIFY(!save->isEnabled());
    forms::Submission noConsent;
    noConsent.data = dialog->formPage()->data();
    const forms::ValidationResult r = forms::Validator::validate(*forms::FormCatalog::find(kIssueInd), noConsent);
    QCOMPARE(r.errors.size(), 2);
    for (const forms::FieldError& e : r.errors)
        QVERIFY2(missing->text().contains(e.message), qPrintable(missing->text()));
    child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
    QVERIFY(!save->isEnabled());
    QCOMPARE(dialog->missing().size(), 1);
    QVERIFY(dialog->missing().first().contains(QStringLiteral("consent")));
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(m_f->count(QStringLiteral("applications")), before);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    // With the consent recorded it saves.
    child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
    QVERIFY(save->isEnabled());
    QVERIFY(dialog->missing().isEmpty());
}

void EntryFlowTest::identificationAndMissingDocumentsThroughDialog() {
    // Seed 001 §6: how the holder was identified is chosen on the checklist and recorded; an application
    // without its documents is registered as received (to be refused for it) only when marked so.
    Window w = openWindow(m_f->operatorA);
    gui::NewApplicationDialog* dialog = startIndividual(w);
    QVERIFY(dialog);
    fillIndividual(dialog->formPage(), QStringLiteral("850312400227"), QStringLiteral("Омарова"),
                   QStringLiteral("Гүлнар"));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
    auto* how = child<QComboBox>(dialog, QStringLiteral("identificationCombo"));
    QVERIFY(how);
    QVERIFY(how->isVisibleTo(dialog));
    how->setCurrentIndex(how->findData(QStringLiteral("centre_biometric")));
    child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
    auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
    QVERIFY(!save->isEnabled()); // the identity document copy is not ticked
    child<QCheckBox>(dialog, QStringLiteral("documentsMissingCheck"))->click();
    QVERIFY2(save->isEnabled(), qPrintable(dialog->missing().join(u'\n')));
    QTest::mouseClick(save, Qt::LeftButton);
    const qint64 id = dialog->savedId();
    QVERIFY(id > 0);
    dialog->close();
    auto rec = m_f->reg->applications().get(m_f->operatorA, id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->identification, QStringLiteral("centre_biometric"));
    QCOMPARE(rec->missingDocuments, QStringList{QStringLiteral("identity_document_copy")});
    TIRKEU_VERIFY_ERROR(m_f->reg->applications().approve(m_f->officerA, id), ErrorCode::Conflict);
    TIRKEU_VERIFY_OK(m_f->reg->applications().reject(m_f->officerA, id, QStringLiteral("NCA-DOCS-MISSING")));
}

void EntryFlowTest::registerApproveAndIssueFromCsr() {
    // The operator registers the application at the counter.
    qint64 id = 0;
    {
        Window w = openWindow(m_f->operatorA);
        QVERIFY(!w.entry()->issueAction()->isEnabled()); // operators do not issue
        QVERIFY(w.entry()->issueAction()->toolTip().contains(
            registry::Roles::permissionName(registry::Permission::IssueCertificate)));
        gui::NewApplicationDialog* dialog = startIndividual(w);
        QVERIFY(dialog);
        fillIndividual(dialog->formPage(), kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
        child<QCheckBox>(dialog, QStringLiteral("attachment:identity_document_copy"))->click();
        child<QCheckBox>(dialog, QStringLiteral("consentCheck"))->click();
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
        id = dialog->savedId();
        QVERIFY(id > 0);
        QCOMPARE(dialog->step(), gui::NewApplicationDialog::DoneStep);
        QVERIFY(dialog->result().contains(QString::number(id)));
        QVERIFY2(dialog->result().contains(QStringLiteral("02.03.2026 11:00:00")), qPrintable(dialog->result()));
        // It is in the queue, selected.
        QVERIFY(w.queue()->model()->rowOf(id) >= 0);
        QCOMPARE(w.queue()->selectedRecord()->id, id);
    }
    auto rec = m_f->reg->applications().get(m_f->officerA, id);
    TIRKEU_VERIFY_OK(rec);
    QCOMPARE(rec->status, ApplicationStatus::Registered);
    QCOMPARE(rec->registeredBy, QStringLiteral("operator"));
    QCOMPARE(rec->data.value(QStringLiteral("surname")).toString(), QStringLiteral("Әбішев"));
    QCOMPARE(rec->data.value(QStringLiteral("phone")).toString(), QStringLiteral("+77012345678"));
    QCOMPARE(rec->data.value(QStringLiteral("validity")).toString(), QStringLiteral("1y"));
    QVERIFY(rec->consent);
    QCOMPARE(rec->attachments, QStringList{QStringLiteral("identity_document_copy")});

    // Another officer approves it in the queue.
    {
        Window w = openWindow(m_f->officerA);
        selectRow(w, id);
        QTest::mouseClick(child<QPushButton>(w.window.get(), QStringLiteral("approveButton")), Qt::LeftButton);
        QVERIFY2(w.prompter->errors.isEmpty(), qPrintable(w.prompter->errors.join(u'\n')));
    }
    rec = m_f->reg->applications().get(m_f->officerA, id);
    QCOMPARE(rec->status, ApplicationStatus::Approved);

    // An officer issues it from the holder's CSR file.
    Window w = openWindow(m_f->officerB);
    selectRow(w, id);
    QVERIFY(w.entry()->issueAction()->isEnabled());
    const QString csr = writeCsr();
    QVERIFY(!csr.isEmpty());
    w.prompter->openAnswer = csr;
    w.prompter->passwordAnswer = kCaPassphrase;
    w.prompter->saveAnswers = {m_out.filePath(QStringLiteral("issued.pem"))};
    w.entry()->issueAction()->trigger();
    auto* dialog = w.window->findChildren<gui::IssuanceDialog*>().last();
    QVERIFY(dialog);
    auto* issue = child<QPushButton>(dialog, QStringLiteral("issueButton"));
    QVERIFY(!issue->isEnabled()); // no request chosen yet
    // The application names a file as its key media: a key generated here is preselected; the officer
    // chooses the holder's request instead.
    QCOMPARE(dialog->mode(), gui::IssuanceDialog::GeneratedKey);
    child<QRadioButton>(dialog, QStringLiteral("fromCsrRadio"))->click();
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("chooseCsrButton")), Qt::LeftButton);
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(dialog, QStringLiteral("csrPath"))->text()), csr);
    QVERIFY(issue->isEnabled());
    QTest::mouseClick(issue, Qt::LeftButton);
    QVERIFY(dialog->runner());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 60000);
    QVERIFY2(dialog->message().isEmpty(), qPrintable(dialog->message()));
    QCOMPARE(w.prompter->passwordAsked, 1);
    QCOMPARE(dialog->issuedSerials().size(), 1);
    const QString serial = dialog->issuedSerials().first();

    // The register: the certificate, the application done; the file saved is that certificate.
    auto cert = registry::CaEngine(*m_f->reg).certificate(m_f->officerB, kNca, serial);
    TIRKEU_VERIFY_OK(cert);
    QCOMPARE(cert->applicationId, id);
    QCOMPARE(cert->issuedBy, QStringLiteral("officer.b"));
    QVERIFY2(cert->subject.contains(QStringLiteral("ӘБІШЕВ")), qPrintable(cert->subject));
    rec = m_f->reg->applications().get(m_f->officerA, id);
    QCOMPARE(rec->status, ApplicationStatus::Done);
    const QByteArray saved = readFile(m_out.filePath(QStringLiteral("issued.pem")));
    QVERIFY(saved.startsWith("-----BEGIN CERTIFICATE-----"));
    auto parsed = pki::Certificate::parse(saved);
    TIRKEU_VERIFY_OK(parsed);
    QCOMPARE(parsed->der(), cert->der);
    QVERIFY(dialog->result().contains(serial));
    // The queue shows it done; the action is off for it now.
    // Done, it leaves the queue ("open only" is on by default); the action is off without a selection.
    QCOMPARE(w.queue()->model()->rowOf(id), -1);
    QVERIFY(!w.entry()->issueAction()->isEnabled());
    // Saved again as DER.
    child<QComboBox>(dialog, QStringLiteral("formatCombo"))->setCurrentIndex(1);
    w.prompter->saveAnswers = {m_out.filePath(QStringLiteral("issued.cer"))};
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveCertificateButton")), Qt::LeftButton);
    QCOMPARE(readFile(m_out.filePath(QStringLiteral("issued.cer"))), cert->der);
}

void EntryFlowTest::ownApprovalIsRefusedWithTheRegistryMessage() {
    Window w = openWindow(m_f->officerA);
    const qint64 id = registerThroughDialog(w, kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет"));
    QVERIFY(id > 0);
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    selectRow(w, id);
    // The registry's four-eyes rule disables Approve for one's own registration; its message says why.
    auto* approve = child<QPushButton>(w.window.get(), QStringLiteral("approveButton"));
    QVERIFY(!approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    QVERIFY(w.prompter->errors.isEmpty());
    auto direct = m_f->reg->applications().approve(m_f->officerA, id);
    TIRKEU_VERIFY_ERROR(direct, ErrorCode::Forbidden);
    QCOMPARE(approve->toolTip(), direct.message());
    auto rec = m_f->reg->applications().get(m_f->officerA, id);
    QCOMPARE(rec->status, ApplicationStatus::Registered);
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
}

void EntryFlowTest::wrongCaPassphraseIsRefusedAndWritesNothing() {
    Window op = openWindow(m_f->operatorA);
    const qint64 id = registerThroughDialog(op, kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет"));
    QVERIFY(id > 0);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, id));
    Window w = openWindow(m_f->officerB);
    selectRow(w, id);
    w.prompter->passwordAnswer = QStringLiteral("not the passphrase");
    w.prompter->saveAnswers = {m_out.filePath(QStringLiteral("never.pem"))};
    auto* dialog = w.entry()->issueSelected();
    QVERIFY(dialog);
    child<QRadioButton>(dialog, QStringLiteral("fromCsrRadio"))->click();
    child<QLineEdit>(dialog, QStringLiteral("csrPath"))->setText(writeCsr());
    const qint64 events = m_f->count(QStringLiteral("audit_events"));
    // Cancelling the passphrase question does nothing at all.
    w.prompter->passwordAnswer.reset();
    dialog->issue();
    QVERIFY(!dialog->runner());
    w.prompter->passwordAnswer = QStringLiteral("not the passphrase");
    dialog->issue();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 60000);
    QVERIFY(!dialog->message().isEmpty());
    QVERIFY(dialog->issuedSerials().isEmpty());
    QVERIFY(!QFile::exists(m_out.filePath(QStringLiteral("never.pem"))));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(0));
    QCOMPARE(m_f->count(QStringLiteral("audit_events")), events);
    auto rec = m_f->reg->applications().get(m_f->officerA, id);
    QCOMPARE(rec->status, ApplicationStatus::Approved);
    // A file that is not a CSR: the registry's refusal, nothing written.
    const QString junk = m_out.filePath(QStringLiteral("junk.csr"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a certificate request");
    f.close();
    child<QLineEdit>(dialog, QStringLiteral("csrPath"))->setText(junk);
    w.prompter->passwordAnswer = kCaPassphrase;
    dialog->issue();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 60000);
    QVERIFY2(dialog->message().contains(QStringLiteral("request")), qPrintable(dialog->message()));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(0));
    // A device (/dev/zero: endless) is no request file: refused at once, not read.
    child<QLineEdit>(dialog, QStringLiteral("csrPath"))->setText(QStringLiteral("/dev/zero"));
    dialog->issue();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 60000);
    QVERIFY2(dialog->message().contains(QStringLiteral("/dev/zero")) && dialog->message().contains(u"regular file"),
             qPrintable(dialog->message()));
    QCOMPARE(m_f->count(QStringLiteral("certificates")), qint64(0));
}

void EntryFlowTest::detailsShowDataHistoryAndDeadline() {
    auto cert = m_f->insertCertificate(m_f->ncaId, QStringLiteral("4F2A9C01"), kIinSecond, m_f->clock.now());
    TIRKEU_VERIFY_OK(cert);
    forms::Submission s =
        ncaRevokeIndividual(QStringLiteral("4F2A9C01"), m_f->issuedOn(QStringLiteral("4F2A9C01")), kIinSecond);
    s.data.insert(QStringLiteral("surname"), QStringLiteral("Нұрланов"));
    s.data.insert(QStringLiteral("name"), QStringLiteral("Ерлан"));
    auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kRevokeInd, s);
    TIRKEU_VERIFY_OK(id);
    TIRKEU_VERIFY_OK(m_f->reg->applications().reject(m_f->officerA, *id, QStringLiteral("NCA-FORM-INCORRECT"),
                                                     QStringLiteral("Қолы жоқ")));
    Window w = openWindow(m_f->officerA);
    child<QCheckBox>(w.window.get(), QStringLiteral("openOnly"))->setChecked(false);
    selectRow(w, *id);
    auto* dialog = w.entry()->showDetails();
    QVERIFY(dialog);
    auto rec = m_f->reg->applications().get(m_f->officerA, *id);
    QCOMPARE(dialog->fact(QStringLiteral("status")), registry::Applications::statusName(ApplicationStatus::Rejected));
    QVERIFY(dialog->fact(QStringLiteral("deadline")).startsWith(registry::displayDate(rec->deadline)));
    // The ground of refusal (code and label) and the added note.
    QCOMPARE(dialog->fact(QStringLiteral("reason")), registry::Applications::refusalText(*rec));
    QVERIFY(dialog->fact(QStringLiteral("reason")).startsWith(u"NCA-FORM-INCORRECT"));
    QVERIFY(dialog->fact(QStringLiteral("reason")).endsWith(u"Қолы жоқ"));
    QCOMPARE(dialog->historyView()->rowCount(), 2); // registered, rejected
    QCOMPARE(dialog->historyView()->item(1, 3)->text(), QStringLiteral("NCA-FORM-INCORRECT: Қолы жоқ"));
    // The data are labelled as on the form, choices by their label.
    const forms::FormDef* form = forms::FormCatalog::find(kRevokeInd);
    const auto items = dialog->dataView()->findItems(form->field(QStringLiteral("reason"))->label.en, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first()->text(1), form->field(QStringLiteral("reason"))->choices.first().label.en);
    dialog->close();
}

void EntryFlowTest::qtStandardButtonsAreTranslated() {
    QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Save |
                         QDialogButtonBox::Close);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
    QVERIFY(registry::Language::install(QStringLiteral("kk")));
    QDialogButtonBox kk(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Save |
                        QDialogButtonBox::Close);
    QCOMPARE(kk.button(QDialogButtonBox::Ok)->text(), QStringLiteral("Жарайды"));
    QCOMPARE(kk.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Бас тарту"));
    QCOMPARE(kk.button(QDialogButtonBox::Save)->text(), QStringLiteral("Сақтау"));
    QCOMPARE(kk.button(QDialogButtonBox::Close)->text(), QStringLiteral("Жабу"));
    QVERIFY(registry::Language::install(QStringLiteral("ru")));
    QDialogButtonBox ru(QDialogButtonBox::Cancel | QDialogButtonBox::Save);
    QCOMPARE(ru.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Отмена"));
    QCOMPARE(ru.button(QDialogButtonBox::Save)->text(), QStringLiteral("Сохранить"));
}

void EntryFlowTest::screenshotsInKazakhAndRussian() {
    // Whatever the catalogues hold by now, the pages build, switch language and keep Kazakh labels.
    Window op = openWindow(m_f->operatorA);
    const qint64 id = registerThroughDialog(op, kIinThird, QStringLiteral("Әбішев"), QStringLiteral("Дәулет"));
    QVERIFY(id > 0);
    TIRKEU_VERIFY_OK(m_f->reg->applications().approve(m_f->officerA, id));
    for (const QString& lang : {QStringLiteral("kk"), QStringLiteral("ru")}) {
        QVERIFY(registry::Language::install(lang));
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        gui::NewApplicationDialog* dialog = startIndividual(op);
        QVERIFY(dialog);
        fillIndividual(dialog->formPage(), kIinFourth, QStringLiteral("Сейітова"), QStringLiteral("Iнкар"));
        const forms::FormDef* form = forms::FormCatalog::find(kIssueInd);
        QCOMPARE(dialog->formPage()->editor(QStringLiteral("surname"))->label()->text(),
                 form->field(QStringLiteral("surname"))->label.in(lang) + QStringLiteral(" *"));
        dialog->resize(900, 900);
        snapshot(dialog, QStringLiteral("form-page-") + lang);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("nextButton")), Qt::LeftButton);
        snapshot(dialog, QStringLiteral("form-checklist-") + lang);
        dialog->close();

        gui::FormPage gov(*m_f->reg, m_f->operatorA, *forms::FormCatalog::find(kGovIssue));
        QScrollArea scroll;
        scroll.setWidget(&gov);
        scroll.setWidgetResizable(true);
        scroll.resize(900, 1000);
        scroll.show();
        typeText(gov.persons()->detail()->editor(QStringLiteral("surname"))->input(), QStringLiteral("Әбішев"));
        snapshot(&scroll, QStringLiteral("form-gov-letter-") + lang);
        scroll.takeWidget();

        Window w = openWindow(m_f->officerB);
        selectRow(w, id);
        auto* issue = w.entry()->issueSelected();
        QVERIFY(issue);
        child<QRadioButton>(issue, QStringLiteral("fromCsrRadio"))->click();
        child<QLineEdit>(issue, QStringLiteral("csrPath"))->setText(m_out.filePath(QStringLiteral("holder.csr")));
        snapshot(issue, QStringLiteral("issuance-") + lang);
        issue->close();
    }
}

TIRKEU_TEST_MAIN(EntryFlowTest)
#include "tst_entryflow.moc"
