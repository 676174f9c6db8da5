#include "app/gui/NewApplicationDialog.h"

#include "registry/Rules.h"

#include "app/gui/DialogParts.h"
#include "app/gui/FieldSet.h"
#include "app/gui/FormPage.h"
#include "app/gui/Job.h"
#include "app/gui/JobProgressDialog.h"
#include "app/gui/Prompter.h"
#include "forms/Validation.h"
#include "forms/pdf/FormImport.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/Drafts.h"
#include "registry/Language.h"
#include "registry/Register.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <optional>

namespace tirkeu::gui {

NewApplicationDialog::NewApplicationDialog(registry::Register& reg, const registry::Session& session, QWidget* parent,
                                           Prompter* prompter)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_ownPrompter(prompter ? nullptr : std::make_unique<Prompter>())
    , m_prompter(prompter ? prompter : m_ownPrompter.get()) {
    setObjectName(QStringLiteral("newApplicationDialog"));
    auto* layout = dialogLayout(this);
    m_stepLabel = new QLabel(this);
    m_stepLabel->setObjectName(QStringLiteral("stepLabel"));
    QFont bold = m_stepLabel->font();
    bold.setBold(true);
    m_stepLabel->setFont(bold);
    m_importNote = noteLabel(this);
    m_importNote->setObjectName(QStringLiteral("importNote"));
    m_importNote->hide();
    m_pages = new QStackedWidget(this);

    // Step 1: CA and form.
    auto* choose = new QWidget(m_pages);
    auto* chooseForm = formLayout();
    m_caLabel = new QLabel(choose);
    m_caCombo = new QComboBox(choose);
    m_caCombo->setObjectName(QStringLiteral("caCombo"));
    m_caLabel->setBuddy(m_caCombo);
    m_formLabel = new QLabel(choose);
    m_formCombo = new QComboBox(choose);
    m_formCombo->setObjectName(QStringLiteral("formCombo"));
    m_formCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_formCombo->setMinimumContentsLength(40);
    m_formLabel->setBuddy(m_formCombo);
    m_formNote = noteLabel(choose);
    m_formNote->setObjectName(QStringLiteral("formNote"));
    chooseForm->addRow(m_caLabel, m_caCombo);
    chooseForm->addRow(m_formLabel, m_formCombo);
    chooseForm->addRow(m_formNote);
    auto* chooseLayout = new QVBoxLayout(choose);
    chooseLayout->addLayout(chooseForm);
    chooseLayout->addStretch(1);
    m_pages->addWidget(choose);

    // Step 2: the form itself (built when the form is chosen).
    m_scroll = new QScrollArea(m_pages);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // Wrapped Kazakh labels make the page's height depend on its width: a fixed vertical bar keeps the
    // width stable, so the page is laid out once for the width it gets (no squeezed or hidden rows).
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages->addWidget(m_scroll);

    // Step 3: consent and attachments of the chosen form.
    m_checklist = new QWidget(m_pages);
    m_checklistIntro = noteLabel(m_checklist);
    m_consent = new QCheckBox(m_checklist);
    m_consent->setObjectName(QStringLiteral("consentCheck"));
    m_identificationLabel = new QLabel(m_checklist);
    m_identification = new QComboBox(m_checklist);
    m_identification->setObjectName(QStringLiteral("identificationCombo"));
    for (const QString& id : registry::Rules::identificationMethods())
        m_identification->addItem(QString(), id); // texts in retranslateUi()
    m_identificationLabel->setBuddy(m_identification);
    m_attachmentsBox = new QGroupBox(m_checklist);
    m_attachmentsLayout = new QVBoxLayout(m_attachmentsBox);
    m_documentsMissing = new QCheckBox(m_checklist);
    m_documentsMissing->setObjectName(QStringLiteral("documentsMissingCheck"));
    m_missing = new QLabel(m_checklist);
    m_missing->setObjectName(QStringLiteral("missingLabel"));
    m_missing->setWordWrap(true);
    m_missing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* checklistLayout = new QVBoxLayout(m_checklist);
    checklistLayout->addWidget(m_checklistIntro);
    checklistLayout->addWidget(m_consent);
    checklistLayout->addWidget(m_identificationLabel);
    checklistLayout->addWidget(m_identification);
    checklistLayout->addWidget(m_attachmentsBox);
    checklistLayout->addWidget(m_documentsMissing);
    checklistLayout->addWidget(m_missing);
    checklistLayout->addStretch(1);
    m_pages->addWidget(m_checklist);
    connect(m_consent, &QCheckBox::toggled, this, &NewApplicationDialog::updateChecklist);
    connect(m_documentsMissing, &QCheckBox::toggled, this, &NewApplicationDialog::updateChecklist);
    for (QCheckBox* box : {m_consent, m_documentsMissing})
        connect(box, &QCheckBox::toggled, this, &NewApplicationDialog::scheduleDraft);
    connect(m_identification, &QComboBox::activated, this, &NewApplicationDialog::scheduleDraft);

    // Step 4: saved.
    auto* done = new QWidget(m_pages);
    m_result = new QLabel(done);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* doneLayout = new QVBoxLayout(done);
    doneLayout->addWidget(m_result);
    doneLayout->addStretch(1);
    m_pages->addWidget(done);

    m_message = messageLabel(this);
    m_draftNote = noteLabel(this);
    m_draftNote->setObjectName(QStringLiteral("draftNote"));
    m_draftNote->hide();
    m_autosave = new QTimer(this);
    m_autosave->setSingleShot(true);
    m_autosave->setInterval(1500);
    connect(m_autosave, &QTimer::timeout, this, [this] { saveDraft(); });
    m_openPdf = new QPushButton(this);
    m_openPdf->setObjectName(QStringLiteral("openPdfButton"));
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("backButton"));
    m_next = new QPushButton(this);
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_next->setDefault(true);
    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    // Enter goes to the default button (Next, then Save), never to Cancel, Back or Open PDF even when
    // one of them has the focus.
    for (QPushButton* b : {m_openPdf, m_back, m_close})
        b->setAutoDefault(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_openPdf);
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    buttons->addWidget(m_save);
    buttons->addWidget(m_close);

