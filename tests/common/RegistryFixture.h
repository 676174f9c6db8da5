#pragma once
// Shared fixtures of the registry tests: a register file in a temporary directory, driven by a
// FixedClock, with the staff every workflow needs (first administrator, a counter operator, two CA
// officers, an auditor) and one CA of each kind. Creating the staff costs five scrypt hashes, so a
// test program builds the register once (initTestCase) and every test works on its own copy of the
// file (init): isolated, and fast.

#include "forms/Validation.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "tests/common/TestDb.h"
#include "tests/common/TestPointers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace tirkeu {
// Readable QCOMPARE failures ("Forbidden" instead of an unprintable enum).
inline char* toString(const ErrorCode& code) {
    const char* name = "?";
    switch (code) {
    case ErrorCode::Ok:
        name = "Ok";
        break;
    case ErrorCode::Failure:
        name = "Failure";
        break;
    case ErrorCode::Usage:
        name = "Usage";
        break;
    case ErrorCode::Invalid:
        name = "Invalid";
        break;
    case ErrorCode::Forbidden:
        name = "Forbidden";
        break;
    case ErrorCode::NotFound:
        name = "NotFound";
        break;
    case ErrorCode::Conflict:
        name = "Conflict";
        break;
    case ErrorCode::Database:
        name = "Database";
        break;
    case ErrorCode::Integrity:
        name = "Integrity";
        break;
    case ErrorCode::Crypto:
        name = "Crypto";
        break;
    case ErrorCode::Io:
        name = "Io";
        break;
    case ErrorCode::Busy:
        name = "Busy";
        break;
    }
    return qstrdup(name);
}

namespace registry {
inline char* toString(const ApplicationStatus& s) {
    return qstrdup(qPrintable(Applications::statusId(s)));
}
} // namespace registry
} // namespace tirkeu

// A Result that must have succeeded; its message is the failure text.
#define TIRKEU_VERIFY_OK(result)                                                                                       \
    do {                                                                                                               \
        const auto& tirkeuResult_ = (result);                                                                          \
        QVERIFY2(tirkeuResult_.ok(), qPrintable(tirkeuResult_.message()));                                             \
    } while (false)

// A Result that must have failed with `expectedCode`.
#define TIRKEU_VERIFY_ERROR(result, expectedCode)                                                                      \
    do {                                                                                                               \
        const auto& tirkeuResult_ = (result);                                                                          \
        QVERIFY2(!tirkeuResult_.ok(), "the operation succeeded but should have been refused");                         \
        QCOMPARE(tirkeuResult_.code(), expectedCode);                                                                  \
        QVERIFY2(!tirkeuResult_.message().isEmpty(), "a refusal must carry a message");                                \
    } while (false)

// An audit verify (Result<AuditVerifyReport>) that passed, on a register whose every event type
// Roles::eventRule lists: a type the program writes but the map forgets fails a test here, never a
// customer's audit (those types go unchecked against the operators' roles).
#define TIRKEU_VERIFY_INTACT(report)                                                                                   \
    do {                                                                                                               \
        const auto& tirkeuReport_ = (report);                                                                          \
        QVERIFY2(tirkeuReport_->ok, qPrintable(tirkeuReport_->problem));                                               \
        QVERIFY2(tirkeuReport_->unclassifiedEventTypes.isEmpty(),                                                      \
                 qPrintable(QStringLiteral("event types missing from Roles::eventRule: ") +                            \
                            tirkeuReport_->unclassifiedEventTypes.join(QLatin1Char(' '))));                            \
    } while (false)

