#include "reports/Pdf.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMutex>

namespace tirkeu::reports {

// ---- fonts --------------------------------------------------------------------------------------

QStringList PdfFonts::searchPath() {
    QStringList dirs;
    const QString env = qEnvironmentVariable("TIRKEU_FONT_DIR");
    if (!env.isEmpty())
        dirs << env;
    dirs << QStringLiteral("/usr/share/fonts/truetype/dejavu");
    return dirs;
}

Result<QString> PdfFonts::family() {
    static QMutex mutex;
    static QString registered;
    QMutexLocker lock(&mutex);
    if (!registered.isEmpty())
        return registered;
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorCode::Failure, tr("Printing needs the graphical part of Qt (a QGuiApplication)."));
    QString family;
    for (const QString& dir : searchPath()) {
        const QString regular = QDir(dir).filePath(QStringLiteral("DejaVuSans.ttf"));
        const QString bold = QDir(dir).filePath(QStringLiteral("DejaVuSans-Bold.ttf"));
        if (!QFileInfo::exists(regular))
            continue;
        const int id = QFontDatabase::addApplicationFont(regular);
        if (id < 0)
            continue;
        const QStringList families = QFontDatabase::applicationFontFamilies(id);
        if (families.isEmpty())
            continue;
        family = families.first();
        if (QFileInfo::exists(bold))
            QFontDatabase::addApplicationFont(bold);
        break;
    }
    if (family.isEmpty())
        return makeError(ErrorCode::Io, tr("The font DejaVu Sans was not found in %1 (install the package "
                                           "fonts-dejavu-core): it is embedded in every printed document.")
                                            .arg(searchPath().join(QStringLiteral(", "))));
    registered = family;
    return registered;
}

Error PdfRenderer::cancelledError() {
    return makeError(ErrorCode::Failure, tr("Cancelled: nothing was saved."));
}

} // namespace tirkeu::reports
