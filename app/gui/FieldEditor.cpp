#include "app/gui/FieldEditor.h"

#include "forms/Identifiers.h"
#include "forms/Validation.h"
#include "registry/Clock.h"

#include <QAction>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
const QJsonValue kBlank(QJsonValue::Undefined);          // not null: a blank field is left out of the data
const QString kShownDate = QStringLiteral("dd.MM.yyyy"); // the official format, whatever the locale
} // namespace

DateLineEdit::DateLineEdit(QWidget* parent)
    : QLineEdit(parent) {
    setClearButtonEnabled(true);
    setPlaceholderText(tr("dd.mm.yyyy or ddmmyyyy"));
    m_calendarAction = addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), QLineEdit::TrailingPosition);
    m_calendarAction->setObjectName(QStringLiteral("calendar"));
    m_calendarAction->setToolTip(tr("Choose the date in a calendar"));
    connect(m_calendarAction, &QAction::triggered, this, [this] { openCalendar(); });
    // A typed ddmmyyyy becomes dd.mm.yyyy when the operator leaves the field.
    connect(this, &QLineEdit::editingFinished, this, [this] {
        const QDate d = date();
        if (d.isValid() && text() != d.toString(kShownDate))
            setText(d.toString(kShownDate));
    });
}

void DateLineEdit::setDate(const QDate& date) {
    setText(date.isValid() ? date.toString(kShownDate) : QString());
}

QDate DateLineEdit::parse(const QString& text) {
    const QString t = text.trimmed();
    static const QRegularExpression compact(QStringLiteral("^([0-9]{2})([0-9]{2})([0-9]{4})$"));
    static const QRegularExpression dotted(QStringLiteral("^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})$"));
    static const QRegularExpression iso(QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})$"));
    if (auto m = iso.match(t); m.hasMatch())
        return QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    for (const QRegularExpression* re : {&compact, &dotted})
        if (auto m = re->match(t); m.hasMatch())
            return QDate(m.captured(3).toInt(), m.captured(2).toInt(), m.captured(1).toInt());
    return {};
}

QCalendarWidget* DateLineEdit::openCalendar() {
    auto* popup = new QFrame(this, Qt::Popup);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    popup->setFrameShape(QFrame::StyledPanel);
    auto* calendar = new QCalendarWidget(popup);
    calendar->setObjectName(QStringLiteral("calendarPopup"));
    calendar->setFirstDayOfWeek(Qt::Monday);
    const QDate typed = date();
    calendar->setSelectedDate(typed.isValid() ? typed : registry::SystemClock().today());
    auto* layout = new QVBoxLayout(popup);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->addWidget(calendar);
    connect(calendar, &QCalendarWidget::activated, this, [this, popup](const QDate& d) {
        setDate(d);
        popup->close();
        setFocus();
    });
    connect(calendar, &QCalendarWidget::clicked, this, [this, popup](const QDate& d) {
        setDate(d);
        popup->close();
        setFocus();
    });
    popup->adjustSize();
    popup->move(mapToGlobal(QPoint(0, height())));
    popup->show();
    calendar->setFocus();
    return calendar;
}

FieldEditor::FieldEditor(const forms::FieldDef& def, QWidget* parent)
    : QWidget(parent)
    , m_def(def) {
    setProperty(kFieldProperty, def.id);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->hide();
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("error"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #a3121f;"));
    m_errorLabel->hide();

    m_offer = new QWidget(this);
    m_offerLabel = new QLabel(m_offer);
    m_offerLabel->setObjectName(QStringLiteral("offer"));
    m_offerLabel->setWordWrap(true);
    m_offerButton = new QPushButton(m_offer);
    m_offerButton->setObjectName(QStringLiteral("offerButton"));
    auto* offerRow = new QHBoxLayout(m_offer);
    offerRow->setContentsMargins(0, 0, 0, 0);
    offerRow->addWidget(m_offerLabel, 1);
    offerRow->addWidget(m_offerButton);
    m_offer->hide();
    connect(m_offerButton, &QPushButton::clicked, this, [this] {
        const auto accept = m_accept; // the offer may be withdrawn by what it does
        setOffer({}, {}, {});
        if (accept)
            accept();
    });

    buildInput();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_input);
    layout->addWidget(m_hint);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_offer);
    m_label->setBuddy(m_input);
    setLanguage(QStringLiteral("en"));
}