namespace tirkeu::test {

using registry::Clock;
using registry::FixedClock;
using registry::Register;
using registry::Role;
using registry::Session;

// Every account of the fixtures uses it (>= 8 characters, Kazakh letters on purpose).
inline const QString kPassword = QStringLiteral("Құпия-сөз-2026");

// Valid identifiers from docs/FACTS.md.
inline const QString kIinAliya = QStringLiteral("900701300108");
inline const QString kIinSecond = QStringLiteral("900701301802");
inline const QString kIinThird = QStringLiteral("050311600009");
inline const QString kIinFourth = QStringLiteral("000229501204");
inline const QString kIinFifth = QStringLiteral("061211600012");
inline const QString kIinBadCheckDigit = QStringLiteral("900701300107");
inline const QString kBin = QStringLiteral("230340123459");
inline const QString kBinSecond = QStringLiteral("120741000014");

// The CA key passphrases of the tests that generate CA keys (an NCA-style and a government CA).
inline const QString kCaPassphrase = QStringLiteral("Орталық-кілт-2026-secret");
inline const QString kGovPassphrase = QStringLiteral("Мемлекеттік-кілт-2026");

// Form ids (forms/FormCatalog*.cpp): the individual's issuance and revocation applications, a legal entity's
// issuance application, a government body's letter.
inline const QString kIssueInd = QStringLiteral("NCA-ISSUE-IND");
inline const QString kRevokeInd = QStringLiteral("NCA-REVOKE-IND");
inline const QString kIssueLegal = QStringLiteral("NCA-ISSUE-LEGAL");
inline const QString kGovIssue = QStringLiteral("GOV-ISSUE");

inline const QString kNca = QStringLiteral("NCA-RSA");
inline const QString kGov = QStringLiteral("GOV");
inline const QString kRoot = QStringLiteral("ROOT");

// A wall-clock time in Kazakhstan (Asia/Almaty), as UTC.
inline QDateTime almaty(int y, int m, int d, int h = 10, int min = 0) {
    return QDateTime(QDate(y, m, d), QTime(h, min), Clock::zone()).toUTC();
}

// The working Monday morning the GUI tests start on.
inline const QDateTime kMondayMorning = almaty(2026, 3, 2, 10);

// ---- submissions that pass forms::Validator (field ids from forms/FormCatalog*.cpp) ----

// A holder's request for a new P-256 key, subject "A B" with `iin` (empty on failure: the issuance fails).
inline QByteArray holderCsr(const QString& iin) {
    auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
    if (!key)
        return {};
    auto csr =
        pki::Csr::create(key->get(), pki::SubjectName::person(QStringLiteral("A"), QStringLiteral("B"), {}, iin));
    return csr ? *csr : QByteArray();
}

inline forms::Submission ncaIssueIndividual(const QString& iin = kIinAliya,
                                            const QString& surname = QStringLiteral("Қасымова"),
                                            const QString& name = QStringLiteral("Әлия"),
                                            const QDate& date = QDate(2026, 3, 2)) {
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("iin"), iin},
                         {QStringLiteral("surname"), surname},
                         {QStringLiteral("name"), name},
                         {QStringLiteral("patronymic"), QStringLiteral("Серікқызы")},
                         {QStringLiteral("region"), QStringLiteral("Алматы облысы")},
                         {QStringLiteral("city"), QStringLiteral("Қонаев")},
                         {QStringLiteral("email"), QStringLiteral("aliya.kassymova@example.kz")},
                         {QStringLiteral("phone"), QStringLiteral("+7 701 234 56 78")},
                         {QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")}},
                         {QStringLiteral("validity"), QStringLiteral("1y")},
                         {QStringLiteral("key_media"), QStringLiteral("file")},
                         {QStringLiteral("application_date"), date.toString(Qt::ISODate)}};
    s.attachments = {QStringLiteral("identity_document_copy")};
    s.consent = true;
    return s;
}