    layout->addWidget(m_stepLabel);
    layout->addWidget(m_importNote);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_draftNote);
    layout->addLayout(buttons);

    connect(m_openPdf, &QPushButton::clicked, this, &NewApplicationDialog::openPdf);
    connect(m_back, &QPushButton::clicked, this, &NewApplicationDialog::back);
    connect(m_next, &QPushButton::clicked, this, &NewApplicationDialog::next);
    connect(m_save, &QPushButton::clicked, this, &NewApplicationDialog::save);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_caCombo, &QComboBox::currentIndexChanged, this, &NewApplicationDialog::reloadForms);
    connect(m_formCombo, &QComboBox::currentIndexChanged, this, [this] { retranslateUi(); });

    if (auto cas = m_reg.cas().list(m_session); cas) {
        for (const registry::CaRecord& ca : *cas) {
            m_caCombo->addItem(QStringLiteral("%1 — %2").arg(ca.code, ca.name), ca.code);
            m_caCombo->setItemData(m_caCombo->count() - 1, static_cast<int>(ca.kind), Qt::UserRole + 1);
        }
    } else {
        showMessage(cas.message());
    }
    reloadForms();
    showStep(ChooseStep);
    resize(860, 720);
}

NewApplicationDialog::~NewApplicationDialog() = default;

bool NewApplicationDialog::prefill(const QString& caCode, const QString& formCode, const QJsonObject& data) {
    if (step() == DoneStep)
        return false;
    if (!setCa(caCode)) {
        showMessage(tr("The CA %1 is not offered here.").arg(caCode));
        return false;
    }
    if (!setForm(formCode)) {
        showMessage(tr("The CA %1 has no form %2.").arg(caCode, formCode));
        return false;
    }
    const forms::FormDef* form = forms::FormCatalog::find(formCode);
    if (!form)
        return false;
    // Always a fresh page: nothing typed before stays behind the pre-filled values.
    m_formPage = new FormPage(m_reg, m_session, *form);
    m_scroll->setWidget(m_formPage); // deletes the previous page
    connect(m_formPage, &FormPage::edited, this, &NewApplicationDialog::updateChecklist);
    connect(m_formPage, &FormPage::edited, this, &NewApplicationDialog::scheduleDraft);
    // What the data leave out keeps the blank page's defaults (today's application date, ...).
    QJsonObject merged = m_formPage->data();
    for (auto it = data.constBegin(); it != data.constEnd(); ++it)
        merged.insert(it.key(), it.value());
    m_formPage->setData(merged);
    m_pristine = m_formPage->data(); // the pre-filled values are not the operator's typing
    buildChecklist();                // consent and attachments are the operator's to tick
    m_message->hide();
    showStep(FormStep);
    return true;
}

