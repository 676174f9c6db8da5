#include "registry/RulesBook.h"

#include "forms/StrictJson.h"
#include "registry/AuditLog.h"
#include "registry/Database.h"
#include "registry/Language.h"
#include "registry/Register.h"
#include "registry/Rules.h"
#include "registry/WorkingCalendar.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

static void initRulesResource() {
    Q_INIT_RESOURCE(rules);
}

namespace tirkeu::registry {

QString RefusalReason::label() const {
    return label(Language::current());
}

namespace {

constexpr int kFormatVersion = 1;
const char kBuiltInPath[] = ":/tirkeu/rules/default-rules.json";

// Deadlines that are not an application form's: the Government Bodies CA's duties (App. 2, cl. 13, 15).
const QStringList& knownActions() {
    static const QStringList all = {QStringLiteral("gov.employment_end_report"),
                                    QStringLiteral("gov.revocation_entry")};
    return all;
}

const QList<forms::CaKind>& allKinds() {
    static const QList<forms::CaKind> all = {forms::CaKind::Root, forms::CaKind::Government, forms::CaKind::National};
    return all;
}

// The forms a certificate is issued from: each needs a validity rule.
QStringList issuingForms() {
    QStringList out;
    for (const forms::FormDef& f : forms::FormCatalog::all())
        if (f.purpose == forms::FormPurpose::Issue)
            out << f.code;
    return out;
}

// Parsing with a path for messages ("editions[0].retention.government.record_years").
struct Parser {
    QString error;
    bool builtIn = false; // the built-in file itself: nothing to compare it with

