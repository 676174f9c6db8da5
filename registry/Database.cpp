#include "registry/Database.h"

#include "pki/FileModes.h"
#include "registry/SweepGuard.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

namespace tirkeu::registry {

namespace {
QAtomicInt g_connectionCounter;
constexpr int kBusyTimeoutMs = 15000;

// greatest()/least() as on PostgreSQL (NULL arguments are ignored), so registry SQL can use them on
// both engines instead of SQLite's scalar max(a, b) / min(a, b).
void extremum(sqlite3_context* ctx, int argc, sqlite3_value** argv, bool greatest) {
    sqlite3_value* best = nullptr;
    for (int i = 0; i < argc; ++i) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!best) {
            best = argv[i];
            continue;
        }
        const int t1 = sqlite3_value_type(best);
        const int t2 = sqlite3_value_type(argv[i]);
        int cmp = 0;
        if ((t1 == SQLITE_INTEGER || t1 == SQLITE_FLOAT) && (t2 == SQLITE_INTEGER || t2 == SQLITE_FLOAT)) {
            const double a = sqlite3_value_double(argv[i]);
            const double b = sqlite3_value_double(best);
            cmp = a < b ? -1 : (a > b ? 1 : 0);
        } else {
            const auto* a = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
            const auto* b = reinterpret_cast<const char*>(sqlite3_value_text(best));
            cmp = std::strcmp(a ? a : "", b ? b : "");
        }
        if ((greatest && cmp > 0) || (!greatest && cmp < 0))
            best = argv[i];
    }
    if (best)
        sqlite3_result_value(ctx, best);
    else
        sqlite3_result_null(ctx);
}
void sqliteGreatest(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    extremum(ctx, argc, argv, true);
}
void sqliteLeast(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    extremum(ctx, argc, argv, false);
}
// 1 only while the retention sweep runs its own statements (registry/SweepGuard.h, migration 5).
void sqliteSweepArmed(sqlite3_context* ctx, int, sqlite3_value**) {
    sqlite3_result_int(ctx, SweepGuard::armed() ? 1 : 0);
}

sqlite3* nativeHandle(const QSqlDatabase& handle) {
    const QVariant v = handle.driver()->handle();
    if (qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.data());
}

bool registerSqliteFunctions(const QSqlDatabase& handle) {
    sqlite3* native = nativeHandle(handle);
    if (!native)
        return false;
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    return sqlite3_create_function(native, "greatest", -1, flags, nullptr, sqliteGreatest, nullptr, nullptr) ==
               SQLITE_OK &&
           sqlite3_create_function(native, "least", -1, flags, nullptr, sqliteLeast, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function(native, "tirkeu_sweep_armed", 0, SQLITE_UTF8, nullptr, sqliteSweepArmed, nullptr,
                                   nullptr) == SQLITE_OK;
}
} // namespace

bool Database::isPostgresUrl(const QString& location) {
    return location.startsWith(u"postgres://") || location.startsWith(u"postgresql://");
}

namespace {
// libpq also takes a password as an option of the query (attack of session 25, F9: it was printed in errors and
// recorded for good in register.migrated).
const QStringList& secretQueryKeys() {
    static const QStringList keys{QStringLiteral("password"), QStringLiteral("sslpassword")};
    return keys;
}
} // namespace

QString Database::redactedLocation(const QString& location) {
    if (!isPostgresUrl(location))
        return location;
    QUrl url(location);
    url.setPassword(QString());
    QUrlQuery query(url);
    bool secret = false;
    for (const QString& key : secretQueryKeys())
        if (query.hasQueryItem(key)) {
            query.removeAllQueryItems(key);
            secret = true;
        }
    if (secret)
        url.setQuery(query);
    return url.toString();
}

bool Database::holdsPassword(const QString& location) {
    if (!isPostgresUrl(location))
        return false;
    const QUrl url(location);
    const QUrlQuery query(url);
    return !url.password().isEmpty() || std::any_of(secretQueryKeys().cbegin(), secretQueryKeys().cend(),
                                                    [&query](const QString& key) { return query.hasQueryItem(key); });
}

