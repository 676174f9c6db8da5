#include "app/cli/FormCommands.h"

#include "app/cli/Table.h"
#include "forms/FormDefinition.h"
#include "forms/pdf/FormPrint.h"
#include "forms/pdf/FormTemplate.h"
#include "registry/Language.h"

#include <QFileInfo>
#include <QJsonArray>

namespace tirkeu::cli {

void addFormCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<FormListCommand>());
    all.push_back(std::make_unique<FormShowCommand>());
    all.push_back(std::make_unique<FormPrintCommand>());
    all.push_back(std::make_unique<FormTemplateCommand>());
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
        if (!f.onPaper)
            o.insert(QStringLiteral("on_paper"), false);
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

QString FormPrintCommand::summary() const {
    return tr("Print the filled-in form of an application (PDF) for the applicant's signature");
}

void FormPrintCommand::addOptions(po::options_description& d) const {
    d.add_options()("application", po::value<std::string>()->required()->value_name("N"),
                    tr("application number").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE.pdf"), tr("output file").toStdString().c_str());
}

int FormPrintCommand::run(CliContext& ctx, const po::variables_map& vm) {
    bool ok = false;
    const qint64 id = qs(vm, "application").toLongLong(&ok);
    if (!ok || id <= 0)
        return ctx.fail(ErrorCode::Usage,
                        tr("An application number is a positive whole number: %1").arg(qs(vm, "application")));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    if (Status s = forms::pdf::FormPrint::saveApplication(*reg, *session, id, qs(vm, "out")); !s)
        return ctx.fail(s.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("application"), id},
                                  {QStringLiteral("file"), QFileInfo(qs(vm, "out")).absoluteFilePath()}});
    else
        ctx.out() << tr("Application %1 printed to %2.").arg(id).arg(qs(vm, "out")) << Qt::endl;
    return 0;
}

QString FormTemplateCommand::summary() const {
    return tr("Write the fillable PDF template of a form (fields named after the form's field ids)");
}

void FormTemplateCommand::addOptions(po::options_description& d) const {
    d.add_options()("form", po::value<std::string>()->required()->value_name("CODE"),
                    tr("form code, e.g. NCA-ISSUE-IND").toStdString().c_str()) //
        ("persons", po::value<int>()->default_value(1),
         tr("GOV letters: how many personal attachments (1 to 20)").toStdString().c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE.pdf"), tr("output file").toStdString().c_str());
}

int FormTemplateCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const forms::FormDef* form = forms::FormCatalog::find(qs(vm, "form"));
    if (!form)
        return ctx.fail(
            ErrorCode::NotFound,
            tr("Unknown form %1. Known forms: %2").arg(qs(vm, "form"), forms::FormCatalog::codes().join(u", ")));
    if (Status s = forms::pdf::FormTemplate::save(*form, qs(vm, "out"), vm["persons"].as<int>()); !s)
        return ctx.fail(s.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("form"), form->code},
                                  {QStringLiteral("file"), QFileInfo(qs(vm, "out")).absoluteFilePath()}});
    else
        ctx.out() << tr("Template of %1 written to %2.").arg(form->code, qs(vm, "out")) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
