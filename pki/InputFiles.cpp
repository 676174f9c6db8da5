#include "pki/InputFiles.h"

#include <QDir>
#include <QFile>

namespace tirkeu::pki {

Result<QByteArray> InputFiles::read(const QString& path, qint64 maxBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return makeError(ErrorCode::Invalid, tr("%1 holds more than %2 KiB, more than such a file ever needs: it is "
                                                "not read.")
                                                 .arg(QDir::toNativeSeparators(path))
                                                 .arg(maxBytes / 1024));
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io,
                         tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return bytes;
}

} // namespace tirkeu::pki