QString Database::sqlitePath(const QString& location) {
    if (isPostgresUrl(location))
        return {};
    return location.startsWith(u"sqlite:") ? location.mid(7) : location;
}

QString Database::defaultLocation() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("register.sqlite"));
}

sqlite3* Database::sqlite() const {
    return m_engine == Engine::Sqlite ? nativeHandle(handle()) : nullptr;
}

Result<std::unique_ptr<Database>> Database::open(const QString& location) {
    if (isPostgresUrl(location))
        return openPostgres(location);
    const QString path = sqlitePath(location);
    if (path.isEmpty())
        return makeError(ErrorCode::Usage, tr("No register location given."));

    const QFileInfo info(path);
    // The folders on the way to a new register are its owner's alone, whatever the umask (attack of session 27:
    // QDir::mkpath made them 0777 under umask 000, so anyone could delete or swap the register); an existing
    // folder is left as its administrator made it (a register shared through a group lives in a folder made
    // for that group).
    if (!pki::FileModes::makeFolders(info.absolutePath(), pki::FileModes::kPrivateFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the folder %1.").arg(info.absolutePath()));

    // A new register holds every holder's personal data: it is made readable and writable by its owner and
    // group only (operators and the CRL job share a register through a group; the umask may take more), never
    // by other users. SQLite would create it 0644, and gives its -wal and -shm files the database file's
    // mode. An existing register keeps the mode its administrator gave it.
    if (!info.exists()) {
        const int fd = ::open(QFile::encodeName(info.absoluteFilePath()).constData(),
                              O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0660);
        if (fd >= 0)
            ::close(fd);
        else if (errno != EEXIST) // made by another process meanwhile: opened below as it is
            return makeError(ErrorCode::Io, tr("Cannot create the register %1: %2")
                                                .arg(info.absoluteFilePath(), QString::fromLocal8Bit(strerror(errno))));
    }

    std::unique_ptr<Database> db(new Database);
    db->m_location = info.absoluteFilePath();
    db->m_engine = Engine::Sqlite;
    db->m_connection = QStringLiteral("tirkeu-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    QSqlDatabase handle = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_connection);
    handle.setDatabaseName(db->m_location);
    handle.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!handle.open())
        return db->error(handle.lastError(), tr("Cannot open the register %1").arg(db->m_location));
    if (!registerSqliteFunctions(handle))
        return makeError(ErrorCode::Database,
                         tr("Cannot prepare the register %1 (SQLite functions).").arg(db->m_location));

    // Persistent WAL: the last connection to close never deletes the -wal and -shm files. Several
    // processes share one register (GUI, cron, CLI); if one of them ever loses its POSIX locks (they
    // belong to the process, and closing ANY descriptor of the file drops them all), another process's
    // close must not delete the WAL and index that the first one still writes to (README, "Trust model").
    if (sqlite3* native = nativeHandle(handle)) {
        int persist = 1;
        sqlite3_file_control(native, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    }
    // synchronous=FULL: every commit fsyncs the WAL before it returns. The register is the CA's evidence:
    // a certificate handed out, a revocation published in a CRL, a CRL number or an event of the chain must
    // survive a power loss once its transaction committed. In WAL mode NORMAL fsyncs only at checkpoints, so
    // the last commits before a power cut could vanish after the caller acted on them. Group commit (bulk
    // issuance) pays one fsync per group.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
        auto q = db->exec(QString::fromLatin1(pragma));
        if (!q)
            return q.error();
    }
    auto q = db->exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs));
    if (!q)
        return q.error();
    // A damaged register is read only: damage() (quick_check) runs before the first write.
    return db;
}

