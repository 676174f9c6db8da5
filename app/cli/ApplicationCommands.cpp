#include "app/cli/ApplicationCommands.h"

#include "app/cli/Table.h"
#include "forms/StrictJson.h"
#include "forms/pdf/FormImport.h"
#include "pki/InputFiles.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/Language.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QJsonArray>

namespace tirkeu::cli {

using registry::ApplicationRecord;
using registry::Applications;

void addApplicationCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<ApplicationSubmitCommand>());
    all.push_back(std::make_unique<ApplicationListCommand>());
    all.push_back(std::make_unique<ApplicationShowCommand>());
    all.push_back(std::make_unique<ApplicationDecideCommand>(ApplicationDecideCommand::Action::Approve));
    all.push_back(std::make_unique<ApplicationDecideCommand>(ApplicationDecideCommand::Action::Reject));
    all.push_back(std::make_unique<ApplicationDecideCommand>(ApplicationDecideCommand::Action::Done));
    all.push_back(std::make_unique<ApplicationRefusalReasonsCommand>());
}

namespace {

// A value read from a PDF as one line of text: a list of choices comma-separated, anything else as JSON writes it.
QString importedText(const QJsonValue& v) {
    if (v.isString())
        return v.toString();
    if (v.isArray()) {
        QStringList items;
        for (const QJsonValue& item : v.toArray())
            items << importedText(item);
        return items.join(QStringLiteral(", "));
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::number(v.toDouble());
}

// "key: value" lines of what was read from a PDF (persons as persons[N].key), escaped by printLine: a viewer shows
// a field's appearance, the register gets its value (attack of session 27, F8), so the operator compares these
// lines with the applicant's documents.
void printImported(QTextStream& out, const QJsonObject& data) {
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key() == u"persons" && it.value().isArray()) {
            const QJsonArray persons = it.value().toArray();
            for (qsizetype p = 0; p < persons.size(); ++p) {
                const QJsonObject row = persons[p].toObject();
                for (auto f = row.begin(); f != row.end(); ++f)
                    printLine(out, QStringLiteral("  persons[%1].%2: %3").arg(p + 1).arg(f.key(), importedText(*f)));
            }
            continue;
        }
        printLine(out, QStringLiteral("  %1: %2").arg(it.key(), importedText(it.value())));
    }
}

QJsonObject toJson(const ApplicationRecord& a) {
    QJsonArray attachments;
    for (const QString& s : a.attachments)
        attachments.append(s);
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("ca"), a.caCode},
            {QStringLiteral("form"), a.formCode},
            {QStringLiteral("status"), Applications::statusId(a.status)},
            {QStringLiteral("subject"), a.subject},
            {QStringLiteral("applicant"), a.applicantName},
            {QStringLiteral("received_at"), isoTime(a.receivedAt)},
            {QStringLiteral("deadline"), a.deadline.isValid() ? a.deadline.toString(Qt::ISODate) : QString()},
            {QStringLiteral("overdue"), a.overdue},
            {QStringLiteral("due_today"), a.dueToday},
            {QStringLiteral("registered_by"), a.registeredBy},
            {QStringLiteral("decided_by"), a.decidedBy},
            {QStringLiteral("decided_at"), isoTime(a.decidedAt)},
            {QStringLiteral("reject_reason_code"), a.rejectReasonCode},
            {QStringLiteral("reject_reason"), registry::Applications::refusalText(a)},
            {QStringLiteral("reject_note"), a.rejectReason},
            {QStringLiteral("completed_at"), isoTime(a.completedAt)},
            {QStringLiteral("consent"), a.consent},
            {QStringLiteral("identification"), a.identification},
            {QStringLiteral("missing_documents"), QJsonArray::fromStringList(a.missingDocuments)},
            {QStringLiteral("attachments"), attachments},
            {QStringLiteral("data"), a.data}};
}

Result<qint64> idOption(const po::variables_map& vm) {
    bool ok = false;
    const qint64 id = qs(vm, "id").toLongLong(&ok);
    if (!ok || id <= 0)
        return makeError(ErrorCode::Usage, ApplicationShowCommand::tr("An application number is a positive whole "
                                                                      "number: %1")
                                               .arg(qs(vm, "id")));
    return id;
}

} // namespace

QString ApplicationSubmitCommand::summary() const {
    return tr("Register a filled-in official form (the form data as JSON; field ids from tirkeu-cli form show)");
}

void ApplicationSubmitCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->required()->value_name("CODE"),
                    tr("CA code").toStdString().c_str()) //
        ("form", po::value<std::string>()->value_name("CODE"),
         tr("form code, e.g. NCA-ISSUE-IND (with --pdf: the PDF must be this form)").toStdString().c_str()) //
        ("data", po::value<std::string>()->value_name("FILE.json"),
         tr("the form data: a JSON object keyed by field id").toStdString().c_str()) //
        ("pdf", po::value<std::string>()->value_name("FILE.pdf"),
         tr("the form data: a filled-in template (tirkeu-cli form template)").toStdString().c_str()) //
        ("attachments", po::value<std::string>()->value_name("ID,ID"),
         tr("attachments checked as present, comma-separated").toStdString().c_str())                            //
        ("consent", tr("the applicant's consent to personal-data processing is recorded").toStdString().c_str()) //
        ("identified-by", po::value<std::string>()->value_name("METHOD"),
         tr("how the holder was identified: in_person (identity document), centre_biometric or remote_biometric")
             .toStdString()
             .c_str()) //
        ("documents-missing", tr("received without some required attachments: registered only to be refused on "
                                 "that ground (application reject --reason-code ...-DOCS-MISSING)")
                                  .toStdString()
                                  .c_str()) //
        ("received", po::value<std::string>()->value_name("DATETIME"),
         tr("when the application was received (ISO 8601; default: now)").toStdString().c_str()) //
        ("replaces", po::value<std::string>()->value_name("HEX"),
         tr("re-issue: the serial of the certificate of this CA the new one replaces").toStdString().c_str());
}

