#include "registry/CrlRevokedRows.h"

#include "registry/Clock.h"
#include "registry/CrlPublisher.h"

#include <sqlite3.h>

namespace tirkeu::registry {

namespace {
int digits(const unsigned char* s, int n) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// toDbTime's "yyyy-MM-ddTHH:mm:ss[.zzz]Z" to seconds since the epoch without QDateTime (a million
// rows); false for any other text, which then goes through fromDbTime.
bool parseDbTime(const unsigned char* s, int n, qint64& secs) {
    if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z' ||
        (n > 20 && s[19] != '.'))
        return false;
    const int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    const int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
        return false;
    // Days from 1970-01-01 (H. Hinnant's days_from_civil).
    const qint64 yy = y - (mo <= 2 ? 1 : 0);
    const qint64 era = yy / 400;
    const qint64 yoe = yy - era * 400;
    const qint64 doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    secs = (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

// Serial text (upper- or lower-case hex) to bytes; false when it is not plain hex of at most 32 bytes.
bool parseHex(const unsigned char* s, int n, unsigned char* out, int& size) {
    if (n == 0 || n > 64)
        return false;
    auto nibble = [](unsigned char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                      : -1;
    };
    size = (n + 1) / 2;
    int i = 0, o = 0;
    if (n % 2 == 1) {
        const int v = nibble(s[i++]);
        if (v < 0)
            return false;
        out[o++] = (unsigned char)v;
    }
    for (; i < n; i += 2) {
        const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[o++] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

} // namespace

CrlRevokedRows::~CrlRevokedRows() {
    sqlite3_finalize(m_stmt);
}

Status CrlRevokedRows::prepare(sqlite3* db, const QString& sql, const QVariantList& binds) {
    m_db = db;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &m_stmt, nullptr) != SQLITE_OK)
        return failure();
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant& v = binds.at(i);
        int rc = SQLITE_OK;
        if (v.typeId() == QMetaType::QString) {
            const QByteArray bytes = v.toString().toUtf8();
            rc = sqlite3_bind_text(m_stmt, i + 1, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
        } else {
            rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong());
        }
        if (rc != SQLITE_OK)
            return failure();
    }
    return {};
}

bool CrlRevokedRows::next(pki::RevokedEntry& entry) {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_DONE)
        return false;
    if (rc != SQLITE_ROW) {
        m_status = failure();
        entry.reason = -2;
        return true;
    }
    const auto* serial = sqlite3_column_text(m_stmt, 0);
    const int serialSize = sqlite3_column_bytes(m_stmt, 0);
    int size = 0;
    if (serial && parseHex(serial, serialSize, m_serial, size)) {
        entry.serial = QByteArrayView(reinterpret_cast<const char*>(m_serial), size);
    } else {
        m_slowSerial = QByteArray::fromHex(QByteArray(reinterpret_cast<const char*>(serial), serialSize));
        entry.serial = QByteArrayView(m_slowSerial);
    }
    const auto* when = sqlite3_column_text(m_stmt, 1);
    const int whenSize = sqlite3_column_bytes(m_stmt, 1);
    if (!when || !parseDbTime(when, whenSize, entry.revokedAt))
        entry.revokedAt =
            fromDbTime(QString::fromUtf8(reinterpret_cast<const char*>(when), whenSize)).toSecsSinceEpoch();
    entry.reason = sqlite3_column_int(m_stmt, 2);
    entry.invalidityDate =
        m_invalidity && !m_invalidity->isEmpty() ? m_invalidity->value(sqlite3_column_int64(m_stmt, 3), 0) : 0;
    return true;
}

Status CrlRevokedRows::failure() const {
    return makeError(
        ErrorCode::Database,
        CrlPublisher::tr("Reading the revocations failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
}

} // namespace tirkeu::registry
