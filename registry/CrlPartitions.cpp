#include "registry/CrlPartitions.h"

#include "pki/Certificate.h"
#include "pki/CertificateBuilder.h"
#include "registry/CaDirectory.h"
#include "registry/Clock.h"
#include "registry/Database.h"

#include <QRegularExpression>
#include <QSet>

namespace tirkeu::registry {

namespace {
// A partition's label as it appears in file names and URLs: s<range> or p<yyyymm> (labelFor).
const char kLabelPattern[] = "(s[0-9]{1,4}|p[0-9]{6})";

// The partition label a URL ends with, as partitionUrl() writes it ("-<label>.crl", any case), in lower
// case; "" when the URL has no partition's form.
QString labelAtEnd(const QString& url) {
    static const QRegularExpression partitionShaped(QStringLiteral("-") + QLatin1String(kLabelPattern) +
                                                        QStringLiteral("\\.crl$"),
                                                    QRegularExpression::CaseInsensitiveOption);
    return partitionShaped.match(url).captured(1).toLower();
}
} // namespace

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
    return QRegularExpression::escape(caCode) + QStringLiteral("(-delta|-") + QLatin1String(kLabelPattern) +
           QStringLiteral(")?");
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

Status CrlPartitions::checkMembers(Database& db, const CaRecord& ca, bool revokedOnly) {
    auto partitions = db.exec(QStringLiteral("SELECT label, url FROM crl_partitions WHERE ca_id = ?"), {ca.id});
    if (!partitions)
        return partitions.error();
    QSet<QString> partitionUrls;
    QSet<QString> labels;
    // A partition's CRL is written to <CA>-<label>.crl and its URL is cdp_url with "-<label>" before
    // ".crl" (partitionUrl): a label of another form, or a URL that does not end with the partition's
    // own label (two partitions' URLs swapped, with their members moved along so that every member
    // still agrees with its certificate), would put one partition's CRL — its issuingDistributionPoint
    // and revocations — in the file another partition's URL is served from.
    while (partitions->next()) {
        const QString label = partitions->value(0).toString();
        const QString url = partitions->value(1).toString();
        if (labelAtEnd(url) != label) // also a label not of the form s<i> / p<yyyymm>
            return makeError(
                ErrorCode::Integrity,
                tr("CRL partition %1 of CA %2 has the URL %3, but a partition's URL ends with -%1.crl: the "
                   "register's crl_partitions was changed outside Tirkeu.")
                    .arg(label, ca.code, url));
        labels.insert(label);
        partitionUrls.insert(url);
    }
    // Every partition whose CRL was ever published (crls, bound by the chain) is still a partition: its
    // rows deleted (with its members), its revocations would silently move to the CA's own CRL.
    auto published = db.exec(QStringLiteral("SELECT DISTINCT file_name FROM crls WHERE ca_id = ?"), {ca.id});
    if (!published)
        return published.error();
    const QRegularExpression partitionFile(QStringLiteral("^") + QRegularExpression::escape(ca.code) +
                                           QStringLiteral("-") + QLatin1String(kLabelPattern) +
                                           QStringLiteral("\\.crl$"));
    while (published->next()) {
        const auto m = partitionFile.match(published->value(0).toString());
        if (m.hasMatch() && !labels.contains(m.captured(1)))
            return makeError(ErrorCode::Integrity,
                             tr("CRL partition %1 of CA %2 has published CRLs (%3) but is no longer in the register's "
                                "crl_partitions: it was deleted outside Tirkeu.")
                                 .arg(m.captured(1), ca.code, published->value(0).toString()));
    }
    auto anyMember = db.scalar(
        QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM crl_partition_members WHERE ca_id = ? LIMIT 1) x"),
        {ca.id});
    if (!anyMember)
        return anyMember.error();
    if (labels.isEmpty() && anyMember->toLongLong() == 0) {
        // Neither partitions nor members: the CA never partitioned — unless both tables were emptied
        // before any partition CRL was published. A CA that partitions now (its setting, bound by the
        // chain) or ever did (an event of the CA that names the setting) has its certificates read.
        auto p = of(ca);
        if (!p)
            return p.error();
        if (p->kind == CrlPartitioning::Kind::None) {
            auto ever = db.scalar(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE subject = ? "
                                                 "AND details LIKE '%crl_partition%' LIMIT 1) x"),
                                  {ca.code});
            if (!ever)
                return ever.error();
            if (ever->toLongLong() == 0)
                return {};
        }
    }
    auto mismatch = [&ca](const QString& serial, const QString& why) {
        return makeError(
            ErrorCode::Integrity,
            tr("CRL partition of certificate %1 of CA %2 does not match the certificate: %3. The register's "
               "crl_partition_members or crl_partitions was changed outside Tirkeu; its revocation would "
               "be missing from the CRL the certificate names.")
                .arg(serial, ca.code, why));
    };
    const QString ownUrl = ca.settings.value(QStringLiteral("cdp_url")).toString().trimmed();
    // Members without a certificate of the CA (added for a serial the CA never issued) change no CRL.
    auto q = db.exec(QStringLiteral("SELECT c.serial, c.der, m.label, p.url FROM certificates c "
                                    "LEFT JOIN crl_partition_members m ON m.ca_id = c.ca_id AND m.serial = c.serial "
                                    "LEFT JOIN crl_partitions p ON p.ca_id = m.ca_id AND p.label = m.label "
                                    "WHERE c.ca_id = ?") +
                         (revokedOnly ? QStringLiteral(" AND c.status = 'revoked'") : QString()),
                     {ca.id});
    if (!q)
        return q.error();
    while (q->next()) {
        const QString serial = q->value(0).toString();
        const auto named = pki::Certificate::crlDistributionPointOf(q->value(1).toByteArray());
        if (!named)
            return mismatch(serial, tr("its DER is not a certificate"));
        const bool member = !q->value(2).isNull();
        if (member && q->value(3).isNull())
            return mismatch(
                serial, tr("it is recorded in partition %1, which the CA does not have").arg(q->value(2).toString()));
        if (member && q->value(3).toString() != *named)
            return mismatch(serial, tr("it is recorded in partition %1 (%2) but names %3")
                                        .arg(q->value(2).toString(), q->value(3).toString(), *named));
        if (!member && partitionUrls.contains(*named))
            return mismatch(serial, tr("it names the partition CRL %1 but is recorded in no partition").arg(*named));
        // A partition deleted with its members before its first CRL: the URL the certificate names has
        // a partition's form (<cdp>-s<i>.crl, <cdp>-p<yyyymm>.crl) but no partition of the CA has it.
        if (!member && *named != ownUrl && !labelAtEnd(*named).isEmpty())
            return mismatch(serial,
                            tr("it names the partition CRL %1, which the register has no record of").arg(*named));
    }
    return {};
}

Status CrlPartitions::checkAllMembers(Database& db) {
    auto all = CaDirectory::listIn(db);
    if (!all)
        return all.error();
    for (const CaRecord& ca : *all)
        if (Status s = checkMembers(db, ca, false); !s)
            return s;
    return {};
}

} // namespace tirkeu::registry
