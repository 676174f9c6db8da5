#pragma once
// A realistic synthetic register for the benchmarks (issue 18): N certificates of one CA held by
// people with Kazakh and Russian names (Әлия, Қасымова, Ұлан, Өмірзақ, Іңкәр… and surnames in mixed
// case such as "МакКей"), valid IINs and BINs (FACTS.md check digit), legal-entity employees with
// their organisations, dates over the last three years, about 10 % revoked (with a revocations row).
//
// Rows are written the way the registry writes them (every column the schema requires, the search
// keys of migration 15 computed by registry::Search, the triggers and constraints of the schema in
// force): on SQLite with prepared statements in transactions of 100,000 rows; on PostgreSQL with
// multi-row INSERTs (500 rows a statement) in transactions of 100,000. The certificate DER is a
// 5-byte placeholder: the code paths benchmarked over this register (search, the register page, the
// CSV listings) never parse it.
//
// Layout (reproducible from the seed): certificate i (0-based) belongs to person i*4/5 (so one person
// in four has two certificates); every seventh person is an employee of organisation (person/7) mod
// (N/70 + 1) and the certificate names that organisation too. Ids start at 1,000,000 for persons,
// organisations and certificates so that they never meet the rows of the real set-up.

#include "registry/Database.h"
#include "registry/Search.h"
#include "tests/bench/BenchSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace tirkeu::bench {

// ---- names ----

inline const QStringList& maleSurnames() {
    static const QStringList l = {
        QStringLiteral("Қасымов"),    QStringLiteral("Әбенов"),    QStringLiteral("Өмірзақов"),
        QStringLiteral("Ұзақов"),     QStringLiteral("Нұрланов"),  QStringLiteral("Жұмабаев"),
        QStringLiteral("Сейітов"),    QStringLiteral("Тоқаев"),    QStringLiteral("Бекмұхамбетов"),
        QStringLiteral("Исаев"),      QStringLiteral("Иванов"),    QStringLiteral("Петров"),
        QStringLiteral("Смирнов"),    QStringLiteral("Кузнецов"),  QStringLiteral("Ким"),
        QStringLiteral("Ли"),         QStringLiteral("Шевченко"),  QStringLiteral("Әуезов"),
        QStringLiteral("Құнанбаев"),  QStringLiteral("Ілиясов"),   QStringLiteral("Үсенов"),
        QStringLiteral("Ғабитов"),    QStringLiteral("Серікбаев"), QStringLiteral("Байжанов"),
        QStringLiteral("МакКей"),     QStringLiteral("ДеКостер"),  QStringLiteral("Орынбасаров"),
        QStringLiteral("Есімов"),     QStringLiteral("Мұратов"),   QStringLiteral("Төлеуов"),
        QStringLiteral("Сәрсенбаев"), QStringLiteral("Ахметов"),
    };
    return l;
}

// The female form of a surname: -ов/-ев/-ин + а; others unchanged (Ким, Шевченко, МакКей).
inline QString femaleSurname(const QString& male) {
    if (male.endsWith(u"ов") || male.endsWith(u"ев") || male.endsWith(u"ин"))
        return male + u'а';
    return male;
}

inline const QStringList& maleNames() {
    static const QStringList l = {
        QStringLiteral("Ұлан"),   QStringLiteral("Өмірзақ"), QStringLiteral("Нұрлан"),  QStringLiteral("Бауыржан"),
        QStringLiteral("Ерлан"),  QStringLiteral("Дәурен"),  QStringLiteral("Асқар"),   QStringLiteral("Ілияс"),
        QStringLiteral("Қайрат"), QStringLiteral("Серік"),   QStringLiteral("Әділет"),  QStringLiteral("Жандос"),
        QStringLiteral("Иван"),   QStringLiteral("Сергей"),  QStringLiteral("Алексей"), QStringLiteral("Дмитрий"),
    };
    return l;
}

