#pragma once
// Internal to registry/AuditLog.cpp and registry/AuditVerify.cpp: how an event is encoded and hashed as
// the register stores it, and how row keys are compared. Written and checked with these alone. Not part of
// the registry's API.

#include <QByteArray>
#include <QCryptographicHash>
#include <QLatin1StringView>
#include <QString>
#include <QVariant>

namespace tirkeu::registry::auditenc {

// One field of a canonical encoding: its UTF-8 length, ':', the bytes, ';'.
inline void put(QByteArray& out, const QString& field) {
    const QByteArray utf8 = field.toUtf8();
    out += QByteArray::number(utf8.size());
    out += ':';
    out += utf8;
    out += ';';
}

inline constexpr char kEventColumns[] =
    "seq, ts, operator, subject, event_type, details, retention_until, prev_hash, hash";

// The stored text of a row, hashed as stored: verification must not depend on re-serialising JSON.
struct RawRow {
    qint64 seq;
    QString fields[8];
};

inline QByteArray canonicalRaw(const RawRow& r) {
    QByteArray out;
    put(out, QString::number(r.seq));
    for (int i = 0; i < 7; ++i) // ts, operator, subject, type, details, retention, prev_hash
        put(out, r.fields[i]);
    return out;
}

// An event's hash: SHA-256 (lower-case hex) of its canonical encoding. Written, recomputed and checked here alone.
inline QString hashOfRaw(const RawRow& r) {
    return QString::fromLatin1(QCryptographicHash::hash(canonicalRaw(r), QCryptographicHash::Sha256).toHex());
}

inline QString keyText(const QVariant& v) {
    return v.toString();
}

inline bool keyLess(const QString& a, const QString& b, bool numeric) {
    if (numeric)
        return a.toLongLong() < b.toLongLong();
    return a < b;
}

// The key of an event's details that lists the rows it binds.
inline constexpr QLatin1StringView kRowsKey("rows");

} // namespace tirkeu::registry::auditenc