QString Database::damage() const {
    if (m_engine != Engine::Sqlite || m_integrityChecked)
        return m_damage;
    if (m_damageCheck.valid()) {
        std::optional<QString> verdict = m_damageCheck.get();
        if (verdict) {
            m_integrityChecked = true;
            m_damage = *verdict;
            return m_damage;
        }
        // Its connection could not be opened: checked here instead.
    }
    // Every connection checks for itself: a verdict kept for the process would hide damage that this
    // very process wrote (stale pages after its locks were lost, README "Trust model").
    QSqlQuery check(handle());
    QStringList problems;
    if (!check.exec(QStringLiteral("PRAGMA quick_check(5)"))) {
        problems << check.lastError().text();
    } else {
        while (check.next())
            if (check.value(0).toString() != u"ok")
                problems << check.value(0).toString();
    }
    check.finish();
    m_integrityChecked = true;
    m_damage = problems.join(QStringLiteral("; "));
    return m_damage;
}

// The connection of a check started by startDamageCheck(); `cancelled` is set by the Database's destructor,
// which interrupts the check.
struct DamageCheckState {
    std::mutex mutex;
    sqlite3* db = nullptr;
    bool cancelled = false;
};

namespace {
// PRAGMA quick_check on a read-only connection of its own; nullopt when that connection cannot be opened.
std::optional<QString> quickCheckApart(const QByteArray& path, const std::shared_ptr<DamageCheckState>& state) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return std::nullopt;
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->cancelled) {
            sqlite3_close(db);
            return QString();
        }
        state->db = db;
    }
    QStringList problems;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(5)", -1, &st, nullptr);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const QString line = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        if (line != u"ok")
            problems << line;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        problems << QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(st);
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->db = nullptr;
        if (state->cancelled) // the register is going away: nobody reads this verdict
            problems.clear();
    }
    sqlite3_close(db);
    return problems.join(QStringLiteral("; "));
}
} // namespace

void Database::startDamageCheck() {
    if (m_engine != Engine::Sqlite || m_integrityChecked || m_damageCheck.valid())
        return;
    auto state = std::make_shared<DamageCheckState>();
    m_damageCheckState = state;
    m_damageCheck = std::async(std::launch::async,
                               [path = QFile::encodeName(m_location), state] { return quickCheckApart(path, state); });
}