inline forms::Submission ncaIssueLegal(const QString& shortName = QStringLiteral("Жарық ЖШС"),
                                       const QString& bin = kBin, const QString& iin = kIinSecond) {
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("bin"), bin},
                         {QStringLiteral("org_name"), QStringLiteral("«Жарық» жауапкершілігі шектеулі серіктестігі")},
                         {QStringLiteral("short_name"), shortName},
                         {QStringLiteral("iin"), iin},
                         {QStringLiteral("surname"), QStringLiteral("Нұрланов")},
                         {QStringLiteral("name"), QStringLiteral("Ерлан")},
                         {QStringLiteral("role"), QStringLiteral("first_head")},
                         {QStringLiteral("region"), QStringLiteral("Ақмола облысы")},
                         {QStringLiteral("city"), QStringLiteral("Көкшетау")},
                         {QStringLiteral("email"), QStringLiteral("info@zharyq.kz")},
                         {QStringLiteral("phone"), QStringLiteral("87172123456")},
                         {QStringLiteral("usage"), QJsonArray{QStringLiteral("sign")}},
                         {QStringLiteral("application_date"), QStringLiteral("2026-03-02")}};
    // Seed 002 App. 3 §4(2): a legal entity submits a power of attorney with the application.
    s.attachments = {QStringLiteral("identity_document_copy"), QStringLiteral("state_registration"),
                     QStringLiteral("power_of_attorney")};
    s.consent = true;
    return s;
}

// `certIssueDate`: the day the certificate was issued (its notBefore in Almaty, RegistryFixture::issuedOn), which
// the register compares with the certificate (attack of session 32, B23).
inline forms::Submission ncaRevokeIndividual(const QString& serial, const QString& certIssueDate,
                                             const QString& iin = kIinAliya, const QDate& date = QDate(2026, 3, 2)) {
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("iin"), iin},
                         {QStringLiteral("surname"), QStringLiteral("Қасымова")},
                         {QStringLiteral("name"), QStringLiteral("Әлия")},
                         {QStringLiteral("email"), QStringLiteral("aliya.kassymova@example.kz")},
                         {QStringLiteral("phone"), QStringLiteral("+77012345678")},
                         {QStringLiteral("cert_serial"), serial},
                         {QStringLiteral("cert_issue_date"), certIssueDate},
                         {QStringLiteral("reason"), QStringLiteral("key_compromise")},
                         {QStringLiteral("application_date"), date.toString(Qt::ISODate)}};
    return s; // no consent and no attachment required (a representative's power of attorney is optional)
}

