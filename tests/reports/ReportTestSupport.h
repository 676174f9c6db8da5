#pragma once
// Helpers of the reports tests: the Poppler command-line tools as independent readers of our PDFs.

#include "common/Tools.h" // runTool: the shared tool runner

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace tirkeu::test {

// pdftotext -layout FILE - (UTF-8).
inline QString pdfText(const QString& path, bool layout = false) {
    QStringList args{QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (layout)
        args << QStringLiteral("-layout");
    args << path << QStringLiteral("-");
    return runTool(QStringLiteral("pdftotext"), args).out;
}

inline int pdfPages(const QString& path) {
    const QString info = runTool(QStringLiteral("pdfinfo"), {path}).out;
    for (const QString& line : info.split(u'\n'))
        if (line.startsWith(u"Pages:"))
            return line.mid(6).trimmed().toInt();
    return -1;
}

// The font lines of pdffonts (after its two heading lines).
inline QStringList pdfFonts(const QString& path) {
    QStringList lines = runTool(QStringLiteral("pdffonts"), {path}).out.split(u'\n', Qt::SkipEmptyParts);
    return lines.mid(2);
}

// Every font embedded (the "emb" column is "yes") and at least one is DejaVu Sans.
// allowStandardHelvetica: the AcroForm fields of templates name the standard Helvetica (never embedded).
inline bool fontsEmbedded(const QString& path, QString* why, bool allowStandardHelvetica = false) {
    const QStringList fonts = pdfFonts(path);
    bool dejavu = false;
    for (const QString& line : fonts) {
        const QStringList cols = line.split(u' ', Qt::SkipEmptyParts);
        if (allowStandardHelvetica && cols.value(0) == u"Helvetica")
            continue;
        // name type [type2] encoding emb sub uni object ID: "emb" is the fourth column from the end.
        if (cols.size() < 7 || cols.at(cols.size() - 5) != u"yes") {
            *why = QStringLiteral("not embedded: ") + line;
            return false;
        }
        dejavu = dejavu || line.contains(u"DejaVuSans");
    }
    if (!dejavu)
        *why = QStringLiteral("no DejaVu Sans in: ") + fonts.join(u'\n');
    return dejavu;
}

// When TIRKEU_REPORTS_KEEP is set, generated documents are copied there (to render and look at them).
inline void keep(const QString& path) {
    const QString dir = qEnvironmentVariable("TIRKEU_REPORTS_KEEP");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    const QString target = QDir(dir).filePath(QFileInfo(path).fileName());
    QFile::remove(target);
    QFile::copy(path, target);
}

} // namespace tirkeu::test
