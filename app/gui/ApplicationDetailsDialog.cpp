#include "app/gui/ApplicationDetailsDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/PrintPreview.h"
#include "app/gui/Prompter.h"
#include "forms/FormDefinition.h"
#include "forms/pdf/FormPrint.h"
#include "registry/Applications.h"
#include "registry/Clock.h"
#include "registry/Language.h"
#include "registry/Register.h"
#include "registry/Rules.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
// A stored value as the form shows it: choice labels instead of ids, official date format.
QString display(const forms::FieldDef* f, const QJsonValue& v, const QString& lang) {
    const auto choice = [f, &lang](const QString& id) {
        if (f)
            for (const forms::ChoiceDef& c : f->choices)
                if (c.id == id)
                    return c.label.in(lang);
        return id;
    };
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue& item : v.toArray())
            parts << choice(item.toString());
        return parts.join(QStringLiteral("; "));
    }
    const QString s = v.isString() ? v.toString() : v.toVariant().toString();
    if (f && f->type == forms::FieldType::Date)
        return registry::displayDate(QDate::fromString(s, Qt::ISODate));
    if (f && f->type == forms::FieldType::Choice)
        return choice(s);
    return s;
}

void addFields(QTreeWidgetItem* parent, QTreeWidget* tree, const QList<forms::FieldDef>& defs, const QJsonObject& o,
               const QString& lang) {
    for (const forms::FieldDef& f : defs) {
        if (!o.contains(f.id))
            continue;
        const QStringList cells{f.label.in(lang), display(&f, o.value(f.id), lang)};
        if (parent)
            new QTreeWidgetItem(parent, cells);
        else
            new QTreeWidgetItem(tree, cells);
    }
}
} // namespace

ApplicationDetailsDialog::ApplicationDetailsDialog(registry::Register& reg, const registry::Session& session,
                                                   qint64 applicationId, QWidget* parent, Prompter* prompter)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_ownPrompter(prompter ? nullptr : std::make_unique<Prompter>())
    , m_prompter(prompter ? prompter : m_ownPrompter.get())
    , m_id(applicationId) {
    setObjectName(QStringLiteral("applicationDetailsDialog"));
    auto* layout = dialogLayout(this);
    m_message = messageLabel(this);
    m_facts = formLayout();
    m_dataTitle = new QLabel(this);
    m_data = new QTreeWidget(this);
    m_data->setObjectName(QStringLiteral("dataView"));
    m_data->setColumnCount(2);
    m_data->setWordWrap(true);
    m_data->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_historyTitle = new QLabel(this);
    m_history = new QTableWidget(0, 4, this);
    m_history->setObjectName(QStringLiteral("historyView"));
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setMaximumHeight(150);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_print = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_print->setObjectName(QStringLiteral("printFormButton"));
    connect(m_print, &QPushButton::clicked, this, &ApplicationDetailsDialog::printForm);
    m_preview = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_preview->setObjectName(QStringLiteral("previewFormButton"));
    connect(m_preview, &QPushButton::clicked, this, &ApplicationDetailsDialog::previewForm);
    m_note = noteLabel(this);
    m_note->setObjectName(QStringLiteral("printNote"));
    m_note->hide();
    m_openSaved = new QPushButton(tr("&Open the saved PDF"), this);
    m_openSaved->setObjectName(QStringLiteral("openSavedPdf"));
    m_openSaved->hide();
    connect(m_openSaved, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_savedPath)); });
    layout->addWidget(m_message);
    layout->addLayout(m_facts);
    layout->addWidget(m_dataTitle);
    layout->addWidget(m_data, 1);
    layout->addWidget(m_historyTitle);
    layout->addWidget(m_history);
    auto* saved = new QHBoxLayout;
    saved->addWidget(m_note, 1);
    saved->addWidget(m_openSaved, 0, Qt::AlignTop);
    layout->addLayout(saved);
    layout->addWidget(buttons);
    load();
    resize(760, 680);
}

ApplicationDetailsDialog::~ApplicationDetailsDialog() = default;

QString ApplicationDetailsDialog::note() const {
    return m_note->isHidden() ? QString() : m_note->text();
}