void FieldEditor::buildInput() {
    const auto changed = [this] {
        if (!m_loading)
            revalidate();
    };
    switch (m_def.type) {
    case forms::FieldType::LongText: {
        auto* edit = new QPlainTextEdit(this);
        edit->setTabChangesFocus(true);
        edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 3 + 12);
        connect(edit, &QPlainTextEdit::textChanged, this, changed);
        m_input = edit;
        break;
    }
    case forms::FieldType::Date: {
        auto* edit = new DateLineEdit(this);
        connect(edit, &QLineEdit::textChanged, this, changed);
        m_input = edit;
        break;
    }
    case forms::FieldType::Choice: {
        auto* combo = new QComboBox(this);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        // A blank entry unless the field must be filled and has a default to start from.
        if (!m_def.required || m_def.defaultValue.isEmpty())
            combo->addItem(QString(), QString());
        for (const forms::ChoiceDef& c : m_def.choices)
            combo->addItem(c.id, c.id);
        combo->setCurrentIndex(qMax(0, combo->findData(m_def.defaultValue)));
        connect(combo, &QComboBox::currentIndexChanged, this, changed);
        m_input = combo;
        break;
    }
    case forms::FieldType::MultiChoice: {
        auto* box = new QWidget(this);
        auto* layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        for (const forms::ChoiceDef& c : m_def.choices) {
            auto* check = new QCheckBox(box);
            check->setObjectName(m_def.id + u':' + c.id);
            check->setProperty("choiceId", c.id);
            layout->addWidget(check);
            connect(check, &QCheckBox::toggled, this, changed);
        }
        m_input = box;
        break;
    }
    default: {
        auto* edit = new QLineEdit(this);
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textChanged, this, changed);
        m_input = edit;
        break;
    }
    }
    m_input->setObjectName(m_def.id);
}

void FieldEditor::fillChoices() {
    if (auto* combo = qobject_cast<QComboBox*>(m_input)) {
        for (int i = 0; i < combo->count(); ++i) {
            const QString id = combo->itemData(i).toString();
            for (const forms::ChoiceDef& c : m_def.choices)
                if (c.id == id)
                    combo->setItemText(i, c.label.in(m_lang));
            if (id.isEmpty())
                combo->setItemText(i, tr("— choose —"));
        }
    } else if (m_def.type == forms::FieldType::MultiChoice) {
        for (QCheckBox* check : m_input->findChildren<QCheckBox*>()) {
            for (const forms::ChoiceDef& c : m_def.choices)
                if (c.id == check->property("choiceId").toString())
                    check->setText(c.label.in(m_lang));
        }
    }
}

void FieldEditor::setLanguage(const QString& lang) {
    m_lang = lang;
    const QString text = m_def.label.in(lang).isEmpty() ? m_def.id : m_def.label.in(lang);
    m_label->setText(m_def.required ? text + QStringLiteral(" *") : text);
    m_label->setToolTip(m_def.required ? tr("Required") : QString());
    if (auto* edit = qobject_cast<QLineEdit*>(m_input)) {
        switch (m_def.type) {
        case forms::FieldType::Iin:
        case forms::FieldType::Bin:
            edit->setPlaceholderText(tr("12 digits"));
            break;
        case forms::FieldType::Phone:
            edit->setPlaceholderText(tr("+7 701 234 56 78"));
            break;
        case forms::FieldType::Email:
            edit->setPlaceholderText(tr("name@example.kz"));
            break;
        case forms::FieldType::Serial:
            edit->setPlaceholderText(tr("hexadecimal, e.g. 4F:2A:9C:01"));
            break;
        default:
            break;
        }
    }
    fillChoices();
    revalidate();
}

QJsonValue FieldEditor::value() const {
    if (auto* edit = qobject_cast<DateLineEdit*>(m_input)) {
        if (edit->isBlank())
            return kBlank;
        // Not a date: kept as typed, so it is refused rather than silently left out.
        const QDate d = edit->date();
        return d.isValid() ? QJsonValue(d.toString(Qt::ISODate)) : QJsonValue(edit->text().trimmed());
    }
    if (auto* edit = qobject_cast<QLineEdit*>(m_input))
        return edit->text().trimmed().isEmpty() ? kBlank : QJsonValue(edit->text());
    if (auto* edit = qobject_cast<QPlainTextEdit*>(m_input))
        return edit->toPlainText().trimmed().isEmpty() ? kBlank : QJsonValue(edit->toPlainText());
    if (auto* combo = qobject_cast<QComboBox*>(m_input)) {
        const QString id = combo->currentData().toString();
        return id.isEmpty() ? kBlank : QJsonValue(id);
    }
    QJsonArray ids;
    for (QCheckBox* check : m_input->findChildren<QCheckBox*>())
        if (check->isChecked())
            ids.append(check->property("choiceId").toString());
    return ids.isEmpty() ? kBlank : QJsonValue(ids);
}

void FieldEditor::setValue(const QJsonValue& value) {
    m_loading = true;
    if (auto* edit = qobject_cast<DateLineEdit*>(m_input)) {
        const QDate d = QDate::fromString(value.toString(), Qt::ISODate);
        if (d.isValid())
            edit->setDate(d);
        else
            edit->setText(value.toString());
    } else if (auto* edit = qobject_cast<QLineEdit*>(m_input)) {
        edit->setText(value.toString());
    } else if (auto* edit = qobject_cast<QPlainTextEdit*>(m_input)) {
        edit->setPlainText(value.toString());
    } else if (auto* combo = qobject_cast<QComboBox*>(m_input)) {
        const QString id = value.isString() ? value.toString() : m_def.defaultValue;
        combo->setCurrentIndex(qMax(0, combo->findData(id)));
    } else {
        const QJsonArray ids = value.toArray();
        for (QCheckBox* check : m_input->findChildren<QCheckBox*>())
            check->setChecked(ids.contains(QJsonValue(check->property("choiceId").toString())));
    }
    m_loading = false;
    revalidate();
}

