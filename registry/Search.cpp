#include "registry/Search.h"

#include "forms/Identifiers.h"
#include "registry/Database.h"
#include "registry/Register.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace tirkeu::registry {

namespace {

// Every select of a hit returns these columns, in this order.
const char kPersonName[] = "trim(p.surname || ' ' || p.name || ' ' || coalesce(p.patronymic, ''))";

QString certificateColumns() {
    return QStringLiteral("coalesce(c.id, 0), a.code, c.serial, c.subject, c.profile, c.not_before, c.not_after, "
                          "c.status");
}

// A certificate row with its holder: the person (individuals and legal-entity employees), else the
// organisation.
QString certificateSelect(const QString& positionColumns = {}) {
    return QStringLiteral("SELECT CASE WHEN p.id IS NULL AND o.id IS NOT NULL THEN 1 ELSE 0 END, "
                          "coalesce(p.iin, o.bin, ''), coalesce(%1, o.full_name, ''), %2%3 "
                          "FROM certificates c JOIN cas a ON a.id = c.ca_id "
                          "LEFT JOIN persons p ON p.id = c.person_id "
                          "LEFT JOIN organisations o ON o.id = c.organisation_id ")
        .arg(QLatin1String(kPersonName), certificateColumns(), positionColumns);
}

// A position handed back (RegisterHit::position) must be one this search made.
Error badPosition() {
    return makeError(ErrorCode::Usage, Search::tr("The page to continue from does not belong to this search."));
}

// The CAs a query may touch, as the leading column of (ca_id, serial) and (ca_id, not_after).
QString caScope(const QString& caCode, QVariantList& binds) {
    if (caCode.isEmpty())
        return QStringLiteral("c.ca_id IN (SELECT id FROM cas)");
    binds << caCode;
    return QStringLiteral("c.ca_id IN (SELECT id FROM cas WHERE code = ?)");
}

// The first string greater than every string that starts with `prefix` (binary UTF-8 order is code
// point order, so bumping the last character is enough).
QString prefixEnd(const QString& prefix) {
    QString end = prefix;
    end.back() = QChar(char16_t(end.back().unicode() + 1));
    return end;
}

const char kAuditColumns[] = "seq, ts, operator, subject, event_type, details, retention_until, prev_hash, hash";

} // namespace

SearchKind Search::detect(const QString& text) {
    static const QRegularExpression digits12(QStringLiteral("^[0-9]{12}$"));
    static const QRegularExpression hex(QStringLiteral("^(0x)?[0-9A-Fa-f: ]+$"));
    static const QRegularExpression anyDigit(QStringLiteral("[0-9]"));
    const QString t = text.trimmed();
    if (digits12.match(t).hasMatch())
        return SearchKind::Iin; // or a BIN: find() looks in both when the kind was Auto
    if (hex.match(t).hasMatch() && anyDigit.match(t).hasMatch())
        return SearchKind::Serial;
    return SearchKind::Name;
}

Result<QList<RegisterHit>> Search::run(const QString& sql, const QVariantList& binds, int positionColumns) {
    auto q = m_reg.db().exec(sql, binds);
    if (!q)
        return q.error();
    QList<RegisterHit> out;
    while (q->next()) {
        RegisterHit h;
        h.holder = q->value(0).toInt() == 1 ? RegisterHit::Holder::Organisation : RegisterHit::Holder::Person;
        h.holderId = q->value(1).toString();
        h.holderName = q->value(2).toString();
        h.certificateId = q->value(3).toLongLong();
        if (h.certificateId > 0) {
            h.caCode = q->value(4).toString();
            h.serialHex = q->value(5).toString();
            h.subject = q->value(6).toString();
            h.profile = q->value(7).toString();
            h.notBefore = fromDbTime(q->value(8).toString());
            h.notAfter = fromDbTime(q->value(9).toString());
            h.status = q->value(10).toString();
        }
        for (int i = 0; i < positionColumns; ++i)
            h.position << q->value(11 + i);
        out.append(h);
    }
    return out;
}

