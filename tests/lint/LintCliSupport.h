#pragma once
// What the lint suites (tests/lint) share on top of the in-process tirkeu-cli harness: CAs set up
// through the CLI (ca add with every publication pointer, ca init, a subordinate certified by its
// root through ROOT-ISSUE and ca import-cert), applications submitted and approved through the CLI
// from the fixtures' form data (tests/common/RegistryFixture.h), and the counts that prove a refusal
// wrote nothing.

#include "common/CliHarness.h"
#include "common/RegistryFixture.h"
#include "registry/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tirkeu::test {

class LintCliHarness : public CliHarness {
protected:
    // Every pointer a CA can publish, under http://pki.example.kz/<code>/…, and a short root CRL period.
    static QStringList pointerSettings(const QString& code) {
        const QString base = QStringLiteral("http://pki.example.kz/") + code.toLower() + u'/';
        return {QStringLiteral("cdp_url=") + base + QStringLiteral("full.crl"),
                QStringLiteral("freshest_url=") + base + QStringLiteral("delta.crl"),
                QStringLiteral("aia_url=") + base + QStringLiteral("ca.cer"),
                QStringLiteral("ocsp_url=") + base + QStringLiteral("ocsp"),
                QStringLiteral("cps_uri=https://pki.example.kz/cps")};
    }
    static QString pointer(const QString& code, const char* key) {
        for (const QString& s : pointerSettings(code)) {
            if (s.startsWith(QLatin1String(key) + u'='))
                return s.mid(s.indexOf(u'=') + 1);
        }
        return {};
    }

    // Any peer tool, both channels in order.
    static Tool tool(const QString& program, const QStringList& args) { return merged(program, args); }

    QString caPass() const { return path(QStringLiteral("ca.pass")); }

