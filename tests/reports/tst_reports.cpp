// The printed registers and journals, read back with the Poppler tools (pdftotext, pdfinfo, pdffonts):
// values with Kazakh letters, the official journal columns, headers repeated on every page, page
// numbering, embedded fonts, CSV content, permissions; and the paper certificate of an issued one.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "reports/ReportTestSupport.h"

#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Journals.h"
#include "reports/CertificatePrint.h"
#include "reports/Reports.h"

#include <QBuffer>
#include <QLocale>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace tirkeu;
using namespace tirkeu::test;
using reports::ReportFormat;
using reports::ReportKind;
using reports::ReportRequest;

class TestReports : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_govSerial1 = QStringLiteral("0A1B2C3D4E5F60718293A4B5C6D7E8F901234567");
    QString m_govSerial2 = QStringLiteral("7F00112233445566778899AABBCCDDEEFF001122");
    QString m_ncaSerial = QStringLiteral("5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A");
    qint64 m_govApplication = 0;

    QString path(const QString& name) { return m_out.filePath(name); }

    QString save(const ReportRequest& rq, ReportFormat format, const QString& name,
                 const registry::Session* as = nullptr) {
        reports::Reports r(*m_fx.reg, as ? *as : m_fx.officerA);
        const QString file = path(name);
        Status s = r.save(rq, format, file);
        if (!s) {
            qWarning("%s", qPrintable(s.message()));
            return {};
        }
        keep(file);
        return file;
    }

    static ReportRequest request(ReportKind kind, const QString& ca, QDate from = QDate(2026, 3, 1),
                                 QDate to = QDate(2026, 3, 31)) {
        ReportRequest rq;
        rq.kind = kind;
        rq.caCode = ca;
        rq.from = from;
        rq.to = to;
        return rq;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_out.isValid());
        QVERIFY2(m_fx.create(almaty(2026, 3, 2, 9)), qPrintable(m_fx.error));
        // A government body's letter and two certificates issued from it, one revoked later.
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, govIssue());
        TIRKEU_VERIFY_OK(app);
        m_govApplication = *app;
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.govId, m_govSerial1, kIinThird, almaty(2026, 3, 3, 11),
                                                m_govApplication, 10, QStringLiteral("ТК-000123")));
        TIRKEU_VERIFY_OK(
            m_fx.insertCertificate(m_fx.govId, m_govSerial2, kIinFourth, almaty(2026, 3, 4, 15), m_govApplication, 10));
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("UPDATE certificates SET blank_numbers = '0001, 0002' WHERE serial = ?"), {m_govSerial1}));
        m_fx.clock.set(almaty(2026, 3, 10, 12));
        registry::RevokeRequest rr;
        rr.caCode = kGov;
        rr.serial = m_govSerial2;
        rr.reasonCode = 3;
        rr.basisKind = QStringLiteral("holder_left_job");
        rr.basisDocument = QStringLiteral("бұйрық № 45-ж, 06.03.2026");
        rr.revokedAt = almaty(2026, 3, 6, 16, 30);
        TIRKEU_VERIFY_OK(registry::CaEngine(*m_fx.reg).revoke(m_fx.officerA, rr));

        // National CA: an individual, a certificate expiring soon and an overdue revocation request.
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual()));
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.ncaId, m_ncaSerial, kIinAliya, almaty(2025, 3, 25, 10)));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kNca, kRevokeInd,
                                                         ncaRevokeIndividual(m_ncaSerial, m_fx.issuedOn(m_ncaSerial)),
                                                         almaty(2026, 3, 2, 10)));
        TIRKEU_VERIFY_OK(m_fx.reg->audit().anchorCompletedDays());
    }

    void issuanceJournalHasTheElevenColumnsAndTheValues() {
        const QString pdf = save(request(ReportKind::IssuanceJournal, kGov), ReportFormat::Pdf, "issuance.pdf");
        QVERIFY(!pdf.isEmpty());
        const QString text = pdfText(pdf).simplified();
        for (const char* heading :
             {"МО КО пайдаланушыларының тіркеу куәліктерін шығару журналы",
              "Журнал выпуска регистрационных свидетельств", "Хаттың нөмірі мен күні",
              "Тасымалдағыштың сериялық нөмірі", "Бланктардың нөмірлері", "Әкімгердің Т.А.Ә.", "Қолы", "Подпись"})
            QVERIFY2(text.contains(QString::fromUtf8(heading)), heading);
        for (const QString& value :
             {QStringLiteral("Қазақстан Республикасының Қаржы министрлігі"), QStringLiteral("№ 12-3/456, 27.02.2026"),
              QStringLiteral("Әбішев Дәулет"), QStringLiteral("03.03.2026"), QStringLiteral("ТК-000123"),
              QStringLiteral("0001, 0002"), QStringLiteral("03.03.2026 – 03.03.2027"),
              QStringLiteral("Төлеуов Бауыржан"), QStringLiteral("ҚАСЫМОВА ӘЛИЯ"),
              QStringLiteral("Кезең / Период: 01.03.2026 – 31.03.2026"),
              QStringLiteral("ҚР Мемлекеттік органдарының куәландырушы орталығы")})
            QVERIFY2(text.contains(value), qPrintable(value));
        QVERIFY(QString(text).remove(u' ').contains(m_govSerial1));
        // The row of column numbers 1 … 11 under the headings, as on the official form.
        QVERIFY(pdfText(pdf, true).contains(QRegularExpression(QStringLiteral("1\\s+2\\s+3\\s+4\\s+5\\s+6\\s+7\\s+8\\s+"
                                                                              "9\\s+10\\s+11"))));
        QCOMPARE(pdfPages(pdf), 1);
        QString why;
        QVERIFY2(fontsEmbedded(pdf, &why), qPrintable(why));
    }

    void revocationJournalHasTheNineColumnsAndTheValues() {
        const QString pdf = save(request(ReportKind::RevocationJournal, kGov), ReportFormat::Pdf, "revocation.pdf");
        QVERIFY(!pdf.isEmpty());
        const QString text = pdfText(pdf).simplified();
        for (const QString& value :
             {QStringLiteral("кері қайтарып алу журналы"), QStringLiteral("Журнал отзыва регистрационных свидетельств"),
              QStringLiteral("Кері қайтарып алудың негізі"), QStringLiteral("Кері қайтарып алу күні"),
              QStringLiteral("06.03.2026"), QStringLiteral("бұйрық № 45-ж, 06.03.2026"),
              QStringLiteral("Жұмыстан кетуі"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі")})
            QVERIFY2(text.contains(value), qPrintable(value));
        QVERIFY(pdfText(pdf, true).contains(
            QRegularExpression(QStringLiteral("1\\s+2\\s+3\\s+4\\s+5\\s+6\\s+7\\s+8\\s+9\\s*\\n"))));
        QVERIFY(!text.contains(u"10.03.2026 – ")); // the other certificate is not revoked
        // CSV: 9 columns, one row.
        const QString csv = save(request(ReportKind::RevocationJournal, kGov), ReportFormat::Csv, "revocation.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // UTF-8 byte-order mark: spreadsheets read UTF-8
        const QString content = QString::fromUtf8(bytes.mid(3));
        QVERIFY(content.startsWith(u"№,")); // "," in English (the tests run with LC_ALL=C.UTF-8)
        QVERIFY(content.contains(QStringLiteral(",\"Жұмыстан кетуі\nУвольнение владельца\nбұйрық № 45-ж, "
                                                "06.03.2026\",")));
        QVERIFY(content.contains(m_govSerial2));
        QVERIFY(content.endsWith(u"\r\n"));
    }

    void longJournalRepeatsHeadersAndNumbersPages() {
        // 150 more certificates: several landscape pages.
        for (int i = 0; i < 150; ++i)
            TIRKEU_VERIFY_OK(
                m_fx.insertCertificate(m_fx.govId, QStringLiteral("%1").arg(0x1000 + i, 40, 16, QChar(u'0')), kIinThird,
                                       almaty(2026, 3, 5, 9).addSecs(60 * i), m_govApplication, 10));
        const QString pdf = save(request(ReportKind::IssuanceJournal, kGov), ReportFormat::Pdf, "issuance-long.pdf");
        const int pages = pdfPages(pdf);
        QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
        const QString text = pdfText(pdf).simplified();
        QCOMPARE(text.count(QStringLiteral("Бланктардың нөмірлері")), pages);
        for (int p = 1; p <= pages; ++p)
            QVERIFY2(text.contains(QStringLiteral("Бет / Страница %1 / %2").arg(p).arg(pages)),
                     qPrintable(QString::number(p)));
        QVERIFY(pdfText(pdf, true).contains(QRegularExpression(QStringLiteral("\\n\\s*152\\s"))));
        QVERIFY(text.contains(u"Басып шығарған / Напечатал: Төлеуов Бауыржан (officer.a)"));

        const QString csv = save(request(ReportKind::IssuanceJournal, kGov), ReportFormat::Csv, "issuance.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().mid(3).split('\n'); // after the byte-order mark
        QCOMPARE(lines.size(), 1 + 152 + 1); // heading, rows, the empty piece after the last CRLF
        int fields = 1;
        bool quoted = false;
        for (char c : lines.first()) {
            quoted = c == '"' ? !quoted : quoted;
            fields += c == ',' && !quoted;
        }
        QCOMPARE(fields, 11);
        QVERIFY(lines.first().contains(QStringLiteral(",\"ЭЦҚ шығарылған пайдаланушының Т.А.Ә. Ф.И.О. пользователя, "
                                                      "которому выпущена ЭЦП\",")
                                           .toUtf8()));
        QVERIFY(lines.at(1).contains("\"0001, 0002\"")); // a comma inside a value is quoted
        QVERIFY(QString::fromUtf8(lines.at(1)).startsWith(u"1,Қазақстан Республикасының Қаржы министрлігі,"));
        // A period without certificates prints the empty table.
        const QString empty = save(request(ReportKind::IssuanceJournal, kGov, QDate(2025, 1, 1), QDate(2025, 1, 31)),
                                   ReportFormat::Pdf, "issuance-empty.pdf");
        QVERIFY(pdfText(empty).contains(u"Жазбалар жоқ / Записей нет"));
        QCOMPARE(pdfPages(empty), 1);
    }

    // A register, a journal or an export names holders (IINs, names): whatever the umask, and also over an
    // earlier file that others could read, it is readable and writable by its owner only (0600), like the
    // register itself and its backups.
    void documentsNamingHoldersAreReadableByTheirOwnerOnly() {
        const mode_t umaskBefore = ::umask(022);
        const auto restoreUmask = qScopeGuard([umaskBefore] { ::umask(umaskBefore); });
        for (ReportFormat format : {ReportFormat::Pdf, ReportFormat::Csv}) {
            const QString ext = format == ReportFormat::Pdf ? QStringLiteral(".pdf") : QStringLiteral(".csv");
            const QString fresh = save(request(ReportKind::RegisterExtract, kGov), format, "owner-new" + ext);
            QVERIFY(!fresh.isEmpty());
            QCOMPARE(fileMode(fresh), 0600);
            const QString earlier = path("owner-earlier" + ext);
            {
                QFile f(earlier);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("an earlier export");
            }
            QVERIFY(QFile::setPermissions(earlier, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                       QFileDevice::ReadGroup | QFileDevice::ReadOther));
            QCOMPARE(fileMode(earlier), 0644);
            QCOMPARE(save(request(ReportKind::IssuanceJournal, kGov), format, "owner-earlier" + ext), earlier);
            QCOMPARE(fileMode(earlier), 0600);
            QVERIFY(readFile(earlier) != "an earlier export");
        }
    }

    // Attack of session 24 (F4): a symbolic link at a report's name made the report overwrite the file it
    // points to (or appear where a dangling one points). Refused now, PDF and CSV; the target is untouched.
    void documentsAreNeverWrittenThroughASymbolicLink() {
        for (ReportFormat format : {ReportFormat::Pdf, ReportFormat::Csv}) {
            const QString ext = format == ReportFormat::Pdf ? QStringLiteral(".pdf") : QStringLiteral(".csv");
            const QString victim = path("victim" + ext);
            {
                QFile f(victim);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("someone else's file");
            }
            const QString dangling = path("nowhere" + ext);
            for (const QString& target : {victim, dangling}) {
                const QString link = path("link-" + QFileInfo(target).completeBaseName() + ext);
                QVERIFY(QFile::link(target, link));
                reports::Reports r(*m_fx.reg, m_fx.officerA);
                const Status s = r.save(request(ReportKind::RegisterExtract, kGov), format, link);
                QVERIFY(!s.ok());
                QVERIFY2(s.message().contains(QStringLiteral("symbolic link")), qPrintable(s.message()));
                QVERIFY(QFileInfo(link).isSymLink());
                QVERIFY(QFile::remove(link));
            }
            QCOMPARE(readFile(victim), QByteArray("someone else's file"));
            QVERIFY(!QFile::exists(dangling));
        }
    }

    void registerExtractAndCrlListing() {
        const QString extract = save(request(ReportKind::RegisterExtract, kGov), ReportFormat::Pdf, "extract.pdf");
        const QString text = pdfText(extract).simplified();
        QVERIFY(text.contains(u"Выписка из реестра"));
        QVERIFY(text.contains(u"кері қайтарылған"));
        QVERIFY(text.contains(u"жарамды"));
        QVERIFY(text.contains(kIinThird));
        const QString crl = save(request(ReportKind::CrlListing, kGov), ReportFormat::Pdf, "crl-listing.pdf");
        const QString crlText = pdfText(crl).simplified();
        QVERIFY(crlText.contains(u"Список отозванных регистрационных свидетельств"));
        QVERIFY(crlText.contains(u"06.03.2026 16:30:00"));
        QVERIFY(crlText.contains(u"жұмыс орнының өзгеруі"));
        QVERIFY(crlText.contains(u"СОРС ещё не опубликован"));
        QVERIFY(!crlText.contains(m_govSerial1.left(16)));
        QString why;
        QVERIFY2(fontsEmbedded(crl, &why), qPrintable(why));
    }

    void deadlinesAndExpiring() {
        m_fx.clock.set(almaty(2026, 3, 10, 12)); // the revocation request of 02.03 was due in 2 working days
        const QString pdf = save(request(ReportKind::Deadlines, kNca, {}, {}), ReportFormat::Pdf, "deadlines.pdf");
        const QString text = pdfText(pdf).simplified();
        QVERIFY(!text.contains(u"NCA-REVOKE-IND")); // the form's title, not its internal code
        QVERIFY(text.contains(forms::FormCatalog::find(kRevokeInd)->title.ru.simplified()));
        QVERIFY(text.contains(u"ПРОСРОЧЕНО"));
        QVERIFY(text.contains(u"Қасымова Әлия Серікқызы"));
        QVERIFY(text.contains(u"04.03.2026"));
        QVERIFY(text.contains(u"Бүгін / Сегодня: 10.03.2026"));

        ReportRequest rq = request(ReportKind::Expiring, kNca);
        rq.days = 30;
        const QString expiring = save(rq, ReportFormat::Csv, "expiring.csv");
        QFile f(expiring);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString csv = QString::fromUtf8(f.readAll());
        QVERIFY(csv.contains(m_ncaSerial));
        QVERIFY(csv.contains(u"25.03.2026,15\r\n"));
        rq.days = 7;
        const QString none = save(rq, ReportFormat::Csv, "expiring-7.csv");
        QFile g(none);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QCOMPARE(g.readAll().count('\n'), 1); // the heading only
        rq.days = 0;
        TIRKEU_VERIFY_ERROR(reports::Reports(*m_fx.reg, m_fx.officerA).save(rq, ReportFormat::Csv, path("x.csv")),
                            ErrorCode::Invalid);
        QVERIFY(!QFile::exists(path("x.csv")));
    }

    void auditAnchorsNeedTheAuditPermission() {
        ReportRequest rq = request(ReportKind::AuditAnchors, {}, QDate(2026, 1, 1), QDate(2026, 12, 31));
        const QString pdf = save(rq, ReportFormat::Pdf, "anchors.pdf", &m_fx.auditor);
        QVERIFY(!pdf.isEmpty());
        const QString text = pdfText(pdf).simplified();
        QVERIFY(text.contains(u"Суточные контрольные точки журнала событий"));
        auto anchors = m_fx.reg->audit().anchors();
        TIRKEU_VERIFY_OK(anchors);
        QVERIFY(!anchors->isEmpty());
        QVERIFY(QString(text).remove(u' ').contains(anchors->first().headHash));
        TIRKEU_VERIFY_ERROR(reports::Reports(*m_fx.reg, m_fx.operatorA).save(rq, ReportFormat::Pdf, path("no.pdf")),
                            ErrorCode::Forbidden);
        QVERIFY(!QFile::exists(path("no.pdf")));
    }

    void unknownCaAndNoSessionAreRefused() {
        reports::Reports none(*m_fx.reg, registry::Session{});
        TIRKEU_VERIFY_ERROR(none.save(request(ReportKind::IssuanceJournal, kGov), ReportFormat::Pdf, path("a.pdf")),
                            ErrorCode::Forbidden);
        reports::Reports r(*m_fx.reg, m_fx.officerA);
        TIRKEU_VERIFY_ERROR(
            r.save(request(ReportKind::IssuanceJournal, QStringLiteral("NOPE")), ReportFormat::Pdf, path("b.pdf")),
            ErrorCode::NotFound);
        QVERIFY(!QFile::exists(path("a.pdf")));
        QVERIFY(!QFile::exists(path("b.pdf")));
        QCOMPARE(reports::Reports::fromId(QStringLiteral("issuance-journal")), ReportKind::IssuanceJournal);
        QVERIFY(!reports::Reports::fromId(QStringLiteral("nonsense")));
    }

    void journalRowsStreamAndStopEarly() {
        registry::Journals journals(*m_fx.reg);
        int seen = 0;
        auto n = journals.issuance(m_fx.officerA, {kGov, QDate(2026, 3, 1), QDate(2026, 3, 31)},
                                   [&](const registry::IssuanceRow&) { return ++seen < 5; });
        TIRKEU_VERIFY_OK(n);
        QCOMPARE(seen, 5);
        auto count = journals.countIssuance(m_fx.officerA, {kGov, QDate(2026, 3, 1), QDate(2026, 3, 31)});
        TIRKEU_VERIFY_OK(count);
        QCOMPARE(*count, 152);
        // The period is in Kazakhstan days: 03.03 only holds the first certificate (issued 11:00 Almaty).
        QStringList serials;
        TIRKEU_VERIFY_OK(journals.issuance(m_fx.officerA, {kGov, QDate(2026, 3, 3), QDate(2026, 3, 3)},
                                           [&](const registry::IssuanceRow& r) {
                                               serials << r.serialHex;
                                               return true;
                                           }));
        QCOMPARE(serials, QStringList{m_govSerial1});
    }

    void paperCertificateOfAnIssuedCertificate() {
        const QString keyPath = path("nca-key.p8");
        const QString passphrase = QStringLiteral("Ұзын-құпия-сөз-2026");
        registry::CaEngine engine(*m_fx.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_fx.admin, kNca, pki::KeyAlgorithm::EcP256, keyPath, passphrase, 10,
                                             QStringLiteral("«Ұлттық ақпараттық технологиялар» АҚ")));
        auto app = m_fx.reg->applications().submit(
            m_fx.operatorA, kNca, kIssueInd,
            ncaIssueIndividual(kIinFifth, QStringLiteral("Нұрғалиева"), QStringLiteral("Гүлжан")));
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        TIRKEU_VERIFY_OK(key);
        auto csr = pki::Csr::create(key->get(),
                                    pki::SubjectName::person(QStringLiteral("X"), QStringLiteral("Y"), {}, kIinFifth));
        TIRKEU_VERIFY_OK(csr);
        auto issued = engine.issueFromCsr(m_fx.officerA, *app, *csr, pki::SecretSource::literal(passphrase));
        TIRKEU_VERIFY_OK(issued);

        const QString pdf = path("nca-cert.pdf");
        TIRKEU_VERIFY_OK(reports::CertificatePrint::save(*m_fx.reg, m_fx.operatorA, kNca, issued->serialHex, pdf));
        keep(pdf);
        QCOMPARE(fileMode(pdf), 0600); // it names the holder
        const QString text = pdfText(pdf).simplified();
        const QString flat = QString(text).remove(u'\n').remove(u' ');
        QVERIFY(text.contains(u"Тіркеу куәлігі"));
        // Numbered by its serial, never by the register's row id (attack of session 29, F11).
        QVERIFY2(flat.contains(QStringLiteral("№") + issued->serialHex), qPrintable(text));
        const QString rowId =
            m_fx.scalar(QStringLiteral("SELECT id FROM certificates WHERE serial = ?"), {issued->serialHex}).toString();
        QVERIFY2(!flat.contains(QStringLiteral("№") + rowId + QStringLiteral("Тіркеу")) &&
                     !flat.contains(QStringLiteral("свидетельство№") + rowId),
                 qPrintable(text));
        QVERIFY(text.contains(u"Приложение 3 к Правилам деятельности Национального удостоверяющего центра"));
        QVERIFY(!text.contains(u"NCA-CERT"));
        QVERIFY(text.contains(u"физическое лицо"));
        QVERIFY(flat.contains(issued->serialHex));
        QVERIFY(text.contains(u"CN=НҰРҒАЛИЕВА ГҮЛЖАН"));
        QVERIFY(text.contains(QStringLiteral("SN=IIN") + kIinFifth));
        QVERIFY(text.contains(u"«Ұлттық ақпараттық технологиялар» АҚ"));
        QVERIFY(text.contains(u"ecdsa-with-SHA256"));
        // The algorithm really used, not the GOST text of the 2010 form.
        QVERIFY2(text.contains(u"/ SHA-256 (ecdsa-with-SHA256)"), qPrintable(text)); // the CA's ECDSA key
        QVERIFY(text.contains(u"ECDSA P-256"));                                      // the holder's key
        QVERIFY(!text.contains(u"ГОСТ") && !text.contains(u"GOST"));
        QVERIFY(text.contains(u"Алгоритм ключа владельца"));
        QVERIFY(text.contains(u"aliya.kassymova@example.kz"));
        QVERIFY(text.contains(u"М.О. / М.П."));
        // The public key value: the uncompressed P-256 point (65 bytes, starting 04).
        const QByteArray bits = reports::CertificatePrint::publicKeyBits(issued->der);
        QCOMPARE(bits.size(), 130);
        QVERIFY(bits.startsWith("04"));
        QVERIFY(flat.contains(QString::fromLatin1(bits.left(40))));
        QString why;
        QVERIFY2(fontsEmbedded(pdf, &why), qPrintable(why));
        QCOMPARE(pdfPages(pdf), 1);
        TIRKEU_VERIFY_ERROR(
            reports::CertificatePrint::save(*m_fx.reg, m_fx.operatorA, kNca, QStringLiteral("ABCD"), path("none.pdf")),
            ErrorCode::NotFound);
        QCOMPARE(reports::CertificatePrint::algorithmText(QStringLiteral("RSA 2048"),
                                                          QStringLiteral("sha256WithRSAEncryption")),
                 QStringLiteral("RSA 2048 / SHA-256"));
        QCOMPARE(reports::CertificatePrint::algorithmText(QStringLiteral("ECDSA P-384"),
                                                          QStringLiteral("ecdsa-with-SHA384")),
                 QStringLiteral("ECDSA P-384 / SHA-384"));
        QCOMPARE(reports::CertificatePrint::algorithmText({}, QStringLiteral("sha512WithRSAEncryption")),
                 QStringLiteral("RSA / SHA-512"));
    }

    void csvQuotingFollowsRfc4180() {
        reports::CsvOptions comma;
        comma.separator = u',';
        QCOMPARE(reports::CsvWriter(nullptr, comma)
                     .encodeRow({QStringLiteral("a"), QStringLiteral("b,c"), QStringLiteral("say \"hi\""),
                                 QStringLiteral("two\nlines"), QStringLiteral("Әлия")}),
                 QByteArray("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",") + QStringLiteral("Әлия").toUtf8() + "\r\n");
        // ";" (the Kazakh and Russian spreadsheets' separator): a comma is quoted too (a spreadsheet may
        // read the file with ","), and so is a tab.
        QCOMPARE(reports::CsvWriter(nullptr).encodeRow(
                     {QStringLiteral("b,c"), QStringLiteral("x;y"), QStringLiteral("t\tu"), QStringLiteral("plain")}),
                 QByteArray("\"b,c\";\"x;y\";\"t\tu\";plain\r\n"));
        QCOMPARE(reports::CsvOptions::separatorFor(QLocale(QLocale::Kazakh, QLocale::Kazakhstan)), QChar(u';'));
        QCOMPARE(reports::CsvOptions::separatorFor(QLocale(QLocale::Russian, QLocale::Russia)), QChar(u';'));
        QCOMPARE(reports::CsvOptions::separatorFor(QLocale(QLocale::English, QLocale::UnitedStates)), QChar(u','));
    }

    // Attack of session 27, F4: a ";" file opened where "," separates (or the reverse, or a tab) must not
    // split a cell, and no piece may begin with a formula character.
    void csvCellsDoNotSplitUnderAnyOtherSeparator() {
        const QStringList hostile = {QStringLiteral("Ministry of Finance,=cmd|' /C calc'!A0"),
                                     QStringLiteral("12-3/45;=2*3+cmd|' /C calc'!A0"), QStringLiteral("TK-1\t=4+4"),
                                     QStringLiteral("plain")};
        // Splits one CSV line as a spreadsheet would with `separator`: quotes group, doubled quotes escape.
        const auto split = [](const QString& line, QChar separator) {
            QStringList cells{QString()};
            bool quoted = false;
            for (qsizetype i = 0; i < line.size(); ++i) {
                const QChar c = line[i];
                if (quoted && c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                    cells.last() += c;
                    ++i;
                } else if (c == u'"') {
                    quoted = !quoted;
                } else if (!quoted && c == separator) {
                    cells << QString();
                } else {
                    cells.last() += c;
                }
            }
            return cells;
        };
        for (const QChar written : {QChar(u';'), QChar(u','), QChar(u'\t')}) {
            reports::CsvOptions options;
            options.separator = written;
            QString line = QString::fromUtf8(reports::CsvWriter(nullptr, options).encodeRow(hostile));
            QVERIFY(line.endsWith(QStringLiteral("\r\n")));
            line.chop(2);
            for (const QChar read : {QChar(u';'), QChar(u','), QChar(u'\t')}) {
                const QStringList cells = split(line, read);
                if (read == written)
                    QCOMPARE(cells, hostile);
                for (const QString& cell : cells)
                    QVERIFY2(
                        !cell.startsWith(u'=') && !cell.startsWith(u'+') && !cell.startsWith(u'-') &&
                            !cell.startsWith(u'@'),
                        qPrintable(QStringLiteral("written with '%1', read with '%2': %3").arg(written, read, cell)));
            }
        }
    }

    void csvCellsCannotBecomeFormulasAndIdentifiersStayText() {
        // OWASP: a cell starting with = + - @ TAB or CR is written with a leading apostrophe.
        for (const QString& cell :
             {QStringLiteral("=HYPERLINK(\"http://x\",\"y\")"), QStringLiteral("+1"), QStringLiteral("-2+3"),
              QStringLiteral("@SUM(A1)"), QStringLiteral("\tx"), QStringLiteral("\rx")})
            QCOMPARE(reports::CsvWriter::neutralise(cell), u'\'' + cell);
        QCOMPARE(reports::CsvWriter::neutralise(QStringLiteral("Әлия")), QStringLiteral("Әлия"));
        QCOMPARE(reports::CsvWriter::identifier(QStringLiteral("020105503339")), QStringLiteral("=\"020105503339\""));
        QCOMPARE(reports::CsvWriter::identifier(QStringLiteral("=1+1")), QStringLiteral("'=1+1"));
        // The ; option of the report request, and the IIN column of the register extract.
        ReportRequest rq = request(ReportKind::RegisterExtract, kGov);
        rq.csvSeparator = u';';
        const QString csv = save(rq, ReportFormat::Csv, "extract.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QString content = QString::fromUtf8(bytes.mid(3));
        QVERIFY(content.startsWith(QStringLiteral("№;")));
        // ="050311600009", quoted as RFC 4180 asks for a field with quotes.
        QVERIFY2(content.contains(QStringLiteral(";\"=\"\"%1\"\"\";").arg(kIinThird)), qPrintable(content.left(800)));
    }
};

TIRKEU_TEST_MAIN(TestReports)
#include "tst_reports.moc"