    bool fail(const QString& path, const QString& what) {
        if (error.isEmpty())
            error = RulesBook::tr("The rules file is not valid: %1: %2").arg(path, what);
        return false;
    }
    bool object(const QJsonObject& o, const char* key, const QString& path, QJsonObject* out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isObject())
            return fail(path + u'.' + QLatin1String(key), RulesBook::tr("an object is required"));
        *out = v.toObject();
        return true;
    }
    bool text(const QJsonObject& o, const char* key, const QString& path, QString* out, bool required = true) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return true;
        if (!v.isString() || (required && v.toString().trimmed().isEmpty()))
            return fail(path + u'.' + QLatin1String(key), RulesBook::tr("a non-empty text is required"));
        *out = v.toString().trimmed();
        return true;
    }
    bool integer(const QJsonObject& o, const char* key, const QString& path, int lo, int hi, int* out,
                 const QString& why = {}) {
        const QJsonValue v = o.value(QLatin1String(key));
        const QString p = path + u'.' + QLatin1String(key);
        if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble())))
            return fail(p, RulesBook::tr("a whole number is required"));
        const qint64 n = qint64(v.toDouble());
        if (n < lo)
            return fail(p, why.isEmpty()
                               ? RulesBook::tr("%1 is below the smallest allowed value %2").arg(n).arg(lo)
                               : RulesBook::tr("%1 is below the legal minimum %2 (%3)").arg(n).arg(lo).arg(why));
        if (n > hi)
            return fail(p, RulesBook::tr("%1 is above the largest allowed value %2").arg(n).arg(hi));
        *out = int(n);
        return true;
    }

    bool deadlines(const QJsonObject& o, const QString& path, RulesEdition& e) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString p = path + u'.' + it.key();
            if (!forms::FormCatalog::find(it.key()) && !knownActions().contains(it.key()))
                return fail(p, RulesBook::tr("unknown form or action %1").arg(it.key()));
            if (!it->isObject())
                return fail(p, RulesBook::tr("an object is required"));
            const QJsonObject d = it->toObject();
            DeadlineRule r;
            QString unit;
            if (!integer(d, "days", p, 1, 365, &r.days) || !text(d, "unit", p, &unit) ||
                !text(d, "clause", p, &r.clause))
                return false;
            if (unit != u"working" && unit != u"calendar")
                return fail(p + QStringLiteral(".unit"), RulesBook::tr("use \"working\" or \"calendar\""));
            r.workingDays = unit == u"working";
            e.deadlines.insert(it.key(), r);
        }
        // Every deadline the built-in rules know must stay: a file cannot drop a legal deadline silently.
        if (!builtIn)
            for (const QString& key : RulesBook::builtIn().editions.constLast().deadlines.keys())
                if (!e.deadlines.contains(key))
                    return fail(path, RulesBook::tr("the deadline %1 is missing").arg(key));
        return true;
    }

    bool retention(const QJsonObject& o, const QString& path, RulesEdition& e) {
        for (forms::CaKind kind : allKinds()) {
            const QString id = forms::caKindId(kind);
            QJsonObject k;
            if (!object(o, id.toLatin1().constData(), path, &k))
                return false;
            RetentionRule r;
            const QString p = path + u'.' + id;
            if (!text(k, "clause", p, &r.clause) ||
                !integer(k, "record_years", p, RulesBook::floorRecordYears(kind), 100, &r.recordYears,
                         RulesBook::tr("records are kept at least %1 years after termination")
                             .arg(RulesBook::floorRecordYears(kind))))
                return false;
            e.retention.insert(kind, r);
        }
        return integer(o, "event_log_years", path, RulesBook::kFloorEventLogYears, 100, &e.eventLogYears,
                       RulesBook::tr("the event log is kept at least 1 year after the certificate's expiry")) &&
               text(o, "event_log_clause", path, &e.eventLogClause);
    }

    bool validity(const QJsonObject& o, const QString& path, RulesEdition& e) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString p = path + u'.' + it.key();
            const forms::FormDef* f = forms::FormCatalog::find(it.key());
            if (!f || f->purpose != forms::FormPurpose::Issue)
                return fail(p, RulesBook::tr("%1 is not a form that issues certificates").arg(it.key()));
            if (!it->isObject())
                return fail(p, RulesBook::tr("an object is required"));
            const QJsonObject v = it->toObject();
            ValidityRule r;
            if (!integer(v, "file", p, 1, 30, &r.fileYears) || !integer(v, "token", p, 1, 30, &r.tokenYears) ||
                !text(v, "clause", p, &r.clause))
                return false;
            e.validity.insert(it.key(), r);
        }
        for (const QString& code : issuingForms())
            if (!e.validity.contains(code))
                return fail(path, RulesBook::tr("the validity of %1 is missing").arg(code));
        return true;
    }

    bool attachments(const QJsonObject& o, const QString& path, RulesEdition& e) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString p = path + u'.' + it.key();
            const forms::FormDef* f = forms::FormCatalog::find(it.key());
            if (!f)
                return fail(p, RulesBook::tr("unknown form %1").arg(it.key()));
            if (!it->isObject() || !it->toObject().value(QStringLiteral("required")).isArray())
                return fail(p, RulesBook::tr("an object with a \"required\" list is required"));
            AttachmentRule r;
            if (!text(it->toObject(), "clause", p, &r.clause))
                return false;
            for (const QJsonValue& a : it->toObject().value(QStringLiteral("required")).toArray()) {
                const QString id = a.toString();
                const bool known = std::any_of(f->attachments.cbegin(), f->attachments.cend(),
                                               [&id](const forms::AttachmentDef& d) { return d.id == id; });
                if (!known)
                    return fail(p + QStringLiteral(".required"),
                                RulesBook::tr("the form %1 has no attachment \"%2\"").arg(it.key(), id));
                r.required << id;
            }
            e.attachments.insert(it.key(), r);
        }
        return true;
    }

    bool refusals(const QJsonObject& o, const QString& path, RulesEdition& e) {
        for (forms::CaKind kind : allKinds()) {
            const QString id = forms::caKindId(kind);
            const QString p = path + u'.' + id;
            const QJsonValue v = o.value(id);
            if (!v.isArray() || v.toArray().isEmpty())
                return fail(p, RulesBook::tr("a non-empty list of refusal reasons is required"));
            QList<RefusalReason> list;
            QStringList seen;
            int i = 0;
            for (const QJsonValue& item : v.toArray()) {
                const QString ip = p + QStringLiteral("[%1]").arg(i++);
                if (!item.isObject())
                    return fail(ip, RulesBook::tr("an object is required"));
                RefusalReason r;
                const QJsonObject ro = item.toObject();
                if (!text(ro, "code", ip, &r.code) || !text(ro, "kk", ip, &r.kk) || !text(ro, "ru", ip, &r.ru) ||
                    !text(ro, "en", ip, &r.en, false) || !text(ro, "clause", ip, &r.clause))
                    return false;
                if (!Rules::looksLikeRefusalCode(r.code))
                    return fail(ip + QStringLiteral(".code"),
                                RulesBook::tr("%1 is not a code (capital letters and digits in parts joined by -, as "
                                              "NCA-DOCS-MISSING)")
                                    .arg(r.code));
                if (seen.contains(r.code))
                    return fail(ip + QStringLiteral(".code"), RulesBook::tr("%1 is listed twice").arg(r.code));
                if (r.en.isEmpty())
                    r.en = r.ru;
                seen << r.code;
                list << r;
            }
            e.refusalReasons.insert(kind, list);
        }
        return true;
    }

    bool keyBackup(const QJsonObject& o, const QString& path, RulesEdition& e) {
        const QString why = RulesBook::tr("the key backup is split at least 3 of 5");
        if (!integer(o, "threshold", path, RulesBook::kFloorKeyBackupThreshold, 16, &e.keyBackup.threshold, why) ||
            !integer(o, "shares", path, RulesBook::kFloorKeyBackupShares, 16, &e.keyBackup.shares, why) ||
            !text(o, "clause", path, &e.keyBackup.clause))
            return false;
        if (e.keyBackup.threshold > e.keyBackup.shares)
            return fail(path, RulesBook::tr("the threshold %1 is more than the %2 shares")
                                  .arg(e.keyBackup.threshold)
                                  .arg(e.keyBackup.shares));
        return true;
    }

    bool edition(const QJsonObject& o, const QString& path, RulesEdition& e) {
        QString from;
        if (!text(o, "effective_from", path, &from))
            return false;
        e.effectiveFrom = QDate::fromString(from, Qt::ISODate);
        if (!e.effectiveFrom.isValid() || e.effectiveFrom.year() < 2000 || e.effectiveFrom.year() > 2100)
            return fail(path + QStringLiteral(".effective_from"),
                        RulesBook::tr("%1 is not a date (yyyy-MM-dd) between 2000 and 2100").arg(from));
        const QJsonValue basis = o.value(QStringLiteral("legal_basis"));
        if (!basis.isArray() || basis.toArray().isEmpty())
            return fail(path + QStringLiteral(".legal_basis"), RulesBook::tr("name the legal acts the rules follow"));
        for (const QJsonValue& b : basis.toArray())
            e.legalBasis << b.toString();
        QJsonObject part;
        return object(o, "deadlines", path, &part) && deadlines(part, path + QStringLiteral(".deadlines"), e) &&
               object(o, "retention", path, &part) && retention(part, path + QStringLiteral(".retention"), e) &&
               object(o, "validity", path, &part) && validity(part, path + QStringLiteral(".validity"), e) &&
               object(o, "attachments", path, &part) && attachments(part, path + QStringLiteral(".attachments"), e) &&
               object(o, "refusal_reasons", path, &part) &&
               refusals(part, path + QStringLiteral(".refusal_reasons"), e) && object(o, "key_backup", path, &part) &&
               keyBackup(part, path + QStringLiteral(".key_backup"), e) && govKeys(o, path, e);
    }
    // Optional "gov_keys": {"outside_csr_allowed": bool, "clause": text}; absent: the seed's rule (not allowed).
    bool govKeys(const QJsonObject& o, const QString& path, RulesEdition& e) {
        const QJsonValue v = o.value(QStringLiteral("gov_keys"));
        if (v.isUndefined())
            return true;
        if (!v.isObject())
            return fail(path + QStringLiteral(".gov_keys"), RulesBook::tr("an object is required"));
        const QJsonObject g = v.toObject();
        const QJsonValue allowed = g.value(QStringLiteral("outside_csr_allowed"));
        if (!allowed.isBool())
            return fail(path + QStringLiteral(".gov_keys.outside_csr_allowed"),
                        RulesBook::tr("true or false is required"));
        e.govKeys.outsideCsrAllowed = allowed.toBool();
        return text(g, "clause", path + QStringLiteral(".gov_keys"), &e.govKeys.clause);
    }
};