bool Database::damageKnown() const {
    if (m_engine != Engine::Sqlite || m_integrityChecked)
        return true;
    return m_damageCheck.valid() && m_damageCheck.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

Error Database::damagedError() const {
    return makeError(ErrorCode::Database,
                     tr("The register %1 is damaged (%2); nothing is written into it. Back up what is left, then "
                        "restore the last good backup (Settings → Register → Restore…, or the command db restore "
                        "--replace).")
                         .arg(m_location, m_damage));
}

QString Database::metaValue(const QString& key) {
    if (!m_hasMeta) {
        auto exists = tableExists(QStringLiteral("meta"));
        if (!exists || !*exists)
            return {};
        m_hasMeta = true;
    }
    auto value = scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
    return value ? value->toString() : QString();
}

QString Database::movedTo() {
    return metaValue(QStringLiteral("moved_to"));
}

Database::MoveState Database::moveState() {
    if (const QString to = movedTo(); !to.isEmpty()) {
        auto details = scalar(QStringLiteral("SELECT details FROM audit_events WHERE event_type = "
                                             "'register.migrated_out' ORDER BY seq DESC LIMIT 1"));
        const bool recorded =
            details &&
            QJsonDocument::fromJson(details->toString().toUtf8()).object().value(QStringLiteral("to")).toString() == to;
        return {recorded ? MoveState::Kind::Moved : MoveState::Kind::UnexplainedMark, to, QStringLiteral("moved_to")};
    }
    if (const QString from = metaValue(QStringLiteral("moving_from")); !from.isEmpty()) {
        // The copy's own event, the last one it has: a copy takes no write until it is confirmed.
        auto newest = rows(QStringLiteral("SELECT event_type, details FROM audit_events ORDER BY seq DESC LIMIT 1"));
        const bool explained = newest && !newest->empty() && newest->front().at(0).toString() == u"register.migrated" &&
                               QJsonDocument::fromJson(newest->front().at(1).toString().toUtf8())
                                       .object()
                                       .value(QStringLiteral("from"))
                                       .toString() == from;
        return {explained ? MoveState::Kind::UnconfirmedCopy : MoveState::Kind::UnexplainedMark, from,
                QStringLiteral("moving_from")};
    }
    return {};
}

Result<bool> Database::writesAsSchemaOwner() {
    if (engine() != Engine::Postgres)
        return true;
    auto owner = scalar(QStringLiteral("SELECT coalesce((SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c WHERE "
                                       "c.oid = to_regclass('public.meta')), true)"));
    if (!owner)
        return owner.error();
    return owner->toBool();
}

Status Database::confirmMove() {
    m_confirmingMove = true;
    const Status done = transact([this]() -> Status {
        auto removed = exec(QStringLiteral("DELETE FROM meta WHERE key = 'moving_from'"));
        return removed ? Status() : Status(removed.error());
    });
    m_confirmingMove = false;
    return done;
}

Status Database::afterBegin(bool checkNow) {
    if (!checkNow) {
        m_movedCheckAtCommit = true;
        return {};
    }
    return refuseIfMoved();
}

// Inside the open transaction (its lock held, so the mark read here stays true until it ends): a moved register
// takes no write (attack of session 28, F6). The transaction is rolled back.
Status Database::refuseIfMoved() {
    const MoveState state = moveState();
    switch (state.kind) {
    case MoveState::Kind::InUse:
        return {};
    case MoveState::Kind::UnconfirmedCopy:
        if (m_confirmingMove)
            return {};
        rollback();
        return makeError(ErrorCode::Conflict,
                         tr("The register %1 is the copy of %2 that db migrate was making when it stopped, before %2 "
                            "was retired; nothing is written into it. Run the same db migrate again: it finishes the "
                            "move if %2 was retired, or says what to do.")
                             .arg(redactedLocation(m_location), state.location));
    case MoveState::Kind::UnexplainedMark:
        // Stops writes but names no register to go to: until 2026-12-07 it sent every workstation to the address it
        // held (attack of session 29, F5), and a planted moving_from had the register in use called a copy to
        // remove (attack of session 30, A3).
        rollback();
        if (state.mark == u"moving_from")
            return makeError(ErrorCode::Integrity,
                             tr("The register %1 carries a mark saying it is an unfinished copy of another register "
                                "(db migrate), but its event log does not end in the event of such a copy: the mark "
                                "was written outside Tirkeu. Nothing is written into it; an administrator checks it "
                                "with audit verify. Do not delete or replace this register because of the mark.")
                                 .arg(redactedLocation(m_location)));
        return makeError(ErrorCode::Integrity,
                         tr("The register %1 carries a mark saying it was moved elsewhere, but no event of its log "
                            "records such a move: the mark was written outside Tirkeu. Nothing is written into it; "
                            "an administrator checks it with audit verify. Do not point anything at the address "
                            "the mark names.")
                             .arg(redactedLocation(m_location)));
    case MoveState::Kind::Moved:
        break;
    }
    rollback();
    return makeError(ErrorCode::Conflict,
                     tr("The register %1 was moved to %2 (db migrate); nothing is written into it any more. Use the "
                        "register at %2: change --db, TIRKEU_DB, the workstations' Settings and the OCSP "
                        "responder's and the CRL job's configuration to it.")
                         .arg(redactedLocation(m_location), state.location));
}

Database::~Database() {
    if (m_inTransaction)
        rollback();
    if (m_damageCheck.valid()) { // a check still running is interrupted; its future waits for its thread
        if (auto state = m_damageCheckState.lock()) {
            std::lock_guard<std::mutex> lock(state->mutex);
            state->cancelled = true;
            if (state->db)
                sqlite3_interrupt(state->db);
        }
        m_damageCheck.wait();
    }
    m_statements.clear(); // prepared statements go before their connection
    {
        QSqlDatabase handle = QSqlDatabase::database(m_connection, false);
        if (handle.isValid())
            handle.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Error Database::error(const QSqlError& e, const QString& context) const {
    QString text = (e.databaseText().isEmpty() ? e.text() : e.databaseText()).trimmed();
    // libpq prefixes the severity ("ERROR:  ..."); the message alone is what the user needs.
    static const QRegularExpression severity(QStringLiteral("^(ERROR|FATAL|PANIC):\\s+"));
    text.remove(severity);
    // PostgreSQL adds context lines (LINE 1:, CONTEXT:, the SQLSTATE); the first line is the message.
    if (m_engine == Engine::Postgres && text.contains(u'\n'))
        text = text.left(text.indexOf(u'\n')).trimmed();
    if (isStorageFailure(e))
        ++m_storageFailures;
    return makeError(isTransient(e) ? ErrorCode::Busy : ErrorCode::Database, tr("%1: %2").arg(context, text));
}

bool Database::isStorageFailure(const QSqlError& e) {
    const QString code = e.nativeErrorCode();
    bool number = false;
    const int sqlite = code.toInt(&number);
    if (number) // SQLite primary result code (low byte): IOERR 10, CORRUPT 11, FULL 13, NOMEM 7, CANTOPEN 14
        return QList<int>{7, 10, 11, 13, 14}.contains(sqlite & 0xff);
    // PostgreSQL SQLSTATE: insufficient resources (53: disk full, out of memory), system error (58: I/O),
    // internal error (XX: data corrupted).
    return code.startsWith(u"53") || code.startsWith(u"58") || code == u"XX001" || code == u"XX002";
}

bool Database::isTransient(const QSqlError& e) {
    const QString code = e.nativeErrorCode();
    // SQLite: SQLITE_BUSY (5), SQLITE_LOCKED (6) and their extended codes.
    if (code == u"5" || code == u"6" || code == u"261" || code == u"262" || code == u"517" ||
        e.databaseText().contains(u"database is locked"))
        return true;
    return code == u"40001" || code == u"40P01" || code == u"55P03";
}

Result<QSqlQuery> Database::exec(const QString& sql, const QVariantList& binds) {
    QSqlQuery q(handle());
    // QPSQL streams forward-only results row by row, and a second query on the connection discards the
    // rest of the first: registry code nests queries, so PostgreSQL results are fetched whole.
    q.setForwardOnly(m_engine == Engine::Sqlite);
    if (!q.prepare(sql)) {
        m_lastFailureTransient = m_lastFailureTransient || isTransient(q.lastError());
        return error(q.lastError(), tr("Register query failed"));
    }
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        m_lastFailureTransient = m_lastFailureTransient || isTransient(q.lastError());
        return error(q.lastError(), tr("Register query failed"));
    }
    return q;
}

Status Database::execRaw(const QString& sql, const QString& context) {
    QSqlQuery q(handle());
    if (!q.exec(sql)) {
        m_lastFailureTransient = m_lastFailureTransient || isTransient(q.lastError());
        return error(q.lastError(), context);
    }
    return {};
}

Result<QStringList> Database::schemaObjects(const QString& type) {
    QString sql;
    if (m_engine == Engine::Sqlite) {
        sql =
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name");
    } else if (type == u"table") {
        sql = QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND ? <> '' "
                             "ORDER BY tablename");
    } else if (type == u"index") {
        // Only declared indexes: the ones PostgreSQL creates for keys (like SQLite's autoindexes) are left out.
        sql = QStringLiteral("SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema() AND ? <> '' "
                             "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) "
                             "ORDER BY i.indexname");
    } else if (type == u"trigger") {
        sql = QStringLiteral("SELECT DISTINCT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "
                             "AND n.nspname = current_schema() AND ? <> '' ORDER BY t.tgname");
    } else {
        return makeError(ErrorCode::Usage, tr("Unknown kind of schema object: %1").arg(type));
    }
    auto q = exec(sql, {type});
    if (!q)
        return q.error();
    QStringList out;
    while (q->next())
        out << q->value(0).toString();
    return out;
}

Result<bool> Database::tableExists(const QString& table) {
    auto v =
        m_engine == Engine::Sqlite
            ? scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"), {table})
            : scalar(QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                                    "AND tablename = ?"),
                     {table});
    if (!v)
        return v.error();
    return v->toLongLong() > 0;
}