// A government body's letter for one employee (the personal attachment is the "persons" row).
inline forms::Submission govIssue(const QString& iin = kIinThird) {
    const QJsonObject person{
        {QStringLiteral("surname"), QStringLiteral("Әбішев")},
        {QStringLiteral("name"), QStringLiteral("Дәулет")},
        {QStringLiteral("iin"), iin},
        {QStringLiteral("id_doc_number"), QStringLiteral("045123987")},
        {QStringLiteral("id_doc_issued_by"), QStringLiteral("ҚР ІІМ")},
        {QStringLiteral("id_doc_issue_date"), QStringLiteral("2019-04-11")},
        {QStringLiteral("country"), QStringLiteral("Қазақстан")},
        {QStringLiteral("region"), QStringLiteral("Астана қаласы")},
        {QStringLiteral("organisation"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі")},
        {QStringLiteral("position"), QStringLiteral("бас маман")},
        {QStringLiteral("usage"), QJsonArray{QStringLiteral("edms")}},
        {QStringLiteral("application_date"), QStringLiteral("2026-03-02")}};
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("org_name"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі")},
                         {QStringLiteral("letter_no"), QStringLiteral("12-3/456")},
                         {QStringLiteral("letter_date"), QStringLiteral("2026-02-27")},
                         {QStringLiteral("head_full_name"), QStringLiteral("Сұлтанов Марат")},
                         {QStringLiteral("persons"), QJsonArray{person}}};
    s.attachments = {QStringLiteral("identity_document_copy")};
    s.consent = true;
    return s;
}

// A government body's letter revoking one employee's certificate because the employee left the job (Order 348
// App. 2 cl. 13: the letter names the day; an empty `leftOn` leaves it out).
struct GovRevokeLetter {
    QString serial;
    QString leftOn;
    QString certIssueDate; // the certificate's, RegistryFixture::issuedOn
    QString letterNo = QStringLiteral("12-3/777");
    QString letterDate = QStringLiteral("2026-03-02");
    QString applicationDate = QStringLiteral("2026-03-02");
};

inline forms::Submission govRevoke(const GovRevokeLetter& l) {
    QJsonObject p{{QStringLiteral("surname"), QStringLiteral("Әбішев")},
                  {QStringLiteral("name"), QStringLiteral("Дәулет")},
                  {QStringLiteral("iin"), kIinThird},
                  {QStringLiteral("id_doc_number"), QStringLiteral("045123987")},
                  {QStringLiteral("id_doc_issued_by"), QStringLiteral("ҚР ІІМ")},
                  {QStringLiteral("id_doc_issue_date"), QStringLiteral("2019-04-11")},
                  {QStringLiteral("home_address"), QStringLiteral("Астана қ., Мәңгілік Ел даңғылы, 8")},
                  {QStringLiteral("organisation"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі")},
                  {QStringLiteral("position"), QStringLiteral("бас маман")},
                  {QStringLiteral("reason"), QStringLiteral("affiliation_changed")},
                  {QStringLiteral("cert_serial"), l.serial},
                  {QStringLiteral("cert_issue_date"), l.certIssueDate},
                  {QStringLiteral("application_date"), l.applicationDate}};
    if (!l.leftOn.isEmpty())
        p.insert(QStringLiteral("employment_end_date"), l.leftOn);
    forms::Submission s;
    s.data = QJsonObject{{QStringLiteral("org_name"), QStringLiteral("Қазақстан Республикасының Қаржы министрлігі")},
                         {QStringLiteral("letter_no"), l.letterNo},
                         {QStringLiteral("letter_date"), l.letterDate},
                         {QStringLiteral("head_full_name"), QStringLiteral("Сұлтанов Марат")},
                         {QStringLiteral("persons"), QJsonArray{p}}};
    s.attachments = {QStringLiteral("key_media")};
    return s;
}

// ---- the register under test ----

class RegistryFixture {
public:
    QString error; // why the last set-up step failed

    QTemporaryDir dir;
    FixedClock clock{almaty(2026, 3, 2)}; // declared before reg: the register must not outlive it
    std::unique_ptr<Register> reg;

    Session admin;
    Session operatorA; // counter operator
    Session officerA;
    Session officerB;
    Session auditor;
    qint64 ncaId = 0;
    qint64 govId = 0;
    qint64 rootId = 0;

    QString path() const { return dir.filePath(QStringLiteral("register.sqlite")); }
    // Where the register lives: path() on SQLite; its own database on the PostgreSQL test server.
    QString location() const { return onPostgres() ? pgLocation : path(); }
    QString pgLocation;

    RegistryFixture() = default;
    RegistryFixture(const RegistryFixture&) = delete;
    RegistryFixture& operator=(const RegistryFixture&) = delete;
    ~RegistryFixture() {
        reg.reset();
        dropPgDatabase(pgLocation);
    }

    // A new register at `at`: first administrator, the staff and three CAs (five scrypt hashes).
    bool create(const QDateTime& at, bool withStaffAndCas = true) {
        if (!dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        clock.set(at);
        if (onPostgres() && pgLocation.isEmpty()) {
            auto url = createPgDatabase();
            if (!url)
                return fail(url.message());
            pgLocation = *url;
        }
        if (!open(Register::OpenMode::CreateOrUpgrade))
            return false;
        if (!withStaffAndCas)
            return true;
        auto first = reg->operators().createFirstAdministrator(QStringLiteral("admin"),
                                                               QStringLiteral("Жұмабаева Гүлнар"), kPassword);
        if (!first)
            return fail(first.message());
        admin = *first;
        struct Account {
            Session* session;
            const char* login;
            QString fullName;
            Role role;
        } accounts[] = {
            {&operatorA, "operator", QStringLiteral("Сәрсенова Айгүл"), Role::Operator},
            {&officerA, "officer.a", QStringLiteral("Төлеуов Бауыржан"), Role::Officer},
            {&officerB, "officer.b", QStringLiteral("Оспанова Мәдина"), Role::Officer},
            {&auditor, "auditor", QStringLiteral("Құрманов Ғалым"), Role::Auditor},
        };
        for (const Account& a : accounts) {
            const QString login = QString::fromLatin1(a.login);
            auto id = reg->operators().add(admin, login, a.fullName, a.role, kPassword);
            if (!id)
                return fail(id.message());
            *a.session = Session{*id, login, a.fullName, a.role};
        }
        const struct {
            qint64* id;
            QString code;
            QString name;
            forms::CaKind kind;
        } cas[] = {
            {&ncaId, kNca, QStringLiteral("ҚР Ұлттық куәландырушы орталығы (RSA)"), forms::CaKind::National},
            {&govId, kGov, QStringLiteral("ҚР Мемлекеттік органдарының куәландырушы орталығы"),
             forms::CaKind::Government},
            {&rootId, kRoot, QStringLiteral("ҚР Түбір куәландырушы орталығы"), forms::CaKind::Root},
        };
        for (const auto& c : cas) {
            auto id = reg->cas().add(admin, c.code, c.name, c.kind,
                                     c.kind == forms::CaKind::Root ? testRootPointers() : testPointers());
            if (!id)
                return fail(id.message());
            *c.id = *id;
        }
        return true;
    }

    // A private copy of `source`'s register (closed first), opened with this fixture's clock at `at`.
    bool copyOf(RegistryFixture& source, const QDateTime& at) {
        if (!dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        source.close();
        if (onPostgres()) {
            auto url = createPgDatabase(source.location());
            if (!url)
                return fail(url.message());
            pgLocation = *url;
        } else if (!QFile::copy(source.path(), path())) {
            return fail(QStringLiteral("cannot copy %1 to %2").arg(source.path(), path()));
        }
        admin = source.admin;
        operatorA = source.operatorA;
        officerA = source.officerA;
        officerB = source.officerB;
        auditor = source.auditor;
        ncaId = source.ncaId;
        govId = source.govId;
        rootId = source.rootId;
        clock.set(at);
        return open(Register::OpenMode::Existing);
    }

    bool open(Register::OpenMode mode = Register::OpenMode::Existing) {
        reg.reset();
        auto r = Register::open(location(), mode, &clock);
        if (!r)
            return fail(r.message());
        reg = std::move(r.value());
        return true;
    }

    // Closing checkpoints the WAL into the file, so the file alone is the whole register.
    void close() { reg.reset(); }

    // ---- raw SQL, for checks and for an attacker's view of the file ----

    QVariant scalar(const QString& sql, const QVariantList& binds = {}) {
        auto v = reg->db().scalar(sql, binds);
        if (!v)
            qWarning("%s: %s", qPrintable(sql), qPrintable(v.message()));
        return v ? *v : QVariant();
    }
    // Removes a protection trigger, as an attacker with direct database access would.
    Status dropTrigger(const QString& trigger, const QString& table) {
        return reg->db().execScript(dropTriggerSql(reg->db(), trigger, table));
    }
    qint64 count(const QString& table) { return scalar(QStringLiteral("SELECT count(*) FROM ") + table).toLongLong(); }
    // Damages the first page of the index `index` in place, as stale pages written back over the file would
    // (what the register's check, PRAGMA quick_check, must find): the register is checkpointed and closed,
    // then 64 bytes after that page's header are overwritten. The register stays closed. SQLite only.
    // Empty on success, else what failed.
    QString damageIndexPage(const QString& index) {
        if (!reg)
            return QStringLiteral("no register is open");
        if (Status s = exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !s)
            return s.message();
        const qint64 page =
            scalar(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = ?"), {index}).toLongLong();
        const qint64 pageSize = scalar(QStringLiteral("PRAGMA page_size")).toLongLong();
        if (page <= 1 || pageSize <= 0)
            return QStringLiteral("no index ") + index;
        close();
        QFile f(path());
        if (!f.open(QIODevice::ReadWrite) || !f.seek((page - 1) * pageSize + 8) ||
            f.write(QByteArray(64, '\x5a')) != 64)
            return QStringLiteral("cannot write ") + path();
        return {};
    }
    Status exec(const QString& sql, const QVariantList& binds = {}) {
        auto q = reg->db().exec(sql, binds);
        if (!q)
            return q.error();
        return {};
    }

    // The day the certificate `serial` (of any CA) was issued, as a revocation form gives it: its notBefore as an
    // Almaty date, ISO; empty when the register has no such certificate.
    QString issuedOn(const QString& serial) {
        const QVariant notBefore =
            scalar(QStringLiteral("SELECT not_before FROM certificates WHERE serial = upper(?)"), {serial});
        if (notBefore.isNull())
            return {};
        return registry::fromDbTime(notBefore.toString())
            .toTimeZone(registry::Clock::zone())
            .date()
            .toString(Qt::ISODate);
    }

    // A certificate row as the issuing workflow would leave it (issuing itself is not under test here).
    // `keyMediaSerial`: the key medium recorded at issuance (fixed from then on, migration 22).
    Result<qint64> insertCertificate(qint64 caId, const QString& serial, const QString& iin, const QDateTime& notBefore,
                                     qint64 applicationId = 0, int retentionYears = 5,
                                     const QString& keyMediaSerial = {}) {
        const QVariant personId = scalar(QStringLiteral("SELECT id FROM persons WHERE iin = ?"), {iin});
        const QDateTime notAfter = notBefore.addYears(1);
        auto q = reg->db().exec(
            QStringLiteral(
                "INSERT INTO certificates (ca_id, serial, subject, person_id, profile, not_before, not_after, "
                "der, status, application_id, issued_by, issued_at, retention_until, key_media_serial) "
                "VALUES (?, ?, ?, ?, 'individual_sign', ?, ?, ?, 'valid', ?, ?, ?, ?, nullif(?, ''))"),
            {caId, serial, QStringLiteral("CN=ҚАСЫМОВА ӘЛИЯ,SERIALNUMBER=IIN%1,C=KZ").arg(iin), personId,
             registry::toDbTime(notBefore), registry::toDbTime(notAfter),
             QByteArray::fromHex("3082010a0282010100c0ffee00deadbeef0001027f80ff"),
             applicationId > 0 ? QVariant(applicationId) : QVariant(), officerA.operatorId,
             registry::toDbTime(notBefore), registry::toDbTime(notAfter.addYears(retentionYears)), keyMediaSerial});
        if (!q)
            return q.error();
        return q->lastInsertId().toLongLong();
    }

    // The scene of the agenda tests (tst_agenda, tst_today): an NCA individual's issuance application, done, with
    // the certificates `certificates` (serial, notBefore), and revocation applications for the first two of them,
    // received on 2 March 2026 (due 4 March) and on 10 March 2026 — the clock is left at 10 March 2026, 12:00.
    struct RevocationScene {
        qint64 issue = 0, early = 0, late = 0;
    };
    Result<RevocationScene> revocationScene(const QList<QPair<QString, QDateTime>>& certificates) {
        registry::Applications& apps = reg->applications();
        RevocationScene scene;
        auto issue = apps.submit(operatorA, kNca, QStringLiteral("NCA-ISSUE-IND"), ncaIssueIndividual());
        if (!issue)
            return issue.error();
        scene.issue = *issue;
        if (Status s = apps.approve(officerA, *issue); !s)
            return s.error();
        if (Status s = apps.markDone(officerA, *issue); !s)
            return s.error();
        for (const auto& [serial, notBefore] : certificates)
            if (auto c = insertCertificate(ncaId, serial, kIinAliya, notBefore, *issue); !c)
                return c.error();
        const QString revokeForm = QStringLiteral("NCA-REVOKE-IND");
        auto early = apps.submit(operatorA, kNca, revokeForm,
                                 ncaRevokeIndividual(certificates.value(0).first, issuedOn(certificates.value(0).first),
                                                     kIinAliya, QDate(2026, 3, 2)));
        if (!early)
            return early.error();
        scene.early = *early;
        clock.set(almaty(2026, 3, 10, 12));
        auto late = apps.submit(operatorA, kNca, revokeForm,
                                ncaRevokeIndividual(certificates.value(1).first, issuedOn(certificates.value(1).first),
                                                    kIinAliya, QDate(2026, 3, 10)));
        if (!late)
            return late.error();
        scene.late = *late;
        return scene;
    }

private:
    bool fail(const QString& why) {
        error = why;
        return false;
    }
};

} // namespace tirkeu::test
