#include "forms/StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QSet>

namespace tirkeu::forms {

namespace {

// One open object or array while the text is walked.
struct Frame {
    bool object = false;
    bool expectKey = false; // an object's next string is a key
    QString path;           // where this container is
    QString key;            // an object's current key
    int index = 0;          // an array's current element
    QSet<QString> keys;     // an object's keys so far
};

QString childPath(const QList<Frame>& stack) {
    if (stack.isEmpty())
        return {};
    const Frame& f = stack.last();
    if (f.object)
        return f.path.isEmpty() ? f.key : f.path + u'.' + f.key;
    return f.path + u'[' + QString::number(f.index + 1) + u']';
}

// A JSON string token (quotes included) decoded by Qt's own parser.
QString decoded(const QByteArray& token) {
    return QJsonDocument::fromJson('[' + token + ']').array().at(0).toString();
}

} // namespace

QString StrictJson::duplicateKey(const QByteArray& json) {
    QList<Frame> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '{' || c == '[') {
            Frame f;
            f.object = c == '{';
            f.expectKey = f.object;
            f.path = childPath(stack);
            stack.append(std::move(f));
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',') {
            if (!stack.isEmpty()) {
                Frame& f = stack.last();
                if (f.object)
                    f.expectKey = true;
                else
                    ++f.index;
            }
        } else if (c == '"') {
            qsizetype end = i + 1;
            while (end < json.size() && json.at(end) != '"')
                end += json.at(end) == '\\' ? 2 : 1;
            if (!stack.isEmpty() && stack.last().object && stack.last().expectKey) {
                Frame& f = stack.last();
                f.key = decoded(json.mid(i, end - i + 1));
                f.expectKey = false;
                if (f.keys.contains(f.key)) {
                    const QString where = childPath(stack);
                    return where.isEmpty() ? QStringLiteral("\"\"") : where; // the empty key, named
                }
                f.keys.insert(f.key);
            }
            i = end;
        }
    }
    return {};
}

std::optional<QJsonObject> StrictJson::formData(const QByteArray& json, QString* error) {
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError) {
        *error = tr("not JSON: %1 (at character %2).").arg(perr.errorString()).arg(perr.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = tr("the form data must be one JSON object {\"field\": \"value\", ...}.");
        return std::nullopt;
    }
    if (const QString twice = duplicateKey(json); !twice.isEmpty()) {
        *error = tr("the field \"%1\" is given twice; give each field once, with the value meant.").arg(twice);
        return std::nullopt;
    }
    return doc.object();
}

} // namespace tirkeu::forms
