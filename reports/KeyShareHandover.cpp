#include "reports/KeyShareHandover.h"

#include "registry/Clock.h"

#include <QDir>
#include <QFileInfo>

namespace tirkeu::reports {

FlowSpec KeyShareHandover::build(const registry::KeyBackupResult& b) {
    FlowSpec f;
    f.frame.title = QStringList{QStringLiteral("Куәландырушы орталықтың жабық кілті резервтік көшірмесінің бөліктерін "
                                               "сақтауға беру актісі"),
                                QStringLiteral("Акт передачи на хранение частей резервной копии закрытого ключа "
                                               "удостоверяющего центра")};
    f.frame.details << QStringLiteral("Куәландырушы орталық / Удостоверяющий центр: %1").arg(b.caName);
    f.frame.printedBy = b.madeBy;
    f.frame.printedAt = b.madeAt;
    f.frame.documentTitle = f.frame.title.last();

    f.text(
        QStringLiteral("Жабық кілттің резервтік көшірмесі шифрланған түрде жасалды, шифрлау кілті N-ден M схемасы "
                       "бойынша бөлінді (ЭЦҚ жабық кілттерін жасау, пайдалану және сақтау қағидаларының 5-тармағы)."));
    f.text(QStringLiteral("Резервная копия закрытого ключа создана в зашифрованном виде, ключ шифрования разделён по "
                          "схеме N из M (пункт 5 Правил генерации, использования и хранения закрытых ключей ЭЦП)."));
    f.spacer(2);
    f.field(QStringLiteral("Жасалған күні мен уақыты\nДата и время создания"), registry::displayDateTime(b.madeAt));
    f.field(
        QStringLiteral("Схема: қалпына келтіруге қажет бөліктер / барлығы\nСхема: частей для восстановления / всего"),
        QStringLiteral("%1 / %2").arg(b.threshold).arg(b.shares));
    f.field(QStringLiteral("Ашық кілттің SHA-256 саусақ ізі\nОтпечаток SHA-256 открытого ключа"), b.fingerprint);
    f.spacer(3);
    const QList<double> w{0.5, 0.9, 2.2, 2.4, 1.6};
    f.row({QStringLiteral("№"), QStringLiteral("Бөлік\nЧасть"), QStringLiteral("Сақтаушының Т.А.Ә.\nФ.И.О. хранителя"),
           QStringLiteral("Лауазымы, ұйымы\nДолжность, организация"), QStringLiteral("Қолы, күні\nПодпись, дата")},
          w, true);
    for (int i = 0; i < b.custodians.size(); ++i)
        f.row({QString::number(i + 1), QStringLiteral("%1 / %2").arg(i + 1).arg(b.shares), b.custodians.at(i).name,
               b.custodians.at(i).position, QString()},
              w);
    f.spacer(4);
    f.text(QStringLiteral("Әр бөлік жеке қорғалған тасығышта бір сақтаушыға берілді; бөліктер тек резервтік көшірмені "
                          "қалпына келтіру кезінде пайдаланылады."),
           9);
    f.text(QStringLiteral("Каждая часть передана одному хранителю на отдельном защищённом носителе; части используются "
                          "только при восстановлении резервной копии."),
           9);
    f.spacer(6);
    f.beginKeep();
    f.signature(QStringLiteral("Тапсырған әкімші / Передал администратор: %1").arg(b.madeBy));
    f.endKeep();
    return f;
}

Status KeyShareHandover::save(const registry::KeyBackupResult& backup, const QString& path) {
    return PdfRenderer::saveFlow(build(backup), path);
}

FlowSpec KeyShareHandover::buildCopy(const registry::KeyBackupResult& backup, const QString& printedBy,
                                     const QDateTime& printedAt) {
    FlowSpec f = build(backup);
    f.frame.details << QStringLiteral("Көшірме, қайта басылды / Копия, напечатана повторно: %1")
                           .arg(registry::displayDateTime(printedAt));
    f.frame.printedBy = printedBy;
    f.frame.printedAt = printedAt;
    return f;
}

Status KeyShareHandover::saveCopy(const registry::KeyBackupResult& backup, const QString& printedBy,
                                  const QDateTime& printedAt, const QString& path) {
    return PdfRenderer::saveFlow(buildCopy(backup, printedBy, printedAt), path);
}

QString KeyShareHandover::pathIn(const QString& outDir, const QString& caCode) {
    return QDir(QFileInfo(outDir).absoluteFilePath()).filePath(caCode + QStringLiteral("-handover.pdf"));
}

} // namespace tirkeu::reports