int ApplicationSubmitCommand::run(CliContext& ctx, const po::variables_map& vm) {
    if (has(vm, "data") == has(vm, "pdf"))
        return ctx.fail(ErrorCode::Usage, tr("Give the form data either as --data FILE.json or as --pdf FILE.pdf."));
    forms::Submission submission;
    QString formCode = qs(vm, "form");
    if (has(vm, "pdf")) {
        // The values of a filled-in template go through the same validation as typed data (twice:
        // the import checks the fields, the registry the whole submission).
        auto imported = forms::pdf::FormImport::readFile(qs(vm, "pdf"), formCode, registry::Language::current());
        if (!imported)
            return ctx.fail(imported.error());
        submission.data = imported->data;
        formCode = imported->formCode;
    } else {
        if (formCode.isEmpty())
            return ctx.fail(ErrorCode::Usage, tr("--data needs --form CODE."));
        const QString dataFile = qs(vm, "data");
        auto bytes = pki::InputFiles::read(dataFile);
        if (!bytes)
            return ctx.fail(bytes.error());
        QString problem;
        const std::optional<QJsonObject> data = forms::StrictJson::formData(*bytes, &problem);
        if (!data)
            return ctx.fail(ErrorCode::Invalid, tr("%1: %2").arg(dataFile, problem));
        submission.data = *data;
    }
    submission.consent = has(vm, "consent");
    submission.identification = qs(vm, "identified-by").trimmed();
    submission.documentsMissing = has(vm, "documents-missing");
    for (const QString& a : qs(vm, "attachments").split(u',', Qt::SkipEmptyParts))
        submission.attachments << a.trimmed();
    QDateTime received;
    if (has(vm, "received")) {
        received = QDateTime::fromString(qs(vm, "received"), Qt::ISODate);
        if (!received.isValid())
            return ctx.fail(ErrorCode::Usage, tr("Not an ISO 8601 date and time: %1").arg(qs(vm, "received")));
        if (received.timeSpec() == Qt::LocalTime)
            received = QDateTime(received.date(), received.time(), registry::Clock::zone());
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    if (has(vm, "replaces") && has(vm, "received"))
        return ctx.fail(ErrorCode::Usage, tr("A re-issue (--replaces) is received now; drop --received."));
    auto id = has(vm, "replaces") ? reg->applications().submitReplacement(*session, qs(vm, "ca"), qs(vm, "replaces"),
                                                                          formCode, submission)
                                  : reg->applications().submit(*session, qs(vm, "ca"), formCode, submission, received);
    if (!id)
        return ctx.fail(id.error());
    auto rec = reg->applications().get(*session, *id);
    if (!rec)
        return ctx.fail(rec.error());
    if (ctx.json()) {
        ctx.printJson(toJson(*rec));
        return 0;
    }
    ctx.out() << tr("Application %1 registered at %2.").arg(*id).arg(registry::displayDateTime(rec->receivedAt));
    if (rec->deadline.isValid())
        ctx.out() << ' ' << tr("Legal deadline: %1.").arg(registry::displayDate(rec->deadline));
    ctx.out() << Qt::endl;
    if (has(vm, "pdf")) {
        ctx.out() << tr("Values registered from the PDF (check them against the applicant's documents):") << '\n';
        printImported(ctx.out(), submission.data);
        ctx.out().flush();
    }
    return 0;
}

QString ApplicationListCommand::summary() const {
    return tr("List applications with their status and deadline");
}

void ApplicationListCommand::addOptions(po::options_description& d) const {
    d.add_options()("ca", po::value<std::string>()->value_name("CODE"), tr("only this CA").toStdString().c_str()) //
        ("form", po::value<std::string>()->value_name("CODE"), tr("only this form").toStdString().c_str())        //
        ("status", po::value<std::string>()->value_name("STATUS"),
         tr("registered, approved, rejected or done").toStdString().c_str())                  //
        ("open", tr("only open applications (registered or approved)").toStdString().c_str()) //
        ("subject", po::value<std::string>()->value_name("IIN|BIN"),
         tr("only this IIN or BIN").toStdString().c_str())                                                  //
        ("limit", po::value<int>()->default_value(200), tr("at most this many rows").toStdString().c_str()) //
        ("offset", po::value<int>()->default_value(0), tr("skip this many rows").toStdString().c_str());
}

int ApplicationListCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::ApplicationFilter f;
    f.caCode = qs(vm, "ca");
    f.formCode = qs(vm, "form");
    f.subject = qs(vm, "subject");
    f.openOnly = has(vm, "open");
    f.limit = vm["limit"].as<int>();
    f.offset = vm["offset"].as<int>();
    if (has(vm, "status")) {
        registry::ApplicationStatus s;
        if (!Applications::statusFromId(qs(vm, "status"), &s))
            return ctx.fail(ErrorCode::Usage, tr("Unknown status %1.").arg(qs(vm, "status")));
        f.status = s;
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto list = (*ctx.reg())->applications().list(*session, f);
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const auto& a : *list)
            arr.append(toJson(a));
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("No."), tr("CA"), tr("Form"), tr("Status"), tr("Received"), tr("Deadline"), tr("IIN/BIN"),
             tr("Applicant")});
    for (const auto& a : *list) {
        QString deadline = registry::displayDate(a.deadline);
        if (a.overdue)
            deadline += QStringLiteral(" ") + tr("OVERDUE");
        else if (a.dueToday)
            deadline += QStringLiteral(" ") + tr("due today");
        t.add({QString::number(a.id), a.caCode, a.formCode, Applications::statusName(a.status),
               registry::displayDateTime(a.receivedAt), deadline, a.subject, a.applicantName});
    }
    t.print(ctx.out());
    return 0;
}

QString ApplicationShowCommand::summary() const {
    return tr("Show one application with its history");
}

void ApplicationShowCommand::addOptions(po::options_description& d) const {
    d.add_options()("id", po::value<std::string>()->required()->value_name("ID"),
                    tr("application number").toStdString().c_str());
}

int ApplicationShowCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto id = idOption(vm);
    if (!id)
        return ctx.fail(id.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    auto rec = reg->applications().get(*session, *id);
    if (!rec)
        return ctx.fail(rec.error());
    auto history = reg->applications().history(*session, *id);
    if (!history)
        return ctx.fail(history.error());
    // A re-issue names the certificate it replaces, which issuing it may revoke: the approving officer sees it.
    auto replaced = reg->applications().replacedSerial(*session, *id);
    if (!replaced)
        return ctx.fail(replaced.error());
    if (ctx.json()) {
        QJsonObject o = toJson(*rec);
        if (!replaced->isEmpty())
            o.insert(QStringLiteral("replaces_certificate"), *replaced);
        QJsonArray h;
        for (const auto& e : *history)
            h.append(QJsonObject{{QStringLiteral("status"), Applications::statusId(e.status)},
                                 {QStringLiteral("at"), isoTime(e.at)},
                                 {QStringLiteral("operator"), e.operatorLogin},
                                 {QStringLiteral("note"), e.note}});
        o.insert(QStringLiteral("history"), h);
        QJsonArray ends;
        for (const registry::EmploymentEndReport& r : rec->employmentEndReports)
            ends.append(QJsonObject{{QStringLiteral("person"), r.person + 1},
                                    {QStringLiteral("iin"), r.iin},
                                    {QStringLiteral("left_on"), r.endedOn.toString(Qt::ISODate)},
                                    {QStringLiteral("reported_on"), r.reportedOn.toString(Qt::ISODate)},
                                    {QStringLiteral("days_after"), r.daysAfter},
                                    {QStringLiteral("limit_days"), r.limitDays},
                                    {QStringLiteral("late"), r.late}});
        if (!ends.isEmpty())
            o.insert(QStringLiteral("employment_end_reports"), ends);
        ctx.printJson(o);
        return 0;
    }
    // One field a line, each through printLine: the register's text (names, e-mail, notes) is shown, never obeyed.
    QTextStream& o = ctx.out();
    printLine(o, tr("Application %1: %2, CA %3").arg(rec->id).arg(rec->formCode, rec->caCode));
    printLine(o, tr("Status: %1").arg(Applications::statusName(rec->status)));
    printLine(o, tr("Applicant: %1 (%2)").arg(rec->applicantName, rec->subject));
    printLine(o, tr("Received: %1").arg(registry::displayDateTime(rec->receivedAt)));
    if (!replaced->isEmpty())
        printLine(o, tr("Re-issue: replaces the certificate %1").arg(*replaced));
    if (rec->deadline.isValid())
        printLine(o, tr("Deadline: %1").arg(registry::displayDate(rec->deadline)) +
                         (rec->overdue ? QStringLiteral(" ") + tr("OVERDUE") : QString()));
    if (const QString refusal = Applications::refusalText(*rec); !refusal.isEmpty())
        printLine(o, tr("Rejected because: %1").arg(refusal));
    if (!rec->identification.isEmpty())
        printLine(o, tr("Holder identified: %1").arg(registry::Rules::identificationLabel(rec->identification)));
    for (const registry::EmploymentEndReport& r : rec->employmentEndReports)
        printLine(o,
                  tr("Person %1 (%2) left the job on %3; reported %n day(s) later", nullptr, r.daysAfter)
                          .arg(r.person + 1)
                          .arg(r.iin, registry::displayDate(r.endedOn)) +
                      (r.late ? QStringLiteral(" ") + tr("LATE (limit %n day(s))", nullptr, r.limitDays) : QString()));
    if (!rec->missingDocuments.isEmpty())
        printLine(o, tr("Documents missing: %1").arg(rec->missingDocuments.join(QStringLiteral(", "))));
    printLine(o, tr("Consent recorded: %1").arg(rec->consent ? tr("yes") : tr("no")));
    printLine(o, tr("Attachments: %1").arg(rec->attachments.join(QStringLiteral(", "))));
    printLine(o, tr("Form data:"));
    for (auto it = rec->data.begin(); it != rec->data.end(); ++it) {
        const QJsonValue v = it.value();
        const QString text = v.isString() ? v.toString()
                             : v.isArray()
                                 ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                                 : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
        printLine(o, QStringLiteral("  ") + it.key() + QStringLiteral(": ") + text);
    }
    printLine(o, tr("History:"));
    for (const auto& e : *history)
        printLine(o, QStringLiteral("  ") + registry::displayDateTime(e.at) + QStringLiteral("  ") +
                         Applications::statusName(e.status) + QStringLiteral("  ") + e.operatorLogin +
                         (e.note.isEmpty() ? QString() : QStringLiteral("  ") + e.note));
    o.flush();
    return 0;
}

QString ApplicationDecideCommand::name() const {
    switch (m_action) {
    case Action::Approve:
        return QStringLiteral("application approve");
    case Action::Reject:
        return QStringLiteral("application reject");
    case Action::Done:
        return QStringLiteral("application done");
    }
    return {};
}

QString ApplicationDecideCommand::summary() const {
    switch (m_action) {
    case Action::Approve:
        return tr("Approve an application (CA officers; never one you registered)");
    case Action::Reject:
        return tr("Refuse an application on one of its CA's grounds (CA officers; never one you registered)");
    case Action::Done:
        return tr("Mark an approved application done");
    }
    return {};
}