Result<RulesFile> parseFile(const QByteArray& json, bool builtIn) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return makeError(
            ErrorCode::Invalid,
            RulesBook::tr("The rules file is not valid JSON: %1 (at byte %2).").arg(pe.errorString()).arg(pe.offset));
    if (!doc.isObject())
        return makeError(ErrorCode::Invalid, RulesBook::tr("The rules file is not valid: a JSON object is required."));
    // Stored and signed as loaded: a key given twice would be read one way by the program, another by a reader.
    if (const QString twice = forms::StrictJson::duplicateKey(json); !twice.isEmpty())
        return makeError(ErrorCode::Invalid,
                         RulesBook::tr("The rules file is not valid: %1 is given twice.").arg(twice));
    const QJsonObject root = doc.object();
    Parser p;
    p.builtIn = builtIn;
    RulesFile f;
    f.builtIn = builtIn;
    f.content = json;
    f.sha256 = QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
    QString format;
    if (!p.text(root, "format", QStringLiteral("file"), &format))
        return makeError(ErrorCode::Invalid, p.error);
    if (format != u"tirkeu-rules")
        return makeError(
            ErrorCode::Invalid,
            RulesBook::tr("The rules file is not valid: file.format is %1, not tirkeu-rules.").arg(format));
    int formatVersion = 0;
    if (!p.integer(root, "format_version", QStringLiteral("file"), kFormatVersion, kFormatVersion, &formatVersion))
        return makeError(ErrorCode::Invalid, p.error);
    static const QRegularExpression versionRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!p.text(root, "version", QStringLiteral("file"), &f.version) ||
        !p.text(root, "title", QStringLiteral("file"), &f.title))
        return makeError(ErrorCode::Invalid, p.error);
    if (!versionRe.match(f.version).hasMatch())
        return makeError(ErrorCode::Invalid, RulesBook::tr("The rules file is not valid: file.version %1 must be 1 to "
                                                           "64 letters, digits, dots, dashes or underscores.")
                                                 .arg(f.version));
    const QJsonValue editions = root.value(QStringLiteral("editions"));
    if (!editions.isArray() || editions.toArray().isEmpty())
        return makeError(
            ErrorCode::Invalid,
            RulesBook::tr("The rules file is not valid: file.editions: at least one edition is required."));
    int i = 0;
    for (const QJsonValue& v : editions.toArray()) {
        const QString path = QStringLiteral("editions[%1]").arg(i++);
        RulesEdition e;
        e.fileVersion = f.version;
        if (!v.isObject()) {
            p.fail(path, RulesBook::tr("an object is required"));
            return makeError(ErrorCode::Invalid, p.error);
        }
        if (!p.edition(v.toObject(), path, e))
            return makeError(ErrorCode::Invalid, p.error);
        if (!f.editions.isEmpty() && e.effectiveFrom <= f.editions.constLast().effectiveFrom)
            return makeError(ErrorCode::Invalid,
                             RulesBook::tr("The rules file is not valid: %1.effective_from %2 must come after the "
                                           "previous edition's %3.")
                                 .arg(path, toDbDate(e.effectiveFrom), toDbDate(f.editions.constLast().effectiveFrom)));
        f.editions << e;
    }
    return f;
}

} // namespace

