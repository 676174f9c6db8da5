// Journals never rewrite history: a certificate issued and revoked while its holder was "Әбішев Дәулет"
// keeps that name in every journal after a later application with the same IIN registers the person
// as "Сейітов Дәулет" (a new surname); the new name is only for what happens afterwards. Checked on the
// GOV issuance and revocation journals, the register extract and the CRL listing, as printed (PDF) and
// written (CSV).
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Revocations.h"
#include "reports/Reports.h"

#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::test;
using reports::ReportFormat;
using reports::ReportKind;

class TestHistory : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;

    QString print(ReportKind kind, ReportFormat format, const QString& name) {
        reports::ReportRequest rq;
        rq.kind = kind;
        rq.caCode = kGov;
        rq.from = QDate(2026, 3, 1);
        rq.to = QDate(2026, 3, 31);
        rq.csvSeparator = u';';
        const QString file = m_out.filePath(name);
        if (Status s = reports::Reports(*m_fx.reg, m_fx.officerA).save(rq, format, file); !s) {
            qWarning("%s", qPrintable(s.message()));
            return {};
        }
        keep(file);
        if (format == ReportFormat::Pdf)
            return pdfText(file).simplified();
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // Every journal that names the holder of the certificate, as text.
    QStringList journals(const QString& tag) {
        QStringList texts;
        for (const auto& [kind, name] : {std::pair{ReportKind::IssuanceJournal, QStringLiteral("issuance")},
                                         std::pair{ReportKind::RevocationJournal, QStringLiteral("revocation")},
                                         std::pair{ReportKind::RegisterExtract, QStringLiteral("extract")},
                                         std::pair{ReportKind::CrlListing, QStringLiteral("crl")}}) {
            texts << print(kind, ReportFormat::Pdf, name + u'-' + tag + QStringLiteral(".pdf"));
            texts << print(kind, ReportFormat::Csv, name + u'-' + tag + QStringLiteral(".csv"));
        }
        return texts;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 9)), qPrintable(m_fx.error));
    }

    void aRenamedHolderDoesNotChangeOldJournalLines() {
        registry::CaEngine engine(*m_fx.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256,
                                             m_out.filePath(QStringLiteral("gov.p8")), kPassword, 10,
                                             QStringLiteral("ҚР МО КО")));
        // Issued and revoked while the holder is Әбішев Дәулет.
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, govIssue());
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        m_fx.clock.set(almaty(2026, 3, 3, 11));
        // The key generated onto the body's token (Order 348 App. 2 cl. 8), handed to the employee named in the
        // body's internal order.
        registry::IssueOptions options;
        options.mediaRecipient = registry::MediaRecipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"),
                                                          QStringLiteral("№ 17-ө"), QDate(2026, 1, 12)};
        auto issued = engine.issueWithGeneratedKey(m_fx.officerA, *app,
                                                   registry::KeyOnMedia{pki::KeyAlgorithm::EcP256,
                                                                        QStringLiteral("holder-password"),
                                                                        QStringLiteral("ТК-000777")},
                                                   pki::SecretSource::literal(kPassword), options);
        TIRKEU_VERIFY_OK(issued);
        registry::RevokeRequest rr;
        rr.caCode = kGov;
        rr.serial = issued->serialHex;
        rr.reasonCode = 3;
        rr.basisKind = QStringLiteral("holder_left_job");
        rr.basisDocument = QStringLiteral("бұйрық № 45-ж");
        m_fx.clock.set(almaty(2026, 3, 6, 16));
        TIRKEU_VERIFY_OK(engine.revoke(m_fx.officerA, rr));
        const QStringList before = journals(QStringLiteral("before"));
        // Column 6 of the issuance journal: the key media of a CSR issuance too.
        QVERIFY2(before.at(1).contains(u";ТК-000777;"), qPrintable(before.at(1)));
        for (const QString& text : before)
            QVERIFY2(text.contains(u"Әбішев Дәулет"), qPrintable(text.left(600)));

        // A later letter registers the same IIN under a new surname.
        m_fx.clock.set(almaty(2026, 3, 10, 10));
        forms::Submission renamed = govIssue();
        QJsonArray persons = renamed.data.value(QStringLiteral("persons")).toArray();
        QJsonObject person = persons.first().toObject();
        person.insert(QStringLiteral("surname"), QStringLiteral("Сейітов"));
        persons.replace(0, person);
        renamed.data.insert(QStringLiteral("persons"), persons);
        auto letter = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, renamed);
        TIRKEU_VERIFY_OK(letter);
        TIRKEU_VERIFY_OK(
            m_fx.reg->applications().approve(m_fx.officerA, *letter)); // the new name is the holder's once approved
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT surname FROM persons WHERE iin = ?"), {kIinThird}).toString(),
                 QStringLiteral("Сейітов")); // the person record follows the new letter ...

        // ... and the journals print what was true when their lines were written.
        const QStringList after = journals(QStringLiteral("after"));
        QCOMPARE(after.size(), before.size());
        for (int i = 0; i < after.size(); ++i) {
            QVERIFY2(!after[i].contains(u"Сейітов"), qPrintable(after[i].left(600)));
            QVERIFY2(after[i].contains(u"Әбішев Дәулет"), qPrintable(after[i].left(600)));
        }
    }

    void aBasisLongerThanTheStatedLimitIsRefusedNotCut() {
        const QString serial = QStringLiteral("1C2D3E4F5061728394A5B6C7D8E9F0123456789A");
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, serial, kIinFourth, almaty(2026, 3, 9, 10)));
        m_fx.clock.set(almaty(2026, 3, 12, 10));
        registry::RevokeRequest rr;
        rr.caCode = kGov;
        rr.serial = serial;
        rr.reasonCode = 0;
        rr.basisKind = QStringLiteral("court_decision");
        rr.basisDocument = QString(registry::Revocations::kMaxBasisDocument + 1, u'ә');
        const qint64 before = m_fx.count(QStringLiteral("revocations"));
        auto refused = registry::CaEngine(*m_fx.reg).revoke(m_fx.officerA, rr);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(u"500"), qPrintable(refused.message()));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), before);
        // Attack of session 32, B10: nor without its document (the journal's basis column would say nothing).
        rr.basisDocument = QStringLiteral("  ");
        auto bare = registry::CaEngine(*m_fx.reg).revoke(m_fx.officerA, rr);
        TIRKEU_VERIFY_ERROR(bare, ErrorCode::Invalid);
        QVERIFY2(bare.message().contains(QStringLiteral("court_decision")), qPrintable(bare.message()));
        QCOMPARE(m_fx.count(QStringLiteral("revocations")), before);
        rr.basisDocument = QString(registry::Revocations::kMaxBasisDocument, u'ә');
        TIRKEU_VERIFY_OK(registry::CaEngine(*m_fx.reg).revoke(m_fx.officerA, rr));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT basis_document FROM revocations WHERE serial = ?"), {serial})
                     .toString()
                     .size(),
                 registry::Revocations::kMaxBasisDocument); // stored whole
    }
};

TIRKEU_TEST_MAIN(TestHistory)
#include "tst_history.moc"
