#include "app/cli/FormCommands.h"

#include "app/cli/Table.h"
#include "forms/FormDefinition.h"
#include "registry/Language.h"

#include <QJsonArray>

namespace tirkeu::cli {

void addFormCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<FormListCommand>());
    all.push_back(std::make_unique<FormShowCommand>());
}

namespace {
QJsonArray fieldsJson(const QList<forms::FieldDef>& fields) {
    QJsonArray arr;
    for (const forms::FieldDef& f : fields) {
        QJsonObject o{{QStringLiteral("id"), f.id},
                      {QStringLiteral("type"), forms::fieldTypeId(f.type)},
                      {QStringLiteral("required"), f.required},
                      {QStringLiteral("label_kk"), f.label.kk},
                      {QStringLiteral("label_ru"), f.label.ru},
                      {QStringLiteral("label_en"), f.label.en}};
        if (f.maxLength > 0)
            o.insert(QStringLiteral("max_length"), f.maxLength);
        if (!f.choices.isEmpty()) {
            QJsonArray choices;
            for (const auto& c : f.choices)
                choices.append(c.id);
            o.insert(QStringLiteral("choices"), choices);
        }
        arr.append(o);
    }
    return arr;
}
} // namespace

QString FormListCommand::summary() const {
    return tr("List the official forms");
}

int FormListCommand::run(CliContext& ctx, const po::variables_map&) {
    const QString lang = registry::Language::current();
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& f : forms::FormCatalog::all())
            arr.append(QJsonObject{{QStringLiteral("code"), f.code},
                                   {QStringLiteral("ca_kind"), forms::caKindId(f.caKind)},
                                   {QStringLiteral("title"), f.title.in(lang)}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("Form"), tr("CA kind"), tr("Title")});
    for (const auto& f : forms::FormCatalog::all())
        t.add({f.code, forms::caKindId(f.caKind), f.title.in(lang)});
    t.print(ctx.out());
    return 0;
}

QString FormShowCommand::summary() const {
    return tr("Show a form's fields: the JSON keys of application submit --data");
}

void FormShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("form", po::value<std::string>()->required()->value_name("CODE"),
                    tr("form code, e.g. NCA-ISSUE-IND").toStdString().c_str());
}

int FormShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const forms::FormDef* form = forms::FormCatalog::find(qs(vm, "form"));
    if (!form)
        return ctx.fail(
            ErrorCode::NotFound,
            tr("Unknown form %1. Known forms: %2").arg(qs(vm, "form"), forms::FormCatalog::codes().join(u", ")));
    const QString lang = registry::Language::current();
    if (ctx.json()) {
        QJsonArray attachments;
        for (const auto& a : form->attachments)
            attachments.append(QJsonObject{{QStringLiteral("id"), a.id}, {QStringLiteral("required"), a.required}});
        ctx.printJson(QJsonObject{{QStringLiteral("code"), form->code},
                                  {QStringLiteral("ca_kind"), forms::caKindId(form->caKind)},
                                  {QStringLiteral("title_kk"), form->title.kk},
                                  {QStringLiteral("title_ru"), form->title.ru},
                                  {QStringLiteral("source"), form->source},
                                  {QStringLiteral("fields"), fieldsJson(form->fields)},
                                  {QStringLiteral("person_fields"), fieldsJson(form->personFields)},
                                  {QStringLiteral("attachments"), attachments},
                                  {QStringLiteral("consent_required"), form->consentRequired},
                                  {QStringLiteral("deadline_working_days"), form->deadlineWorkingDays}});
        return 0;
    }
    QTextStream& o = ctx.out();
    o << form->code << " — " << form->title.in(lang) << '\n' << form->source << "\n\n";
    auto print = [&](const QList<forms::FieldDef>& fields) {
        Table t({tr("Field id"), tr("Type"), tr("Required"), tr("Label")});
        for (const auto& f : fields) {
            QString type = forms::fieldTypeId(f.type);
            if (!f.choices.isEmpty()) {
                QStringList ids;
                for (const auto& c : f.choices)
                    ids << c.id;
                type += QStringLiteral(" (") + ids.join(u'|') + u')';
            }
            t.add({f.id, type, f.required ? tr("yes") : tr("no"), f.label.in(lang)});
        }
        t.print(o);
    };
    print(form->fields);
    if (form->hasPersons()) {
        o << '\n' << tr("Each entry of \"persons\":") << '\n';
        print(form->personFields);
    }
    if (!form->attachments.isEmpty()) {
        o << '\n' << tr("Attachments (--attachments):") << '\n';
        for (const auto& a : form->attachments)
            o << "  " << a.id << (a.required ? QString() : tr(" (optional)")) << " — " << a.label.in(lang) << '\n';
    }
    if (form->consentRequired)
        o << '\n' << tr("Consent to personal-data processing must be recorded (--consent).") << '\n';
    o.flush();
    return 0;
}

} // namespace tirkeu::cli