QString Search::key(const QString& text) {
    QStringList words = text.simplified().toCaseFolded().split(u' ', Qt::SkipEmptyParts);
    for (QString& w : words) {
        bool cyrillic = false;
        for (QChar c : std::as_const(w))
            cyrillic = cyrillic || (c.unicode() >= 0x0400 && c.unicode() <= 0x04FF);
        // Kazakh І/і are often typed as the Latin I/i (FACTS.md); inside a Cyrillic word it can only be that.
        if (cyrillic)
            w.replace(u'i', QChar(0x0456));
    }
    return words.join(u' ');
}

QString Search::personKey(const QString& surname, const QString& name, const QString& patronymic) {
    return key(surname + u' ' + name + u' ' + patronymic);
}

Status Search::refreshPersonKey(Database& db, qint64 personId) {
    auto q =
        db.exec(QStringLiteral("SELECT surname, name, coalesce(patronymic, '') FROM persons WHERE id = ?"), {personId});
    if (!q)
        return q.error();
    if (!q->next())
        return {};
    const QString k = personKey(q->value(0).toString(), q->value(1).toString(), q->value(2).toString());
    auto up = db.exec(QStringLiteral("UPDATE persons SET search_key = ? WHERE id = ?"), {k, personId});
    if (!up)
        return up.error();
    return {};
}

Status Search::refreshOrganisationKey(Database& db, qint64 organisationId) {
    auto q = db.exec(QStringLiteral("SELECT full_name, short_name FROM organisations WHERE id = ?"), {organisationId});
    if (!q)
        return q.error();
    if (!q->next())
        return {};
    const QVariant shortName = q->value(1);
    auto up =
        db.exec(QStringLiteral("UPDATE organisations SET search_key = ?, short_key = ? WHERE id = ?"),
                {key(q->value(0).toString()),
                 shortName.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(key(shortName.toString())),
                 organisationId});
    if (!up)
        return up.error();
    return {};
}

Status Search::fillKeys(Database& db) {
    QList<QPair<qint64, QString>> persons;
    {
        auto q = db.exec(QStringLiteral("SELECT id, surname, name, coalesce(patronymic, '') FROM persons"));
        if (!q)
            return q.error();
        while (q->next())
            persons.append({q->value(0).toLongLong(),
                            personKey(q->value(1).toString(), q->value(2).toString(), q->value(3).toString())});
    }
    for (const auto& [id, k] : std::as_const(persons)) {
        auto up = db.exec(QStringLiteral("UPDATE persons SET search_key = ? WHERE id = ?"), {k, id});
        if (!up)
            return up.error();
    }
    QList<qint64> organisations;
    {
        auto q = db.exec(QStringLiteral("SELECT id FROM organisations"));
        if (!q)
            return q.error();
        while (q->next())
            organisations.append(q->value(0).toLongLong());
    }
    for (qint64 id : std::as_const(organisations))
        if (Status s = refreshOrganisationKey(db, id); !s)
            return s;
    return {};
}

