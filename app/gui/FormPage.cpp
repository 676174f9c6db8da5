#include "app/gui/FormPage.h"

#include "app/gui/DialogParts.h"
#include "app/gui/FieldSet.h"
#include "app/gui/PersonsEditor.h"
#include "forms/Validation.h"
#include "registry/Language.h"
#include "registry/Parties.h"
#include "registry/Register.h"

#include <QEvent>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
const QString kPersons = QStringLiteral("persons");
const QString kApplicationDate = QStringLiteral("application_date");

// Fields a known person or organisation fills in, by the field ids of forms/ (same id, same meaning).
QJsonObject personValues(const registry::PersonRecord& p) {
    QJsonObject o{{QStringLiteral("surname"), p.surname}, {QStringLiteral("name"), p.name}};
    const std::pair<const char*, QString> optional[] = {
        {"patronymic", p.patronymic}, {"email", p.email}, {"phone", p.phone}, {"home_address", p.address}};
    for (const auto& [key, value] : optional)
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    return o;
}

QJsonObject organisationValues(const registry::OrganisationRecord& org) {
    QJsonObject o{{QStringLiteral("org_name"), org.fullName}};
    const std::pair<const char*, QString> optional[] = {
        {"short_name", org.shortName}, {"region", org.region}, {"city", org.city}};
    for (const auto& [key, value] : optional)
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    return o;
}
} // namespace

FormPage::FormPage(registry::Register& reg, const registry::Session& session, const forms::FormDef& form,
                   QWidget* parent)
    : QWidget(parent)
    , m_reg(reg)
    , m_session(session)
    , m_form(form) {
    setObjectName(QStringLiteral("formPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("formTitle"));
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    m_source = noteLabel(this);

    // Today's date where the form asks for the date it was filled in.
    QJsonObject initial;
    if (form.field(kApplicationDate))
        initial.insert(kApplicationDate, reg.clock().today().toString(Qt::ISODate));
    m_fields = new FieldSet(form.fields, this);
    m_fields->setObjectName(QStringLiteral("formFields"));
    m_fields->setData(initial);
    connect(m_fields, &FieldSet::edited, this, [this](FieldEditor* e) {
        offerKnownParty(m_fields, e);
        Q_EMIT edited();
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_source);
    layout->addWidget(m_fields);
    if (form.hasPersons()) {
        QJsonObject newRow;
        if (form.personField(kApplicationDate))
            newRow.insert(kApplicationDate, reg.clock().today().toString(Qt::ISODate));
        m_personsBox = new QGroupBox(this);
        m_persons = new PersonsEditor(form.personFields, newRow, m_personsBox);
        m_persons->setObjectName(QStringLiteral("persons"));
        auto* box = new QVBoxLayout(m_personsBox);
        box->addWidget(m_persons);
        layout->addWidget(m_personsBox);
        connect(m_persons, &PersonsEditor::edited, this, &FormPage::edited);
        connect(m_persons->detail(), &FieldSet::edited, this,
                [this](FieldEditor* e) { offerKnownParty(m_persons->detail(), e); });
    }
    layout->addStretch(1);
    retranslateUi();
}

FieldEditor* FormPage::editor(const QString& id) const {
    return m_fields->editor(id);
}

QJsonObject FormPage::data() const {
    QJsonObject out = m_fields->data();
    if (m_persons)
        out.insert(kPersons, m_persons->rows());
    return out;
}

void FormPage::setData(const QJsonObject& data) {
    m_fields->setData(data);
    if (m_persons)
        m_persons->setRows(data.value(kPersons).toArray());
    Q_EMIT edited();
}

QStringList FormPage::fieldErrors() const {
    QStringList out = m_fields->errors();
    if (m_persons) {
        for (int i = 0; i < m_persons->count(); ++i) {
            const QJsonObject row = m_persons->rows().at(i).toObject();
            for (const forms::FieldDef& f : m_form.personFields) {
                const QString e = forms::Validator::validateField(f, row.value(f.id), registry::Language::current());
                if (!e.isEmpty() && row.contains(f.id))
                    out << tr("Person %1: %2").arg(i + 1).arg(e);
            }
        }
    }
    return out;
}

void FormPage::offerKnownParty(FieldSet* set, FieldEditor* editor) {
    const forms::FieldType type = editor->def().type;
    if (type != forms::FieldType::Iin && type != forms::FieldType::Bin)
        return;
    editor->setOffer({}, {}, {});
    if (!editor->error().isEmpty() || !editor->value().isString())
        return;
    const QString number = editor->value().toString().remove(u' ');
    registry::Parties parties(m_reg);
    QString who;
    QJsonObject values;
    if (type == forms::FieldType::Iin) {
        auto person = parties.personByIin(m_session, number);
        if (!person || !person->has_value())
            return; // an offer, not a check: a failed lookup only means no offer
        who = (*person)->fullName();
        values = personValues(**person);
    } else {
        auto org = parties.organisationByBin(m_session, number);
        if (!org || !org->has_value())
            return;
        who = (*org)->fullName;
        values = organisationValues(**org);
    }
    // Only what this form has fields for, and only where it differs from what is typed.
    QJsonObject fill;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        if (FieldEditor* target = set->editor(it.key()); target && target->value() != it.value())
            fill.insert(it.key(), it.value());
    if (fill.isEmpty())
        return;
    editor->setOffer(type == forms::FieldType::Iin
                         ? tr("This IIN is in the register: %1. Fill in the form with the data on record?").arg(who)
                         : tr("This BIN is in the register: %1. Fill in the form with the data on record?").arg(who),
                     tr("Fill in"), [set, fill] {
                         for (auto it = fill.constBegin(); it != fill.constEnd(); ++it)
                             if (FieldEditor* target = set->editor(it.key()))
                                 target->setValue(it.value());
                     });
}

void FormPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void FormPage::retranslateUi() {
    const QString lang = registry::Language::current();
    m_title->setText(QStringLiteral("%1 (%2)").arg(m_form.title.in(lang), m_form.code));
    // The legal source in the operator's language: the catalog's own reference ("Seed 002, Appendix 3…") is the
    // developers' English, which the screen showed in Kazakh and Russian.
    m_source->setText(m_form.formAppendix > 0
                          ? tr("Form of appendix %1 to the rules in appendix %2 of order No. 348 of 10 December 2010. "
                               "Fields marked * are required.")
                                .arg(m_form.formAppendix)
                                .arg(m_form.rulesAppendix)
                          : tr("Fields marked * are required."));
    m_fields->setLanguage(lang);
    if (m_persons) {
        m_personsBox->setTitle(tr("Persons listed in the letter"));
        m_persons->setLanguage(lang);
    }
}

} // namespace tirkeu::gui
