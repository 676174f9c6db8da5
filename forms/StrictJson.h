#pragma once
// JSON that people write and others read: form data given as a file (tirkeu-cli application submit --data
// FILE.json) and a rules file. Each key is given once in its object. QJsonDocument keeps the last of two
// equal keys without a word, so a form naming "iin" twice registered the second while a reader of the file
// could take the first (attack of session 24, F11); such a text is refused, naming the key. Keys are
// compared as decoded strings ("iin" and "\u0069in" are the same key).

#include <QCoreApplication>
#include <QJsonObject>

#include <optional>

namespace tirkeu::forms {

class StrictJson {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::forms::StrictJson)
public:
    // The form data object written in `json`; on failure nothing, and `*error` says why (translated).
    static std::optional<QJsonObject> formData(const QByteArray& json, QString* error);
    // The first key given twice in one object of the valid JSON text `json`, as a path ("persons[2].iin",
    // rows counted from 1 as on paper; the empty key as ""); empty when every key is given once.
    static QString duplicateKey(const QByteArray& json);
};

} // namespace tirkeu::forms