void NewApplicationDialog::setReplacement(const QString& caCode, const QString& serial) {
    m_replaceCa = caCode;
    m_replaceSerial = serial;
    retranslateUi();
}

QString NewApplicationDialog::importNote() const {
    return m_importNote->isHidden() ? QString() : m_importNote->text();
}

void NewApplicationDialog::openPdf() {
    const QString path = m_prompter->openFileName(this, tr("Application form filled in by the applicant"),
                                                  tr("PDF forms (*.pdf);;All files (*)"));
    if (!path.isEmpty())
        importPdf(path);
}

bool NewApplicationDialog::importPdf(const QString& path) {
    if (step() == DoneStep)
        return false;
    m_message->hide();
    // During a re-issue only the form being re-issued may come in.
    const QString expected = m_replaceSerial.isEmpty() ? QString() : formCode();
    // A hand-made PDF may take Poppler seconds (attack of session 27, F3): it is read on a worker thread behind a
    // progress window with Cancel, the window never freezes.
    const QString lang = registry::Language::current();
    auto outcome = std::make_shared<std::optional<Result<forms::pdf::ImportedForm>>>();
    Job job(m_reg, tr("Reading the PDF form…"), Job::Cancel::BetweenSteps, [=](Job::Context& context) -> Status {
        context.progress(0, 0, tr("Reading the PDF form %1…").arg(QFileInfo(path).fileName()));
        *outcome = forms::pdf::FormImport::readFile(path, expected, lang, [&context] { return context.cancelled(); });
        return {};
    });
    JobProgressDialog::run(this, &job);
    if (job.wasCancelled()) {
        showMessage(tr("Reading the PDF was cancelled: nothing was taken from it."));
        return false;
    }
    if (!job.status() || !outcome->has_value()) {
        showMessage(job.status() ? tr("The PDF could not be read.") : job.status().message());
        return false;
    }
    const Result<forms::pdf::ImportedForm>& imported = **outcome;
    if (!imported) {
        showMessage(imported.message());
        return false;
    }
    // The CA: the chosen one when it offers the form, otherwise the first CA that does.
    QString ca;
    const auto offers = [this](int index, const QString& code) {
        const auto kind = static_cast<forms::CaKind>(m_caCombo->itemData(index, Qt::UserRole + 1).toInt());
        for (const forms::FormDef* f : forms::FormCatalog::forCaKind(kind))
            if (f->code == code)
                return true;
        return false;
    };
    if (m_caCombo->currentIndex() >= 0 && offers(m_caCombo->currentIndex(), imported->formCode))
        ca = caCode();
    for (int i = 0; ca.isEmpty() && i < m_caCombo->count(); ++i)
        if (offers(i, imported->formCode))
            ca = m_caCombo->itemData(i).toString();
    if (ca.isEmpty()) {
        showMessage(tr("No CA of this register accepts the form %1.").arg(imported->formCode));
        return false;
    }
    if (!prefill(ca, imported->formCode, imported->data))
        return false;
    m_importedFrom = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    retranslateUi();
    return true;
}

NewApplicationDialog::Step NewApplicationDialog::step() const {
    return static_cast<Step>(m_pages->currentIndex());
}

bool NewApplicationDialog::setCa(const QString& code) {
    const int i = m_caCombo->findData(code);
    if (i < 0)
        return false;
    m_caCombo->setCurrentIndex(i);
    return true;
}

