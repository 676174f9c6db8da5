#include "app/cli/ReportCommands.h"

#include "registry/PaperCopies.h"
#include "reports/CertificatePrint.h"
#include "reports/Reports.h"

#include <QFileInfo>

namespace tirkeu::cli {

void addReportCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<ReportCommand>());
    all.push_back(std::make_unique<CertificatePrintCommand>());
}

Result<QDate> dateOption(const po::variables_map& vm, const char* key) {
    if (!has(vm, key))
        return QDate();
    const QString text = qs(vm, key).trimmed();
    for (const QString& format : {QStringLiteral("yyyy-MM-dd"), QStringLiteral("dd.MM.yyyy")}) {
        const QDate d = QDate::fromString(text, format);
        if (d.isValid())
            return d;
    }
    return makeError(ErrorCode::Usage, ReportCommand::tr("Not a date (YYYY-MM-DD or DD.MM.YYYY): %1").arg(text));
}

QString ReportCommand::summary() const {
    QStringList names;
    for (reports::ReportKind k : reports::Reports::kinds())
        names << reports::Reports::id(k);
    return tr("Print a register or journal as PDF or CSV: %1").arg(names.join(QStringLiteral(", ")));
}

void ReportCommand::addOptions(po::options_description& d) const {
    d.add_options()("name", po::value<std::string>()->required()->value_name("NAME"),
                    tr("the report, e.g. issuance-journal").toStdString().c_str()) //
        ("ca", po::value<std::string>()->value_name("CODE"),
         tr("CA code (every report except audit-anchors)").toStdString().c_str()) //
        ("from", po::value<std::string>()->value_name("DATE"),
         tr("first day of the period (YYYY-MM-DD or DD.MM.YYYY)").toStdString().c_str()) //
        ("to", po::value<std::string>()->value_name("DATE"),
         tr("last day of the period (default: today)").toStdString().c_str()) //
        ("days", po::value<int>()->default_value(30),
         tr("expiring: certificates that expire within this many days").toStdString().c_str()) //
        ("format", po::value<std::string>()->default_value("pdf")->value_name("pdf|csv"),
         tr("output format").toStdString().c_str()) //
        ("separator", po::value<std::string>()->value_name(";|,"),
         tr("CSV: the field separator (default: \";\" in Kazakh and Russian, \",\" in English)")
             .toStdString()
             .c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE"), tr("output file").toStdString().c_str());
}

int ReportCommand::run(CliContext& ctx, const po::variables_map& vm) {
    const auto kind = reports::Reports::fromId(qs(vm, "name"));
    if (!kind) {
        QStringList names;
        for (reports::ReportKind k : reports::Reports::kinds())
            names << reports::Reports::id(k);
        return ctx.fail(ErrorCode::Usage,
                        tr("Unknown report %1. Reports: %2").arg(qs(vm, "name"), names.join(QStringLiteral(", "))));
    }
    const QString format = qs(vm, "format").toLower();
    if (format != u"pdf" && format != u"csv")
        return ctx.fail(ErrorCode::Usage, tr("The format is pdf or csv: %1").arg(format));
    auto from = dateOption(vm, "from");
    if (!from)
        return ctx.fail(from.error());
    auto to = dateOption(vm, "to");
    if (!to)
        return ctx.fail(to.error());
    if (from->isValid() && to->isValid() && *from > *to)
        return ctx.fail(ErrorCode::Usage, tr("The period ends before it starts."));
    reports::ReportRequest rq;
    rq.kind = *kind;
    rq.caCode = qs(vm, "ca");
    rq.from = *from;
    rq.to = *to;
    rq.days = vm["days"].as<int>();
    if (has(vm, "separator")) {
        const QString sep = qs(vm, "separator");
        if (sep != u";" && sep != u",")
            return ctx.fail(ErrorCode::Usage, tr("The CSV separator is \";\" or \",\": %1").arg(sep));
        rq.csvSeparator = sep.front();
    }
    if (reports::Reports::needsCa(rq.kind) && rq.caCode.isEmpty())
        return ctx.fail(ErrorCode::Usage, tr("The report %1 needs --ca CODE.").arg(qs(vm, "name")));
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    const QString out = qs(vm, "out");
    reports::Reports r(*reg, *session);
    qint64 rows = 0;
    Status saved = r.save(rq, format == u"pdf" ? reports::ReportFormat::Pdf : reports::ReportFormat::Csv, out,
                          [&](qint64 done, qint64) { rows = done; });
    if (!saved)
        return ctx.fail(saved.error());
    if (ctx.json()) {
        ctx.printJson(QJsonObject{{QStringLiteral("report"), reports::Reports::id(rq.kind)},
                                  {QStringLiteral("file"), QFileInfo(out).absoluteFilePath()},
                                  {QStringLiteral("format"), format},
                                  {QStringLiteral("rows"), rows}});
        return 0;
    }
    ctx.out() << tr("%1 written to %2 (%3 rows).").arg(reports::Reports::displayName(rq.kind), out).arg(rows)
              << Qt::endl;
    return 0;
}

QString CertificatePrintCommand::summary() const {
    return tr("Print the paper copy of an issued certificate (PDF)");
}

void CertificatePrintCommand::addOptions(po::options_description& d) const {
    d.add_options()("serial", po::value<std::string>()->required()->value_name("HEX"),
                    tr("certificate serial number").toStdString().c_str()) //
        ("ca", po::value<std::string>()->value_name("CODE"),
         tr("CA code (when the serial is not unique)").toStdString().c_str()) //
        ("blank-numbers", po::value<std::string>()->value_name("NUMBERS"),
         tr("the numbers of the blank forms the paper copy is printed on (GOV issuance journal, column 8; needs "
            "--ca; recorded once)")
             .toStdString()
             .c_str()) //
        ("out", po::value<std::string>()->required()->value_name("FILE.pdf"), tr("output file").toStdString().c_str());
}

int CertificatePrintCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    auto reg = *ctx.reg();
    // The document first (a certificate that cannot be printed records nothing), then the blanks it
    // goes on, then the file.
    auto spec = reports::CertificatePrint::build(*reg, *session, qs(vm, "ca"), qs(vm, "serial"));
    if (!spec)
        return ctx.fail(spec.error());
    if (has(vm, "blank-numbers")) {
        if (qs(vm, "ca").isEmpty())
            return ctx.fail(ErrorCode::Usage, tr("--blank-numbers needs --ca CODE."));
        if (Status s = registry::PaperCopies(*reg).recordBlankNumbers(*session, qs(vm, "ca"), qs(vm, "serial"),
                                                                      qs(vm, "blank-numbers"));
            !s)
            return ctx.fail(s.error());
    }
    if (Status s = reports::PdfRenderer::saveFlow(*spec, qs(vm, "out")); !s)
        return ctx.fail(s.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("file"), QFileInfo(qs(vm, "out")).absoluteFilePath()}});
    else
        ctx.out() << tr("Certificate printed to %1.").arg(qs(vm, "out")) << Qt::endl;
    return 0;
}

} // namespace tirkeu::cli