QString RulesEdition::tag() const {
    return fileVersion + u'@' + toDbDate(effectiveFrom);
}

QString RulesEdition::retentionSource(forms::CaKind kind) const {
    const QString clause = retention.value(kind).clause;
    if (clause.startsWith(u"Order 348"))
        return RulesBook::tr("%1 (Order No. 348 of 10.12.2010 of the Minister of Communications and Information, "
                             "rules of the CAs)")
            .arg(clause);
    return clause;
}

const RulesEdition& RulesFile::editionOn(const QDate& day) const {
    const RulesEdition* found = &editions.constFirst();
    for (const RulesEdition& e : editions)
        if (e.effectiveFrom <= day)
            found = &e;
    return *found;
}

int RulesBook::floorRecordYears(forms::CaKind kind) {
    return kind == forms::CaKind::Government ? 10 : 5;
}

const RulesFile& RulesBook::builtIn() {
    static const RulesFile file = [] {
        initRulesResource();
        QFile in(QString::fromLatin1(kBuiltInPath));
        if (!in.open(QIODevice::ReadOnly))
            qFatal("The built-in rules file %s is missing from the program.", kBuiltInPath);
        const QByteArray bytes = in.readAll();
        auto parsed = parseFile(bytes, true);
        if (!parsed)
            qFatal("The built-in rules file is not valid: %s", qPrintable(parsed.message()));
        return *parsed;
    }();
    return file;
}