Result<QStringList> Database::referencedTables(const QString& table) {
    QStringList out;
    if (m_engine == Engine::Sqlite) {
        // PRAGMA takes no binds; the name is checked against the schema first.
        auto exists = tableExists(table);
        if (!exists)
            return exists.error();
        if (!*exists)
            return makeError(ErrorCode::NotFound, tr("No table %1 in the register.").arg(table));
        auto q = exec(QStringLiteral("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('%1')")
                          .arg(QString(table).replace(u'\'', QStringLiteral("''"))));
        if (!q)
            return q.error();
        while (q->next())
            out << q->value(0).toString();
    } else {
        auto q =
            exec(QStringLiteral("SELECT DISTINCT r.relname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                                "JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                                "WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = ?"),
                 {table});
        if (!q)
            return q.error();
        while (q->next())
            out << q->value(0).toString();
    }
    out.removeAll(table);
    out.sort();
    return out;
}

Result<QSqlQuery*> Database::runCached(const QString& sql, const QVariantList& binds) {
    // SQL texts built with values in them would fill the cache: past this size it starts again.
    constexpr std::size_t kMaxStatements = 512;
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_unique<QSqlQuery>(handle());
        // As exec(): PostgreSQL results are fetched whole.
        q->setForwardOnly(m_engine == Engine::Sqlite);
        if (!q->prepare(sql)) {
            m_lastFailureTransient = m_lastFailureTransient || isTransient(q->lastError());
            return error(q->lastError(), tr("Register query failed"));
        }
        if (m_statements.size() >= kMaxStatements)
            m_statements.clear();
        it = m_statements.emplace(sql, std::move(q)).first;
    }
    QSqlQuery* q = it->second.get();
    for (int i = 0; i < binds.size(); ++i)
        q->bindValue(i, binds.at(i));
    if (!q->exec()) {
        m_lastFailureTransient = m_lastFailureTransient || isTransient(q->lastError());
        const Error e = error(q->lastError(), tr("Register query failed"));
        q->finish();
        return e;
    }
    return q;
}