Result<QList<RegisterHit>> Search::find(const Session& by, const SearchQuery& query) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    const QString text = query.text.simplified();
    if (text.isEmpty())
        return makeError(ErrorCode::Usage, tr("Type an IIN, a BIN, a serial number or a name to search for."));
    const SearchKind kind = query.kind == SearchKind::Auto ? detect(text) : query.kind;
    const bool either = query.kind == SearchKind::Auto && kind == SearchKind::Iin; // 12 digits: IIN or BIN
    const int limit = qBound(1, query.limit, kMaxLimit);
    const int offset = qMax(0, query.offset);

    // A certificate of another CA must not show; the holder itself still does (LEFT JOIN).
    QVariantList caBinds;
    QString caJoin;
    if (!query.caCode.isEmpty()) {
        caJoin = QStringLiteral(" AND c.ca_id = (SELECT id FROM cas WHERE code = ?)");
        caBinds << query.caCode;
    }
    const QString personSelect =
        QStringLiteral("SELECT 0 AS kind, p.iin AS id_, %1 AS name_, %2, c.id AS cid FROM persons p "
                       "LEFT JOIN certificates c ON c.person_id = p.id%3 LEFT JOIN cas a ON a.id = c.ca_id ")
            .arg(QLatin1String(kPersonName), certificateColumns(), caJoin);
    const QString organisationSelect =
        QStringLiteral("SELECT 1 AS kind, o.bin AS id_, o.full_name AS name_, %1, c.id AS cid FROM organisations o "
                       "LEFT JOIN certificates c ON c.organisation_id = o.id%2 LEFT JOIN cas a ON a.id = c.ca_id ")
            .arg(certificateColumns(), caJoin);
    // The trailing certificate id is only for ordering; run() reads the first eleven columns.
    const QString page = QStringLiteral(" ORDER BY kind, name_, id_, cid LIMIT ? OFFSET ?");

    switch (kind) {
    case SearchKind::Iin:
    case SearchKind::Bin: {
        const bool iin = kind == SearchKind::Iin;
        const forms::IdCheck check = iin ? forms::Identifiers::checkIin(text) : forms::Identifiers::checkBin(text);
        const forms::IdCheck other = forms::Identifiers::checkBin(text);
        if (either && check != forms::IdCheck::Valid && other != forms::IdCheck::Valid)
            return makeError(ErrorCode::Invalid, tr("%1 is neither a valid IIN nor a valid BIN: %2")
                                                     .arg(text, forms::Identifiers::describe(check, false)));
        if (!either && check != forms::IdCheck::Valid)
            return makeError(ErrorCode::Invalid, forms::Identifiers::describe(check, !iin));
        QStringList parts;
        QVariantList binds;
        if (either ? check == forms::IdCheck::Valid : iin) {
            parts << personSelect + QStringLiteral("WHERE p.iin = ?");
            binds << caBinds << text;
        }
        if (either ? other == forms::IdCheck::Valid : !iin) {
            parts << organisationSelect + QStringLiteral("WHERE o.bin = ?");
            binds << caBinds << text;
        }
        binds << limit << offset;
        return run(QStringLiteral("SELECT * FROM (%1) AS hits").arg(parts.join(QStringLiteral(" UNION ALL "))) + page,
                   binds);
    }
    case SearchKind::Serial: {
        QString prefix = text.toUpper();
        if (prefix.startsWith(u"0X"))
            prefix = prefix.mid(2);
        prefix.remove(u':');
        prefix.remove(u' ');
        static const QRegularExpression hexRe(QStringLiteral("^[0-9A-F]{1,64}$"));
        if (!hexRe.match(prefix).hasMatch())
            return makeError(
                ErrorCode::Invalid,
                tr("\"%1\" is not a certificate serial number (hexadecimal digits, colons allowed).").arg(text));
        // Serials are stored without leading zero bytes.
        while (prefix.size() > 2 && prefix.startsWith(u"00"))
            prefix.remove(0, 2);
        QVariantList binds;
        const QString scope = caScope(query.caCode, binds);
        binds << prefix << QString(prefix + u'G'); // 'G' sorts after every hex digit
        QString after;
        if (!query.after.isEmpty()) { // (ca_id, serial) of the last row: the next ones in index order
            if (query.after.size() != 2)
                return badPosition();
            after = QStringLiteral("AND (c.ca_id > ? OR (c.ca_id = ? AND c.serial > ?)) ");
            binds << query.after.at(0) << query.after.at(0) << query.after.at(1);
        }
        binds << limit << (query.after.isEmpty() ? offset : 0);
        return run(certificateSelect(QStringLiteral(", c.ca_id, c.serial")) +
                       QStringLiteral("WHERE %1 AND c.serial >= ? AND c.serial < ? %2"
                                      "ORDER BY c.ca_id, c.serial LIMIT ? OFFSET ?")
                           .arg(scope, after),
                   binds, 2);
    }
    case SearchKind::Name:
    case SearchKind::Auto:
        return findByName(text, query.caCode, limit, offset, query.after);
    }
    return QList<RegisterHit>();
}

