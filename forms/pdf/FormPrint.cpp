#include "forms/pdf/FormPrint.h"

#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/Register.h"

#include <QJsonArray>

namespace tirkeu::forms::pdf {

namespace {

QString bilingual(const Label& l) {
    return l.kk + u'\n' + l.ru;
}

QString kkru(const char16_t* kk, const char16_t* ru) {
    return QString::fromUtf16(kk) + QStringLiteral(" / ") + QString::fromUtf16(ru);
}

// For a blank template: what may be written in a choice field, under its label.
QString choiceHint(const FieldDef& f) {
    QStringList options;
    for (const ChoiceDef& c : f.choices)
        options << QStringLiteral("%1 = %2 / %3").arg(c.id, c.label.kk, c.label.ru);
    QString hint = options.join(QStringLiteral("; "));
    if (f.type == FieldType::MultiChoice)
        hint = QStringLiteral("(%1; үтір арқылы / через запятую)").arg(hint);
    else
        hint = u'(' + hint + u')';
    return hint;
}

QString label(const FieldDef& f, bool blank) {
    QString text = bilingual(f.label);
    if (f.required)
        text += QStringLiteral(" *");
    if (blank && !f.choices.isEmpty())
        text += u'\n' + choiceHint(f);
    if (blank && f.type == FieldType::Date)
        text += QStringLiteral("\n(КК.АА.ЖЖЖЖ / ДД.ММ.ГГГГ)");
    return text;
}

void addFields(FormLayout& out, const QList<FieldDef>& fields, const QJsonObject& data, bool blank, int person) {
    for (const FieldDef& f : fields) {
        const QString value = blank ? QString() : FormPrint::displayValue(f, data.value(f.id));
        const double emptyHeight = f.type == FieldType::LongText || f.type == FieldType::MultiChoice ? 11 : 6;
        out.spec.field(label(f, blank), blank || !value.isEmpty() ? value : QStringLiteral("—"), emptyHeight);
        while (out.blockFields.size() < int(out.spec.blocks.size()) - 1)
            out.blockFields << QString();
        out.blockFields << acroName(f.id, person);
    }
}

void pad(FormLayout& out) {
    while (out.blockFields.size() < int(out.spec.blocks.size()))
        out.blockFields << QString();
}

} // namespace

QString acroName(const QString& fieldId, int personIndex) {
    return personIndex < 0 ? fieldId : QStringLiteral("person%1_%2").arg(personIndex + 1).arg(fieldId);
}

QString FormPrint::displayValue(const FieldDef& field, const QJsonValue& value) {
    auto choiceText = [&](const QString& id) {
        for (const ChoiceDef& c : field.choices)
            if (c.id == id)
                return QStringLiteral("%1 / %2").arg(c.label.kk, c.label.ru);
        return id;
    };
    switch (field.type) {
    case FieldType::Date: {
        const QDate d = QDate::fromString(value.toString(), Qt::ISODate);
        return d.isValid() ? registry::displayDate(d) : value.toString();
    }
    case FieldType::Choice:
        return value.toString().isEmpty() ? QString() : choiceText(value.toString());
    case FieldType::MultiChoice: {
        QStringList items;
        for (const QJsonValue& v : value.toArray())
            items << choiceText(v.toString());
        return items.join(u'\n');
    }
    case FieldType::Integer:
        return value.isDouble() ? QString::number(qint64(value.toDouble())) : value.toString();
    default:
        return value.toString();
    }
}

FormLayout FormPrint::layout(const FormDef& form, const QJsonObject& data, bool blank, int blankPersons) {
    FormLayout out;
    reports::FlowSpec& spec = out.spec;
    spec.frame.title = {form.title.kk, form.title.ru};
    spec.frame.details << QStringLiteral("Нысан / Форма: %1 — %2").arg(form.code, form.source);
    spec.frame.documentTitle = QStringLiteral("%1 — %2").arg(form.code, form.title.ru);
    if (blank)
        spec.text(QStringLiteral("Өрістерді толтырыңыз, * — міндетті өрістер. / Заполните поля, * — обязательные "
                                 "поля."),
                  8);
    addFields(out, form.fields, data, blank, -1);
    if (form.hasPersons()) {
        const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
        const int count = blank ? qMax(1, blankPersons) : int(persons.size());
        for (int i = 0; i < count; ++i) {
            spec.spacer(2);
            spec.heading(QStringLiteral("Жеке қосымша № %1 / Персональное приложение № %1").arg(i + 1), 10.5, false);
            addFields(out, form.personFields, blank ? QJsonObject() : persons.at(i).toObject(), blank, i);
        }
    }
    pad(out);
    if (!form.attachments.isEmpty()) {
        spec.spacer(2);
        spec.text(kkru(u"Қоса берілетін құжаттар", u"Прилагаемые документы") + u':', 9, true);
        const QJsonArray given = data.value(QStringLiteral("_attachments")).toArray();
        for (const AttachmentDef& a : form.attachments) {
            const bool present = given.contains(QJsonValue(a.id));
            spec.text(
                QStringLiteral("%1 %2 / %3%4")
                    .arg(blank     ? QStringLiteral("☐")
                         : present ? QStringLiteral("☒")
                                   : QStringLiteral("☐"),
                         a.label.kk, a.label.ru,
                         a.required ? QString() : QStringLiteral(" (%1)").arg(kkru(u"қажет болса", u"при наличии"))),
                8.5);
        }
    }
    if (form.consentRequired) {
        spec.spacer(1);
        QString consent = kkru(u"Дербес деректерді жинауға және өңдеуге келісемін",
                               u"Согласен(на) на сбор и обработку персональных данных");
        if (!blank)
            consent = (data.value(QStringLiteral("_consent")).toBool() ? QStringLiteral("☒ ") : QStringLiteral("☐ ")) +
                      consent;
        spec.text(consent, 8.5);
    }
    spec.spacer(3);
    const bool organisation = form.subject != SubjectKind::Individual;
    if (organisation)
        spec.signature(kkru(u"Басшының қолы", u"Подпись руководителя"));
    else
        spec.signature(kkru(u"Өтініш берушінің қолы", u"Подпись заявителя"));
    spec.text(QStringLiteral("Күні / Дата: \"___\" ____________ 20___ ж. / г."), 9);
    if (organisation)
        spec.text(QStringLiteral("М.О. / М.П."), 9, true);
    spec.spacer(2);
    spec.signature(kkru(u"Өтінішті қабылдаған қызметкер", u"Заявление принял сотрудник"));
    pad(out);
    return out;
}

Result<reports::FlowSpec> FormPrint::application(registry::Register& reg, const registry::Session& by, qint64 id) {
    auto app = reg.applications().get(by, id);
    if (!app)
        return app.error();
    const FormDef* form = FormCatalog::find(app->formCode);
    if (!form)
        return makeError(ErrorCode::Integrity,
                         tr("Application %1 names the unknown form %2.").arg(id).arg(app->formCode));
    QJsonObject data = app->data;
    QJsonArray attachments;
    for (const QString& a : app->attachments)
        attachments.append(a);
    data.insert(QStringLiteral("_attachments"), attachments);
    data.insert(QStringLiteral("_consent"), app->consent);
    FormLayout l = layout(*form, data, false);
    QString caName = app->caCode;
    if (auto ca = reg.cas().find(app->caCode))
        caName = QStringLiteral("%1 (%2)").arg(ca->name, ca->code);
    l.spec.frame.details.prepend(QStringLiteral("Куәландырушы орталық / Удостоверяющий центр: %1").arg(caName));
    l.spec.frame.details
        << QStringLiteral("Өтініш № / Заявление № %1, %2").arg(id).arg(registry::displayDateTime(app->receivedAt));
    l.spec.frame.printedBy = by.fullName.isEmpty() ? by.login : QStringLiteral("%1 (%2)").arg(by.fullName, by.login);
    l.spec.frame.printedAt = reg.clock().now();
    return l.spec;
}

Status FormPrint::saveApplication(registry::Register& reg, const registry::Session& by, qint64 id,
                                  const QString& path) {
    auto spec = application(reg, by, id);
    if (!spec)
        return spec.error();
    return reports::PdfRenderer::saveFlow(*spec, path);
}

} // namespace tirkeu::forms::pdf
