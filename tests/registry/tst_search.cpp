// registry::Search by name at national scale (issue 18, migration 15): the case-insensitive search
// key. A prefix in any case, Kazakh letters included, finds the holder ("маккей" finds "МакКей",
// "ҚАСЫМОВА ә" finds "Қасымова Әлия", a Latin i typed for the Kazakh і); results equal what a
// case-insensitive scan of every holder gives; pages put together give the whole result; the keys
// of existing rows are filled again by Search::fillKeys (what migration 15 runs on an old register);
// every search walks an index (SQLite's query plans), a name search's people read from persons_search
// alone (migration 20).
#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "forms/Identifiers.h"
#include "registry/Search.h"

#include <QRegularExpression>
#include <QSet>

#include <sqlite3.h>

#include <functional>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

namespace {

QSet<QString> hitKeys(const QList<RegisterHit>& hits) {
    QSet<QString> out;
    for (const RegisterHit& h : hits)
        out.insert(h.holderId + u'/' + QString::number(h.certificateId));
    return out;
}

} // namespace

class TestSearch : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;

    QList<RegisterHit> find(const QString& text, int limit = 1000, int offset = 0) {
        SearchQuery q;
        q.kind = SearchKind::Name;
        q.text = text;
        q.limit = limit;
        q.offset = offset;
        auto hits = Search(*m_fx.reg).find(m_fx.officerA, q);
        if (!hits) {
            qWarning("%s: %s", qPrintable(text), qPrintable(hits.message()));
            return {};
        }
        return *hits;
    }

    // What a case-insensitive scan of every holder finds: people by "surname name patronymic",
    // organisations by full or short name (Unicode case folding, spaces collapsed).
    QSet<QString> scan(const QString& text) {
        const QString prefix = text.simplified().toCaseFolded();
        QSet<QString> out;
        auto q = m_fx.reg->db().exec(
            QStringLiteral("SELECT p.iin, p.surname || ' ' || p.name || ' ' || coalesce(p.patronymic, ''), NULL, "
                           "coalesce(c.id, 0) FROM persons p LEFT JOIN certificates c ON c.person_id = p.id "
                           "UNION ALL SELECT o.bin, o.full_name, o.short_name, coalesce(c.id, 0) FROM organisations o "
                           "LEFT JOIN certificates c ON c.organisation_id = o.id"));
        if (!q)
            return out;
        while (q->next()) {
            const bool hit =
                q->value(1).toString().simplified().toCaseFolded().startsWith(prefix) ||
                (!q->value(2).isNull() && q->value(2).toString().simplified().toCaseFolded().startsWith(prefix));
            if (hit)
                out.insert(q->value(0).toString() + u'/' + QString::number(q->value(3).toLongLong()));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        auto& apps = m_fx.reg->applications();
        TIRKEU_VERIFY_OK(apps.submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual()));
        TIRKEU_VERIFY_OK(apps.submit(m_fx.operatorA, kNca, kIssueInd,
                                     ncaIssueIndividual(kIinThird, QStringLiteral("МакКей"), QStringLiteral("Іңкәр"))));
        TIRKEU_VERIFY_OK(
            apps.submit(m_fx.operatorA, kNca, kIssueInd,
                        ncaIssueIndividual(kIinFourth, QStringLiteral("Әлиева"), QStringLiteral("Ұлжан"))));
        TIRKEU_VERIFY_OK(
            apps.submit(m_fx.operatorA, kNca, kIssueInd,
                        ncaIssueIndividual(kIinFifth, QStringLiteral("Қасымов"), QStringLiteral("Өмірзақ"))));
        TIRKEU_VERIFY_OK(apps.submit(m_fx.operatorA, kNca, kIssueLegal, ncaIssueLegal()));
        // Two certificates of Әлия (one row each) and one of the organisation.
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.ncaId, QStringLiteral("5A01"), kIinAliya, almaty(2026, 3, 2)));
        TIRKEU_VERIFY_OK(m_fx.insertCertificate(m_fx.ncaId, QStringLiteral("5A02"), kIinAliya, almaty(2026, 3, 2)));
        TIRKEU_VERIFY_OK(m_fx.exec(
            QStringLiteral("INSERT INTO certificates (ca_id, serial, subject, organisation_id, profile, not_before, "
                           "not_after, der, status, issued_by, issued_at, retention_until) SELECT ?, '5A03', "
                           "'CN=ЖАРЫҚ', id, 'legal_sign', '2026-03-02T05:00:00.000Z', '2027-03-02T05:00:00.000Z', "
                           "?, 'valid', ?, '2026-03-02T05:00:00.000Z', '2032-03-02T05:00:00.000Z' FROM "
                           "organisations WHERE bin = ?"),
            {m_fx.ncaId, QByteArray::fromHex("3000"), m_fx.officerA.operatorId, kBin}));
    }

    void keyFoldsKazakhLettersAndSpaces() {
        QCOMPARE(Search::key(QStringLiteral("  ӘЛИЯ   Қасымова ")), QStringLiteral("әлия қасымова"));
        QCOMPARE(Search::key(QStringLiteral("ҰЛАН Өмірзақ ІҢКӘР ҒАЛЫМ ҮМІТ ҺӘМ")),
                 QStringLiteral("ұлан өмірзақ іңкәр ғалым үміт һәм"));
        QCOMPARE(Search::key(QStringLiteral("МакКей")), QStringLiteral("маккей"));
        // A Latin I typed in a Cyrillic word is the Kazakh І; a Latin word keeps its i.
        QCOMPARE(Search::key(QStringLiteral("ІЛИЯС Ilias")), Search::key(QStringLiteral("IЛИЯС Ilias")));
        QCOMPARE(Search::key(QStringLiteral("Ilias")), QStringLiteral("ilias"));
    }

    void prefixInAnyCaseFindsTheHolder_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("iin");
        QTest::newRow("lower Kazakh") << "әлиева" << kIinFourth;
        QTest::newRow("upper Kazakh") << "ӘЛИЕВА" << kIinFourth;
        QTest::newRow("mixed inside the word") << "маккей" << kIinThird;
        QTest::newRow("as stored") << "МакКей" << kIinThird;
        QTest::newRow("upper with name") << "МАККЕЙ іңк" << kIinThird;
        QTest::newRow("Latin i for і") << "маккей iңкәр" << kIinThird;
        QTest::newRow("surname and name") << "қасымова ә" << kIinAliya;
        QTest::newRow("whole name") << "ҚАСЫМОВА ӘЛИЯ СЕРІКҚЫЗЫ" << kIinAliya;
    }
    void prefixInAnyCaseFindsTheHolder() {
        QFETCH(QString, text);
        QFETCH(QString, iin);
        const auto hits = find(text);
        QVERIFY2(!hits.isEmpty(), qPrintable(text));
        for (const RegisterHit& h : hits)
            QCOMPARE(h.holderId, iin);
    }

    void organisationByFullOrShortName() {
        for (const QString& text : {QStringLiteral("жарық"), QStringLiteral("ЖАРЫҚ ЖШС"), QStringLiteral("«жарық»")}) {
            const auto hits = find(text);
            QVERIFY2(!hits.isEmpty(), qPrintable(text));
            QCOMPARE(hits.first().holder, RegisterHit::Holder::Organisation);
            QCOMPARE(hits.first().holderId, kBin);
        }
    }

    void resultsEqualACaseInsensitiveScan_data() {
        QTest::addColumn<QString>("text");
        for (const char* t : {"Қасымов", "қасымов", "Қасымова Ә", "Қ", "ә", "М", "маккей", "Нұрланов", "«Ж", "Ж",
                              "ЖАРЫҚ", "Ерлан", "Әлиева Ұлжан", "zzz"})
            QTest::newRow(t) << QString::fromUtf8(t);
    }
    void resultsEqualACaseInsensitiveScan() {
        QFETCH(QString, text);
        QCOMPARE(hitKeys(find(text)), scan(text));
    }

    void pagesPutTogetherGiveTheWholeResult() {
        // "Қ" finds Қасымова (two certificates), Қасымов; "Ж" finds the organisation by both names.
        for (const QString& text : {QStringLiteral("қ"), QStringLiteral("ж"), QStringLiteral("м")}) {
            const auto all = find(text);
            QList<RegisterHit> paged;
            for (int offset = 0; offset < all.size() + 2; ++offset)
                paged += find(text, 1, offset);
            QCOMPARE(paged.size(), all.size());
            for (int i = 0; i < all.size(); ++i) {
                QCOMPARE(paged.at(i).holderId, all.at(i).holderId);
                QCOMPARE(paged.at(i).certificateId, all.at(i).certificateId);
            }
        }
        // People first, in key order: Қасымов before Қасымова.
        const auto k = find(QStringLiteral("қасым"));
        QCOMPARE(k.size(), 3);
        QCOMPARE(k.first().holderId, kIinFifth);
    }

    // Keyset paging (the GUI scrolling a 10M register): page after page, each continuing after the last row's
    // position, gives exactly the whole result in the same order — across people, organisations by full name
    // and by short name, through a holder's several certificates — for names, serial prefixes and the
    // expiring list; a position of another kind of search is refused.
    void keysetPagesGiveTheWholeResult() {
        const auto walk = [](const std::function<Result<QList<RegisterHit>>(int, const QVariantList&)>& fetch,
                             int pageSize) {
            QList<RegisterHit> out;
            QVariantList after;
            for (int guard = 0; guard < 100; ++guard) {
                auto page = fetch(pageSize, after);
                if (!page) {
                    qWarning("%s", qPrintable(page.message()));
                    return QList<RegisterHit>{};
                }
                out += *page;
                if (page->size() < pageSize)
                    break;
                if (page->last().position.isEmpty())
                    return QList<RegisterHit>{};
                after = page->last().position;
            }
            return out;
        };
        const auto same = [](const QList<RegisterHit>& a, const QList<RegisterHit>& b) {
            if (a.size() != b.size())
                return false;
            for (int i = 0; i < a.size(); ++i)
                if (a.at(i).holderId != b.at(i).holderId || a.at(i).certificateId != b.at(i).certificateId)
                    return false;
            return true;
        };
        Search search(*m_fx.reg);
        for (const QString& text :
             {QStringLiteral("қ"), QStringLiteral("ж"), QStringLiteral("м"), QStringLiteral("ә")}) {
            const auto all = find(text);
            QVERIFY(!all.isEmpty());
            for (int size : {1, 2, 3}) {
                const auto paged = walk(
                    [&](int limit, const QVariantList& after) {
                        SearchQuery q;
                        q.kind = SearchKind::Name;
                        q.text = text;
                        q.limit = limit;
                        q.after = after;
                        return search.find(m_fx.officerA, q);
                    },
                    size);
                QVERIFY2(same(paged, all), qPrintable(text + u' ' + QString::number(size)));
            }
        }
        SearchQuery serial;
        serial.kind = SearchKind::Serial;
        serial.text = QStringLiteral("5A");
        auto allSerials = search.find(m_fx.officerA, serial);
        TIRKEU_VERIFY_OK(allSerials);
        QCOMPARE(allSerials->size(), 3);
        // Any query of the two kinds, one row a page.
        const auto rowByRow = [&](auto query, auto run) {
            return walk(
                [&](int limit, const QVariantList& after) {
                    query.limit = limit;
                    query.after = after;
                    return run(query);
                },
                1);
        };
        QVERIFY(
            same(rowByRow(serial, [&](const SearchQuery& q) { return search.find(m_fx.officerA, q); }), *allSerials));
        ExpiringQuery expiring;
        expiring.days = 400;
        auto allExpiring = search.expiring(m_fx.officerA, expiring);
        TIRKEU_VERIFY_OK(allExpiring);
        QCOMPARE(allExpiring->size(), 3);
        QVERIFY(same(rowByRow(expiring, [&](const ExpiringQuery& q) { return search.expiring(m_fx.officerA, q); }),
                     *allExpiring));
        // A serial position handed to a name search, and a malformed one, are refused.
        SearchQuery wrong;
        wrong.kind = SearchKind::Name;
        wrong.text = QStringLiteral("қ");
        wrong.after = allSerials->first().position;
        TIRKEU_VERIFY_ERROR(search.find(m_fx.officerA, wrong), ErrorCode::Usage);
        wrong.after = {7, QStringLiteral("қ"), QString(), 0};
        TIRKEU_VERIFY_ERROR(search.find(m_fx.officerA, wrong), ErrorCode::Usage);
    }

    // Every statement a search runs, as SQLite plans it: a full scan of a large table would make the search
    // grow with the register (issue 18), and the people of a name search's page are read from the index
    // alone (migration 20: one walk along persons_search instead of one random read of persons each).
    void everySearchWalksAnIndex() {
        sqlite3* lite = m_fx.reg->db().sqlite();
        if (!lite)
            QSKIP("query plans are SQLite's (the PostgreSQL run checks the results only)");
        QStringList statements;
        const auto collect = [](unsigned, void* context, void* stmt, void*) -> int {
            char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(stmt));
            if (sql)
                static_cast<QStringList*>(context)->append(QString::fromUtf8(sql));
            sqlite3_free(sql);
            return 0;
        };
        const auto plan = [lite](const QString& sql) {
            QStringList lines;
            sqlite3_stmt* st = nullptr;
            if (sqlite3_prepare_v2(lite, ("EXPLAIN QUERY PLAN " + sql).toUtf8().constData(), -1, &st, nullptr) !=
                SQLITE_OK)
                return QStringList{QStringLiteral("not planned: ") + QString::fromUtf8(sqlite3_errmsg(lite))};
            while (sqlite3_step(st) == SQLITE_ROW)
                lines << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 3)));
            sqlite3_finalize(st);
            return lines;
        };
        Search search(*m_fx.reg);
        struct Case {
            SearchKind kind;
            QString text;
            int offset;
            bool people; // reads people by name
        };
        const QList<Case> cases = {
            {SearchKind::Auto, kIinAliya, 0, false},
            {SearchKind::Iin, kIinAliya, 0, false},
            {SearchKind::Bin, kBin, 0, false},
            {SearchKind::Serial, QStringLiteral("5A01"), 0, false},
            {SearchKind::Serial, QStringLiteral("5A"), 0, false},
            {SearchKind::Name, QStringLiteral("қасымова ә"), 0, true},
            {SearchKind::Name, QStringLiteral("ж"), 0, true},
            {SearchKind::Name, QStringLiteral("ж"), 50, true},
        };
        // SCAN of a table, not of a subquery's rows (a "CO-ROUTINE x" of the same plan) or of the CA list.
        static const QRegularExpression scan(QStringLiteral("^SCAN (\\w+)"));
        for (const Case& c : cases) {
            statements.clear();
            sqlite3_trace_v2(lite, SQLITE_TRACE_STMT, collect, &statements);
            SearchQuery q;
            q.kind = c.kind;
            q.text = c.text;
            q.offset = c.offset;
            auto hits = search.find(m_fx.officerA, q);
            sqlite3_trace_v2(lite, 0, nullptr, nullptr);
            TIRKEU_VERIFY_OK(hits);
            QVERIFY2(!statements.isEmpty(), qPrintable(c.text));
            bool coveredPeople = false;
            for (const QString& sql : std::as_const(statements)) {
                if (!sql.startsWith(QStringLiteral("SELECT")))
                    continue;
                const QStringList lines = plan(sql);
                const QString all = lines.join(u'\n');
                for (const QString& line : lines) {
                    const auto m = scan.match(line);
                    if (!m.hasMatch())
                        continue;
                    const QString what = m.captured(1);
                    QVERIFY2(what == u"cas" || what == u"a" || all.contains(QStringLiteral("CO-ROUTINE ") + what),
                             qPrintable(c.text + QStringLiteral(": ") + line + u'\n' + sql));
                }
                coveredPeople = coveredPeople || all.contains(QStringLiteral("COVERING INDEX persons_search"));
                QVERIFY2(!all.contains(QStringLiteral(" p USING INDEX persons_search")), qPrintable(all + u'\n' + sql));
            }
            QVERIFY2(coveredPeople == c.people, qPrintable(c.text + u'\n' + statements.join(u'\n')));
        }
    }

    void keysOfOldRowsAreFilledAgain() {
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE persons SET search_key = NULL")));
        TIRKEU_VERIFY_OK(m_fx.exec(QStringLiteral("UPDATE organisations SET search_key = NULL, short_key = NULL")));
        QVERIFY(find(QStringLiteral("маккей")).isEmpty());
        TIRKEU_VERIFY_OK(Search::fillKeys(m_fx.reg->db()));
        QCOMPARE(find(QStringLiteral("маккей")).size(), 1);
        QCOMPARE(hitKeys(find(QStringLiteral("ж"))), scan(QStringLiteral("ж")));
    }

    void renamedPersonIsFoundUnderTheNewName() {
        auto form = ncaIssueIndividual(kIinFourth, QStringLiteral("Омарова"), QStringLiteral("Ұлжан"));
        auto renamed = m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, form);
        TIRKEU_VERIFY_OK(renamed);
        // Registered only, the new name is not the holder's yet; approved, it is.
        QCOMPARE(find(QStringLiteral("омарова ұ")).size(), 0);
        TIRKEU_VERIFY_OK(m_fx.reg->applications().approve(m_fx.officerA, *renamed));
        QVERIFY(find(QStringLiteral("әлиева")).isEmpty());
        QCOMPARE(find(QStringLiteral("омарова ұ")).size(), 1);
    }

    // The longest names a form accepts, in Kazakh letters (two bytes each in UTF-8): surname and given name
    // together the common name's 64 characters, the patronymic the 128 its certificate attribute takes (255 until
    // session 33's C8: the form took a patronymic no certificate could carry). They are registered and found on
    // both engines: migration 20 put the names into the persons_search index beside the search key, and PostgreSQL
    // refuses a B-tree entry over 2,704 bytes.
    void longestNamesAreRegisteredAndFound() {
        const QString letters = QStringLiteral("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя");
        quint32 seed = 20261206;
        const auto word = [&](const QString& start, int length) {
            QString w = start;
            while (w.size() < length) {
                seed = seed * 1103515245u + 12345u;
                w += letters.at(int((seed >> 16) % quint32(letters.size())));
            }
            return w;
        };
        QString iin;
        for (int d = 0; d < 10 && iin.isEmpty(); ++d) {
            const QString first11 = QStringLiteral("8501023001") + QString::number(d);
            const int check = forms::Identifiers::checkDigit(first11);
            if (check >= 0)
                iin = first11 + QString::number(check);
        }
        QCOMPARE(forms::Identifiers::checkIin(iin), forms::IdCheck::Valid);
        const QString surname = word(QStringLiteral("Ұзынова"), 32);
        const QString name = word(QStringLiteral("Әйгерім"), 31);
        forms::Submission form = ncaIssueIndividual(iin, surname, name);
        form.data.insert(QStringLiteral("patronymic"), word(QStringLiteral("Қайратқызы"), 128));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, form));
        const auto hits = find(surname.toUpper() + QStringLiteral(" ӘЙГЕР"));
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().holderId, iin);
        QVERIFY(hits.first().holderName.startsWith(surname + u' ' + name));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