Result<QVariant> Database::scalar(const QString& sql, const QVariantList& binds) {
    auto q = runCached(sql, binds);
    if (!q)
        return q.error();
    QVariant value;
    if ((*q)->next())
        value = (*q)->value(0);
    (*q)->finish();
    return value;
}

Result<int> Database::write(const QString& sql, const QVariantList& binds) {
    auto q = runCached(sql, binds);
    if (!q)
        return q.error();
    const int changed = (*q)->numRowsAffected();
    (*q)->finish();
    return changed;
}

Result<QVariant> Database::insert(const QString& sql, const QVariantList& binds) {
    auto q = runCached(sql, binds);
    if (!q)
        return q.error();
    const QVariant id = (*q)->lastInsertId();
    (*q)->finish();
    return id;
}

Result<std::vector<QVariantList>> Database::rows(const QString& sql, const QVariantList& binds) {
    auto q = runCached(sql, binds);
    if (!q)
        return q.error();
    std::vector<QVariantList> out;
    const int columns = (*q)->record().count();
    while ((*q)->next()) {
        QVariantList values;
        values.reserve(columns);
        for (int i = 0; i < columns; ++i)
            values << (*q)->value(i);
        out.push_back(std::move(values));
    }
    (*q)->finish();
    return out;
}

Result<QVariantList> Database::row(const QString& sql, const QVariantList& binds) {
    auto q = runCached(sql, binds);
    if (!q)
        return q.error();
    QVariantList values;
    if ((*q)->next()) {
        const int columns = (*q)->record().count();
        values.reserve(columns);
        for (int i = 0; i < columns; ++i)
            values << (*q)->value(i);
    }
    (*q)->finish();
    return values;
}

