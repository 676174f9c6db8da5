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

// The legal reference of a form in the official languages (seed 002: order No. 348 of 10.12.2010,
// the rules of each CA kind and their appendices), never the catalogue's internal source note.
QString legalSource(const FormDef& form) {
    int appendix = 0;
    switch (form.caKind) {
    case CaKind::Root:
        appendix = form.purpose == FormPurpose::Issue ? 1 : 3;
        return QStringLiteral("Нысан: ҚР Негізгі куәландырушы орталығы қызметі қағидаларының %1-қосымшасы / Форма: "
                              "приложение %1 к Правилам деятельности Корневого удостоверяющего центра РК")
            .arg(appendix);
    case CaKind::Government:
        appendix = form.purpose == FormPurpose::Issue ? 1 : 4;
        return QStringLiteral("Нысан: ҚР Мемлекеттік органдарының куәландырушы орталығы қызметі қағидаларының "
                              "%1-қосымшасы / Форма: приложение %1 к Правилам деятельности Удостоверяющего центра "
                              "государственных органов РК")
            .arg(appendix);
    case CaKind::National:
        if (form.purpose == FormPurpose::Issue)
            appendix = form.subject == SubjectKind::Individual ? 1 : 2;
        else
            appendix = form.subject == SubjectKind::Individual ? 4 : 5;
        return QStringLiteral("Нысан: ҚР Ұлттық куәландырушы орталығы қызметі қағидаларының %1-қосымшасы / Форма: "
                              "приложение %1 к Правилам деятельности Национального удостоверяющего центра РК")
            .arg(appendix);
    }
    return {};
}

// For a blank template printed on paper: what may be written in a choice field, under its label (the
// labels, never the stored ids).
QString choiceHint(const FieldDef& f) {
    QStringList options;
    for (const ChoiceDef& c : f.choices)
        options << QStringLiteral("%1 / %2").arg(c.label.kk, c.label.ru);
    return u'(' + options.join(QStringLiteral("; ")) + u')';
}

QString label(const FieldDef& f, bool blank) {
    QString text = bilingual(f.label);
    if (f.required)
        text += QStringLiteral(" *");
    if (blank && f.type == FieldType::Choice)
        text += u'\n' + choiceHint(f);
    if (blank && f.type == FieldType::Date)
        text += QStringLiteral("\n(КК.АА.ЖЖЖЖ / ДД.ММ.ГГГГ)");
    if (blank && f.type == FieldType::LongText && f.maxLength > 0)
        text += QStringLiteral("\n(%1 таңбаға дейін / до %1 символов)").arg(f.maxLength);
    return text;
}

void mapLast(FormLayout& out, const QString& name, const QString& choice = {}) {
    while (out.blockFields.size() < int(out.spec.blocks.size()) - 1)
        out.blockFields << QString();
    while (out.blockChoices.size() < int(out.spec.blocks.size()) - 1)
        out.blockChoices << QString();
    out.blockFields << name;
    out.blockChoices << choice;
}

void addFields(FormLayout& out, const QList<FieldDef>& fields, const QJsonObject& data, bool blank, int person) {
    for (const FieldDef& f : fields) {
        if (!f.onPaper)
            continue;
        if (blank && f.type == FieldType::MultiChoice) {
            // A list of choices: its label, then one checkbox per choice, kept together.
            const bool group = !out.spec.keeping();
            if (group)
                out.spec.beginKeep();
            out.spec.field(label(f, blank), QString(), 0.1);
            mapLast(out, QString());
            for (const ChoiceDef& c : f.choices) {
                out.spec.check(QStringLiteral("%1 / %2").arg(c.label.kk, c.label.ru));
                mapLast(out, acroName(f.id, person), c.id);
            }
            if (group)
                out.spec.endKeep();
            continue;
        }
        const QString value = blank ? QString() : FormPrint::displayValue(f, data.value(f.id));
        const double emptyHeight = f.type == FieldType::LongText ? 11 : 6;
        out.spec.field(label(f, blank), blank || !value.isEmpty() ? value : QStringLiteral("—"), emptyHeight);
        mapLast(out, acroName(f.id, person));
    }
}

