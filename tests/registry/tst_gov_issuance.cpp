// Government Bodies CA issuance (issue 14, Order 348 App. 2 cl. 8, 10; Rules::governmentIssuance): the key is
// generated here onto the key media, whose serial is required on every path; issuing from an outside request only
// where the rules edition allows it (gov.outside_csr_allowed, the seed's default: no) and then with a recorded
// reason; the employee named in the body's internal order who receives the media is required and recorded with
// the issuance (its audit event) and shown with the certificate. Each refusal records nothing.
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/AuditLog.h"
#include "registry/CaEngine.h"
#include "registry/Rules.h"
#include "registry/RulesBook.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

const QString kGovHolderPassword = QStringLiteral("holder-password");

MediaRecipient recipient() {
    return MediaRecipient{QStringLiteral("Жұмабаев Ержан"), QStringLiteral("бас маман"), QStringLiteral("№ 17-ө"),
                          QDate(2026, 1, 12)};
}

} // namespace

class GovIssuanceTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;
    QTemporaryDir m_out;
    QString m_govSerial; // issued by keyOnMediaNeedsSerialAndRecipientAndRecordsThem

    pki::SecretSource secret() const { return pki::SecretSource::literal(kGovPassphrase); }
    CaEngine engine() { return CaEngine(*m_fx.reg); }

    QByteArray csr(const QString& iin) {
        auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
        if (!key)
            return {};
        auto c = pki::Csr::create(key->get(),
                                  pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, iin));
        return c ? *c : QByteArray();
    }

    qint64 approvedLetter(const QString& iin) {
        auto app = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, govIssue(iin));
        if (!app || !m_fx.reg->applications().approve(m_fx.officerB, *app))
            return 0;
        return *app;
    }

    // The built-in rules with a second edition from `from` in which gov.outside_csr_allowed is `allowed`.
    QByteArray rulesAllowingOutsideCsr(const QString& version, const QString& from, bool allowed) {
        QJsonObject file = QJsonDocument::fromJson(RulesBook::builtIn().content).object();
        file.insert(QStringLiteral("version"), version);
        QJsonArray editions = file.value(QStringLiteral("editions")).toArray();
        QJsonObject next = editions.last().toObject();
        next.insert(QStringLiteral("effective_from"), from);
        next.insert(QStringLiteral("gov_keys"),
                    QJsonObject{{QStringLiteral("outside_csr_allowed"), allowed},
                                {QStringLiteral("clause"), QStringLiteral("Order 348, App. 2, cl. 8")}});
        editions.append(next);
        file.insert(QStringLiteral("editions"), editions);
        return QJsonDocument(file).toJson();
    }

    // Nothing recorded by a refused issuance.
    struct Counts {
        qint64 certificates, events;
    };
    Counts counts() { return {m_fx.count(QStringLiteral("certificates")), m_fx.count(QStringLiteral("audit_events"))}; }
    void unchanged(const Counts& before) {
        QCOMPARE(m_fx.count(QStringLiteral("certificates")), before.certificates);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), before.events);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        QVERIFY(m_out.isValid());
        TIRKEU_VERIFY_OK(engine().createRootCa(m_fx.admin, kGov, pki::KeyAlgorithm::EcP256,
                                               m_out.filePath(QStringLiteral("gov.p8")), kGovPassphrase, 10));
    }

    // The seed's default: no outside requests.
    void builtInRulesDoNotAllowOutsideRequests() {
        QVERIFY(!RulesBook::builtIn().editions.last().govKeys.outsideCsrAllowed);
        auto parsed =
            RulesBook::parse(rulesAllowingOutsideCsr(QStringLiteral("x"), QStringLiteral("2026-09-01"), true));
        TIRKEU_VERIFY_OK(parsed);
        QVERIFY(parsed->editions.last().govKeys.outsideCsrAllowed);
        QJsonObject bad = QJsonDocument::fromJson(RulesBook::builtIn().content).object();
        QJsonArray editions = bad.value(QStringLiteral("editions")).toArray();
        QJsonObject e = editions.last().toObject();
        e.insert(QStringLiteral("gov_keys"), QJsonObject{{QStringLiteral("outside_csr_allowed"), QStringLiteral("yes")},
                                                         {QStringLiteral("clause"), QStringLiteral("x")}});
        editions.replace(editions.size() - 1, e);
        bad.insert(QStringLiteral("editions"), editions);
        auto refused = RulesBook::parse(QJsonDocument(bad).toJson());
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("outside_csr_allowed")), qPrintable(refused.message()));
    }

    // Each person's row of a letter has its dates checked like the letter's own (Rules::formDates): an identity
    // document issued after the day the letter was received, or a letter dated before the Law of 2003.
    void datesOfALettersRowsAreChecked() {
        const qint64 applications = m_fx.count(QStringLiteral("applications"));
        const qint64 events = m_fx.count(QStringLiteral("audit_events"));
        forms::Submission s = govIssue();
        QJsonArray persons = s.data.value(QStringLiteral("persons")).toArray();
        QJsonObject second = persons.at(0).toObject();
        second.insert(QStringLiteral("iin"), kIinAliya);
        second.insert(QStringLiteral("id_doc_issue_date"), QStringLiteral("2026-03-03")); // the day after the receipt
        persons.append(second);
        s.data.insert(QStringLiteral("persons"), persons);
        auto late = m_fx.reg->applications().submit(m_fx.operatorA, kGov, QStringLiteral("GOV-ISSUE"), s);
        TIRKEU_VERIFY_ERROR(late, ErrorCode::Invalid);
        QVERIFY2(late.message().contains(QStringLiteral("person 2")) &&
                     late.message().contains(QStringLiteral("03.03.2026")) &&
                     late.message().contains(QStringLiteral("after the day")),
                 qPrintable(late.message()));
        forms::Submission old = govIssue();
        old.data.insert(QStringLiteral("letter_date"), QStringLiteral("1999-12-31"));
        auto early = m_fx.reg->applications().submit(m_fx.operatorA, kGov, QStringLiteral("GOV-ISSUE"), old);
        TIRKEU_VERIFY_ERROR(early, ErrorCode::Invalid);
        QVERIFY2(early.message().contains(QStringLiteral("7 January 2003")), qPrintable(early.message()));
        QCOMPARE(m_fx.count(QStringLiteral("applications")), applications);
        QCOMPARE(m_fx.count(QStringLiteral("audit_events")), events);
        // Dated the day it is received: registered.
        second.insert(QStringLiteral("id_doc_issue_date"), QStringLiteral("2026-03-02"));
        persons.replace(1, second);
        s.data.insert(QStringLiteral("persons"), persons);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kGov, QStringLiteral("GOV-ISSUE"), s));
    }

    // The normal path: a key generated onto the media; serial and recipient required, the recipient recorded.
    void keyOnMediaNeedsSerialAndRecipientAndRecordsThem() {
        const qint64 letter = approvedLetter(kIinThird);
        QVERIFY(letter > 0);
        const Counts before = counts();
        KeyOnMedia media{pki::KeyAlgorithm::EcP256, kGovHolderPassword, {}};
        IssueOptions options;
        options.mediaRecipient = recipient();
        auto noSerial = engine().issueWithGeneratedKey(m_fx.officerA, letter, media, secret(), options);
        TIRKEU_VERIFY_ERROR(noSerial, ErrorCode::Invalid);
        QVERIFY2(noSerial.message().contains(QStringLiteral("serial number of the key media")),
                 qPrintable(noSerial.message()));
        media.mediaSerial = QStringLiteral("ГО-ТОКЕН-0100");
        for (int missing = 0; missing < 4; ++missing) {
            IssueOptions partial;
            partial.mediaRecipient = recipient();
            if (missing == 0)
                partial.mediaRecipient.name.clear();
            if (missing == 1)
                partial.mediaRecipient.position = QStringLiteral("  ");
            if (missing == 2)
                partial.mediaRecipient.orderNumber.clear();
            if (missing == 3)
                partial.mediaRecipient.orderDate = QDate();
            auto refused = engine().issueWithGeneratedKey(m_fx.officerA, letter, media, secret(), partial);
            TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
            QVERIFY2(refused.message().contains(QStringLiteral("internal order")), qPrintable(refused.message()));
        }
        unchanged(before);

        auto issued = engine().issueWithGeneratedKey(m_fx.officerA, letter, media, secret(), options);
        TIRKEU_VERIFY_OK(issued);
        auto last = m_fx.reg->audit().events({}, 1);
        TIRKEU_VERIFY_OK(last);
        QCOMPARE(last->first().type, QStringLiteral("certificate.issued"));
        const QJsonObject recorded = last->first().details.value(QStringLiteral("media_recipient")).toObject();
        QCOMPARE(recorded.value(QStringLiteral("name")).toString(), recipient().name);
        QCOMPARE(recorded.value(QStringLiteral("position")).toString(), recipient().position);
        QCOMPARE(recorded.value(QStringLiteral("order_number")).toString(), recipient().orderNumber);
        QCOMPARE(recorded.value(QStringLiteral("order_date")).toString(), QStringLiteral("2026-01-12"));
        QVERIFY(!last->first().details.contains(QStringLiteral("outside_csr_reason")));
        auto shown = engine().certificate(m_fx.officerA, kGov, issued->serialHex);
        TIRKEU_VERIFY_OK(shown);
        QCOMPARE(MediaRecipient::fromJson(shown->mediaRecipient).name, recipient().name);
        QCOMPARE(MediaRecipient::fromJson(shown->mediaRecipient).orderDate, recipient().orderDate);
        QVERIFY(shown->outsideCsrReason.isEmpty());
        m_govSerial = issued->serialHex;
    }

    // Order 348 App. 2 cl. 15: the holder is notified of the revocation. The GOV forms carry no e-mail address:
    // a notice is queued (in the revocation's transaction) when the person has one on record.
    void revocationQueuesTheGovHoldersNotice() {
        QVERIFY(!m_govSerial.isEmpty());
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE persons SET email = ? WHERE iin = ?"),
                                   {QStringLiteral("abishev@gov.example.kz"), kIinThird}));
        RevokeRequest leave;
        leave.caCode = kGov;
        leave.serial = m_govSerial;
        leave.reasonCode = 3; // affiliation changed
        leave.basisKind = QStringLiteral("holder_left_job");
        leave.basisDocument = QStringLiteral("№ 12-04 of 2026-03-02");
        TIRKEU_VERIFY_OK(engine().revoke(m_fx.officerA, leave));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM notifications n JOIN certificates c ON c.id = "
                                            "n.certificate_id WHERE c.serial = ? AND n.kind = 'revocation' AND "
                                            "n.recipient = ? AND n.state = 'queued'"),
                             {m_govSerial, QStringLiteral("abishev@gov.example.kz")})
                     .toInt(),
                 1);
    }

    // The e-mail a body's letter gives for a person (a field not on the printed form) is recorded with the
    // person, so the revocation notice above reaches GOV holders without an e-mail from another application.
    void letterGivesTheHoldersEmail() {
        forms::Submission letter = govIssue(kIinFourth);
        QJsonArray persons = letter.data.value(QStringLiteral("persons")).toArray();
        QJsonObject person = persons.at(0).toObject();
        person.insert(QStringLiteral("email"), QStringLiteral("aliyeva@gov.example.kz"));
        persons[0] = person;
        letter.data.insert(QStringLiteral("persons"), persons);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, letter));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT email FROM persons WHERE iin = ?"), {kIinFourth}).toString(),
                 QStringLiteral("aliyeva@gov.example.kz"));
        // A malformed address is refused like any form field.
        person.insert(QStringLiteral("email"), QStringLiteral("not an address"));
        persons[0] = person;
        letter.data.insert(QStringLiteral("persons"), persons);
        TIRKEU_VERIFY_ERROR(m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, letter),
                            ErrorCode::Invalid);
    }

    // Attack of session 32, B18: a ministry's letter listed a person whose organisation was another ministry, and the
    // certificate read O = that other ministry. The letter's body is the applicant and O (seed 002 App. 2, def. 7 and
    // cl. 10: the certificate goes to the body's employee): a person of another body is refused at registration, naming
    // both, nothing recorded; a unit named after the body is accepted and the certificate's O is the body; a letter
    // registered before the rule (its row says another body) still gives O = the body.
    void certificateNamesTheLettersBody() {
        const QString body = govIssue().data.value(QStringLiteral("org_name")).toString();
        const auto letterWith = [](const QString& iin, const QString& organisation) {
            forms::Submission letter = govIssue(iin);
            QJsonArray persons = letter.data.value(QStringLiteral("persons")).toArray();
            QJsonObject person = persons.at(0).toObject();
            person.insert(QStringLiteral("organisation"), organisation);
            persons[0] = person;
            letter.data.insert(QStringLiteral("persons"), persons);
            return letter;
        };
        const QString otherBody = QStringLiteral("Қазақстан Республикасының Денсаулық сақтау министрлігі");
        const qint64 applications = m_fx.count(QStringLiteral("applications"));
        const Counts before = counts();
        for (const QString& stranger :
             {otherBody, QStringLiteral("Қаржы министрлігі"), QString(body + QStringLiteral("нің"))}) {
            auto refused =
                m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, letterWith(kIinSecond, stranger));
            TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
            QVERIFY2(refused.message().contains(stranger) && refused.message().contains(body),
                     qPrintable(refused.message()));
        }
        QCOMPARE(m_fx.count(QStringLiteral("applications")), applications);
        unchanged(before);

        // A unit of the body, named after it (any case, spaces collapsed): registered; O is the body.
        auto app = m_fx.reg->applications().submit(
            m_fx.operatorA, kGov, kGovIssue,
            letterWith(kIinSecond, QStringLiteral("  ") + body.toUpper() + QStringLiteral(" ,  Бюджет департаменті")));
        TIRKEU_VERIFY_OK(app);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *app));
        IssueOptions options;
        options.mediaRecipient = recipient();
        auto issued = engine().issueWithGeneratedKey(
            m_fx.officerA, *app, {pki::KeyAlgorithm::EcP256, kGovHolderPassword, QStringLiteral("ГО-ТОКЕН-0501")},
            secret(), options);
        TIRKEU_VERIFY_OK(issued);
        auto cert = pki::Certificate::parse(issued->der);
        TIRKEU_VERIFY_OK(cert);
        QCOMPARE(cert->subject().organisation, body);
        QVERIFY2(cert->subject().bin.isEmpty(), qPrintable(cert->subjectDisplay())); // no OU

        // Registered before the rule: its row names another body; the certificate still names the letter's.
        auto old = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, letterWith(kIinAliya, body));
        TIRKEU_VERIFY_OK(old);
        const QString stored =
            m_fx.scalar(QStringLiteral("SELECT data FROM applications WHERE id = ?"), {*old}).toString();
        QJsonObject data = QJsonDocument::fromJson(stored.toUtf8()).object();
        QJsonArray rows = data.value(QStringLiteral("persons")).toArray();
        QJsonObject row = rows.at(0).toObject();
        row.insert(QStringLiteral("organisation"), otherBody);
        rows[0] = row;
        data.insert(QStringLiteral("persons"), rows);
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE applications SET data = ? WHERE id = ?"),
                                   {QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)), *old}));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *old));
        auto older = engine().issueWithGeneratedKey(
            m_fx.officerA, *old, {pki::KeyAlgorithm::EcP256, kGovHolderPassword, QStringLiteral("ГО-ТОКЕН-0502")},
            secret(), options);
        TIRKEU_VERIFY_OK(older);
        auto olderCert = pki::Certificate::parse(older->der);
        TIRKEU_VERIFY_OK(olderCert);
        QCOMPARE(olderCert->subject().organisation, body);

        // A body whose name is longer than O= can carry (64 characters) is refused without its short name, and with
        // it gets certificates that name it by its short name; its employees' rows may name it either way.
        const QString longBody = QStringLiteral("Қазақстан Республикасының Цифрлық даму, инновациялар және "
                                                "аэроғарыш өнеркәсібі министрлігі");
        QVERIFY(longBody.size() > 64);
        forms::Submission longLetter = letterWith(kIinThird, longBody + QStringLiteral(", Цифрландыру департаменті"));
        longLetter.data.insert(QStringLiteral("org_name"), longBody);
        auto noShortName = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, longLetter);
        TIRKEU_VERIFY_ERROR(noShortName, ErrorCode::Invalid);
        QVERIFY2(noShortName.message().contains(QStringLiteral("64")), qPrintable(noShortName.message()));
        const QString shortBody = QStringLiteral("ҚР ЦДИАӨМ");
        longLetter.data.insert(QStringLiteral("short_name"), shortBody);
        auto withShortName = m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, longLetter);
        TIRKEU_VERIFY_OK(withShortName);
        forms::Submission byShortName = letterWith(kIinFourth, shortBody);
        byShortName.data.insert(QStringLiteral("org_name"), longBody);
        byShortName.data.insert(QStringLiteral("short_name"), shortBody);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kGov, kGovIssue, byShortName));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerB, *withShortName));
        auto named = engine().issueWithGeneratedKey(
            m_fx.officerA, *withShortName,
            {pki::KeyAlgorithm::EcP256, kGovHolderPassword, QStringLiteral("ГО-ТОКЕН-0503")}, secret(), options);
        TIRKEU_VERIFY_OK(named);
        auto namedCert = pki::Certificate::parse(named->der);
        TIRKEU_VERIFY_OK(namedCert);
        QCOMPARE(namedCert->subject().organisation, shortBody);
    }

    // An outside request under the built-in rules: refused, whatever the reason; the media serial is required
    // on that path too.
    void outsideRequestRefusedWhereTheRulesDoNotAllowIt() {
        const qint64 letter = approvedLetter(kIinFourth);
        QVERIFY(letter > 0);
        const Counts before = counts();
        IssueOptions options;
        options.mediaRecipient = recipient();
        options.outsideCsrReason = QStringLiteral("the body's own token initialised by its security officer");
        auto noSerial = engine().issueFromCsr(m_fx.officerA, letter, csr(kIinFourth), secret(), options);
        TIRKEU_VERIFY_ERROR(noSerial, ErrorCode::Invalid);
        QVERIFY2(noSerial.message().contains(QStringLiteral("serial number of the key media")),
                 qPrintable(noSerial.message()));
        options.mediaSerial = QStringLiteral("ГО-ТОКЕН-0200");
        auto refused = engine().issueFromCsr(m_fx.officerA, letter, csr(kIinFourth), secret(), options);
        TIRKEU_VERIFY_ERROR(refused, ErrorCode::Invalid);
        QVERIFY2(refused.message().contains(QStringLiteral("do not allow issuing from a request")),
                 qPrintable(refused.message()));
        unchanged(before);
    }

    // An edition that allows outside requests: without a reason refused, with one issued and the reason recorded.
    void outsideRequestWithAReasonWhereTheRulesAllowIt() {
        TIRKEU_VERIFY_OK(m_fx.reg->rules().load(
            m_fx.admin, rulesAllowingOutsideCsr(QStringLiteral("gov-csr"), QStringLiteral("2026-03-01"), true)));
        const qint64 letter = approvedLetter(kIinFifth);
        QVERIFY(letter > 0);
        const Counts before = counts();
        IssueOptions options;
        options.mediaRecipient = recipient();
        options.mediaSerial = QStringLiteral("ГО-ТОКЕН-0300");
        auto noReason = engine().issueFromCsr(m_fx.officerA, letter, csr(kIinFifth), secret(), options);
        TIRKEU_VERIFY_ERROR(noReason, ErrorCode::Invalid);
        QVERIFY2(noReason.message().contains(QStringLiteral("needs the reason")), qPrintable(noReason.message()));
        IssueOptions noRecipient = options;
        noRecipient.mediaRecipient = {};
        noRecipient.outsideCsrReason = QStringLiteral("x");
        TIRKEU_VERIFY_ERROR(engine().issueFromCsr(m_fx.officerA, letter, csr(kIinFifth), secret(), noRecipient),
                            ErrorCode::Invalid);
        unchanged(before);

        options.outsideCsrReason = QStringLiteral("  the body's own token initialised by its security officer ");
        auto issued = engine().issueFromCsr(m_fx.officerA, letter, csr(kIinFifth), secret(), options);
        TIRKEU_VERIFY_OK(issued);
        QCOMPARE(issued->keyMediaSerial, QStringLiteral("ГО-ТОКЕН-0300"));
        auto last = m_fx.reg->audit().events({}, 1);
        TIRKEU_VERIFY_OK(last);
        QCOMPARE(last->first().details.value(QStringLiteral("outside_csr_reason")).toString(),
                 QStringLiteral("the body's own token initialised by its security officer"));
        QCOMPARE(last->first().details.value(QStringLiteral("key_source")).toString(), QStringLiteral("csr"));
        auto shown = engine().certificate(m_fx.officerA, kGov, issued->serialHex);
        TIRKEU_VERIFY_OK(shown);
        QCOMPARE(shown->outsideCsrReason, QStringLiteral("the body's own token initialised by its security officer"));
        QCOMPARE(MediaRecipient::fromJson(shown->mediaRecipient).position, recipient().position);
    }

    // Issue 16: the way the application asks for the key, which the issuance dialog preselects.
    void suggestedKeyPathFollowsTheApplication() {
        using KP = Rules::KeyPath;
        QJsonObject token{{QStringLiteral("key_media"), QStringLiteral("token")}};
        QJsonObject file{{QStringLiteral("key_media"), QStringLiteral("file")}};
        QCOMPARE(Rules::suggestedKeyPath(kIssueInd, token), KP::HolderRequest);
        QCOMPARE(Rules::suggestedKeyPath(kIssueLegal, token), KP::HolderRequest);
        QCOMPARE(Rules::suggestedKeyPath(kIssueInd, file), KP::GeneratedOnMedia);
        QCOMPARE(Rules::suggestedKeyPath(kIssueInd, QJsonObject()), KP::GeneratedOnMedia);
        // Order 348 App. 2 cl. 8: the Government Bodies CA's employee generates the key, whatever media.
        QJsonObject govToken{{QStringLiteral("persons"), QJsonArray{token}}};
        QCOMPARE(Rules::suggestedKeyPath(kGovIssue, govToken), KP::GeneratedOnMedia);
        QCOMPARE(Rules::suggestedKeyPath(kGovIssue, QJsonObject()), KP::GeneratedOnMedia);
        // A subordinate CA's key stays in its HSM; an unknown form is not guessed at.
        QCOMPARE(Rules::suggestedKeyPath(QStringLiteral("ROOT-ISSUE"), file), KP::HolderRequest);
        QCOMPARE(Rules::suggestedKeyPath(QStringLiteral("NO-SUCH-FORM"), file), KP::HolderRequest);
    }
};

TIRKEU_TEST_GUILESS_MAIN(GovIssuanceTest)
#include "tst_gov_issuance.moc"