inline const QStringList& femaleNames() {
    static const QStringList l = {
        QStringLiteral("Әлия"),   QStringLiteral("Іңкәр"),    QStringLiteral("Гүлнар"), QStringLiteral("Айгүл"),
        QStringLiteral("Сәуле"),  QStringLiteral("Жұлдыз"),   QStringLiteral("Ұлжан"),  QStringLiteral("Әсел"),
        QStringLiteral("Мөлдір"), QStringLiteral("Қарлығаш"), QStringLiteral("Дана"),   QStringLiteral("Томирис"),
        QStringLiteral("Анна"),   QStringLiteral("Ольга"),    QStringLiteral("Елена"),  QStringLiteral("Наталья"),
    };
    return l;
}

// Patronymic from the father's name: Kazakh -ұлы / -қызы, Russian -ович / -овна.
inline QString patronymic(const QString& father, bool female, bool russian) {
    if (russian)
        return father + (female ? QStringLiteral("овна") : QStringLiteral("ович"));
    return father + (female ? QStringLiteral("қызы") : QStringLiteral("ұлы"));
}

inline const QStringList& organisationWords() {
    static const QStringList l = {
        QStringLiteral("Алтын"),    QStringLiteral("Дала"),   QStringLiteral("Жарық"),   QStringLiteral("Көкше"),
        QStringLiteral("Сарыарқа"), QStringLiteral("Ақ Жол"), QStringLiteral("Өркен"),   QStringLiteral("Қазақ"),
        QStringLiteral("Ұлытау"),   QStringLiteral("Іле"),    QStringLiteral("Самұрық"), QStringLiteral("Астана"),
        QStringLiteral("Транс"),    QStringLiteral("Сервис"), QStringLiteral("Строй"),   QStringLiteral("Энерго"),
    };
    return l;
}

// ---- identifiers ----

