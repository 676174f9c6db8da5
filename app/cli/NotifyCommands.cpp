#include "app/cli/NotifyCommands.h"

#include "app/cli/Table.h"
#include "registry/Clock.h"
#include "registry/Notifications.h"
#include "registry/Register.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tirkeu::cli {

void addNotifyCommands(std::vector<std::unique_ptr<Command>>& all) {
    all.push_back(std::make_unique<NotifyListCommand>());
    all.push_back(std::make_unique<NotifyQueueExpiringCommand>());
    all.push_back(std::make_unique<NotifySendCommand>());
}

QString NotifyListCommand::summary() const {
    return tr("List the notices to holders (revocation notices, expiry reminders), newest first");
}

void NotifyListCommand::addOptions(po::options_description& d) const {
    d.add_options()("state", po::value<std::string>()->value_name("queued|sent|failed"),
                    tr("only notices in this state").toStdString().c_str()) //
        ("limit", po::value<int>()->default_value(100), tr("at most this many notices").toStdString().c_str());
}

int NotifyListCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Notifications outbox(**ctx.reg());
    auto list = outbox.list(*session, qs(vm, "state"), vm["limit"].as<int>());
    if (!list)
        return ctx.fail(list.error());
    if (ctx.json()) {
        QJsonArray arr;
        for (const registry::Notification& n : *list)
            arr.append(QJsonObject{{QStringLiteral("id"), n.id},
                                   {QStringLiteral("kind"), n.kind},
                                   {QStringLiteral("serial"), n.serial},
                                   {QStringLiteral("recipient"), n.recipient},
                                   {QStringLiteral("state"), n.state},
                                   {QStringLiteral("attempts"), n.attempts},
                                   {QStringLiteral("last_error"), n.lastError},
                                   {QStringLiteral("created_at"), isoTime(n.createdAt)},
                                   {QStringLiteral("next_attempt_at"), isoTime(n.nextAttemptAt)},
                                   {QStringLiteral("sent_at"), n.sentAt.isValid() ? isoTime(n.sentAt) : QString()},
                                   {QStringLiteral("subject"), n.subject},
                                   {QStringLiteral("body"), n.body}});
        ctx.printJson(arr);
        return 0;
    }
    Table t({tr("No."), tr("Kind"), tr("Serial"), tr("To"), tr("State"), tr("Attempts"), tr("Last error")});
    for (const registry::Notification& n : *list)
        t.add({QString::number(n.id), n.kind == u"expiry" ? tr("expiry reminder") : tr("revocation notice"), n.serial,
               n.recipient,
               n.state == u"sent"     ? tr("sent %1").arg(registry::displayDateTime(n.sentAt))
               : n.state == u"failed" ? tr("failed")
                                      : tr("queued"),
               QString::number(n.attempts), n.lastError});
    t.print(ctx.out());
    return 0;
}

QString NotifyQueueExpiringCommand::summary() const {
    return tr("Queue an expiry reminder for every valid certificate that ends within N days and has none yet");
}

void NotifyQueueExpiringCommand::addOptions(po::options_description& d) const {
    d.add_options()("days", po::value<int>()->default_value(30)->value_name("N"),
                    tr("certificates that end within this many days").toStdString().c_str());
}

int NotifyQueueExpiringCommand::run(CliContext& ctx, const po::variables_map& vm) {
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Notifications outbox(**ctx.reg());
    auto queued = outbox.queueExpiryReminders(*session, vm["days"].as<int>());
    if (!queued)
        return ctx.fail(queued.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("queued"), *queued}});
    else
        ctx.out() << tr("%n expiry reminder(s) queued.", nullptr, *queued) << Qt::endl;
    return 0;
}

QString NotifySendCommand::summary() const {
    return tr("Send the queued notices that are due by e-mail (SMTP); failures are retried later");
}

void NotifySendCommand::addOptions(po::options_description& d) const {
    d.add_options()(
        "smtp", po::value<std::string>()->required()->value_name("URL"),
        tr("the mail server: smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT").toStdString().c_str()) //
        ("from", po::value<std::string>()->required()->value_name("ADDRESS"),
         tr("the sender address of the notices").toStdString().c_str()) //
        ("smtp-user", po::value<std::string>()->value_name("LOGIN"),
         tr("SMTP login (then TLS is required)").toStdString().c_str()) //
        ("smtp-password-file", po::value<std::string>()->value_name("FILE"),
         tr("file whose first line is the SMTP password").toStdString().c_str()) //
        ("max-attempts", po::value<int>()->default_value(5)->value_name("N"),
         tr("give a notice up after this many failed attempts").toStdString().c_str());
}

int NotifySendCommand::run(CliContext& ctx, const po::variables_map& vm) {
    registry::SmtpSettings smtp;
    smtp.url = qs(vm, "smtp");
    smtp.from = qs(vm, "from");
    smtp.user = qs(vm, "smtp-user");
    if (!smtp.user.isEmpty()) {
        if (!has(vm, "smtp-password-file"))
            return ctx.fail(ErrorCode::Usage, tr("--smtp-user needs --smtp-password-file FILE."));
        auto password = CliContext::readSecret(qs(vm, "smtp-password-file"), "", tr("SMTP password"));
        if (!password)
            return ctx.fail(password.error());
        smtp.password = *password;
    }
    auto session = ctx.session();
    if (!session)
        return ctx.fail(session.error());
    registry::Notifications outbox(**ctx.reg());
    auto report = outbox.send(*session, smtp, vm["max-attempts"].as<int>());
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json())
        ctx.printJson(QJsonObject{{QStringLiteral("sent"), report->sent},
                                  {QStringLiteral("retry_later"), report->retryLater},
                                  {QStringLiteral("failed"), report->gaveUp},
                                  {QStringLiteral("refused"), report->refused},
                                  {QStringLiteral("errors"), QJsonArray::fromStringList(report->errors)}});
    else
        ctx.out() << tr("Notices sent: %1; to retry later: %2; given up: %3.")
                         .arg(report->sent)
                         .arg(report->retryLater)
                         .arg(report->gaveUp)
                  << Qt::endl;
    for (const QString& e : report->errors)
        ctx.err() << e << Qt::endl;
    // A notice changed or added outside Tirkeu: the register's evidence is in question (exit 8).
    if (report->refused > 0)
        return int(ErrorCode::Integrity);
    // Not everything went out: a non-zero exit for the scheduled job's log (the notices stay queued).
    return report->retryLater + report->gaveUp > 0 ? int(ErrorCode::Io) : 0;
}

} // namespace tirkeu::cli