bool NewApplicationDialog::setForm(const QString& formCode) {
    const int i = m_formCombo->findData(formCode);
    if (i < 0)
        return false;
    m_formCombo->setCurrentIndex(i);
    return true;
}

QString NewApplicationDialog::caCode() const {
    return m_caCombo->currentData().toString();
}

QString NewApplicationDialog::formCode() const {
    return m_formCombo->currentData().toString();
}

QString NewApplicationDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

QString NewApplicationDialog::result() const {
    return m_result->text();
}

void NewApplicationDialog::reloadForms() {
    const QString current = formCode();
    const QSignalBlocker block(m_formCombo);
    m_formCombo->clear();
    if (m_caCombo->currentIndex() >= 0) {
        const auto kind = static_cast<forms::CaKind>(m_caCombo->currentData(Qt::UserRole + 1).toInt());
        for (const forms::FormDef* f : forms::FormCatalog::forCaKind(kind))
            m_formCombo->addItem(QString(), f->code);
    }
    m_formCombo->setCurrentIndex(qMax(0, m_formCombo->findData(current)));
    retranslateUi();
}

forms::Submission NewApplicationDialog::submission() const {
    forms::Submission s;
    if (!m_formPage)
        return s;
    s.data = m_formPage->data();
    for (QCheckBox* a : m_attachments)
        if (a->isChecked())
            s.attachments << a->property("attachmentId").toString();
    s.consent = m_formPage->form().consentRequired && m_consent->isChecked();
    if (m_formPage->form().purpose == forms::FormPurpose::Issue)
        s.identification = m_identification->currentData().toString();
    s.documentsMissing = m_documentsMissing->isChecked();
    return s;
}

QStringList NewApplicationDialog::missing() const {
    if (!m_formPage)
        return {tr("Choose the CA and the form.")};
    // The same check the registry runs on submission, in the UI language. Documents marked missing are
    // not asked for: the application is registered only to be refused for them.
    forms::Submission s = submission();
    QStringList out;
    if (s.documentsMissing) {
        bool any = false;
        for (const forms::AttachmentDef& a : m_formPage->form().attachments)
            if (a.required && !s.attachments.contains(a.id)) {
                s.attachments << a.id;
                any = true;
            }
        if (!any)
            out << tr("No required document is missing: clear \"documents missing\".");
    }
    const forms::ValidationResult r = forms::Validator::validate(m_formPage->form(), s, registry::Language::current());
    for (const forms::FieldError& e : r.errors)
        out << e.message;
    return out;
}

void NewApplicationDialog::next() {
    m_message->hide();
    if (step() == ChooseStep) {
        const forms::FormDef* form = forms::FormCatalog::find(formCode());
        if (!form) {
            showMessage(tr("Choose the CA and the form."));
            return;
        }
        if (!m_formPage || m_formPage->form().code != form->code) {
            // A new page for another form; the checklist follows the form.
            m_formPage = new FormPage(m_reg, m_session, *form);
            m_pristine = m_formPage->data();
            m_scroll->setWidget(m_formPage); // deletes the previous page
            connect(m_formPage, &FormPage::edited, this, &NewApplicationDialog::updateChecklist);
            connect(m_formPage, &FormPage::edited, this, &NewApplicationDialog::scheduleDraft);
            buildChecklist();
        }
        showStep(FormStep);
    } else if (step() == FormStep) {
        showStep(ChecklistStep);
    }
    saveDraft();
}

void NewApplicationDialog::back() {
    m_message->hide();
    if (step() == FormStep)
        showStep(ChooseStep);
    else if (step() == ChecklistStep)
        showStep(FormStep);
    saveDraft();
}

void NewApplicationDialog::buildChecklist() {
    qDeleteAll(m_attachments);
    m_attachments.clear();
    for (const forms::AttachmentDef& a : m_formPage->form().attachments) {
        auto* check = new QCheckBox(m_attachmentsBox);
        check->setObjectName(QStringLiteral("attachment:") + a.id);
        check->setProperty("attachmentId", a.id);
        m_attachmentsLayout->addWidget(check);
        m_attachments << check;
        connect(check, &QCheckBox::toggled, this, &NewApplicationDialog::updateChecklist);
    }
    m_consent->setChecked(false);
    m_consent->setVisible(m_formPage->form().consentRequired);
    const bool issue = m_formPage->form().purpose == forms::FormPurpose::Issue;
    m_identification->setCurrentIndex(0);
    m_identification->setVisible(issue);
    m_identificationLabel->setVisible(issue);
    m_documentsMissing->setChecked(false);
    m_attachmentsBox->setVisible(!m_attachments.isEmpty());
    retranslateUi();
}

