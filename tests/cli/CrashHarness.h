#pragma once
// What the crash-safety test programs of the CLI share (tst_crash_cli, tst_crash_backup_cli): the real
// tirkeu-cli killed at a named step (the test-only fault hook TIRKEU_FAULT_AT, registry/FaultInjection.h), and
// the checks of the CRL folder after a kill and after the repairing run. A test class derives from it (after
// QObject) and calls createRegisterWithNcaPublished() in initTestCase.

#include "common/CliHarness.h"
#include "pki/CrlNumber.h"
#include "pki/Result.h"

#include <QCryptographicHash>
#include <QHash>
#include <QProcess>

namespace tirkeu::test {

class CrashHarness : public CliHarness {
protected:
    QHash<quint64, QByteArray> m_seen; // every CRL number ever seen in the folder -> its DER's SHA-256

    QString crlDir() const { return path(QStringLiteral("crl")); }
    QStringList login(const QString& who) const {
        return {QStringLiteral("--db"), m_db, QStringLiteral("--lang"),          QStringLiteral("en"),
                QStringLiteral("--as"), who,  QStringLiteral("--password-file"), path(who + QStringLiteral(".pw"))};
    }
    // The real tirkeu-cli, killed at `step`; true when it died of SIGKILL there.
    bool killedAt(const QString& step, const QStringList& args, QString* output = nullptr,
                  const QString& who = QStringLiteral("off1")) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIRKEU_FAULT_AT"), step);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("TIRKEU_CLI"), login(who) + args);
        if (!p.waitForFinished(60000))
            return false;
        if (output)
            *output = QString::fromUtf8(p.readAll());
        return p.exitStatus() == QProcess::CrashExit;
    }
    static quint64 numberOf(const QString& file) {
        auto n = pki::CrlNumber::read(read(file));
        return n && n->has_value() ? **n : 0;
    }
    static QByteArray derOf(const QString& file) {
        const QByteArray bytes = read(file);
        if (!file.endsWith(QLatin1String(".pem")))
            return bytes;
        QByteArray b64;
        for (const QByteArray& line : bytes.split('\n'))
            if (!line.startsWith("-----"))
                b64 += line;
        return QByteArray::fromBase64(b64);
    }
    // Every CRL file in the folder is a complete CRL recorded with exactly this content (crls, or a
    // reserved number whose content was recorded before its rename), and no number has two contents.
    void checkFolder() {
        for (const QString& base : {QStringLiteral("NCA"), QStringLiteral("NCA-delta")})
            for (const QString& ext : {QStringLiteral(".crl"), QStringLiteral(".crl.pem")}) {
                const QString f = QDir(crlDir()).filePath(base + ext);
                if (!QFile::exists(f))
                    continue;
                const quint64 n = numberOf(f);
                QVERIFY2(n > 0, qPrintable(f + QStringLiteral(": not a complete CRL")));
                const QByteArray sha = QCryptographicHash::hash(derOf(f), QCryptographicHash::Sha256).toHex();
                const QVariant recorded = scalar(
                    QStringLiteral("SELECT coalesce((SELECT sha256 FROM crls WHERE crl_number = ?), (SELECT der_sha256 "
                                   "FROM crl_pending WHERE crl_number = ? AND state <> 'reserved'))"),
                    {qint64(n), qint64(n)});
                QVERIFY2(recorded.toString().toLatin1() == sha,
                         qPrintable(QStringLiteral("%1 holds CRL %2, not recorded with this content").arg(f).arg(n)));
                if (m_seen.contains(n))
                    QVERIFY2(m_seen.value(n) == sha, qPrintable(QStringLiteral("CRL %1 has two contents").arg(n)));
                m_seen.insert(n, sha);
            }
    }
    // After a normal run: both files of each kind carry the same number, no temporary file is left, no
    // publication is pending, and the event log verifies.
    void checkRepaired() {
        checkFolder();
        for (const QString& base : {QStringLiteral("NCA"), QStringLiteral("NCA-delta")}) {
            const QString der = QDir(crlDir()).filePath(base + QStringLiteral(".crl"));
            if (QFile::exists(der))
                QCOMPARE(numberOf(der + QStringLiteral(".pem")), numberOf(der));
        }
        const QStringList hidden = QDir(crlDir()).entryList(QDir::Files | QDir::Hidden);
        for (const QString& name : hidden)
            QVERIFY2(!name.endsWith(QLatin1String(".tmp")), qPrintable(name));
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM crl_pending WHERE state IN ('reserved', 'written')")).toInt(),
            0);
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, qPrintable(verify.out + verify.err));
    }
    // The set-up of a crash test program, after its checks of the build: a register with its staff, the national
    // CA NCA, and its first CRL published into crlDir().
    void createRegisterWithNcaPublished() {
        const QString setUp = createRegisterWithStaff();
        QVERIFY2(setUp.isEmpty(), qPrintable(setUp));
        const QString ca =
            createCa(QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталық"), QStringLiteral("national"));
        QVERIFY2(ca.isEmpty(), qPrintable(ca));
        QVERIFY(QDir().mkpath(crlDir()));
        const Run first = as(QStringLiteral("off1"), publish());
        QVERIFY2(first.code == 0, qPrintable(first.err));
        checkRepaired();
    }
};

} // namespace tirkeu::test
