#include "registry/Clock.h"

#include <limits>

namespace tirkeu::registry {

QTimeZone Clock::zone() {
    static const QTimeZone tz = [] {
        QTimeZone almaty(QByteArrayLiteral("Asia/Almaty"));
        // Kazakhstan has one time zone, UTC+5, since March 2024; older tzdata still says +6.
        if (!almaty.isValid() || almaty.offsetFromUtc(QDateTime(QDate(2025, 1, 1), QTime(12, 0), Qt::UTC)) != 5 * 3600)
            return QTimeZone(5 * 3600);
        return almaty;
    }();
    return tz;
}

QString toDbTime(const QDateTime& t) {
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + u'Z';
}

namespace {

// The value of `n` ASCII digits at s[from], or -1.
int digits(const QString& s, qsizetype from, int n) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char16_t c = s.at(from + i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

// The UTC offset of Clock::zone() at `t`, remembered for the span between the zone's transitions
// around it (listings format millions of moments; asking the time zone database each time is slow).
int zoneOffset(const QDateTime& t) {
    struct Span {
        qint64 from = 0, to = 0; // [from, to) in ms since the epoch; empty at first
        int offset = 0;
    };
    thread_local Span span;
    const qint64 ms = t.toMSecsSinceEpoch();
    if (ms >= span.from && ms < span.to)
        return span.offset;
    const QTimeZone zone = Clock::zone();
    Span s;
    s.offset = zone.offsetFromUtc(t);
    s.from = std::numeric_limits<qint64>::min();
    s.to = std::numeric_limits<qint64>::max();
    if (zone.hasTransitions()) {
        const QTimeZone::OffsetData before = zone.previousTransition(t.addMSecs(1)); // at or before t
        const QTimeZone::OffsetData after = zone.nextTransition(t);                  // after t
        if (before.atUtc.isValid())
            s.from = before.atUtc.toMSecsSinceEpoch();
        if (after.atUtc.isValid())
            s.to = after.atUtc.toMSecsSinceEpoch();
        // A zone whose offset at t is not the one its transitions give: do not remember anything.
        if (before.atUtc.isValid() && before.offsetFromUtc != s.offset)
            return s.offset;
    }
    span = s;
    return s.offset;
}

// The local (Kazakhstan) date and time of a valid moment.
QDateTime local(const QDateTime& t) {
    return t.toUTC().addSecs(zoneOffset(t));
}

void put2(QChar*& p, int v) {
    *p++ = QChar(u'0' + v / 10);
    *p++ = QChar(u'0' + v % 10);
}

} // namespace

QDateTime fromDbTime(const QString& s) {
    // The register's own form, "yyyy-MM-ddTHH:mm:ss.zzzZ", read directly; anything else through Qt.
    if (s.size() == 24 && s.at(4) == u'-' && s.at(7) == u'-' && s.at(10) == u'T' && s.at(13) == u':' &&
        s.at(16) == u':' && s.at(19) == u'.' && s.at(23) == u'Z') {
        const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2),
                  mi = digits(s, 14, 2), sec = digits(s, 17, 2), msec = digits(s, 20, 3);
        const QDate date(y, mo, d);
        const QTime time(h, mi, sec, msec);
        if (y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && sec >= 0 && msec >= 0 && date.isValid() &&
            time.isValid())
            return QDateTime(date, time, Qt::UTC);
    }
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.toUTC();
}

QString toDbDate(const QDate& d) {
    return d.toString(Qt::ISODate);
}
QDate fromDbDate(const QString& s) {
    return QDate::fromString(s, Qt::ISODate);
}

QString displayDate(const QDate& d) {
    return d.isValid() ? d.toString(QStringLiteral("dd.MM.yyyy")) : QString();
}

QString displayDate(const QDateTime& t) {
    return t.isValid() ? displayDate(local(t).date()) : QString();
}

QString displayDateTime(const QDateTime& t, bool withSeconds) {
    if (!t.isValid())
        return {};
    const QDateTime l = local(t);
    const QDate d = l.date();
    const QTime tm = l.time();
    if (d.year() < 1000 || d.year() > 9999)
        return l.toString(withSeconds ? QStringLiteral("dd.MM.yyyy HH:mm:ss") : QStringLiteral("dd.MM.yyyy HH:mm"));
    // "dd.MM.yyyy HH:mm[:ss]", written directly.
    QString out(withSeconds ? 19 : 16, Qt::Uninitialized);
    QChar* p = out.data();
    put2(p, d.day());
    *p++ = u'.';
    put2(p, d.month());
    *p++ = u'.';
    put2(p, d.year() / 100);
    put2(p, d.year() % 100);
    *p++ = u' ';
    put2(p, tm.hour());
    *p++ = u':';
    put2(p, tm.minute());
    if (withSeconds) {
        *p++ = u':';
        put2(p, tm.second());
    }
    return out;
}

} // namespace tirkeu::registry