void NewApplicationDialog::showStep(Step s) {
    m_pages->setCurrentIndex(s);
    m_back->setVisible(s == FormStep || s == ChecklistStep);
    m_next->setVisible(s == ChooseStep || s == FormStep);
    m_save->setVisible(s == ChecklistStep);
    m_caCombo->setEnabled(s == ChooseStep && m_replaceSerial.isEmpty());
    m_openPdf->setVisible(s == ChooseStep || s == FormStep);
    m_formCombo->setEnabled(s == ChooseStep);
    m_next->setDefault(s == ChooseStep || s == FormStep);
    m_save->setDefault(s == ChecklistStep);
    retranslateUi();
    focusFirstField();
}

void NewApplicationDialog::focusFirstField() {
    QWidget* target = nullptr;
    switch (step()) {
    case ChooseStep:
        target = m_caCombo->isEnabled() ? static_cast<QWidget*>(m_caCombo) : m_formCombo;
        break;
    case FormStep:
        // The first field of the form, in the form's order (FieldSet holds the editors in it).
        if (m_formPage)
            for (QObject* o : m_formPage->fields()->children())
                if (auto* e = qobject_cast<FieldEditor*>(o); e && e->input()->isEnabled()) {
                    target = e->input();
                    break;
                }
        break;
    case ChecklistStep:
        target = !m_consent->isHidden()          ? static_cast<QWidget*>(m_consent)
                 : !m_identification->isHidden() ? static_cast<QWidget*>(m_identification)
                                                 : m_save;
        break;
    case DoneStep:
        target = m_close;
        break;
    }
    if (target)
        target->setFocus(Qt::OtherFocusReason);
}

bool NewApplicationDialog::hasTypedData() const {
    return m_formPage && step() != DoneStep && m_formPage->data() != m_pristine;
}

void NewApplicationDialog::reject() {
    if (hasTypedData()) {
        const int answer = m_prompter->askAction(
            this, tr("New application"),
            tr("The application is not registered yet. Keep what was typed as a draft (My drafts, kept %n day(s)), "
               "or discard it?",
               nullptr, registry::Drafts::kKeepDays),
            {tr("Keep as draft"), tr("Discard"), tr("Continue typing")});
        if (answer == 0) {
            if (!saveDraft()) {
                m_prompter->showError(this, tr("New application"), draftNote());
                return; // nothing closed: what was typed is still on screen
            }
        } else if (answer == 1) {
            m_autosave->stop();
            if (m_draftId > 0) {
                // Gone already (deleted, expired) or registered from another window: nothing left to discard.
                if (Status s = registry::Drafts(m_reg).remove(m_session, m_draftId);
                    !s && s.code() != ErrorCode::NotFound && s.code() != ErrorCode::Conflict) {
                    m_prompter->showError(this, tr("New application"), s.message());
                    return;
                }
                m_draftId = 0;
            }
        } else {
            return; // back to the form, nothing lost
        }
    }
    m_autosave->stop();
    QDialog::reject();
}

void NewApplicationDialog::scheduleDraft() {
    if (m_formPage && step() != DoneStep)
        m_autosave->start();
}

registry::Draft NewApplicationDialog::currentDraft() const {
    registry::Draft d;
    d.id = m_draftId;
    d.caCode = m_replaceSerial.isEmpty() ? caCode() : m_replaceCa;
    d.formCode = formCode();
    d.replacesSerial = m_replaceSerial;
    d.submission = submission();
    return d;
}

