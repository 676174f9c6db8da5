#include "reports/CertificatePrint.h"

#include <QRegularExpression>

#include "pki/Certificate.h"
#include "registry/Applications.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/Register.h"
#include "reports/OfficialText.h"
#include "reports/Reports.h"

#include <QSaveFile>

namespace tirkeu::reports {

namespace {

// One DER element: tag, header length, content length. False when malformed.
bool readTlv(const QByteArray& d, qsizetype at, quint8* tag, qsizetype* header, qsizetype* length) {
    if (at + 2 > d.size())
        return false;
    *tag = quint8(d[at]);
    const quint8 first = quint8(d[at + 1]);
    if (first < 0x80) {
        *header = 2;
        *length = first;
    } else {
        const int n = first & 0x7f;
        if (n < 1 || n > 4 || at + 2 + n > d.size())
            return false;
        qsizetype len = 0;
        for (int i = 0; i < n; ++i)
            len = (len << 8) | quint8(d[at + 2 + i]);
        *header = 2 + n;
        *length = len;
    }
    return at + *header + *length <= d.size();
}

QString grouped(const QByteArray& hex, int perLine) {
    QStringList lines;
    QString line;
    for (qsizetype i = 0; i < hex.size(); i += 2) {
        if (!line.isEmpty())
            line += u' ';
        line += QString::fromLatin1(hex.mid(i, 2));
        if ((i / 2 + 1) % perLine == 0) {
            lines << line;
            line.clear();
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines.join(u'\n');
}

} // namespace

QByteArray CertificatePrint::publicKeyBits(const QByteArray& der) {
    quint8 tag = 0;
    qsizetype h = 0, len = 0;
    // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial, signature, issuer,
    // validity, subject, subjectPublicKeyInfo SEQUENCE { algorithm, subjectPublicKey BIT STRING } ... } }
    if (!readTlv(der, 0, &tag, &h, &len) || tag != 0x30)
        return {};
    qsizetype at = h;
    if (!readTlv(der, at, &tag, &h, &len) || tag != 0x30)
        return {};
    at += h;
    if (!readTlv(der, at, &tag, &h, &len))
        return {};
    if (tag == 0xa0) {
        at += h + len;
        if (!readTlv(der, at, &tag, &h, &len))
            return {};
    }
    for (int skip = 0; skip < 5; ++skip) { // serial, signature, issuer, validity, subject
        if (!readTlv(der, at, &tag, &h, &len))
            return {};
        at += h + len;
    }
    if (!readTlv(der, at, &tag, &h, &len) || tag != 0x30)
        return {};
    at += h;
    if (!readTlv(der, at, &tag, &h, &len) || tag != 0x30) // algorithm
        return {};
    at += h + len;
    if (!readTlv(der, at, &tag, &h, &len) || tag != 0x03 || len < 2)
        return {};
    return der.mid(at + h + 1, len - 1).toHex().toUpper(); // skip the unused-bits byte
}

QList<QPair<QString, QString>> CertificatePrint::splitDn(const QString& dn) {
    QList<QPair<QString, QString>> out;
    QString current;
    auto flush = [&] {
        const qsizetype eq = current.indexOf(u'=');
        if (eq > 0)
            out.append({current.left(eq).trimmed(), current.mid(eq + 1).trimmed()});
        current.clear();
    };
    for (qsizetype i = 0; i < dn.size(); ++i) {
        const QChar c = dn.at(i);
        if (c == u'\\' && i + 1 < dn.size()) {
            current += dn.at(++i);
        } else if (c == u',') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return out;
}

Result<FlowSpec> CertificatePrint::build(registry::Register& reg, const registry::Session& by, const QString& caCode,
                                         const QString& serial) {
    registry::CaEngine engine(reg);
    auto record = engine.certificate(by, caCode, serial);
    if (!record)
        return record.error();
    auto cert = pki::Certificate::parse(record->der);
    if (!cert)
        return makeError(ErrorCode::Integrity,
                         tr("The stored certificate %1 cannot be read: %2").arg(record->serialHex, cert.message()));
    auto ca = reg.cas().find(record->caCode);
    if (!ca)
        return ca.error();
    QString caKeyAlgorithm;
    if (!ca->certificateDer.isEmpty())
        if (auto caCert = pki::Certificate::parse(ca->certificateDer))
            caKeyAlgorithm = caCert->keyDescription();
    QString cryptoTool;
    if (record->applicationId > 0)
        if (auto app = reg.applications().get(by, record->applicationId))
            cryptoTool = app->data.value(QStringLiteral("crypto_tool")).toString();

    FlowSpec spec;
    QString code;
    QString source;
    // The legal reference of the paper form (seed 002): the rules of each CA kind and their appendix.
    switch (ca->kind) {
    case forms::CaKind::National:
        code = QStringLiteral("NCA-CERT");
        source = QStringLiteral("ҚР Ұлттық куәландырушы орталығы қызметі қағидаларының 3-қосымшасы / Приложение 3 "
                                "к Правилам деятельности Национального удостоверяющего центра РК");
        break;
    case forms::CaKind::Government:
        code = QStringLiteral("GOV-CERT");
        source = QStringLiteral("ҚР Мемлекеттік органдарының куәландырушы орталығы қызметі қағидаларының 2-қосымшасы "
                                "/ Приложение 2 к Правилам деятельности Удостоверяющего центра государственных "
                                "органов РК");
        break;
    case forms::CaKind::Root:
        code = QStringLiteral("ROOT-CERT");
        source = QStringLiteral("ҚР Негізгі куәландырушы орталығы қызметі қағидаларының 2-қосымшасы / Приложение 2 к "
                                "Правилам деятельности Корневого удостоверяющего центра РК");
        break;
    }
    // Numbered by its serial, the CA's own number of it: until 2026-12-07 by the register's row id, shared by every
    // CA and OCSP signer of the register (the National CA's first certificate printed as No 3; attack of session 29,
    // F11: an internal id on an official document).
    spec.frame.title = {QStringLiteral("Тіркеу куәлігі"), QStringLiteral("Регистрационное свидетельство")};
    spec.frame.details = {QStringLiteral("№ %1").arg(record->serialHex),
                          QStringLiteral("Куәландырушы орталық / Удостоверяющий центр: %1").arg(ca->name),
                          QStringLiteral("Нысан / Форма: %1").arg(source)};
    spec.frame.printedBy = by.fullName.isEmpty() ? by.login : QStringLiteral("%1 (%2)").arg(by.fullName, by.login);
    spec.frame.printedAt = reg.clock().now();
    spec.frame.documentTitle = QStringLiteral("%1 %2").arg(code, record->serialHex);

    const QString none = QStringLiteral("—");
    auto orNone = [&](const QString& s) { return s.trimmed().isEmpty() ? none : s; };
    if (record->status == u"revoked") {
        // The paper copy of a revoked certificate says so before anything else.
        QString mark =
            QStringLiteral("КЕРІ ҚАЙТАРЫЛҒАН / ОТОЗВАН: %1").arg(registry::displayDateTime(record->revokedAt));
        if (record->reasonCode >= 0)
            mark +=
                QStringLiteral("\n") + Reports::reasonText(record->reasonCode).replace(u'\n', QStringLiteral(" / "));
        spec.heading(mark, 13, true);
        spec.line();
        // ... and on every page of it.
        spec.frame.details << QStringLiteral("КЕРІ ҚАЙТАРЫЛҒАН / ОТОЗВАН");
    }
    QString purpose;
    if (auto profile = cert->profile())
        purpose = OfficialText::profile(profile->id());
    else
        purpose = OfficialText::profile(record->profile);
    spec.field(OfficialText::kkru(u"Болжам", u"Назначение"), orNone(purpose));
    spec.field(
        OfficialText::kkru(u"Тіркеу куәлігінің сериялық нөмірі", u"Серийный номер регистрационного свидетельства"),
        cert->serialHex());
    const QString signedWith = algorithmText(caKeyAlgorithm, cert->signatureAlgorithm());
    spec.field(OfficialText::kkru(u"ЭЦҚ алгоритмінің идентификаторы", u"Идентификатор алгоритма ЭЦП"),
               signedWith.isEmpty() ? orNone(cert->signatureAlgorithm())
                                    : QStringLiteral("%1 (%2)").arg(signedWith, cert->signatureAlgorithm()));
    QStringList issuer;
    for (const auto& [k, v] : splitDn(cert->issuerDisplay()))
        issuer << k + u'=' + v;
    spec.field(OfficialText::kkru(u"Тіркеу куәлігін шығарушының аты", u"Имя издателя регистрационного свидетельства"),
               issuer.join(u'\n'));
    spec.field(OfficialText::kkru(u"Шығарушының ашық кілтінің алгоритмі", u"Алгоритм открытого ключа издателя"),
               orNone(caKeyAlgorithm));
    spec.field(
        OfficialText::kkru(u"Тіркеу куәлігінің қолдану мерзімі", u"Срок действия регистрационного свидетельства"),
        QStringLiteral("%1 – %2").arg(registry::displayDateTime(cert->notBefore(), true),
                                      registry::displayDateTime(cert->notAfter(), true)));
    // The holder's name in the order of the paper form: E, SN, CN, OU, O, L, ST, C.
    const auto holderDn = splitDn(cert->subjectDisplay());
    auto attr = [&](const QStringList& keys) {
        for (const auto& [k, v] : holderDn)
            if (keys.contains(k, Qt::CaseInsensitive))
                return v;
        return QString();
    };
    QStringList holder;
    if (!cert->emails().isEmpty())
        holder << QStringLiteral("E=") + cert->emails().join(QStringLiteral(", "));
    const QList<QPair<QString, QStringList>> order = {
        {QStringLiteral("SN"), {QStringLiteral("serialNumber")}},
        {QStringLiteral("CN"), {QStringLiteral("CN")}},
        {QStringLiteral("SURNAME"), {QStringLiteral("SN"), QStringLiteral("surname")}},
        {QStringLiteral("G"), {QStringLiteral("GN"), QStringLiteral("givenName")}},
        {QStringLiteral("OU"), {QStringLiteral("OU")}},
        {QStringLiteral("O"), {QStringLiteral("O")}},
        {QStringLiteral("L"), {QStringLiteral("L")}},
        {QStringLiteral("ST"), {QStringLiteral("ST")}},
        {QStringLiteral("C"), {QStringLiteral("C")}}};
    for (const auto& [label, keys] : order) {
        const QString v = attr(keys);
        if (!v.isEmpty())
            holder << label + u'=' + v;
    }
    spec.field(OfficialText::kkru(u"Тіркеу куәлігі иесінің аты", u"Имя владельца регистрационного свидетельства"),
               holder.join(u'\n'));
    const QString bits = QString::number(cert->keyBits());
    spec.field(OfficialText::kkru(u"Иесінің жабық кілтінің ұзындығы", u"Длина закрытого ключа владельца"),
               QStringLiteral("%1 бит / бит (%2)").arg(bits, cert->keyDescription()));
    spec.field(OfficialText::kkru(u"Иесінің ашық кілтінің ұзындығы", u"Длина открытого ключа владельца"),
               QStringLiteral("%1 бит / бит").arg(bits));
    spec.field(OfficialText::kkru(u"Иесінің кілт алгоритмі", u"Алгоритм ключа владельца"),
               orNone(cert->keyDescription()));
    spec.field(OfficialText::kkru(u"Ашық кілттің мағынасы", u"Значение открытого ключа"),
               orNone(grouped(publicKeyBits(record->der), 16)));
    QStringList usage;
    for (const QString& u : cert->keyUsage())
        usage << OfficialText::keyUsage(u);
    spec.field(OfficialText::kkru(u"Кілтті пайдалану", u"Использование ключа"), orNone(usage.join(u'\n')));
    QStringList scope;
    for (const QString& o : cert->extendedKeyUsageOids() + cert->policyOids())
        if (!scope.contains(OfficialText::oid(o)))
            scope << OfficialText::oid(o);
    spec.field(OfficialText::kkru(u"Кілтті қолдану саласы", u"Область применения ключа"), orNone(scope.join(u'\n')));
    spec.field(OfficialText::kkru(u"ЭЦҚ құралы", u"Средство ЭЦП"), orNone(cryptoTool));
    spec.field(QStringLiteral("SHA-256"), cert->sha256FingerprintHex());
    // The signatures, the date and the seal place stay together on one page.
    spec.beginKeep();
    spec.spacer(4);
    spec.signature(
        OfficialText::kkru(u"Тіркеу куәлігін шығарушының уәкілетті тұлғасы", u"Уполномоченное лицо издателя"));
    spec.signature(OfficialText::kkru(u"Тіркеу куәлігінің иесі", u"Владелец регистрационного свидетельства"));
    spec.text(QStringLiteral("\"___\" ____________ 20___ ж. / г.          М.О. / М.П."), 9);
    spec.endKeep();
    return spec;
}

Status CertificatePrint::save(registry::Register& reg, const registry::Session& by, const QString& caCode,
                              const QString& serial, const QString& path) {
    auto spec = build(reg, by, caCode, serial);
    if (!spec)
        return spec.error();
    return PdfRenderer::saveFlow(*spec, path);
}

QString CertificatePrint::algorithmText(const QString& keyDescription, const QString& signatureAlgorithm) {
    static const QRegularExpression digest(QStringLiteral("sha-?(1|224|256|384|512)"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = digest.match(signatureAlgorithm);
    const QString hash = m.hasMatch() ? QStringLiteral("SHA-") + m.captured(1) : QString();
    QString key = keyDescription.trimmed();
    if (key.isEmpty()) {
        if (signatureAlgorithm.contains(u"ecdsa", Qt::CaseInsensitive))
            key = QStringLiteral("ECDSA");
        else if (signatureAlgorithm.contains(u"rsa", Qt::CaseInsensitive))
            key = QStringLiteral("RSA");
        else if (signatureAlgorithm.contains(u"ed25519", Qt::CaseInsensitive))
            key = QStringLiteral("Ed25519");
    }
    if (key.isEmpty())
        return hash;
    return hash.isEmpty() ? key : key + QStringLiteral(" / ") + hash;
}

} // namespace tirkeu::reports