Status Database::execScript(const QString& script) {
    const QStringList statements = script.split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
    for (const QString& raw : statements) {
        const QString sql = raw.trimmed();
        if (sql.isEmpty())
            continue;
        QSqlQuery q(handle());
        if (!q.exec(sql))
            return error(q.lastError(), tr("Register schema statement failed"));
    }
    return {};
}

Status Database::begin() {
    return beginSqlite(true);
}

Status Database::beginCheckedAtCommit() {
    return beginSqlite(false);
}

Status Database::beginSqlite(bool checkNow) {
    if (m_inTransaction)
        return makeError(ErrorCode::Database, tr("A register transaction is already open."));
    if (m_engine == Engine::Postgres) {
        if (Status s = beginPostgres(); !s)
            return s;
        return afterBegin(checkNow);
    }
    if (checkNow && !damage().isEmpty())
        return damagedError();
    // A damage already known refuses at once; else commit() awaits the verdict.
    if (!checkNow && m_integrityChecked && !m_damage.isEmpty())
        return damagedError();
    // A read statement left open before the transaction (a single-row read whose QSqlQuery is still in
    // scope) keeps its old snapshot; once another connection has committed, SQLite then refuses the
    // write lock at once (SQLITE_BUSY_SNAPSHOT) and no amount of waiting helps. Their rows have been
    // read: reset them so BEGIN IMMEDIATE starts from the newest state.
    if (sqlite3* native = nativeHandle(handle())) {
        for (sqlite3_stmt* st = sqlite3_next_stmt(native, nullptr); st; st = sqlite3_next_stmt(native, st))
            if (sqlite3_stmt_busy(st) && sqlite3_stmt_readonly(st))
                sqlite3_reset(st);
    }
    const QString sql = m_engine == Engine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    // The busy timeout already waits; a few retries cover writers that hold the lock longer.
    for (int attempt = 0;; ++attempt) {
        QSqlQuery q(handle());
        if (q.exec(sql)) {
            m_inTransaction = true;
            m_checkAtCommit = !checkNow;
            return afterBegin(checkNow);
        }
        if (!isTransient(q.lastError()) || attempt >= 8) {
            m_lastFailureTransient = isTransient(q.lastError());
            if (m_lastFailureTransient)
                return makeError(ErrorCode::Busy, tr("The register is busy with other workstations' changes; "
                                                     "try again in a moment."));
            return error(q.lastError(), tr("Cannot start a register transaction"));
        }
        QThread::msleep(50u << std::min(attempt, 5));
    }
}

Status Database::commit() {
    if (!m_inTransaction)
        return makeError(ErrorCode::Database, tr("No register transaction is open."));
    if (m_rollbackOnly) {
        const Error why = *m_rollbackOnly;
        rollback();
        return why;
    }
    if (m_checkAtCommit && !damage().isEmpty()) {
        rollback();
        return damagedError();
    }
    if (m_movedCheckAtCommit) {
        if (Status s = refuseIfMoved(); !s)
            return s; // rolled back
    }
    if (m_engine == Engine::Postgres) {
        if (Status s = execRaw(QStringLiteral("NOTIFY %1").arg(QLatin1String(kNotifyChannel)),
                               tr("Cannot commit the register transaction"));
            !s) {
            rollback();
            return s;
        }
    }
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("COMMIT"))) {
        m_lastFailureTransient = m_lastFailureTransient || isTransient(q.lastError());
        const Error e = error(q.lastError(), tr("Cannot commit the register transaction"));
        rollback();
        return e;
    }
    m_inTransaction = false;
    m_checkAtCommit = false;
    m_movedCheckAtCommit = false;
    m_rollbackOnly.reset();
    runAfterCommitWork();
    return {};
}

void Database::rollback() {
    if (!m_inTransaction)
        return;
    QSqlQuery q(handle());
    q.exec(QStringLiteral("ROLLBACK"));
    m_inTransaction = false;
    m_checkAtCommit = false;
    m_movedCheckAtCommit = false;
    endTransaction();
}

} // namespace tirkeu::registry