// The check digit of 11 digits (FACTS.md), or -1 when both passes give 10 (no valid number).
inline int checkDigit(const int* d) {
    int r = 0;
    for (int i = 0; i < 11; ++i)
        r += d[i] * (i + 1);
    r %= 11;
    if (r == 10) {
        static const int w2[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
        r = 0;
        for (int i = 0; i < 11; ++i)
            r += d[i] * w2[i];
        r %= 11;
    }
    return r == 10 ? -1 : r;
}

inline QByteArray digitsWithCheck(const QByteArray& first11) {
    int d[11];
    for (int i = 0; i < 11; ++i)
        d[i] = first11.at(i) - '0';
    const int k = checkDigit(d);
    return k < 0 ? QByteArray() : first11 + char('0' + k);
}

// Valid IINs, all different, in a reproducible order: candidate c is born on day c mod 21,900 after
// 1950-01-01 (sixty years), serial c / 21,900, century/sex digit from the year and `female`;
// candidates whose check digit does not exist are skipped.
class IinSequence {
public:
    QByteArray next(bool female) {
        for (;;) {
            const qint64 c = m_candidate++;
            const QDate born = QDate(1950, 1, 1).addDays(c % 21900);
            const int century = (born.year() >= 2000 ? 5 : 3) + (female ? 1 : 0);
            const QByteArray first11 = QByteArray::number(born.year() % 100).rightJustified(2, '0') +
                                       QByteArray::number(born.month()).rightJustified(2, '0') +
                                       QByteArray::number(born.day()).rightJustified(2, '0') +
                                       QByteArray::number(century) +
                                       QByteArray::number((c / 21900) % 10000).rightJustified(4, '0');
            const QByteArray iin = digitsWithCheck(first11);
            if (!iin.isEmpty())
                return iin;
        }
    }

private:
    qint64 m_candidate = 0;
};

// Valid BINs (YYMM, type 4 resident, unit 0 head office, 5-digit serial), all different.
class BinSequence {
public:
    QByteArray next() {
        for (;;) {
            const qint64 c = m_candidate++;
            const int month = int(c % 12) + 1;
            const int year = int((c / 12) % 25); // 2000..2024
            const QByteArray first11 = QByteArray::number(year).rightJustified(2, '0') +
                                       QByteArray::number(month).rightJustified(2, '0') + "40" +
                                       QByteArray::number((c / 300) % 100000).rightJustified(5, '0');
            const QByteArray bin = digitsWithCheck(first11);
            if (!bin.isEmpty())
                return bin;
        }
    }

private:
    qint64 m_candidate = 0;
};

// ---- the register ----

struct GeneratorSpec {
    qint64 certificates = 10000;
    qint64 caId = 0;
    qint64 operatorId = 0;
    qint64 now = 0; // seconds since the epoch
    int revokedPercent = 10;
    quint64 seed = 18;
};

struct GeneratorStats {
    qint64 persons = 0;
    qint64 organisations = 0;
    qint64 certificates = 0;
    qint64 revoked = 0;
    double seconds = 0;
    qint64 rows() const { return persons + organisations + certificates + revoked; }
};

// What the benchmarks search for: values taken at random from the generated rows.
struct GeneratedSample {
    QStringList iins, bins, serials, surnames, organisationNames;
};

namespace detail {

struct PersonRow {
    QByteArray iin;
    QString surname, name, patronymic, key;
};

struct OrganisationRow {
    QByteArray bin;
    QString fullName, shortName, key, shortKey;
};

inline PersonRow makePerson(Random& rnd, IinSequence& iins) {
    PersonRow p;
    const bool female = rnd.next() % 2 == 1;
    const bool russian = rnd.next() % 4 == 0;
    const QStringList& surnames = maleSurnames();
    const QString male = surnames.at(qsizetype(rnd.next() % quint64(surnames.size())));
    p.surname = female ? femaleSurname(male) : male;
    const QStringList& names = female ? femaleNames() : maleNames();
    p.name = names.at(qsizetype(rnd.next() % quint64(names.size())));
    const QString father = maleNames().at(qsizetype(rnd.next() % quint64(maleNames().size())));
    p.patronymic = patronymic(father, female, russian);
    p.iin = iins.next(female);
    p.key = registry::Search::personKey(p.surname, p.name, p.patronymic);
    return p;
}

inline OrganisationRow makeOrganisation(Random& rnd, BinSequence& bins, qint64 n) {
    OrganisationRow o;
    const QStringList& w = organisationWords();
    const QString a = w.at(qsizetype(rnd.next() % quint64(w.size())));
    const QString b = w.at(qsizetype(rnd.next() % quint64(w.size())));
    o.shortName = QStringLiteral("%1 %2-%3").arg(a, b).arg(n);
    o.fullName =
        rnd.next() % 2 ? QStringLiteral("ТОО «%1»").arg(o.shortName) : QStringLiteral("«%1» ЖШС").arg(o.shortName);
    o.bin = bins.next();
    o.key = registry::Search::key(o.fullName);
    o.shortKey = registry::Search::key(o.shortName);
    return o;
}

// Multi-row INSERTs on PostgreSQL: `rowsPerStatement` rows of `columns` placeholders.
class PgBatch {
public:
    PgBatch(registry::Database& db, QString head, int columns, int rowsPerStatement = 500)
        : m_db(db)
        , m_head(std::move(head))
        , m_columns(columns)
        , m_rows(rowsPerStatement) {}
    // True when a statement's worth of rows waits (the caller flushes every batch, parents first).
    bool add(const QVariantList& row) {
        m_values << row;
        return m_values.size() >= qsizetype(m_columns) * m_rows;
    }
    void flush() {
        if (m_values.isEmpty())
            return;
        const int rows = int(m_values.size() / m_columns);
        QSqlQuery& q = prepared(rows);
        for (qsizetype i = 0; i < m_values.size(); ++i)
            q.bindValue(int(i), m_values.at(i));
        if (!q.exec())
            die(QStringLiteral("insert: %1").arg(q.lastError().text()));
        m_values.clear();
    }

private:
    QSqlQuery& prepared(int rows) {
        auto& slot = rows == m_rows ? m_full : m_tail;
        if (!slot || slot->first != rows) {
            QString one = QStringLiteral("(") + QStringList(m_columns, QStringLiteral("?")).join(u',') + u')';
            QString sql = m_head + QStringLiteral(" VALUES ") + QStringList(rows, one).join(u',');
            slot = std::make_unique<std::pair<int, QSqlQuery>>(rows, QSqlQuery(m_db.handle()));
            if (!slot->second.prepare(sql))
                die(QStringLiteral("prepare: %1").arg(slot->second.lastError().text()));
        }
        return slot->second;
    }
    registry::Database& m_db;
    QString m_head;
    int m_columns;
    int m_rows;
    QVariantList m_values;
    std::unique_ptr<std::pair<int, QSqlQuery>> m_full, m_tail;
};

} // namespace detail

// Fills the register behind `db` (SQLite or PostgreSQL) with spec.certificates certificates, their
// holders and the revocations of the revoked ones; `sample` (optional) receives values to search for.
inline GeneratorStats generateRegister(registry::Database& db, const GeneratorSpec& spec,
                                       GeneratedSample* sample = nullptr) {
    using namespace detail;
    const Stopwatch clock;
    GeneratorStats st;
    Random rnd{spec.seed};
    IinSequence iins;
    BinSequence bins;
    const qint64 firstId = 1000000;
    const qint64 organisations = spec.certificates / 70 + 1;
    const qint64 year = 365LL * 86400;
    const QByteArray created = dbTime(spec.now - 3 * year);
    const QByteArray kept = dbTime(spec.now + 10 * year);
    static const unsigned char dummyDer[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    static const int reasons[] = {0, 1, 3, 4, 5, 4, 4, 0};
    const int sampleEvery = int(qMax<qint64>(1, spec.certificates / 2000));
    const bool pg = db.engine() == registry::Engine::Postgres;

    // Organisations first (certificates reference them), then persons and their certificates in step.
    std::vector<OrganisationRow> orgs;
    orgs.reserve(size_t(organisations));
    for (qint64 i = 0; i < organisations; ++i)
        orgs.push_back(makeOrganisation(rnd, bins, i + 1));

    const char* orgSql = "INSERT INTO organisations (id, bin, full_name, short_name, kind, region, city, created_at, "
                         "updated_at, retention_until, search_key, short_key) VALUES (?, ?, ?, ?, 'legal_entity', "
                         "'Алматы', 'Алматы', ?, ?, ?, ?, ?)";
    const char* personSql = "INSERT INTO persons (id, iin, surname, name, patronymic, created_at, updated_at, "
                            "retention_until, search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const char* certSql = "INSERT INTO certificates (id, ca_id, serial, subject, person_id, organisation_id, profile, "
                          "not_before, not_after, der, status, issued_by, issued_at, retention_until) VALUES (?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const char* revSql = "INSERT INTO revocations (certificate_id, ca_id, serial, reason_code, basis_kind, revoked_at, "
                         "recorded_at, recorded_by) VALUES (?, ?, ?, ?, 'holder_application', ?, ?, ?)";

    sqlite3* lite = pg ? nullptr : sqliteHandle(db);
    // SQLite bulk load: a page cache of 1 GiB (the default 2 MiB spills dirty pages to the WAL inside
    // every transaction), and the secondary indexes of the filled tables dropped during the load and
    // created again from their own SQL afterwards (one sort each instead of N random inserts). The
    // UNIQUE constraints and the triggers stay in force throughout.
    QList<QByteArray> indexes;
    if (lite) {
        execSql(lite, "PRAGMA cache_size=-1048576");
        Stmt list(lite, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
                        "('persons', 'organisations', 'certificates', 'revocations')");
        QList<QByteArray> names;
        while (sqlite3_step(list.s) == SQLITE_ROW) {
            names << QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(list.s, 0)));
            indexes << QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(list.s, 1)));
        }
        for (const QByteArray& n : names)
            execSql(lite, QByteArray("DROP INDEX " + n).constData());
    }
    std::unique_ptr<Stmt> orgIns, personIns, certIns, revIns;
    std::unique_ptr<PgBatch> orgB, personB, certB, revB;
    if (pg) {
        const auto head = [](const char* sql) {
            const QString s = QString::fromUtf8(sql);
            return s.left(s.indexOf(QStringLiteral(" VALUES")));
        };
        // PostgreSQL has no placeholders in the VALUES list's constants: the constant columns are bound.
        orgB = std::make_unique<PgBatch>(db,
                                         QStringLiteral("INSERT INTO organisations (id, bin, full_name, short_name, "
                                                        "kind, region, city, created_at, updated_at, retention_until, "
                                                        "search_key, short_key)"),
                                         12);
        personB = std::make_unique<PgBatch>(db, head(personSql), 9);
        certB = std::make_unique<PgBatch>(db, head(certSql), 14);
        revB = std::make_unique<PgBatch>(db,
                                         QStringLiteral("INSERT INTO revocations (certificate_id, ca_id, serial, "
                                                        "reason_code, basis_kind, revoked_at, recorded_at, "
                                                        "recorded_by)"),
                                         8);
    } else {
        orgIns = std::make_unique<Stmt>(lite, orgSql);
        personIns = std::make_unique<Stmt>(lite, personSql);
        certIns = std::make_unique<Stmt>(lite, certSql);
        revIns = std::make_unique<Stmt>(lite, revSql);
    }
    const auto begin = [&] {
        if (pg) {
            if (!db.handle().transaction())
                die(QStringLiteral("begin: %1").arg(db.handle().lastError().text()));
        } else {
            execSql(lite, "BEGIN IMMEDIATE");
        }
    };
    bool pgFull = false;
    const auto flushAll = [&] {
        orgB->flush();
        personB->flush();
        certB->flush();
        revB->flush();
        pgFull = false;
    };
    const auto commit = [&] {
        if (pg) {
            flushAll();
            if (!db.handle().commit())
                die(QStringLiteral("commit: %1").arg(db.handle().lastError().text()));
        } else {
            execSql(lite, "COMMIT");
        }
    };
    const auto text = [](sqlite3_stmt* s, int i, const QByteArray& v) {
        sqlite3_bind_text(s, i, v.constData(), int(v.size()), SQLITE_TRANSIENT);
    };

    begin();
    qint64 pending = 0;
    const auto rowWritten = [&] {
        if (pgFull)
            flushAll();
        if (++pending >= 100000) {
            commit();
            begin();
            pending = 0;
        }
    };
    for (qint64 i = 0; i < organisations; ++i) {
        const OrganisationRow& o = orgs[size_t(i)];
        const qint64 id = firstId + i;
        if (pg) {
            pgFull |=
                orgB->add({id, QString::fromLatin1(o.bin), o.fullName, o.shortName, QStringLiteral("legal_entity"),
                           QStringLiteral("Алматы"), QStringLiteral("Алматы"), QString::fromLatin1(created),
                           QString::fromLatin1(created), QString::fromLatin1(kept), o.key, o.shortKey});
        } else {
            sqlite3_stmt* s = orgIns->s;
            sqlite3_bind_int64(s, 1, id);
            text(s, 2, o.bin);
            text(s, 3, o.fullName.toUtf8());
            text(s, 4, o.shortName.toUtf8());
            text(s, 5, created);
            text(s, 6, created);
            text(s, 7, kept);
            text(s, 8, o.key.toUtf8());
            text(s, 9, o.shortKey.toUtf8());
            orgIns->step(lite);
        }
        if (sample && i % qMax<qint64>(1, organisations / 500) == 0)
            sample->bins << QString::fromLatin1(o.bin), sample->organisationNames << o.shortName;
        ++st.organisations;
        rowWritten();
    }
    orgs.clear();
    orgs.shrink_to_fit();

    PersonRow person;
    qint64 personIndex = -1;
    for (qint64 i = 0; i < spec.certificates; ++i) {
        const qint64 owner = i * 4 / 5;
        if (owner != personIndex) {
            personIndex = owner;
            person = makePerson(rnd, iins);
            const qint64 pid = firstId + owner;
            if (pg) {
                pgFull |= personB->add({pid, QString::fromLatin1(person.iin), person.surname, person.name,
                                        person.patronymic, QString::fromLatin1(created), QString::fromLatin1(created),
                                        QString::fromLatin1(kept), person.key});
            } else {
                sqlite3_stmt* s = personIns->s;
                sqlite3_bind_int64(s, 1, pid);
                text(s, 2, person.iin);
                text(s, 3, person.surname.toUtf8());
                text(s, 4, person.name.toUtf8());
                text(s, 5, person.patronymic.toUtf8());
                text(s, 6, created);
                text(s, 7, created);
                text(s, 8, kept);
                text(s, 9, person.key.toUtf8());
                personIns->step(lite);
            }
            ++st.persons;
            rowWritten();
        }
        const bool employee = owner % 7 == 0;
        const qint64 orgId = employee ? firstId + (owner / 7) % organisations : 0;
        const qint64 id = firstId + i;
        const Serial serial = makeSerial(rnd, quint64(id));
        const QByteArray serialHex = hexUpper(serial);
        const bool revoked = int(rnd.next() % 100) < spec.revokedPercent;
        const qint64 notBefore = spec.now - 86400 - qint64(rnd.next() % quint64(3 * year));
        const qint64 notAfter = notBefore + year;
        const qint64 revokedAt =
            notBefore + 3600 +
            qint64(rnd.next() % quint64(qMax<qint64>(7200, qMin(notAfter, spec.now - 60) - notBefore - 3600)));
        const int reason = reasons[rnd.next() % 8];
        const bool auth = i * 4 / 5 == (i + 1) * 4 / 5; // the first of a person's two certificates
        const char* profile =
            employee ? (auth ? "legal_auth" : "legal_sign") : (auth ? "individual_auth" : "individual_sign");
        const QByteArray nb = dbTime(notBefore), na = dbTime(notAfter), ra = dbTime(revokedAt);
        const QByteArray subject = "CN=" + (person.surname + u' ' + person.name).toUpper().toUtf8() +
                                   ",SURNAME=" + person.surname.toUpper().toUtf8() + ",SERIALNUMBER=IIN" + person.iin +
                                   ",C=KZ,G=" + person.patronymic.toUpper().toUtf8();
        if (pg) {
            pgFull |= certB->add({id, spec.caId, QString::fromLatin1(serialHex), QString::fromUtf8(subject),
                                  firstId + owner, employee ? QVariant(orgId) : QVariant(QMetaType::fromType<qint64>()),
                                  QString::fromLatin1(profile), QString::fromLatin1(nb), QString::fromLatin1(na),
                                  QByteArray(reinterpret_cast<const char*>(dummyDer), sizeof dummyDer),
                                  revoked ? QStringLiteral("revoked") : QStringLiteral("valid"), spec.operatorId,
                                  QString::fromLatin1(nb), QString::fromLatin1(kept)});
        } else {
            sqlite3_stmt* s = certIns->s;
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, spec.caId);
            text(s, 3, serialHex);
            text(s, 4, subject);
            sqlite3_bind_int64(s, 5, firstId + owner);
            if (employee)
                sqlite3_bind_int64(s, 6, orgId);
            else
                sqlite3_bind_null(s, 6);
            sqlite3_bind_text(s, 7, profile, -1, SQLITE_STATIC);
            text(s, 8, nb);
            text(s, 9, na);
            sqlite3_bind_blob(s, 10, dummyDer, sizeof dummyDer, SQLITE_STATIC);
            sqlite3_bind_text(s, 11, revoked ? "revoked" : "valid", -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 12, spec.operatorId);
            text(s, 13, nb);
            text(s, 14, kept);
            certIns->step(lite);
        }
        ++st.certificates;
        rowWritten();
        if (revoked) {
            if (pg) {
                pgFull |= revB->add({id, spec.caId, QString::fromLatin1(serialHex), reason,
                                     QStringLiteral("holder_application"), QString::fromLatin1(ra),
                                     QString::fromLatin1(ra), spec.operatorId});
            } else {
                sqlite3_stmt* r = revIns->s;
                sqlite3_bind_int64(r, 1, id);
                sqlite3_bind_int64(r, 2, spec.caId);
                text(r, 3, serialHex);
                sqlite3_bind_int(r, 4, reason);
                text(r, 5, ra);
                text(r, 6, ra);
                sqlite3_bind_int64(r, 7, spec.operatorId);
                revIns->step(lite);
            }
            ++st.revoked;
            rowWritten();
        }
        if (sample && i % sampleEvery == 0) {
            sample->iins << QString::fromLatin1(person.iin);
            sample->serials << QString::fromLatin1(serialHex);
            sample->surnames << person.surname;
        }
    }
    commit();
    if (lite) {
        execSql(lite, "BEGIN IMMEDIATE");
        for (const QByteArray& sql : indexes)
            execSql(lite, sql.constData());
        execSql(lite, "COMMIT");
        execSql(lite, "PRAGMA wal_checkpoint(TRUNCATE)");
        execSql(lite, "PRAGMA cache_size=-2000");
    }
    st.seconds = clock.seconds();
    return st;
}

} // namespace tirkeu::bench