// Holders whose name starts with `text` (case-insensitive, Search::key): people by "surname name
// patronymic", then organisations by full name, then by short name. Each part is one range of an
// index walked in key order and stops after the page (LIMIT), so its cost does not grow with the
// register; a page that starts past the end of a part counts that part's matches (only then).
Result<QList<RegisterHit>> Search::findByName(const QString& text, const QString& caCode, int limit, int offset,
                                              const QVariantList& after) {
    const QString k = key(text);
    if (k.isEmpty())
        return QList<RegisterHit>();
    const QString end = prefixEnd(k);
    // A certificate of another CA must not show; the holder itself still does (LEFT JOIN).
    QVariantList caBinds;
    QString caJoin;
    if (!caCode.isEmpty()) {
        caJoin = QStringLiteral(" AND c.ca_id = (SELECT id FROM cas WHERE code = ?)");
        caBinds << caCode;
    }
    // People are paged first — at most the page's worth, walked in the index's order — and only those are
    // joined to their certificates and sorted: the sort never grows with the matches, whatever the engine's
    // planner estimates for the range (PostgreSQL sorted all the matches of a two-word prefix when it
    // expected one: 75 ms for 717 people at 1,000,000 certificates). Organisations hold many certificates
    // each (their employees'), so a page of them would join many more rows than it shows: they are joined
    // in the index's order and the query stops after the page.
    // After a row of part `afterPart` (its key, IIN/BIN and certificate id): that part from the row on, the
    // later parts whole.
    int afterPart = 0;
    if (!after.isEmpty()) {
        if (after.size() != 4 || after.at(0).toInt() < 0 || after.at(0).toInt() > 2)
            return badPosition();
        afterPart = after.at(0).toInt();
        offset = 0;
    }
    struct Part {
        QString range;   // the holders in range
        QString table;   // "persons p" / "organisations o"
        QString join;    // the holder's certificates
        QString key, id; // the index order: the key, the IIN/BIN (then the certificate)
        QVariantList binds;
    };
    const QString personJoin =
        QStringLiteral("LEFT JOIN certificates c ON c.person_id = p.id%1 LEFT JOIN cas a ON a.id = c.ca_id")
            .arg(caJoin);
    const QString orgJoin =
        QStringLiteral("LEFT JOIN certificates c ON c.organisation_id = o.id%1 LEFT JOIN cas a ON a.id = c.ca_id")
            .arg(caJoin);
    const QList<Part> parts = {
        {QStringLiteral("p.search_key >= ? AND p.search_key < ?"), QStringLiteral("persons p"), personJoin,
         QStringLiteral("p.search_key"), QStringLiteral("p.iin"), QVariantList{k, end}},
        {QStringLiteral("o.search_key >= ? AND o.search_key < ?"), QStringLiteral("organisations o"), orgJoin,
         QStringLiteral("o.search_key"), QStringLiteral("o.bin"), QVariantList{k, end}},
        {QStringLiteral("o.short_key >= ? AND o.short_key < ? AND NOT (o.search_key >= ? AND o.search_key < ?)"),
         QStringLiteral("organisations o"), orgJoin, QStringLiteral("o.short_key"), QStringLiteral("o.bin"),
         QVariantList{k, end, k, end}},
    };
    QList<RegisterHit> out;
    qint64 skip = offset;
    for (int i = afterPart; i < parts.size() && out.size() < limit; ++i) {
        const Part& part = parts.at(i);
        const int rowsWanted = limit - int(out.size());
        const QString position = QStringLiteral(", %1, %2, %3, coalesce(c.id, 0)").arg(i).arg(part.key, part.id);
        const QString select =
            i == 0 ? QStringLiteral("SELECT 0, p.iin, %1, %2%3 ")
                         .arg(QLatin1String(kPersonName), certificateColumns(), position)
                   : QStringLiteral("SELECT 1, o.bin, o.full_name, %1%2 ").arg(certificateColumns(), position);
        QString holderWhere = part.range;
        QVariantList binds = part.binds;
        QString tie;
        QVariantList tieBinds;
        if (!after.isEmpty() && i == afterPart) {
            // From the last row's holder on (an index range), and that holder's certificates after its row.
            holderWhere += QStringLiteral(" AND %1 >= ? AND (%1 > ? OR %2 >= ?)").arg(part.key, part.id);
            binds << after.at(1) << after.at(1) << after.at(2);
            tie = QStringLiteral("%1 > ? OR %2 > ? OR (%2 = ? AND coalesce(c.id, 0) > ?)").arg(part.key, part.id);
            tieBinds << after.at(1) << after.at(2) << after.at(2) << after.at(3);
        }
        QString from;
        if (i == 0) { // people: their page first
            // Only columns of persons_search (migration 20): the people are read from the index alone.
            from = QStringLiteral("FROM (SELECT id, iin, surname, name, patronymic, search_key FROM %1 WHERE %2 "
                                  "ORDER BY %3, %4 LIMIT ?) p %5%6")
                       .arg(part.table, holderWhere, part.key, part.id, part.join,
                            tie.isEmpty() ? QString() : QStringLiteral(" WHERE ") + tie);
            // Enough people for `skip` rows and the page (each gives at least one row), plus the one whose
            // row the page continues after.
            binds << qint64(skip) + rowsWanted + 1 << caBinds << tieBinds;
        } else {
            from = QStringLiteral("FROM %1 %2 WHERE %3%4")
                       .arg(part.table, part.join, holderWhere,
                            tie.isEmpty() ? QString() : QStringLiteral(" AND (") + tie + u')');
            binds = QVariantList(caBinds) << binds << tieBinds;
        }
        binds << rowsWanted << skip;
        auto rows = run(
            select + from + QStringLiteral(" ORDER BY %1, %2, c.id LIMIT ? OFFSET ?").arg(part.key, part.id), binds, 4);
        if (!rows)
            return rows.error();
        if (!rows->isEmpty()) {
            out.append(*rows);
            skip = 0;
            continue;
        }
        if (skip == 0)
            continue;
        // The page starts past this part: skip its matches (a holder without a certificate is one row).
        auto n = m_reg.db().scalar(
            QStringLiteral("SELECT count(*) FROM %1 %2 WHERE %3").arg(part.table, part.join, part.range),
            QVariantList(caBinds) << part.binds);
        if (!n)
            return n.error();
        skip = qMax<qint64>(0, skip - n->toLongLong());
    }
    return out;
}

