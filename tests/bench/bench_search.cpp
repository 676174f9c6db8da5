// Benchmark (issue 18): register search at national scale. Two registers made by the generator of
// tests/bench/RegisterGenerator.h, a small one (10,000 certificates, the reference) and a large one
// (--certs, default 200,000; 10,000,000 for the national figure), on SQLite or PostgreSQL. On each,
// the same kinds of searches through registry::Search (the API behind the register page and the CLI):
// IIN, BIN, whole serial, leading serial digits, surname prefix in any case ("маккей" for "МакКей",
// "ҚАСЫМОВА"), surname and name prefix ("қасымова ә"), organisation name prefix. Prints p50 and p99 of
// each at both sizes and their ratio (goal: ≤ 2), and the generator's rows per second.
//   bench_search [--certs N] [--small N] [--queries N] [--engine sqlite|postgresql] [--dir DIR [--reuse]]
//   (--reuse: SQLite registers an earlier run left in DIR are searched again instead of generated anew)
//   TIRKEU_BENCH_SEARCH_CERTS, TIRKEU_BENCH_SEARCH_QUERIES; PostgreSQL: TIRKEU_TEST_PG (the address of a
//   server's maintenance database, as tests/pg/pg_server.sh sets it; a database is created per size).
#include "registry/Search.h"
#include "tests/bench/RegisterGenerator.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QUrl>

#include <algorithm>

using namespace tirkeu;
using namespace tirkeu::bench;