void pad(FormLayout& out) {
    while (out.blockFields.size() < int(out.spec.blocks.size()))
        out.blockFields << QString();
    while (out.blockChoices.size() < int(out.spec.blocks.size()))
        out.blockChoices << QString();
}

QString personName(const QJsonObject& p) {
    QStringList parts;
    for (const char* key : {"surname", "name", "patronymic"}) {
        const QString v = p.value(QLatin1String(key)).toString().trimmed();
        if (!v.isEmpty())
            parts << v;
    }
    return parts.join(u' ');
}

// The letter of a government body (seed 002, rules of the Government Bodies CA, App. 1 and App. 4):
// the wording, the table of persons, the head's signature and the seal, then one personal attachment
// per person, each kept on one page, with the person's own signature line.
void governmentLetter(FormLayout& out, const FormDef& form, const QJsonObject& data, bool blank, int blankPersons) {
    reports::FlowSpec& spec = out.spec;
    const bool issue = form.purpose == FormPurpose::Issue;
    const QJsonArray persons = data.value(QStringLiteral("persons")).toArray();
    const int count = blank ? qMax(1, blankPersons) : int(persons.size());

    addFields(out, form.fields, data, blank, -1);
    spec.spacer(2);
    if (issue)
        spec.text(kkru(u"Осы хатпен келесі тұлғаларға Қазақстан Республикасының мемлекеттік органдарының "
                       u"куәландырушы орталығына тіркеу куәлігін жасау тапсырысын жолдаймыз.",
                       u"Настоящим письмом направляем в Удостоверяющий центр государственных органов Республики "
                       u"Казахстан заказ на изготовление регистрационных свидетельств следующим лицам."),
                  9);
    else
        spec.text(kkru(u"Осы хат арқылы тізімге сәйкес Қазақстан Республикасының мемлекеттік органдарының "
                       u"куәландырушы орталығымен берілген тіркеу куәліктерін кері қайтарып алуға (жоюға) өтінім "
                       u"жолдаймыз.",
                       u"Настоящим письмом направляем заявку на отзыв (аннулирование) регистрационных свидетельств, "
                       u"выданных Удостоверяющим центром государственных органов Республики Казахстан, согласно "
                       u"списку."),
                  9);
    spec.spacer(1);
    const QList<double> weights =
        issue ? QList<double>{0.45, 2.2, 1.8, 1.5, 0.9, 1.4} : QList<double>{0.55, 2.2, 1.8, 1.5, 2.2};
    QStringList head = {QStringLiteral("№")};
    head << QStringLiteral("Тегі, аты, әкесінің аты\nФамилия, имя, отчество") << QStringLiteral("Ұйым\nОрганизация")
         << QStringLiteral("Лауазымы\nДолжность");
    if (issue)
        head << QStringLiteral("Ел\nСтрана") << QStringLiteral("Облыс, аудан\nОбласть, район");
    else
        head << QStringLiteral("Тіркеу куәлігінің сериялық нөмірі\nСерийный номер регистрационного свидетельства");
    QStringList numbers;
    for (int i = 1; i <= head.size(); ++i)
        numbers << QString::number(i);
    spec.beginKeep(); // the heading rows with the first person
    spec.row(head, weights, true);
    spec.row(numbers, weights, true);
    for (int i = 0; i < count; ++i) {
        const QJsonObject p = blank ? QJsonObject() : persons.at(i).toObject();
        QStringList cells = {QString::number(i + 1), personName(p), p.value(QStringLiteral("organisation")).toString(),
                             p.value(QStringLiteral("position")).toString()};
        if (issue)
            cells << p.value(QStringLiteral("country")).toString() << p.value(QStringLiteral("region")).toString();
        else
            cells << p.value(QStringLiteral("cert_serial")).toString();
        spec.row(cells, weights);
        if (i == 0)
            spec.endKeep();
    }
    spec.endKeep();
    pad(out);

    // The head's signature, the date and the seal: together.
    spec.beginKeep();
    spec.spacer(3);
    spec.text(QStringLiteral("Күні / Дата: \"___\" ____________ 20___ ж. / г."), 9);
    spec.signature(kkru(u"Басшының қолы (аты, тегі)", u"Подпись руководителя (фамилия, имя)"));
    spec.text(QStringLiteral("М.О. / М.П."), 9, true);
    spec.endKeep();

    for (int i = 0; i < count; ++i) {
        const QJsonObject p = blank ? QJsonObject() : persons.at(i).toObject();
        spec.beginKeep();
        spec.spacer(4);
        spec.heading(QStringLiteral("Жеке қосымша № %1 / Персональное приложение № %1").arg(i + 1), 10.5, false);
        spec.text(issue ? kkru(u"Тіркеу куәлігін шығаруға өтінішке қосымша",
                               u"Приложение к заявлению на выпуск регистрационного свидетельства")
                        : kkru(u"Тіркеу куәлігін кері қайтарып алуға (жоюға) өтінішке қосымша",
                               u"Приложение к заявлению на отзыв (аннулирование) регистрационного свидетельства"),
                  8.5);
        spec.text(QStringLiteral("Мен, / Я,"), 9, true);
        addFields(out, form.personFields, p, blank, i);
        if (issue)
            spec.text(kkru(u"1. Электрондық цифрлық қолтаңбаның кілті мен электрондық цифрлық қолтаңбаның тіркеу "
                           u"куәлігін менің атыма жасауыңызды; 2. осы өтініште көрсетілген мәліметке сәйкес "
                           u"электрондық цифрлық қолтаңбаның ашық кілтін және менің тіркеу куәлігімді тіркеу "
                           u"куәліктерінің тіркелімінде тіркеуіңізді сұраймын.",
                           u"Прошу: 1. изготовить ключ электронной цифровой подписи и регистрационное "
                           u"свидетельство электронной цифровой подписи на моё имя; 2. зарегистрировать открытый ключ "
                           u"электронной цифровой подписи и моё регистрационное свидетельство в реестре "
                           u"регистрационных свидетельств в соответствии со сведениями настоящего заявления."),
                      8.5);
        else
            spec.text(kkru(u"Көрсетілген сериялық нөмірімен тіркеу куәлігін кері қайтаруды сұраймын.",
                           u"Прошу отозвать регистрационное свидетельство с указанным серийным номером."),
                      8.5);
        spec.text(QStringLiteral("Күні / Дата: \"___\" ____________ 20___ ж. / г."), 9);
        spec.signature(kkru(u"Қолы, Т.А.Ә.", u"Подпись, Ф.И.О."));
        spec.endKeep();
        pad(out);
    }
}

} // namespace