bool NewApplicationDialog::saveDraft() {
    m_autosave->stop();
    if (!m_formPage || step() == DoneStep)
        return true;
    if (m_draftId == 0 && !hasTypedData())
        return true; // nothing typed: nothing to keep
    registry::Draft d = currentDraft();
    auto id = registry::Drafts(m_reg).save(m_session, d);
    if (!id && id.code() == ErrorCode::NotFound && m_draftId > 0) {
        // Deleted meanwhile (from the drafts list, or expired): kept as a new draft.
        d.id = 0;
        id = registry::Drafts(m_reg).save(m_session, d);
    }
    if (!id) {
        showDraftNote(tr("The draft could not be kept: %1").arg(id.message()), true);
        return false;
    }
    m_draftId = *id;
    m_draftKept = d.submission.data;
    showDraftNote(tr("Draft kept at %1; it is in My drafts until the application is registered.")
                      .arg(QLocale().toString(m_reg.clock().now().toTimeZone(registry::Clock::zone()).time(),
                                              QStringLiteral("HH:mm:ss"))),
                  false);
    return true;
}

bool NewApplicationDialog::openDraft(qint64 id) {
    auto d = registry::Drafts(m_reg).get(m_session, id);
    if (!d) {
        showMessage(d.message());
        return false;
    }
    if (!d->replacesSerial.isEmpty())
        setReplacement(d->caCode, d->replacesSerial);
    if (!prefill(d->caCode, d->formCode, d->submission.data))
        return false;
    for (QCheckBox* a : m_attachments)
        a->setChecked(d->submission.attachments.contains(a->property("attachmentId").toString()));
    m_consent->setChecked(d->submission.consent);
    if (const int i = m_identification->findData(d->submission.identification); i >= 0)
        m_identification->setCurrentIndex(i);
    m_documentsMissing->setChecked(d->submission.documentsMissing);
    m_autosave->stop(); // restoring the checklist is not typing
    m_draftId = d->id;
    m_draftKept = m_formPage->data();
    showDraftNote(
        tr("Draft of %1, last changed %2.")
            .arg(registry::displayDateTime(d->createdAt, true), registry::displayDateTime(d->updatedAt, true)),
        false);
    return true;
}

QString NewApplicationDialog::draftNote() const {
    return m_draftNote->isHidden() ? QString() : m_draftNote->text();
}

void NewApplicationDialog::showDraftNote(const QString& text, bool error) {
    m_draftNote->setStyleSheet(error ? QStringLiteral("color: #a3121f;") : QString());
    m_draftNote->setText(text);
    m_draftNote->setVisible(!text.isEmpty() && step() != DoneStep);
}

void NewApplicationDialog::updateChecklist() {
    if (step() == DoneStep)
        return;
    const QStringList what = missing();
    m_save->setEnabled(what.isEmpty());
    if (what.isEmpty()) {
        m_missing->setStyleSheet(QString());
        m_missing->setText(tr("Everything the form requires is there. Save registers the application."));
        m_save->setToolTip(tr("Register the application; it goes to the queue for approval by an officer."));
        return;
    }
    m_missing->setStyleSheet(QStringLiteral("color: #a3121f;"));
    m_missing->setText(tr("Before saving:") + QStringLiteral("\n• ") + what.join(QStringLiteral("\n• ")));
    m_save->setToolTip(tr("Not yet: %1").arg(what.join(u' ')));
}

void NewApplicationDialog::save() {
    if (step() != ChecklistStep || !m_formPage)
        return;
    updateChecklist();
    if (!m_save->isEnabled())
        return; // what is missing is listed next to the button
    m_autosave->stop();
    // Registered and its draft deleted in one transaction (registry::Drafts::submit).
    registry::Draft d = currentDraft();
    auto id = registry::Drafts(m_reg).submit(m_session, d);
    if (!id) {
        showMessage(id.message());
        return;
    }
    m_savedId = *id;
    m_draftId = 0;
    m_draftNote->hide();
    m_message->hide();
    auto rec = m_reg.applications().get(m_session, m_savedId);
    QString text;
    if (rec) {
        text = tr("Application No. %1 is registered: received %2 by %3.")
                   .arg(m_savedId)
                   .arg(registry::displayDateTime(rec->receivedAt, true), rec->registeredBy);
        if (rec->deadline.isValid())
            text += u' ' + tr("Legal deadline: %1.").arg(registry::displayDate(rec->deadline));
        text += u' ' + tr("It is now in the queue for approval by another officer.");
    } else {
        text = tr("Application No. %1 is registered.").arg(m_savedId);
    }
    m_result->setText(text);
    showStep(DoneStep);
    Q_EMIT saved(m_savedId);
}