void ApplicationDetailsDialog::printForm() {
    const QString path = m_prompter->saveFileName(this, tr("Save the application form"),
                                                  tr("application-%1.pdf").arg(m_id), tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    const Status s = forms::pdf::FormPrint::saveApplication(m_reg, m_session, m_id, path);
    m_message->setText(s.message());
    m_message->setVisible(!s.ok());
    m_note->setText(s.ok() ? tr("The filled-in form is saved to %1, ready for the applicant's signature.")
                                 .arg(QDir::toNativeSeparators(path))
                           : QString());
    m_note->setVisible(s.ok());
    m_savedPath = s.ok() ? path : QString();
    m_openSaved->setVisible(s.ok());
}

QPrintPreviewDialog* ApplicationDetailsDialog::previewForm() {
    QTemporaryDir temp;
    if (!temp.isValid()) {
        m_message->setText(tr("Cannot make a temporary file for the preview: %1").arg(temp.errorString()));
        m_message->show();
        return nullptr;
    }
    const QString path = temp.filePath(QStringLiteral("application.pdf"));
    Status s = forms::pdf::FormPrint::saveApplication(m_reg, m_session, m_id, path);
    QString error;
    QPrintPreviewDialog* dialog =
        s.ok() ? PrintPreview::open(this, path, tr("Application %1").arg(m_id), &error) : nullptr;
    if (!s.ok())
        error = s.message();
    m_message->setText(error);
    m_message->setVisible(!dialog);
    return dialog;
}

QString ApplicationDetailsDialog::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

QString ApplicationDetailsDialog::fact(const QString& name) const {
    for (int row = 0; row < m_facts->rowCount(); ++row) {
        QLayoutItem* item = m_facts->itemAt(row, QFormLayout::FieldRole);
        if (item && item->widget() && item->widget()->objectName() == name)
            return static_cast<QLabel*>(item->widget())->text();
    }
    return {};
}

void ApplicationDetailsDialog::load() {
    const QString lang = registry::Language::current();
    setWindowTitle(tr("Application %1").arg(m_id));
    m_preview->setText(tr("Pre&view / Print…"));
    m_preview->setToolTip(tr("The filled-in official form in a print preview; print it from there."));
    m_print->setText(tr("&Save form as PDF…"));
    m_print->setToolTip(tr("The official form filled in from this application, as PDF for the applicant's signature."));
    while (m_facts->rowCount() > 0)
        m_facts->removeRow(0);
    m_data->clear();
    m_history->setRowCount(0);
    auto rec = m_reg.applications().get(m_session, m_id);
    if (!rec) {
        m_message->setText(rec.message());
        m_message->show();
        return;
    }
    m_message->hide();
    const forms::FormDef* form = forms::FormCatalog::find(rec->formCode);
    const auto fact = [this](const char* name, const QString& label, const QString& value) {
        auto* v = new QLabel(value, this);
        v->setObjectName(QString::fromLatin1(name));
        v->setWordWrap(true);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_facts->addRow(label, v);
    };
    fact("number", tr("Number:"), QString::number(rec->id));
    fact("form", tr("Form:"),
         form ? QStringLiteral("%1 — %2").arg(rec->formCode, form->title.in(lang)) : rec->formCode);
    fact("ca", tr("CA:"), rec->caCode);
    fact("applicant", tr("Applicant:"), QStringLiteral("%1 (%2)").arg(rec->applicantName, rec->subject));
    fact("status", tr("Status:"), registry::Applications::statusName(rec->status));
    fact("received", tr("Received:"),
         tr("%1, registered by %2").arg(registry::displayDateTime(rec->receivedAt), rec->registeredBy));
    QString deadline = rec->deadline.isValid() ? registry::displayDate(rec->deadline) : tr("none (no legal deadline)");
    if (rec->overdue)
        deadline += u' ' + tr("— overdue");
    else if (rec->dueToday)
        deadline += u' ' + tr("— due today");
    fact("deadline", tr("Deadline:"), deadline);
    if (!rec->decidedBy.isEmpty())
        fact("decided", tr("Decided:"), tr("%1 by %2").arg(registry::displayDateTime(rec->decidedAt), rec->decidedBy));
    if (const QString refusal = registry::Applications::refusalText(*rec); !refusal.isEmpty())
        fact("reason", tr("Reason for rejection:"), refusal);
    if (!rec->identification.isEmpty())
        fact("identification", tr("Holder identified:"), registry::Rules::identificationLabel(rec->identification));
    // Order 348 App. 2 cl. 13: how soon the body reported that a holder left the job.
    QStringList ends;
    for (const registry::EmploymentEndReport& r : rec->employmentEndReports)
        ends << tr("person %1 (%2) left on %3, reported %n day(s) later", nullptr, r.daysAfter)
                        .arg(r.person + 1)
                        .arg(r.iin, registry::displayDate(r.endedOn)) +
                    (r.late ? QStringLiteral(" — ") + tr("late, the limit is %n day(s)", nullptr, r.limitDays)
                            : QString());
    if (!ends.isEmpty())
        fact("employmentEnds", tr("Left the job:"), ends.join(QStringLiteral("; ")));
    if (!rec->missingDocuments.isEmpty())
        fact("missingDocuments", tr("Documents missing:"), rec->missingDocuments.join(QStringLiteral(", ")));
    QStringList attachments;
    for (const QString& id : rec->attachments) {
        QString text = id;
        if (form)
            for (const forms::AttachmentDef& a : form->attachments)
                if (a.id == id)
                    text = a.label.in(lang);
        attachments << text;
    }
    fact("attachments", tr("Attachments:"),
         attachments.isEmpty() ? tr("none") : attachments.join(QStringLiteral("; ")));
    fact("consent", tr("Consent:"),
         rec->consent ? tr("recorded %1").arg(registry::displayDateTime(rec->consentAt)) : tr("not recorded"));

    m_dataTitle->setText(tr("Data of the form"));
    m_data->setHeaderLabels({tr("Field"), tr("Value")});
    if (form) {
        addFields(nullptr, m_data, form->fields, rec->data, lang);
        const QJsonArray persons = rec->data.value(QStringLiteral("persons")).toArray();
        for (int i = 0; i < persons.size(); ++i) {
            auto* row = new QTreeWidgetItem(m_data, {tr("Person %1").arg(i + 1)});
            addFields(row, m_data, form->personFields, persons.at(i).toObject(), lang);
            row->setExpanded(true);
        }
    }
    m_historyTitle->setText(tr("History"));
    m_history->setHorizontalHeaderLabels({tr("Status"), tr("When"), tr("Operator"), tr("Note")});
    if (auto history = m_reg.applications().history(m_session, m_id); history) {
        for (const registry::ApplicationHistoryEntry& h : *history) {
            const int row = m_history->rowCount();
            m_history->insertRow(row);
            const QStringList cells{registry::Applications::statusName(h.status), registry::displayDateTime(h.at),
                                    h.operatorLogin, h.note};
            for (int c = 0; c < cells.size(); ++c)
                m_history->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        }
        m_history->resizeColumnsToContents();
    } else {
        m_message->setText(history.message());
        m_message->show();
    }
}

void ApplicationDetailsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        load(); // everything on it is labelled in the UI language
        m_openSaved->setText(tr("&Open the saved PDF"));
    }
    QDialog::changeEvent(event);
}

} // namespace tirkeu::gui
