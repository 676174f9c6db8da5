// tirkeu-ocsp: the OCSP responder of a Tirkeu register (RFC 6960). See tirkeu-ocsp(8) and
// /etc/tirkeu/ocsp.conf. Thin: the answers are registry::OcspResponder's, HTTP is OcspHttpServer's.

#include "app/ocsp/OcspConfig.h"
#include "app/ocsp/OcspHttpServer.h"
#include "registry/ChangeNotifier.h"
#include "registry/RegisterLocation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

using namespace tirkeu;

namespace {

std::atomic<int> g_signal{0};

// The scheduled job renews a signer 7 days before its end (OCSP_RENEW_WITHIN_DAYS): one ending within 6 was not.
constexpr int kSignerWarningDays = 6;

void onSignal(int sig) {
    g_signal.store(sig);
}

void say(const QString& line) {
    const QByteArray bytes = QStringLiteral("tirkeu-ocsp: %1\n").arg(line).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int failed(const Error& e) {
    say(e.message);
    return int(e.code);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tirkeu-ocsp"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIRKEU_VERSION));

    QCommandLineParser cl;
    cl.setApplicationDescription(
        QCoreApplication::translate("tirkeu-ocsp", "OCSP responder (RFC 6960) of a Tirkeu register."));
    cl.addHelpOption();
    cl.addVersionOption();
    const QCommandLineOption configOpt(QStringLiteral("config"),
                                       QCoreApplication::translate("tirkeu-ocsp", "configuration file (default %1)")
                                           .arg(QLatin1String(ocsp::OcspConfig::kDefaultPath)),
                                       QStringLiteral("FILE"), QLatin1String(ocsp::OcspConfig::kDefaultPath));
    const QCommandLineOption registerOpt(QStringLiteral("register"),
                                         QCoreApplication::translate("tirkeu-ocsp", "register (overrides register =)"),
                                         QStringLiteral("LOCATION"));
    const QCommandLineOption listenOpt(QStringLiteral("listen"),
                                       QCoreApplication::translate("tirkeu-ocsp", "address (overrides listen =)"),
                                       QStringLiteral("ADDRESS"));
    const QCommandLineOption portOpt(
        QStringLiteral("port"),
        QCoreApplication::translate("tirkeu-ocsp", "port, 0 for any free one (overrides port =)"),
        QStringLiteral("PORT"));
    const QCommandLineOption portFileOpt(
        QStringLiteral("port-file"),
        QCoreApplication::translate("tirkeu-ocsp", "write the port listened on to this file once ready"),
        QStringLiteral("FILE"));
    const QCommandLineOption checkOpt(
        QStringLiteral("check"),
        QCoreApplication::translate("tirkeu-ocsp", "check the configuration, keys and certificates, then exit"));
    cl.addOptions({configOpt, registerOpt, listenOpt, portOpt, portFileOpt, checkOpt});
    cl.process(app);

    auto config = ocsp::OcspConfig::load(cl.value(configOpt));
    if (!config)
        return failed(config.error());
    if (cl.isSet(registerOpt)) {
        config->responder.location = cl.value(registerOpt);
        if (registry::RegisterLocation::holdsPassword(config->responder.location))
            say(QCoreApplication::translate("tirkeu-ocsp",
                                            "warning: the register address given with --register holds a password, "
                                            "which every user of this computer can read in the process list; put it "
                                            "in the configuration file (closed to other users) or in ~/.pgpass"));
    }
    if (cl.isSet(listenOpt))
        config->listen = cl.value(listenOpt);
    if (cl.isSet(portOpt)) {
        bool ok = false;
        config->port = cl.value(portOpt).toInt(&ok);
        if (!ok || config->port < 0 || config->port > 65535)
            return failed(
                makeError(ErrorCode::Usage, QCoreApplication::translate("tirkeu-ocsp", "--port is 0 to 65535.")));
    }
    if (config->responder.location.isEmpty())
        return failed(makeError(ErrorCode::Usage, QCoreApplication::translate(
                                                      "tirkeu-ocsp", "No register (register = … in [responder]).")));

    registry::OcspResponder responder(config->responder);
    if (Status s = responder.start(); !s)
        return failed(s.error());
    if (cl.isSet(checkOpt)) {
        say(QCoreApplication::translate("tirkeu-ocsp", "configuration OK: %1")
                .arg(responder.describeSigners().join(QStringLiteral("; "))));
        for (const QString& line : responder.signersEndingWithin(kSignerWarningDays))
            say(line);
        return 0;
    }

    ocsp::OcspHttpServer server(responder, *config);
    if (Status s = server.start(); !s)
        return failed(s.error());

    // A revocation shows within seconds: PostgreSQL pushes (LISTEN), SQLite is polled.
    const std::unique_ptr<registry::ChangeNotifier> watcher = responder.watchChanges(config->pollMs);
    registry::ChangeNotifier& notifier = *watcher;
    // A signer not renewed when due: said once per signer certificate, at start or when first seen so.
    QSet<QString> warned;
    auto warnEnding = [&responder, &warned] {
        for (const QString& line : responder.signersEndingWithin(kSignerWarningDays)) {
            if (!warned.contains(line))
                say(line);
            warned.insert(line);
        }
    };
    auto refresh = [&responder, &warnEnding](bool signers) {
        auto r = responder.refresh(signers);
        if (!r)
            say(QCoreApplication::translate("tirkeu-ocsp", "refresh failed: %1").arg(r.message()));
        if (signers)
            warnEnding();
    };
    QObject::connect(&notifier, &registry::ChangeNotifier::changed, &app, [&] { refresh(false); });
    // PostgreSQL that refuses LISTEN (e.g. behind a pooler in transaction mode): look for new
    // certificates and revocations (two indexed max-id queries) every poll_ms instead.
    QTimer changePoll;
    const bool pgPolled = !notifier.isPushed() && registry::RegisterLocation::isPostgresUrl(config->responder.location);
    if (pgPolled) {
        QObject::connect(&changePoll, &QTimer::timeout, &app, [&] { refresh(false); });
        changePoll.start(config->pollMs);
    }
    // Signing certificates expire and are renewed; CA certificates change: look again every minute.
    QTimer signerTimer;
    QObject::connect(&signerTimer, &QTimer::timeout, &app, [&] { refresh(true); });
    signerTimer.start(60 * 1000);

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    QTimer signalTimer;
    QObject::connect(&signalTimer, &QTimer::timeout, &app, [&] {
        const int sig = g_signal.exchange(0);
        if (sig == SIGHUP) {
            say(QCoreApplication::translate("tirkeu-ocsp", "SIGHUP: reloading the signing certificates"));
            refresh(true);
        } else if (sig != 0) {
            QCoreApplication::quit();
        }
    });
    signalTimer.start(200);

    if (cl.isSet(portFileOpt)) {
        QSaveFile f(cl.value(portFileOpt));
        const QByteArray text = QByteArray::number(server.port()) + '\n';
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit())
            return failed(
                makeError(ErrorCode::Io,
                          QCoreApplication::translate("tirkeu-ocsp", "Cannot write %1.").arg(cl.value(portFileOpt))));
    }
    say(QCoreApplication::translate("tirkeu-ocsp", "listening on %1 port %2 (%3 threads, register %4%5); CAs: %6")
            .arg(config->listen)
            .arg(server.port())
            .arg(config->threads)
            .arg(registry::RegisterLocation::redacted(config->responder.location),
                 notifier.isPushed() ? QStringLiteral(", changes pushed") : QStringLiteral(", changes polled"),
                 responder.describeSigners().join(QStringLiteral("; "))));
    warnEnding();
    const int rc = app.exec();
    server.stop();
    say(QCoreApplication::translate("tirkeu-ocsp", "stopped"));
    return rc;
}
