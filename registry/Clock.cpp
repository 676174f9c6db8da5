#include "registry/Clock.h"

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

QDateTime fromDbTime(const QString& s) {
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
    return t.isValid() ? displayDate(t.toTimeZone(Clock::zone()).date()) : QString();
}

QString displayDateTime(const QDateTime& t, bool withSeconds) {
    if (!t.isValid())
        return {};
    return t.toTimeZone(Clock::zone())
        .toString(withSeconds ? QStringLiteral("dd.MM.yyyy HH:mm:ss") : QStringLiteral("dd.MM.yyyy HH:mm"));
}

} // namespace tirkeu::registry