void FieldEditor::setOffer(const QString& text, const QString& buttonText, std::function<void()> accept) {
    m_accept = std::move(accept);
    m_offerLabel->setText(text);
    m_offerButton->setText(buttonText);
    m_offer->setVisible(!text.isEmpty());
}

QString FieldEditor::offerText() const {
    return m_offer->isHidden() ? QString() : m_offerLabel->text();
}

QString FieldEditor::hintText() const {
    return m_hint->isHidden() ? QString() : m_hint->text();
}

QString FieldEditor::derivedHint(const QString& text) const {
    const QString digits = QString(text).remove(u' ');
    if (m_def.type == forms::FieldType::Iin && forms::Identifiers::checkIin(digits) == forms::IdCheck::Valid) {
        const forms::IinHint h = forms::Identifiers::iinHint(digits);
        if (h.foreignNational)
            return tr("Foreign national's IIN.");
        if (!h.birthDate.isValid())
            return {};
        const QString date = registry::displayDate(h.birthDate);
        // Since 2013 the date need not be the person's: a hint to compare with the document, never a rule.
        if (h.sex == forms::Sex::Male)
            return tr("From the IIN: born %1, male (compare with the identity document).").arg(date);
        if (h.sex == forms::Sex::Female)
            return tr("From the IIN: born %1, female (compare with the identity document).").arg(date);
        return tr("From the IIN: born %1 (compare with the identity document).").arg(date);
    }
    if (m_def.type == forms::FieldType::Bin && forms::Identifiers::checkBin(digits) == forms::IdCheck::Valid) {
        const forms::BinHint h = forms::Identifiers::binHint(digits);
        const QString kind = h.type == 4   ? tr("resident legal entity")
                             : h.type == 5 ? tr("non-resident legal entity")
                                           : tr("joint individual entrepreneur");
        const QString unit = h.unit == 0   ? tr("head office")
                             : h.unit == 1 ? tr("branch")
                             : h.unit == 2 ? tr("representative office")
                                           : tr("farm");
        return tr("From the BIN: registered %1.%2, %3, %4.")
            .arg(h.month, 2, 10, QChar(u'0'))
            .arg(h.year)
            .arg(kind, unit);
    }
    if (m_def.maxLength > 0 && (m_def.type == forms::FieldType::Text || m_def.type == forms::FieldType::LongText))
        return tr("%1 of at most %2 characters.").arg(text.trimmed().toUcs4().size()).arg(m_def.maxLength);
    return {};
}

void FieldEditor::offerKazakhLetters(const QString& text) {
    if (m_def.type != forms::FieldType::Text || text.trimmed().isEmpty())
        return;
    // forms decides which fields are names and how they are normalised; the page only offers it.
    forms::FormDef single;
    single.fields = {m_def};
    const QString normal = forms::Validator::normalised(single, {{m_def.id, text}}).value(m_def.id).toString();
    if (normal == text.trimmed().simplified() || normal == text.trimmed())
        return;
    setOffer(tr("A Kazakh name: did you mean \"%1\" (Kazakh letter І instead of Latin I)?").arg(normal),
             tr("Use \"%1\"").arg(normal), [this, normal] { setValue(normal); });
}

void FieldEditor::revalidate() {
    const QJsonValue v = value();
    m_error = forms::Validator::validateField(m_def, v, m_lang);
    if (auto* edit = qobject_cast<DateLineEdit*>(m_input); edit && !edit->isBlank() && !edit->date().isValid()) {
        const QString lbl = m_def.label.in(m_lang).isEmpty() ? m_def.id : m_def.label.in(m_lang);
        m_error = tr("\"%1\": \"%2\" is not a date. Type it as dd.mm.yyyy or ddmmyyyy, e.g. 15.03.2020.")
                      .arg(lbl, edit->text().trimmed());
    }
    const QString text = v.isString() ? v.toString() : QString();
    QStringList hints;
    if (!m_def.hint.in(m_lang).isEmpty())
        hints << m_def.hint.in(m_lang);
    if (const QString derived = derivedHint(text); !derived.isEmpty())
        hints << derived;
    m_hint->setText(hints.join(u'\n'));
    m_hint->setVisible(!hints.isEmpty());
    // A blank required field is not an error to shout about while the form is being filled in.
    const bool show = !m_error.isEmpty() && !v.isUndefined() && !v.isNull();
    m_errorLabel->setText(show ? m_error : QString());
    m_errorLabel->setVisible(show);
    if (m_def.type == forms::FieldType::Text) {
        setOffer({}, {}, {});
        offerKazakhLetters(text);
    }
    if (!m_loading)
        Q_EMIT edited();
}

} // namespace tirkeu::gui