void ApplicationDecideCommand::addOptions(po::options_description& d) const {
    d.add_options()("id", po::value<std::string>()->required()->value_name("ID"),
                    tr("application number").toStdString().c_str());
    if (m_action == Action::Reject) {
        // The built-in rules' codes (a loaded rules file may differ: application refusal-reasons lists those).
        QStringList codes;
        const registry::RulesFile& builtIn = registry::RulesBook::builtIn();
        for (const QList<registry::RefusalReason>& reasons : builtIn.editions.last().refusalReasons)
            for (const registry::RefusalReason& r : reasons)
                codes << r.code;
        d.add_options()("reason-code", po::value<std::string>()->required()->value_name("CODE"),
                        tr("the ground of refusal, one of the CA's: %1 (see application refusal-reasons)")
                            .arg(codes.join(QStringLiteral(", ")))
                            .toStdString()
                            .c_str()) //
            ("note", po::value<std::string>()->value_name("TEXT"),
             tr("free text added to the ground (optional)").toStdString().c_str());
    } else
        d.add_options()("note", po::value<std::string>()->value_name("TEXT"),
                        tr("a note for the history").toStdString().c_str());
}

int ApplicationDecideCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto id = idOption(vm);
    if (!id)
        return ctx.fail(id.error());
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto& apps = (*ctx.reg())->applications();
    Status s = m_action == Action::Approve  ? apps.approve(*session, *id, qs(vm, "note"))
               : m_action == Action::Reject ? apps.reject(*session, *id, qs(vm, "reason-code"), qs(vm, "note"))
                                            : apps.markDone(*session, *id, qs(vm, "note"));
    if (!s)
        return ctx.fail(s.error());
    auto rec = apps.get(*session, *id);
    if (!rec)
        return ctx.fail(rec.error());
    if (ctx.json())
        ctx.printJson(toJson(*rec));
    else
        ctx.out() << tr("Application %1 is now %2.").arg(*id).arg(Applications::statusName(rec->status)) << Qt::endl;
    return 0;
}

QString ApplicationRefusalReasonsCommand::summary() const {
    return tr("List the grounds on which each kind of CA refuses an application (codes for application reject)");
}

void ApplicationRefusalReasonsCommand::addOptions(po::options_description& d) const {
    d.add_options()("kind", po::value<std::string>()->value_name("KIND"),
                    tr("only this kind of CA: root, national or government").toStdString().c_str());
}

int ApplicationRefusalReasonsCommand::run(CliContext& ctx, const po::variables_map& vm) {
    QList<forms::CaKind> kinds{forms::CaKind::Root, forms::CaKind::National, forms::CaKind::Government};
    if (has(vm, "kind")) {
        forms::CaKind kind;
        if (!forms::caKindFromId(qs(vm, "kind").trimmed().toLower(), &kind))
            return ctx.fail(ErrorCode::Usage,
                            tr("Unknown kind of CA %1: root, national or government.").arg(qs(vm, "kind")));
        kinds = {kind};
    }
    auto reg = ctx.reg();
    if (!reg)
        return ctx.fail(reg.error());
    // The grounds of the rules in force (RulesBook: the built-in file or the one an administrator loaded).
    auto rules = (*reg)->rules().at();
    if (!rules)
        return ctx.fail(rules.error());
    QJsonArray out;
    for (forms::CaKind kind : std::as_const(kinds))
        for (const registry::RefusalReason& r : rules->refusalReasons.value(kind))
            out.append(QJsonObject{{QStringLiteral("kind"), forms::caKindId(kind)},
                                   {QStringLiteral("code"), r.code},
                                   {QStringLiteral("clause"), r.clause},
                                   {QStringLiteral("label"), r.label()},
                                   {QStringLiteral("kk"), r.kk},
                                   {QStringLiteral("ru"), r.ru}});
    if (ctx.json()) {
        ctx.printJson(out);
        return 0;
    }
    QTextStream& o = ctx.out();
    for (const QJsonValue& v : std::as_const(out)) {
        const QJsonObject r = v.toObject();
        printLine(o, r.value(QStringLiteral("code")).toString() + QStringLiteral("  (") +
                         r.value(QStringLiteral("kind")).toString() + QStringLiteral(", ") +
                         r.value(QStringLiteral("clause")).toString() + QStringLiteral(")  ") +
                         r.value(QStringLiteral("label")).toString());
    }
    o.flush();
    return 0;
}

} // namespace tirkeu::cli