    // ca add CODE (KIND), then ca set with every pointer: empty when it worked, else the error.
    QString addCa(const QString& code, const QString& name, const QString& kind, const QStringList& extra = {}) {
        const Run add =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("add"), QStringLiteral("--code"), code,
                                         QStringLiteral("--name"), name, QStringLiteral("--kind"), kind});
        if (add.code != 0)
            return add.err;
        const Run set = as(QStringLiteral("admin"),
                           QStringList{QStringLiteral("ca"), QStringLiteral("set"), QStringLiteral("--code"), code} +
                               pointerSettings(code) + extra);
        return set.code == 0 ? QString() : set.err;
    }

    // ca init CODE: a self-signed root (certificate in <code>.pem).
    QString initRoot(const QString& code, const QString& algorithm) {
        return initCa(code, algorithm, code + QStringLiteral(".p8"), code + QStringLiteral(".pem"));
    }

    // A subordinate CA under `root`: its request, the root's ROOT-ISSUE application, the certificate
    // (in <code>.pem) and ca import-cert.
    QString initSubordinate(const QString& code, const QString& name, const QString& root, const QString& algorithm) {
        const Run req =
            as(QStringLiteral("admin"),
               {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--code"), code,
                QStringLiteral("--key-algorithm"), algorithm, QStringLiteral("--key-out"),
                path(code + QStringLiteral(".p8")), QStringLiteral("--passphrase-file"), caPass(),
                QStringLiteral("--subordinate"), QStringLiteral("--csr-out"), path(code + QStringLiteral(".csr"))});
        if (req.code != 0)
            return req.err;
        const QJsonObject form{{QStringLiteral("country"), QStringLiteral("Қазақстан")},
                               {QStringLiteral("region"), QStringLiteral("Астана")},
                               {QStringLiteral("city"), QStringLiteral("Астана")},
                               {QStringLiteral("org_name"), QStringLiteral("«ҰАТ» АҚ")},
                               {QStringLiteral("ca_name"), name},
                               {QStringLiteral("email"), QStringLiteral("pki@example.kz")},
                               {QStringLiteral("usage"), QJsonArray{QStringLiteral("subordinate_ca")}},
                               {QStringLiteral("validity"), QStringLiteral("5y")},
                               {QStringLiteral("head_full_name"), QStringLiteral("Оспанов Мұрат")}};
        const QString app = submitAndApprove(root, QStringLiteral("ROOT-ISSUE"), form,
                                             QStringLiteral("accreditation_certificate_copy"));
        if (app.isEmpty())
            return QStringLiteral("ROOT-ISSUE for %1 not submitted or approved").arg(code);
        const Run issued = issue(app, {QStringLiteral("--csr"), path(code + QStringLiteral(".csr"))},
                                 path(code + QStringLiteral(".pem")));
        if (issued.code != 0)
            return issued.err;
        const Run imported =
            as(QStringLiteral("admin"), {QStringLiteral("ca"), QStringLiteral("import-cert"), QStringLiteral("--code"),
                                         code, QStringLiteral("--cert"), path(code + QStringLiteral(".pem"))});
        return imported.code == 0 ? QString() : imported.err;
    }

    // application submit (dated today) by "op"; the Run of the submission.
    Run submit(const QString& ca, const QString& form, QJsonObject data, const QString& attachments) {
        const QString today = registry::SystemClock().today().toString(Qt::ISODate);
        data.insert(QStringLiteral("application_date"), today);
        if (data.contains(QStringLiteral("persons"))) {
            QJsonArray persons;
            for (const QJsonValue& p : data.value(QStringLiteral("persons")).toArray()) {
                QJsonObject person = p.toObject();
                person.insert(QStringLiteral("application_date"), today);
                persons.append(person);
            }
            data.insert(QStringLiteral("persons"), persons);
            data.insert(QStringLiteral("letter_date"), today);
            data.remove(QStringLiteral("application_date"));
        }
        return submitJson(ca, form, QJsonDocument(data).toJson(), attachments);
    }
    // The same with the JSON text as given (e.g. with \uXXXX escapes: Qt's parser drops a raw U+FEFF).
    Run submitJson(const QString& ca, const QString& form, const QByteArray& json, const QString& attachments) {
        const QString name = QStringLiteral("app-%1.json").arg(++m_files);
        return as(QStringLiteral("op"), {QStringLiteral("application"), QStringLiteral("submit"),
                                         QStringLiteral("--ca"), ca, QStringLiteral("--form"), form,
                                         QStringLiteral("--data"), file(name, json), QStringLiteral("--attachments"),
                                         attachments, QStringLiteral("--consent"), QStringLiteral("--json")});
    }
    // Submitted by "op", approved by "off2": the application number, empty on failure (warned).
    QString submitAndApprove(const QString& ca, const QString& form, const QJsonObject& data,
                             const QString& attachments) {
        const Run s = submit(ca, form, data, attachments);
        if (s.code != 0) {
            qWarning("%s %s: %s", qPrintable(ca), qPrintable(form), qPrintable(s.err));
            return {};
        }
        const QString id = QString::number(s.json().value(QStringLiteral("id")).toInteger());
        const Run a = as(QStringLiteral("off2"), {QStringLiteral("application"), QStringLiteral("approve"), id});
        if (a.code != 0)
            qWarning("approve %s: %s", qPrintable(id), qPrintable(a.err));
        return a.code == 0 ? id : QString();
    }
    static QString attachmentsOf(const forms::Submission& s) { return s.attachments.join(u','); }

    // certificate issue --application APP KEY-ARGS --out OUT by "off1".
    Run issue(const QString& application, const QStringList& keyArgs, const QString& out) {
        return as(QStringLiteral("off1"),
                  QStringList{QStringLiteral("certificate"), QStringLiteral("issue"), QStringLiteral("--application"),
                              application} +
                      keyArgs +
                      QStringList{QStringLiteral("--out"), out, QStringLiteral("--ca-passphrase-file"), caPass(),
                                  QStringLiteral("--json")});
    }

    // The rows a refusal must leave as they were.
    struct Counts {
        int certificates = -1;
        int applications = -1;
        int revocations = -1;
        int events = -1;
        bool operator==(const Counts&) const = default;
    };
    Counts counts() const {
        return {count(QStringLiteral("certificates")), count(QStringLiteral("applications")),
                count(QStringLiteral("revocations")), count(QStringLiteral("audit_events"))};
    }
    static QString describe(const Counts& c) {
        return QStringLiteral("certificates %1, applications %2, revocations %3, events %4")
            .arg(c.certificates)
            .arg(c.applications)
            .arg(c.revocations)
            .arg(c.events);
    }

private:
    int m_files = 0;
};

} // namespace tirkeu::test
