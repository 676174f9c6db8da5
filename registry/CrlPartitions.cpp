#include "registry/CrlPartitions.h"

#include "pki/CertificateBuilder.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QRegularExpression>

namespace tirkeu::registry {

Result<CrlPartitioning> CrlPartitioning::parse(const QString& text) {
    const QString t = text.trimmed().toLower();
    CrlPartitioning p;
    if (t.isEmpty() || t == u"none")
        return p;
    static const QRegularExpression re(QStringLiteral("^(serial-range|period):([0-9]{1,5})$"));
    const auto m = re.match(t);
    bool ok = false;
    const int n = m.hasMatch() ? m.captured(2).toInt(&ok) : 0;
    if (ok && m.captured(1) == u"serial-range" && n >= 2 && n <= 4096)
        return CrlPartitioning{Kind::SerialRange, n};
    if (ok && m.captured(1) == u"period" && n >= 1 && n <= 120)
        return CrlPartitioning{Kind::Period, n};
    return makeError(ErrorCode::Invalid,
                     CrlPartitions::tr("crl_partition is none, serial-range:N (N from 2 to 4096 ranges of the serial "
                                       "numbers) or period:M (M from 1 to 120 months of issuance): %1")
                         .arg(text));
}

Result<CrlPartitioning> CrlPartitions::of(const CaRecord& ca) {
    return CrlPartitioning::parse(ca.settings.value(QStringLiteral("crl_partition")).toString());
}

QString CrlPartitions::labelFor(const CrlPartitioning& p, const QByteArray& serial, const QDateTime& notBefore) {
    if (p.kind == CrlPartitioning::Kind::SerialRange) {
        // The top 31 bits of the (positive, big-endian) serial: range i of N holds [i/N, (i+1)/N).
        quint64 top = 0;
        for (int i = 0; i < 4; ++i)
            top = (top << 8) | (i < serial.size() ? quint8(serial.at(i)) : 0);
        top &= 0x7FFFFFFFu;
        const quint64 index = (top * quint64(p.count)) >> 31;
        const int width = int(QString::number(p.count - 1).size());
        return QStringLiteral("s%1").arg(index, width, 10, QChar(u'0'));
    }
    if (p.kind == CrlPartitioning::Kind::Period) {
        const QDate d = notBefore.toUTC().date();
        const int months = d.year() * 12 + (d.month() - 1);
        const int start = months - months % p.count;
        return QStringLiteral("p%1%2").arg(start / 12, 4, 10, QChar(u'0')).arg(start % 12 + 1, 2, 10, QChar(u'0'));
    }
    return {};
}

QString CrlPartitions::partitionUrl(const QString& cdpUrl, const QString& label) {
    const QString url = cdpUrl.trimmed();
    if (url.endsWith(QLatin1String(".crl"), Qt::CaseInsensitive))
        return url.left(url.size() - 4) + u'-' + label + url.right(4);
    return url + u'-' + label + QStringLiteral(".crl");
}

QString CrlPartitions::fileBase(const QString& caCode, const QString& label) {
    return label.isEmpty() ? caCode : caCode + u'-' + label;
}

QString CrlPartitions::fileBasePattern(const QString& caCode) {
    return QRegularExpression::escape(caCode) + QStringLiteral("(-delta|-s[0-9]{1,4}|-p[0-9]{6})?");
}

Result<bool> CrlPartitions::active(Database& db, const CaRecord& ca) {
    auto p = of(ca);
    if (!p)
        return p.error();
    if (p->kind == CrlPartitioning::Kind::None || ca.settings.value(QStringLiteral("cdp_url")).toString().isEmpty())
        return false;
    const qint64 minBytes = ca.settings.value(QStringLiteral("crl_partition_min_bytes")).toInteger();
    if (minBytes <= 0)
        return true;
    auto largest = db.scalar(
        QStringLiteral("SELECT coalesce(max(size_bytes), 0) FROM crls WHERE ca_id = ? AND delta_base IS NULL"),
        {ca.id});
    if (!largest)
        return largest.error();
    return largest->toLongLong() >= minBytes;
}

Status CrlPartitions::assign(Database& db, const CaRecord& ca, pki::CertificateSpec& spec) {
    auto on = active(db, ca);
    if (!on)
        return on.error();
    if (!*on)
        return {};
    auto p = of(ca);
    if (!p)
        return p.error();
    const QString label = labelFor(*p, spec.serial, spec.notBefore);
    const QString url = partitionUrl(ca.settings.value(QStringLiteral("cdp_url")).toString(), label);
    if (Status usable = pki::CertificateBuilder::checkUrl(url); !usable)
        return usable;
    auto known =
        db.exec(QStringLiteral("INSERT INTO crl_partitions (ca_id, label, url, created_at) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT DO NOTHING"),
                {ca.id, label, url, toDbTime(QDateTime::currentDateTimeUtc())});
    if (!known)
        return known.error();
    auto member = db.exec(QStringLiteral("INSERT INTO crl_partition_members (ca_id, serial, label) VALUES (?, ?, ?)"),
                          {ca.id, QString::fromLatin1(spec.serial.toHex().toUpper()), label});
    if (!member)
        return member.error();
    spec.crlUrl = url;
    spec.freshestCrlUrl.clear();
    return {};
}

Result<QList<CrlScope>> CrlPartitions::scopes(Database& db, const CaRecord& ca) {
    auto q = db.exec(QStringLiteral("SELECT label, url FROM crl_partitions WHERE ca_id = ? ORDER BY label"), {ca.id});
    if (!q)
        return q.error();
    QList<CrlScope> out;
    while (q->next()) {
        const QString label = q->value(0).toString();
        out << CrlScope{label, q->value(1).toString(), fileBase(ca.code, label)};
    }
    // The CA's own CRL: for the certificates issued before it partitioned (cdp_url). Once it has
    // partitions, that CRL is one scope among them and names cdp_url as its distribution point.
    const QString own = out.isEmpty() ? QString() : ca.settings.value(QStringLiteral("cdp_url")).toString().trimmed();
    out.prepend(CrlScope{QString(), own, ca.code});
    return out;
}

} // namespace tirkeu::registry