Result<QList<RegisterHit>> Search::expiring(const Session& by, const ExpiringQuery& query) {
    if (Status s = Roles::require(by, Permission::ViewRegister); !s)
        return s.error();
    if (query.days < 1 || query.days > kMaxDays)
        return makeError(ErrorCode::Invalid, tr("The number of days must be between 1 and %1.").arg(kMaxDays));
    const QDateTime now = m_reg.clock().now();
    QVariantList binds;
    const QString scope = caScope(query.caCode, binds);
    binds << toDbTime(now) << toDbTime(now.addDays(query.days));
    QString after;
    if (!query.after.isEmpty()) { // (not_after, id) of the last row
        if (query.after.size() != 2)
            return badPosition();
        after = QStringLiteral("AND c.not_after >= ? AND (c.not_after > ? OR c.id > ?) ");
        binds << query.after.at(0) << query.after.at(0) << query.after.at(1);
    }
    binds << qBound(1, query.limit, kMaxLimit) << (query.after.isEmpty() ? qMax(0, query.offset) : 0);
    return run(certificateSelect(QStringLiteral(", c.not_after, c.id")) +
                   QStringLiteral("WHERE %1 AND c.not_after >= ? AND c.not_after < ? AND c.status = 'valid' %2"
                                  "ORDER BY c.not_after, c.id LIMIT ? OFFSET ?")
                       .arg(scope, after),
               binds, 2);
}

Result<QList<AuditEvent>> Search::auditEvents(const Session& by, const QString& subject, int limit, qint64 beforeSeq) {
    if (Status s = Roles::require(by, Permission::ViewAudit); !s)
        return s.error();
    if (subject.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Name the subject whose events to show."));
    QString sql = QStringLiteral("SELECT %1 FROM audit_events WHERE subject = ?").arg(QLatin1String(kAuditColumns));
    QVariantList binds{subject.trimmed()};
    if (beforeSeq > 0) {
        sql += QStringLiteral(" AND seq < ?");
        binds << beforeSeq;
    }
    sql += QStringLiteral(" ORDER BY seq DESC LIMIT ?");
    binds << qBound(1, limit, kMaxLimit);
    auto q = m_reg.db().exec(sql, binds);
    if (!q)
        return q.error();
    QList<AuditEvent> out;
    while (q->next()) {
        AuditEvent e;
        e.seq = q->value(0).toLongLong();
        e.ts = fromDbTime(q->value(1).toString());
        e.operatorLogin = q->value(2).toString();
        e.subject = q->value(3).toString();
        e.type = q->value(4).toString();
        e.details = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        e.retentionUntil = fromDbTime(q->value(6).toString());
        e.prevHash = q->value(7).toString();
        e.hash = q->value(8).toString();
        out.append(e);
    }
    return out;
}

} // namespace tirkeu::registry
