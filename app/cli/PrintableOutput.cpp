#include "app/cli/PrintableOutput.h"

namespace tirkeu::cli {

PrintableOutput::PrintableOutput(QTextStream& target)
    : m_target(target) {
    open(QIODevice::WriteOnly);
}

QString PrintableOutput::escaped(QStringView text, bool keepBreaks) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && !(keepBreaks && (u == u'\n' || u == u'\t'))) || (u >= 0x7f && u <= 0x9f))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QChar(u'0'));
        else if (c.category() == QChar::Other_Format) // bidi controls, zero-width characters (attack of session 29)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

qint64 PrintableOutput::readData(char*, qint64) {
    return -1;
}

qint64 PrintableOutput::writeData(const char* data, qint64 size) {
    const QString text = m_decoder.decode(QByteArrayView(data, size));
    m_target << escaped(text);
    m_target.flush();
    return size;
}

} // namespace tirkeu::cli
