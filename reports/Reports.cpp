#include "reports/Reports.h"

#include "forms/FormDefinition.h"
#include "registry/CaDirectory.h"
#include "registry/Language.h"
#include "registry/Register.h"
#include "reports/OfficialText.h"

#include <QSaveFile>

namespace tirkeu::reports {

using registry::displayDate;
using registry::displayDateTime;

namespace {

// Official bilingual headings: Kazakh as printed in seed 002, then the Russian wording. Data, not UI
// text: they are printed the same whatever the interface language.
QString headingKkRu(const char16_t* kk, const char16_t* ru) {
    return QString::fromUtf16(kk) + u'\n' + QString::fromUtf16(ru);
}

Column col(const QString& heading, double weight, Qt::Alignment align = Qt::AlignLeft) {
    return Column{heading, weight, align};
}

// A column of codes (IIN, BIN, serial numbers): text in a spreadsheet.
Column idCol(const QString& heading, double weight) {
    Column c{heading, weight, Qt::AlignLeft};
    c.identifier = true;
    return c;
}

QString validity(const QDateTime& from, const QDateTime& to) {
    return displayDate(from) + QStringLiteral(" – ") + displayDate(to);
}

QString letter(const QString& no, const QDate& date) {
    if (no.isEmpty() && !date.isValid())
        return {};
    if (!date.isValid())
        return QStringLiteral("№ ") + no;
    return QStringLiteral("№ %1, %2").arg(no, displayDate(date));
}

QString basisText(const registry::RevocationRow& r) {
    const QString l = letter(r.basisLetterNo, r.basisLetterDate);
    if (!l.isEmpty())
        return l;
    // A revocation made from a registered application: the application, in the official languages
    // (the register keeps the engine's own note, which is no official wording).
    if (r.applicationId > 0)
        return QStringLiteral("Өтініш № %1 / Заявление № %1").arg(r.applicationId);
    static const QHash<QString, QString> kinds = {
        {QStringLiteral("holder_application"), headingKkRu(u"Иесінің өтініші", u"Заявление владельца")},
        {QStringLiteral("court_decision"), headingKkRu(u"Сот шешімі", u"Решение суда")},
        {QStringLiteral("ca_termination"), headingKkRu(u"КО қызметін тоқтатуы", u"Прекращение деятельности УЦ")},
        {QStringLiteral("holder_left_job"), headingKkRu(u"Жұмыстан кетуі", u"Увольнение владельца")},
    };
    QString text = kinds.value(r.basisKind, r.basisKind);
    if (!r.basisDocument.isEmpty())
        text += QStringLiteral("\n") + r.basisDocument;
    return text;
}

// The legal reference of the Government Bodies CA journals (seed 002, rules of the Government Bodies CA).
QString govRules(int appendix) {
    return QStringLiteral("Нысан: ҚР Мемлекеттік органдарының куәландырушы орталығы қызметі қағидаларының "
                          "%1-қосымшасы / Форма: приложение %1 к Правилам деятельности Удостоверяющего центра "
                          "государственных органов РК")
        .arg(appendix);
}

} // namespace

QString Reports::reasonText(int code) {
    switch (code) {
    case 0:
        return headingKkRu(u"көрсетілмеген", u"не указана");
    case 1:
        return headingKkRu(u"кілттің компрометациясы", u"компрометация ключа");
    case 2:
        return headingKkRu(u"КО компрометациясы", u"компрометация УЦ");
    case 3:
        return headingKkRu(u"жұмыс орнының өзгеруі", u"смена места работы");
    case 4:
        return headingKkRu(u"ауыстырылды", u"заменён");
    case 5:
        return headingKkRu(u"қызметтің тоқтатылуы", u"прекращение деятельности");
    case 6:
        return headingKkRu(u"уақытша тоқтатылды", u"приостановлен");
    case 9:
        return headingKkRu(u"өкілеттіктің алынуы", u"отзыв полномочий");
    case 10:
        return headingKkRu(u"АА компрометациясы", u"компрометация АА");
    default:
        return QString::number(code);
    }
}

QString Reports::statusText(const QString& status) {
    if (status == u"valid")
        return headingKkRu(u"жарамды", u"действителен");
    if (status == u"revoked")
        return headingKkRu(u"кері қайтарылған", u"отозван");
    return status;
}

QString Reports::periodText(const QDate& from, const QDate& to) {
    return QStringLiteral("Кезең / Период: %1 – %2")
        .arg(from.isValid() ? displayDate(from) : QStringLiteral("…"),
             to.isValid() ? displayDate(to) : QStringLiteral("…"));
}

QList<ReportKind> Reports::kinds() {
    return {ReportKind::IssuanceJournal, ReportKind::RevocationJournal, ReportKind::RegisterExtract,
            ReportKind::CrlListing,      ReportKind::Deadlines,         ReportKind::Expiring,
            ReportKind::AuditAnchors};
}

QString Reports::id(ReportKind kind) {
    switch (kind) {
    case ReportKind::IssuanceJournal:
        return QStringLiteral("issuance-journal");
    case ReportKind::RevocationJournal:
        return QStringLiteral("revocation-journal");
    case ReportKind::RegisterExtract:
        return QStringLiteral("register-extract");
    case ReportKind::CrlListing:
        return QStringLiteral("crl-listing");
    case ReportKind::Deadlines:
        return QStringLiteral("deadlines");
    case ReportKind::Expiring:
        return QStringLiteral("expiring");
    case ReportKind::AuditAnchors:
        return QStringLiteral("audit-anchors");
    }
    return {};
}

std::optional<ReportKind> Reports::fromId(const QString& text) {
    for (ReportKind k : kinds())
        if (id(k) == text.trimmed().toLower())
            return k;
    return std::nullopt;
}

QString Reports::displayName(ReportKind kind) {
    switch (kind) {
    case ReportKind::IssuanceJournal:
        return tr("Issuance journal (Government Bodies CA)");
    case ReportKind::RevocationJournal:
        return tr("Revocation journal (Government Bodies CA)");
    case ReportKind::RegisterExtract:
        return tr("Register extract");
    case ReportKind::CrlListing:
        return tr("Revoked certificates (CRL listing)");
    case ReportKind::Deadlines:
        return tr("Open applications and deadlines");
    case ReportKind::Expiring:
        return tr("Certificates expiring soon");
    case ReportKind::AuditAnchors:
        return tr("Audit chain anchors");
    }
    return {};
}

Result<TableSpec> Reports::spec(const ReportRequest& rq) {
    TableSpec spec;
    PageFrame& f = spec.frame;
    f.printedBy = m_session.fullName.isEmpty() ? m_session.login
                                               : QStringLiteral("%1 (%2)").arg(m_session.fullName, m_session.login);
    f.printedAt = m_reg.clock().now();
    f.documentTitle = displayName(rq.kind);
    registry::Journals journals(m_reg);
    bool government = false; // the journals of App. 3 and App. 5 belong to the Government Bodies CA only
    if (needsCa(rq.kind)) {
        auto name = journals.caName(m_session, rq.caCode);
        if (!name)
            return name.error();
        // The CA by its name: its code is the register's internal key.
        f.details << QStringLiteral("Куәландырушы орталық / Удостоверяющий центр: %1").arg(*name);
        if (auto ca = m_reg.cas().find(rq.caCode.trimmed()))
            government = ca->kind == forms::CaKind::Government;
    } else if (Status s = registry::Roles::require(m_session, registry::Permission::ViewAudit); !s) {
        return s.error();
    }
    const QString period = periodText(rq.from, rq.to.isValid() ? rq.to : m_reg.clock().today());
    spec.emptyText = QStringLiteral("Жазбалар жоқ / Записей нет");
    const Qt::Alignment centre = Qt::AlignHCenter;

    switch (rq.kind) {
    case ReportKind::IssuanceJournal:
        if (government) {
            f.title = QStringList{QStringLiteral("МО КО пайдаланушыларының тіркеу куәліктерін шығару журналы"),
                                  QStringLiteral("Журнал выпуска регистрационных свидетельств пользователей УЦ ГО")};
            f.details << period << govRules(3);
        } else {
            f.title = QStringList{QStringLiteral("Тіркеу куәліктерін шығару журналы"),
                                  QStringLiteral("Журнал выпуска регистрационных свидетельств")};
            f.details << period;
        }
        spec.numberColumns = true;
        spec.columns = {
            col(QStringLiteral("№"), 0.4, centre),
            col(headingKkRu(u"МО атауы", u"Наименование ГО"), 1.6),
            col(headingKkRu(u"Хаттың нөмірі мен күні", u"Номер и дата письма"), 1.1),
            col(headingKkRu(u"ЭЦҚ шығарылған пайдаланушының Т.А.Ә.", u"Ф.И.О. пользователя, которому выпущена ЭЦП"),
                1.6),
            col(headingKkRu(u"Шығару күні", u"Дата выпуска"), 0.85, centre),
            idCol(headingKkRu(u"Тасымалдағыштың сериялық нөмірі", u"Серийный номер носителя"), 1.5),
            idCol(headingKkRu(u"Тіркеу куәлігінің сериялық нөмірі", u"Серийный номер регистрационного свидетельства"),
                  2.0),
            col(headingKkRu(u"Бланктардың нөмірлері", u"Номера бланков"), 1.2),
            col(headingKkRu(u"ЭЦҚ қолдану мерзімі", u"Срок действия ЭЦП"), 1.05, centre),
            col(headingKkRu(u"Әкімгердің Т.А.Ә.", u"Ф.И.О. администратора"), 1.3),
            col(headingKkRu(u"Қолы", u"Подпись"), 0.8),
        };
        break;
    case ReportKind::RevocationJournal:
        if (government) {
            f.title =
                QStringList{QStringLiteral("МО КО пайдаланушыларының тіркеу куәліктерін кері қайтарып алу журналы"),
                            QStringLiteral("Журнал отзыва регистрационных свидетельств пользователей УЦ ГО")};
            f.details << period << govRules(5);
        } else {
            f.title = QStringList{QStringLiteral("Тіркеу куәліктерін кері қайтарып алу журналы"),
                                  QStringLiteral("Журнал отзыва регистрационных свидетельств")};
            f.details << period;
        }
        spec.numberColumns = true;
        spec.columns = {
            col(QStringLiteral("№"), 0.45, centre),
            col(headingKkRu(u"ЭЦҚ кері қайтарып алуға мемлекеттік орган пайдаланушысының Т.А.Ә.",
                            u"Ф.И.О. пользователя государственного органа, ЭЦП которого отзывается"),
                1.9),
            col(headingKkRu(u"МО атауы", u"Наименование ГО"), 1.9),
            col(headingKkRu(u"Кері қайтарып алудың негізі хаттың нөмірі мен күні",
                            u"Основание отзыва: номер и дата письма"),
                1.4),
            col(headingKkRu(u"ЭЦҚ қолдану мерзімі", u"Срок действия ЭЦП"), 1.05, centre),
            col(headingKkRu(u"Кері қайтарып алу күні", u"Дата отзыва"), 1.0, centre),
            idCol(headingKkRu(u"Сериялық нөмірі", u"Серийный номер"), 2.0),
            col(headingKkRu(u"Әкімгердің Т.А.Ә.", u"Ф.И.О. администратора"), 1.3),
            col(headingKkRu(u"Қолы", u"Подпись"), 0.8),
        };
        break;
    case ReportKind::RegisterExtract:
        f.title = QStringList{QStringLiteral("Тіркеу куәліктері тіркелімінен үзінді"),
                              QStringLiteral("Выписка из реестра регистрационных свидетельств")};
        f.details << period;
        spec.columns = {
            col(QStringLiteral("№"), 0.45, centre),
            idCol(headingKkRu(u"Сериялық нөмірі", u"Серийный номер"), 1.6),
            col(headingKkRu(u"Иесі", u"Владелец"), 1.7),
            idCol(headingKkRu(u"ЖСН", u"ИИН"), 0.9),
            col(headingKkRu(u"Ұйым", u"Организация"), 1.5),
            col(headingKkRu(u"Профиль", u"Профиль"), 0.9),
            col(headingKkRu(u"Берілген күні", u"Дата выдачи"), 0.85, centre),
            col(headingKkRu(u"Жарамдылық мерзімі", u"Срок действия"), 1.0, centre),
            col(headingKkRu(u"Мәртебесі", u"Статус"), 0.95),
            col(headingKkRu(u"Кері қайтарылған күні, себебі", u"Дата и причина отзыва"), 1.25),
        };
        break;
    case ReportKind::CrlListing: {
        f.title = QStringList{QStringLiteral("Кері қайтарылған тіркеу куәліктерінің тізімі (КТКТ)"),
                              QStringLiteral("Список отозванных регистрационных свидетельств (СОРС)")};
        auto crl = journals.lastCrl(m_session, rq.caCode);
        if (!crl)
            return crl.error();
        f.details << (crl->first > 0 ? QStringLiteral("Соңғы КТКТ / Последний СОРС: № %1, %2")
                                           .arg(crl->first)
                                           .arg(displayDateTime(crl->second))
                                     : QStringLiteral("КТКТ әлі жарияланбаған / СОРС ещё не опубликован"));
        spec.orientation = Orientation::Portrait;
        spec.columns = {
            col(QStringLiteral("№"), 0.5, centre),
            idCol(headingKkRu(u"Сериялық нөмірі", u"Серийный номер"), 2.1),
            col(headingKkRu(u"Иесі", u"Владелец"), 1.8),
            col(headingKkRu(u"Кері қайтарылған күні мен уақыты", u"Дата и время отзыва"), 1.2, centre),
            col(headingKkRu(u"Себебі", u"Причина"), 1.3),
            col(headingKkRu(u"Негізі", u"Основание"), 1.4),
        };
        break;
    }
    case ReportKind::Deadlines:
        f.title = QStringList{QStringLiteral("Қаралмаған өтініштер және олардың мерзімдері"),
                              QStringLiteral("Нерассмотренные заявления и сроки их рассмотрения")};
        f.details << period << QStringLiteral("Бүгін / Сегодня: %1").arg(displayDate(m_reg.clock().today()));
        spec.columns = {
            col(QStringLiteral("№"), 0.45, centre),
            col(headingKkRu(u"Өтініш нөмірі", u"Номер заявления"), 0.8, centre),
            col(headingKkRu(u"Нысан", u"Форма"), 1.2),
            col(headingKkRu(u"Өтініш беруші", u"Заявитель"), 2.0),
            idCol(headingKkRu(u"ЖСН / БСН", u"ИИН / БИН"), 1.0),
            col(headingKkRu(u"Қабылданған күні", u"Дата приёма"), 1.0, centre),
            col(headingKkRu(u"Мәртебесі", u"Статус"), 1.25),
            col(headingKkRu(u"Мерзімі", u"Срок"), 0.9, centre),
            col(headingKkRu(u"Қалған күндер", u"Осталось дней"), 0.75, centre),
            col(headingKkRu(u"Белгі", u"Отметка"), 1.1),
        };
        break;
    case ReportKind::Expiring:
        f.title =
            QStringList{QStringLiteral("Қолданылу мерзімі %1 күн ішінде аяқталатын тіркеу куәліктері").arg(rq.days),
                        QStringLiteral("Регистрационные свидетельства, срок действия которых истекает в "
                                       "течение %1 дней")
                            .arg(rq.days)};
        f.details << QStringLiteral("Бүгін / Сегодня: %1").arg(displayDate(m_reg.clock().today()));
        spec.orientation = Orientation::Portrait;
        spec.columns = {
            col(QStringLiteral("№"), 0.45, centre),
            idCol(headingKkRu(u"Сериялық нөмірі", u"Серийный номер"), 2.0),
            col(headingKkRu(u"Иесі", u"Владелец"), 1.8),
            idCol(headingKkRu(u"ЖСН", u"ИИН"), 1.0),
            col(headingKkRu(u"Профиль", u"Профиль"), 1.0),
            col(headingKkRu(u"Жарамды", u"Действителен до"), 0.9, centre),
            col(headingKkRu(u"Қалған күндер", u"Осталось дней"), 0.7, centre),
        };
        break;
    case ReportKind::AuditAnchors:
        f.title = QStringList{QStringLiteral("Оқиғалар журналының тәуліктік бақылау нүктелері"),
                              QStringLiteral("Суточные контрольные точки журнала событий")};
        f.details << period
                  << QStringLiteral("Әр тәуліктің хэш-тізбегінің соңғы мәні / Последнее значение хэш-цепочки "
                                    "каждых суток (SHA-256)");
        spec.orientation = Orientation::Portrait;
        spec.columns = {
            col(QStringLiteral("№"), 0.45, centre),
            col(headingKkRu(u"Күні", u"Дата"), 0.9, centre),
            col(headingKkRu(u"Оқиғалар саны", u"Число событий"), 0.8, centre),
            col(headingKkRu(u"Соңғы оқиға нөмірі", u"Номер последнего события"), 0.9, centre),
            col(headingKkRu(u"Тізбек басының хэші", u"Хэш головы цепочки"), 3.6),
        };
        break;
    }
    return spec;
}

RowSource Reports::rows(const ReportRequest& rq) {
    registry::Register* reg = &m_reg;
    const registry::Session session = m_session;
    const registry::JournalQuery jq{rq.caCode, rq.from, rq.to};
    return [reg, session, jq, rq](const RowSink& sink) -> Status {
        registry::Journals journals(*reg);
        qint64 n = 0;
        Result<qint64> streamed = qint64(0);
        switch (rq.kind) {
        case ReportKind::IssuanceJournal:
            streamed = journals.issuance(session, jq, [&](const registry::IssuanceRow& r) {
                return sink({QString::number(++n), r.governmentBody, letter(r.letterNo, r.letterDate), r.holderName,
                             displayDate(r.issuedAt), r.keyMediaSerial, r.serialHex, r.blankNumbers,
                             validity(r.notBefore, r.notAfter), r.administrator, QString()});
            });
            break;
        case ReportKind::RevocationJournal:
            streamed = journals.revocations(session, jq, [&](const registry::RevocationRow& r) {
                return sink({QString::number(++n), r.holderName, r.governmentBody, basisText(r),
                             validity(r.notBefore, r.notAfter), displayDate(r.revokedAt), r.serialHex, r.administrator,
                             QString()});
            });
            break;
        case ReportKind::RegisterExtract:
            streamed = journals.registerExtract(session, jq, [&](const registry::IssuanceRow& r) {
                const QString revoked =
                    r.revokedAt.isValid() ? displayDate(r.revokedAt) + u'\n' + reasonText(r.reasonCode) : QString();
                return sink({QString::number(++n), r.serialHex, r.holderName, r.holderId, r.governmentBody,
                             OfficialText::profile(r.profile), displayDate(r.issuedAt),
                             validity(r.notBefore, r.notAfter), statusText(r.status), revoked});
            });
            break;
        case ReportKind::CrlListing:
            streamed = journals.crlEntries(session, jq.caCode, [&](const registry::RevocationRow& r) {
                return sink({QString::number(++n), r.serialHex, r.holderName, displayDateTime(r.revokedAt, true),
                             reasonText(r.reasonCode), basisText(r)});
            });
            break;
        case ReportKind::Deadlines:
            streamed = journals.openApplications(session, jq, [&](const registry::DeadlineRow& r) {
                QString mark;
                if (r.overdue)
                    mark = headingKkRu(u"МЕРЗІМІ ӨТКЕН", u"ПРОСРОЧЕНО");
                else if (r.dueToday)
                    mark = headingKkRu(u"бүгін", u"сегодня");
                const QString status = r.status == u"approved" ? headingKkRu(u"мақұлданды", u"одобрено")
                                                               : headingKkRu(u"тіркелді", u"зарегистрировано");
                const forms::FormDef* form = forms::FormCatalog::find(r.formCode);
                const QString formTitle = form ? form->title.kk + u'\n' + form->title.ru : r.formCode;
                return sink({QString::number(++n), QString::number(r.applicationId), formTitle, r.applicantName,
                             r.subject, displayDate(r.receivedAt), status, displayDate(r.deadline),
                             r.deadline.isValid() ? QString::number(r.daysLeft) : QString(), mark});
            });
            break;
        case ReportKind::Expiring:
            streamed = journals.expiring(session, jq.caCode, rq.days, [&](const registry::ExpiringRow& r) {
                return sink({QString::number(++n), r.serialHex, r.holderName, r.holderId,
                             OfficialText::profile(r.profile), displayDate(r.notAfter), QString::number(r.daysLeft)});
            });
            break;
        case ReportKind::AuditAnchors:
            streamed = journals.anchors(session, jq.from, jq.to, [&](const registry::AuditAnchor& a) {
                return sink({QString::number(++n), displayDate(a.day), QString::number(a.events),
                             QString::number(a.lastSeq), a.headHash});
            });
            break;
        }
        if (!streamed)
            return streamed.error();
        return {};
    };
}

Status Reports::write(const ReportRequest& request, ReportFormat format, QIODevice* out, const Progress& progress,
                      const Cancelled& cancelled) {
    auto s = spec(request);
    if (!s)
        return s.error();
    return format == ReportFormat::Pdf ? PdfRenderer::writeTable(*s, rows(request), out, progress, cancelled)
                                       : CsvRenderer::writeTable(*s, rows(request), out, progress, csvOptions(request));
}

Status Reports::save(const ReportRequest& request, ReportFormat format, const QString& path, const Progress& progress,
                     const Cancelled& cancelled) {
    auto s = spec(request);
    if (!s)
        return s.error();
    return format == ReportFormat::Pdf ? PdfRenderer::saveTable(*s, rows(request), path, progress, cancelled)
                                       : CsvRenderer::saveTable(*s, rows(request), path, progress, csvOptions(request));
}

CsvOptions Reports::csvOptions(const ReportRequest& request) {
    CsvOptions o;
    o.separator =
        request.csvSeparator.isNull() ? CsvOptions::separatorFor(registry::Language::locale()) : request.csvSeparator;
    return o;
}

} // namespace tirkeu::reports