QString checkName(const QString& acroFieldName, const QString& choiceId) {
    return acroFieldName + u'-' + choiceId;
}

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
    spec.frame.details << legalSource(form);
    spec.frame.documentTitle = form.title.kk + QStringLiteral(" / ") + form.title.ru;
    if (blank)
        spec.text(QStringLiteral("Өрістерді толтырыңыз, * — міндетті өрістер. / Заполните поля, * — обязательные "
                                 "поля."),
                  8);
    if (form.hasPersons())
        governmentLetter(out, form, data, blank, blankPersons);
    else
        addFields(out, form.fields, data, blank, -1);
    pad(out);
    if (!form.attachments.isEmpty()) {
        spec.beginKeep();
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
        spec.endKeep();
    }
    // Consent, the signature, the date, the seal place and the receiving clerk: one block on one page.
    spec.beginKeep();
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
    if (!form.hasPersons()) { // a letter was signed by its head above
        if (organisation)
            spec.signature(kkru(u"Басшының қолы", u"Подпись руководителя"));
        else
            spec.signature(kkru(u"Өтініш берушінің қолы", u"Подпись заявителя"));
        spec.text(QStringLiteral("Күні / Дата: \"___\" ____________ 20___ ж. / г."), 9);
        if (organisation)
            spec.text(QStringLiteral("М.О. / М.П."), 9, true);
        spec.spacer(2);
    }
    spec.signature(kkru(u"Өтінішті қабылдаған қызметкер", u"Заявление принял сотрудник"));
    spec.endKeep();
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
        caName = ca->name; // by its name: the code is the register's internal key
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
