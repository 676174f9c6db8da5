// One of the concurrent writers of pg.tst_concurrency: a separate process (own connection) that
// registers, approves, issues, revokes and (writer 0) publishes CRLs in a loop against the register
// named on the command line, then prints what it did as JSON. Any error ends it with exit code 1.
//
// stress_writer LOCATION WRITER ITERATIONS CA_KEY_PASSPHRASE CRL_DIR OPERATOR_ID OFFICER_A_ID OFFICER_B_ID
//               CLOCK_ISO
#include "common/RegistryFixture.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

// A valid IIN (FACTS.md check digit) for writer w, iteration i: born 1985, a serial of its own.
QString iinFor(int w, int i) {
    for (int salt = 0; salt < 50; ++salt) {
        const QString first11 = QStringLiteral("850101") + QStringLiteral("3") +
                                QStringLiteral("%1").arg((w * 1000 + i * 7 + salt) % 10000, 4, 10, QLatin1Char('0'));
        int d[11];
        for (int k = 0; k < 11; ++k)
            d[k] = first11.at(k).digitValue();
        int r = 0;
        for (int k = 0; k < 11; ++k)
            r += d[k] * (k + 1);
        r %= 11;
        if (r == 10) {
            static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
            r = 0;
            for (int k = 0; k < 11; ++k)
                r += d[k] * w2[k];
            r %= 11;
            if (r == 10)
                continue;
        }
        return first11 + QString::number(r);
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList a = app.arguments();
    if (a.size() != 10) {
        err << "usage: stress_writer LOCATION WRITER ITERATIONS PASSPHRASE CRL_DIR OPERATOR OFFICER_A OFFICER_B "
               "CLOCK_ISO\n";
        return 2;
    }
    const QString location = a[1];
    const int writer = a[2].toInt();
    const int iterations = a[3].toInt();
    const pki::SecretSource secret = pki::SecretSource::literal(a[4]);
    const QString crlDir = a[5];
    const Session op{a[6].toLongLong(), QStringLiteral("operator"), QStringLiteral("Сәрсенова Айгүл"), Role::Operator};
    const Session offA{a[7].toLongLong(), QStringLiteral("officer.a"), QStringLiteral("Төлеуов Бауыржан"),
                       Role::Officer};
    const Session offB{a[8].toLongLong(), QStringLiteral("officer.b"), QStringLiteral("Оспанова Мәдина"),
                       Role::Officer};
    FixedClock clock(QDateTime::fromString(a[9], Qt::ISODateWithMs));

    auto reg = Register::open(location, Register::OpenMode::Existing, &clock);
    if (!reg) {
        err << "open: " << reg.message() << '\n';
        return 1;
    }
    CaEngine engine(**reg);
    QJsonArray issued, revoked, crls;
    auto fail = [&](const char* step, int i, const QString& message) {
        err << "writer " << writer << " iteration " << i << " " << step << ": " << message << '\n';
        return 1;
    };
    for (int i = 0; i < iterations; ++i) {
        const QString iin = iinFor(writer, i);
        auto id = (*reg)->applications().submit(
            op, kNca, kIssueInd,
            ncaIssueIndividual(iin, QStringLiteral("Жазушы"), QStringLiteral("Әлихан"), clock.today()));
        if (!id)
            return fail("submit", i, id.message());
        if (Status s = (*reg)->applications().approve(offB, *id); !s)
            return fail("approve", i, s.message());
        // A fresh key per certificate: the register never certifies a public key twice.
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return fail("key", i, key.message());
        auto csr = pki::Csr::create(
            key->get(), pki::SubjectName::person(QStringLiteral("Stress"), QStringLiteral("Writer"), {}, kIinSecond));
        if (!csr)
            return fail("csr", i, csr.message());
        auto cert = engine.issueFromCsr(offA, *id, *csr, secret);
        if (!cert)
            return fail("issue", i, cert.message());
        issued.append(cert->serialHex);
        if (i % 3 == 1) {
            RevokeRequest r;
            r.caCode = kNca;
            r.serial = cert->serialHex;
            r.reasonCode = 1;
            r.basisKind = QStringLiteral("holder_application");
            r.basisDocument = QStringLiteral("stress %1/%2").arg(writer).arg(i);
            if (Status s = engine.revoke(offA, r); !s)
                return fail("revoke", i, s.message());
            revoked.append(cert->serialHex);
        }
        if (writer == 0 && i % 2 == 0) {
            auto crl = engine.publishCrl(offA, kNca, crlDir, false, secret);
            if (!crl)
                return fail("crl", i, crl.message());
            crls.append(QJsonObject{{QStringLiteral("number"), qint64(crl->number)},
                                    {QStringLiteral("entries"), crl->entries}});
        }
    }
    out << QJsonDocument(QJsonObject{{QStringLiteral("writer"), writer},
                                     {QStringLiteral("issued"), issued},
                                     {QStringLiteral("revoked"), revoked},
                                     {QStringLiteral("crls"), crls}})
               .toJson(QJsonDocument::Compact)
        << '\n';
    return 0;
}