namespace {

void figureOf(const QByteArray& key, double value) {
    figure(key.constData(), value);
}

struct Sized {
    std::unique_ptr<registry::Register> reg;
    registry::Session officer;
    GeneratorStats stats;
    QString pgDatabase; // dropped at the end
};

Sized makeRegister(const QString& work, qint64 certificates, bool pg, bool reuse) {
    Sized out;
    QString location = work + QStringLiteral("/register-%1.sqlite").arg(certificates);
    if (reuse && !pg && QFileInfo::exists(location)) { // left by an earlier run with the same --dir
        out.reg = need(registry::Register::open(location, registry::Register::OpenMode::Existing), "open the register");
        auto q = need(out.reg->db().exec(QStringLiteral("SELECT id, full_name FROM operators WHERE login = 'officer'")),
                      "officer");
        if (!q.next())
            die(QStringLiteral("%1 has no operator \"officer\"").arg(location));
        out.officer = registry::Session{q.value(0).toLongLong(), QStringLiteral("officer"), q.value(1).toString(),
                                        registry::Role::Officer};
        return out;
    }
    if (pg) {
        out.pgDatabase = QStringLiteral("bench_search_%1_%2").arg(QCoreApplication::applicationPid()).arg(certificates);
        auto admin = need(registry::Database::open(qEnvironmentVariable("TIRKEU_TEST_PG")), "PostgreSQL server");
        if (Status s = admin->execScript(QStringLiteral("CREATE DATABASE %1").arg(out.pgDatabase)); !s)
            die(s.message());
        QUrl url(qEnvironmentVariable("TIRKEU_TEST_PG"));
        url.setPath(u'/' + out.pgDatabase);
        location = url.toString();
    }
    BenchRegister b = createBenchRegister(
        location, QStringLiteral("NCA"), QStringLiteral("Ұлттық куәландырушы орталығы"), forms::CaKind::National,
        pki::KeyAlgorithm::EcP256, work + QStringLiteral("/ca-%1.p8").arg(certificates));
    GeneratorSpec spec;
    spec.certificates = certificates;
    spec.caId = b.caId;
    spec.operatorId = b.officer.operatorId;
    spec.now = QDateTime::currentSecsSinceEpoch();
    out.stats = generateRegister(b.reg->db(), spec);
    out.reg = std::move(b.reg);
    out.officer = b.officer;
    return out;
}

struct Query {
    registry::SearchQuery q;
    bool mustFind = true;
};

// Searches built from rows picked at random (reproducibly) from the register.
QMap<QString, QList<Query>> buildQueries(registry::Database& db, qint64 certificates, int count) {
    QMap<QString, QList<Query>> out;
    Random rnd{77};
    for (int i = 0; i < count; ++i) {
        const qint64 id = 1000000 + qint64(rnd.next() % quint64(certificates));
        auto q = db.exec(QStringLiteral("SELECT c.serial, p.iin, p.surname, p.name, o.bin, o.short_name, o.full_name "
                                        "FROM certificates c JOIN persons p ON p.id = c.person_id LEFT JOIN "
                                        "organisations o ON o.id = (SELECT min(id) FROM organisations WHERE id >= "
                                        "1000000 + ?) WHERE c.id = ?"),
                         {qint64(rnd.next() % quint64(certificates / 70 + 1)), id});
        if (!q || !q->next())
            die(QStringLiteral("no certificate %1 in the generated register").arg(id));
        const auto add = [&out](const char* kind, const QString& text, bool mustFind = true) {
            Query x;
            x.q.text = text;
            x.q.limit = 101; // a page of the register page and one more row, as RegisterHitModel asks
            x.mustFind = mustFind;
            out[QLatin1String(kind)] << x;
        };
        const QString serial = q->value(0).toString();
        const QString surname = q->value(2).toString();
        const QString name = q->value(3).toString();
        add("iin", q->value(1).toString());
        add("bin", q->value(4).toString());
        add("serial", serial);
        add("serial_prefix", serial.left(10));
        // The surname as typed in any case: lower, UPPER, or as stored (МакКей, Қасымова).
        const int variant = int(rnd.next() % 3);
        add("surname", variant == 0 ? surname.toLower() : variant == 1 ? surname.toUpper() : surname);
        add("surname_name", (surname + u' ' + name.left(2)).toLower());
        add("organisation", q->value(5).toString().section(u'-', 0, 0).toLower());
        add("organisation_full", q->value(6).toString().left(10));
    }
    return out;
}

struct Latency {
    double p50 = 0, p99 = 0;
    qint64 misses = 0;
};

Latency measure(registry::Register& reg, const registry::Session& officer, const QList<Query>& queries) {
    registry::Search search(reg);
    std::vector<double> ms;
    Latency l;
    // A warm-up pass over a few queries (statement preparation, page cache), not timed.
    for (int i = 0; i < qMin(10, int(queries.size())); ++i)
        (void)search.find(officer, queries.at(i).q);
    for (const Query& x : queries) {
        const Stopwatch t;
        auto hits = search.find(officer, x.q);
        ms.push_back(t.seconds() * 1000.0);
        if (!hits)
            die(QStringLiteral("search \"%1\": %2").arg(x.q.text, hits.message()));
        if (x.mustFind && hits->isEmpty()) {
            ++l.misses;
            std::printf("  not found: \"%s\"\n", qPrintable(x.q.text));
        }
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&ms](double p) { return ms[std::min(ms.size() - 1, size_t(p * double(ms.size())))]; };
    l.p50 = at(0.50);
    l.p99 = at(0.99);
    return l;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 large = countOption(args, QStringLiteral("--certs"), "TIRKEU_BENCH_SEARCH_CERTS", 200000);
    const qint64 small = countOption(args, QStringLiteral("--small"), nullptr, 10000);
    const int queries = int(countOption(args, QStringLiteral("--queries"), "TIRKEU_BENCH_SEARCH_QUERIES", 300));
    const QString engine = option(args, QStringLiteral("--engine"), nullptr, QStringLiteral("sqlite"));
    const bool pg = engine == u"postgresql";
    if (!pg && engine != u"sqlite")
        die(QStringLiteral("--engine is sqlite or postgresql"));
    if (pg && !qEnvironmentVariableIsSet("TIRKEU_TEST_PG"))
        die(QStringLiteral("--engine postgresql needs TIRKEU_TEST_PG (run under tests/pg/pg_server.sh)"));
    QTemporaryDir temp;
    const QString dirOption = option(args, QStringLiteral("--dir"), nullptr, {});
    const QString work = dirOption.isEmpty() ? temp.path() : QDir(dirOption).absolutePath();
    QDir().mkpath(work);
    const bool reuse = args.contains(QStringLiteral("--reuse"));
    if (reuse && dirOption.isEmpty())
        die(QStringLiteral("--reuse needs --dir"));

    std::printf("bench_search: %s, %lld and %lld certificates (10%% revoked), %d searches of each kind; load "
                "average %s\n",
                qPrintable(engine), (long long)small, (long long)large, queries, qPrintable(loadAverage()));
    std::fflush(stdout);

    const QStringList kinds = {QStringLiteral("iin"),          QStringLiteral("bin"),
                               QStringLiteral("serial"),       QStringLiteral("serial_prefix"),
                               QStringLiteral("surname"),      QStringLiteral("surname_name"),
                               QStringLiteral("organisation"), QStringLiteral("organisation_full")};
    QMap<QString, Latency> results[2];
    qint64 misses = 0;
    const qint64 sizes[2] = {small, large};
    for (int s = 0; s < 2; ++s) {
        Sized r = makeRegister(work, sizes[s], pg, reuse);
        const GeneratorStats& g = r.stats;
        const QByteArray prefix = s == 0 ? "small" : "large";
        if (g.seconds > 0) {
            std::printf("generated %lld certificates, %lld persons, %lld organisations, %lld revocations in %.1f s: "
                        "%.0f rows/s (%.0f certificates/s); load average %s\n",
                        (long long)g.certificates, (long long)g.persons, (long long)g.organisations,
                        (long long)g.revoked, g.seconds, double(g.rows()) / g.seconds,
                        double(g.certificates) / g.seconds, qPrintable(loadAverage()));
            figureOf(prefix + ".gen.rows_per_s", double(g.rows()) / g.seconds);
            figureOf(prefix + ".gen.certificates_per_s", double(g.certificates) / g.seconds);
            figureOf(prefix + ".gen.seconds", g.seconds);
        } else {
            std::printf("searching the register of %lld certificates left in %s\n", (long long)sizes[s],
                        qPrintable(work));
        }
        const auto all = buildQueries(r.reg->db(), sizes[s], queries);
        for (const QString& kind : kinds) {
            const Latency l = measure(*r.reg, r.officer, all.value(kind));
            results[s].insert(kind, l);
            misses += l.misses;
            std::printf("  %-18s %9lld certificates: p50 %8.3f ms  p99 %8.3f ms\n", qPrintable(kind),
                        (long long)sizes[s], l.p50, l.p99);
            figureOf(prefix + '.' + kind.toLatin1() + ".p50_ms", l.p50);
            figureOf(prefix + '.' + kind.toLatin1() + ".p99_ms", l.p99);
        }
        std::fflush(stdout);
        const QString db = r.pgDatabase;
        r.reg.reset();
        if (!db.isEmpty() && !qEnvironmentVariableIsSet("TIRKEU_BENCH_KEEP_PG")) { // kept: to look at plans
            auto admin = need(registry::Database::open(qEnvironmentVariable("TIRKEU_TEST_PG")), "PostgreSQL server");
            (void)admin->execScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db));
        }
    }
    std::printf("\n%-18s %10s %10s %10s %10s %8s %8s\n", "search", "p50 small", "p50 large", "p99 small", "p99 large",
                "p50 ×", "p99 ×");
    bool met = true;
    for (const QString& kind : kinds) {
        const Latency a = results[0].value(kind), b = results[1].value(kind);
        // Sub-0.05 ms figures are timer noise: ratios are taken from 0.05 ms up.
        const double r50 = qMax(b.p50, 0.05) / qMax(a.p50, 0.05);
        const double r99 = qMax(b.p99, 0.05) / qMax(a.p99, 0.05);
        met = met && r50 <= 2.0 && r99 <= 2.0;
        std::printf("%-18s %10.3f %10.3f %10.3f %10.3f %8.2f %8.2f\n", qPrintable(kind), a.p50, b.p50, a.p99, b.p99,
                    r50, r99);
        figureOf("ratio." + kind.toLatin1() + ".p50", r50);
        figureOf("ratio." + kind.toLatin1() + ".p99", r99);
    }
    figure("certificates", double(large));
    figure("goal_met", met ? 1 : 0);
    std::printf("BENCH checks_failed=%lld\n", (long long)misses);
    return misses == 0 ? 0 : 1;
}