Result<RulesFile> RulesBook::parse(const QByteArray& json) {
    return parseFile(json, false);
}

Result<RulesFile> RulesBook::active() {
    auto q = m_reg.db().exec(QStringLiteral("SELECT r.id, r.content, r.loaded_at, o.login FROM rules_files r LEFT JOIN "
                                            "operators o ON o.id = r.loaded_by ORDER BY r.id DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (!q->next())
        return builtIn();
    const qint64 id = q->value(0).toLongLong();
    if (m_cached && m_cachedId == id)
        return *m_cached;
    auto parsed = parse(q->value(1).toString().toUtf8());
    if (!parsed)
        return makeError(ErrorCode::Integrity,
                         tr("The rules file stored in the register cannot be read: %1").arg(parsed.message()));
    parsed->loadedAt = fromDbTime(q->value(2).toString());
    parsed->loadedBy = q->value(3).toString();
    m_cached = *parsed;
    m_cachedId = id;
    return *parsed;
}

Result<RulesFile> RulesBook::fileInForce(const QDateTime& at) {
    const QDate day = (at.isValid() ? at : m_reg.clock().now()).toTimeZone(Clock::zone()).date();
    auto newest = active();
    if (!newest)
        return newest.error();
    if (newest->builtIn || newest->editions.constFirst().effectiveFrom <= day)
        return newest;
    if (!m_history || m_historyId != m_cachedId) {
        auto files = history();
        if (!files)
            return files.error();
        m_history = std::move(files.value());
        m_historyId = m_cachedId;
    }
    for (const RulesFile& file : std::as_const(*m_history))
        if (file.builtIn || file.editions.constFirst().effectiveFrom <= day)
            return file;
    return builtIn();
}

Result<RulesEdition> RulesBook::at(const QDateTime& at) {
    const QDateTime t = at.isValid() ? at : m_reg.clock().now();
    auto file = fileInForce(t);
    if (!file)
        return file.error();
    return file->editionOn(t.toTimeZone(Clock::zone()).date());
}

Result<RulesEdition> RulesBook::edition(const QString& tag) {
    const qsizetype at = tag.lastIndexOf(u'@');
    const QString version = tag.left(at);
    const QDate from = fromDbDate(tag.mid(at + 1));
    std::optional<RulesFile> file;
    if (version == builtIn().version) {
        file = builtIn();
    } else {
        auto content =
            m_reg.db().scalar(QStringLiteral("SELECT content FROM rules_files WHERE version = ?"), {version});
        if (!content)
            return content.error();
        if (content->isValid()) {
            auto parsed = parse(content->toString().toUtf8());
            if (!parsed)
                return parsed.error();
            file = *parsed;
        }
    }
    if (file)
        for (const RulesEdition& e : file->editions)
            if (e.effectiveFrom == from)
                return e;
    return makeError(ErrorCode::NotFound, tr("The register holds no rules edition %1.").arg(tag));
}

Result<QList<RulesFile>> RulesBook::history() {
    auto q = m_reg.db().exec(QStringLiteral("SELECT r.content, r.loaded_at, o.login FROM rules_files r LEFT JOIN "
                                            "operators o ON o.id = r.loaded_by ORDER BY r.id DESC"));
    if (!q)
        return q.error();
    QList<RulesFile> out;
    while (q->next()) {
        auto parsed = parse(q->value(0).toString().toUtf8());
        if (!parsed)
            return parsed.error();
        parsed->loadedAt = fromDbTime(q->value(1).toString());
        parsed->loadedBy = q->value(2).toString();
        out << *parsed;
    }
    out << builtIn();
    return out;
}

Result<RulesFile> RulesBook::load(const Session& by, const QByteArray& content) {
    if (Status s = Roles::require(by, Permission::ManageRules); !s)
        return s.error();
    // The register keeps the file as text, and its SHA-256 is the file's: a byte order mark (which the text drops)
    // would make the stored file differ from the one hashed (until 2026-12-07 it did; attack of session 28, F11).
    if (content.startsWith("\xEF\xBB\xBF"))
        return makeError(ErrorCode::Invalid, tr("The rules file starts with a byte order mark (EF BB BF): save it as "
                                                "UTF-8 without a byte order mark and load it again."));
    auto file = parse(content);
    if (!file)
        return file.error();
    if (QString::fromUtf8(content).toUtf8() != content) // stored as it was hashed, byte for byte
        return makeError(ErrorCode::Invalid, tr("The rules file is not valid UTF-8 text."));
    Transaction tx(m_reg.db());
    if (!tx.ok())
        return tx.status().error();
    auto used =
        m_reg.db().scalar(QStringLiteral("SELECT count(*) FROM rules_files WHERE version = ?"), {file->version});
    if (!used)
        return used.error();
    if (used->toInt() > 0 || file->version == builtIn().version)
        return makeError(ErrorCode::Conflict,
                         tr("A rules file of version %1 was already loaded: records refer to it by that version, so a "
                            "changed file needs a new version. Nothing was changed.")
                             .arg(file->version));
    const QDateTime now = m_reg.clock().now();
    auto ins =
        m_reg.db().exec(QStringLiteral("INSERT INTO rules_files (version, sha256, content, loaded_at, loaded_by) "
                                       "VALUES (?, ?, ?, ?, ?)"),
                        {file->version, file->sha256, QString::fromUtf8(content), toDbTime(now), by.operatorId});
    if (!ins)
        return ins.error();
    const qint64 rowId = ins->lastInsertId().toLongLong();
    QJsonArray editions;
    for (const RulesEdition& e : file->editions)
        editions.append(e.tag());
    auto ev = m_reg.audit().append(by.login, file->version, QStringLiteral("rules.loaded"),
                                   {{QStringLiteral("version"), file->version},
                                    {QStringLiteral("sha256"), file->sha256},
                                    {QStringLiteral("title"), file->title},
                                    {QStringLiteral("editions"), editions}},
                                   {RowRef::row(QStringLiteral("rules_files"), rowId)});
    if (!ev)
        return ev.error();
    if (Status s = tx.commit(); !s)
        return s.error();
    file->builtIn = false;
    file->loadedAt = now;
    file->loadedBy = by.login;
    return *file;
}

Result<std::optional<DeadlineRule>> RulesBook::deadline(const QString& action, const QDateTime& t) {
    auto e = at(t);
    if (!e)
        return e.error();
    if (!e->deadlines.contains(action))
        return std::optional<DeadlineRule>();
    return std::optional<DeadlineRule>(e->deadlines.value(action));
}

Result<QList<RefusalReason>> RulesBook::refusalReasons(forms::CaKind kind, const QDateTime& t) {
    auto e = at(t);
    if (!e)
        return e.error();
    return e->refusalReasons.value(kind);
}

Result<KeyBackupRule> RulesBook::keyBackupMinimum(const QDateTime& t) {
    auto e = at(t);
    if (!e)
        return e.error();
    return e->keyBackup;
}

Result<int> RulesBook::minRecordYears(forms::CaKind kind, const QDateTime& t) {
    auto e = at(t);
    if (!e)
        return e.error();
    return e->retention.value(kind).recordYears;
}

Status RulesBook::recordApplied(const QString& record, qint64 id, const QString& tag) {
    auto ins =
        m_reg.db().write(QStringLiteral("INSERT INTO rules_applied (record, record_id, rules_version, recorded_at) "
                                        "VALUES (?, ?, ?, ?)"),
                         {record, id, tag, toDbTime(m_reg.clock().now())});
    if (!ins)
        return ins.error();
    return {};
}

RowRef RulesBook::appliedRow(const QString& record, qint64 id) {
    return RowRef::row(QStringLiteral("rules_applied"), QStringLiteral("%1:%2").arg(record).arg(id));
}

Result<QString> RulesBook::appliedTag(const QString& record, qint64 id) {
    auto v = m_reg.db().scalar(
        QStringLiteral("SELECT rules_version FROM rules_applied WHERE record = ? AND record_id = ?"), {record, id});
    if (!v)
        return v.error();
    return v->isValid() ? v->toString() : QString();
}

QDate deadlineFrom(const WorkingCalendar& cal, const QDate& received, const DeadlineRule& rule) {
    if (rule.days <= 0)
        return {};
    return rule.workingDays ? cal.addWorkingDays(received, rule.days) : received.addDays(rule.days);
}

} // namespace tirkeu::registry