void NewApplicationDialog::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void NewApplicationDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void NewApplicationDialog::retranslateUi() {
    const QString lang = registry::Language::current();
    setWindowTitle(m_replaceSerial.isEmpty() ? tr("New application")
                                             : tr("Re-issue of certificate %1").arg(m_replaceSerial));
    switch (step()) {
    case ChooseStep:
        m_stepLabel->setText(tr("Step 1 of 3: the CA and the form"));
        break;
    case FormStep:
        m_stepLabel->setText(tr("Step 2 of 3: the form"));
        break;
    case ChecklistStep:
        m_stepLabel->setText(tr("Step 3 of 3: consent and attachments"));
        break;
    case DoneStep:
        m_stepLabel->setText(tr("Saved"));
        break;
    }
    m_caLabel->setText(tr("&CA:"));
    m_formLabel->setText(tr("&Form:"));
    for (int i = 0; i < m_formCombo->count(); ++i) {
        if (const forms::FormDef* f = forms::FormCatalog::find(m_formCombo->itemData(i).toString())) {
            m_formCombo->setItemText(i, QStringLiteral("%1 — %2").arg(f->code, f->title.in(lang)));
            m_formCombo->setItemData(i, f->title.in(lang), Qt::ToolTipRole);
        }
    }
    if (const forms::FormDef* f = forms::FormCatalog::find(formCode())) {
        QStringList note{f->title.in(lang), f->source};
        if (f->deadlineWorkingDays > 0)
            note << tr("Legal deadline: %n working day(s) from receipt.", nullptr, f->deadlineWorkingDays);
        if (f->hasPersons())
            note << tr("A letter listing persons, with a personal attachment for each.");
        m_formNote->setText(note.join(u'\n'));
    } else {
        m_formNote->setText(tr("This CA has no forms."));
    }
    m_checklistIntro->setText(tr("Check the documents the applicant handed in, and record the consent."));
    m_consent->setText(tr("The applicant consented to the processing of personal data"));
    m_identificationLabel->setText(tr("How the holder was identified:"));
    for (int i = 0; i < m_identification->count(); ++i)
        m_identification->setItemText(i,
                                      registry::Rules::identificationLabel(m_identification->itemData(i).toString()));
    m_documentsMissing->setText(tr("Required documents are missing: register as received, to be refused for that"));
    m_attachmentsBox->setTitle(tr("Attachments"));
    if (m_formPage) {
        const QList<forms::AttachmentDef>& defs = m_formPage->form().attachments;
        for (int i = 0; i < m_attachments.size() && i < defs.size(); ++i) {
            const forms::AttachmentDef& a = defs.at(i);
            const QString text = a.label.in(lang);
            m_attachments.at(i)->setText(a.required ? text : tr("%1 (if applicable)").arg(text));
            m_attachments.at(i)->setToolTip(a.hint.in(lang));
        }
    }
    QStringList notes;
    if (!m_replaceSerial.isEmpty())
        notes << tr("Re-issue: this application replaces certificate %1 of %2.").arg(m_replaceSerial, m_replaceCa);
    if (!m_importedFrom.isEmpty())
        notes << tr("Filled in from %1: check every field against the applicant's documents before saving.")
                     .arg(m_importedFrom);
    m_importNote->setText(notes.join(u'\n'));
    m_importNote->setVisible(!notes.isEmpty() && step() != DoneStep);
    m_openPdf->setText(tr("Open filled &PDF…"));
    m_openPdf->setToolTip(tr("Read an application form the applicant filled in as a PDF; the form opens pre-filled."));
    m_back->setText(tr("< &Back"));
    m_next->setText(tr("&Next >"));
    m_save->setText(tr("&Save"));
    m_close->setText(step() == DoneStep ? tr("&Close") : tr("Cancel"));
    updateChecklist();
}

} // namespace tirkeu::gui
